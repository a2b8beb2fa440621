//! `cargo xtask interop`: the example server and client against HTTP/2
//! peers we did not write (curl, nghttp, h2load, nghttpd, the httpwg
//! conformance suite, headless Chromium), each scenario bounded in time,
//! every process stopped at the end. Prints PASS/FAIL/SKIP per scenario and
//! fails if any scenario fails.
//!
//! A peer that is not installed is SKIPped, unless `--require-all` (or
//! `H2_INTEROP_REQUIRE_ALL=1`, which `.ci/run` sets after installing them)
//! makes that a failure. The examples are built in release, or with `--dev`
//! taken from the dev profile (which `cargo test` has built already: no
//! extra build, slower servers).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::peers::{self, Peers, Workspace};
use crate::process::{run_bounded, Output, Service};
use crate::Result;

/// The most any one peer command may run.
const COMMAND_LIMIT: Duration = Duration::from_secs(60);
/// The h2load settings of the issue: 100,000 requests, 10 connections,
/// 100 streams each.
pub(crate) const H2LOAD_ARGS: [&str; 6] = ["-n", "100000", "-c", "10", "-m", "100"];

/// httpwg cases allowed to fail, each with its diagnosis in
/// docs/interop.md. Empty: every case must pass. A failure not listed here
/// fails the run; a listed case that passes is reported so the list can
/// shrink.
const HTTPWG_KNOWN_FAILURES: &[&str] = &[];

/// How a scenario ended.
enum Outcome {
    Pass(String),
    Fail(String),
    Skip(String),
}

/// The scenarios run so far.
struct Report {
    rows: Vec<(String, Outcome, Duration)>,
    require_all: bool,
    only: Vec<String>,
}

impl Report {
    /// Runs `scenario` unless filtered out; `needs` are the peers it uses
    /// (a missing one skips it, or fails it with `require_all`).
    fn run(
        &mut self,
        name: &str,
        needs: &[(&str, bool)],
        scenario: impl FnOnce() -> Result<String>,
    ) {
        if !self.only.is_empty() && !self.only.iter().any(|o| name.contains(o.as_str())) {
            return;
        }
        let missing: Vec<&str> = needs
            .iter()
            .filter(|(_, ok)| !ok)
            .map(|(n, _)| *n)
            .collect();
        let started = Instant::now();
        let outcome = if !missing.is_empty() {
            let why = format!("not installed: {}", missing.join(", "));
            if self.require_all {
                Outcome::Fail(why)
            } else {
                Outcome::Skip(why)
            }
        } else {
            match scenario() {
                Ok(detail) => Outcome::Pass(detail),
                Err(reason) => Outcome::Fail(reason),
            }
        };
        let elapsed = started.elapsed();
        let (tag, detail) = match &outcome {
            Outcome::Pass(d) => ("PASS", d),
            Outcome::Fail(d) => ("FAIL", d),
            Outcome::Skip(d) => ("SKIP", d),
        };
        eprintln!("{tag}  {name} ({:.1}s): {detail}", elapsed.as_secs_f64());
        self.rows.push((name.to_string(), outcome, elapsed));
    }

    fn finish(&self, total: Duration) -> Result {
        let count = |f: fn(&Outcome) -> bool| self.rows.iter().filter(|r| f(&r.1)).count();
        let passed = count(|o| matches!(o, Outcome::Pass(_)));
        let failed = count(|o| matches!(o, Outcome::Fail(_)));
        let skipped = count(|o| matches!(o, Outcome::Skip(_)));
        eprintln!("\n==== interop summary ({:.1}s)", total.as_secs_f64());
        for (name, outcome, elapsed) in &self.rows {
            let tag = match outcome {
                Outcome::Pass(_) => "PASS",
                Outcome::Fail(_) => "FAIL",
                Outcome::Skip(_) => "SKIP",
            };
            eprintln!("{tag}  {:5.1}s  {name}", elapsed.as_secs_f64());
        }
        eprintln!("{passed} passed, {failed} failed, {skipped} skipped");
        if failed > 0 {
            return Err(format!("{failed} interop scenario(s) failed"));
        }
        Ok(())
    }
}

