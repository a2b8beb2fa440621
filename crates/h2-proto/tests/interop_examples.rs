//! The examples against each other over the paths hyperium's h2 cannot
//! take: the h2c upgrade from HTTP/1.1 and TLS with ALPN; and the tutorial
//! server against the example client. 127.0.0.1 only, each test bounded.

#![allow(clippy::unwrap_used)]

#[allow(dead_code, clippy::all)]
#[path = "../examples/client/main.rs"]
mod client;
#[allow(dead_code, clippy::all)]
#[path = "../examples/server/main.rs"]
mod server;
#[allow(dead_code, clippy::all)]
#[path = "../examples/tutorial_server.rs"]
mod tutorial_server;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

const TIME_LIMIT: Duration = Duration::from_secs(30);

async fn bounded<T>(future: impl Future<Output = T>) -> T {
    tokio::time::timeout(TIME_LIMIT, future)
        .await
        .expect("the test ran out of time")
}

/// The example server on an ephemeral port; TLS with a self-signed
/// certificate when `tls`. Stops when the sender is dropped.
async fn start_server(tls: bool) -> (SocketAddr, watch::Sender<bool>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let acceptor = tls.then(|| server::tls::acceptor(None, None).unwrap());
    let options = server::Options {
        host: "127.0.0.1".into(),
        quiet: true,
        tls,
        ..Default::default()
    };
    let (stop, shutdown) = watch::channel(false);
    tokio::spawn(server::serve(
        listener,
        acceptor,
        Arc::new(options),
        shutdown,
    ));
    (address, stop)
}

async fn fetch(args: &[&str]) -> Result<(u16, String, String), String> {
    let options = client::Options::parse(args.iter().map(|a| a.to_string()))?;
    let (mut head, mut body) = (Vec::new(), Vec::new());
    let status = client::fetch(&options, &mut head, &mut body).await?;
    Ok((
        status,
        String::from_utf8(head).unwrap(),
        String::from_utf8(body).unwrap(),
    ))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_upgrades_to_h2c_and_the_server_answers_on_stream_1() {
    bounded(async {
        let (address, _stop) = start_server(false).await;
        let url = format!("http://{address}/echo");
        let (status, head, body) = fetch(&["--upgrade", "-d", "over h1", &url]).await.unwrap();
        assert_eq!(status, 200);
        assert!(head.starts_with("HTTP/2 200\ncontent-type: application/json\n"));
        // The request went in HTTP/1.1; the server saw it as an HTTP/2 one.
        assert!(body.starts_with("{\"headers\":{\":method\":\"POST\",\":scheme\":\"http\","));
        assert!(body.ends_with(",\"body\":\"over h1\"}\n"));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_speaks_h2_over_tls_with_alpn() {
    bounded(async {
        let (address, _stop) = start_server(true).await;
        let url = format!("https://127.0.0.1:{}/echo", address.port());
        let (status, _, body) = fetch(&["-k", "-d", "secret", &url]).await.unwrap();
        assert_eq!(status, 200);
        assert!(body.contains("\":scheme\":\"https\""));
        assert!(body.ends_with(",\"body\":\"secret\"}\n"));

        // Without -k the self-signed certificate is refused.
        let ca =
            std::env::temp_dir().join(format!("h2-proto-interop-{}-empty.pem", std::process::id()));
        std::fs::write(&ca, "").unwrap();
        let refused = fetch(&["--cacert", ca.to_str().unwrap(), &url]).await;
        assert!(refused.is_err());
        std::fs::remove_file(ca).unwrap();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_refuses_plain_http1_with_426() {
    bounded(async {
        let (address, _stop) = start_server(false).await;
        let mut socket = TcpStream::connect(address).await.unwrap();
        socket
            .write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .await
            .unwrap();
        let mut response = Vec::new();
        socket.read_to_end(&mut response).await.unwrap();
        assert!(response.starts_with(b"HTTP/1.1 426 Upgrade Required\r\nUpgrade: h2c\r\n"));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_fetches_from_the_tutorial_server() {
    bounded(async {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        // The tutorial server is blocking: one connection on a thread.
        let served = std::thread::spawn(move || {
            let (socket, _) = listener.accept().unwrap();
            tutorial_server::handle(socket)
        });
        let url = format!("http://{address}/tutorial?x=1");
        let (status, head, body) = fetch(&[&url]).await.unwrap();
        assert_eq!(status, 200);
        assert!(head.starts_with("HTTP/2 200\nserver: basic-h2-server/1.0\n"));
        assert!(body.starts_with("{\":method\": \"GET\", \":scheme\": \"http\""));
        assert!(body.contains("\":path\": \"/tutorial?x=1\""));
        // The client's GOAWAY and close end the tutorial's connection cleanly.
        tokio::task::spawn_blocking(move || served.join().unwrap().unwrap())
            .await
            .unwrap();
    })
    .await;
}
