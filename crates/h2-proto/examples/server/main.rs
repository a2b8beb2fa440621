//! An HTTP/2 server on tokio, built on the sans-IO `h2_proto::Connection`.
//!
//! ```text
//! cargo run --release -p h2-proto --example server -- [--host 127.0.0.1] [--port 8080]
//!     [--tls [--cert cert.pem --key key.pem]] [--dir DIR] [--quiet]
//! curl --http2-prior-knowledge http://127.0.0.1:8080/echo
//! ```
//!
//! It accepts HTTP/2 with prior knowledge and the h2c upgrade from HTTP/1.1
//! on a plain port, or TLS with ALPN `h2` with `--tls` (a self-signed
//! certificate is made at start-up unless `--cert`/`--key` are given).
//!
//! Routes: `GET /` an HTML page whose stylesheet is pushed when the client
//! allows push; `GET /style.css`; `GET`/`POST /echo` the request headers and
//! body back as JSON, streamed with flow control both ways; with `--dir`,
//! static files; 404 or 405 otherwise. One log line per request goes to
//! stderr (`--quiet` turns them off). Ctrl-C shuts down gracefully: GOAWAY,
//! then the streams in flight finish.
//!
//! Files: `main.rs` (options, accept loop, shutdown), `cleartext.rs`
//! (prior knowledge or h2c upgrade), `tls.rs`, `connection.rs` (the
//! per-connection driver around `h2_proto::Connection`), `exchange.rs` (one
//! response sent as the flow-control windows allow), `routes.rs`.

mod cleartext;
mod connection;
mod exchange;
pub(crate) mod routes;
pub(crate) mod tls;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio_rustls::TlsAcceptor;

/// How long a graceful shutdown waits for streams in flight.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// The command line.
#[derive(Debug, Default)]
pub(crate) struct Options {
    pub(crate) host: String,
    pub(crate) port: u16,
    pub(crate) tls: bool,
    pub(crate) cert: Option<PathBuf>,
    pub(crate) key: Option<PathBuf>,
    /// Serve the files under this directory.
    pub(crate) dir: Option<PathBuf>,
    /// No per-request log lines.
    pub(crate) quiet: bool,
}

const USAGE: &str = "usage: server [--host HOST] [--port PORT] [--tls [--cert PEM --key PEM]] [--dir DIR] [--quiet]";

impl Options {
    fn parse(mut args: impl Iterator<Item = String>) -> Result<Self, String> {
        let mut options = Self {
            host: "127.0.0.1".into(),
            port: 8080,
            ..Self::default()
        };
        while let Some(arg) = args.next() {
            let mut value = || args.next().ok_or(format!("{arg} needs a value"));
            match arg.as_str() {
                "--host" => options.host = value()?,
                "--port" => options.port = value()?.parse().map_err(|e| format!("--port: {e}"))?,
                "--tls" => options.tls = true,
                "--cert" => options.cert = Some(value()?.into()),
                "--key" => options.key = Some(value()?.into()),
                "--dir" => options.dir = Some(value()?.into()),
                "--quiet" | "-q" => options.quiet = true,
                "--help" | "-h" => return Err(USAGE.into()),
                other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
            }
        }
        Ok(options)
    }
}

fn main() -> ExitCode {
    let options = match Options::parse(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("server: cannot start the runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(options)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("server: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(options: Options) -> Result<(), String> {
    let tls = if options.tls {
        Some(tls::acceptor(
            options.cert.as_deref(),
            options.key.as_deref(),
        )?)
    } else {
        None
    };
    let address = format!("{}:{}", options.host, options.port);
    let listener = TcpListener::bind(&address)
        .await
        .map_err(|e| format!("cannot listen on {address}: {e}"))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    // The first line says where we listen (with --port 0, the port chosen).
    if tls.is_some() {
        eprintln!("server: listening on https://{local}/ (TLS, ALPN h2)");
    } else {
        eprintln!("server: listening on http://{local}/ (HTTP/2 prior knowledge or h2c upgrade)");
    }

    let (stop, shutdown) = watch::channel(false);
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            eprintln!("server: shutting down (GOAWAY sent, waiting for streams in flight)");
            let _ = stop.send(true);
        }
    });
    serve(listener, tls, Arc::new(options), shutdown).await;
    eprintln!("server: stopped");
    Ok(())
}

/// Accepts connections, one task each, until `shutdown` turns true; then
/// waits (at most [`SHUTDOWN_GRACE`]) for them to finish their streams.
pub(crate) async fn serve(
    listener: TcpListener,
    tls: Option<TlsAcceptor>,
    options: Arc<Options>,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (socket, peer) = match accepted {
                    Ok(accepted) => accepted,
                    Err(error) => {
                        // Out of file descriptors, most likely: back off.
                        eprintln!("server: accept failed: {error}");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                connections.spawn(handle(socket, peer, tls.clone(), options.clone(), shutdown.clone()));
            }
            // Reap finished connections so the set stays small.
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            _ = shutdown.changed() => break,
        }
    }
    drop(listener);
    let drained = tokio::time::timeout(SHUTDOWN_GRACE, async {
        while connections.join_next().await.is_some() {}
    });
    if drained.await.is_err() {
        eprintln!(
            "server: {} connections still busy; closing them",
            connections.len()
        );
        connections.abort_all();
    }
}

async fn handle(
    socket: tokio::net::TcpStream,
    peer: SocketAddr,
    tls: Option<TlsAcceptor>,
    options: Arc<Options>,
    shutdown: watch::Receiver<bool>,
) {
    // HTTP/2 frames are small and latency matters more than packet count.
    let _ = socket.set_nodelay(true);
    match tls {
        Some(acceptor) => tls::serve(acceptor, socket, peer, options, shutdown).await,
        None => cleartext::serve(socket, peer, options, shutdown).await,
    }
}
