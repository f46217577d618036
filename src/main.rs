//! The command line: argument parsing only; the work is in the library.

use clap::{Args, Parser, Subcommand, ValueEnum};
use coffeechat::diagnostics::Diagnostic;
use coffeechat::report::{self, Style};
use coffeechat::{Error, Options};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

// A build allocates many small strings on every core; mimalloc handles
// that several times faster than the system allocator. Its `no_thp`
// feature keeps it from asking for transparent huge pages: zeroing 2 MB
// pages it then half uses was a fifth of a 10,000-note build's time.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "coffeechat",
    version,
    about = "Prepare informational interviews: notes in, a linked prep site and briefing sheets out"
)]
struct Cli {
    #[command(flatten)]
    shared: Shared,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args)]
struct Shared {
    /// The site folder (default: the nearest folder upward holding coffeechat.yaml)
    #[arg(long, global = true)]
    root: Option<PathBuf>,
    /// The configuration file (default: ROOT/coffeechat.yaml)
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    /// Where to write: the site (default: ROOT/public); for export, the folder (csv) or file (vcf, `-` for standard output); for print, one PDF
    #[arg(long, short, global = true)]
    output: Option<PathBuf>,
    /// Override base_url, e.g. https://user.github.io/prep/
    #[arg(long, global = true)]
    base_url: Option<String>,
    /// Include notes marked draft
    #[arg(long, global = true)]
    drafts: bool,
    /// Leave out private notes (a build for publishing)
    #[arg(long, global = true)]
    public: bool,
    /// Treat this date (YYYY-MM-DD) as today
    #[arg(long, global = true)]
    today: Option<jiff::civil::Date>,
    /// Print only errors
    #[arg(long, short, global = true)]
    quiet: bool,
    /// Print more about what is done
    #[arg(long, short, global = true)]
    verbose: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder
    Build,
    /// Export notes for other tools: csv (contacts.csv, interviews.csv) or vcf (vCard 4.0)
    Export {
        #[arg(value_enum)]
        format: ExportFormat,
        /// Replace files that already exist
        #[arg(long)]
        force: bool,
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
    Check(CheckArgs),
    /// Work with themes
    #[command(subcommand)]
    Theme(ThemeCommand),
    /// Create a new prep site: configuration, example notes, starter questions
    Init(InitArgs),
    /// Create a note from its archetype and print its path
    New(NewArgs),
    /// Serve the site locally, rebuilding and reloading pages on every change
    Serve(ServeArgs),
    /// Show coming interviews, overdue thank-yous and follow-ups, idle contacts
    Agenda(AgendaArgs),
    /// Print briefing sheets to PDF through a headless Chromium: the
    /// upcoming ones into briefings.pdf, or each INTERVIEW into SLUG.pdf
    /// (all into one file with -o FILE.pdf)
    Print {
        /// Interview slugs (file names without .md)
        interviews: Vec<String>,
        /// Every briefing, past ones included, when no interview is named
        #[arg(long)]
        all: bool,
    },
}

#[derive(Args)]
struct InitArgs {
    /// The folder to create the site in (default: the current folder)
    dir: Option<PathBuf>,
    /// Add the starter files to a folder that is not empty (existing files are kept)
    #[arg(long)]
    force: bool,
}

#[derive(Args)]
struct NewArgs {
    /// company, contact, questions, interview or page
    kind: String,
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
    /// Open the note in $VISUAL or $EDITOR
    #[arg(long)]
    edit: bool,
}

#[derive(Args)]
struct ServeArgs {
    /// The port (a free one if taken; 0 picks any free port)
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// The address to listen on
    #[arg(long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// Open the site in the default browser
    #[arg(long)]
    open: bool,
}

#[derive(Args)]
struct AgendaArgs {
    /// How many days ahead to look
    #[arg(long, default_value_t = 14)]
    days: u32,
}

#[derive(Subcommand)]
enum ThemeCommand {
    /// Copy the embedded default theme into themes/NAME/ for editing
    Eject {
        #[arg(default_value = "custom")]
        name: String,
    },
    /// List the themes this site can use
    List,
    /// Print the data a page's template receives, as JSON (e.g. `contacts/ana/`)
    Context { page: String },
}

#[derive(Args)]
struct CheckArgs {
    /// How to print the diagnostics: for people (on stderr) or as a JSON array (on stdout)
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Fail (exit status 1) on warnings too
    #[arg(long)]
    deny_warnings: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Csv,
    Vcf,
}

#[derive(Subcommand)]
enum ImportSource {
    /// LinkedIn's Connections.csv: a contact note per new connection, a company note per new company
    Linkedin {
        /// The Connections.csv file from LinkedIn's data export
        file: PathBuf,
        /// Report what would be created, without writing anything
        #[arg(long)]
        dry_run: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Init(args) = &cli.command {
        return init(args, &cli.shared);
    }
    let options = match options(&cli.shared) {
        Ok(o) => o,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    match cli.command {
        Command::Build => build(&options, &cli.shared),
        Command::Export { format, force } => export(&options, &cli.shared, format, force),
        Command::Import {
            source: ImportSource::Linkedin { file, dry_run },
        } => import_linkedin(&options, &file, dry_run),
        Command::Check(args) => check(&options, &args, &cli.shared),
        Command::Theme(t) => theme(&options, t),
        Command::Init(_) => unreachable!("handled above"),
        Command::New(args) => new(&options, &args),
        Command::Serve(args) => serve(options, &args, &cli.shared),
        Command::Agenda(args) => agenda(&options, &args),
        Command::Print { interviews, all } => print(&options, &cli.shared, interviews, all),
    }
}

fn options(shared: &Shared) -> Result<Options, String> {
    let root = match &shared.root {
        Some(r) => r.clone(),
        None => {
            let cwd = std::env::current_dir()
                .map_err(|e| format!("cannot read the current folder: {e}"))?;
            match (&shared.config, coffeechat::config::find_root(&cwd)) {
                (Some(_), _) => cwd,
                (None, Some(root)) => root,
                (None, None) => return Err("no coffeechat.yaml here or in any folder above; run `coffeechat init` or pass --root".into()),
            }
        }
    };
    Ok(Options {
        root,
        config: shared.config.clone(),
        output: shared.output.clone(),
        base_url: shared.base_url.clone(),
        drafts: shared.drafts,
        public: shared.public,
        today: shared.today,
    })
}

fn report(diagnostics: &[Diagnostic], options: &Options) {
    let style = Style::detect(std::io::stderr().is_terminal());
    eprint!("{}", report::human(diagnostics, &options.root, style));
}

fn build(options: &Options, shared: &Shared) -> ExitCode {
    let started = std::time::Instant::now();
    match coffeechat::build(options) {
        Ok(built) => {
            if !shared.quiet {
                report(&built.diagnostics, options);
                eprintln!(
                    "built {} notes into {} files in {} ms: {}",
                    built.notes,
                    built.files,
                    started.elapsed().as_millis(),
                    options.output_dir().display()
                );
                if shared.verbose {
                    eprintln!("stages: {}", built.timings);
                }
            }
            ExitCode::SUCCESS
        }
        Err(Error::Diagnostics(d)) => {
            report(&d, options);
            eprintln!(
                "build failed ({}); the previous output was left as it was",
                report::summary(&d)
            );
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn check(options: &Options, args: &CheckArgs, shared: &Shared) -> ExitCode {
    let diagnostics = coffeechat::check(options);
    match args.format {
        Format::Json => print!("{}", report::json(&diagnostics)),
        Format::Human => {
            let shown: Vec<Diagnostic> = diagnostics
                .iter()
                .filter(|d| d.is_error() || !shared.quiet)
                .cloned()
                .collect();
            report(&shown, options);
            if !shared.quiet || !shown.is_empty() {
                eprintln!("check: {}", report::summary(&diagnostics));
            }
            if options.public {
                if let Ok(people) = coffeechat::publish::report(options) {
                    print!("{}", coffeechat::publish::render_report(&people));
                }
            }
        }
    }
    ExitCode::from(report::exit_status(&diagnostics, args.deny_warnings))
}

fn theme(options: &Options, command: ThemeCommand) -> ExitCode {
    match command {
        ThemeCommand::Eject { name } => match coffeechat::theme::eject(&options.root, &name) {
            Ok(files) => {
                println!("wrote {} files into themes/{name}/; set `theme: {name}` in coffeechat.yaml to use it", files.len());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(1)
            }
        },
        ThemeCommand::List => {
            let configured = options.load_config().ok().and_then(|c| c.theme);
            for t in coffeechat::theme::list(&options.root, configured.as_deref()) {
                let marker = if t.active { "*" } else { " " };
                match t.path {
                    Some(p) => println!("{marker} {} ({})", t.name, p.display()),
                    None => println!("{marker} {}", t.name),
                }
            }
            ExitCode::SUCCESS
        }
        ThemeCommand::Context { page } => match coffeechat::contexts(options) {
            Ok(contexts) => {
                let wanted = coffeechat::pages::output_path(page.trim_start_matches('/'));
                match contexts.into_iter().find(|(path, _, _)| *path == wanted) {
                    Some((_, template, json)) => {
                        println!(
                            "{{\"template\": {}, \"context\": {}}}",
                            serde_json::Value::String(template),
                            serde_json::to_string_pretty(&json).unwrap_or_default()
                        );
                        ExitCode::SUCCESS
                    }
                    None => {
                        eprintln!("error: no page {wanted}");
                        ExitCode::from(1)
                    }
                }
            }
            Err(e) => {
                if let Error::Diagnostics(d) = &e {
                    report(d, options);
                }
                eprintln!("error: {e}");
                ExitCode::from(1)
            }
        },
    }
}
fn init(args: &InitArgs, shared: &Shared) -> ExitCode {
    use coffeechat::commands::init;
    let dir = args
        .dir
        .clone()
        .or_else(|| shared.root.clone())
        .unwrap_or_else(|| PathBuf::from("."));
    let mut options = init::InitOptions::new(dir.clone());
    options.force = args.force;
    if let Some(today) = shared.today {
        options.today = today;
    }
    match init::init(&options) {
        Ok(report) => {
            for skipped in &report.skipped {
                eprintln!("kept {} (it exists)", skipped.display());
            }
            if !shared.quiet {
                eprintln!(
                    "created a prep site in {} ({} files). Next: cd {} && coffeechat serve",
                    dir.display(),
                    report.created.len(),
                    dir.display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn new(options: &Options, args: &NewArgs) -> ExitCode {
    use coffeechat::commands::new;
    let Some(kind) = new::parse_kind(&args.kind) else {
        eprintln!(
            "error: `{}` is not a kind of note; use company, contact, questions, interview or page",
            args.kind
        );
        return ExitCode::from(2);
    };
    let note = new::NewNote {
        kind,
        name: args.name.clone(),
        company: args.company.clone(),
        contact: args.contact.clone(),
        date: args.date.clone(),
    };
    let created = match new::new_note(options, &note) {
        Ok(c) => c,
        Err(new::NewError::Site(Error::Diagnostics(d))) => {
            report(&d, options);
            return ExitCode::from(1);
        }
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    println!("{}", created.path.display());
    if args.edit {
        if let Err(e) = new::open_in_editor(&created.absolute) {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    }
    ExitCode::SUCCESS
}

fn serve(options: Options, args: &ServeArgs, shared: &Shared) -> ExitCode {
    let settings = coffeechat::serve::Settings {
        bind: args.bind,
        port: args.port,
        open: args.open,
        quiet: shared.quiet,
        verbose: shared.verbose,
    };
    match coffeechat::serve::run(options, &settings) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn agenda(options: &Options, args: &AgendaArgs) -> ExitCode {
    match coffeechat::commands::agenda::agenda(options, args.days) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(Error::Diagnostics(d)) => {
            report(&d, options);
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn export(options: &Options, shared: &Shared, format: ExportFormat, force: bool) -> ExitCode {
    use coffeechat::export;
    let written = match format {
        ExportFormat::Csv => {
            let dir = shared.output.clone().unwrap_or_else(|| PathBuf::from("."));
            export::write_csv(options, &dir, force)
        }
        ExportFormat::Vcf => export::vcf(options)
            .map_err(export::ExportError::from)
            .and_then(|f| {
                match shared
                    .output
                    .clone()
                    .unwrap_or_else(|| PathBuf::from(f.name))
                {
                    p if p.as_os_str() == "-" => {
                        use std::io::Write;
                        let mut out = std::io::stdout();
                        out.write_all(&f.bytes)
                            .map_err(|source| export::ExportError::Io { path: p, source })?;
                        Ok(Vec::new())
                    }
                    p => export::write(&p, &f.bytes, force).map(|()| vec![p]),
                }
            }),
    };
    match written {
        Ok(paths) => {
            if !shared.quiet {
                for p in paths {
                    eprintln!("wrote {}", p.display());
                }
            }
            ExitCode::SUCCESS
        }
        Err(export::ExportError::Site(Error::Diagnostics(d))) => {
            report(&d, options);
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn import_linkedin(options: &Options, file: &std::path::Path, dry_run: bool) -> ExitCode {
    use coffeechat::import::linkedin::{import, ImportError};
    match import(options, file, dry_run) {
        Ok(r) => {
            print!("{}", r.render(file));
            ExitCode::SUCCESS
        }
        Err(ImportError::Site(Error::Diagnostics(d))) => {
            report(&d, options);
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn print(options: &Options, shared: &Shared, interviews: Vec<String>, all: bool) -> ExitCode {
    let dir = match std::env::current_dir() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: cannot read the current folder: {e}");
            return ExitCode::from(1);
        }
    };
    let request = coffeechat::print::PrintRequest {
        interviews,
        all,
        output: shared.output.clone(),
        dir,
        chromium: None,
    };
    match coffeechat::print::print(options, &request) {
        Ok(written) => {
            if !shared.quiet {
                for pdf in written {
                    eprintln!("wrote {}", pdf.display());
                }
            }
            ExitCode::SUCCESS
        }
        Err(coffeechat::print::PrintError::Site(Error::Diagnostics(d))) => {
            report(&d, options);
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
