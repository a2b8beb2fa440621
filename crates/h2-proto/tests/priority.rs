//! Priority signals: RFC 9218 extensible priorities (the `priority` header
//! field, PRIORITY_UPDATE both ways, SETTINGS_NO_RFC7540_PRIORITIES) next
//! to the RFC 7540 signals of the seed (SPEC API-22, EVT-14). The
//! connection reports them; scheduling is the application's.

use h2_frame::{
    ErrorCode, Frame, Priority as PriorityFrame, PrioritySpec, PriorityUpdate, Setting, SettingId,
    StreamId,
};
use h2_proto::{
    Config, Error, Event, HeaderField, Priority, PriorityUpdateReceived, PriorityUpdated,
    ProtocolError, StreamPriority, UsageError,
};
use h2_settings::SettingsError;
use h2_testkit::{fields, Pair, RawPeer};

fn id(n: u32) -> StreamId {
    StreamId::new(n)
}

fn p(urgency: u8, incremental: bool) -> Priority {
    Priority::new(urgency, incremental).unwrap()
}

fn with_setting(mut config: Config, id: SettingId, value: u32) -> Config {
    config.local_settings = config.local_settings.with(Setting::new(id, value)).unwrap();
    config
}

fn request_with_priority(value: &'static str) -> Vec<HeaderField> {
    let mut block = fields::request("GET", "/");
    block.push(HeaderField::new("priority", value));
    block
}

/// The `priority` of the RequestReceived in `events`.
fn request_priority(events: &[Event]) -> Option<Priority> {
    match events.first() {
        Some(Event::RequestReceived(r)) => r.priority,
        other => panic!("{other:?}"),
    }
}

/// RFC 9218 §5: the `priority` header field of a request is parsed into
/// `RequestReceived::priority`; a field that does not parse is ignored.
#[test]
fn priority_field_is_reported_with_the_request() {
    let mut peer = RawPeer::connected(Config::server());
    let events = peer
        .headers(1, request_with_priority("u=1, i"))
        .end_stream()
        .send()
        .unwrap();
    assert_eq!(request_priority(&events), Some(p(1, true)));
    let events = peer
        .headers(3, request_with_priority("u=1,"))
        .end_stream()
        .send()
        .unwrap();
    assert_eq!(request_priority(&events), None);
    let events = peer
        .headers(5, fields::request("GET", "/"))
        .end_stream()
        .send()
        .unwrap();
    assert_eq!(request_priority(&events), None);
}

/// RFC 9218 §7.1: `send_priority_update` queues PRIORITY_UPDATE on stream
/// 0 with the field value, for an open stream or one still idle.
#[test]
fn send_priority_update_bytes() {
    let mut peer = RawPeer::connected(Config::client());
    peer.conn
        .send_headers(id(1), fields::request("GET", "/"), true)
        .unwrap();
    let _ = peer.read_frames();
    peer.conn.send_priority_update(id(1), p(0, true)).unwrap();
    peer.conn
        .send_priority_update(id(3), Priority::default())
        .unwrap();
    assert_eq!(
        peer.read_frames(),
        [
            Frame::PriorityUpdate(PriorityUpdate::new(id(1), "u=0, i")),
            Frame::PriorityUpdate(PriorityUpdate::new(id(3), "")),
        ]
    );
    assert_eq!(peer.conn.get_next_available_stream_id(), Ok(id(3)));
}

/// RFC 9218 §7.1: only clients send it; for a request stream or a promised
/// push stream; idle prioritized streams plus open ones stay within the
/// server's MAX_CONCURRENT_STREAMS. Nothing is queued on error.
#[test]
fn send_priority_update_errors() {
    let mut server = RawPeer::connected(Config::server());
    assert_eq!(
        server.conn.send_priority_update(id(1), p(1, false)),
        Err(Error::Usage(UsageError::ClientOnly))
    );

    let mut peer = RawPeer::connected(Config::client());
    peer.send_settings(&[Setting::new(SettingId::MAX_CONCURRENT_STREAMS, 2)])
        .unwrap();
    let _ = peer.read_frames();
    assert_eq!(
        peer.conn.send_priority_update(id(0), p(1, false)),
        Err(Error::Usage(UsageError::StreamIdZero))
    );
    assert_eq!(
        peer.conn.send_priority_update(id(2), p(1, false)),
        Err(Error::Usage(UsageError::InvalidStreamId {
            stream_id: id(2)
        }))
    );
    peer.conn
        .send_headers(id(1), fields::request("GET", "/"), true)
        .unwrap();
    peer.conn.send_priority_update(id(3), p(1, false)).unwrap();
    // The same idle stream again does not count twice.
    peer.conn.send_priority_update(id(3), p(2, false)).unwrap();
    let _ = peer.read_frames();
    assert_eq!(
        peer.conn.send_priority_update(id(5), p(1, false)),
        Err(Error::TooManyStreams { max: 2, open: 2 })
    );
    assert!(peer.read_frames().is_empty());
    // Opening stream 3 uses its entry: stream 5 may be prioritized now.
    peer.conn
        .send_headers(id(3), fields::request("GET", "/"), true)
        .unwrap();
    let _ = peer.read_frames();
    assert_eq!(
        peer.conn.send_priority_update(id(5), p(1, false)),
        Err(Error::TooManyStreams { max: 2, open: 2 })
    );
    peer.headers(1, fields::response(200))
        .end_stream()
        .send()
        .unwrap();
    peer.conn.send_priority_update(id(5), p(1, false)).unwrap();
}

