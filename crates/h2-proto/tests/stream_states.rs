//! Frames on streams in every state: RFC 9113 §5.1 and the "closed by"
//! rules (SPEC §7.2, §7.3, §7.8; quirk Q-15).

use h2_frame::{Data, ErrorCode, RstStream, StreamId, WindowUpdate};
use h2_proto::{ClosedBy, Config, Error, Event, ProtocolError, StreamState};
use h2_testkit::{fields, RawPeer};

fn id(n: u32) -> StreamId {
    StreamId::new(n)
}

fn server() -> RawPeer {
    RawPeer::connected(Config::server())
}

/// SPEC SFSM-6, RH-69, RH-70: DATA or HEADERS after the peer's END_STREAM,
/// while we still send, reset the stream with STREAM_CLOSED.
#[test]
fn sfsm_6_frames_in_half_closed_remote_reset_the_stream() {
    let mut peer = server();
    peer.headers(1, fields::request("GET", "/"))
        .end_stream()
        .send()
        .unwrap();
    let events = peer.send_frame(Data::new(id(1), &b"late"[..])).unwrap();
    assert_eq!(
        events,
        [Event::StreamReset(h2_proto::StreamReset {
            stream_id: id(1),
            error_code: ErrorCode::STREAM_CLOSED,
            remote_reset: false
        })]
    );
    assert_eq!(peer.expect_rst(), (id(1), ErrorCode::STREAM_CLOSED));
    assert_eq!(
        peer.conn.stream_state(id(1)),
        StreamState::Closed(ClosedBy::SendRstStream)
    );
    // Later frames on it are discarded, once (SPEC RH-72: one event per stream).
    assert!(peer
        .send_frame(Data::new(id(1), &b"more"[..]))
        .unwrap()
        .is_empty());
    assert!(peer
        .read_frames()
        .iter()
        .all(|f| !matches!(f, h2_frame::Frame::RstStream(_))));
}

/// SPEC CL-5, RH-56, RFC 9113 §5.1: after our reset, late frames of any
/// kind are minimally processed and discarded: HPACK stays in step, DATA
/// counts toward (and is returned to) the connection window, nothing else.
#[test]
fn cl_5_frames_after_our_reset_are_discarded() {
    let mut peer = server();
    peer.headers(1, fields::request("POST", "/"))
        .send()
        .unwrap();
    peer.conn.reset_stream(id(1), ErrorCode::CANCEL).unwrap();
    let _ = peer.read_frames();
    let events = peer
        .send_frames([
            Data::new(id(1), vec![0u8; 100]).into(),
            WindowUpdate {
                stream_id: id(1),
                increment: 5,
            }
            .into(),
            RstStream {
                stream_id: id(1),
                error_code: ErrorCode::CANCEL,
            }
            .into(),
        ])
        .unwrap();
    assert!(events.is_empty());
    assert!(peer
        .headers(1, fields::list(&[("x", "1")]))
        .end_stream()
        .send()
        .unwrap()
        .is_empty());
    assert!(peer.read_frames().is_empty());
    assert_eq!(peer.conn.inbound_flow_control_window(), 65_535 - 100);
    // HPACK is still in step.
    let events = peer.headers(3, fields::request("GET", "/")).send().unwrap();
    assert!(matches!(&events[..], [Event::RequestReceived(_)]));
}

/// SPEC CL-2, CL-3, Q-15 fixed: after END_STREAM both ways, DATA or
/// HEADERS is a connection error STREAM_CLOSED (RFC 9113 §5.1, closed).
#[test]
fn q_15_data_after_normal_close_is_a_connection_error() {
    let mut peer = server();
    peer.headers(1, fields::request("GET", "/"))
        .end_stream()
        .send()
        .unwrap();
    peer.conn
        .send_headers(id(1), fields::response(204), true)
        .unwrap();
    assert_eq!(
        peer.conn.stream_state(id(1)),
        StreamState::Closed(ClosedBy::SendEndStream)
    );
    // A late WINDOW_UPDATE or RST_STREAM is fine.
    assert!(peer
        .send_frame(WindowUpdate {
            stream_id: id(1),
            increment: 1
        })
        .unwrap()
        .is_empty());
    let err = peer.send_frame(Data::new(id(1), &b"x"[..])).unwrap_err();
    assert_eq!(
        err.error,
        Error::Protocol(ProtocolError::StreamState {
            stream_id: id(1),
            state: StreamState::Closed(ClosedBy::SendEndStream),
            code: ErrorCode::STREAM_CLOSED
        })
    );
    assert_eq!(peer.expect_goaway().error_code, ErrorCode::STREAM_CLOSED);
}

/// SPEC CL-3: HEADERS on a stream the peer reset is a connection error
/// STREAM_CLOSED; on a skipped (implicitly closed) id, PROTOCOL_ERROR.
#[test]
fn cl_3_headers_on_closed_streams() {
    let mut peer = server();
    peer.headers(1, fields::request("GET", "/")).send().unwrap();
    peer.send_frame(RstStream {
        stream_id: id(1),
        error_code: ErrorCode::CANCEL,
    })
    .unwrap();
    let err = peer
        .headers(1, fields::list(&[("x", "1")]))
        .end_stream()
        .send()
        .unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::STREAM_CLOSED));

    let mut peer = server();
    peer.headers(5, fields::request("GET", "/")).send().unwrap();
    let err = peer
        .headers(3, fields::request("GET", "/"))
        .send()
        .unwrap_err();
    assert_eq!(
        err.error,
        Error::Protocol(ProtocolError::StreamState {
            stream_id: id(3),
            state: StreamState::Closed(ClosedBy::Implicit),
            code: ErrorCode::PROTOCOL_ERROR
        })
    );
}