pub(crate) fn interop(args: &[String]) -> Result {
    let started = Instant::now();
    let mut require_all = std::env::var("H2_INTEROP_REQUIRE_ALL").is_ok_and(|v| v == "1");
    let mut release = true;
    let mut only = Vec::new();
    for arg in args {
        match arg.as_str() {
            "--require-all" => require_all = true,
            "--dev" => release = false,
            name => only.push(name.to_string()),
        }
    }
    let peers = Peers::find();
    eprintln!("{}", peers.describe());
    let bin = peers::build_examples(release)?;
    let work = Workspace::new("interop")?;
    let files = work.files()?;
    let mut report = Report {
        rows: Vec::new(),
        require_all,
        only,
    };

    let www = files.www.to_string_lossy().into_owned();
    let server = bin.join("server").to_string_lossy().into_owned();
    let client = bin.join("client").to_string_lossy().into_owned();
    let plain = peers::start_example_server(&server, &["--dir", &www], &work.dir)?;
    let tls = peers::start_example_server(&server, &["--tls", "--dir", &www], &work.dir)?;
    let p = plain.port;
    let t = tls.port;
    let curl = peers.curl.clone();
    let has = |p: &Option<PathBuf>| p.is_some();

    // ---- curl -------------------------------------------------------------
    let curl_path = curl.clone().unwrap_or_default();
    let curl_s = curl_path.to_string_lossy().into_owned();
    report.run(
        "curl: prior knowledge, GET /echo",
        &[("curl", has(&curl))],
        || {
            let out = run(
                &curl_s,
                &[
                    "-sS",
                    "--http2-prior-knowledge",
                    "-w",
                    "\n%{http_version} %{http_code}",
                    &format!("http://127.0.0.1:{p}/echo"),
                ],
                &work.dir,
            )?;
            expect_suffix(&out.stdout, "\n2 200")?;
            expect_contains(&out.stdout, "\":path\":\"/echo\"")?;
            Ok("HTTP/2 200, request headers echoed".into())
        },
    );
    report.run(
        "curl: prior knowledge, POST 20 MiB to /echo",
        &[("curl", has(&curl))],
        || {
            let out_file = work.dir.join("curl-echo.json");
            let data = format!("@{}", files.upload.display());
            let out = run(
                &curl_s,
                &[
                    "-sS",
                    "--http2-prior-knowledge",
                    "--data-binary",
                    &data,
                    "-H",
                    "content-type: application/octet-stream",
                    "-o",
                    &out_file.to_string_lossy(),
                    "-w",
                    "%{http_version} %{http_code} %{size_upload}",
                    &format!("http://127.0.0.1:{p}/echo"),
                ],
                &work.dir,
            )?;
            let expected = format!("2 200 {}", files.upload_len);
            if out.stdout.trim() != expected {
                return Err(format!(
                    "curl printed {:?}, expected {expected:?}",
                    out.stdout.trim()
                ));
            }
            check_echoed_file(&out_file, &files.upload)?;
            Ok(format!(
                "{} octets up, echoed back intact",
                files.upload_len
            ))
        },
    );
    report.run(
        "curl: h2c upgrade (--http2), GET /echo",
        &[("curl", has(&curl))],
        || {
            let before = plain.service.log().matches("h2c-upgrade").count();
            let out = run(
                &curl_s,
                &[
                    "-sS",
                    "--http2",
                    "-w",
                    "\n%{http_version} %{http_code}",
                    &format!("http://127.0.0.1:{p}/echo?upgrade"),
                ],
                &work.dir,
            )?;
            expect_suffix(&out.stdout, "\n2 200")?;
            wait_until(|| plain.service.log().matches("h2c-upgrade").count() > before)
                .map_err(|_| "the server did not log an h2c-upgrade request".to_string())?;
            Ok("101 then HTTP/2 200 on stream 1".into())
        },
    );
    report.run(
        "curl: TLS with ALPN h2 (-k --http2)",
        &[("curl", has(&curl))],
        || {
            let out = run(
                &curl_s,
                &[
                    "-sS",
                    "-k",
                    "--http2",
                    "-w",
                    "\n%{http_version} %{http_code}",
                    &format!("https://127.0.0.1:{t}/echo"),
                ],
                &work.dir,
            )?;
            expect_suffix(&out.stdout, "\n2 200")?;
            expect_contains(&out.stdout, "\":scheme\":\"https\"")?;
            Ok("ALPN negotiated h2, HTTP/2 200".into())
        },
    );

    // ---- nghttp -----------------------------------------------------------
    let nghttp = peers.nghttp.clone().unwrap_or_default();
    let nghttp_s = nghttp.to_string_lossy().into_owned();
    for (name, flags) in [
        ("nghttp: prior knowledge, GET / with server push", "-nv"),
        ("nghttp: h2c upgrade (-u), GET / with server push", "-nvu"),
    ] {
        report.run(name, &[("nghttp", has(&peers.nghttp))], || {
            let out = run(
                &nghttp_s,
                &[flags, &format!("http://127.0.0.1:{p}/")],
                &work.dir,
            )?;
            if !out.success() {
                return Err(format!("nghttp failed:\n{}", tail(&out.both())));
            }
            if flags.contains('u') {
                expect_contains(&out.stdout, "HTTP Upgrade success")?;
            }
            expect_contains(&out.stdout, "recv PUSH_PROMISE frame")?;
            expect_contains(&out.stdout, ":path: /style.css")?;
            let ok = out.stdout.matches(":status: 200").count();
            if ok < 2 {
                return Err(format!(
                    "expected 200 for the page and the pushed stylesheet, saw {ok}"
                ));
            }
            Ok("page 200, /style.css pushed and 200".into())
        });
    }

    // ---- h2load -----------------------------------------------------------
    let h2load = peers.h2load.clone().unwrap_or_default();
    report.run(
        "h2load: -n 100000 -c 10 -m 100, GET /echo",
        &[("h2load", has(&peers.h2load))],
        || {
            let quiet = peers::start_example_server(&server, &["--quiet"], &work.dir)?;
            let result = peers::h2load(
                &h2load,
                &format!("http://127.0.0.1:{}/echo", quiet.port),
                &work.dir,
            )?;
            if result.succeeded != 100_000 || result.failed != 0 || result.errored != 0 {
                return Err(format!("{result:?}"));
            }
            Ok(format!(
                "100000 succeeded, 0 failed, 0 errored, {:.0} req/s",
                result.requests_per_second
            ))
        },
    );

    // ---- our client against other servers --------------------------------
    let nghttpd = peers.nghttpd.clone().unwrap_or_default();
    report.run(
        "client -> nghttpd: prior knowledge, GET 5 MiB file",
        &[("nghttpd", has(&peers.nghttpd))],
        || {
            let port = crate::process::free_port()?;
            let mut daemon = Service::start(
                "nghttpd",
                &nghttpd.to_string_lossy(),
                &["--no-tls", "-d", &www, &port.to_string()],
                &work.dir,
            )?;
            daemon.wait_for_port(([127, 0, 0, 1], port).into(), Duration::from_secs(10))?;
            let out_file = work.dir.join("from-nghttpd.bin");
            let out = run(
                &client,
                &[
                    "-o",
                    &out_file.to_string_lossy(),
                    &format!("http://127.0.0.1:{port}/file.bin"),
                ],
                &work.dir,
            )?;
            expect_prefix(&out.stdout, "HTTP/2 200\n")?;
            same_file(&out_file, &files.www.join("file.bin"))?;
            Ok(format!("{} octets, identical", files.file_len))
        },
    );
    report.run(
        "client -> nghttpd: TLS (--cacert), GET 5 MiB file",
        &[
            ("nghttpd", has(&peers.nghttpd)),
            ("openssl", has(&peers.openssl)),
        ],
        || {
            let (cert, key) =
                work.certificate(peers.openssl.as_deref().unwrap_or(Path::new("openssl")))?;
            let port = crate::process::free_port()?;
            let mut daemon = Service::start(
                "nghttpd",
                &nghttpd.to_string_lossy(),
                &["-d", &www, &port.to_string(), &key, &cert],
                &work.dir,
            )?;
            daemon.wait_for_port(([127, 0, 0, 1], port).into(), Duration::from_secs(10))?;
            let out_file = work.dir.join("from-nghttpd-tls.bin");
            let out = run(
                &client,
                &[
                    "--cacert",
                    &cert,
                    "-o",
                    &out_file.to_string_lossy(),
                    &format!("https://127.0.0.1:{port}/file.bin"),
                ],
                &work.dir,
            )?;
            expect_prefix(&out.stdout, "HTTP/2 200\n")?;
            same_file(&out_file, &files.www.join("file.bin"))?;
            Ok("certificate verified, ALPN h2, identical".into())
        },
    );
    report.run(
        "client -> server: h2c upgrade (--upgrade), POST /echo",
        &[],
        || {
            let out = run(
                &client,
                &[
                    "--upgrade",
                    "-d",
                    "upgraded body",
                    &format!("http://127.0.0.1:{p}/echo"),
                ],
                &work.dir,
            )?;
            expect_prefix(&out.stdout, "HTTP/2 200\n")?;
            expect_suffix(&out.stdout, ",\"body\":\"upgraded body\"}\n")?;
            Ok("101, then the answer on stream 1".into())
        },
    );
    report.run(
        "client -> server: TLS (-k), POST 20 MiB to /echo",
        &[],
        || {
            let out_file = work.dir.join("client-echo.json");
            let data = format!("@{}", files.upload.display());
            let out = run(
                &client,
                &[
                    "-k",
                    "-d",
                    &data,
                    "-o",
                    &out_file.to_string_lossy(),
                    &format!("https://127.0.0.1:{t}/echo"),
                ],
                &work.dir,
            )?;
            expect_prefix(&out.stdout, "HTTP/2 200\n")?;
            check_echoed_file(&out_file, &files.upload)?;
            Ok("uploaded and echoed back intact".into())
        },
    );
    report.run(
        "client -> server --cert/--key: TLS verified with --cacert",
        &[("openssl", has(&peers.openssl))],
        || {
            let (cert, key) =
                work.certificate(peers.openssl.as_deref().unwrap_or(Path::new("openssl")))?;
            let own = peers::start_example_server(
                &server,
                &["--tls", "--cert", &cert, "--key", &key],
                &work.dir,
            )?;
            let out = run(
                &client,
                &[
                    "--cacert",
                    &cert,
                    &format!("https://127.0.0.1:{}/", own.port),
                ],
                &work.dir,
            )?;
            expect_prefix(&out.stdout, "HTTP/2 200\ncontent-type: text/html")?;
            Ok("PEM certificate and key loaded; chain verified".into())
        },
    );

    // ---- conformance suite -----------------------------------------------
    report.run(
        "httpwg: RFC 9113 conformance suite",
        &[("httpwg", has(&peers.httpwg))],
        || {
            let target = peers::start_example_server(&server, &["--quiet"], &work.dir)?;
            let httpwg = peers.httpwg.as_deref().unwrap_or(Path::new("httpwg"));
            let address = format!("127.0.0.1:{}", target.port);
            let out = run_bounded(
                &httpwg.to_string_lossy(),
                &["-a", &address],
                &work.dir,
                COMMAND_LIMIT,
            )?;
            let summary = peers::httpwg_summary(&out.both())?;
            let unexpected: Vec<&String> = summary
                .failures
                .iter()
                .filter(|f| !HTTPWG_KNOWN_FAILURES.contains(&f.as_str()))
                .collect();
            let fixed: Vec<&&str> = HTTPWG_KNOWN_FAILURES
                .iter()
                .filter(|k| !summary.failures.iter().any(|f| f == *k))
                .collect();
            let mut detail = format!("{}/{} passed", summary.passed, summary.total);
            for (failure, reason) in summary.failures.iter().zip(&summary.reasons) {
                let known = if HTTPWG_KNOWN_FAILURES.contains(&failure.as_str()) {
                    " (known, see docs/interop.md)"
                } else {
                    ""
                };
                detail.push_str(&format!(
                    "\n      failed: {failure}{known}\n        {reason}"
                ));
            }
            for case in &fixed {
                detail.push_str(&format!("\n      known failure now passes: {case}"));
            }
            if !unexpected.is_empty() || summary.total == 0 {
                return Err(detail);
            }
            Ok(detail)
        },
    );

    // ---- a real browser --------------------------------------------------
    report.run(
        "chromium: headless loads https://127.0.0.1/ (page + stylesheet over h2)",
        &[("chromium", has(&peers.chromium))],
        || {
            let chromium = peers.chromium.as_deref().unwrap_or(Path::new("chromium"));
            let profile = work.dir.join("chromium-profile");
            let profile_arg = format!("--user-data-dir={}", profile.display());
            let url = format!("https://127.0.0.1:{t}/");
            let out = run_bounded(
                &chromium.to_string_lossy(),
                &[
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--ignore-certificate-errors",
                    &profile_arg,
                    "--dump-dom",
                    &url,
                ],
                &work.dir,
                COMMAND_LIMIT,
            )?;
            expect_contains(&out.stdout, "<h1>Hello over HTTP/2</h1>")
                .map_err(|e| format!("{e}\nchromium said:\n{}", tail(&out.stderr)))?;
            // The server logs one line per request with the protocol: both
            // the page and its stylesheet came over h2 (TLS).
            let log = tls.service.log();
            let page = log
                .lines()
                .any(|l| l.contains(" h2-tls ") && l.contains("\"GET /\" 200"));
            let style = log
                .lines()
                .any(|l| l.contains(" h2-tls ") && l.contains("\"GET /style.css\" 200"));
            if !(page && style) {
                return Err(format!(
                    "the server log lacks the h2 page or stylesheet:\n{}",
                    tail(&log)
                ));
            }
            Ok("page and /style.css served over HTTP/2 (TLS, ALPN h2)".into())
        },
    );

    // ---- graceful shutdown -----------------------------------------------
    report.run(
        "server: Ctrl-C mid-upload sends GOAWAY and lets the stream finish",
        &[("curl", has(&curl))],
        || {
            let mut target = peers::start_example_server(&server, &[], &work.dir)?;
            let data = format!("@{}", files.small_upload.display());
            let out_file = work.dir.join("shutdown-echo.json");
            // About 2 s at 1 MB/s: still uploading when the signal comes.
            let mut upload = Service::start(
                "curl",
                &curl_s,
                &[
                    "-sS",
                    "--http2-prior-knowledge",
                    "--limit-rate",
                    "1M",
                    "--data-binary",
                    &data,
                    "-o",
                    &out_file.to_string_lossy(),
                    "-w",
                    "%{http_version} %{http_code}",
                    &format!("http://127.0.0.1:{}/echo", target.port),
                ],
                &work.dir,
            )?;
            std::thread::sleep(Duration::from_millis(500));
            let status = target.service.interrupt(Duration::from_secs(20))?;
            let finished = upload.wait_exit(Duration::from_secs(20))?;
            if !status.success() {
                return Err(format!(
                    "the server exited with {status}:\n{}",
                    tail(&target.service.log())
                ));
            }
            if !finished.success() || !upload.log().contains("2 200") {
                return Err(format!(
                    "the upload in flight did not complete ({finished}): {}",
                    upload.log()
                ));
            }
            check_echoed_file(&out_file, &files.small_upload)?;
            expect_contains(&target.service.log(), "server: stopped")?;
            Ok("GOAWAY, upload finished with 200, server exited 0".into())
        },
    );

    drop(plain);
    drop(tls);
    report.finish(started.elapsed())
}

