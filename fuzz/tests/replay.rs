//! Replays every file under `corpus/<target>/` through that target's body.
//!
//! This is what CI runs when no nightly toolchain (or cargo-fuzz) is around:
//! the corpus keeps its value as a regression suite even without a fuzzer.

use std::path::Path;

/// A fuzz target's body: any input, no panic.
type Body = fn(&[u8]);

/// `(target name, body)` for every target; keep in step with `fuzz_targets/`.
const TARGETS: &[(&str, Body)] = &[
    ("frame_decode", h2_fuzz::frame_decode),
    ("hpack_decode", h2_fuzz::hpack_decode),
    ("hpack_roundtrip", h2_fuzz::hpack_roundtrip),
    ("server_receive", h2_fuzz::server_receive),
    ("client_receive", h2_fuzz::client_receive),
    ("pair_actions", h2_fuzz::pair_actions),
];

#[test]
fn replay_all_corpora() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut replayed = 0usize;
    for (name, body) in TARGETS {
        let dir = root.join(name);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            panic!("target {name} has no corpus directory {}", dir.display());
        };
        for entry in entries.flatten() {
            let bytes = std::fs::read(entry.path()).expect("readable corpus file");
            body(&bytes);
            replayed += 1;
        }
    }
    assert!(
        TARGETS.is_empty() || replayed > 0,
        "no corpus files were replayed"
    );
}
