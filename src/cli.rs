//! The command line: clap's definitions, each subcommand with only the
//! flags it uses, turned into the library's options.

use clap::{Args, Parser, Subcommand, ValueEnum};
use coffeechat::commands::{self, Console, Failure};
use coffeechat::read::discover::Collection;
use coffeechat::Options;
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "coffeechat",
    version,
    about = "Prepare informational interviews: notes in, a linked prep site and briefing sheets out"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where the site is.
#[derive(Args)]
struct Site {
    /// The site folder (default: the nearest folder upward holding coffeechat.yaml)
    #[arg(long)]
    root: Option<PathBuf>,
    /// The configuration file (default: ROOT/coffeechat.yaml)
    #[arg(long)]
    config: Option<PathBuf>,
}

/// Which notes a build takes, and as of when.
#[derive(Args)]
struct Notes {
    /// Include notes marked draft
    #[arg(long)]
    drafts: bool,
    /// Treat this date (YYYY-MM-DD) as today
    #[arg(long)]
    today: Option<jiff::civil::Date>,
}

/// A build for publishing.
#[derive(Args)]
struct Public {
    /// Leave out private notes and people's details (a build for publishing)
    #[arg(long)]
    public: bool,
}

#[derive(Args)]
struct BaseUrl {
    /// Override base_url, e.g. https://user.github.io/prep/
    #[arg(long)]
    base_url: Option<String>,
}

