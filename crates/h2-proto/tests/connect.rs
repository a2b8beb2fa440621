//! CONNECT (RFC 9113 §8.5) and extended CONNECT (RFC 8441), which carries
//! WebSockets over HTTP/2; SPEC HDR-26 and quirk Q-20.

use h2_frame::{Data, ErrorCode, Frame, RstStream, Setting, SettingId, StreamId};
use h2_proto::{
    Config, DataReceived, Error, Event, HeaderError, HeaderField, StreamEnded, StreamReset,
    UsageError,
};
use h2_testkit::{fields, Pair, RawPeer};

fn id(n: u32) -> StreamId {
    StreamId::new(n)
}

fn h(name: &'static str, value: &'static str) -> HeaderField {
    HeaderField::new(name, value)
}

fn connect() -> Vec<HeaderField> {
    vec![
        h(":method", "CONNECT"),
        h(":authority", "origin.example:443"),
    ]
}

fn websocket() -> Vec<HeaderField> {
    vec![
        h(":method", "CONNECT"),
        h(":protocol", "websocket"),
        h(":scheme", "https"),
        h(":authority", "chat.example"),
        h(":path", "/chat"),
        h("sec-websocket-version", "13"),
    ]
}

fn data(n: u32, payload: &'static [u8], end: bool) -> Event {
    Event::DataReceived(DataReceived {
        stream_id: id(n),
        data: payload.into(),
        flow_controlled_length: payload.len() as u32,
        stream_ended: end.then_some(StreamEnded { stream_id: id(n) }),
    })
}

fn reset_by_us(n: u32) -> Event {
    Event::StreamReset(StreamReset {
        stream_id: id(n),
        error_code: ErrorCode::PROTOCOL_ERROR,
        remote_reset: false,
    })
}

fn rst(n: u32) -> Frame {
    Frame::RstStream(RstStream {
        stream_id: id(n),
        error_code: ErrorCode::PROTOCOL_ERROR,
    })
}

/// A server that advertises SETTINGS_ENABLE_CONNECT_PROTOCOL = 1.
fn extended_connect_server() -> Config {
    let mut config = Config::server();
    config.local_settings = config
        .local_settings
        .with(Setting::new(SettingId::ENABLE_CONNECT_PROTOCOL, 1))
        .unwrap();
    config
}

/// Carries `upstream` from the client and `downstream` from the server on
/// the tunnel `n`, then closes it from both ends; asserts what each end saw.
fn carry_both_ways(pair: &mut Pair, n: u32) {
    pair.client.send_data(id(n), b"ping", false, None).unwrap();
    pair.server.send_data(id(n), b"pong", false, None).unwrap();
    pair.drive();
    assert_eq!(pair.take_server_events(), [data(n, b"ping", false)]);
    assert_eq!(pair.take_client_events(), [data(n, b"pong", false)]);
    pair.client.send_data(id(n), b"bye", true, None).unwrap();
    pair.server.send_data(id(n), b"bye", true, None).unwrap();
    pair.drive();
    let ended = Event::StreamEnded(StreamEnded { stream_id: id(n) });
    assert_eq!(
        pair.take_server_events(),
        [data(n, b"bye", true), ended.clone()]
    );
    assert_eq!(pair.take_client_events(), [data(n, b"bye", true), ended]);
    assert!(pair.client.stream_state(id(n)).is_closed());
    assert!(pair.server.stream_state(id(n)).is_closed());
}

