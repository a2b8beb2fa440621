//! Bodies of the connection targets: `server_receive`, `client_receive`
//! (arbitrary bytes into an h2-proto `Connection`) and `pair_actions`
//! (arbitrary API calls on a client/server pair).

use arbitrary::{Arbitrary, Unstructured};
use bytes::BytesMut;
use h2_frame::{ErrorCode, Frame, FrameDecoder, Setting, SettingId, Side, StreamId, PREFACE};
use h2_proto::{
    Config, Connection, Event, HeaderField, Priority, StreamPriority, StreamState, UpgradeRequest,
};

/// Output may be at most this many times the input, plus [`SLACK`]: every
/// automatic reply is smaller than what provokes it, give or take.
const AMPLIFICATION: usize = 2;
const SLACK: usize = 1024;

/// `server_receive`: the client preface, then arbitrary bytes, into a server.
///
/// The first octet picks the chunk size (1..=256) the rest is fed in.
/// Oracles: no panic; after a connection error nothing more is accepted;
/// everything the server sends parses as frames, and a connection error
/// ends with GOAWAY; output stays within [`AMPLIFICATION`] times the input;
/// open streams never exceed MAX_CONCURRENT_STREAMS.
pub fn server_receive(data: &[u8]) {
    let mut conn = Connection::new(Config::server());
    conn.initiate_connection()
        .expect("a fresh server initiates");
    let mut input = PREFACE.to_vec();
    input.extend_from_slice(data.get(1..).unwrap_or_default());
    receive(
        conn,
        data.first().copied().unwrap_or(0),
        &input,
        Side::Server,
    );
}

/// `client_receive`: arbitrary bytes into a client that has three requests
/// in flight (streams 1, 3 and 5; 3 still sending its body).
///
/// The first octet picks the chunk size. Oracles as for [`server_receive`].
pub fn client_receive(data: &[u8]) {
    let mut conn = Connection::new(Config::client());
    conn.initiate_connection()
        .expect("a fresh client initiates");
    for (id, end) in [(1, true), (3, false), (5, true)] {
        conn.send_headers(StreamId::new(id), request("GET"), end)
            .expect("a request goes out");
    }
    receive(
        conn,
        data.first().copied().unwrap_or(0),
        data.get(1..).unwrap_or_default(),
        Side::Client,
    );
}

fn receive(mut conn: Connection, chunk: u8, input: &[u8], side: Side) {
    let mut out = BytesMut::new();
    out.extend_from_slice(&conn.data_to_send());
    let preamble = out.len();
    let mut events = Vec::new();
    let mut failed = false;
    for piece in input.chunks(usize::from(chunk) + 1) {
        events.clear();
        match conn.receive_data_into(piece, &mut events) {
            Ok(()) => assert!(!failed, "bytes accepted after a connection error"),
            Err(_) if failed => {}
            Err(_) => failed = true,
        }
        assert!(conn.open_inbound_streams() <= 100);
        out.extend_from_slice(&conn.data_to_send());
    }
    assert!(
        out.len() - preamble <= AMPLIFICATION * input.len() + SLACK,
        "{} octets out for {} in",
        out.len() - preamble,
        input.len()
    );
    // Everything sent parses; a connection error ends with GOAWAY.
    let mut decoder = FrameDecoder::for_side(!side);
    let mut last = None;
    loop {
        match decoder.decode(&mut out) {
            Ok(Some(frame)) => last = Some(frame),
            Ok(None) => break,
            Err(e) => panic!("we sent a bad frame: {e:?}"),
        }
    }
    assert!(out.is_empty(), "a truncated frame was sent");
    if failed {
        assert!(
            matches!(last, Some(Frame::GoAway(_))),
            "no GOAWAY after a connection error"
        );
    }
}