/// RFC 9218 §7.1: a server reports an update for a stream whose response
/// is still to come.
#[test]
fn server_reports_priority_update_received() {
    let mut pair = Pair::new();
    pair.client
        .send_headers(id(1), request_with_priority("u=5"), true)
        .unwrap();
    pair.drive();
    assert_eq!(
        request_priority(&pair.take_server_events()),
        Some(p(5, false))
    );
    pair.client
        .send_priority_update(id(1), p(0, false))
        .unwrap();
    pair.drive();
    assert_eq!(
        pair.take_server_events(),
        [Event::PriorityUpdateReceived(PriorityUpdateReceived {
            stream_id: id(1),
            priority: p(0, false),
        })]
    );
}

/// RFC 9218 §7: an update that arrives while the request is idle is kept
/// and becomes the request's priority, over its `priority` field.
#[test]
fn update_for_an_idle_stream_becomes_the_request_priority() {
    let mut pair = Pair::new();
    let id1 = pair.client.get_next_available_stream_id().unwrap();
    pair.client.send_priority_update(id1, p(6, true)).unwrap();
    pair.drive();
    assert_eq!(pair.take_server_events(), []);
    pair.client
        .send_headers(id1, request_with_priority("u=1"), true)
        .unwrap();
    pair.drive();
    assert_eq!(
        request_priority(&pair.take_server_events()),
        Some(p(6, true))
    );
}

/// RFC 9218 §7.1: "Servers can discard frames where the Prioritized Stream
/// ID refers to a stream in the "half-closed (local)" or "closed" state".
#[test]
fn updates_for_finished_responses_are_dropped() {
    let mut peer = RawPeer::connected(Config::server());
    peer.headers(1, fields::request("GET", "/"))
        .end_stream()
        .send()
        .unwrap();
    peer.headers(3, fields::request("POST", "/"))
        .send()
        .unwrap();
    for n in [1, 3] {
        peer.conn
            .send_headers(id(n), fields::response(204), true)
            .unwrap();
    }
    let _ = peer.read_frames();
    let events = peer
        .send_frames([
            PriorityUpdate::new(id(1), "u=0").into(),
            PriorityUpdate::new(id(3), "u=0").into(),
        ])
        .unwrap();
    assert_eq!(events, []);
    assert!(peer.read_frames().is_empty());
}

/// RFC 9218 §7.1: "If a client receives a PRIORITY_UPDATE frame, it MUST
/// respond with a connection error of type PROTOCOL_ERROR".
#[test]
fn priority_update_to_a_client_is_a_connection_error() {
    let mut peer = RawPeer::connected(Config::client());
    let err = peer
        .send_frame(PriorityUpdate::new(id(1), "u=0"))
        .unwrap_err();
    assert_eq!(
        err.error,
        Error::Protocol(ProtocolError::PriorityUpdateToClient)
    );
    assert_eq!(peer.expect_goaway().error_code, ErrorCode::PROTOCOL_ERROR);
}

/// RFC 9218 §7: "Failure to parse the Priority Field Value MUST be treated
/// as a connection error" (PROTOCOL_ERROR in HTTP/2).
#[test]
fn unparsable_priority_update_is_a_connection_error() {
    let mut peer = RawPeer::connected(Config::server());
    let err = peer
        .send_frame(PriorityUpdate::new(id(1), "u=1,"))
        .unwrap_err();
    assert_eq!(
        err.error,
        Error::Protocol(ProtocolError::InvalidPriorityUpdate { stream_id: id(1) })
    );
    assert_eq!(peer.expect_goaway().error_code, ErrorCode::PROTOCOL_ERROR);
}

/// RFC 9218 §7.1: an update for a push stream never promised is a
/// connection error; one for a promised push is reported.
#[test]
fn updates_for_push_streams() {
    let mut peer = RawPeer::connected(Config::server());
    peer.headers(1, fields::request("GET", "/"))
        .end_stream()
        .send()
        .unwrap();
    peer.conn
        .push_stream(id(1), id(2), fields::request("GET", "/style.css"))
        .unwrap();
    let events = peer.send_frame(PriorityUpdate::new(id(2), "u=2")).unwrap();
    assert_eq!(
        events,
        [Event::PriorityUpdateReceived(PriorityUpdateReceived {
            stream_id: id(2),
            priority: p(2, false),
        })]
    );
    let err = peer
        .send_frame(PriorityUpdate::new(id(4), "u=2"))
        .unwrap_err();
    assert_eq!(
        err.error,
        Error::Protocol(ProtocolError::PriorityUpdateForUnknownPush { stream_id: id(4) })
    );
}

