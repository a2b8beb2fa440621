//! One HTTP/2 connection: a task that owns an `h2_proto::Connection`, feeds
//! it what the socket delivers, acts on the events, and writes what the
//! connection queues.
//!
//! The loop waits on three things at once (reading, writing, shutdown), so
//! a peer that uploads while it downloads never deadlocks against us. Each
//! response is an [`Exchange`] that sends its body as the flow-control
//! windows allow (`exchange.rs`); a batch of input is followed by one pass
//! over the exchanges ([`Driver::pump`]) and one write.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::{Buf, BytesMut};
use h2_proto::{
    Bytes, Config, Connection, ConnectionState, DataReceived, ErrorCode, Event, HeaderField,
    Setting, SettingId, StreamId,
};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::watch;
use tokio::time::Instant;

use super::exchange::{Exchange, Source, Step};
use super::routes::{self, Body, Request, Response};
use super::Options;

/// How the connection started, for the log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Protocol {
    /// Cleartext, the client sent the preface straight away.
    PriorKnowledge,
    /// Cleartext, upgraded from HTTP/1.1 (`Upgrade: h2c`).
    Upgrade,
    /// TLS with ALPN `h2`.
    Tls,
}

impl Protocol {
    fn label(self) -> &'static str {
        match self {
            Self::PriorKnowledge => "h2-prior-knowledge",
            Self::Upgrade => "h2c-upgrade",
            Self::Tls => "h2-tls",
        }
    }
}

/// Our receive window per stream, advertised as SETTINGS_INITIAL_WINDOW_SIZE:
/// large enough that an upload is not held up by round trips on a fast
/// link, small enough to bound what one stream can make us buffer.
const STREAM_WINDOW: u32 = 1 << 20;
/// Our receive window for the whole connection (raised from the RFC's
/// 65,535 with a WINDOW_UPDATE right after the preface).
const CONNECTION_WINDOW: u32 = 16 << 20;
/// Stop filling the output buffer past this; write it first. Keeps a
/// connection's memory bounded when the peer grants huge windows.
const OUTPUT_HIGH_WATER: usize = 256 << 10;
/// How much is read from the socket at a time.
const READ_CHUNK: usize = 64 << 10;
/// After the peer's GOAWAY, how long an idle connection stays open so the
/// peer can close it itself: a GOAWAY ends new streams, not the connection
/// (RFC 9113 §6.8), and the peer may still PING or settle its streams.
const LINGER: Duration = Duration::from_secs(2);

/// The server's connection configuration.
pub(crate) fn server_config() -> Config {
    let mut config = Config::server();
    // The value is in range (at most 2^31-1), so this cannot fail.
    let _ = config
        .local_settings
        .apply(&[Setting::new(SettingId::INITIAL_WINDOW_SIZE, STREAM_WINDOW)]);
    config
}

/// The request that came in over HTTP/1.1 before an h2c upgrade: it is
/// stream 1, half-closed (remote), and is answered over HTTP/2.
pub(crate) struct UpgradeRequest {
    pub(crate) request: Request,
    pub(crate) body: Vec<u8>,
}

