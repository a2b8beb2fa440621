//! GOAWAY: graceful shutdown, in-flight streams, last stream ids (SPEC
//! §7.9, API-19, RF-GOAWAY; quirk Q-08 fixed toward RFC 9113 §6.8).

use h2_frame::{ErrorCode, Frame, GoAway, StreamId};
use h2_proto::{ClosedBy, Config, ConnectionState, Error, Event, StreamState, UsageError};
use h2_testkit::{fields, Pair, RawPeer};

fn id(n: u32) -> StreamId {
    StreamId::new(n)
}

/// SPEC GA-1, Q-08 fixed: after the server's GOAWAY, streams at or below
/// its last stream id run to completion; the client opens no new ones.
#[test]
fn q_08_in_flight_streams_complete_after_goaway() {
    let mut pair = Pair::new();
    for n in [1, 3] {
        pair.client
            .send_headers(id(n), fields::request("POST", "/"), false)
            .unwrap();
    }
    pair.drive();
    pair.take_server_events();
    pair.server
        .close_connection(ErrorCode::NO_ERROR, None, None)
        .unwrap();
    pair.drive();
    let events = pair.take_client_events();
    assert!(matches!(&events[..], [Event::ConnectionTerminated(t)] if t.last_stream_id == id(3)));
    assert_eq!(pair.client.state(), ConnectionState::GoAwayReceived);
    assert_eq!(
        pair.client
            .send_headers(id(5), fields::request("GET", "/"), true),
        Err(Error::Usage(UsageError::GoingAway))
    );
    // The in-flight streams finish both ways.
    for n in [1, 3] {
        pair.client.send_data(id(n), b"body", true, None).unwrap();
    }
    pair.drive();
    for n in [1, 3] {
        pair.server
            .send_headers(id(n), fields::response(200), false)
            .unwrap();
        pair.server.send_data(id(n), b"reply", true, None).unwrap();
    }
    pair.drive();
    let events = pair.take_client_events();
    assert_eq!(
        events
            .iter()
            .filter(|e| matches!(e, Event::StreamEnded(_)))
            .count(),
        2
    );
    assert_eq!(pair.client.open_outbound_streams(), 0);
    assert_eq!(pair.server.open_inbound_streams(), 0);
}

/// SPEC GA-2, RFC 9113 §6.8: streams we opened above the peer's last
/// stream id are closed; the output buffer is kept (Q-08 fixed).
#[test]
fn streams_above_last_stream_id_close_on_goaway() {
    let mut peer = RawPeer::connected(Config::client());
    for n in [1, 3, 5] {
        peer.conn
            .send_headers(id(n), fields::request("GET", "/"), true)
            .unwrap();
    }
    let _ = peer.read_frames();
    peer.conn.ping([1; 8]).unwrap();
    let events = peer
        .send_frame(GoAway::new(id(1), ErrorCode::NO_ERROR))
        .unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(peer.conn.stream_state(id(1)), StreamState::HalfClosedLocal);
    assert_eq!(
        peer.conn.stream_state(id(3)),
        StreamState::Closed(ClosedBy::RecvRstStream)
    );
    assert_eq!(
        peer.conn.stream_state(id(5)),
        StreamState::Closed(ClosedBy::RecvRstStream)
    );
    assert_eq!(peer.conn.open_outbound_streams(), 1);
    assert!(matches!(&peer.read_frames()[..], [Frame::Ping(_)]));
    // The last stream still gets its response.
    let events = peer
        .headers(1, fields::response(200))
        .end_stream()
        .send()
        .unwrap();
    assert!(matches!(events[0], Event::ResponseReceived(_)));
}

/// RFC 9113 §6.8: after our GOAWAY, new streams from the peer above its
/// last stream id are refused; HPACK stays in step.
#[test]
fn new_streams_after_our_goaway_are_refused() {
    let mut peer = RawPeer::connected(Config::server());
    peer.headers(1, fields::request("GET", "/")).send().unwrap();
    peer.conn
        .close_connection(ErrorCode::NO_ERROR, None, None)
        .unwrap();
    assert!(matches!(&peer.read_frames()[..], [Frame::GoAway(g)] if g.last_stream_id == id(1)));
    assert!(peer
        .headers(3, fields::request("GET", "/"))
        .send()
        .unwrap()
        .is_empty());
    assert_eq!(peer.expect_rst(), (id(3), ErrorCode::REFUSED_STREAM));
    // Stream 1 goes on, and HPACK is in step for its trailers.
    let events = peer
        .headers(1, fields::list(&[("x", "1")]))
        .end_stream()
        .send()
        .unwrap();
    assert!(matches!(events[0], Event::TrailersReceived(_)));
}

