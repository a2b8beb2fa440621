//! `cargo xtask <task>`: the project's chores, in Rust so they run wherever cargo does.
//!
//! - `ci`: the whole gate that `.ci/run` calls (format, lints, tests, doc tests,
//!   `no_std` builds, fuzz smoke runs).
//! - `fuzz [TARGET] [--runs N]`: run cargo-fuzz targets (all by default) for N runs each.
//! - `fuzz-replay`: replay every fuzz corpus through its target's body as a plain test
//!   (what `ci` falls back to when no nightly toolchain or cargo-fuzz is available).
//! - `interop [--require-all] [--dev] [FILTER...]`: the example server and client against curl,
//!   nghttp, h2load, nghttpd, the httpwg conformance suite and headless Chromium.
//! - `bench [frame|hpack|pair] [--quick]`: the criterion benches (each beside its peer
//!   implementation), then a table of times, throughputs and ratios.
//! - `attack [--dev] [FILTER...]`: the denial-of-service attacks of `docs/security.md` over TCP
//!   against the example server; the server's reaction, its peak RSS growth, and whether it
//!   still answers `GET /` afterwards.
//! - `bench-server [--rounds N]`: h2load against the example server, a hyperium h2
//!   server with the same routes, and nghttpd; requests per second and ratios.

mod attack;
mod bench;
mod bench_server;
mod interop;
mod peers;
mod process;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

/// Crates that must build without `std` (`--no-default-features`).
const NO_STD_CRATES: &[&str] = &["h2-frame", "h2-hpack", "h2-settings"];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("ci") => ci(),
        Some("fuzz") => fuzz(&args[1..]),
        Some("fuzz-replay") => fuzz_replay(),
        Some("interop") => interop::interop(&args[1..]),
        Some("attack") => attack::attack(&args[1..]),
        Some("bench") => bench::bench(&args[1..]),
        Some("bench-server") => bench_server::bench_server(&args[1..]),
        _ => {
            eprintln!(
                "usage: cargo xtask <ci | fuzz [TARGET] [--runs N] | fuzz-replay | bench [frame|hpack|pair] [--quick] | interop [--require-all] [--dev] [FILTER...] | attack [--dev] [FILTER...] | bench-server [--rounds N]>"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

type Result<T = ()> = std::result::Result<T, String>;

/// The workspace root (the parent of this crate's directory).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Run a command from the workspace root, echoing it, failing on a non-zero exit.
fn run(program: &str, args: &[&str]) -> Result {
    run_in(&root(), program, args)
}

fn run_in(dir: &Path, program: &str, args: &[&str]) -> Result {
    let shown = format!("{program} {}", args.join(" "));
    eprintln!("\n==> {shown}");
    let started = Instant::now();
    let status = Command::new(program)
        .args(args)
        .current_dir(dir)
        .status()
        .map_err(|e| format!("cannot start `{shown}`: {e}"))?;
    eprintln!(
        "<== {shown} ({:.1}s, {status})",
        started.elapsed().as_secs_f64()
    );
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed with {status}"))
    }
}

fn ci() -> Result {
    run("cargo", &["fmt", "--all", "--check"])?;
    let clippy = |targets: &[&str]| {
        let mut args = vec!["clippy"];
        args.extend_from_slice(targets);
        args.extend_from_slice(&["--all-targets", "--", "-D", "warnings"]);
        run("cargo", &args)
    };
    clippy(&["--workspace"])?;
    // The optional `log` facade compiles out by default; lint it and run
    // the test that installs a logger.
    clippy(&["-p", "h2-proto", "--features", "log"])?;
    run(
        "cargo",
        &[
            "test",
            "-p",
            "h2-proto",
            "--features",
            "log",
            "--test",
            "logging",
        ],
    )?;
    // The fuzz crate is a workspace of its own (cargo-fuzz wants that); it
    // meets the same bar.
    let fuzz_dir = root().join("fuzz");
    run_in(&fuzz_dir, "cargo", &["fmt", "--all", "--check"])?;
    run_in(
        &fuzz_dir,
        "cargo",
        &["clippy", "--all-targets", "--", "-D", "warnings"],
    )?;
    // Unit, integration and doc tests of every crate.
    run("cargo", &["test", "--workspace"])?;
    for krate in NO_STD_CRATES {
        run("cargo", &["build", "-p", krate, "--no-default-features"])?;
    }
    if nightly_available() && ensure_cargo_fuzz() {
        fuzz(&["--runs".into(), "20000".into()])?;
    } else {
        eprintln!("xtask: no nightly toolchain or cargo-fuzz; replaying fuzz corpora as tests");
        fuzz_replay()?;
    }
    eprintln!("\nxtask ci: all steps passed");
    Ok(())
}

fn nightly_available() -> bool {
    Command::new("cargo")
        .args(["+nightly", "--version"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// Make sure `cargo fuzz` runs, installing it if needed. False when it cannot be had.
fn ensure_cargo_fuzz() -> bool {
    let works = || {
        Command::new("cargo")
            .args(["fuzz", "--version"])
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false)
    };
    if works() {
        return true;
    }
    let _ = run("cargo", &["install", "cargo-fuzz", "--locked"]);
    works()
}

/// The fuzz targets: one file each under `fuzz/fuzz_targets/`.
fn fuzz_targets() -> Result<Vec<String>> {
    let dir = root().join("fuzz").join("fuzz_targets");
    let mut targets = Vec::new();
    let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "rs") {
            if let Some(stem) = path.file_stem().and_then(|s| s.to_str()) {
                targets.push(stem.to_string());
            }
        }
    }
    targets.sort();
    Ok(targets)
}

fn fuzz(args: &[String]) -> Result {
    let mut runs = String::from("100000");
    let mut chosen = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--runs" => runs = iter.next().cloned().ok_or("--runs needs a number")?,
            name => chosen.push(name.to_string()),
        }
    }
    if chosen.is_empty() {
        chosen = fuzz_targets()?;
    }
    let fuzz_dir = root().join("fuzz");
    let runs_arg = format!("-runs={runs}");
    for target in &chosen {
        let corpus = fuzz_dir.join("corpus").join(target);
        std::fs::create_dir_all(&corpus).map_err(|e| format!("{}: {e}", corpus.display()))?;
        let corpus = corpus.to_string_lossy().into_owned();
        run_in(
            &fuzz_dir,
            "cargo",
            &[
                "+nightly",
                "fuzz",
                "run",
                target,
                &corpus,
                "--",
                &runs_arg,
                "-max_total_time=120",
            ],
        )?;
    }
    Ok(())
}

/// Replay the checked-in corpora through the targets' bodies on stable.
///
/// The fuzz crate exposes each target's body as a library function and has a
/// `replay` test that feeds it every file under `fuzz/corpus/`.
fn fuzz_replay() -> Result {
    let manifest = root().join("fuzz").join("Cargo.toml");
    if !manifest.exists() {
        eprintln!("xtask: no fuzz crate yet; nothing to replay");
        return Ok(());
    }
    let manifest = manifest.to_string_lossy().into_owned();
    run("cargo", &["test", "--manifest-path", &manifest])
}
