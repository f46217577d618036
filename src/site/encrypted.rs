//! `build --encrypt`: the private site, every page and every file that
//! may name a person sealed with keys from the passphrase.

use super::{generate, BuildReport, Error, Options};
use crate::output::encrypt::{Encryption, Settings};
use crate::read::config::edit;

/// Builds the whole private site and writes it encrypted. The passphrase
/// is checked, and a new salt saved, before anything is written.
pub(super) fn build(options: &Options) -> Result<BuildReport, Error> {
    if options.public {
        return Err(Error::Refused(
            "--public and --encrypt cannot go together: an encrypted build publishes the whole private site; choose one".into(),
        ));
    }
    let config = options.load_config()?;
    if config.publish.public {
        return Err(Error::Refused(
            "`publish.public: true` in the configuration makes every build public, so it cannot be encrypted; remove it to use --encrypt".into(),
        ));
    }
    let settings = &config.publish.encrypt;
    let encryption = Encryption::from_env(
        settings.salt.as_deref(),
        settings.iterations,
        Settings {
            busy_calendar: settings.busy_calendar,
        },
    )?;
    let mut notices = Vec::new();
    if encryption.salt_is_new && in_ci() {
        return Err(Error::Refused(format!(
            "{} has no publish.encrypt.salt, and a salt made here would be lost with this machine: run `coffeechat build --encrypt` once on your own machine (or `coffeechat init` makes one) and commit coffeechat.yaml",
            options.config_path().display()
        )));
    }
    if encryption.salt_is_new {
        // Saved first: a site published with a salt nobody kept could not
        // be built again to the same files.
        let salt = encryption.keys.salt().to_string();
        edit::add_salt(&options.config_path(), &salt).map_err(Error::Refused)?;
        notices.push(format!(
            "wrote a new publish.encrypt.salt to {} (commit it: it is not a secret, and every encrypted file depends on it)",
            options.config_path().display()
        ));
    }
    let private = Options {
        encrypt: false,
        public: false,
        ..options.clone()
    };
    let mut built = generate(&private)?;
    let sealed = encryption.apply(&built.output, &config.base_url.path)?;
    sealed.write(&options.output_dir(), &options.root)?;
    built.timings.lap("encrypt and write");
    Ok(BuildReport {
        diagnostics: built.diagnostics,
        notes: built.notes,
        files: sealed.files.len(),
        timings: built.timings,
        notices,
    })
}

/// Whether this runs in a CI job, whose files are thrown away after it.
fn in_ci() -> bool {
    ["CI", "GITHUB_ACTIONS"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|s| !s.is_empty() && s != "false"))
}