/// The pseudo-header fields of a request with `method`.
fn request_for(method: Method) -> Vec<HeaderField> {
    match method {
        Method::Get => request("GET"),
        Method::Head => request("HEAD"),
        Method::Post => request("POST"),
        Method::Options => request("OPTIONS"),
        Method::Connect => vec![
            HeaderField::new(":method", "CONNECT"),
            HeaderField::new(":authority", "proxy.example:443"),
        ],
        Method::ExtendedConnect => vec![
            HeaderField::new(":method", "CONNECT"),
            HeaderField::new(":protocol", "websocket"),
            HeaderField::new(":scheme", "https"),
            HeaderField::new(":authority", "example.com"),
            HeaderField::new(":path", "/chat"),
        ],
    }
}

fn request(method: &'static str) -> Vec<HeaderField> {
    vec![
        HeaderField::new(":method", method),
        HeaderField::new(":scheme", "https"),
        HeaderField::new(":authority", "example.com"),
        HeaderField::new(":path", "/"),
    ]
}

/// Which end acts.
#[derive(Arbitrary, Debug, Clone, Copy)]
enum End {
    Client,
    Server,
}

/// A request method, with the two whose rules differ (HEAD, CONNECT) and
/// extended CONNECT (RFC 8441), which the server always allows.
#[derive(Arbitrary, Debug, Clone, Copy)]
enum Method {
    Get,
    Head,
    Post,
    Options,
    Connect,
    ExtendedConnect,
}

/// A field name: mostly ones with rules of their own, sometimes any bytes.
#[derive(Arbitrary, Debug)]
enum Name {
    Cookie,
    Te,
    Host,
    Priority,
    ContentType,
    Authorization,
    Connection,
    Upper,
    Other(u8),
    Raw(Vec<u8>),
}

/// A field value: plausible ones, sometimes any bytes.
#[derive(Arbitrary, Debug)]
enum Value {
    Short(u8),
    Trailers,
    Host,
    Priority { urgency: u8, incremental: bool },
    Crumbs(u8),
    Padded,
    Raw(Vec<u8>),
}

/// A regular header field built from arbitrary but plausible parts.
#[derive(Arbitrary, Debug)]
struct Field {
    name: Name,
    value: Value,
    sensitive: bool,
}

impl Field {
    fn build(&self) -> HeaderField {
        let name: Vec<u8> = match &self.name {
            Name::Cookie => b"cookie".to_vec(),
            Name::Te => b"te".to_vec(),
            Name::Host => b"host".to_vec(),
            Name::Priority => b"priority".to_vec(),
            Name::ContentType => b"content-type".to_vec(),
            Name::Authorization => b"authorization".to_vec(),
            Name::Connection => b"connection".to_vec(),
            Name::Upper => b"X-Upper".to_vec(),
            Name::Other(n) => format!("x-field-{}", n % 16).into_bytes(),
            Name::Raw(bytes) => bytes.iter().copied().take(16).collect(),
        };
        let value: Vec<u8> = match &self.value {
            Value::Short(n) => format!("v{n}").into_bytes(),
            Value::Trailers => b"trailers".to_vec(),
            Value::Host => b"example.com".to_vec(),
            Value::Priority {
                urgency,
                incremental,
            } => {
                let mut v = format!("u={}", urgency % 9);
                if *incremental {
                    v.push_str(", i");
                }
                v.into_bytes()
            }
            Value::Crumbs(n) => (0..n % 4)
                .map(|i| format!("c{i}=x"))
                .collect::<Vec<_>>()
                .join("; ")
                .into_bytes(),
            Value::Padded => b" padded ".to_vec(),
            Value::Raw(bytes) => bytes.iter().copied().take(24).collect(),
        };
        let mut field = HeaderField::new(name, value);
        field.sensitive = self.sensitive;
        field
    }
}

fn build_fields(fields: &[Field]) -> impl Iterator<Item = HeaderField> + '_ {
    fields.iter().take(8).map(Field::build)
}

