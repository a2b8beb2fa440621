//! The client side of the h2c upgrade (RFC 7540 §3.2): an HTTP/1.1 request
//! with `Upgrade: h2c` and `HTTP2-Settings`; on `101 Switching Protocols`
//! the connection is HTTP/2 and the response arrives on stream 1.

use h2_proto::Connection;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::{request_fields, Options};

/// The largest HTTP/1.1 response head we read.
const MAX_HEAD: usize = 16 << 10;

/// Sends the upgrade request and reads the 101. Returns the bytes that
/// followed the 101's head: the start of the HTTP/2 byte stream.
pub(crate) async fn handshake(
    socket: &mut TcpStream,
    conn: &mut Connection,
    options: &Options,
    body: &[u8],
) -> Result<Vec<u8>, String> {
    // Queues the preface and SETTINGS (sent after the 101) and returns our
    // settings for the HTTP2-Settings field.
    let settings = conn
        .initiate_upgrade_connection(None)
        .map_err(|e| e.to_string())?
        .unwrap_or_default();
    let url = &options.url;
    let mut request = format!(
        "{} {} HTTP/1.1\r\nHost: {}\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: {settings}\r\n",
        options.method(),
        url.path,
        url.authority,
    );
    let length = (!body.is_empty()).then_some(body.len() as u64);
    for field in request_fields(options, length) {
        request.push_str(&String::from_utf8_lossy(&field.name));
        request.push_str(": ");
        request.push_str(&String::from_utf8_lossy(&field.value));
        request.push_str("\r\n");
    }
    request.push_str("\r\n");
    let mut bytes = request.into_bytes();
    bytes.extend_from_slice(body);
    socket
        .write_all(&bytes)
        .await
        .map_err(|e| format!("write: {e}"))?;

    let mut received = Vec::with_capacity(1024);
    loop {
        let mut fields = [httparse::EMPTY_HEADER; 32];
        let mut response = httparse::Response::new(&mut fields);
        match response.parse(&received) {
            Ok(httparse::Status::Complete(length)) => {
                // "Without a 101, throw the object away" (SPEC UP-1): the
                // server answered in HTTP/1.1, which this client does not read.
                if response.code != Some(101) {
                    return Err(format!(
                        "the server did not switch to h2c: HTTP/1.1 {} {}",
                        response.code.unwrap_or(0),
                        response.reason.unwrap_or("")
                    ));
                }
                return Ok(received.split_off(length));
            }
            Ok(httparse::Status::Partial) if received.len() < MAX_HEAD => {}
            Ok(httparse::Status::Partial) => return Err("HTTP/1.1 response head too large".into()),
            Err(error) => return Err(format!("not an HTTP/1.1 response: {error}")),
        }
        match socket.read_buf(&mut received).await {
            Ok(0) => return Err("the server closed the connection during the upgrade".into()),
            Ok(_) => {}
            Err(error) => return Err(format!("read: {error}")),
        }
    }
}
