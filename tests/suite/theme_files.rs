//! Generated files of the default theme stay in step with their generators.

#[test]
fn syntax_css_is_current() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/themes/default/static/syntax.css"
    );
    let expected = coffeechat::markdown::syntax_css();
    if std::env::var_os("UPDATE_THEME").is_some() {
        std::fs::write(path, &expected).unwrap();
    }
    let actual = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        actual == expected,
        "themes/default/static/syntax.css is out of date: run `UPDATE_THEME=1 cargo test --test theme_files`"
    );
}
