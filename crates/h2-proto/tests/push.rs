//! Server push (SPEC §7.10, API-17, RF-PUSH_PROMISE; quirks ).

use h2_frame::{ErrorCode, Setting, SettingId, StreamId};
use h2_proto::{
    ClosedBy, Config, Error, Event, HeaderError, HeaderField, ProtocolError, StreamState,
    UsageError,
};
use h2_testkit::{fields, Pair, RawPeer};

fn id(n: u32) -> StreamId {
    StreamId::new(n)
}

/// SPEC PP-1, EVT-12: a push, its promise event, then its response.
#[test]
fn pp_1_push_and_response() {
    let mut pair = Pair::new();
    pair.client
        .send_headers(id(1), fields::request("GET", "/"), true)
        .unwrap();
    pair.drive();
    pair.server
        .push_stream(id(1), id(2), fields::request("GET", "/style.css"))
        .unwrap();
    pair.server
        .send_headers(id(1), fields::response(200), true)
        .unwrap();
    pair.server
        .send_headers(id(2), fields::response(200), false)
        .unwrap();
    pair.server.send_data(id(2), b"body{}", true, None).unwrap();
    pair.drive();
    let events = pair.take_client_events();
    assert!(matches!(&events[0], Event::PushedStreamReceived(p)
        if p.pushed_stream_id == id(2) && p.parent_stream_id == id(1) && p.headers == fields::request("GET", "/style.css")));
    assert!(matches!(&events[3], Event::ResponseReceived(r) if r.stream_id == id(2)));
    assert!(
        matches!(&events[4], Event::DataReceived(d) if d.stream_id == id(2) && d.data == "body{}")
    );
    assert_eq!(
        pair.client.stream_state(id(2)),
        StreamState::Closed(h2_proto::ClosedBy::RecvEndStream)
    );
}

/// SPEC API-17, Q-24 fixed: a refused push leaves no stream behind and
/// burns no id.
#[test]
fn q_24_refused_push_changes_nothing() {
    let mut pair = Pair::new();
    pair.client
        .send_headers(id(1), fields::request("GET", "/"), true)
        .unwrap();
    pair.drive();
    assert_eq!(
        pair.server
            .push_stream(id(3), id(2), fields::request("GET", "/")),
        Err(Error::NoSuchStream { stream_id: id(3) })
    );
    assert_eq!(
        pair.server
            .push_stream(id(1), id(3), fields::request("GET", "/")),
        Err(Error::Usage(UsageError::InvalidStreamId {
            stream_id: id(3)
        }))
    );
    assert!(matches!(
        pair.server
            .push_stream(id(1), id(2), fields::request("POST", "/")),
        Err(Error::Header(_))
    ));
    assert_eq!(pair.server.stream_state(id(2)), StreamState::Idle);
    assert_eq!(pair.server.get_next_available_stream_id(), Ok(id(2)));
    assert!(pair.server.data_to_send().is_empty());
}

/// SPEC API-17 step 1, PP-1: no push to a peer that disabled it, and none
/// by clients (SPEC FSM-2: a client never sends PUSH_PROMISE).
#[test]
fn push_disabled_and_client_push_are_refused() {
    let mut client = Config::client();
    client.local_settings = client
        .local_settings
        .with(Setting::new(SettingId::ENABLE_PUSH, 0))
        .unwrap();
    let mut pair = Pair::with_configs(client, Config::server());
    pair.client
        .send_headers(id(1), fields::request("GET", "/"), true)
        .unwrap();
    pair.drive();
    assert_eq!(
        pair.server
            .push_stream(id(1), id(2), fields::request("GET", "/")),
        Err(Error::Usage(UsageError::PushDisabled))
    );
    assert_eq!(
        pair.client
            .push_stream(id(1), id(3), fields::request("GET", "/")),
        Err(Error::Usage(UsageError::ServerOnly))
    );
}

