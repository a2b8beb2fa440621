//! Test support: compare a rendered transition table with its checked-in copy
//! under `docs/fsm/`, so that any change to a table shows up in review.

use std::path::PathBuf;

/// Asserts that `docs/fsm/<name>` holds exactly `rendered`. With the
/// environment variable `H2_UPDATE_FSM=1`, writes it instead.
pub(crate) fn check(name: &str, rendered: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../docs/fsm")
        .join(name);
    if std::env::var_os("H2_UPDATE_FSM").is_some() {
        std::fs::write(&path, rendered).expect("docs/fsm is writable");
        return;
    }
    let stored = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        stored == rendered,
        "{} is out of date; regenerate it with H2_UPDATE_FSM=1 cargo test -p h2-proto fsm\n\n{rendered}",
        path.display()
    );
}
