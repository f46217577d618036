//! What each collection reads from its front matter, and checks.

use super::locate::{find_in_lines, key_span};
use super::reader::{text, timezone_hint, url_hint, Fields, Reader};
use super::schema::*;
use crate::diagnostics::Diagnostic;
use crate::domain::*;
use crate::read::dates::parse_datetime;
use crate::read::dates::DateTimeError;
use crate::read::slug::slugify;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Zoned;

impl Reader<'_> {
    pub(crate) fn company(&mut self, yaml: &str, line: usize) -> Fields {
        let f: CompanyFront = self.deserialize(yaml, line, CompanyFront::KEYS, "company")?;
        let name = self.required(f.name.clone(), "name", "company");
        if let Some(i) = f.interest.filter(|i| !(1..=5).contains(i)) {
            self.error(
                "out-of-range",
                "interest",
                &i.to_string(),
                format!("`interest` is {i}, outside 1 to 5"),
                "rate your interest from 1 (low) to 5 (high)",
            );
        }
        let status = self.choice(
            f.status.clone(),
            "status",
            CompanyStatus::parse,
            CompanyStatus::names(),
        );
        let website = self.url(f.website.clone(), "website");
        let careers_url = self.url(f.careers_url.clone(), "careers_url");
        let name = name?;
        let company = Company {
            name: name.clone(),
            summary: text(f.summary.clone()),
            industry: text(f.industry.clone()),
            website,
            careers_url,
            location: text(f.location.clone()),
            size: text(f.size.clone()),
            status,
            interest: f.interest.filter(|i| (1..=5).contains(i)),
        };
        Some((common!(f), name, Kind::Company(company)))
    }

    pub(crate) fn contact(&mut self, yaml: &str, line: usize) -> Fields {
        let f: ContactFront = self.deserialize(yaml, line, ContactFront::KEYS, "contact")?;
        let name = self.required(f.name.clone(), "name", "contact");
        let linkedin = self.url(f.linkedin.clone(), "linkedin");
        let website = self.url(f.website.clone(), "website");
        let email = f.email.clone().filter(|e| !e.trim().is_empty());
        if let Some(e) = &email {
            if SafeUrl::parse(&format!("mailto:{e}")).is_err() || !e.contains('@') {
                self.error(
                    "bad-email",
                    "email",
                    e.trim(),
                    format!("`email`: `{}` is not an email address", e.trim()),
                    "write it as name@example.com",
                );
            }
        }
        let timezone = self.timezone(f.timezone.clone());
        let source = self.choice(f.source.clone(), "source", Source::parse, Source::names());
        let stage = self.choice(f.stage.clone(), "stage", Stage::parse, Stage::names());
        let last_contacted = self.date(f.last_contacted.clone(), "last_contacted");
        let next_follow_up = self.date(f.next_follow_up.clone(), "next_follow_up");
        let touches = self.touches(f.touches.clone(), yaml, line);
        // Written or not, the seeker was last in contact on the latest touch.
        let last_contacted = last_contacted.or_else(|| touches.iter().map(|t| t.date).max());
        let name = name?;
        let contact = Contact {
            name: name.clone(),
            given_name: text(f.given_name.clone()),
            family_name: text(f.family_name.clone()),
            company: reference(f.company.clone()),
            role: text(f.role.clone()),
            team: text(f.team.clone()),
            location: text(f.location.clone()),
            timezone,
            source,
            introduced_by: reference(f.introduced_by.clone()),
            email,
            phone: text(f.phone.clone()),
            linkedin,
            website,
            stage,
            last_contacted,
            next_follow_up,
            touches,
        };
        Some((common!(f), name, Kind::Contact(contact)))
    }

    pub(crate) fn bank(&mut self, yaml: &str, line: usize) -> Fields {
        let mut f: BankFront = self.deserialize(yaml, line, BankFront::KEYS, "question bank")?;
        let title = self.required(f.title.clone(), "title", "question bank")?;
        let items = std::mem::take(&mut f.questions);
        let mut questions: Vec<Question> = Vec::with_capacity(items.len());
        let (first_line, _, _) = key_span(self.keys, "questions");
        let item_lines = list_item_lines(yaml, line, first_line);
        // Split once: finding each bad item's line from the start again
        // made 20,000 bad items quadratic.
        let whole = self.text;
        let mut file_lines: Option<Vec<&str>> = None;
        for (n, item) in items.into_iter().enumerate() {
            let item_line = item_lines.get(n).copied().unwrap_or(first_line);
            let item_end = item_lines.get(n + 1).copied().unwrap_or(item_line + 1);
            let item = match question_item(item) {
                Ok(item) => item,
                Err((message, hint)) => {
                    let source = file_lines
                        .get_or_insert_with(|| whole.lines().collect())
                        .get(item_line - 1)
                        .copied()
                        .unwrap_or_default();
                    let value = source.trim_start().trim_start_matches('-').trim_start();
                    let column = source.chars().count() - value.chars().count() + 1;
                    self.diagnostics.push(
                        Diagnostic::error(
                            "wrong-type",
                            &self.path,
                            format!("item {} of `questions` {message}", n + 1),
                        )
                        .at((item_line, column))
                        .width(value.trim_end().chars().count())
                        .hint(hint),
                    );
                    continue;
                }
            };
            let written = match &item {
                QuestionItem::Plain(t) => t.0.clone(),
                QuestionItem::Full { id, text, .. } => id.as_ref().unwrap_or(text).0.clone(),
            };
            let (line, column, width) =
                find_in_lines(self.text, item_line, item_end, written.trim())
                    .unwrap_or((item_line, 1, 1));
            let q = match item {
                QuestionItem::Plain(t) => Question {
                    id: slugify(&t.0),
                    text: t.0,
                    tags: Vec::new(),
                    why: None,
                    follow_up: None,
                    repeat: false,
                    line: item_line,
                },
                QuestionItem::Full {
                    id,
                    text: t,
                    tags,
                    why,
                    follow_up,
                    repeat,
                } => Question {
                    id: slugify(id.as_ref().map_or(t.as_str(), |i| i.as_str())),
                    text: t.0,
                    tags: texts(tags),
                    why: text(why),
                    follow_up: text(follow_up),
                    repeat,
                    line: item_line,
                },
            };
            if q.id.is_empty() {
                self.diagnostics.push(
                    Diagnostic::error(
                        "bad-question-id",
                        &self.path,
                        format!("question {} has no usable id", n + 1),
                    )
                    .at((line, column))
                    .width(width)
                    .hint("give it an `id:` with letters or digits"),
                );
                continue;
            }
            if let Some(first) = questions.iter().find(|o| o.id == q.id) {
                self.diagnostics.push(
                    Diagnostic::error(
                        "duplicate-question-id",
                        &self.path,
                        format!(
                            "two questions in this bank have the id `{}` (lines {} and {})",
                            q.id, first.line, item_line
                        ),
                    )
                    .at((line, column))
                    .width(width)
                    .hint("give one of them another `id:`; interviews refer to questions by id"),
                );
                continue;
            }
            questions.push(q);
        }
        let bank = QuestionBank {
            title: title.clone(),
            description: text(f.description.clone()),
            questions,
        };
        Some((common!(f), title, Kind::Bank(bank)))
    }

    pub(crate) fn interview(&mut self, yaml: &str, line: usize) -> Fields {
        let f: InterviewFront = self.deserialize(yaml, line, InterviewFront::KEYS, "interview")?;
        let contacts = self.interview_contacts(&f);
        let date = self.interview_date(f.date.clone());
        let format = self.choice(f.format.clone(), "format", Format::parse, Format::names());
        let status = self.choice(
            f.status.clone(),
            "status",
            InterviewStatus::parse,
            InterviewStatus::names(),
        );
        let location = self.location(f.location.clone());
        let thank_you_sent = self.date(f.thank_you_sent.clone(), "thank_you_sent");
        let follow_up = self.date(f.follow_up.clone(), "follow_up");
        let resume_sent = self.resume_sent(f.resume_sent.clone(), date.as_ref());
        // jiff reads a date-time as a date too: only a text without a time counts.
        let date_only = text(f.date.clone())
            .is_some_and(|d| !d.contains([':', 'T', 't']) && d.parse::<Date>().is_ok());
        if contacts.is_empty() {
            return None;
        }
        let title = text(f.title.clone());
        let provisional = title
            .clone()
            .unwrap_or_else(|| "Informational interview".to_string());
        let interview = Interview {
            title,
            contacts,
            company: reference(f.company.clone()),
            date,
            date_only,
            duration: f.duration.unwrap_or(self.config.default_duration),
            format,
            location,
            status: status.unwrap_or(InterviewStatus::Scheduled),
            goals: texts(f.goals.clone()),
            questions: texts(f.questions.clone()),
            talking_points: texts(f.talking_points.clone()),
            referrals: texts(f.referrals.clone())
                .into_iter()
                .filter_map(|r| reference(Some(Text(r))))
                .collect(),
            asked: texts(f.asked.clone()),
            thank_you_sent,
            follow_up,
            next_steps: texts(f.next_steps.clone()),
            resume_requested: f.resume_requested,
            resume_sent,
            learned: texts(f.learned.clone()),
        };
        Some((common!(f), provisional, Kind::Interview(interview)))
    }

    /// A contact's `timezone`: an IANA name this build knows.
    fn timezone(&mut self, written: Option<String>) -> Option<(String, TimeZone)> {
        match written.filter(|n| !n.trim().is_empty()) {
            Some(name) => match TimeZone::get(name.trim()) {
                Ok(tz) => Some((name.trim().to_string(), tz)),
                Err(_) => {
                    let name = name.trim();
                    self.error(
                        "bad-timezone",
                        "timezone",
                        name,
                        format!("`timezone`: unknown time zone `{name}`"),
                        timezone_hint(name),
                    );
                    None
                }
            },
            None => None,
        }
    }

    /// An interview's `contact` and `contacts`, one list; none is an error.
    fn interview_contacts(&mut self, f: &InterviewFront) -> Vec<String> {
        let mut contacts: Vec<String> = f
            .contact
            .clone()
            .into_iter()
            .filter_map(|t| reference(Some(t)))
            .collect();
        match f.contacts.as_ref() {
            Some(OneOrMany::One(t)) => contacts.extend(reference(Some(t.clone()))),
            Some(OneOrMany::Many(list)) => {
                contacts.extend(list.iter().filter_map(|t| reference(Some(t.clone()))))
            }
            None => {}
        }
        let contacts_failed = self
            .failed
            .iter()
            .any(|k| k == "contact" || k == "contacts");
        if contacts.is_empty() && !contacts_failed {
            let key = if self.keys.iter().any(|(k, _)| k == "contacts") {
                "contacts"
            } else {
                "contact"
            };
            let (line, column, width) = key_span(self.keys, key);
            self.diagnostics.push(
                Diagnostic::error(
                    "missing-field",
                    &self.path,
                    "an interview needs a `contact` (or a list of `contacts`)",
                )
                .at((line, column))
                .width(width)
                .hint("add a line `contact: <contact-slug>` to the front matter"),
            );
        }
        contacts
    }

    /// An interview's `date`: a date-time with an offset or a zone, or a
    /// local time in the site's zone.
    fn interview_date(&mut self, written: Option<Text>) -> Option<jiff::Zoned> {
        let d = text(written)?;
        match parse_datetime(&d, &self.config.timezone) {
            Ok(z) => Some(z),
            Err(DateTimeError::UnknownZone(zone)) => {
                self.error(
                    "bad-timezone",
                    "date",
                    &zone,
                    format!("`date`: unknown time zone `{zone}`"),
                    timezone_hint(&zone),
                );
                None
            }
            Err(DateTimeError::Invalid(m)) => {
                self.error("bad-date", "date", &d, format!("`date`: {m}"), "write `2026-03-14T10:00:00-05:00`, `2026-03-14 10:00` (site time zone) or `2026-03-14T10:00[Europe/Berlin]`");
                None
            }
        }
    }

    /// An interview's `location`: a meeting link (checked like every URL)
    /// or a place name.
    fn location(&mut self, written: Option<Text>) -> Option<Place> {
        match text(written) {
            Some(l)
                if l.starts_with("http://")
                    || l.starts_with("https://")
                    || l.contains(':') && !l.contains(' ') =>
            {
                match SafeUrl::parse(&l) {
                    Ok(u) => Some(Place::Link(u)),
                    Err(m) => {
                        self.error(
                            "bad-url",
                            "location",
                            &l,
                            format!("`location`: {m}"),
                            url_hint(
                                &l,
                                "write a meeting link starting with https://, or a place name",
                            ),
                        );
                        None
                    }
                }
            }
            Some(l) => Some(Place::Text(l)),
            None => None,
        }
    }

    /// `resume_sent`, which cannot be before the conversation.
    fn resume_sent(&mut self, value: Option<Text>, interview: Option<&Zoned>) -> Option<Date> {
        let sent = self.date(value, "resume_sent")?;
        let day = interview.map(|z| z.date())?;
        if sent < day {
            self.error(
                "resume-before-interview",
                "resume_sent",
                &sent.to_string(),
                format!("`resume_sent` is {sent}, before the interview on {day}"),
                "write the day you sent it, on or after the interview's `date`",
            );
            return None;
        }
        Some(sent)
    }

    /// A contact's `touches:`, read in [`super::touches`].
    fn touches(&mut self, items: Vec<serde_json::Value>, yaml: &str, line: usize) -> Vec<Touch> {
        let (key_line, _, _) = key_span(self.keys, "touches");
        let source = super::touches::Source {
            text: self.text,
            path: &self.path,
            item_lines: list_item_lines(yaml, line, key_line),
            key_line,
            find: find_in_lines,
        };
        super::touches::read(items, &source, &mut self.diagnostics)
    }

    pub(crate) fn page(&mut self, yaml: &str, line: usize) -> Fields {
        let f: PageFront = self.deserialize(yaml, line, PageFront::KEYS, "page")?;
        let stem = fallback_title(crate::read::discover::file_name(&self.path));
        let title = text(f.title.clone()).unwrap_or(stem);
        Some((common!(f), title.clone(), Kind::Page(Page { title })))
    }
}

