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
    peer.complete_get(1);
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

/// SPEC SID-2, Q-06 fixed, RH-63: a server-initiated id opened by HEADERS is a
/// connection PROTOCOL_ERROR at either end (SPEC FSM-5: the side comes from
/// `Config`, not from who sent the first HEADERS).
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

/// SPEC SFSM-8, X-6, RH-75: sending on a closed stream is StreamClosed, for
/// end_stream and a stream increment too (no bare KeyError).
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

/// SPEC X-7, SFSM-7, Q-01 fixed: sending DATA or HEADERS in half-closed
/// (local) is refused with `NotAllowedInState` and changes nothing: the
/// stream stays half-closed (local), nothing is queued, and the response
/// still arrives. Python h2 closes the stream silently and raises.
#[test]
fn x_7_refused_send_leaves_the_stream_as_it_was() {
    let mut peer = RawPeer::connected(Config::client());
    peer.conn
        .send_headers(id(1), fields::request("GET", "/"), true)
        .unwrap();
    let _ = peer.read_frames();
    let refused = Err(Error::Usage(h2_proto::UsageError::NotAllowedInState {
        stream_id: id(1),
        state: StreamState::HalfClosedLocal,
    }));
    assert_eq!(peer.conn.send_data(id(1), b"x", false, None), refused);
    assert_eq!(
        peer.conn
            .send_headers(id(1), fields::list(&[("x", "1")]), true),
        refused
    );
    assert!(peer.read_frames().is_empty());
    assert_eq!(peer.conn.stream_state(id(1)), StreamState::HalfClosedLocal);
    let events = peer
        .headers(1, fields::response(200))
        .end_stream()
        .send()
        .unwrap();
    assert!(
        matches!(
            &events[..],
            [Event::ResponseReceived(_), Event::StreamEnded(_)]
        ),
        "{events:?}"
    );
    assert_eq!(
        peer.conn.stream_state(id(1)),
        StreamState::Closed(ClosedBy::RecvEndStream)
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
    peer.complete_get(1);
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

/// Where a stream is put before the matrix sends it a frame, and at which
/// end (server or client under test).
#[derive(Clone, Copy, Debug)]
enum Setup {
    ServerIdle,
    ServerReservedLocal,
    ServerOpen,
    ServerHalfClosedRemote,
    ServerClosedSendEndStream,
    ServerClosedSendRst,
    ServerClosedRecvRst,
    ServerClosedImplicit,
    ClientIdle,
    ClientReservedRemote,
    ClientOpen,
    ClientHalfClosedLocal,
    ClientHalfClosedRemote,
    ClientClosedRecvEndStream,
    ClientClosedSendRst,
    ClientClosedRecvRst,
}

/// The header block a HEADERS frame carries in the matrix: what a correct
/// peer would send next on that stream, so that only the state decides.
#[derive(Clone, Copy, Debug)]
enum Block {
    Request,
    Response,
    Trailers,
}

impl Setup {
    /// The connection under test, the stream, its expected state, and the
    /// block a HEADERS frame carries.
    fn build(self) -> (RawPeer, u32, StreamState, Block) {
        use ClosedBy as By;
        use Setup::*;
        let server = || {
            let mut peer = RawPeer::connected(Config::server());
            peer.headers(1, fields::request("POST", "/"))
                .send()
                .unwrap();
            peer
        };
        let client = |end_request: bool| {
            let mut peer = RawPeer::connected(Config::client());
            peer.conn
                .send_headers(id(1), fields::request("POST", "/"), end_request)
                .unwrap();
            peer
        };
        let (mut peer, stream, state, block) = match self {
            ServerIdle => (server(), 3, StreamState::Idle, Block::Request),
            ServerReservedLocal => {
                let mut peer = server();
                peer.conn
                    .push_stream(id(1), id(2), fields::request("GET", "/p"))
                    .unwrap();
                (peer, 2, StreamState::ReservedLocal, Block::Trailers)
            }
            ServerOpen => (server(), 1, StreamState::Open, Block::Trailers),
            ServerHalfClosedRemote => {
                let mut peer = RawPeer::connected(Config::server());
                peer.headers(1, fields::request("GET", "/"))
                    .end_stream()
                    .send()
                    .unwrap();
                (peer, 1, StreamState::HalfClosedRemote, Block::Trailers)
            }
            ServerClosedSendEndStream => {
                let (mut peer, ..) = ServerHalfClosedRemote.build();
                peer.conn
                    .send_headers(id(1), fields::response(204), true)
                    .unwrap();
                (
                    peer,
                    1,
                    StreamState::Closed(By::SendEndStream),
                    Block::Trailers,
                )
            }
            ServerClosedSendRst => {
                let mut peer = server();
                peer.conn.reset_stream(id(1), ErrorCode::CANCEL).unwrap();
                (
                    peer,
                    1,
                    StreamState::Closed(By::SendRstStream),
                    Block::Trailers,
                )
            }
            ServerClosedRecvRst => {
                let mut peer = server();
                peer.send_frame(RstStream {
                    stream_id: id(1),
                    error_code: ErrorCode::CANCEL,
                })
                .unwrap();
                (
                    peer,
                    1,
                    StreamState::Closed(By::RecvRstStream),
                    Block::Trailers,
                )
            }
            ServerClosedImplicit => {
                let mut peer = RawPeer::connected(Config::server());
                peer.headers(3, fields::request("GET", "/")).send().unwrap();
                (peer, 1, StreamState::Closed(By::Implicit), Block::Request)
            }
            ClientIdle => (client(true), 2, StreamState::Idle, Block::Response),
            ClientReservedRemote => {
                let mut peer = client(true);
                peer.headers(1, fields::request("GET", "/p"))
                    .promise(2)
                    .send()
                    .unwrap();
                (peer, 2, StreamState::ReservedRemote, Block::Response)
            }
            ClientOpen => (client(false), 1, StreamState::Open, Block::Response),
            ClientHalfClosedLocal => {
                let mut peer = client(true);
                peer.headers(1, fields::response(200)).send().unwrap();
                (peer, 1, StreamState::HalfClosedLocal, Block::Trailers)
            }
            ClientHalfClosedRemote => {
                let mut peer = client(false);
                peer.headers(1, fields::response(200))
                    .end_stream()
                    .send()
                    .unwrap();
                (peer, 1, StreamState::HalfClosedRemote, Block::Trailers)
            }
            ClientClosedRecvEndStream => {
                let mut peer = client(true);
                peer.headers(1, fields::response(200))
                    .end_stream()
                    .send()
                    .unwrap();
                (
                    peer,
                    1,
                    StreamState::Closed(By::RecvEndStream),
                    Block::Trailers,
                )
            }
            ClientClosedSendRst => {
                let mut peer = client(true);
                peer.conn.reset_stream(id(1), ErrorCode::CANCEL).unwrap();
                (
                    peer,
                    1,
                    StreamState::Closed(By::SendRstStream),
                    Block::Trailers,
                )
            }
            ClientClosedRecvRst => {
                let mut peer = client(true);
                peer.send_frame(RstStream {
                    stream_id: id(1),
                    error_code: ErrorCode::CANCEL,
                })
                .unwrap();
                (
                    peer,
                    1,
                    StreamState::Closed(By::RecvRstStream),
                    Block::Trailers,
                )
            }
        };
        let _ = peer.read_frames();
        (peer, stream, state, block)
    }
}

/// A frame of each type defined in RFC 9113 §6 that names a stream, plus an
/// extension type.
#[derive(Clone, Copy, Debug)]
enum Kind {
    Data,
    Headers,
    Priority,
    RstStream,
    WindowUpdate,
    PushPromise,
    Extension,
}

/// What the connection under test did with the frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    /// Reported as one or more events; nothing but, possibly,
    /// WINDOW_UPDATEs queued.
    Accepted,
    /// Minimally processed and discarded: no event, nothing queued.
    Ignored,
    /// A stream error: exactly one RST_STREAM with this code, and the
    /// connection goes on.
    Reset(ErrorCode),
    /// A connection error: GOAWAY with this code.
    Closed(ErrorCode),
}

fn send(peer: &mut RawPeer, stream: u32, kind: Kind, block: Block) -> Outcome {
    let sid = id(stream);
    let fields = match block {
        Block::Request => fields::request("GET", "/"),
        Block::Response => fields::response(200),
        Block::Trailers => fields::list(&[("x", "1")]),
    };
    let result = match kind {
        Kind::Data => peer.send_frame(Data::new(sid, &b"x"[..])),
        Kind::Headers => peer.headers(stream, fields).end_stream().send(),
        Kind::Priority => peer.send_frame(h2_frame::Priority {
            stream_id: sid,
            spec: h2_frame::PrioritySpec::new(StreamId::ZERO, false, 15),
        }),
        Kind::RstStream => peer.send_frame(RstStream {
            stream_id: sid,
            error_code: ErrorCode::CANCEL,
        }),
        Kind::WindowUpdate => peer.send_frame(WindowUpdate {
            stream_id: sid,
            increment: 1,
        }),
        Kind::PushPromise => {
            let promised = (stream + 2) & !1;
            peer.headers(stream, fields::request("GET", "/push"))
                .promise(promised)
                .send()
        }
        Kind::Extension => peer.send_frame(h2_frame::Unknown {
            kind: h2_frame::FrameKind(0xfa),
            flags: h2_frame::Flags::EMPTY,
            stream_id: sid,
            payload: bytes::Bytes::from_static(b"ext"),
        }),
    };
    let frames = peer.read_frames();
    match result {
        Err(err) => {
            let Some(h2_frame::Frame::GoAway(goaway)) = frames.last() else {
                panic!("connection error without GOAWAY: {frames:?}");
            };
            assert_eq!(err.code(), Some(goaway.error_code));
            Outcome::Closed(goaway.error_code)
        }
        Ok(events) => {
            let resets: Vec<_> = frames
                .iter()
                .filter_map(|f| match f {
                    h2_frame::Frame::RstStream(r) => Some(r.error_code),
                    _ => None,
                })
                .collect();
            assert!(
                frames.iter().all(|f| matches!(
                    f,
                    h2_frame::Frame::RstStream(_) | h2_frame::Frame::WindowUpdate(_)
                )),
                "unexpected output {frames:?}"
            );
            match (resets.as_slice(), events.is_empty()) {
                ([], true) if frames.is_empty() => Outcome::Ignored,
                ([], false) => Outcome::Accepted,
                ([code], _) => Outcome::Reset(*code),
                _ => panic!("unexpected output {frames:?} and events {events:?}"),
            }
        }
    }
}

/// RFC 9113 §5.1, every frame type that names a stream in every state, at
/// the end that can reach the state (SPEC RH-26; RH-19: extension frames
/// never break processing). The expectations are written from the
/// RFC's text, not from our table (`docs/fsm/stream.txt`):
///
/// - idle: "Receiving any frame other than HEADERS or PRIORITY on a stream
///   in this state MUST be treated as a connection error ... of type
///   PROTOCOL_ERROR"; a HEADERS on a server-initiated id too.
/// - reserved (local): "Receiving any type of frame other than RST_STREAM,
///   PRIORITY, or WINDOW_UPDATE ... MUST be treated as a connection error
///   ... of type PROTOCOL_ERROR".
/// - reserved (remote): the same, but HEADERS instead of WINDOW_UPDATE.
/// - open, half-closed (local): "An endpoint can receive any type of frame".
/// - half-closed (remote): "frames, other than WINDOW_UPDATE, PRIORITY, or
///   RST_STREAM ... MUST respond with a stream error ... of type
///   STREAM_CLOSED"; a PUSH_PROMISE is a connection PROTOCOL_ERROR (§6.6).
/// - closed: WINDOW_UPDATE and RST_STREAM are ignored; after our RST_STREAM
///   every frame is "minimally processed and then discarded" (a promise is
///   refused); otherwise we take the "MAY treat ... as a connection error
///   ... of type STREAM_CLOSED", except DATA on an implicitly closed or
///   forgotten stream (a stream error STREAM_CLOSED, §6.1) and HEADERS
///   reusing an id (a connection PROTOCOL_ERROR, §5.1.1).
/// - PRIORITY "can be sent and received in any stream state" (reported as
///   `PriorityUpdated`, closed streams included); extension
///   frames are never an error (§5.5); PUSH_PROMISE at a server is a
///   connection PROTOCOL_ERROR (§8.4).
///
/// This pins SPEC SFSM-2 (idle; received DATA is a connection error here,
/// where Python resets the stream), SFSM-5 (open) and CL-4 (WINDOW_UPDATE
/// and RST_STREAM on a closed stream ignored, PRIORITY still reported).
#[test]
fn every_frame_type_in_every_state_rfc_9113_5_1() {
    use ErrorCode as E;
    use Kind::*;
    use Outcome::*;
    use Setup::*;
    let conn_protocol = Closed(E::PROTOCOL_ERROR);
    let conn_closed = Closed(E::STREAM_CLOSED);
    let reset_closed = Reset(E::STREAM_CLOSED);
    // Columns: DATA, HEADERS, PRIORITY, RST_STREAM, WINDOW_UPDATE,
    // PUSH_PROMISE (this stream as the parent), extension.
    #[rustfmt::skip]
    let rows: [(Setup, [Outcome; 7]); 16] = [
        (ServerIdle, [conn_protocol, Accepted, Accepted, conn_protocol, conn_protocol, conn_protocol, Accepted]),
        (ServerReservedLocal, [conn_protocol, conn_protocol, Accepted, Accepted, Accepted, conn_protocol, Accepted]),
        (ServerOpen, [Accepted, Accepted, Accepted, Accepted, Accepted, conn_protocol, Accepted]),
        (ServerHalfClosedRemote, [reset_closed, reset_closed, Accepted, Accepted, Accepted, conn_protocol, Accepted]),
        (ServerClosedSendEndStream, [conn_closed, conn_closed, Accepted, Ignored, Ignored, conn_protocol, Accepted]),
        (ServerClosedSendRst, [Ignored, Ignored, Accepted, Ignored, Ignored, conn_protocol, Accepted]),
        (ServerClosedRecvRst, [conn_closed, conn_closed, Accepted, Ignored, Ignored, conn_protocol, Accepted]),
        (ServerClosedImplicit, [reset_closed, conn_protocol, Accepted, Ignored, Ignored, conn_protocol, Accepted]),
        (ClientIdle, [conn_protocol, conn_protocol, Accepted, conn_protocol, conn_protocol, conn_protocol, Accepted]),
        (ClientReservedRemote, [conn_protocol, Accepted, Accepted, Accepted, conn_protocol, conn_protocol, Accepted]),
        // DATA before the response headers is a malformed response (§8.1).
        (ClientOpen, [Reset(E::PROTOCOL_ERROR), Accepted, Accepted, Accepted, Accepted, Accepted, Accepted]),
        (ClientHalfClosedLocal, [Accepted, Accepted, Accepted, Accepted, Accepted, Accepted, Accepted]),
        (ClientHalfClosedRemote, [reset_closed, reset_closed, Accepted, Accepted, Accepted, conn_protocol, Accepted]),
        (ClientClosedRecvEndStream, [conn_closed, conn_closed, Accepted, Ignored, Ignored, conn_protocol, Accepted]),
        (ClientClosedSendRst, [Ignored, Ignored, Accepted, Ignored, Ignored, Reset(E::REFUSED_STREAM), Accepted]),
        (ClientClosedRecvRst, [conn_closed, conn_closed, Accepted, Ignored, Ignored, conn_protocol, Accepted]),
    ];
    let mut wrong = Vec::new();
    for (setup, expected) in rows {
        for (kind, want) in [
            Data,
            Headers,
            Priority,
            RstStream,
            WindowUpdate,
            PushPromise,
            Extension,
        ]
        .into_iter()
        .zip(expected)
        {
            let (mut peer, stream, state, block) = setup.build();
            assert_eq!(peer.conn.stream_state(id(stream)), state, "{setup:?}");
            let got = send(&mut peer, stream, kind, block);
            if got != want {
                wrong.push(format!("{setup:?} x {kind:?}: got {got:?}, want {want:?}"));
            }
            // A frame that was not a connection error leaves the connection
            // usable: a new request still goes through, HPACK in step.
            if !matches!(got, Closed(_)) && peer.conn.side().is_server() {
                let events = peer.headers(7, fields::request("GET", "/")).send().unwrap();
                assert!(
                    matches!(&events[..], [Event::RequestReceived(_)]),
                    "{setup:?} x {kind:?}: {events:?}"
                );
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}