/// SPEC RF-PUSH_PROMISE, PP-1: PUSH_PROMISE to a server, or after the
/// client disabled push, is a connection PROTOCOL_ERROR (SPEC FSM-3: a
/// server never receives PUSH_PROMISE).
#[test]
fn push_promise_not_allowed() {
    let mut server = RawPeer::connected(Config::server());
    server
        .headers(1, fields::request("GET", "/"))
        .send()
        .unwrap();
    let err = server
        .headers(1, fields::request("GET", "/"))
        .promise(3)
        .send()
        .unwrap_err();
    assert_eq!(err.error, Error::Protocol(ProtocolError::PushNotAllowed));

    let mut config = Config::client();
    config.local_settings = config
        .local_settings
        .with(Setting::new(SettingId::ENABLE_PUSH, 0))
        .unwrap();
    let mut client = RawPeer::connected(config);
    client
        .conn
        .send_headers(id(1), fields::request("GET", "/"), true)
        .unwrap();
    let err = client
        .headers(1, fields::request("GET", "/"))
        .promise(2)
        .send()
        .unwrap_err();
    assert_eq!(err.error, Error::Protocol(ProtocolError::PushNotAllowed));
}

/// SPEC RF-PUSH_PROMISE, RH-57, CL-5: a promise on a stream we reset is
/// refused with REFUSED_STREAM, HPACK kept in step.
#[test]
fn promise_on_a_stream_we_reset_is_refused() {
    let mut peer = RawPeer::connected(Config::client());
    peer.conn
        .send_headers(id(1), fields::request("GET", "/"), true)
        .unwrap();
    peer.conn.reset_stream(id(1), ErrorCode::CANCEL).unwrap();
    let _ = peer.read_frames();
    let events = peer
        .headers(1, fields::request("GET", "/x"))
        .promise(2)
        .send()
        .unwrap();
    assert!(events.is_empty());
    assert_eq!(peer.expect_rst(), (id(2), ErrorCode::REFUSED_STREAM));
    assert_eq!(
        peer.conn.stream_state(id(2)),
        StreamState::Closed(h2_proto::ClosedBy::SendRstStream)
    );
}

/// SPEC Q-23 fixed: a promise on a half-closed (remote) parent (the server
/// already ended its response) is a connection PROTOCOL_ERROR: "A receiver
/// MUST treat the receipt of a PUSH_PROMISE on a stream that is neither
/// "open" nor "half-closed (local)" as a connection error ... of type
/// PROTOCOL_ERROR" (RFC 9113 §6.6). No silent close, no stream error.
#[test]
fn q_23_promise_on_half_closed_remote_parent() {
    let mut peer = RawPeer::connected(Config::client());
    peer.conn
        .send_headers(id(1), fields::request("POST", "/"), false)
        .unwrap();
    peer.headers(1, fields::response(200))
        .end_stream()
        .send()
        .unwrap();
    let _ = peer.read_frames();
    let err = peer
        .headers(1, fields::request("GET", "/x"))
        .promise(2)
        .send()
        .unwrap_err();
    assert_eq!(
        err.error,
        Error::Protocol(ProtocolError::StreamState {
            stream_id: id(1),
            state: StreamState::HalfClosedRemote,
            code: ErrorCode::PROTOCOL_ERROR
        })
    );
    assert!(err.events.is_empty());
    assert_eq!(peer.expect_goaway().error_code, ErrorCode::PROTOCOL_ERROR);
}

