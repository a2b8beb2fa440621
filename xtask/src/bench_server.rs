//! `cargo xtask bench-server [--rounds N]`: h2load with the same settings
//! against the example server (h2-proto), a server with the same routes on
//! hyperium's h2 (benches/src/bin/hyper_server.rs), and nghttpd serving a
//! file the size of the echo; prints requests per second and the ratios.
//!
//! A load test on a shared machine is noisy: each server gets a warm-up
//! run, then N rounds (default 3) taken in turn, and the best round counts.

use std::time::Duration;

use crate::peers::{self, h2load_with, Peers, Workspace};
use crate::process::{free_port, Service};
use crate::{run, Result};

const WARM_UP: [&str; 6] = ["-n", "10000", "-c", "10", "-m", "100"];

pub(crate) fn bench_server(args: &[String]) -> Result {
    let mut rounds = 3;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--rounds" => {
                rounds = iter
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|&n| n > 0)
                    .ok_or("--rounds needs a positive number")?;
            }
            other => return Err(format!("bench-server: unknown argument {other:?}")),
        }
    }
    let found = Peers::find();
    let h2load = found
        .h2load
        .ok_or("bench-server needs h2load (apt-get install nghttp2-client)")?;
    let nghttpd = found
        .nghttpd
        .ok_or("bench-server needs nghttpd (apt-get install nghttp2-server)")?;

    let examples = peers::build_examples(true)?;
    run(
        "cargo",
        &[
            "build",
            "--release",
            "-p",
            "h2-benches",
            "--bin",
            "hyper_server",
        ],
    )?;
    let hyper_bin = peers::target_dir().join("release").join("hyper_server");
    let work = Workspace::new("bench")?;

    let ours = peers::start_example_server(
        &examples.join("server").to_string_lossy(),
        &["--quiet"],
        &work.dir,
    )?;
    let hyper = peers::start_example_server(&hyper_bin.to_string_lossy(), &[], &work.dir)?;
    // nghttpd serves a static file as large as our echo's answer to h2load.
    let probe = h2load_with(
        &h2load,
        &format!("http://127.0.0.1:{}/echo", ours.port),
        &work.dir,
        &["-n", "1", "-c", "1"],
    )?;
    let www = work.dir.join("www");
    std::fs::create_dir_all(&www).map_err(|e| e.to_string())?;
    let size = usize::try_from(probe.data).unwrap_or(0).max(1);
    std::fs::write(www.join("echo"), vec![b'x'; size]).map_err(|e| e.to_string())?;
    let nghttpd_port = free_port()?;
    let mut daemon = Service::start(
        "nghttpd",
        &nghttpd.to_string_lossy(),
        &[
            "--no-tls",
            "-d",
            &www.to_string_lossy(),
            &nghttpd_port.to_string(),
        ],
        &work.dir,
    )?;
    daemon.wait_for_port(
        ([127, 0, 0, 1], nghttpd_port).into(),
        Duration::from_secs(10),
    )?;

    let targets = [
        ("h2-proto (examples/server)", ours.port),
        ("hyperium h2 (benches hyper_server)", hyper.port),
        ("nghttpd (C, nghttp2)", nghttpd_port),
    ];
    for (_, port) in &targets {
        h2load_with(
            &h2load,
            &format!("http://127.0.0.1:{port}/echo"),
            &work.dir,
            &WARM_UP,
        )?;
    }
    let mut best = [0.0f64; 3];
    for round in 1..=rounds {
        for (i, (name, port)) in targets.iter().enumerate() {
            let result =
                peers::h2load(&h2load, &format!("http://127.0.0.1:{port}/echo"), &work.dir)?;
            if result.succeeded != 100_000 || result.failed != 0 || result.errored != 0 {
                return Err(format!("{name}: h2load reported {result:?}"));
            }
            eprintln!(
                "round {round}: {name}: {:.0} req/s",
                result.requests_per_second
            );
            best[i] = best[i].max(result.requests_per_second);
        }
    }

    println!(
        "\nh2load {} http://127.0.0.1:PORT/echo  (best of {rounds}; response body {size} octets)",
        crate::interop::H2LOAD_ARGS.join(" ")
    );
    println!(
        "{:<36} {:>12} {:>16} {:>12}",
        "server", "req/s", "vs hyperium h2", "vs nghttpd"
    );
    for (i, (name, _)) in targets.iter().enumerate() {
        println!(
            "{:<36} {:>12.0} {:>15.2}x {:>11.2}x",
            name,
            best[i],
            best[i] / best[1],
            best[i] / best[2]
        );
    }
    drop(daemon);
    drop(ours);
    drop(hyper);
    Ok(())
}