/// RFC 9113 §8.5, Q-20 fixed: a plain CONNECT carries `:method` and
/// `:authority` only; the 2xx makes the stream a tunnel whose DATA goes
/// both ways without content-length framing. The client may send before
/// the response.
#[test]
fn q_20_plain_connect_tunnel_carries_data_both_ways() {
    let mut pair = Pair::new();
    pair.client.send_headers(id(1), connect(), false).unwrap();
    pair.client.send_data(id(1), b"early", false, None).unwrap();
    pair.drive();
    let events = pair.take_server_events();
    assert!(matches!(&events[0], Event::RequestReceived(r) if r.headers == connect()));
    assert_eq!(events[1], data(1, b"early", false));
    pair.server
        .send_headers(id(1), fields::response(200), false)
        .unwrap();
    pair.drive();
    assert!(matches!(
        &pair.take_client_events()[..],
        [Event::ResponseReceived(_)]
    ));
    carry_both_ways(&mut pair, 1);
}

/// RFC 9113 §8.5: "The ":scheme" and ":path" pseudo-header fields MUST be
/// omitted", and `:authority` is required; both directions.
#[test]
fn q_20_connect_pseudo_headers() {
    let mut peer = RawPeer::connected(Config::client());
    let mut with_path = connect();
    with_path.push(h(":path", "/"));
    assert_eq!(
        peer.conn.send_headers(id(1), with_path.clone(), false),
        Err(Error::Header(HeaderError::PseudoHeaderInConnect(":path")))
    );
    assert_eq!(
        peer.conn
            .send_headers(id(1), vec![h(":method", "CONNECT")], false),
        Err(Error::Header(HeaderError::MissingPseudoHeader(
            ":authority"
        )))
    );
    assert!(peer.read_frames().is_empty());

    let mut peer = RawPeer::connected(Config::server());
    assert_eq!(peer.headers(1, with_path).send().unwrap(), []);
    assert_eq!(peer.read_frames(), [rst(1)]);
}

/// RFC 9110 §9.3.6: a server "MUST NOT send" content-length in a 2xx
/// response to CONNECT, and a client "MUST ignore" one it receives.
#[test]
fn content_length_in_a_2xx_response_to_connect() {
    let mut peer = RawPeer::connected(Config::server());
    peer.headers(1, connect()).send().unwrap();
    assert_eq!(
        peer.conn
            .send_headers(id(1), fields::response_with_length(200, 0), false),
        Err(Error::Header(HeaderError::ContentLengthNotAllowed {
            status: 200
        }))
    );

    let mut peer = RawPeer::connected(Config::client());
    peer.conn.send_headers(id(1), connect(), false).unwrap();
    let _ = peer.read_frames();
    peer.headers(1, fields::response_with_length(200, 0))
        .send()
        .unwrap();
    let events = peer.send_frame(Data::new(id(1), &b"tunnel"[..])).unwrap();
    assert_eq!(events, [data(1, b"tunnel", false)]);
}

/// RFC 9113 §8.5: on a connected stream only DATA and stream management
/// frames: no header block is sent either way once the 2xx went by, and a
/// client resets a tunnel on which the server sends one. A refusal is an
/// ordinary response with ordinary content rules.
#[test]
fn no_header_block_on_a_tunnel() {
    let mut pair = Pair::new();
    pair.client.send_headers(id(1), connect(), false).unwrap();
    pair.drive();
    pair.server
        .send_headers(id(1), fields::response(200), false)
        .unwrap();
    pair.drive();
    let trailers = fields::list(&[("x-trailer", "1")]);
    let refused = Err(Error::Usage(UsageError::HeadersOnTunnel {
        stream_id: id(1),
    }));
    assert_eq!(
        pair.server.send_headers(id(1), trailers.clone(), true),
        refused
    );
    assert_eq!(
        pair.client.send_headers(id(1), trailers.clone(), true),
        refused
    );

    // Received: the client resets a tunnel on which HEADERS arrive ...
    let mut peer = RawPeer::connected(Config::client());
    peer.conn.send_headers(id(1), connect(), false).unwrap();
    let _ = peer.read_frames();
    peer.headers(1, fields::response(200)).send().unwrap();
    let events = peer
        .headers(1, trailers.clone())
        .end_stream()
        .send()
        .unwrap();
    assert_eq!(events, [reset_by_us(1)]);
    // ... but a server cannot tell whether the client's block left before
    // the 2xx reached it, so it accepts it (found by pair_actions).
    let mut peer = RawPeer::connected(Config::server());
    peer.headers(1, connect()).send().unwrap();
    peer.conn
        .send_headers(id(1), fields::response(200), false)
        .unwrap();
    let _ = peer.read_frames();
    let events = peer.headers(1, trailers).end_stream().send().unwrap();
    assert!(matches!(
        &events[..],
        [Event::TrailersReceived(_), Event::StreamEnded(_)]
    ));
    assert!(peer.read_frames().is_empty());

    // A 407 is no tunnel: its content-length frames its content.
    let mut peer = RawPeer::connected(Config::client());
    peer.conn.send_headers(id(1), connect(), false).unwrap();
    let _ = peer.read_frames();
    peer.headers(1, fields::response_with_length(407, 2))
        .send()
        .unwrap();
    let events = peer.send_frame(Data::new(id(1), &b"xyz"[..])).unwrap();
    assert_eq!(events, [reset_by_us(1)]);
}