/// RFC 9218 §7.1: idle prioritized streams plus open ones may not exceed
/// our MAX_CONCURRENT_STREAMS; streams a new one implicitly closes are
/// forgotten.
#[test]
fn idle_prioritized_streams_are_bounded() {
    let config = with_setting(Config::server(), SettingId::MAX_CONCURRENT_STREAMS, 2);
    let mut peer = RawPeer::connected(config);
    for n in [3, 5, 5] {
        assert_eq!(
            peer.send_frame(PriorityUpdate::new(id(n), "u=1")).unwrap(),
            []
        );
    }
    // Opening stream 5 drops the entry of stream 3, which can never open.
    let events = peer.headers(5, fields::request("GET", "/")).send().unwrap();
    assert_eq!(request_priority(&events), Some(p(1, false)));
    peer.send_frame(PriorityUpdate::new(id(7), "u=1")).unwrap();
    let err = peer
        .send_frame(PriorityUpdate::new(id(9), "u=1"))
        .unwrap_err();
    assert_eq!(
        err.error,
        Error::Protocol(ProtocolError::TooManyPrioritizedStreams { stream_id: id(9) })
    );
}

/// SPEC EVT-14 with RFC 9218 §2.1: a server that advertised
/// SETTINGS_NO_RFC7540_PRIORITIES = 1 ignores RFC 7540 signals (no
/// `PriorityUpdated`), but still enforces RFC 9113's rules for them.
#[test]
fn no_rfc7540_priorities_drops_rfc7540_signals() {
    let config = with_setting(Config::server(), SettingId::NO_RFC7540_PRIORITIES, 1);
    let mut peer = RawPeer::connected(config);
    let events = peer
        .headers(1, fields::request("GET", "/"))
        .priority(0, 200, true)
        .end_stream()
        .send()
        .unwrap();
    assert!(
        matches!(&events[..], [Event::RequestReceived(r), Event::StreamEnded(_)] if r.priority_updated.is_none())
    );
    let events = peer
        .send_frame(PriorityFrame {
            stream_id: id(1),
            spec: PrioritySpec::new(id(0), false, 7),
        })
        .unwrap();
    assert_eq!(events, []);
    // A self-dependency is still a stream error (RFC 9113 §5.3.1).
    let events = peer
        .headers(3, fields::request("GET", "/"))
        .priority(3, 15, false)
        .send()
        .unwrap();
    assert_eq!(events, []);
    assert_eq!(peer.expect_rst(), (id(3), ErrorCode::PROTOCOL_ERROR));

    // Without the setting the same signals are reported.
    let mut peer = RawPeer::connected(Config::server());
    let events = peer
        .send_frame(PriorityFrame {
            stream_id: id(1),
            spec: PrioritySpec::new(id(0), false, 7),
        })
        .unwrap();
    assert_eq!(
        events,
        [Event::PriorityUpdated(PriorityUpdated {
            stream_id: id(1),
            weight: 8,
            depends_on: id(0),
            exclusive: false,
        })]
    );
}

/// RFC 9218 §2.1: the setting goes in the first SETTINGS frame and never
/// changes; `update_settings` may repeat it, not change or add it.
#[test]
fn no_rfc7540_priorities_cannot_change_later() {
    let mut pair = Pair::new();
    assert_eq!(
        pair.client
            .update_settings(&[Setting::new(SettingId::NO_RFC7540_PRIORITIES, 1)]),
        Err(Error::InvalidSettingsValue(
            SettingsError::NoRfc7540PrioritiesChanged {
                previous: 0,
                value: 1
            }
        ))
    );
    let client = with_setting(Config::client(), SettingId::NO_RFC7540_PRIORITIES, 1);
    let mut pair = Pair::with_configs(client, Config::server());
    assert!(pair.server.remote_settings().no_rfc7540_priorities());
    pair.client
        .update_settings(&[Setting::new(SettingId::NO_RFC7540_PRIORITIES, 1)])
        .unwrap();
    assert!(pair
        .client
        .update_settings(&[Setting::new(SettingId::NO_RFC7540_PRIORITIES, 0)])
        .is_err());
    // RFC 7540 signals may still be sent: the wire keeps them (RFC 9113
    // §5.3.2), the peer said it ignores them.
    pair.client
        .prioritize(id(1), StreamPriority::default())
        .unwrap();
}
