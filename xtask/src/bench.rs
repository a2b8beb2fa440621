//! `cargo xtask bench [BENCH...] [--quick]`: the criterion benches, then a
//! ratio table.
//!
//! Every bench group in `benches/benches/` runs our implementation beside a
//! peer (hyperium's h2, nghttp2, httlib-hpack) in the same process, so one
//! run gives comparable numbers. Absolute times swing with the machine's
//! load; the ratios are what to read. This task runs the benches and then
//! reads criterion's own result files (`<target>/criterion/**/new/*.json`)
//! for the groups measured in this run, and prints for each group every
//! implementation's time per iteration, its throughput and the ratio of its
//! time to ours (above 1: ours is faster).

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde_json::Value;

use crate::{root, run, Result};

/// The bench targets, in the order the layers stack.
const BENCHES: &[&str] = &["frame", "hpack", "pair"];

/// Function ids that name our own implementation inside a group.
const OURS: &[&str] = &["ours", "h2-frame", "h2-hpack", "h2-proto"];

/// One measured function of one group.
struct Measurement {
    group: String,
    function: String,
    /// Mean time per iteration, in nanoseconds.
    mean_ns: f64,
    /// Elements or bytes per iteration, as criterion was told.
    throughput: Option<(String, f64)>,
}

pub(crate) fn bench(args: &[String]) -> Result {
    let quick = args.iter().any(|a| a == "--quick");
    let mut chosen: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if chosen.is_empty() {
        chosen = BENCHES.to_vec();
    }
    if let Some(unknown) = chosen.iter().find(|b| !BENCHES.contains(b)) {
        return Err(format!("unknown bench `{unknown}`; known: {BENCHES:?}"));
    }
    let started = SystemTime::now();
    let timing: &[&str] = if quick {
        &["--warm-up-time", "1", "--measurement-time", "2"]
    } else {
        &["--warm-up-time", "2", "--measurement-time", "6"]
    };
    for bench in &chosen {
        let mut cmd = vec!["bench", "-p", "h2-benches", "--bench", bench, "--"];
        cmd.extend_from_slice(timing);
        run("cargo", &cmd)?;
    }
    let results = collect(&criterion_dir(), started)?;
    if results.is_empty() {
        return Err("no criterion results were written by this run".into());
    }
    print_table(&results);
    Ok(())
}

/// Where criterion writes: `$CARGO_TARGET_DIR/criterion` or `target/criterion`.
fn criterion_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
        .join("criterion")
}

/// Every `new/benchmark.json` under `dir` written after `since`.
fn collect(dir: &Path, since: SystemTime) -> Result<Vec<Measurement>> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let in_new = path
                .parent()
                .and_then(Path::file_name)
                .is_some_and(|n| n == "new");
            let fresh = entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t >= since);
            if in_new && fresh && path.file_name().is_some_and(|n| n == "benchmark.json") {
                found.push(read_measurement(&path)?);
            }
        }
    }
    found.sort_by(|a, b| (&a.group, &a.function).cmp(&(&b.group, &b.function)));
    Ok(found)
}

fn read_json(path: &Path) -> Result<Value> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn read_measurement(benchmark_json: &Path) -> Result<Measurement> {
    let meta = read_json(benchmark_json)?;
    let estimates = read_json(&benchmark_json.with_file_name("estimates.json"))?;
    let text = |v: &Value, key: &str| v[key].as_str().unwrap_or_default().to_string();
    let mean_ns = estimates["mean"]["point_estimate"]
        .as_f64()
        .ok_or_else(|| format!("{}: no mean estimate", benchmark_json.display()))?;
    let throughput = meta["throughput"].as_object().and_then(|t| {
        let (unit, amount) = t.iter().next()?;
        Some((unit.clone(), amount.as_f64()?))
    });
    Ok(Measurement {
        group: text(&meta, "group_id"),
        function: text(&meta, "function_id"),
        mean_ns,
        throughput,
    })
}

fn print_table(results: &[Measurement]) {
    println!();
    println!(
        "{:<34} {:<14} {:>12} {:>30} {:>14}",
        "group", "implementation", "time/iter", "throughput", "theirs/ours"
    );
    let mut groups: Vec<&str> = results.iter().map(|m| m.group.as_str()).collect();
    groups.dedup();
    for group in groups {
        let rows: Vec<&Measurement> = results.iter().filter(|m| m.group == group).collect();
        let ours = rows
            .iter()
            .find(|m| OURS.contains(&m.function.as_str()))
            .map(|m| m.mean_ns);
        for m in rows {
            let ratio = match ours {
                Some(ours_ns) if !OURS.contains(&m.function.as_str()) => {
                    format!("{:.2}x", m.mean_ns / ours_ns)
                }
                _ => String::new(),
            };
            println!(
                "{:<34} {:<14} {:>12} {:>30} {:>14}",
                group,
                m.function,
                human_time(m.mean_ns),
                human_throughput(m),
                ratio
            );
        }
    }
}

fn human_time(ns: f64) -> String {
    if ns >= 1e9 {
        format!("{:.2} s", ns / 1e9)
    } else if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{ns:.1} ns")
    }
}

fn human_throughput(m: &Measurement) -> String {
    let Some((unit, amount)) = &m.throughput else {
        return String::new();
    };
    let per_second = amount / (m.mean_ns / 1e9);
    match unit.as_str() {
        "Bytes" | "BytesDecimal" => format!("{:.1} MiB/s", per_second / (1024.0 * 1024.0)),
        _ => format!(
            "{:.1} ns/elem, {:.0}/s",
            m.mean_ns / amount.max(1.0),
            per_second
        ),
    }
}
