//! The public per-file path, `extract_file`, on a real file: whatever
//! formats it sniffs (by extension and by content), it must not panic, and
//! every quote is the bytes of its span. The first byte picks the
//! extension, so every reader is reached.
#![no_main]

use std::path::PathBuf;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use unsc_kg::input::{Options, extract_file};

static DIR: LazyLock<tempdir::Dir> = LazyLock::new(tempdir::Dir::new);

mod tempdir {
    /// A private folder for this process, removed at exit.
    pub struct Dir(pub std::path::PathBuf);
    impl Dir {
        pub fn new() -> Dir {
            let base = if std::path::Path::new("/dev/shm").is_dir() {
                std::path::PathBuf::from("/dev/shm")
            } else {
                std::env::temp_dir()
            };
            let d = base.join(format!("unsc-kg-fuzz-{}", std::process::id()));
            std::fs::create_dir_all(&d).expect("fuzz temp folder");
            Dir(d)
        }
    }
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

const EXTENSIONS: &[&str] = &["txt", "md", "xml", "html", "htm", "TXT"];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let ext = EXTENSIONS[pick as usize % EXTENSIONS.len()];
    let path: PathBuf = DIR.0.join(format!("input.{ext}"));
    std::fs::write(&path, body).expect("write fuzz input");
    let opts = Options::default();
    if let Ok(fx) = extract_file(&path, &opts) {
        unsc_kg_fuzz::check_evidence(body, &fx.items);
    }
});