/// One API call, on a stream picked by index among those in use.
#[derive(Arbitrary, Debug)]
enum Action {
    Request {
        method: Method,
        end_stream: bool,
        length: Option<u8>,
        fields: Vec<Field>,
    },
    Respond {
        stream: u8,
        status: u16,
        end_stream: bool,
        length: Option<u8>,
        fields: Vec<Field>,
    },
    Data {
        end: End,
        stream: u8,
        len: u16,
        end_stream: bool,
        pad: Option<u8>,
    },
    Trailers {
        end: End,
        stream: u8,
        fields: Vec<Field>,
    },
    EndStream {
        end: End,
        stream: u8,
    },
    Reset {
        end: End,
        stream: u8,
        code: u8,
    },
    Push {
        stream: u8,
        head: bool,
    },
    Ping {
        end: End,
        data: [u8; 8],
    },
    Settings {
        end: End,
        window: Option<u16>,
        frame: Option<u8>,
        streams: Option<u8>,
        table: Option<u16>,
        push: Option<bool>,
    },
    Increment {
        end: End,
        stream: Option<u8>,
        increment: u16,
    },
    Acknowledge {
        end: End,
    },
    Priority {
        stream: u8,
        weight: u8,
    },
    PriorityUpdate {
        stream: u8,
        next_idle: bool,
        urgency: u8,
        incremental: bool,
    },
    AltSvc {
        stream: Option<u8>,
    },
    Origin {
        count: u8,
    },
    GoAway {
        end: End,
        code: u8,
    },
    Drive,
    DriveChunked {
        size: u8,
    },
}

/// `pair_actions`: arbitrary API calls on a client and a server, with
/// output shuttled between them. Requests (GET, HEAD, POST, OPTIONS,
/// CONNECT, extended CONNECT), responses (1xx, 204, 304, any status),
/// trailers and pushes carry arbitrary but plausible fields (cookies, `te`,
/// `host`, `priority`, credentials, connection-specific and uppercase
/// names, raw bytes); PRIORITY_UPDATE, ALTSVC and ORIGIN are sent too; the
/// first octet may start the pair with an h2c upgrade (see
/// `PairState::new`).
///
/// Oracles: no panic; no connection error ever (both ends are correct, so
/// neither may find fault in the other); no stream reset by a receiver for
/// a malformed message, a window overrun or a frame after END_STREAM (what
/// one end sends, the other accepts: outbound checks cover the inbound
/// ones); once quiet, both ends agree on every stream's state, and on every
/// window: what one end may still send equals what the other will still
/// accept, for the connection and for each live stream (flow-control credit
/// is conserved).
pub fn pair_actions(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(setup) = u.arbitrary::<u8>() else {
        return;
    };
    let mut pair = PairState::new(setup);
    // An exhausted `Unstructured` still yields actions (all defaults), so
    // stop at the end of the input.
    while !u.is_empty() {
        let Ok(action) = Action::arbitrary(&mut u) else {
            break;
        };
        pair.act(action);
    }
    pair.drive(0);
    pair.check();
}

struct PairState {
    client: Connection,
    server: Connection,
    ids: Vec<StreamId>,
    /// Received DATA not yet acknowledged: `[client, server]`.
    unacked: [Vec<(StreamId, u32)>; 2],
}