/// Runs a peer command with the standard bound.
fn run(program: &str, args: &[&str], dir: &Path) -> Result<Output> {
    let out = run_bounded(program, args, dir, COMMAND_LIMIT)?;
    if !out.success() {
        return Err(format!(
            "`{program} {}` failed ({}):\n{}",
            args.join(" "),
            out.status,
            tail(&out.both())
        ));
    }
    Ok(out)
}

fn expect_contains(haystack: &str, needle: &str) -> Result {
    if haystack.contains(needle) {
        Ok(())
    } else {
        Err(format!("expected {needle:?} in:\n{}", tail(haystack)))
    }
}

fn expect_prefix(haystack: &str, prefix: &str) -> Result {
    if haystack.starts_with(prefix) {
        Ok(())
    } else {
        Err(format!(
            "expected output starting {prefix:?}, got:\n{}",
            tail(haystack)
        ))
    }
}

fn expect_suffix(haystack: &str, suffix: &str) -> Result {
    if haystack.ends_with(suffix) {
        Ok(())
    } else {
        Err(format!(
            "expected output ending {suffix:?}, got:\n{}",
            tail(haystack)
        ))
    }
}

/// The last lines of some output, for a report.
fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(15)..].join("\n")
}

/// Polls `condition` for up to two seconds.
fn wait_until(mut condition: impl FnMut() -> bool) -> Result {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(2) {
        if condition() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Err("timed out".into())
}

/// The echo's JSON in `echoed` carries exactly `original` as its body
/// (our upload files need no JSON escaping).
fn check_echoed_file(echoed: &Path, original: &Path) -> Result {
    let json = std::fs::read(echoed).map_err(|e| format!("{}: {e}", echoed.display()))?;
    let sent = std::fs::read(original).map_err(|e| format!("{}: {e}", original.display()))?;
    let marker = b",\"body\":\"";
    let start = json
        .windows(marker.len())
        .position(|w| w == marker)
        .ok_or("the echo has no body")?
        + marker.len();
    let body = json[start..]
        .strip_suffix(b"\"}\n")
        .ok_or("the echo's JSON is not closed: truncated?")?;
    if body != sent.as_slice() {
        return Err(format!(
            "echoed body differs: {} octets back, {} sent",
            body.len(),
            sent.len()
        ));
    }
    Ok(())
}

fn same_file(a: &Path, b: &Path) -> Result {
    let x = std::fs::read(a).map_err(|e| format!("{}: {e}", a.display()))?;
    let y = std::fs::read(b).map_err(|e| format!("{}: {e}", b.display()))?;
    if x == y {
        Ok(())
    } else {
        Err(format!(
            "{} ({} octets) differs from {} ({} octets)",
            a.display(),
            x.len(),
            b.display(),
            y.len()
        ))
    }
}
