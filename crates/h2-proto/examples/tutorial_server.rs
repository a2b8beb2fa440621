//! The Getting Started server: blocking `std::net`, one connection at a
//! time, and every request answered with `200` and its header fields as
//! JSON. It is the whole sans-IO loop in one screen: bytes in, events out;
//! actions in, bytes out.
//!
//! ```text
//! cargo run -p h2-proto --example tutorial_server -- [PORT]
//! curl --http2-prior-knowledge http://127.0.0.1:8080/
//! ```
//!
//! It shows the shape, not a production server: it serves one client at a
//! time, and sends each body in one DATA frame without looking at the
//! flow-control window (fine for a few hundred octets, which always fit in
//! the initial 65,535). The `server` example does it properly.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};

use h2_proto::{Config, Connection, Event, HeaderField, RequestReceived};

fn main() -> std::io::Result<()> {
    let port = std::env::args().nth(1).unwrap_or_else(|| "8080".into());
    let listener = TcpListener::bind(format!("127.0.0.1:{port}"))?;
    eprintln!(
        "tutorial_server: listening on http://{}/",
        listener.local_addr()?
    );
    for socket in listener.incoming() {
        if let Err(error) = handle(socket?) {
            eprintln!("tutorial_server: connection ended: {error}");
        }
    }
    Ok(())
}

/// Serves one connection until the client closes it.
pub(crate) fn handle(mut socket: TcpStream) -> std::io::Result<()> {
    let mut conn = Connection::new(Config::server());
    // Our SETTINGS go first (RFC 9113 §3.4).
    conn.initiate_connection().map_err(std::io::Error::other)?;
    socket.write_all(&conn.data_to_send())?;

    let mut buffer = vec![0; 65_535];
    loop {
        let n = socket.read(&mut buffer)?;
        if n == 0 {
            return Ok(());
        }
        let events = match conn.receive_data(&buffer[..n]) {
            Ok(events) => events,
            Err(error) => {
                // A connection error: the GOAWAY is queued; send it and stop.
                socket.write_all(&conn.data_to_send())?;
                return Err(std::io::Error::other(error));
            }
        };
        for event in events {
            match event {
                Event::RequestReceived(request) => send_response(&mut conn, request),
                // We ignore request bodies, but still give their octets
                // back to the client's window, or uploads would stall.
                Event::DataReceived(data) => {
                    let _ =
                        conn.acknowledge_received_data(data.flow_controlled_length, data.stream_id);
                }
                Event::ConnectionTerminated(_) => return Ok(()),
                _ => {}
            }
        }
        // Flush after every batch of events: the SETTINGS ACK, PING ACK and
        // responses they caused are all queued in the connection.
        socket.write_all(&conn.data_to_send())?;
    }
}

/// `200`, the request's header fields as a JSON object.
fn send_response(conn: &mut Connection, request: RequestReceived) {
    let mut body = String::from("{");
    for (i, field) in request.headers.iter().enumerate() {
        if i > 0 {
            body.push_str(", ");
        }
        push_json_string(&mut body, &String::from_utf8_lossy(&field.name));
        body.push_str(": ");
        push_json_string(&mut body, &String::from_utf8_lossy(&field.value));
    }
    body.push_str("}\n");
    let headers = [
        HeaderField::new(":status", "200"),
        HeaderField::new("server", "basic-h2-server/1.0"),
        HeaderField::new("content-length", body.len().to_string()),
        HeaderField::new("content-type", "application/json"),
    ];
    let id = request.stream_id;
    // Either call fails only if the client reset the stream meanwhile.
    if conn.send_headers(id, headers, false).is_ok() {
        let _ = conn.send_data(id, body.as_bytes(), true, None);
    }
}

/// Appends `text` as a JSON string literal.
fn push_json_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}