impl PairState {
    /// The set-up octet: bit 0 starts with an h2c upgrade (bit 1: of a HEAD
    /// request), bit 2 makes the server advertise
    /// SETTINGS_NO_RFC7540_PRIORITIES, bit 3 splits the client's cookies.
    /// The server always allows extended CONNECT.
    fn new(setup: u8) -> Self {
        let mut client_config = Config::client();
        client_config.split_outbound_cookies = setup & 8 != 0;
        let mut server_config = Config::server();
        let mut settings = vec![Setting::new(SettingId::ENABLE_CONNECT_PROTOCOL, 1)];
        if setup & 4 != 0 {
            settings.push(Setting::new(SettingId::NO_RFC7540_PRIORITIES, 1));
        }
        for setting in settings {
            server_config.local_settings = server_config
                .local_settings
                .clone()
                .with(setting)
                .expect("valid server settings");
        }
        let mut client = Connection::new(client_config);
        let mut server = Connection::new(server_config);
        let mut ids = Vec::new();
        if setup & 1 != 0 {
            let method = if setup & 2 != 0 { "HEAD" } else { "GET" };
            let request = UpgradeRequest::new(method, "example.com");
            let token = client
                .initiate_upgrade_connection_with(None, &request)
                .expect("client upgrades")
                .expect("a client gets the HTTP2-Settings value");
            server
                .initiate_upgrade_connection_with(Some(token.as_bytes()), &request)
                .expect("server upgrades");
            ids.push(StreamId::new(1));
        } else {
            client.initiate_connection().expect("client initiates");
            server.initiate_connection().expect("server initiates");
        }
        let mut pair = Self {
            client,
            server,
            ids,
            unacked: [Vec::new(), Vec::new()],
        };
        pair.drive(0);
        pair
    }

    fn conn(&mut self, end: End) -> &mut Connection {
        match end {
            End::Client => &mut self.client,
            End::Server => &mut self.server,
        }
    }

    fn stream(&self, index: u8) -> StreamId {
        if self.ids.is_empty() {
            return StreamId::new(1);
        }
        self.ids[usize::from(index) % self.ids.len()]
    }