/// SPEC RH-54, receiving end (RFC 9113 §6.6: "PUSH_PROMISE frames MUST only
/// be sent on a peer-initiated stream"): a promise whose parent is a pushed
/// stream is a connection PROTOCOL_ERROR at the client. The sending end is
/// `api_17_pp_1_push_stream_rules`.
#[test]
fn rh_54_promise_on_a_pushed_stream_is_a_connection_error() {
    let mut peer = RawPeer::connected(Config::client());
    peer.conn
        .send_headers(id(1), fields::request("GET", "/"), true)
        .unwrap();
    peer.headers(1, fields::request("GET", "/a"))
        .promise(2)
        .send()
        .unwrap();
    peer.headers(2, fields::response(200)).send().unwrap();
    assert_eq!(peer.conn.stream_state(id(2)), StreamState::HalfClosedLocal);
    let _ = peer.read_frames();
    let err = peer
        .headers(2, fields::request("GET", "/b"))
        .promise(4)
        .send()
        .unwrap_err();
    assert_eq!(
        err.error,
        Error::Protocol(ProtocolError::InvalidPushPromise {
            stream_id: id(2),
            promised_stream_id: id(4)
        })
    );
    assert_eq!(peer.expect_goaway().error_code, ErrorCode::PROTOCOL_ERROR);
    assert_eq!(peer.conn.stream_state(id(4)), StreamState::Idle);
}

/// SPEC RH-21, RFC 9113 §8.4: a malformed promised request resets the
/// promised stream ("it MUST respond on the promised stream with a stream
/// error ... of type PROTOCOL_ERROR"; Python made it a connection error).
#[test]
fn malformed_promise_resets_the_promised_stream() {
    let mut peer = RawPeer::connected(Config::client());
    peer.conn
        .send_headers(id(1), fields::request("GET", "/"), true)
        .unwrap();
    let _ = peer.read_frames();
    let events = peer
        .headers(1, fields::request("POST", "/"))
        .promise(2)
        .send()
        .unwrap();
    assert!(events.is_empty());
    assert_eq!(peer.expect_rst(), (id(2), ErrorCode::PROTOCOL_ERROR));
}

/// RFC 9113 §8.4: a server refuses PUSH_PROMISE on its first frame, before
/// any CONTINUATION (found by the httpwg interop suite).
#[test]
fn push_promise_to_a_server_is_refused_before_its_block_completes() {
    let mut server = RawPeer::connected(Config::server());
    server
        .headers(1, fields::request("GET", "/"))
        .send()
        .unwrap();
    let frames = server
        .headers(1, fields::request("GET", "/"))
        .promise(2)
        .split(2)
        .frames();
    let err = server.send_frames(frames.into_iter().take(1)).unwrap_err();
    assert_eq!(err.error, Error::Protocol(ProtocolError::PushNotAllowed));
    assert_eq!(server.expect_goaway().error_code, ErrorCode::PROTOCOL_ERROR);
}

/// RFC 9113 §5.1.2: answering a push opens a stream, so the client's
/// MAX_CONCURRENT_STREAMS applies to it.
#[test]
fn push_responses_respect_the_clients_concurrency_limit() {
    let mut client = Config::client();
    client.local_settings = client
        .local_settings
        .with(Setting::new(SettingId::MAX_CONCURRENT_STREAMS, 1))
        .unwrap();
    let mut pair = Pair::with_configs(client, Config::server());
    pair.client
        .send_headers(id(1), fields::request("GET", "/"), true)
        .unwrap();
    pair.drive();
    for n in [2, 4] {
        pair.server
            .push_stream(id(1), id(n), fields::request("GET", "/p"))
            .unwrap();
    }
    pair.server
        .send_headers(id(2), fields::response(200), false)
        .unwrap();
    assert_eq!(
        pair.server
            .send_headers(id(4), fields::response(200), false),
        Err(Error::TooManyStreams { max: 1, open: 1 })
    );
}

