//! Denial-of-service limits (SPEC §7.12, DOS-*; Limits).

use h2_frame::{ErrorCode, Ping, Setting, SettingId, StreamId};
use h2_proto::{Config, Error, Event, Limit, Limits};
use h2_testkit::{fields, RawPeer};

/// SPEC DOS-3, RX-4: at most 64 frames in a header block by default: a
/// CONTINUATION flood is ENHANCE_YOUR_CALM.
#[test]
fn dos_3_continuation_flood() {
    let mut peer = RawPeer::connected(Config::server());
    let mut frames = peer
        .headers(1, fields::request("GET", "/"))
        .split(65)
        .frames();
    // Keep only HEADERS + 64 CONTINUATIONs, none with END_HEADERS.
    if let Some(h2_frame::Frame::Continuation(last)) = frames.last_mut() {
        last.end_headers = false;
    }
    let err = peer.send_frames(frames).unwrap_err();
    assert_eq!(
        err.error,
        Error::DenialOfService {
            limit: Limit::HeaderBlockFrames
        }
    );
    assert_eq!(
        peer.expect_goaway().error_code,
        ErrorCode::ENHANCE_YOUR_CALM
    );
}

/// Limits::max_header_block_size: the encoded block is capped as frames
/// arrive.
#[test]
fn header_block_size_cap() {
    let mut config = Config::server();
    config.limits = Limits {
        max_header_block_size: 100,
        ..Limits::default()
    };
    let mut peer = RawPeer::connected(config);
    let mut request = fields::request("GET", "/");
    request.push(h2_proto::HeaderField::new("x-big", "v".repeat(200)));
    let err = peer.headers(1, request).split(4).send().unwrap_err();
    assert_eq!(
        err.error,
        Error::DenialOfService {
            limit: Limit::HeaderBlockSize
        }
    );
}

/// SPEC DOS-2, ERR-15, RFC 9113 §10.5.1: an oversized header list refuses
/// its stream (ENHANCE_YOUR_CALM by default); the block is still decoded,
/// so the connection goes on.
#[test]
fn dos_2_oversized_header_list_refuses_the_stream() {
    let mut config = Config::server();
    config.local_settings = config
        .local_settings
        .with(Setting::new(SettingId::MAX_HEADER_LIST_SIZE, 200))
        .unwrap();
    let mut peer = RawPeer::connected(config);
    let mut big = fields::request("GET", "/");
    big.push(h2_proto::HeaderField::new("x-big", "v".repeat(300)));
    assert!(peer.headers(1, big).send().unwrap().is_empty());
    assert_eq!(
        peer.expect_rst(),
        (StreamId::new(1), ErrorCode::ENHANCE_YOUR_CALM)
    );
    let events = peer.headers(3, fields::request("GET", "/")).send().unwrap();
    assert!(matches!(events[0], Event::RequestReceived(_)));
}

/// Limits::max_queued_control_replies: a PING flood with no draining ends
/// in ENHANCE_YOUR_CALM; draining resets the count. SPEC DOS-9 says Python's
/// output buffer is unbounded; ours is bounded for automatic replies (RFC
/// 9113 §10.5: "An endpoint MAY treat activity that is suspicious as a
/// connection error ... of type ENHANCE_YOUR_CALM"; docs/decisions.md).
#[test]
fn ping_flood_without_draining() {
    let mut config = Config::server();
    config.limits = Limits {
        max_queued_control_replies: 3,
        ..Limits::default()
    };
    let mut peer = RawPeer::connected(config);
    let ping = || {
        h2_frame::Frame::from(Ping {
            ack: false,
            payload: [0; 8],
        })
    };
    peer.send_frames([ping(), ping(), ping()]).unwrap();
    let _ = peer.read_frames();
    peer.send_frames([ping(), ping(), ping()]).unwrap();
    let err = peer.send_frame(ping()).unwrap_err();
    assert_eq!(
        err.error,
        Error::DenialOfService {
            limit: Limit::QueuedControlReplies
        }
    );
    assert_eq!(err.events.len(), 0);
}

/// SPEC RH-40: MAX_HEADER_LIST_SIZE is 64 KiB by default and enforced to
/// the octet (RFC 9113 §6.5.2: name, value and 32 octets per field). Over
/// it, only the stream is refused (RFC 9113 §10.5.1, where Python raised a
/// connection-level DenialOfServiceError; docs/decisions.md).
#[test]
fn rh_40_default_header_list_limit_is_64_kib() {
    // The request's own fields: (7+3) + (7+5) + (10+11) + (5+1) + 4 * 32.
    let base = 177;
    let with_value = |len: usize| {
        let mut block = fields::request("GET", "/");
        block.push(h2_proto::HeaderField::new("x-big", "v".repeat(len)));
        block
    };
    let fits = 65_536 - base - (5 + 32);
    let mut peer = RawPeer::connected(Config::server());
    let events = peer.headers(1, with_value(fits)).split(8).send().unwrap();
    assert!(matches!(&events[..], [Event::RequestReceived(r)] if r.headers == with_value(fits)));
    assert!(peer
        .headers(3, with_value(fits + 1))
        .split(8)
        .send()
        .unwrap()
        .is_empty());
    assert_eq!(
        peer.expect_rst(),
        (StreamId::new(3), ErrorCode::ENHANCE_YOUR_CALM)
    );
}

/// SPEC DOS-1, MCS-2, RH-53: 100 concurrent streams by default, then
/// refusals.
#[test]
fn dos_1_default_concurrency_limit() {
    let mut peer = RawPeer::connected(Config::server());
    for n in 0..100 {
        peer.headers(2 * n + 1, fields::request("GET", "/"))
            .send()
            .unwrap();
    }
    assert_eq!(peer.conn.open_inbound_streams(), 100);
    assert!(peer
        .headers(201, fields::request("GET", "/"))
        .send()
        .unwrap()
        .is_empty());
    assert_eq!(
        peer.expect_rst(),
        (StreamId::new(201), ErrorCode::REFUSED_STREAM)
    );
}

/// Limits::max_reserved_remote_streams bounds promises a client holds.
#[test]
fn reserved_streams_are_bounded() {
    let mut config = Config::client();
    config.limits = Limits {
        max_reserved_remote_streams: 1,
        ..Limits::default()
    };
    let mut peer = RawPeer::connected(config);
    peer.conn
        .send_headers(StreamId::new(1), fields::request("GET", "/"), true)
        .unwrap();
    let _ = peer.read_frames();
    assert_eq!(
        peer.headers(1, fields::request("GET", "/a"))
            .promise(2)
            .send()
            .unwrap()
            .len(),
        1
    );
    assert!(peer
        .headers(1, fields::request("GET", "/b"))
        .promise(4)
        .send()
        .unwrap()
        .is_empty());
    assert_eq!(
        peer.expect_rst(),
        (StreamId::new(4), ErrorCode::REFUSED_STREAM)
    );
}

/// Limits::max_header_block_size holds for a block in a single frame too.
#[test]
fn header_block_size_cap_in_one_frame() {
    let mut config = Config::server();
    config.limits = Limits {
        max_header_block_size: 100,
        ..Limits::default()
    };
    let mut peer = RawPeer::connected(config);
    let mut request = fields::request("GET", "/");
    request.push(h2_proto::HeaderField::new("x-big", "v".repeat(200)));
    let err = peer.headers(1, request).send().unwrap_err();
    assert_eq!(
        err.error,
        Error::DenialOfService {
            limit: Limit::HeaderBlockSize
        }
    );
}
