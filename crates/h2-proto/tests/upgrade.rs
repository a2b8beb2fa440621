//! The h2c upgrade (SPEC API-11, UP-1, UP-2).

use h2_frame::{SettingId, StreamId};
use h2_proto::{Config, Connection, Error, Event, StreamState, UsageError};
use h2_testkit::{fields, Pair};

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