/// RFC 9113 §6.8: the two-step shutdown, 2^31-1 first, then the real id.
#[test]
fn two_step_shutdown() {
    let mut peer = RawPeer::connected(Config::server());
    peer.conn
        .close_connection(ErrorCode::NO_ERROR, None, Some(StreamId::MAX))
        .unwrap();
    // A request in flight is still accepted.
    let events = peer.headers(1, fields::request("GET", "/")).send().unwrap();
    assert!(matches!(events[0], Event::RequestReceived(_)));
    peer.conn
        .close_connection(ErrorCode::NO_ERROR, None, None)
        .unwrap();
    let frames = peer.read_frames();
    assert!(
        matches!(&frames[..], [Frame::GoAway(a), Frame::GoAway(b)] if a.last_stream_id == StreamId::MAX && b.last_stream_id == id(1))
    );
}

/// RFC 9113 §6.8: a peer raising its last stream id is a PROTOCOL_ERROR.
#[test]
fn goaway_last_stream_id_may_not_grow() {
    let mut peer = RawPeer::connected(Config::client());
    peer.send_frame(GoAway::new(id(1), ErrorCode::NO_ERROR))
        .unwrap();
    let err = peer
        .send_frame(GoAway::new(id(3), ErrorCode::NO_ERROR))
        .unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::PROTOCOL_ERROR));
}

/// SPEC ERR-30, GA-1, RH-79: a connection error's GOAWAY carries the
/// highest stream the peer opened.
#[test]
fn connection_error_goaway_names_the_highest_inbound_stream() {
    let mut peer = RawPeer::connected(Config::server());
    peer.headers(5, fields::request("GET", "/")).send().unwrap();
    let _ = peer.send_bytes(&h2_testkit::hex("000000 09 04 00000005"));
    assert_eq!(
        peer.expect_goaway(),
        GoAway::new(id(5), ErrorCode::PROTOCOL_ERROR)
    );
    assert_eq!(peer.conn.state(), ConnectionState::Closed);
    assert_eq!(peer.conn.ping([0; 8]), Err(Error::ConnectionClosed));
}

/// SPEC FSM-4: once a connection error closed the connection, only GOAWAY
/// may still be sent (RFC 9113 §6.8 allows several); every other action is
/// `ConnectionClosed`, nothing new is queued, and nothing is received, not
/// even the GOAWAY Python h2 still accepts: "After sending the GOAWAY frame
/// for an error condition, the endpoint MUST close the TCP connection"
/// (§5.4.1).
#[test]
fn fsm_4_after_a_connection_error_only_goaway_is_sent() {
    let mut peer = RawPeer::connected(Config::server());
    peer.headers(1, fields::request("GET", "/")).send().unwrap();
    let err = peer
        .send_frame(h2_frame::RstStream {
            stream_id: id(3),
            error_code: ErrorCode::CANCEL,
        })
        .unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::PROTOCOL_ERROR));
    assert_eq!(
        peer.expect_goaway(),
        GoAway::new(id(1), ErrorCode::PROTOCOL_ERROR)
    );
    assert_eq!(peer.conn.state(), ConnectionState::Closed);

    assert_eq!(
        peer.conn.send_headers(id(1), fields::response(200), true),
        Err(Error::ConnectionClosed)
    );
    assert_eq!(
        peer.conn.reset_stream(id(1), ErrorCode::CANCEL),
        Err(Error::ConnectionClosed)
    );
    assert_eq!(peer.conn.ping([0; 8]), Err(Error::ConnectionClosed));
    assert_eq!(
        peer.send_frame(GoAway::new(id(0), ErrorCode::NO_ERROR))
            .unwrap_err()
            .error,
        Error::ConnectionClosed
    );
    assert!(peer.read_frames().is_empty());

    peer.conn
        .close_connection(ErrorCode::INTERNAL_ERROR, None, None)
        .unwrap();
    assert_eq!(
        peer.expect_goaway(),
        GoAway::new(id(1), ErrorCode::INTERNAL_ERROR)
    );
    assert_eq!(peer.conn.state(), ConnectionState::Closed);
}
