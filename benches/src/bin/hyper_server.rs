//! The comparison server for `cargo xtask bench-server`: the routes of the
//! h2-proto example server (`crates/h2-proto/examples/server`) on hyperium's
//! h2 and the same tokio runtime, so h2load measures the two HTTP/2 stacks
//! and not two different applications.
//!
//! ```text
//! cargo run --release -p h2-benches --bin hyper_server -- [--host 127.0.0.1] [--port 8080]
//! ```
//!
//! Routes: `GET /` a small HTML page, `GET /style.css`, `GET`/`POST /echo`
//! the request headers and body as JSON (the same bytes as the example's),
//! 404 otherwise. Cleartext HTTP/2 with prior knowledge only; no push (a
//! load test never asks for it). Bodies are read whole, then answered.

use std::net::SocketAddr;

use bytes::{Bytes, BytesMut};
use h2::server::SendResponse;
use h2::RecvStream;
use http::{Request, Response, StatusCode};
use tokio::net::{TcpListener, TcpStream};

const INDEX_HTML: &str = "<!doctype html>\n\
<html><head><meta charset=\"utf-8\"><title>h2-proto example server</title>\n\
<link rel=\"stylesheet\" href=\"/style.css\"></head>\n\
<body><h1>Hello over HTTP/2</h1>\n\
<p>Try <a href=\"/echo\">/echo</a>.</p></body></html>\n";
const STYLE_CSS: &str = "body { font-family: sans-serif; margin: 2em; }\nh1 { color: #336; }\n";

fn main() -> std::process::ExitCode {
    let mut host = "127.0.0.1".to_string();
    let mut port = "8080".to_string();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--host", Some(value)) => host = value,
            ("--port", Some(value)) => port = value,
            _ => {
                eprintln!("usage: hyper_server [--host HOST] [--port PORT]");
                return std::process::ExitCode::from(2);
            }
        }
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("hyper_server: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(serve(format!("{host}:{port}"))) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("hyper_server: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn serve(address: String) -> std::io::Result<()> {
    let listener = TcpListener::bind(&address).await?;
    let local: SocketAddr = listener.local_addr()?;
    eprintln!("hyper_server: listening on http://{local}/ (HTTP/2 prior knowledge, hyperium h2)");
    loop {
        let (socket, _) = listener.accept().await?;
        let _ = socket.set_nodelay(true);
        tokio::spawn(connection(socket));
    }
}

async fn connection(socket: TcpStream) {
    let Ok(mut connection) = h2::server::handshake(socket).await else {
        return;
    };
    while let Some(accepted) = connection.accept().await {
        let Ok((request, respond)) = accepted else {
            return;
        };
        // A request without a body is answered here; one with a body gets
        // a task, as it must wait for DATA.
        if request.body().is_end_stream() {
            answer(request, respond).await;
        } else {
            tokio::spawn(answer(request, respond));
        }
    }
}

async fn answer(request: Request<RecvStream>, mut respond: SendResponse<Bytes>) {
    let (head, mut body) = request.into_parts();
    let (status, content_type, content) = match (head.method.as_str(), head.uri.path()) {
        ("GET" | "HEAD" | "POST", "/") => (
            StatusCode::OK,
            "text/html; charset=utf-8",
            Bytes::from_static(INDEX_HTML.as_bytes()),
        ),
        ("GET" | "HEAD", "/style.css") => (
            StatusCode::OK,
            "text/css",
            Bytes::from_static(STYLE_CSS.as_bytes()),
        ),
        ("GET" | "POST", "/echo") => {
            let mut received = BytesMut::new();
            while let Some(Ok(chunk)) = body.data().await {
                let _ = body.flow_control().release_capacity(chunk.len());
                received.extend_from_slice(&chunk);
            }
            (StatusCode::OK, "application/json", echo(&head, &received))
        }
        _ => (
            StatusCode::NOT_FOUND,
            "text/plain; charset=utf-8",
            Bytes::from_static(b"not found\n"),
        ),
    };
    let Ok(response) = Response::builder()
        .status(status)
        .header("content-type", content_type)
        .header("content-length", content.len())
        .body(())
    else {
        return;
    };
    let head_only = head.method == http::Method::HEAD;
    let Ok(mut stream) = respond.send_response(response, head_only || content.is_empty()) else {
        return;
    };
    if !head_only && !content.is_empty() {
        let _ = stream.send_data(content, true);
    }
}

/// `{"headers":{...},"body":"..."}`, written as the example server writes it.
fn echo(head: &http::request::Parts, body: &[u8]) -> Bytes {
    let mut json = BytesMut::with_capacity(256 + body.len());
    json.extend_from_slice(b"{\"headers\":{");
    let scheme = head.uri.scheme_str().unwrap_or("http");
    let authority = head.uri.authority().map(|a| a.as_str()).unwrap_or("");
    let path = head.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let pseudo = [
        (":method", head.method.as_str().as_bytes()),
        (":path", path.as_bytes()),
        (":scheme", scheme.as_bytes()),
        (":authority", authority.as_bytes()),
    ];
    let fields = pseudo.into_iter().map(|(n, v)| (n.as_bytes(), v)).chain(
        head.headers
            .iter()
            .map(|(n, v)| (n.as_str().as_bytes(), v.as_bytes())),
    );
    for (i, (name, value)) in fields.enumerate() {
        if i > 0 {
            json.extend_from_slice(b",");
        }
        json.extend_from_slice(b"\"");
        escape(name, &mut json);
        json.extend_from_slice(b"\":\"");
        escape(value, &mut json);
        json.extend_from_slice(b"\"");
    }
    json.extend_from_slice(b"},\"body\":\"");
    escape(body, &mut json);
    json.extend_from_slice(b"\"}\n");
    json.freeze()
}

/// JSON string escaping, one `\u00XX` per byte outside printable ASCII.
fn escape(bytes: &[u8], out: &mut BytesMut) {
    for &b in bytes {
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            0x20..=0x7e => out.extend_from_slice(&[b]),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(&[
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[usize::from(b >> 4)],
                    HEX[usize::from(b & 0xf)],
                ]);
            }
        }
    }
}
