// The default theme and the starter site are embedded with include_dir,
// which cargo cannot see: rebuild when any of their files changes.
//
// The commit coffeechat is built from (when built from a Git checkout) is
// embedded too: `init` pins the publishing workflow to it, so a site is
// always built by the coffeechat it was made with.
fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    println!("cargo:rerun-if-changed=starter");
    println!("cargo:rerun-if-changed=.git/HEAD");
    println!("cargo:rerun-if-changed=.git/refs/heads");
    let commit = std::process::Command::new("git")
        .args(["rev-parse", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .filter(|s| s.len() == 40 && s.chars().all(|c| c.is_ascii_hexdigit()))
        .unwrap_or_default();
    println!("cargo:rustc-env=COFFEECHAT_COMMIT={commit}");
}
