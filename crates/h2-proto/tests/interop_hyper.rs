//! The example server and client against hyperium's h2, an HTTP/2
//! implementation we did not write: its client talks to our server, and
//! our client fetches from its server. Everything runs on 127.0.0.1 with a
//! timeout, inside this process.
//!
//! The examples are compiled in as modules (the same source `cargo run
//! --example` builds), so these tests check the code a user copies.

#![allow(clippy::unwrap_used)]

#[allow(dead_code, clippy::all)]
#[path = "../examples/client/main.rs"]
mod client;
#[allow(dead_code, clippy::all)]
#[path = "../examples/server/main.rs"]
mod server;

use std::future::{poll_fn, Future};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::{Method, Request, Response, StatusCode};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// The most any one test may take.
const TIME_LIMIT: Duration = Duration::from_secs(30);

async fn bounded<T>(future: impl Future<Output = T>) -> T {
    tokio::time::timeout(TIME_LIMIT, future)
        .await
        .expect("the test ran out of time")
}

/// The example server on an ephemeral port, quiet.
struct ExampleServer {
    address: SocketAddr,
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

async fn start_server(dir: Option<PathBuf>) -> ExampleServer {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let options = server::Options {
        host: "127.0.0.1".into(),
        quiet: true,
        dir,
        ..Default::default()
    };
    let (stop, shutdown) = watch::channel(false);
    let task = tokio::spawn(server::serve(listener, None, Arc::new(options), shutdown));
    ExampleServer {
        address,
        stop,
        task,
    }
}

/// A hyperium h2 client connection to `address`.
async fn hyper_client(
    address: SocketAddr,
    builder: &h2::client::Builder,
) -> h2::client::SendRequest<Bytes> {
    let socket = TcpStream::connect(address).await.unwrap();
    let (client, connection) = builder.handshake(socket).await.unwrap();
    tokio::spawn(async move {
        let _ = connection.await;
    });
    client
}

fn request(method: Method, address: SocketAddr, path: &str) -> Request<()> {
    Request::builder()
        .method(method)
        .uri(format!("http://{address}{path}"))
        .body(())
        .unwrap()
}

/// Sends `body` as hyperium's flow control allows, ending the stream.
async fn send_body(stream: &mut h2::SendStream<Bytes>, mut body: Bytes) {
    while !body.is_empty() {
        stream.reserve_capacity(body.len());
        let capacity = poll_fn(|cx| stream.poll_capacity(cx))
            .await
            .expect("stream closed while sending")
            .unwrap();
        let chunk = body.split_to(capacity.min(body.len()));
        stream.send_data(chunk, body.is_empty()).unwrap();
    }
}

/// Reads a whole body, giving the window back as it goes.
async fn read_body(body: &mut h2::RecvStream) -> Vec<u8> {
    let mut all = Vec::new();
    while let Some(chunk) = body.data().await {
        let chunk = chunk.unwrap();
        body.flow_control().release_capacity(chunk.len()).unwrap();
        all.extend_from_slice(&chunk);
    }
    all
}

/// The `body` string of the echo's JSON (our payloads need no escaping).
fn echoed_body(json: &[u8]) -> &[u8] {
    let start = json
        .windows(9)
        .position(|w| w == b",\"body\":\"")
        .expect("no body in the echo")
        + 9;
    json[start..]
        .strip_suffix(b"\"}\n")
        .expect("the echo does not end its JSON")
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn payload(len: usize) -> Bytes {
    (0..len)
        .map(|i| b"abcdefghijklmnopqrstuvwxyz0123456789"[i % 36])
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hyper_client_gets_echo_and_posts_a_large_body() {
    bounded(async {
        let server = start_server(None).await;
        let mut client = hyper_client(server.address, &h2::client::Builder::new()).await;

        let (response, _) = client
            .send_request(request(Method::GET, server.address, "/echo"), true)
            .unwrap();
        let (head, mut body) = response.await.unwrap().into_parts();
        assert_eq!(head.status, StatusCode::OK);
        assert_eq!(head.headers["content-type"], "application/json");
        let json = read_body(&mut body).await;
        assert!(json.starts_with(b"{\"headers\":{\":method\":\"GET\""));
        assert!(contains(&json, b"\":path\":\"/echo\""));
        assert_eq!(echoed_body(&json), b"");

        // 3 MB: far past every initial window, so both directions wait on
        // WINDOW_UPDATEs. The response is read while the body is sent.
        let sent = payload(3_000_000);
        let (response, mut stream) = client
            .send_request(request(Method::POST, server.address, "/echo"), false)
            .unwrap();
        let upload = send_body(&mut stream, sent.clone());
        let download = async {
            let (head, mut body) = response.await.unwrap().into_parts();
            (head.status, read_body(&mut body).await)
        };
        let ((), (status, json)) = tokio::join!(upload, download);
        assert_eq!(status, StatusCode::OK);
        assert_eq!(echoed_body(&json), &sent[..]);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hyper_client_receives_the_pushed_stylesheet() {
    bounded(async {
        let server = start_server(None).await;
        let mut builder = h2::client::Builder::new();
        builder.enable_push(true);
        let mut client = hyper_client(server.address, &builder).await;
        let (mut response, _) = client
            .send_request(request(Method::GET, server.address, "/"), true)
            .unwrap();
        let promise = response
            .push_promises()
            .push_promise()
            .await
            .expect("no PUSH_PROMISE")
            .unwrap();
        let (pushed_request, pushed_response) = promise.into_parts();
        assert_eq!(pushed_request.method(), Method::GET);
        assert_eq!(pushed_request.uri().path(), "/style.css");
        let (head, mut body) = pushed_response.await.unwrap().into_parts();
        assert_eq!(head.status, StatusCode::OK);
        assert_eq!(head.headers["content-type"], "text/css");
        assert_eq!(
            read_body(&mut body).await,
            server::routes::STYLE_CSS.as_bytes()
        );

        let (head, mut body) = response.await.unwrap().into_parts();
        assert_eq!(head.status, StatusCode::OK);
        let page = read_body(&mut body).await;
        assert_eq!(page, server::routes::INDEX_HTML.as_bytes());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hyper_client_with_push_disabled_gets_no_promise() {
    bounded(async {
        let server = start_server(None).await;
        let mut builder = h2::client::Builder::new();
        builder.enable_push(false);
        let mut client = hyper_client(server.address, &builder).await;
        let (mut response, _) = client
            .send_request(request(Method::GET, server.address, "/"), true)
            .unwrap();
        let mut promises = response.push_promises();
        let (head, mut body) = response.await.unwrap().into_parts();
        assert_eq!(head.status, StatusCode::OK);
        read_body(&mut body).await;
        assert!(promises.push_promise().await.is_none());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hyper_client_runs_200_concurrent_requests() {
    bounded(async {
        let server = start_server(None).await;
        let mut client = hyper_client(server.address, &h2::client::Builder::new()).await;
        // One request first, so that hyperium's client has our SETTINGS
        // (MAX_CONCURRENT_STREAMS 100) in force before the burst. It sends
        // the ACK before it applies the values, so streams opened in that
        // gap exceed a limit it has acknowledged and are refused with
        // REFUSED_STREAM (RFC 9113 §5.1.2), which its API hands to the
        // caller instead of retrying. After that, it must queue the
        // requests past 100 until earlier streams finish; a refused stream
        // was not processed and is retried, as §8.7 allows, a few times.
        let (response, _) = client
            .send_request(request(Method::GET, server.address, "/echo"), true)
            .unwrap();
        let (head, mut body) = response.await.unwrap().into_parts();
        assert_eq!(head.status, StatusCode::OK);
        read_body(&mut body).await;
        let mut tasks = Vec::new();
        for i in 0..200 {
            let mut client = client.clone();
            let address = server.address;
            tasks.push(tokio::spawn(async move {
                let path = format!("/echo?n={i}");
                for _attempt in 0..3 {
                    client = client.ready().await.unwrap();
                    let (response, _) = client
                        .send_request(request(Method::GET, address, &path), true)
                        .unwrap();
                    match response.await {
                        Ok(response) => {
                            let (head, mut body) = response.into_parts();
                            let json = read_body(&mut body).await;
                            return (head.status, json, path);
                        }
                        Err(e) if e.reason() == Some(h2::Reason::REFUSED_STREAM) => continue,
                        Err(e) => panic!("{path}: {e}"),
                    }
                }
                panic!("{path}: refused three times")
            }));
        }
        for task in tasks {
            let (status, json, path) = task.await.unwrap();
            assert_eq!(status, StatusCode::OK);
            let expected = format!("\":path\":\"{path}\"");
            assert!(contains(&json, expected.as_bytes()));
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hyper_client_with_tiny_windows_downloads_a_file() {
    bounded(async {
        let dir = temp_dir("tiny-windows");
        let content = payload(1_000_003);
        std::fs::write(dir.join("data.bin"), &content).unwrap();
        let server = start_server(Some(dir.clone())).await;
        // 1 KiB windows: our server must send in window-sized pieces and
        // resume on each WINDOW_UPDATE.
        let mut builder = h2::client::Builder::new();
        builder
            .initial_window_size(1024)
            .initial_connection_window_size(1024);
        let mut client = hyper_client(server.address, &builder).await;
        let (response, _) = client
            .send_request(request(Method::GET, server.address, "/data.bin"), true)
            .unwrap();
        let (head, mut body) = response.await.unwrap().into_parts();
        assert_eq!(head.status, StatusCode::OK);
        assert_eq!(head.headers["content-length"], "1000003");
        assert_eq!(head.headers["content-type"], "application/octet-stream");
        assert_eq!(read_body(&mut body).await, &content[..]);

        let (response, _) = client
            .send_request(request(Method::GET, server.address, "/../data.bin"), true)
            .unwrap();
        assert_eq!(response.await.unwrap().status(), StatusCode::NOT_FOUND);
        let (response, _) = client
            .send_request(request(Method::DELETE, server.address, "/data.bin"), true)
            .unwrap();
        let head = response.await.unwrap();
        assert_eq!(head.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(head.headers()["allow"], "GET, HEAD");
        std::fs::remove_dir_all(dir).unwrap();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reset_uploads_give_their_connection_window_back() {
    bounded(async {
        let server = start_server(None).await;
        let mut client = hyper_client(server.address, &h2::client::Builder::new()).await;
        // 40 uploads of 512 KiB, each reset unanswered: 20 MiB in all, more
        // than the server's 16 MiB connection window. The echo holds what it
        // could not send yet; unless a reset gives that window back, the
        // connection runs dry and the last request below never completes.
        for _ in 0..40 {
            client = client.ready().await.unwrap();
            let (_response, mut stream) = client
                .send_request(request(Method::POST, server.address, "/echo"), false)
                .unwrap();
            let mut body = payload(512 * 1024);
            while !body.is_empty() {
                stream.reserve_capacity(body.len());
                let capacity = poll_fn(|cx| stream.poll_capacity(cx))
                    .await
                    .unwrap()
                    .unwrap();
                stream
                    .send_data(body.split_to(capacity.min(body.len())), false)
                    .unwrap();
            }
            stream.send_reset(h2::Reason::CANCEL);
        }
        let sent = payload(2_000_000);
        let (response, mut stream) = client
            .send_request(request(Method::POST, server.address, "/echo"), false)
            .unwrap();
        let download = async {
            let (head, mut body) = response.await.unwrap().into_parts();
            (head.status, read_body(&mut body).await)
        };
        let ((), (status, json)) = tokio::join!(send_body(&mut stream, sent.clone()), download);
        assert_eq!(status, StatusCode::OK);
        assert_eq!(echoed_body(&json), &sent[..]);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graceful_shutdown_lets_the_stream_in_flight_finish() {
    bounded(async {
        let server = start_server(None).await;
        let mut client = hyper_client(server.address, &h2::client::Builder::new()).await;
        let (response, mut stream) = client
            .send_request(request(Method::POST, server.address, "/echo"), false)
            .unwrap();
        stream
            .send_data(Bytes::from_static(b"before "), false)
            .unwrap();
        // The echo answers with its headers at once: once they are here the
        // server has the stream, and a shutdown must let it finish.
        let (head, mut body) = response.await.unwrap().into_parts();
        assert_eq!(head.status, StatusCode::OK);
        server.stop.send(true).unwrap();
        // Give the GOAWAY time to arrive before the rest of the body.
        tokio::time::sleep(Duration::from_millis(200)).await;
        stream
            .send_data(Bytes::from_static(b"after"), true)
            .unwrap();
        assert_eq!(echoed_body(&read_body(&mut body).await), b"before after");
        // The GOAWAY came first: no new stream is served.
        let refused = match client.ready().await {
            Ok(mut client) => {
                match client.send_request(request(Method::GET, server.address, "/echo"), true) {
                    Ok((response, _)) => response.await.is_err(),
                    Err(_) => true,
                }
            }
            Err(_) => true,
        };
        assert!(refused, "a stream opened after GOAWAY was served");
        // And the server's accept loop has ended.
        server.task.await.unwrap();
    })
    .await;
}

/// A hyperium h2 server: `/big` a 4 MB body, `/upload` the length of the
/// body it received as text. Windows of 16 KiB make our client wait.
async fn start_hyper_server() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let mut builder = h2::server::Builder::new();
                builder
                    .initial_window_size(16 * 1024)
                    .initial_connection_window_size(16 * 1024);
                let mut connection = builder.handshake::<_, Bytes>(socket).await.unwrap();
                while let Some(accepted) = connection.accept().await {
                    let Ok((request, respond)) = accepted else {
                        return;
                    };
                    tokio::spawn(hyper_respond(request, respond));
                }
            });
        }
    });
    address
}

async fn hyper_respond(
    request: Request<h2::RecvStream>,
    mut respond: h2::server::SendResponse<Bytes>,
) {
    let (head, mut body) = request.into_parts();
    let reply = match head.uri.path() {
        "/big" => payload(4_000_000),
        "/upload" => Bytes::from(read_body(&mut body).await.len().to_string()),
        _ => Bytes::from_static(b"?"),
    };
    let response = Response::builder()
        .status(StatusCode::OK)
        .header("content-length", reply.len())
        .body(())
        .unwrap();
    let mut stream = respond.send_response(response, false).unwrap();
    send_body(&mut stream, reply).await;
}

fn client_options(args: &[&str]) -> client::Options {
    client::Options::parse(args.iter().map(|a| a.to_string())).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn example_client_downloads_from_hyper_server() {
    bounded(async {
        let address = start_hyper_server().await;
        let options = client_options(&[&format!("http://{address}/big")]);
        let (mut head, mut body) = (Vec::new(), Vec::new());
        let status = client::fetch(&options, &mut head, &mut body).await.unwrap();
        assert_eq!(status, 200);
        assert!(head.starts_with(b"HTTP/2 200\ncontent-length: 4000000\n"));
        assert_eq!(body, &payload(4_000_000)[..]);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn example_client_uploads_a_file_to_hyper_server() {
    bounded(async {
        let address = start_hyper_server().await;
        let dir = temp_dir("upload");
        let file = dir.join("upload.bin");
        std::fs::write(&file, payload(2_500_000)).unwrap();
        let data = format!("@{}", file.display());
        let options = client_options(&["-d", &data, &format!("http://{address}/upload")]);
        let (mut head, mut body) = (Vec::new(), Vec::new());
        let status = client::fetch(&options, &mut head, &mut body).await.unwrap();
        assert_eq!(status, 200);
        assert_eq!(body, b"2500000");
        std::fs::remove_dir_all(dir).unwrap();
    })
    .await;
}

/// A fresh directory under the system's temporary one.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("h2-proto-interop-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
