//! The h2c upgrade (SPEC API-11, UP-1, UP-2).

use h2_frame::{ErrorCode, SettingId, StreamId};
use h2_proto::{
    Config, Connection, ConnectionState, Error, Event, StreamReset, StreamState, UpgradeRequest,
    UsageError,
};
use h2_settings::SettingsError;
use h2_testkit::{fields, hex, Pair};

fn id(n: u32) -> StreamId {
    StreamId::new(n)
}

/// SPEC UP-1, UP-2, API-11: the client's HTTP2-Settings value configures
/// the server; stream 1 is half-closed on both ends and gets its response.
#[test]
fn up_1_up_2_upgrade_round_trip() {
    let mut config = Config::client();
    config.local_settings = config
        .local_settings
        .with(h2_frame::Setting::new(SettingId::MAX_FRAME_SIZE, 20_000))
        .unwrap();
    let mut pair = Pair::unconnected(config, Config::server());
    let token = pair
        .client
        .initiate_upgrade_connection(None)
        .unwrap()
        .unwrap();
    assert_eq!(
        pair.server
            .initiate_upgrade_connection(Some(token.as_bytes()))
            .unwrap(),
        None
    );
    assert_eq!(pair.server.max_outbound_frame_size(), 20_000);
    assert_eq!(
        pair.client.stream_state(StreamId::new(1)),
        StreamState::HalfClosedLocal
    );
    assert_eq!(
        pair.server.stream_state(StreamId::new(1)),
        StreamState::HalfClosedRemote
    );
    assert_eq!(
        pair.client.get_next_available_stream_id(),
        Ok(StreamId::new(3))
    );
    pair.drive();
    assert!(pair
        .take_server_events()
        .iter()
        .all(|e| !matches!(e, Event::RequestReceived(_))));
    pair.server
        .send_headers(StreamId::new(1), fields::response(200), true)
        .unwrap();
    pair.drive();
    let events = pair.take_client_events();
    assert!(events
        .iter()
        .any(|e| matches!(e, Event::ResponseReceived(r) if r.stream_id == StreamId::new(1))));
}

/// SPEC API-11, ERR-20: a bad HTTP2-Settings value is refused and changes
/// nothing.
#[test]
fn bad_http2_settings_is_refused() {
    let mut server = Connection::new(Config::server());
    assert_eq!(
        server.initiate_upgrade_connection(Some(b"not base64!")),
        Err(Error::Usage(UsageError::InvalidHttp2Settings))
    );
    assert_eq!(
        server.initiate_upgrade_connection(Some(b"AAEA")),
        Err(Error::Usage(UsageError::InvalidHttp2Settings))
    );
    assert!(server.data_to_send().is_empty());
    // An empty value is accepted.
    assert_eq!(server.initiate_upgrade_connection(Some(b"")), Ok(None));
}

/// SPEC UP-2, API-11, RH-25: the server applies the HTTP2-Settings values at once,
/// with no event and no SETTINGS ACK (the 101 response acknowledges them):
/// it queues only its own preamble.
#[test]
fn up_2_http2_settings_applied_without_ack_or_event() {
    let mut server = Connection::new(Config::server());
    // INITIAL_WINDOW_SIZE = 1000 and ENABLE_PUSH = 0, base64url unpadded.
    server
        .initiate_upgrade_connection(Some(b"AAQAAAPoAAIAAAAA"))
        .unwrap();
    assert_eq!(server.remote_settings().initial_window_size(), 1000);
    assert!(!server.remote_settings().enable_push());
    assert_eq!(server.local_flow_control_window(id(1)), Ok(1000));
    assert_eq!(
        server.data_to_send(),
        hex(
            "00002a 04 00 00000000 000100001000 000200000000 00040000ffff
             000500004000 000800000000 000300000064 000600010000"
        )
    );
    assert_eq!(server.highest_inbound_stream_id(), id(1));
}

