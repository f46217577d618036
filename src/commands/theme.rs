//! `coffeechat theme eject|list|context`.

use super::Failure;
use crate::render::theme;
use crate::Options;

/// Copies the default theme into `themes/NAME/`.
pub fn eject(options: &Options, name: &str) -> Result<(), Failure> {
    let files = theme::eject(&options.root, name).map_err(Failure::error)?;
    println!(
        "wrote {} files into themes/{name}/; set `theme: {name}` in coffeechat.yaml to use it",
        files.len()
    );
    Ok(())
}

/// Lists the themes, the one in use starred.
pub fn list(options: &Options) -> Result<(), Failure> {
    let configured = options.load_config().ok().and_then(|c| c.theme);
    for t in theme::list(&options.root, configured.as_deref()) {
        let marker = if t.active { "*" } else { " " };
        match t.path {
            Some(p) => println!("{marker} {} ({})", t.name, p.display()),
            None => println!("{marker} {}", t.name),
        }
    }
    Ok(())
}

/// Prints the data the template of `page` receives, as JSON.
pub fn context(options: &Options, page: &str) -> Result<(), Failure> {
    let contexts = crate::contexts(options).map_err(|e| {
        let closing = format!("error: {e}");
        match e {
            crate::Error::Diagnostics(diagnostics) => Failure::Diagnostics {
                diagnostics,
                closing: Some(closing),
            },
            other => Failure::error(other),
        }
    })?;
    let wanted = crate::pages::urls::output_path(page.trim_start_matches('/'));
    let (_, template, json) = contexts
        .into_iter()
        .find(|(path, _, _)| *path == wanted)
        .ok_or_else(|| Failure::Error(format!("no page {wanted}")))?;
    println!(
        "{{\"template\": {}, \"context\": {}}}",
        serde_json::Value::String(template),
        serde_json::to_string_pretty(&json).unwrap_or_default()
    );
    Ok(())
}