    /// Runs one call. Its result is not checked: refusing a call is fine,
    /// what matters is what the peer makes of whatever was sent.
    fn act(&mut self, action: Action) {
        match action {
            Action::Request {
                method,
                end_stream,
                length,
                fields,
            } => {
                if let Ok(id) = self.client.get_next_available_stream_id() {
                    let mut block = request_for(method);
                    if let Some(n) = length {
                        block.push(HeaderField::new("content-length", n.to_string()));
                    }
                    block.extend(build_fields(&fields));
                    if self.client.send_headers(id, block, end_stream).is_ok() {
                        self.ids.push(id);
                    }
                }
            }
            Action::Respond {
                stream,
                status,
                end_stream,
                length,
                fields,
            } => {
                let id = self.stream(stream);
                let status = match status % 8 {
                    0 => 100,
                    1 => 103,
                    2 => 204,
                    3 => 304,
                    4 => 404,
                    5 => 100 + status % 900,
                    _ => 200,
                };
                let mut block = vec![HeaderField::new(":status", status.to_string())];
                if let Some(n) = length {
                    block.push(HeaderField::new("content-length", n.to_string()));
                }
                block.extend(build_fields(&fields));
                let _ = self.server.send_headers(id, block, end_stream);
            }
            Action::Data {
                end,
                stream,
                len,
                end_stream,
                pad,
            } => {
                let id = self.stream(stream);
                let body = vec![0x5a; usize::from(len) % 20_000];
                let _ = self.conn(end).send_data(id, &body, end_stream, pad);
            }
            Action::Trailers {
                end,
                stream,
                fields,
            } => {
                let id = self.stream(stream);
                let mut block = vec![HeaderField::new("x-trailer", "1")];
                block.extend(build_fields(&fields));
                let _ = self.conn(end).send_headers(id, block, true);
            }
            Action::EndStream { end, stream } => {
                let id = self.stream(stream);
                let _ = self.conn(end).end_stream(id);
            }
            Action::Reset { end, stream, code } => {
                let id = self.stream(stream);
                let _ = self
                    .conn(end)
                    .reset_stream(id, ErrorCode::from(u32::from(code % 14)));
            }
            Action::Push { stream, head } => {
                let parent = self.stream(stream);
                if let Ok(promised) = self.server.get_next_available_stream_id() {
                    let method = if head { "HEAD" } else { "GET" };
                    if self
                        .server
                        .push_stream(parent, promised, request(method))
                        .is_ok()
                    {
                        self.ids.push(promised);
                    }
                }
            }
            Action::Ping { end, data } => {
                let _ = self.conn(end).ping(data);
            }
            Action::Settings {
                end,
                window,
                frame,
                streams,
                table,
                push,
            } => {
                let mut settings = Vec::new();
                if let Some(w) = window {
                    settings.push(Setting::new(SettingId::INITIAL_WINDOW_SIZE, u32::from(w)));
                }
                if let Some(f) = frame {
                    settings.push(Setting::new(
                        SettingId::MAX_FRAME_SIZE,
                        16_384 + 1024 * u32::from(f),
                    ));
                }
                if let Some(s) = streams {
                    settings.push(Setting::new(
                        SettingId::MAX_CONCURRENT_STREAMS,
                        u32::from(s),
                    ));
                }
                if let Some(t) = table {
                    settings.push(Setting::new(SettingId::HEADER_TABLE_SIZE, u32::from(t)));
                }
                if let (Some(p), End::Client) = (push, end) {
                    settings.push(Setting::new(SettingId::ENABLE_PUSH, u32::from(p)));
                }
                let _ = self.conn(end).update_settings(&settings);
            }
            Action::Increment {
                end,
                stream,
                increment,
            } => {
                let id = stream.map(|s| self.stream(s));
                let _ = self
                    .conn(end)
                    .increment_flow_control_window(u32::from(increment), id);
            }
            Action::Acknowledge { end } => {
                let slot = match end {
                    End::Client => 0,
                    End::Server => 1,
                };
                for (id, n) in std::mem::take(&mut self.unacked[slot]) {
                    let _ = self.conn(end).acknowledge_received_data(n, id);
                }
            }
            Action::Priority { stream, weight } => {
                let id = self.stream(stream);
                let priority = StreamPriority {
                    weight: u16::from(weight) + 1,
                    ..StreamPriority::default()
                };
                let _ = self.client.prioritize(id, priority);
            }
            Action::PriorityUpdate {
                stream,
                next_idle,
                urgency,
                incremental,
            } => {
                let id = if next_idle {
                    self.client.get_next_available_stream_id().ok()
                } else {
                    Some(self.stream(stream))
                };
                if let (Some(id), Some(priority)) = (id, Priority::new(urgency % 8, incremental)) {
                    let _ = self.client.send_priority_update(id, priority);
                }
            }
            Action::AltSvc { stream } => {
                let stream = stream.map(|s| self.stream(s));
                let origin = stream.is_none().then_some(&b"https://alt.example"[..]);
                let _ = self
                    .server
                    .advertise_alternative_service(b"h2=\":8443\"", origin, stream);
            }
            Action::Origin { count } => {
                let origins: Vec<&[u8]> = (0..count % 4)
                    .map(|i| {
                        [&b"https://a.example"[..], b"https://b.example:8443"][usize::from(i % 2)]
                    })
                    .collect();
                let _ = self.server.send_origin(&origins);
            }
            Action::GoAway { end, code } => {
                // Only graceful shutdowns: an error GOAWAY closes the
                // connection on purpose, after which nothing is compared.
                let _ = code;
                let _ = self
                    .conn(end)
                    .close_connection(ErrorCode::NO_ERROR, None, None);
            }
            Action::Drive => self.drive(0),
            Action::DriveChunked { size } => self.drive(usize::from(size) + 1),
        }
    }

    /// Moves bytes both ways until quiet, in pieces of `chunk` octets (0:
    /// whole). Acknowledges half of the data automatically so that windows
    /// keep moving.
    fn drive(&mut self, chunk: usize) {
        for _ in 0..10_000 {
            let to_server = self.client.data_to_send();
            let to_client = self.server.data_to_send();
            if to_server.is_empty() && to_client.is_empty() {
                return;
            }
            self.deliver(End::Server, &to_server, chunk);
            self.deliver(End::Client, &to_client, chunk);
        }
        panic!("livelock: the pair never went quiet");
    }

