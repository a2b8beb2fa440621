//! Helpers shared by the integration tests: where the shared reference data lives.

use std::path::PathBuf;

/// The shared reference directory: `$H2_SHARED_DIR` when set, else `../shared`
/// beside the repository (located from this crate's manifest directory).
#[allow(dead_code, unreachable_pub)]
pub fn shared_dir() -> PathBuf {
    match std::env::var_os("H2_SHARED_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    }
}
