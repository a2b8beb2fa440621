//! Error kinds and their RFC codes (SPEC §4, ERR-*), and the remaining
//! table rows for reserved streams and stream 0 (SFSM-3, SFSM-4, SID-3).

use h2_frame::{Data, ErrorCode, StreamId, WindowUpdate};
use h2_proto::{Config, Error, Event, Limit, ProtocolError, StreamState, UsageError};
use h2_testkit::{fields, RawPeer};

fn id(n: u32) -> StreamId {
    StreamId::new(n)
}

/// SPEC ERR-2..ERR-15, Q-11, Q-12: one `code()` gives the RFC code of each
/// kind; the caller's own mistakes have none.
#[test]
fn err_codes_of_each_kind() {
    let cases: Vec<(Error, Option<ErrorCode>)> = vec![
        (
            Error::StreamClosed { stream_id: id(1) },
            Some(ErrorCode::STREAM_CLOSED),
        ),
        (
            Error::NoSuchStream { stream_id: id(1) },
            Some(ErrorCode::PROTOCOL_ERROR),
        ),
        (
            Error::StreamIdTooLow {
                stream_id: id(1),
                max_stream_id: id(3),
            },
            Some(ErrorCode::PROTOCOL_ERROR),
        ),
        (Error::NoAvailableStreamId, Some(ErrorCode::PROTOCOL_ERROR)),
        (
            Error::TooManyStreams { max: 1, open: 1 },
            Some(ErrorCode::REFUSED_STREAM),
        ),
        (
            Error::FrameTooLarge { size: 2, max: 1 },
            Some(ErrorCode::FRAME_SIZE_ERROR),
        ),
        (
            Error::DenialOfService {
                limit: Limit::HeaderBlockFrames,
            },
            Some(ErrorCode::ENHANCE_YOUR_CALM),
        ),
        (
            Error::Compression(h2_hpack::DecodeError::Truncated),
            Some(ErrorCode::COMPRESSION_ERROR),
        ),
        (
            Error::Protocol(ProtocolError::PushNotAllowed),
            Some(ErrorCode::PROTOCOL_ERROR),
        ),
        (
            Error::Protocol(ProtocolError::InitialWindowOverflow),
            Some(ErrorCode::FLOW_CONTROL_ERROR),
        ),
        (
            Error::Protocol(ProtocolError::StreamState {
                stream_id: id(1),
                state: StreamState::Closed(h2_proto::ClosedBy::RecvEndStream),
                code: ErrorCode::STREAM_CLOSED,
            }),
            Some(ErrorCode::STREAM_CLOSED),
        ),
        (Error::Usage(UsageError::ServerCannotPrioritize), None),
        (Error::ConnectionClosed, None),
    ];
    for (error, code) in cases {
        assert_eq!(error.code(), code, "{error:?}");
    }
}

/// SPEC ERR-6: a flow-control refusal carries the window's error and code.
#[test]
fn err_6_flow_control_error_code() {
    let mut peer = RawPeer::connected(Config::client());
    peer.conn
        .send_headers(id(1), fields::request("POST", "/"), false)
        .unwrap();
    let err = peer
        .conn
        .send_data(id(1), &[0; 16_384], false, None)
        .and_then(|()| {
            for _ in 0..4 {
                peer.conn.send_data(id(1), &[0; 16_384], false, None)?;
            }
            Ok(())
        });
    let err = err.unwrap_err();
    assert!(matches!(err, Error::FlowControl { stream_id, .. } if stream_id == id(1)));
    assert_eq!(err.code(), Some(ErrorCode::FLOW_CONTROL_ERROR));
}