/// Serves one connection until it is done: the peer went away, a
/// connection error, or a graceful shutdown whose streams all finished.
///
/// `conn` has been initiated already (`initiate_connection`, or
/// `initiate_upgrade_connection` after an h2c upgrade); `received` holds
/// bytes read from the socket that the connection has not seen yet.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn serve<R, W>(
    conn: Connection,
    mut reader: R,
    mut writer: W,
    received: &[u8],
    upgraded: Option<UpgradeRequest>,
    peer: SocketAddr,
    protocol: Protocol,
    options: Arc<Options>,
    mut shutdown: watch::Receiver<bool>,
) where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut driver = Driver::new(conn, peer, protocol, options);
    // Open the connection window wide: one WINDOW_UPDATE after our SETTINGS.
    let _ = driver
        .conn
        .increment_flow_control_window(CONNECTION_WINDOW - 65_535, None);
    if let Some(upgrade) = upgraded {
        driver.on_upgrade_request(upgrade);
    }
    if !received.is_empty() {
        driver.receive(received);
    }
    let mut input = BytesMut::with_capacity(READ_CHUNK);
    let mut output = bytes::Bytes::new();
    loop {
        if output.is_empty() {
            driver.pump();
            output = driver.conn.data_to_send();
            driver.flush_log();
            if output.is_empty() && driver.finished() {
                break;
            }
        }
        let linger = driver.linger_deadline();
        tokio::select! {
            // Checked first so a busy connection still notices Ctrl-C.
            biased;
            _ = shutdown.changed(), if !driver.going_away => driver.go_away(),
            _ = tokio::time::sleep_until(linger.unwrap_or_else(Instant::now)), if linger.is_some() => break,
            read = reader.read_buf(&mut input), if driver.reading => match read {
                Ok(0) | Err(_) => driver.reading = false,
                Ok(_) => {
                    driver.receive(&input);
                    input.clear();
                    // Reading again needs room; `read_buf` reads at most
                    // what is spare, and never reallocates on its own.
                    input.reserve(READ_CHUNK);
                }
            },
            written = writer.write(&output), if !output.is_empty() => match written {
                Ok(n) if n > 0 => output.advance(n),
                _ => break,
            },
        }
    }
    driver.flush_log();
    let _ = writer.shutdown().await;
}

/// The connection and every response in progress on it.
struct Driver {
    conn: Connection,
    /// Responses in progress, by stream.
    exchanges: HashMap<StreamId, Exchange>,
    /// The streams in `exchanges`, in the order they are served (round robin).
    order: Vec<StreamId>,
    /// Reused for every `receive_data_into` call.
    events: Vec<Event>,
    /// False once the peer closed its side or reading failed.
    reading: bool,
    /// We sent GOAWAY (graceful shutdown).
    going_away: bool,
    /// When the peer's GOAWAY left us with nothing to do.
    idle_after_goaway: Option<Instant>,
    peer: SocketAddr,
    protocol: Protocol,
    options: Arc<Options>,
    /// Request log lines of this batch, written with one call.
    log: String,
}

impl Driver {
    fn new(conn: Connection, peer: SocketAddr, protocol: Protocol, options: Arc<Options>) -> Self {
        Self {
            conn,
            exchanges: HashMap::new(),
            order: Vec::new(),
            events: Vec::new(),
            reading: true,
            going_away: false,
            idle_after_goaway: None,
            peer,
            protocol,
            options,
            log: String::new(),
        }
    }

    /// Done when the connection is closed, the peer stopped sending, or
    /// our GOAWAY went out and every response is sent.
    fn finished(&self) -> bool {
        self.conn.state() == ConnectionState::Closed
            || !self.reading
            || (self.going_away && self.exchanges.is_empty())
    }

    /// When to give up on a peer that sent GOAWAY: [`LINGER`] after its
    /// last stream finished.
    fn linger_deadline(&mut self) -> Option<Instant> {
        let since = self.idle_after_goaway.as_mut()?;
        if !self.exchanges.is_empty() {
            *since = Instant::now();
            return None;
        }
        Some(*since + LINGER)
    }

    /// Graceful shutdown: GOAWAY(NO_ERROR) naming the last stream we will
    /// serve; streams up to it run to completion (RFC 9113 §6.8).
    fn go_away(&mut self) {
        self.going_away = true;
        if let Err(error) = self.conn.close_connection(ErrorCode::NO_ERROR, None, None) {
            self.note(format_args!("cannot send GOAWAY: {error}"));
        }
    }

    /// Feeds received bytes and handles the events.
    fn receive(&mut self, bytes: &[u8]) {
        let mut events = std::mem::take(&mut self.events);
        let result = self.conn.receive_data_into(bytes, &mut events);
        for event in events.drain(..) {
            self.handle(event);
        }
        self.events = events;
        if let Err(error) = result {
            // The GOAWAY is queued; it goes out, then the loop ends.
            self.note(format_args!("connection error: {error}"));
            self.reading = false;
        }
    }