#[derive(Args)]
struct Quiet {
    /// Print only errors
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Args)]
struct Verbose {
    /// Print more about what is done
    #[arg(long, short)]
    verbose: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder
    #[command(
        after_help = "Examples:\n  coffeechat build\n  coffeechat build --public --base-url https://you.github.io/prep/\n  coffeechat build --today 2026-12-01 -o /tmp/site"
    )]
    Build {
        #[command(flatten)]
        site: Site,
        #[command(flatten)]
        notes: Notes,
        #[command(flatten)]
        public: Public,
        #[command(flatten)]
        base_url: BaseUrl,
        /// Publish the whole private site, readable only with the passphrase
        /// in the COFFEECHAT_PASSPHRASE environment variable
        #[arg(long, conflicts_with = "public")]
        encrypt: bool,
        /// Where to write the site (default: ROOT/public)
        #[arg(long, short)]
        output: Option<PathBuf>,
        #[command(flatten)]
        quiet: Quiet,
        #[command(flatten)]
        verbose: Verbose,
    },
    /// Print a strong generated passphrase for encrypted builds
    ///
    /// Words from the EFF diceware list. Keep it in a password manager and
    /// in the COFFEECHAT_PASSPHRASE secret of the publishing workflow.
    Passphrase {
        /// How many words (6 give about 77 bits)
        #[arg(long, default_value_t = coffeechat::output::encrypt::passphrase::DEFAULT_WORDS)]
        words: usize,
    },
    /// Export notes for other tools: csv (contacts.csv, interviews.csv) or vcf (vCard 4.0)
    #[command(
        after_help = "Examples:\n  coffeechat export csv -o exports/\n  coffeechat export vcf -o - > contacts.vcf"
    )]
    Export {
        #[arg(value_enum)]
        format: ExportFormat,
        #[command(flatten)]
        site: Site,
        #[command(flatten)]
        notes: Notes,
        #[command(flatten)]
        public: Public,
        /// The folder (csv) or file (vcf, `-` for standard output)
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Replace files that already exist
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        quiet: Quiet,
    },
    /// Import notes from another tool's export
    Import {
        #[command(subcommand)]
        source: ImportSource,
    },
    /// Report every problem in the notes without writing anything; with
    /// --public, also list what a public build publishes about each person
    ///
    /// Exit status: 0 when clean or warnings only, 1 on errors, 2 on a usage error.
    #[command(
        after_help = "Examples:\n  coffeechat check\n  coffeechat check --public\n  coffeechat check --format json --deny-warnings"
    )]
    Check {
        #[command(flatten)]
        site: Site,
        #[command(flatten)]
        notes: Notes,
        #[command(flatten)]
        public: Public,
        /// How to print the diagnostics: for people (on stderr) or as a JSON array (on stdout)
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
        /// Fail (exit status 1) on warnings too
        #[arg(long)]
        deny_warnings: bool,
        #[command(flatten)]
        quiet: Quiet,
    },
    /// Work with themes
    #[command(subcommand)]
    Theme(ThemeCommand),
    /// Create a new prep site: configuration, example notes, starter questions
    #[command(
        after_help = "Examples:\n  coffeechat init prep && cd prep\n  coffeechat init . --force"
    )]
    Init {
        /// The folder to create the site in (default: the current folder)
        dir: Option<PathBuf>,
        /// Add the starter files to a folder that is not empty (existing files are kept)
        #[arg(long)]
        force: bool,
        /// The date the example notes are dated from (default: today)
        #[arg(long)]
        today: Option<jiff::civil::Date>,
        #[command(flatten)]
        quiet: Quiet,
    },
    /// Create a note from its archetype and print its path
    #[command(
        after_help = "Examples:\n  coffeechat new company \"Acme Robotics\"\n  coffeechat new contact \"Ana Lima\" --company acme-robotics\n  coffeechat new interview ana-lima --date \"Dec 5 3pm\"\n  coffeechat new questions \"Team culture\""
    )]
    New {
        #[command(flatten)]
        site: Site,
        #[arg(value_enum)]
        kind: NoteKind,
        /// The name (company, contact), title (questions, page), or contact (interview)
        name: String,
        /// A company slug (contact, interview)
        #[arg(long)]
        company: Option<String>,
        /// A contact slug (interview)
        #[arg(long)]
        contact: Option<String>,
        /// The interview's date and time, e.g. "2026-12-03 14:30"
        #[arg(long)]
        date: Option<String>,
        /// Who introduced a new contact (a contact slug)
        #[arg(long)]
        introduced_by: Option<String>,
        /// Open the note in $VISUAL or $EDITOR
        #[arg(long)]
        edit: bool,
        /// Treat this date (YYYY-MM-DD) as today
        #[arg(long)]
        today: Option<jiff::civil::Date>,
    },
    /// Serve the site locally, rebuilding and reloading pages on every change
    #[command(after_help = "Examples:\n  coffeechat serve\n  coffeechat serve --open --port 8080")]
    Serve {
        #[command(flatten)]
        site: Site,
        #[command(flatten)]
        notes: Notes,
        #[command(flatten)]
        public: Public,
        #[command(flatten)]
        base_url: BaseUrl,
        /// The port (a free one if taken; 0 picks any free port)
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Also answer requests for this host name (repeatable), e.g. with --bind 0.0.0.0
        #[arg(long = "allow-host", value_name = "NAME")]
        allow_host: Vec<String>,
        /// Open the site in the default browser
        #[arg(long)]
        open: bool,
        #[command(flatten)]
        quiet: Quiet,
        #[command(flatten)]
        verbose: Verbose,
    },
    /// Show coming interviews, what to do this week (overdue first), later and undated actions, idle contacts
    #[command(
        after_help = "Examples:\n  coffeechat agenda\n  coffeechat agenda --days 7 --format json"
    )]
    Agenda {
        #[command(flatten)]
        site: Site,
        #[command(flatten)]
        notes: Notes,
        /// How many days ahead to look
        #[arg(long, default_value_t = 14)]
        days: u32,
        /// text for people, json for scripts (shape in README.md)
        #[arg(long, value_enum, default_value_t = AgendaFormat::Text)]
        format: AgendaFormat,
        /// The site's output folder, which the agenda points to (default: ROOT/public)
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Print a message draft (Subject:, a blank line, the body): outreach,
    /// nudge, check-in or introduction for a contact; thank-you for an
    /// interview (or a contact's latest conversation)
    #[command(
        after_help = "Examples:\n  coffeechat draft thank-you 2026-11-24-daniel-cho\n  coffeechat draft outreach ana-lima"
    )]
    Draft {
        #[command(flatten)]
        site: Site,
        #[command(flatten)]
        notes: Notes,
        /// outreach, nudge, thank-you, check-in or introduction
        kind: String,
        /// A contact's or an interview's slug (for introduction: the person you want to meet)
        slug: String,
    },
    /// Print a shell completion script: source it from your shell's startup file
    #[command(
        after_help = "Examples:\n  coffeechat completions bash > ~/.local/share/bash-completion/completions/coffeechat\n  coffeechat completions zsh > ~/.zfunc/_coffeechat\n  coffeechat completions fish > ~/.config/fish/completions/coffeechat.fish"
    )]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print briefing sheets to PDF through a headless Chromium: the
    /// upcoming ones into briefings.pdf, or each INTERVIEW into SLUG.pdf
    /// (all into one file with -o FILE.pdf)
    #[command(
        after_help = "Examples:\n  coffeechat print\n  coffeechat print daniel-cho\n  coffeechat print --all -o everything.pdf"
    )]
    Print {
        #[command(flatten)]
        site: Site,
        #[command(flatten)]
        notes: Notes,
        /// Interview slugs (file names without .md)
        interviews: Vec<String>,
        /// Every briefing, past ones included, when no interview is named
        #[arg(long)]
        all: bool,
        /// Print each interview's one-page card (what to glance at during the call) instead of its briefing
        #[arg(long)]
        card: bool,
        /// One PDF file to write every sheet into
        #[arg(long, short)]
        output: Option<PathBuf>,
        #[command(flatten)]
        quiet: Quiet,
    },
}