/// SPEC SFSM-4 (RFC 9113 §5.1 reserved (remote)): DATA or WINDOW_UPDATE on
/// a promised stream before its HEADERS is a connection PROTOCOL_ERROR.
#[test]
fn sfsm_4_data_on_reserved_remote_is_a_connection_error() {
    let mut peer = RawPeer::connected(Config::client());
    peer.conn
        .send_headers(id(1), fields::request("GET", "/"), true)
        .unwrap();
    let events = peer
        .headers(1, fields::request("GET", "/p"))
        .promise(2)
        .send()
        .unwrap();
    assert!(matches!(events[0], Event::PushedStreamReceived(_)));
    assert_eq!(peer.conn.stream_state(id(2)), StreamState::ReservedRemote);
    let err = peer.send_frame(Data::new(id(2), &b"x"[..])).unwrap_err();
    assert_eq!(
        err.error,
        Error::Protocol(ProtocolError::StreamState {
            stream_id: id(2),
            state: StreamState::ReservedRemote,
            code: ErrorCode::PROTOCOL_ERROR
        })
    );
}

/// SPEC SFSM-3 (RFC 9113 §5.1 reserved (local)): the peer may send
/// WINDOW_UPDATE on a stream we promised; we may not send DATA before the
/// response headers.
#[test]
fn sfsm_3_reserved_local() {
    let mut peer = RawPeer::connected(Config::server());
    peer.headers(1, fields::request("GET", "/")).send().unwrap();
    peer.conn
        .push_stream(id(1), id(2), fields::request("GET", "/p"))
        .unwrap();
    let events = peer
        .send_frame(WindowUpdate {
            stream_id: id(2),
            increment: 10,
        })
        .unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(
        peer.conn.send_data(id(2), b"x", false, None),
        Err(Error::Usage(UsageError::NotAllowedInState {
            stream_id: id(2),
            state: StreamState::ReservedLocal
        }))
    );
    peer.conn
        .send_headers(id(2), fields::response(200), false)
        .unwrap();
    assert_eq!(peer.conn.stream_state(id(2)), StreamState::HalfClosedRemote);
}

/// SPEC SID-3: DATA on stream 0 is a connection PROTOCOL_ERROR.
#[test]
fn sid_3_data_on_stream_zero() {
    let mut peer = RawPeer::connected(Config::server());
    let err = peer.send_frame(Data::new(id(0), &b"x"[..])).unwrap_err();
    assert!(matches!(err.error, Error::Frame(_)));
    assert_eq!(err.code(), Some(ErrorCode::PROTOCOL_ERROR));
    assert_eq!(peer.expect_goaway().error_code, ErrorCode::PROTOCOL_ERROR);
}

/// SPEC ERR-1: Python's root `H2Error` is our one `Error` type. Every
/// layer's error (framing, HPACK, settings, header rules) converts into it
/// and keeps its RFC code; `ReceiveError` gives it back; both are standard
/// errors that can cross threads.
#[test]
fn err_1_every_layer_error_converts_into_one_error_keeping_its_code() {
    fn std_error<E: std::error::Error + Send + Sync + 'static>() {}
    std_error::<Error>();
    std_error::<h2_proto::ReceiveError>();

    let frame = h2_frame::FrameError::GoAwayTooShort { length: 3 };
    assert_eq!(frame.code(), ErrorCode::FRAME_SIZE_ERROR);
    assert_eq!(Error::from(frame).code(), Some(ErrorCode::FRAME_SIZE_ERROR));
    assert_eq!(
        Error::from(h2_hpack::DecodeError::Truncated).code(),
        Some(ErrorCode::COMPRESSION_ERROR)
    );
    assert_eq!(
        Error::from(h2_settings::SettingsError::InitialWindowSizeTooLarge { value: 1 << 31 })
            .code(),
        Some(ErrorCode::FLOW_CONTROL_ERROR)
    );
    assert_eq!(
        Error::from(h2_settings::SettingsError::PushEnabledByServer).code(),
        Some(ErrorCode::PROTOCOL_ERROR)
    );
    assert_eq!(
        Error::from(h2_proto::HeaderError::EmptyName).code(),
        Some(ErrorCode::PROTOCOL_ERROR)
    );

    let mut peer = RawPeer::connected(Config::server());
    let err = peer
        .send_frame(Data::new(StreamId::ZERO, &b"x"[..]))
        .unwrap_err();
    let code = err.code();
    assert_eq!(code, Some(ErrorCode::PROTOCOL_ERROR));
    assert_eq!(Error::from(err).code(), code);
}