    fn handle(&mut self, event: Event) {
        match event {
            Event::RequestReceived(e) => {
                let ended = e.stream_ended.is_some();
                self.on_request(e.stream_id, Request::from_headers(e.headers), ended);
            }
            Event::DataReceived(e) => self.on_data(e),
            Event::StreamEnded(e) => self.on_request_end(e.stream_id),
            Event::StreamReset(e) => {
                if let Some(mut exchange) = self.exchanges.remove(&e.stream_id) {
                    self.order.retain(|&id| id != e.stream_id);
                    exchange.release(&mut self.conn, e.stream_id);
                    self.log_exchange(e.stream_id, &exchange, Some(e.error_code));
                }
            }
            Event::ConnectionTerminated(_) => {
                self.idle_after_goaway.get_or_insert_with(Instant::now);
            }
            // Window updates and settings changes need no action here: the
            // next `pump` sends whatever the new windows allow.
            _ => {}
        }
    }

    fn on_request(&mut self, id: StreamId, request: Request, ended: bool) {
        let response = routes::route(
            &request,
            self.options.dir.as_deref(),
            ended.then_some(&[][..]),
        );
        self.respond(id, request, response, false);
    }

    /// The HTTP/1.1 request of an h2c upgrade, answered on stream 1.
    fn on_upgrade_request(&mut self, upgrade: UpgradeRequest) {
        let response = routes::route(
            &upgrade.request,
            self.options.dir.as_deref(),
            Some(&upgrade.body),
        );
        self.respond(StreamId::new(1), upgrade.request, response, false);
    }

    /// Sends the response head, and sets up the body to follow.
    fn respond(&mut self, id: StreamId, request: Request, response: Response, pushed: bool) {
        if response.push_stylesheet {
            self.push_stylesheet(id, &request);
        }
        let head_only = &request.method[..] == b"HEAD";
        let (pending, source) = match response.body {
            _ if head_only => (BytesMut::new(), Source::Done),
            Body::Bytes(bytes) => (BytesMut::from(bytes), Source::Done),
            Body::Echo { head } => (BytesMut::from(head), Source::Echo),
            Body::File { file, length } => (
                BytesMut::new(),
                Source::File {
                    file,
                    remaining: length,
                },
            ),
        };
        let exchange = Exchange::new(
            request.method,
            request.path,
            response.status,
            pushed,
            pending,
            source,
        );
        let nothing_to_send = exchange.is_empty();
        let mut fields = Vec::with_capacity(response.headers.len() + 1);
        fields.push(HeaderField::new(":status", response.status.to_string()));
        fields.extend(response.headers);
        if let Err(error) = self.conn.send_headers(id, fields, nothing_to_send) {
            self.note(format_args!(
                "stream {id}: cannot send the response: {error}"
            ));
            let _ = self.conn.reset_stream(id, ErrorCode::INTERNAL_ERROR);
            return;
        }
        if nothing_to_send {
            self.complete(id, exchange);
        } else {
            self.exchanges.insert(id, exchange);
            self.order.push(id);
        }
    }

    /// Server push (RFC 9113 §8.4): promise `/style.css` on the stream of
    /// the page that links it, then answer the promised stream like any
    /// other. Only when the client's SETTINGS_ENABLE_PUSH allows it.
    fn push_stylesheet(&mut self, parent: StreamId, request: &Request) {
        if !self.conn.remote_settings().enable_push() {
            return;
        }
        let Ok(promised) = self.conn.get_next_available_stream_id() else {
            return;
        };
        let scheme = if request.scheme.is_empty() {
            Bytes::from_static(b"http")
        } else {
            request.scheme.clone()
        };
        let headers = vec![
            HeaderField::new(":method", "GET"),
            HeaderField::new(":scheme", scheme),
            HeaderField::new(":authority", request.authority.clone()),
            HeaderField::new(":path", routes::STYLE_PATH),
        ];
        if let Err(error) = self.conn.push_stream(parent, promised, headers.clone()) {
            self.note(format_args!("stream {parent}: no push: {error}"));
            return;
        }
        let pushed = Request::from_headers(headers);
        let response = routes::route(&pushed, None, Some(b""));
        self.respond(promised, pushed, response, true);
    }