/// SPEC CL-2, CL-1, DOS-4: DATA on a skipped or forgotten stream gets
/// RST_STREAM(STREAM_CLOSED); the connection window still counts it.
#[test]
fn cl_2_data_on_implicitly_closed_stream_is_a_stream_error() {
    let mut peer = server();
    peer.headers(5, fields::request("GET", "/")).send().unwrap();
    assert!(peer
        .send_frame(Data::new(id(3), vec![0u8; 10]))
        .unwrap()
        .is_empty());
    assert_eq!(peer.expect_rst(), (id(3), ErrorCode::STREAM_CLOSED));
    assert_eq!(peer.conn.inbound_flow_control_window(), 65_525);
}

/// SPEC SID-2, Q-06 fixed: a server-initiated id opened by HEADERS is a
/// connection PROTOCOL_ERROR at either end.
#[test]
fn sid_2_headers_cannot_open_a_server_stream() {
    let mut peer = server();
    let err = peer
        .headers(2, fields::request("GET", "/"))
        .send()
        .unwrap_err();
    assert_eq!(
        err.error,
        Error::Protocol(ProtocolError::InvalidStreamId { stream_id: id(2) })
    );

    let mut client = RawPeer::connected(Config::client());
    let err = client.headers(2, fields::response(200)).send().unwrap_err();
    assert_eq!(
        err.error,
        Error::Protocol(ProtocolError::InvalidStreamId { stream_id: id(2) })
    );
    let err = {
        let mut client = RawPeer::connected(Config::client());
        client.headers(1, fields::response(200)).send().unwrap_err()
    };
    assert_eq!(
        err.error,
        Error::Protocol(ProtocolError::InvalidStreamId { stream_id: id(1) })
    );
}

/// SPEC SID-1: gaps are allowed; skipped ids are implicitly closed.
#[test]
fn sid_1_gaps_close_skipped_ids() {
    let mut peer = server();
    peer.headers(7, fields::request("GET", "/")).send().unwrap();
    assert_eq!(peer.conn.highest_inbound_stream_id(), id(7));
    assert_eq!(
        peer.conn.stream_state(id(3)),
        StreamState::Closed(ClosedBy::Implicit)
    );
    assert_eq!(
        peer.conn.send_headers(id(3), fields::response(200), true),
        Err(Error::StreamClosed { stream_id: id(3) })
    );
}

/// SPEC SFSM-8: sending on a closed stream is StreamClosed.
#[test]
fn sfsm_8_sending_on_a_closed_stream() {
    let mut peer = server();
    peer.headers(1, fields::request("GET", "/"))
        .end_stream()
        .send()
        .unwrap();
    peer.conn
        .send_headers(id(1), fields::response(200), true)
        .unwrap();
    assert_eq!(
        peer.conn.send_data(id(1), b"x", false, None),
        Err(Error::StreamClosed { stream_id: id(1) })
    );
    assert_eq!(
        peer.conn.end_stream(id(1)),
        Err(Error::StreamClosed { stream_id: id(1) })
    );
    assert_eq!(
        peer.conn.increment_flow_control_window(1, Some(id(1))),
        Err(Error::StreamClosed { stream_id: id(1) })
    );
}

/// SPEC SFSM-7: a client receives trailers and END_STREAM in half-closed
/// (local), which closes the stream.
#[test]
fn sfsm_7_response_trailers_close_the_stream() {
    let mut peer = RawPeer::connected(Config::client());
    peer.conn
        .send_headers(id(1), fields::request("GET", "/"), true)
        .unwrap();
    peer.headers(1, fields::response(200)).send().unwrap();
    peer.send_frame(Data::new(id(1), &b"body"[..])).unwrap();
    let events = peer
        .headers(1, fields::list(&[("grpc-status", "0")]))
        .end_stream()
        .send()
        .unwrap();
    assert!(
        matches!(&events[..], [Event::TrailersReceived(t), Event::StreamEnded(_)] if t.stream_ended.is_some())
    );
    assert_eq!(
        peer.conn.stream_state(id(1)),
        StreamState::Closed(ClosedBy::RecvEndStream)
    );
    assert_eq!(peer.conn.open_outbound_streams(), 0);
}

/// RFC 9113 §6.3: a PRIORITY of the wrong length is a stream error even on
/// a stream closed by END_STREAM both ways: RST_STREAM(FRAME_SIZE_ERROR),
/// no event (found by the httpwg interop suite). After our own reset it is
/// ignored (§5.1).
#[test]
fn bad_priority_on_a_closed_stream_gets_rst_stream() {
    let mut peer = server();
    peer.headers(1, fields::request("GET", "/"))
        .end_stream()
        .send()
        .unwrap();
    peer.conn
        .send_headers(id(1), fields::response(204), true)
        .unwrap();
    let _ = peer.read_frames();
    let events = peer
        .send_bytes(&h2_testkit::hex("000004 02 00 00000001 00000000"))
        .unwrap();
    assert!(events.is_empty());
    assert_eq!(peer.expect_rst(), (id(1), ErrorCode::FRAME_SIZE_ERROR));

    peer.headers(3, fields::request("GET", "/")).send().unwrap();
    peer.conn.reset_stream(id(3), ErrorCode::CANCEL).unwrap();
    let _ = peer.read_frames();
    assert!(peer
        .send_bytes(&h2_testkit::hex("000004 02 00 00000003 00000000"))
        .unwrap()
        .is_empty());
    assert!(peer.read_frames().is_empty());
}
