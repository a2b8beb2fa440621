//! The start of a cleartext connection: HTTP/2 with prior knowledge (the
//! client's first bytes are the connection preface, RFC 9113 §3.3), or an
//! HTTP/1.1 request asking to upgrade to h2c (RFC 7540 §3.2, which RFC 9113
//! deprecates but curl and nghttp still speak).

use std::net::SocketAddr;
use std::sync::Arc;

use h2_proto::{Connection, HeaderField};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::watch;

use super::connection::{self, Protocol, UpgradeRequest};
use super::routes::Request;
use super::Options;

/// The HTTP/2 client connection preface (RFC 9113 §3.4).
const PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
/// The largest HTTP/1.1 request head we read.
const MAX_HEAD: usize = 16 << 10;
/// The largest HTTP/1.1 request body we take before upgrading.
const MAX_UPGRADE_BODY: usize = 1 << 20;
/// The most header fields in an HTTP/1.1 request head.
const MAX_FIELDS: usize = 64;

/// Reads the first bytes and serves the connection the way they ask for.
pub(crate) async fn serve(
    mut socket: TcpStream,
    peer: SocketAddr,
    options: Arc<Options>,
    shutdown: watch::Receiver<bool>,
) {
    let mut received = Vec::with_capacity(4096);
    // Read until the bytes are the preface, or a complete HTTP/1.1 head.
    let head = loop {
        if received.len() >= PREFACE.len() && received.starts_with(PREFACE) {
            return serve_prior_knowledge(socket, received, peer, options, shutdown).await;
        }
        let could_be_preface = PREFACE.starts_with(&received[..received.len().min(PREFACE.len())]);
        if !could_be_preface || received.len() >= PREFACE.len() {
            match parse_head(&received) {
                Ok(Some(head)) => break head,
                Ok(None) if received.len() < MAX_HEAD => {}
                Ok(None) => return refuse(socket, "431 Request Header Fields Too Large").await,
                Err(()) => return refuse(socket, "400 Bad Request").await,
            }
        }
        match socket.read_buf(&mut received).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
    };
    let Some(settings) = head.http2_settings.clone() else {
        // Not an h2c upgrade: this server only speaks HTTP/2.
        return refuse(socket, "426 Upgrade Required\r\nUpgrade: h2c").await;
    };
    if head.chunked {
        return refuse(socket, "501 Not Implemented").await;
    }
    if head.content_length > MAX_UPGRADE_BODY {
        return refuse(socket, "413 Content Too Large").await;
    }
    // The request body, if any, comes in HTTP/1.1 before the switch.
    let mut rest = received.split_off(head.length);
    while rest.len() < head.content_length {
        match socket.read_buf(&mut rest).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
    }
    let after_body = rest.split_off(head.content_length);

    // "A server MUST NOT upgrade the connection to HTTP/2 if [HTTP2-Settings]
    // is not present or if more than one is present" (RFC 7540 §3.2.1); a
    // value that does not decode is refused the same way.
    let mut conn = Connection::new(connection::server_config());
    if conn.initiate_upgrade_connection(Some(&settings)).is_err() {
        return refuse(socket, "400 Bad Request").await;
    }
    let switching =
        b"HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n";
    if socket.write_all(switching).await.is_err() {
        return;
    }
    let upgrade = UpgradeRequest {
        request: head.request,
        body: rest,
    };
    let (reader, writer) = socket.into_split();
    connection::serve(
        conn,
        reader,
        writer,
        &after_body,
        Some(upgrade),
        peer,
        Protocol::Upgrade,
        options,
        shutdown,
    )
    .await;
}

async fn serve_prior_knowledge(
    socket: TcpStream,
    received: Vec<u8>,
    peer: SocketAddr,
    options: Arc<Options>,
    shutdown: watch::Receiver<bool>,
) {
    let mut conn = Connection::new(connection::server_config());
    if conn.initiate_connection().is_err() {
        return;
    }
    let (reader, writer) = socket.into_split();
    connection::serve(
        conn,
        reader,
        writer,
        &received,
        None,
        peer,
        Protocol::PriorKnowledge,
        options,
        shutdown,
    )
    .await;
}

/// Answers in HTTP/1.1 and closes.
async fn refuse(mut socket: TcpStream, status_and_fields: &str) {
    let response =
        format!("HTTP/1.1 {status_and_fields}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    let _ = socket.write_all(response.as_bytes()).await;
    let _ = socket.shutdown().await;
}

/// An HTTP/1.1 request head, as far as the upgrade needs it.
struct Head {
    /// Its length in octets, blank line included.
    length: usize,
    request: Request,
    /// The `HTTP2-Settings` value, when the request asks for h2c with
    /// exactly one of them.
    http2_settings: Option<Vec<u8>>,
    content_length: usize,
    chunked: bool,
}

/// `Ok(None)`: incomplete. `Err`: not HTTP/1.1.
fn parse_head(bytes: &[u8]) -> Result<Option<Head>, ()> {
    let mut fields = [httparse::EMPTY_HEADER; MAX_FIELDS];
    let mut parsed = httparse::Request::new(&mut fields);
    let length = match parsed.parse(bytes) {
        Ok(httparse::Status::Complete(length)) => length,
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(_) => return Err(()),
    };
    let (Some(method), Some(path)) = (parsed.method, parsed.path) else {
        return Err(());
    };
    let mut upgrade_h2c = false;
    let mut settings = Vec::new();
    let mut content_length = 0;
    let mut chunked = false;
    let mut authority = Vec::new();
    let mut headers = vec![
        HeaderField::new(":method", method.to_string()),
        HeaderField::new(":scheme", "http"),
        HeaderField::new(":authority", ""),
        HeaderField::new(":path", path.to_string()),
    ];
    for field in parsed.headers.iter() {
        let name = field.name.to_ascii_lowercase();
        let value = field.value;
        match name.as_str() {
            "upgrade" => {
                upgrade_h2c |= value
                    .split(|&b| b == b',')
                    .any(|token| token.trim_ascii().eq_ignore_ascii_case(b"h2c"));
            }
            "http2-settings" => settings.push(value.to_vec()),
            "host" => authority = value.to_vec(),
            "content-length" => {
                content_length = std::str::from_utf8(value)
                    .ok()
                    .and_then(|v| v.trim().parse().ok())
                    .ok_or(())?;
            }
            "transfer-encoding" => chunked = true,
            // Connection-specific fields do not exist in HTTP/2 (RFC 9113
            // §8.2.2); the rest carry over to stream 1.
            "connection" | "keep-alive" | "proxy-connection" | "te" => {}
            _ => headers.push(HeaderField::new(name, value.to_vec())),
        }
    }
    headers[2] = HeaderField::new(":authority", authority);
    let http2_settings = match settings.len() {
        1 if upgrade_h2c => settings.pop(),
        _ => None,
    };
    Ok(Some(Head {
        length,
        request: Request::from_headers(headers),
        http2_settings,
        content_length,
        chunked,
    }))
}