/// RFC 8441 §3, Q-20 fixed: `:protocol` only once the server advertised
/// SETTINGS_ENABLE_CONNECT_PROTOCOL = 1: the client refuses to send it
/// before, and the server accepts it only once the client acknowledged
/// the setting.
#[test]
fn q_20_extended_connect_needs_the_setting() {
    let mut pair = Pair::new();
    assert!(!pair.client.remote_settings().enable_connect_protocol());
    assert_eq!(
        pair.client.send_headers(id(1), websocket(), false),
        Err(Error::Header(HeaderError::ProtocolWithoutExtendedConnect))
    );

    // A server that never advertised it resets the stream.
    let mut peer = RawPeer::connected(Config::server());
    assert_eq!(peer.headers(1, websocket()).send().unwrap(), []);
    assert_eq!(peer.read_frames(), [rst(1)]);

    // Advertised but not yet acknowledged: still refused; then accepted.
    let mut peer = RawPeer::new(extended_connect_server());
    peer.send_bytes(h2_frame::PREFACE).unwrap();
    peer.send_frame(h2_frame::Settings::new(Vec::new()))
        .unwrap();
    let _ = peer.read_frames();
    assert_eq!(peer.headers(1, websocket()).send().unwrap(), []);
    assert_eq!(peer.read_frames(), [rst(1)]);
    peer.send_frame(h2_frame::Settings::ack()).unwrap();
    let events = peer.headers(3, websocket()).send().unwrap();
    assert!(matches!(&events[..], [Event::RequestReceived(r)] if r.headers == websocket()));

    // Extended CONNECT needs :scheme and :path (RFC 8441 §4).
    let no_path: Vec<_> = websocket()
        .into_iter()
        .filter(|f| f.name != ":path")
        .collect();
    assert_eq!(peer.headers(5, no_path).send().unwrap(), []);
    assert_eq!(peer.read_frames(), [rst(5)]);
}

/// RFC 8441: a WebSocket over HTTP/2, end to end: the server advertises
/// the setting, the client opens the extended CONNECT, the 200 opens the
/// tunnel, and WebSocket frames travel as DATA both ways.
#[test]
fn websocket_over_http2_carries_data_both_ways() {
    let mut pair = Pair::with_configs(Config::client(), extended_connect_server());
    assert!(pair.client.remote_settings().enable_connect_protocol());
    pair.client.send_headers(id(1), websocket(), false).unwrap();
    pair.drive();
    let events = pair.take_server_events();
    assert!(matches!(&events[..], [Event::RequestReceived(r)] if r.headers == websocket()));
    pair.server
        .send_headers(id(1), fields::response(200), false)
        .unwrap();
    pair.drive();
    let events = pair.take_client_events();
    assert!(
        matches!(&events[..], [Event::ResponseReceived(r)] if r.headers == fields::response(200))
    );
    carry_both_ways(&mut pair, 1);
}