/// SPEC API-17, PP-1: what a push needs: a client-initiated parent that is
/// open or half-closed (remote) on our side, an even promised id above
/// every one used; each refusal changes nothing. SPEC RH-54: no push on a
/// pushed stream. SPEC RH-78: the server pushes 4 although the client
/// opened 5 (outbound and inbound ids have separate minimums), and the
/// client takes promise 4 after its own 5. SPEC RH-80: `StreamIdTooLow`
/// names the refused id and the current maximum.
#[test]
fn api_17_pp_1_push_stream_rules() {
    let mut pair = Pair::new();
    for n in [1, 3, 5] {
        pair.client
            .send_headers(id(n), fields::request("GET", "/"), true)
            .unwrap();
    }
    pair.drive();
    pair.server
        .push_stream(id(1), id(4), fields::request("GET", "/a"))
        .unwrap();
    assert_eq!(
        pair.server
            .push_stream(id(1), id(2), fields::request("GET", "/b")),
        Err(Error::StreamIdTooLow {
            stream_id: id(2),
            max_stream_id: id(4)
        })
    );
    assert_eq!(
        pair.server
            .push_stream(id(4), id(6), fields::request("GET", "/b")),
        Err(Error::Usage(UsageError::InvalidPushParent {
            stream_id: id(4)
        }))
    );
    // Stream 3's response is complete: no push on it any more.
    pair.server
        .send_headers(id(3), fields::response(204), true)
        .unwrap();
    assert_eq!(
        pair.server
            .push_stream(id(3), id(6), fields::request("GET", "/b")),
        Err(Error::StreamClosed { stream_id: id(3) })
    );
    // The promised request: GET or HEAD, with :authority (RFC 9113 §8.4).
    let mut no_authority = fields::request("GET", "/b");
    no_authority.remove(2);
    no_authority.push(HeaderField::new("host", "example.com"));
    assert_eq!(
        pair.server.push_stream(id(5), id(6), no_authority),
        Err(Error::Header(HeaderError::MissingPseudoHeader(
            ":authority"
        )))
    );
    pair.server
        .push_stream(id(5), id(6), fields::request("HEAD", "/b"))
        .unwrap();
    pair.drive();
    let pushed: Vec<_> = pair
        .take_client_events()
        .into_iter()
        .filter_map(|e| match e {
            Event::PushedStreamReceived(p) => Some((p.parent_stream_id, p.pushed_stream_id)),
            _ => None,
        })
        .collect();
    assert_eq!(pushed, [(id(1), id(4)), (id(5), id(6))]);
}

/// A client refuses a push by resetting the promised stream (RFC 9113
/// §8.4: CANCEL or REFUSED_STREAM); the server sees the reset and can no
/// longer answer it, the parent goes on.
#[test]
fn a_push_refused_by_the_client() {
    let mut pair = Pair::new();
    pair.client
        .send_headers(id(1), fields::request("GET", "/"), true)
        .unwrap();
    pair.drive();
    let _ = pair.take_server_events();
    pair.server
        .push_stream(id(1), id(2), fields::request("GET", "/unwanted.js"))
        .unwrap();
    pair.drive();
    assert!(matches!(
        &pair.take_client_events()[..],
        [Event::PushedStreamReceived(p)] if p.pushed_stream_id == id(2)
    ));
    pair.client
        .reset_stream(id(2), ErrorCode::REFUSED_STREAM)
        .unwrap();
    pair.drive();
    assert_eq!(
        pair.take_server_events(),
        [Event::StreamReset(h2_proto::StreamReset {
            stream_id: id(2),
            error_code: ErrorCode::REFUSED_STREAM,
            remote_reset: true,
        })]
    );
    assert_eq!(
        pair.server
            .send_headers(id(2), fields::response(200), false),
        Err(Error::StreamClosed { stream_id: id(2) })
    );
    pair.server
        .send_headers(id(1), fields::response(200), true)
        .unwrap();
    pair.drive();
    assert!(
        matches!(&pair.take_client_events()[0], Event::ResponseReceived(r) if r.stream_id == id(1))
    );
}

