//! What the interop and load runs share: finding the peer programs,
//! building and starting the example server, a scratch directory with the
//! test files, and reading h2load's and httpwg's reports.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::process::{find_program, run_bounded, Service};
use crate::{root, run, Result};

/// The peer programs found on this machine.
pub(crate) struct Peers {
    pub(crate) curl: Option<PathBuf>,
    pub(crate) nghttp: Option<PathBuf>,
    pub h2load: Option<PathBuf>,
    pub(crate) nghttpd: Option<PathBuf>,
    pub(crate) httpwg: Option<PathBuf>,
    pub(crate) chromium: Option<PathBuf>,
    pub(crate) openssl: Option<PathBuf>,
}

impl Peers {
    pub(crate) fn find() -> Self {
        let home_bin = |name: &str| {
            std::env::var_os("CARGO_HOME")
                .map(PathBuf::from)
                .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
                .map(|dir| dir.join("bin").join(name))
                .filter(|p| p.is_file())
        };
        Self {
            curl: find_program("curl"),
            nghttp: find_program("nghttp"),
            h2load: find_program("h2load"),
            nghttpd: find_program("nghttpd"),
            httpwg: std::env::var_os("H2_HTTPWG")
                .map(PathBuf::from)
                .filter(|p| p.is_file())
                .or_else(|| find_program("httpwg"))
                .or_else(|| home_bin("httpwg")),
            chromium: ["chromium", "chromium-browser", "google-chrome"]
                .iter()
                .find_map(|name| find_program(name)),
            openssl: find_program("openssl"),
        }
    }

    pub(crate) fn describe(&self) -> String {
        let show = |name: &str, p: &Option<PathBuf>| match p {
            Some(path) => format!("  {name}: {}", path.display()),
            None => format!("  {name}: not found"),
        };
        [
            "peers:".to_string(),
            show("curl", &self.curl),
            show("nghttp", &self.nghttp),
            show("h2load", &self.h2load),
            show("nghttpd", &self.nghttpd),
            show("httpwg", &self.httpwg),
            show("chromium", &self.chromium),
            show("openssl", &self.openssl),
        ]
        .join("\n")
    }
}

/// Where cargo puts build output.
pub(crate) fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root().join(dir),
        None => root().join("target"),
    }
}

/// Builds the example server and client once (in release, or in the dev
/// profile that `cargo test` has built already when `release` is false);
/// returns the directory holding them.
pub(crate) fn build_examples(release: bool) -> Result<PathBuf> {
    let mut args = vec![
        "build",
        "-p",
        "h2-proto",
        "--example",
        "server",
        "--example",
        "client",
    ];
    if release {
        args.push("--release");
    }
    run("cargo", &args)?;
    let profile = if release { "release" } else { "debug" };
    Ok(target_dir().join(profile).join("examples"))
}

/// A running example server (or any server printing the same first
/// line) and the port it chose.
pub(crate) struct Started {
    pub(crate) service: Service,
    pub(crate) port: u16,
}