/// A page's title from its file name when it sets none. A name written
/// as a slug (`my-pitch`) reads as words; one written as a title
/// (`Jean-Luc Picard`) is kept as it is, hyphens and all.
fn fallback_title(stem: &str) -> String {
    let slug_like = !stem.contains(' ') && !stem.chars().any(char::is_uppercase);
    if slug_like {
        stem.replace(['-', '_'], " ")
    } else {
        stem.to_string()
    }
}

pub(crate) fn texts(list: Vec<Text>) -> Vec<String> {
    list.into_iter().filter_map(|t| text(Some(t))).collect()
}

pub(crate) fn reference(t: Option<Text>) -> Option<String> {
    text(t)
}

/// One question of a bank, from its YAML value; else what is wrong with it.
pub(crate) fn question_item(value: serde_json::Value) -> Result<QuestionItem, (String, String)> {
    let keys = "`text` (required), `id`, `tags`, `why`, `follow_up`, `repeat`";
    let no_text = value.as_object().is_some_and(|m| !m.contains_key("text"));
    serde_json::from_value(value).map_err(|_| {
        if no_text {
            (
                "is a map without `text:`".to_string(),
                format!("a question written as a map has the keys {keys}"),
            )
        } else {
            (
                "is neither a question nor a map with `text:`".to_string(),
                format!("write the question as text, or as a map with the keys {keys}"),
            )
        }
    })
}

/// File lines of the `- ` items of the block list that starts after `key_line`.
pub(crate) fn list_item_lines(yaml: &str, yaml_line: usize, key_line: usize) -> Vec<usize> {
    let mut lines = Vec::new();
    let mut indent: Option<usize> = None;
    for (i, l) in yaml.lines().enumerate() {
        let file_line = yaml_line + i;
        if file_line <= key_line {
            continue;
        }
        let trimmed = l.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let this_indent = l.len() - trimmed.len();
        if this_indent == 0 && !trimmed.starts_with('-') {
            break;
        }
        if trimmed.starts_with("- ") || trimmed == "-" {
            match indent {
                None => {
                    indent = Some(this_indent);
                    lines.push(file_line);
                }
                Some(n) if n == this_indent => lines.push(file_line),
                _ => {}
            }
        }
    }
    lines
}
