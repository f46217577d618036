// The default theme is embedded with include_dir, which cargo cannot see:
// rebuild when any of its files changes.
fn main() {
    println!("cargo:rerun-if-changed=themes/default");
}