    fn on_data(&mut self, data: DataReceived) {
        let id = data.stream_id;
        match self.exchanges.get_mut(&id) {
            Some(exchange) if exchange.wants_request_body() => {
                exchange.echo(&data.data, data.flow_controlled_length);
            }
            // A body nobody reads: give the window back at once.
            _ => {
                let _ = self
                    .conn
                    .acknowledge_received_data(data.flow_controlled_length, id);
            }
        }
    }

    fn on_request_end(&mut self, id: StreamId) {
        if let Some(exchange) = self.exchanges.get_mut(&id) {
            exchange.end_echo();
        }
    }

    /// Sends what the windows allow, one frame per stream per round so
    /// that streams share the connection, until nothing moves or the output
    /// buffer is full enough to write.
    fn pump(&mut self) {
        if self.conn.state() == ConnectionState::Closed {
            return;
        }
        loop {
            let mut moved = false;
            let mut i = 0;
            while i < self.order.len() {
                if self.conn.outbound_data_len() >= OUTPUT_HIGH_WATER {
                    return;
                }
                let id = self.order[i];
                let step = match self.exchanges.get_mut(&id) {
                    Some(exchange) => exchange.step(&mut self.conn, id),
                    None => Step::Abandoned(format!("stream {id}: no exchange")),
                };
                match step {
                    Step::Sent => {
                        moved = true;
                        i += 1;
                    }
                    Step::Stalled => i += 1,
                    Step::Finished | Step::Abandoned(_) => {
                        moved = true;
                        self.order.remove(i);
                        if let Step::Abandoned(why) = &step {
                            self.note(format_args!("{why}"));
                        }
                        if let Some(mut exchange) = self.exchanges.remove(&id) {
                            exchange.release(&mut self.conn, id);
                            self.complete(id, exchange);
                        }
                    }
                }
            }
            if !moved {
                return;
            }
        }
    }

    /// The response is all sent (or abandoned). A request body still
    /// arriving is read and dropped (`on_data`) rather than refused with
    /// RST_STREAM(NO_ERROR), which RFC 9113 §8.1 allows: that way the rest
    /// of the request is still checked (content-length, trailers) and a
    /// malformed one still gets its PROTOCOL_ERROR.
    fn complete(&mut self, id: StreamId, exchange: Exchange) {
        self.log_exchange(id, &exchange, None);
    }

    /// One line per request: who, how, what, the status and body octets.
    fn log_exchange(&mut self, id: StreamId, exchange: &Exchange, reset: Option<ErrorCode>) {
        if self.options.quiet {
            return;
        }
        let _ = write!(
            self.log,
            "{} {} stream {} \"{} {}\" {} {}",
            self.peer,
            self.protocol.label(),
            id,
            String::from_utf8_lossy(&exchange.method),
            String::from_utf8_lossy(&exchange.path),
            exchange.status,
            exchange.sent,
        );
        if exchange.pushed {
            self.log.push_str(" pushed");
        }
        if let Some(code) = reset {
            let _ = write!(self.log, " reset {code:?}");
        }
        self.log.push('\n');
    }

    /// A line about the connection itself, logged even when quiet.
    fn note(&mut self, message: std::fmt::Arguments<'_>) {
        let _ = writeln!(
            self.log,
            "{} {} {message}",
            self.peer,
            self.protocol.label()
        );
    }

    fn flush_log(&mut self) {
        if !self.log.is_empty() {
            let _ = std::io::stderr().lock().write_all(self.log.as_bytes());
            self.log.clear();
        }
    }
}