/// SPEC API-11, ERR-20: malformed HTTP2-Settings values are typed errors
/// and change nothing: bad padding, a length that is not whole settings,
/// plain-base64 characters, a value out of range.
#[test]
fn api_11_malformed_http2_settings_change_nothing() {
    let mut server = Connection::new(Config::server());
    for bad in [&b"AAQAAAPo="[..], b"AAQAAAPoAA", b"AAQA+/Po"] {
        assert_eq!(
            server.initiate_upgrade_connection(Some(bad)),
            Err(Error::Usage(UsageError::InvalidHttp2Settings)),
            "{bad:?}"
        );
    }
    // ENABLE_PUSH = 2.
    assert_eq!(
        server.initiate_upgrade_connection(Some(b"AAIAAAAC")),
        Err(Error::InvalidSettingsValue(
            SettingsError::EnablePushNotBoolean { value: 2 }
        ))
    );
    assert_eq!(server.state(), ConnectionState::Idle);
    assert!(server.data_to_send().is_empty());
    assert_eq!(server.stream_state(id(1)), StreamState::Idle);
    server.initiate_upgrade_connection(None).unwrap();
    assert_eq!(
        server.initiate_upgrade_connection(None),
        Err(Error::Usage(UsageError::AlreadyInitiated))
    );
}

/// SPEC UP-1, UP-2: after the upgrade the connection carries more requests
/// on streams 3, 5, ... while stream 1 gets its response.
#[test]
fn upgrade_then_more_requests() {
    let request = UpgradeRequest::new("GET", "example.com");
    let mut pair = Pair::unconnected(Config::client(), Config::server());
    let settings = pair
        .client
        .initiate_upgrade_connection_with(None, &request)
        .unwrap()
        .unwrap();
    pair.server
        .initiate_upgrade_connection_with(Some(settings.as_bytes()), &request)
        .unwrap();
    pair.drive();
    let _ = (pair.take_client_events(), pair.take_server_events());
    for n in [3, 5] {
        assert_eq!(pair.client.get_next_available_stream_id(), Ok(id(n)));
        pair.client
            .send_headers(id(n), fields::request("GET", "/more"), true)
            .unwrap();
    }
    pair.drive();
    let opened: Vec<_> = pair
        .take_server_events()
        .into_iter()
        .filter_map(|e| match e {
            Event::RequestReceived(r) => Some(r.stream_id),
            _ => None,
        })
        .collect();
    assert_eq!(opened, [id(3), id(5)]);
    for n in [1, 3, 5] {
        pair.server
            .send_headers(id(n), fields::response_with_length(200, 2), false)
            .unwrap();
        pair.server.send_data(id(n), b"ok", true, None).unwrap();
    }
    pair.drive();
    let ended: Vec<_> = pair
        .take_client_events()
        .into_iter()
        .filter_map(|e| match e {
            Event::StreamEnded(e) => Some(e.stream_id),
            _ => None,
        })
        .collect();
    assert_eq!(ended, [id(1), id(3), id(5)]);
    for n in [1, 3, 5] {
        assert!(pair.client.stream_state(id(n)).is_closed());
        assert!(pair.server.stream_state(id(n)).is_closed());
    }
}

/// SPEC Q-30 fixed: with the upgrade request's method recorded, a
/// response to an upgraded HEAD carries no content, on both ends.
#[test]
fn q_30_upgraded_head_request() {
    let request = UpgradeRequest::new("HEAD", "example.com");
    let mut pair = Pair::unconnected(Config::client(), Config::server());
    let settings = pair
        .client
        .initiate_upgrade_connection_with(None, &request)
        .unwrap()
        .unwrap();
    pair.server
        .initiate_upgrade_connection_with(Some(settings.as_bytes()), &request)
        .unwrap();
    pair.drive();
    let _ = pair.take_client_events();
    pair.server
        .send_headers(id(1), fields::response_with_length(200, 10), false)
        .unwrap();
    assert!(matches!(
        pair.server.send_data(id(1), b"0123456789", true, None),
        Err(Error::Usage(UsageError::ContentLengthMismatch { .. }))
    ));
    pair.drive();
    // A server that does not know the method sends the body; the client
    // that does resets the stream.
    let mut pair = Pair::unconnected(Config::client(), Config::server());
    let settings = pair
        .client
        .initiate_upgrade_connection_with(None, &request)
        .unwrap()
        .unwrap();
    pair.server
        .initiate_upgrade_connection(Some(settings.as_bytes()))
        .unwrap();
    pair.server
        .send_headers(id(1), fields::response_with_length(200, 2), false)
        .unwrap();
    pair.server.send_data(id(1), b"ok", true, None).unwrap();
    pair.drive();
    let events = pair.take_client_events();
    let reset = Event::StreamReset(StreamReset {
        stream_id: id(1),
        error_code: ErrorCode::PROTOCOL_ERROR,
        remote_reset: false,
    });
    assert!(events.contains(&reset), "{events:?}");
}