    fn deliver(&mut self, to: End, bytes: &[u8], chunk: usize) {
        if bytes.is_empty() {
            return;
        }
        let size = if chunk == 0 { bytes.len() } else { chunk };
        let mut events = Vec::new();
        for piece in bytes.chunks(size) {
            if let Err(e) = self.conn(to).receive_data_into(piece, &mut events) {
                panic!("{to:?} found fault in a correct peer: {e:?}");
            }
        }
        let slot = match to {
            End::Client => 0,
            End::Server => 1,
        };
        for event in events {
            match event {
                // A correct peer never sends a malformed message, never
                // overruns a window and never sends on a stream it ended:
                // the receiver may refuse a stream, nothing else.
                Event::StreamReset(r) if !r.remote_reset => assert!(
                    !matches!(
                        r.error_code,
                        ErrorCode::PROTOCOL_ERROR
                            | ErrorCode::FLOW_CONTROL_ERROR
                            | ErrorCode::STREAM_CLOSED
                    ),
                    "{to:?} reset stream {} with {:?}",
                    r.stream_id,
                    r.error_code
                ),
                Event::DataReceived(d) => {
                    self.unacked[slot].push((d.stream_id, d.flow_controlled_length));
                }
                Event::PushedStreamReceived(p) if !self.ids.contains(&p.pushed_stream_id) => {
                    self.ids.push(p.pushed_stream_id);
                }
                _ => {}
            }
        }
        // Return half the credit at once, keep the rest for Acknowledge.
        let pending = std::mem::take(&mut self.unacked[slot]);
        let (now, later) = pending.split_at(pending.len() / 2);
        for &(id, n) in now {
            let _ = self.conn(to).acknowledge_received_data(n, id);
        }
        self.unacked[slot] = later.to_vec();
    }

    fn check(&self) {
        // Connection windows: what one end may send is what the other
        // accepts.
        assert_eq!(
            self.client.outbound_flow_control_window(),
            self.server.inbound_flow_control_window()
        );
        assert_eq!(
            self.server.outbound_flow_control_window(),
            self.client.inbound_flow_control_window()
        );
        for &id in &self.ids {
            let (c, s) = (self.client.stream_state(id), self.server.stream_state(id));
            assert_eq!(
                class(c),
                mirror(class(s)),
                "stream {id}: client {c:?}, server {s:?}"
            );
            if let (Some((c_send, c_recv)), Some((s_send, s_recv))) = (
                self.client.stream_windows(id),
                self.server.stream_windows(id),
            ) {
                assert_eq!(
                    c_send, s_recv,
                    "stream {id}: client send window vs server receive window"
                );
                assert_eq!(
                    s_send, c_recv,
                    "stream {id}: server send window vs client receive window"
                );
            }
        }
    }
}

/// A state up to how it closed: both ends see "closed", but each may have
/// closed it for its own reason (simultaneous END_STREAM or resets).
#[derive(Debug, PartialEq, Eq)]
enum Class {
    Idle,
    ReservedLocal,
    ReservedRemote,
    Open,
    HalfClosedLocal,
    HalfClosedRemote,
    Closed,
}

fn class(state: StreamState) -> Class {
    match state {
        StreamState::Idle => Class::Idle,
        StreamState::ReservedLocal => Class::ReservedLocal,
        StreamState::ReservedRemote => Class::ReservedRemote,
        StreamState::Open => Class::Open,
        StreamState::HalfClosedLocal => Class::HalfClosedLocal,
        StreamState::HalfClosedRemote => Class::HalfClosedRemote,
        StreamState::Closed(_) => Class::Closed,
    }
}

fn mirror(class: Class) -> Class {
    match class {
        Class::ReservedLocal => Class::ReservedRemote,
        Class::ReservedRemote => Class::ReservedLocal,
        Class::HalfClosedLocal => Class::HalfClosedRemote,
        Class::HalfClosedRemote => Class::HalfClosedLocal,
        other => other,
    }
}