#[derive(Subcommand)]
enum ThemeCommand {
    /// Copy the embedded default theme into themes/NAME/ for editing
    Eject {
        #[command(flatten)]
        site: Site,
        #[arg(default_value = "custom")]
        name: String,
    },
    /// List the themes this site can use
    List {
        #[command(flatten)]
        site: Site,
    },
    /// Print the data a page's template receives, as JSON (e.g. `contacts/ana/`)
    Context {
        #[command(flatten)]
        site: Site,
        #[command(flatten)]
        notes: Notes,
        #[command(flatten)]
        public: Public,
        page: String,
    },
}

#[derive(Subcommand)]
enum ImportSource {
    /// LinkedIn's Connections.csv: a contact note per new connection, a company note per new company
    Linkedin {
        #[command(flatten)]
        site: Site,
        /// The Connections.csv file from LinkedIn's data export
        file: PathBuf,
        /// Report what would be created, without writing anything
        #[arg(long)]
        dry_run: bool,
    },
    /// An address book (.vcf: vCard 2.1, 3.0 or 4.0, from a phone, Outlook or Google Contacts): a contact note per new person
    Vcard {
        #[command(flatten)]
        site: Site,
        /// The .vcf file
        file: PathBuf,
        /// Report what would be created, without writing anything
        #[arg(long)]
        dry_run: bool,
    },
    /// Any spreadsheet of people (UTF-8, UTF-16 or Windows-1252; Google Contacts' CSV needs no map)
    Csv {
        #[command(flatten)]
        site: Site,
        /// The .csv file
        file: PathBuf,
        /// Which column holds each field, e.g. `name=Full Name,email=E-mail,company=Employer`;
        /// the fields are name, given_name, family_name, email, phone, company, role, team,
        /// location, linkedin, website, note
        #[arg(long)]
        map: Option<String>,
        /// Report what would be created, without writing anything
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum AgendaFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum CheckFormat {
    Human,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Csv,
    Vcf,
}

/// The kinds of note `new` makes.
#[derive(Clone, Copy, ValueEnum)]
enum NoteKind {
    #[value(alias = "companies")]
    Company,
    #[value(alias = "contacts", alias = "person")]
    Contact,
    #[value(alias = "question", alias = "bank")]
    Questions,
    #[value(alias = "interviews", alias = "chat")]
    Interview,
    #[value(alias = "pages")]
    Page,
}

impl NoteKind {
    fn collection(self) -> Collection {
        match self {
            NoteKind::Company => Collection::Companies,
            NoteKind::Contact => Collection::Contacts,
            NoteKind::Questions => Collection::Questions,
            NoteKind::Interview => Collection::Interviews,
            NoteKind::Page => Collection::Pages,
        }
    }
}

impl Site {
    /// The library's options for this site, the root found by searching
    /// upward from the current folder when not given.
    fn options(&self) -> Result<Options, Failure> {
        let root = match &self.root {
            Some(r) => r.clone(),
            None => {
                let cwd = std::env::current_dir()
                    .map_err(|e| Failure::Usage(format!("cannot read the current folder: {e}")))?;
                match (&self.config, coffeechat::read::config::find_root(&cwd)) {
                    (Some(_), _) => cwd,
                    (None, Some(root)) => root,
                    (None, None) => return Err(Failure::Usage("no coffeechat.yaml here or in any folder above; run `coffeechat init` or pass --root".into())),
                }
            }
        };
        Ok(Options {
            root,
            config: self.config.clone(),
            ..Options::default()
        })
    }

    fn with(&self, notes: &Notes, public: &Public) -> Result<Options, Failure> {
        Ok(Options {
            drafts: notes.drafts,
            today: notes.today,
            public: public.public,
            ..self.options()?
        })
    }
}

impl Cli {
    /// The root the diagnostics are shown relative to, once known.
    pub fn run(self, root: &mut PathBuf) -> Result<(), Failure> {
        let mut known = |options: Options| -> Options {
            root.clone_from(&options.root);
            options
        };
        match self.command {
            Command::Build {
                site,
                notes,
                public,
                base_url,
                encrypt,
                output,
                quiet,
                verbose,
            } => {
                let options = known(Options {
                    output,
                    base_url: base_url.base_url,
                    encrypt,
                    ..site.with(&notes, &public)?
                });
                commands::build::run(&options, console(quiet, verbose))
            }
            Command::Passphrase { words } => commands::passphrase::run(words),
            Command::Export {
                format,
                site,
                notes,
                public,
                output,
                force,
                quiet,
            } => {
                let options = known(site.with(&notes, &public)?);
                let format = match format {
                    ExportFormat::Csv => commands::export::Format::Csv,
                    ExportFormat::Vcf => commands::export::Format::Vcf,
                };
                let console = quiet_only(quiet);
                commands::export::run(&options, format, output.as_deref(), force, console)
            }
            Command::Import {
                source:
                    ImportSource::Linkedin {
                        site,
                        file,
                        dry_run,
                    },
            } => commands::import::linkedin(&known(site.options()?), &file, dry_run),
            Command::Import {
                source:
                    ImportSource::Vcard {
                        site,
                        file,
                        dry_run,
                    },
            } => commands::import::vcard(&known(site.options()?), &file, dry_run),
            Command::Import {
                source:
                    ImportSource::Csv {
                        site,
                        file,
                        map,
                        dry_run,
                    },
            } => commands::import::csv(&known(site.options()?), &file, map.as_deref(), dry_run),
            Command::Check {
                site,
                notes,
                public,
                format,
                deny_warnings,
                quiet,
            } => {
                let options = known(site.with(&notes, &public)?);
                let format = match format {
                    CheckFormat::Human => commands::check::Format::Human,
                    CheckFormat::Json => commands::check::Format::Json,
                };
                let console = quiet_only(quiet);
                commands::check::run(&options, format, deny_warnings, console)
            }
            Command::Theme(ThemeCommand::Eject { site, name }) => {
                commands::theme::eject(&known(site.options()?), &name)
            }
            Command::Theme(ThemeCommand::List { site }) => {
                commands::theme::list(&known(site.options()?))
            }
            Command::Theme(ThemeCommand::Context {
                site,
                notes,
                public,
                page,
            }) => commands::theme::context(&known(site.with(&notes, &public)?), &page),
            Command::Init {
                dir,
                force,
                today,
                quiet,
            } => {
                let mut options =
                    commands::init::InitOptions::new(dir.unwrap_or_else(|| ".".into()));
                options.force = force;
                if let Some(today) = today {
                    options.today = today;
                }
                commands::init::run(&options, quiet_only(quiet))
            }
            Command::New {
                site,
                kind,
                name,
                company,
                contact,
                date,
                introduced_by,
                edit,
                today,
            } => {
                let options = known(Options {
                    today,
                    ..site.options()?
                });
                let note = commands::new::NewNote {
                    kind: kind.collection(),
                    name,
                    company,
                    contact,
                    date,
                    introduced_by,
                };
                commands::new::run(&options, &note, edit)
            }
            Command::Serve {
                site,
                notes,
                public,
                base_url,
                port,
                bind,
                allow_host,
                open,
                quiet,
                verbose,
            } => {
                let options = known(Options {
                    base_url: base_url.base_url,
                    ..site.with(&notes, &public)?
                });
                let settings = coffeechat::serve::Settings {
                    bind,
                    port,
                    open,
                    quiet: quiet.quiet,
                    verbose: verbose.verbose,
                    allow_hosts: allow_host,
                };
                commands::serve::run(options, &settings)
            }
            Command::Agenda {
                site,
                notes,
                days,
                format,
                output,
            } => {
                let options = known(Options {
                    output,
                    ..site.with(&notes, &Public { public: false })?
                });
                let format = match format {
                    AgendaFormat::Text => commands::agenda::Format::Text,
                    AgendaFormat::Json => commands::agenda::Format::Json,
                };
                commands::agenda::run(&options, days, format)
            }
            Command::Draft {
                site,
                notes,
                kind,
                slug,
            } => {
                let options = known(site.with(&notes, &Public { public: false })?);
                commands::draft::run(&options, &kind, &slug)
            }
            Command::Completions { shell } => {
                use clap::CommandFactory;
                use std::io::Write;
                let mut command = Cli::command();
                // Into memory first: clap_complete panics on a closed pipe
                // (`coffeechat completions bash | head`).
                let mut script = Vec::new();
                clap_complete::generate(shell, &mut command, "coffeechat", &mut script);
                match std::io::stdout().write_all(&script) {
                    Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                        Err(Failure::Error(format!("cannot write the script: {e}")))
                    }
                    _ => Ok(()),
                }
            }
            Command::Print {
                site,
                notes,
                interviews,
                all,
                card,
                output,
                quiet,
            } => {
                let options = known(site.with(&notes, &Public { public: false })?);
                let console = quiet_only(quiet);
                commands::print::run(&options, interviews, all, card, output, console)
            }
        }
    }
}

/// The console of a command without `--verbose`.
fn quiet_only(quiet: Quiet) -> Console {
    console(quiet, Verbose { verbose: false })
}

fn console(quiet: Quiet, verbose: Verbose) -> Console {
    Console {
        quiet: quiet.quiet,
        verbose: verbose.verbose,
    }
}
