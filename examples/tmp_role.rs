use coffeechat::serve::incremental::Session;
use coffeechat::Options;
use std::path::PathBuf;
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().unwrap());
    let note = root.join(args.next().unwrap());
    let from = args.next().unwrap_or("role: ".into());
    let options = Options {
        root: root.clone(),
        config: Some(root.join("config.yaml")),
        today: "2026-06-01".parse().ok(),
        ..Options::default()
    };
    let mut s = Session::new(options);
    s.rebuild(&[]).unwrap();
    let original = std::fs::read_to_string(&note).unwrap();
    let edited = original.replacen(&from, &format!("{from}Edited "), 1);
    for _ in 0..15 {
        std::fs::write(&note, &edited).unwrap();
        let r = s.rebuild(std::slice::from_ref(&note)).unwrap();
        eprintln!("{}", r.summary());
        std::fs::write(&note, &original).unwrap();
        s.rebuild(std::slice::from_ref(&note)).unwrap();
    }
}