/// RF-PUSH_PROMISE: a push the client resets after the server already sent
/// its response is discarded as it arrives (RFC 9113 §5.1), HPACK in step.
#[test]
fn a_push_refused_while_its_response_is_in_flight() {
    let mut pair = Pair::new();
    pair.client
        .send_headers(id(1), fields::request("GET", "/"), true)
        .unwrap();
    pair.drive();
    let _ = pair.take_server_events();
    pair.server
        .push_stream(id(1), id(2), fields::request("GET", "/big.js"))
        .unwrap();
    let promise = pair.server.data_to_send();
    let events = pair.client.receive_data(&promise).unwrap();
    assert!(matches!(&events[..], [Event::PushedStreamReceived(_)]));
    pair.client.reset_stream(id(2), ErrorCode::CANCEL).unwrap();
    // The server answers before the RST_STREAM reaches it.
    pair.server
        .send_headers(id(2), fields::response_with_length(200, 3), false)
        .unwrap();
    pair.server.send_data(id(2), b"abc", true, None).unwrap();
    pair.server
        .send_headers(id(1), fields::response(200), true)
        .unwrap();
    pair.drive();
    let events = pair.take_client_events();
    assert!(
        matches!(&events[..], [Event::ResponseReceived(r), Event::StreamEnded(_)] if r.stream_id == id(1)),
        "{events:?}"
    );
    // The server had finished the push: the late RST_STREAM is ignored.
    assert_eq!(pair.take_server_events(), []);
    assert!(pair.server.stream_state(id(2)).is_closed());
}

/// RF-PUSH_PROMISE on a parent that is over: after END_STREAM both ways, or
/// after the server reset it, a promise is a connection error
/// PROTOCOL_ERROR (RFC 9113 §6.6: the parent is "neither "open" nor
/// "half-closed (local)""). Only a parent we reset ourselves still takes
/// promises that crossed our RST_STREAM (see
/// `promise_on_a_stream_we_reset_is_refused`).
#[test]
fn push_promise_on_a_finished_parent() {
    fn late_promise_ends_the_connection(mut peer: RawPeer, closed_by: ClosedBy) {
        let err = peer
            .headers(1, fields::request("GET", "/late"))
            .promise(2)
            .send()
            .unwrap_err();
        assert_eq!(
            err.error,
            Error::Protocol(ProtocolError::StreamState {
                stream_id: id(1),
                state: StreamState::Closed(closed_by),
                code: ErrorCode::PROTOCOL_ERROR
            })
        );
        assert_eq!(peer.expect_goaway().error_code, ErrorCode::PROTOCOL_ERROR);
    }

    let mut peer = RawPeer::connected(Config::client());
    peer.conn
        .send_headers(id(1), fields::request("GET", "/"), true)
        .unwrap();
    peer.headers(1, fields::response(204))
        .end_stream()
        .send()
        .unwrap();
    late_promise_ends_the_connection(peer, ClosedBy::RecvEndStream);

    let mut peer = RawPeer::connected(Config::client());
    peer.conn
        .send_headers(id(1), fields::request("GET", "/"), true)
        .unwrap();
    peer.send_frame(h2_frame::RstStream {
        stream_id: id(1),
        error_code: ErrorCode::CANCEL,
    })
    .unwrap();
    late_promise_ends_the_connection(peer, ClosedBy::RecvRstStream);
}

/// A pushed HEAD request: its response carries no content (RFC 9110
/// §9.3.2), checked when sent and when received.
#[test]
fn pushed_head_response_has_no_content() {
    let mut pair = Pair::new();
    pair.client
        .send_headers(id(1), fields::request("GET", "/"), true)
        .unwrap();
    pair.drive();
    pair.server
        .push_stream(id(1), id(2), fields::request("HEAD", "/logo.png"))
        .unwrap();
    pair.server
        .send_headers(id(2), fields::response_with_length(200, 5000), false)
        .unwrap();
    assert_eq!(
        pair.server.send_data(id(2), b"x", false, None),
        Err(Error::Usage(UsageError::ContentLengthMismatch {
            stream_id: id(2),
            content_length: 0,
            sent: 1
        }))
    );
    pair.server.end_stream(id(2)).unwrap();
    pair.drive();
    let events = pair.take_client_events();
    assert!(matches!(events.last(), Some(Event::StreamEnded(e)) if e.stream_id == id(2)));
}