/// SPEC ERR-33: the codes a connection error puts in GOAWAY, one per cause,
/// each also returned by `receive_data`. Where Python h2 sends
/// PROTOCOL_ERROR for an HPACK failure we send COMPRESSION_ERROR (RFC 9113
/// §4.3: "MUST treat a field block ... it cannot decompress as a connection
/// error ... of type COMPRESSION_ERROR"; docs/decisions.md Q-11).
#[test]
fn err_33_each_connection_error_puts_its_code_in_goaway() {
    type Cause = fn(&mut RawPeer) -> Result<Vec<Event>, h2_proto::ReceiveError>;
    let cases: [(&str, Cause, ErrorCode); 8] = [
        (
            "RST_STREAM on an idle stream (§5.1)",
            |p| {
                p.send_frame(h2_frame::RstStream {
                    stream_id: id(3),
                    error_code: ErrorCode::CANCEL,
                })
            },
            ErrorCode::PROTOCOL_ERROR,
        ),
        (
            "PING of 7 octets (§6.7)",
            |p| p.send_bytes(&h2_testkit::hex("000007 06 00 00000000 00000000000000")),
            ErrorCode::FRAME_SIZE_ERROR,
        ),
        (
            "connection window past 2^31-1 (§6.9.1)",
            |p| {
                p.send_frame(WindowUpdate {
                    stream_id: StreamId::ZERO,
                    increment: (1 << 31) - 1,
                })
            },
            ErrorCode::FLOW_CONTROL_ERROR,
        ),
        (
            "DATA after END_STREAM both ways (§5.1 closed)",
            |p| {
                p.conn
                    .send_headers(id(1), fields::response(204), true)
                    .unwrap();
                let _ = p.read_frames();
                p.send_frame(Data::new(id(1), &b"x"[..]))
            },
            ErrorCode::STREAM_CLOSED,
        ),
        (
            "undecodable header block (§4.3)",
            |p| p.send_bytes(&h2_testkit::hex("000001 01 05 00000003 80")),
            ErrorCode::COMPRESSION_ERROR,
        ),
        (
            "CONTINUATION flood (DOS-3)",
            |p| {
                let mut frames = p.headers(3, fields::request("GET", "/")).split(65).frames();
                if let Some(h2_frame::Frame::Continuation(last)) = frames.last_mut() {
                    last.end_headers = false;
                }
                p.send_frames(frames)
            },
            ErrorCode::ENHANCE_YOUR_CALM,
        ),
        (
            "SETTINGS_INITIAL_WINDOW_SIZE 2^31 (§6.5.2)",
            |p| {
                p.send_settings(&[h2_frame::Setting::new(
                    h2_frame::SettingId::INITIAL_WINDOW_SIZE,
                    1 << 31,
                )])
            },
            ErrorCode::FLOW_CONTROL_ERROR,
        ),
        (
            "SETTINGS_ENABLE_PUSH 2 (§6.5.2)",
            |p| p.send_settings(&[h2_frame::Setting::new(h2_frame::SettingId::ENABLE_PUSH, 2)]),
            ErrorCode::PROTOCOL_ERROR,
        ),
    ];
    for (cause, send, code) in cases {
        let mut peer = RawPeer::connected(Config::server());
        peer.headers(1, fields::request("GET", "/"))
            .end_stream()
            .send()
            .unwrap();
        let _ = peer.read_frames();
        let err = send(&mut peer).expect_err(cause);
        assert_eq!(err.code(), Some(code), "{cause}");
        let goaway = peer.expect_goaway();
        assert_eq!(goaway.error_code, code, "{cause}");
        assert_eq!(goaway.last_stream_id, id(1), "{cause}");
    }
}
