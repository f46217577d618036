//! Interview dates: a date-time with an offset, or a local time in the
//! site's zone.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};

/// Why a date-time could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateTimeError {
    /// The bracketed zone, e.g. `Mars/Olympus`, is not in the database.
    UnknownZone(String),
    /// The text is not a date-time; the message says why.
    Invalid(String),
}

impl std::fmt::Display for DateTimeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DateTimeError::UnknownZone(zone) => write!(f, "unknown time zone `{zone}`"),
            DateTimeError::Invalid(message) => f.write_str(message),
        }
    }
}

/// A date-time with an offset, with a bracketed time zone, or a local time
/// in `site_tz`.
pub fn parse_datetime(input: &str, site_tz: &TimeZone) -> Result<Zoned, DateTimeError> {
    let s = input.trim();
    if let Some((_, rest)) = s.split_once('[') {
        let zone = rest.trim_end_matches(']').trim_start_matches('!');
        // `[-05:00]` is an offset, not a name.
        let is_name = !zone.contains(['+', '-']) || zone.contains('/');
        if is_name && TimeZone::get(zone).is_err() {
            return Err(DateTimeError::UnknownZone(zone.to_string()));
        }
        return s
            .parse::<Zoned>()
            .map(|z| z.with_time_zone(site_tz.clone()))
            .map_err(|e| {
                DateTimeError::Invalid(format!(
                    "`{s}` is not a date and time ({})",
                    jiff_reason(&e)
                ))
            });
    }
    if let Ok(ts) = s.parse::<Timestamp>() {
        return Ok(ts.to_zoned(site_tz.clone()));
    }
    match s.parse::<DateTime>() {
        Ok(dt) => dt.to_zoned(site_tz.clone()).map_err(|e| {
            DateTimeError::Invalid(format!(
                "`{s}` does not exist in the site's time zone ({})",
                jiff_reason(&e)
            ))
        }),
        Err(e) => match s.parse::<Date>() {
            Ok(d) => d
                .to_zoned(site_tz.clone())
                .map_err(|e| DateTimeError::Invalid(format!("`{s}`: {}", jiff_reason(&e)))),
            Err(_) => Err(DateTimeError::Invalid(format!(
                "`{s}` is not a date and time ({})",
                jiff_reason(&e)
            ))),
        },
    }
}

/// The last, most specific part of a jiff error: "parameter 'day' for
/// `2026-02` is invalid, must be in range `1..=28`".
pub(crate) fn jiff_reason(e: &jiff::Error) -> String {
    let full = e.to_string();
    full.rsplit(": ").next().unwrap_or(&full).to_string()
}