/// Starts `program --port 0 ARGS` and reads the port from its first line
/// (`...listening on http://127.0.0.1:PORT/...`).
pub(crate) fn start_example_server(program: &str, args: &[&str], dir: &Path) -> Result<Started> {
    let mut all = vec!["--port", "0"];
    all.extend_from_slice(args);
    let mut service = Service::start("server", program, &all, dir)?;
    let log = service.wait_for_output("listening on", Duration::from_secs(20))?;
    let port = log
        .lines()
        .find_map(|line| {
            let after = line.split("127.0.0.1:").nth(1)?;
            let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .ok_or_else(|| format!("no port in the server's first line: {log}"))?;
    Ok(Started { service, port })
}

/// A scratch directory, removed when dropped.
pub(crate) struct Workspace {
    pub(crate) dir: PathBuf,
}

/// The files the scenarios send and serve.
pub(crate) struct Files {
    /// 20 MiB of letters and digits (no JSON escaping needed in the echo).
    pub(crate) upload: PathBuf,
    pub(crate) upload_len: u64,
    /// 2 MiB of the same.
    pub(crate) small_upload: PathBuf,
    /// The directory served by `--dir` and nghttpd.
    pub(crate) www: PathBuf,
    /// The size of `www/file.bin` (arbitrary bytes).
    pub(crate) file_len: u64,
}

impl Workspace {
    pub(crate) fn new(name: &str) -> Result<Self> {
        let dir = std::env::temp_dir().join(format!("h2-xtask-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        Ok(Self { dir })
    }

    pub(crate) fn files(&self) -> Result<Files> {
        let write = |path: &Path, bytes: &[u8]| {
            std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
        };
        let upload_len = 20 << 20;
        let upload = self.dir.join("upload.bin");
        write(&upload, &pattern(upload_len, true))?;
        let small_upload = self.dir.join("small-upload.bin");
        write(&small_upload, &pattern(2 << 20, true))?;
        let www = self.dir.join("www");
        std::fs::create_dir_all(&www).map_err(|e| format!("{}: {e}", www.display()))?;
        let file_len = 5 << 20;
        write(&www.join("file.bin"), &pattern(file_len, false))?;
        Ok(Files {
            upload,
            upload_len: upload_len as u64,
            small_upload,
            www,
            file_len: file_len as u64,
        })
    }

    /// A self-signed certificate for 127.0.0.1 and localhost, made with
    /// openssl once per run: (certificate path, key path).
    pub(crate) fn certificate(&self, openssl: &Path) -> Result<(String, String)> {
        let cert = self.dir.join("cert.pem");
        let key = self.dir.join("key.pem");
        if !cert.is_file() {
            let (c, k) = (cert.to_string_lossy(), key.to_string_lossy());
            let out = run_bounded(
                &openssl.to_string_lossy(),
                &[
                    "req",
                    "-x509",
                    "-newkey",
                    "ec",
                    "-pkeyopt",
                    "ec_paramgen_curve:prime256v1",
                    "-nodes",
                    "-days",
                    "2",
                    "-subj",
                    "/CN=localhost",
                    "-addext",
                    "subjectAltName=DNS:localhost,IP:127.0.0.1",
                    // A leaf, not a CA: webpki refuses a CA certificate as
                    // the end entity even when it is also the trust anchor.
                    "-addext",
                    "basicConstraints=critical,CA:FALSE",
                    "-keyout",
                    &k,
                    "-out",
                    &c,
                ],
                &self.dir,
                Duration::from_secs(30),
            )?;
            if !out.success() {
                return Err(format!("openssl req failed:\n{}", out.both()));
            }
        }
        Ok((
            cert.to_string_lossy().into_owned(),
            key.to_string_lossy().into_owned(),
        ))
    }
}

impl Drop for Workspace {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `len` pseudo-random octets: letters and digits when `text`, any byte
/// otherwise. Deterministic, so a failure reproduces.
fn pattern(len: usize, text: bool) -> Vec<u8> {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..len)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            let byte = (state >> 33) as u8;
            if text {
                ALPHABET[usize::from(byte) % ALPHABET.len()]
            } else {
                byte
            }
        })
        .collect()
}

/// What h2load reported.
#[derive(Debug)]
pub(crate) struct H2load {
    pub(crate) requests_per_second: f64,
    pub(crate) succeeded: u64,
    pub(crate) failed: u64,
    pub(crate) errored: u64,
    /// Response body octets in total.
    pub(crate) data: u64,
}

/// Runs h2load with the settings (or `-n 1 -c 1` when `once`)
/// against `url` and reads its report.
pub(crate) fn h2load_with(
    h2load: &Path,
    url: &str,
    dir: &Path,
    settings: &[&str],
) -> Result<H2load> {
    let mut args = settings.to_vec();
    args.push(url);
    let out = run_bounded(
        &h2load.to_string_lossy(),
        &args,
        dir,
        Duration::from_secs(120),
    )?;
    let text = out.both();
    let number = |line: &str, key: &str| -> Option<u64> {
        line.split(',')
            .find(|part| part.trim().ends_with(key))?
            .split_whitespace()
            .next()
            .and_then(|n| n.trim_start_matches("requests:").trim().parse().ok())
    };
    let requests = text
        .lines()
        .find(|l| l.starts_with("requests:"))
        .ok_or_else(|| format!("no requests line in h2load's output:\n{text}"))?;
    let finished = text
        .lines()
        .find(|l| l.starts_with("finished in"))
        .ok_or_else(|| format!("no finished line in h2load's output:\n{text}"))?;
    let requests_per_second = finished
        .split(',')
        .nth(1)
        .and_then(|part| part.trim().strip_suffix(" req/s"))
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| format!("no req/s in {finished:?}"))?;
    let data = text
        .lines()
        .find(|l| l.starts_with("traffic:"))
        .and_then(|l| l.split(',').find(|p| p.trim().ends_with(" data")))
        .and_then(|p| p.split('(').nth(1)?.split(')').next()?.parse().ok())
        .unwrap_or(0);
    Ok(H2load {
        requests_per_second,
        succeeded: number(requests, "succeeded").unwrap_or(0),
        failed: number(requests, "failed").unwrap_or(u64::MAX),
        errored: number(requests, "errored").unwrap_or(u64::MAX),
        data,
    })
}

/// h2load with the settings.
pub(crate) fn h2load(h2load: &Path, url: &str, dir: &Path) -> Result<H2load> {
    h2load_with(h2load, url, dir, &crate::interop::H2LOAD_ARGS)
}

/// The httpwg report: how many cases ran and passed, and which failed.
pub(crate) struct HttpwgSummary {
    pub(crate) passed: u64,
    pub(crate) total: u64,
    pub(crate) failures: Vec<String>,
    /// The suite's reason for each failure, in the same order.
    pub(crate) reasons: Vec<String>,
}

pub(crate) fn httpwg_summary(output: &str) -> Result<HttpwgSummary> {
    let plain = strip_ansi(output);
    let counts = plain
        .lines()
        .find_map(|line| {
            let after = line.split("Passed ").nth(1)?;
            let (passed, rest) = after.split_once('/')?;
            let total: String = rest.chars().take_while(char::is_ascii_digit).collect();
            Some((passed.trim().parse().ok()?, total.parse().ok()?))
        })
        .ok_or_else(|| {
            format!(
                "no summary line in httpwg's output:\n{}",
                plain.lines().rev().take(20).collect::<Vec<_>>().join("\n")
            )
        })?;
    let lines: Vec<&str> = plain.lines().collect();
    let mut failures = Vec::new();
    let mut reasons = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if let Some(name) = line.split("Test failed: ").nth(1) {
            failures.push(name.trim().to_string());
            // The reason follows a few lines below as `0: ...`.
            let reason = lines[i + 1..]
                .iter()
                .take(6)
                .find_map(|l| l.trim().strip_prefix("0: "))
                .unwrap_or("");
            reasons.push(reason.trim().to_string());
        }
    }
    Ok(HttpwgSummary {
        passed: counts.0,
        total: counts.1,
        failures,
        reasons,
    })
}

/// Drops terminal colour sequences (`ESC [ ... m`).
fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}
