//! Alternative services (RFC 7838 §4; SPEC API-21, RF-ALTSVC, EVT-16,
//! quirks) and the ORIGIN frame (RFC 8336).

use bytes::Bytes;
use h2_frame::{AltSvc, Flags, FrameKind, Origin, StreamId, Unknown};
use h2_proto::{
    AlternativeServiceAvailable, Config, Connection, Error, Event, HeaderField, OriginReceived,
    UpgradeRequest, UsageError,
};
use h2_testkit::{fields, hex, Pair, RawPeer};

fn id(n: u32) -> StreamId {
    StreamId::new(n)
}

fn available(origin: Option<&'static str>, field_value: &'static str) -> Event {
    AlternativeServiceAvailable {
        origin: origin.map(Bytes::from),
        field_value: field_value.into(),
    }
    .into()
}

/// SPEC API-21: the bytes of both forms; RFC 7838 §4 makes an ALTSVC on
/// stream 0 with an empty origin void, so it is refused like a missing
/// target (SPEC Q-28 fixed).
#[test]
fn api_21_altsvc_bytes_and_empty_origin() {
    let mut peer = RawPeer::connected(Config::server());
    peer.conn
        .advertise_alternative_service(b"h2=\":8000\"", Some(b"https://a.example"), None)
        .unwrap();
    assert_eq!(
        peer.conn.data_to_send(),
        hex("00001d 0a 00 00000000 0011 68747470733a2f2f612e6578616d706c65 68323d223a3830303022")
    );
    assert_eq!(
        peer.conn
            .advertise_alternative_service(b"h2=\":8000\"", Some(b""), None),
        Err(Error::Usage(UsageError::AltSvcTarget))
    );
    peer.headers(1, fields::request("GET", "/"))
        .end_stream()
        .send()
        .unwrap();
    peer.conn
        .advertise_alternative_service(b"clear", None, Some(id(1)))
        .unwrap();
    assert_eq!(
        peer.conn.data_to_send(),
        hex("000007 0a 00 00000001 0000 636c656172")
    );
}

/// SPEC RF-ALTSVC, EVT-16: the implicit origin of an ALTSVC on a stream is
/// the authority of its request (`:authority`, else `host`), also on a
/// promised stream; a frame with an origin on a stream, or after the
/// response, is ignored.
#[test]
fn rf_altsvc_implicit_origins() {
    let mut peer = RawPeer::connected(Config::client());
    let host_only = vec![
        HeaderField::new(":method", "GET"),
        HeaderField::new(":scheme", "https"),
        HeaderField::new(":path", "/"),
        HeaderField::new("host", "host.example"),
    ];
    peer.conn.send_headers(id(1), host_only, true).unwrap();
    peer.conn
        .send_headers(id(3), fields::request("GET", "/"), true)
        .unwrap();
    let _ = peer.read_frames();
    let mut promised = fields::request("GET", "/pushed");
    promised[2] = HeaderField::new(":authority", "push.example");
    peer.headers(3, promised).promise(2).send().unwrap();
    peer.headers(3, fields::response(200)).send().unwrap();
    let events = peer
        .send_frames([
            AltSvc::new(id(1), "", "a").into(),
            AltSvc::new(id(2), "", "b").into(),
            // After the response headers: ignored.
            AltSvc::new(id(3), "", "c").into(),
            // An origin on a stream other than 0: ignored (RFC 7838 §4).
            AltSvc::new(id(1), "https://x.example", "d").into(),
        ])
        .unwrap();
    assert_eq!(
        events,
        [
            available(Some("host.example"), "a"),
            available(Some("push.example"), "b"),
        ]
    );
}

/// SPEC fixed: the upgrade stream has an origin once the
/// application gives the HTTP/1.1 request's authority; without it the
/// origin stays unknown (`None`).
#[test]
fn q_30_upgrade_stream_origin() {
    for (request, origin) in [
        (UpgradeRequest::default(), None),
        (
            UpgradeRequest::new("GET", "upgrade.example"),
            Some("upgrade.example"),
        ),
    ] {
        let mut client = Connection::new(Config::client());
        let settings = client
            .initiate_upgrade_connection_with(None, &request)
            .unwrap()
            .unwrap();
        let mut server = Connection::new(Config::server());
        server
            .initiate_upgrade_connection(Some(settings.as_bytes()))
            .unwrap();
        server
            .advertise_alternative_service(b"h2=\":443\"", None, Some(id(1)))
            .unwrap();
        let events = client.receive_data(&server.data_to_send()).unwrap();
        assert_eq!(events.last(), Some(&available(origin, "h2=\":443\"")));
    }
}

/// RFC 8336 §2: a client reports each ORIGIN frame on stream 0; a server
/// ignores them; one on another stream is ignored without even an
/// unknown-frame event.
#[test]
fn origin_frames_received() {
    let mut peer = RawPeer::connected(Config::client());
    let events = peer
        .send_frames([
            Origin::new(vec!["https://a.example".into(), "https://b.example".into()]).into(),
            Origin::new(Vec::new()).into(),
            Unknown {
                kind: FrameKind::ORIGIN,
                flags: Flags::EMPTY,
                stream_id: id(1),
                payload: hex("0003 616263").into(),
            }
            .into(),
        ])
        .unwrap();
    assert_eq!(
        events,
        [
            Event::OriginReceived(OriginReceived {
                origins: vec!["https://a.example".into(), "https://b.example".into()],
            }),
            Event::OriginReceived(OriginReceived {
                origins: Vec::new()
            }),
        ]
    );
    let mut server = RawPeer::connected(Config::server());
    let events = server
        .send_frame(Origin::new(vec!["https://a.example".into()]))
        .unwrap();
    assert_eq!(events, []);
    assert!(server.read_frames().is_empty());
}

/// RFC 8336 §2: `send_origin` writes one ORIGIN frame on stream 0; servers
/// only, and within the client's maximum frame size.
#[test]
fn send_origin_frames() {
    let mut pair = Pair::new();
    pair.server
        .send_origin(&[b"https://a.example", b"https://b.example:8443"])
        .unwrap();
    pair.drive();
    assert_eq!(
        pair.take_client_events(),
        [Event::OriginReceived(OriginReceived {
            origins: vec!["https://a.example".into(), "https://b.example:8443".into()],
        })]
    );
    assert_eq!(
        pair.client.send_origin(&[b"https://a.example"]),
        Err(Error::Usage(UsageError::ServerOnly))
    );
    let big = vec![b'a'; 16_383];
    assert_eq!(
        pair.server.send_origin(&[&big]),
        Err(Error::FrameTooLarge {
            size: 16_385,
            max: 16_384
        })
    );
    assert!(pair.server.data_to_send().is_empty());
}
