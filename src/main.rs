//! The command line: argument parsing only; the work is in the library.

use clap::{Args, Parser, Subcommand};
use coffeechat::diagnostics::Diagnostic;
use coffeechat::{Error, Options};
use std::path::PathBuf;
use std::process::ExitCode;

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
    /// Where to write the site (default: ROOT/public)
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
    /// Report every problem in the notes without writing anything
    Check,
    /// Work with themes
    #[command(subcommand)]
    Theme(ThemeCommand),
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    let options = match options(&cli.shared) {
        Ok(o) => o,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    match cli.command {
        Command::Build => build(&options, &cli.shared),
        Command::Check => check(&options),
        Command::Theme(t) => theme(&options, t),
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

fn report(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprintln!("{d}");
    }
}

fn build(options: &Options, shared: &Shared) -> ExitCode {
    let started = std::time::Instant::now();
    match coffeechat::build(options) {
        Ok(built) => {
            if !shared.quiet {
                report(&built.diagnostics);
                eprintln!(
                    "built {} notes into {} pages in {} ms: {}",
                    built.notes,
                    built.output.files.len(),
                    started.elapsed().as_millis(),
                    options.output_dir().display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(Error::Diagnostics(d)) => {
            report(&d);
            eprintln!("build failed; the previous output was left as it was");
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn check(options: &Options) -> ExitCode {
    let diagnostics = coffeechat::check(options);
    report(&diagnostics);
    if diagnostics.iter().any(Diagnostic::is_error) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
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
                    report(d);
                }
                eprintln!("error: {e}");
                ExitCode::from(1)
            }
        },
    }
}
