//! Floods of frames that each cost us work (docs/security.md): PING,
//! SETTINGS and reset floods (CVE-2019-9512, 9515, 9514), empty frames
//! (CVE-2019-9518), the CONTINUATION flood (2024) and oversized frames,
//! each driven by a raw peer against a server `Connection` in memory. Each
//! test asserts the reaction, a bound on what the connection holds (sampled
//! `buffered_bytes` and the heap counted by the allocator), and that a
//! fresh client is still served.

mod attack_support;

use attack_support::{fresh_client_is_served, CHUNK};
use h2_frame::{Continuation, Data, Frame, FrameHeader, FrameKind, Headers, Ping, StreamId};
use h2_proto::{Config, Error, ErrorCode, Limit, Limits, Setting, SettingId};
use h2_testkit::memory::{HeapMeter, StatsAlloc, System, INSTRUMENTED_SYSTEM};
use h2_testkit::{fields, RawPeer};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

const MAX_REPLIES: usize = Limits::DEFAULT.max_queued_control_replies;

fn ping(n: u64) -> Frame {
    Ping {
        ack: false,
        payload: n.to_be_bytes(),
    }
    .into()
}

fn calm(limit: Limit) -> Option<Error> {
    Some(Error::DenialOfService { limit })
}

/// The ping flood (CVE-2019-9512) from a peer that does not read: the PING
/// ACKs queued are bounded; past 1024, GOAWAY ENHANCE_YOUR_CALM.
#[test]
fn ping_flood_without_reading_is_cut_at_the_reply_bound() {
    let mut meter = HeapMeter::start(GLOBAL);
    let mut peer = RawPeer::connected(Config::server());
    let wire = RawPeer::wire((0..100_000).map(ping));
    meter.reset();

    let flood = peer.flood(&wire, CHUNK, false);
    let retained = meter.retained();

    assert_eq!(flood.error, calm(Limit::QueuedControlReplies));
    assert_eq!(flood.events, MAX_REPLIES);
    assert_eq!(
        peer.expect_goaway().error_code,
        ErrorCode::ENHANCE_YOUR_CALM
    );
    eprintln!(
        "ping flood: peak buffered {}, heap retained {retained}",
        flood.peak_buffered
    );
    // 1024 ACKs of 17 octets and the GOAWAY.
    assert!(flood.peak_buffered <= MAX_REPLIES * 17 + 64);
    assert!(retained <= 64 << 10, "retained {retained}");
    fresh_client_is_served();
}

/// A peer that pings and reads is answered for as long as it likes: the
/// bound is on what waits in our output, not on PINGs.
#[test]
fn ping_flood_from_a_peer_that_reads_is_answered() {
    let _meter = HeapMeter::start(GLOBAL);
    let mut peer = RawPeer::connected(Config::server());
    let wire = RawPeer::wire((0..100_000).map(ping));
    let flood = peer.flood(&wire, 4 << 10, true);
    assert_eq!(flood.error, None);
    assert_eq!(flood.events, 100_000);
    assert!(flood.peak_buffered <= (4 << 10) + 64);
}

/// The settings flood (CVE-2019-9515) from a peer that does not read: the
/// SETTINGS ACKs are bounded like PING ACKs.
#[test]
fn settings_flood_without_reading_is_cut_at_the_reply_bound() {
    let mut meter = HeapMeter::start(GLOBAL);
    let mut peer = RawPeer::connected(Config::server());
    let settings = [Setting::new(SettingId::HEADER_TABLE_SIZE, 4096)];
    let wire =
        RawPeer::wire((0..50_000).map(|_| Frame::from(h2_frame::Settings::new(settings.to_vec()))));
    meter.reset();

    let flood = peer.flood(&wire, CHUNK, false);
    let retained = meter.retained();

    assert_eq!(flood.error, calm(Limit::QueuedControlReplies));
    assert_eq!(flood.events, MAX_REPLIES);
    assert_eq!(
        peer.expect_goaway().error_code,
        ErrorCode::ENHANCE_YOUR_CALM
    );
    eprintln!(
        "settings flood: peak buffered {}, heap retained {retained}",
        flood.peak_buffered
    );
    assert!(flood.peak_buffered <= MAX_REPLIES * 9 + CHUNK + 64);
    assert!(retained <= 64 << 10, "retained {retained}");
    fresh_client_is_served();
}

/// The reset flood (CVE-2019-9514): requests that are malformed, each
/// refused with RST_STREAM(PROTOCOL_ERROR). To a peer that does not read,
/// the refusals are bounded like the other automatic replies.
#[test]
fn reset_flood_without_reading_is_cut_at_the_reply_bound() {
    let mut meter = HeapMeter::start(GLOBAL);
    let mut peer = RawPeer::connected(Config::server());
    let mut bad = fields::request("GET", "/");
    bad.push(h2_proto::HeaderField::new(
        "Upper-Case",
        "not allowed in HTTP/2",
    ));
    let mut frames = Vec::new();
    for n in 0..5000 {
        frames.extend(peer.headers(2 * n + 1, bad.clone()).end_stream().frames());
    }
    let wire = RawPeer::wire(frames);
    meter.reset();

    let flood = peer.flood(&wire, CHUNK, false);
    let retained = meter.retained();

    assert_eq!(flood.error, calm(Limit::QueuedControlReplies));
    assert_eq!(flood.events, 0);
    let frames = peer.read_frames();
    assert_eq!(frames.len(), MAX_REPLIES + 1);
    assert!(matches!(
        frames[0],
        Frame::RstStream(r) if r.error_code == ErrorCode::PROTOCOL_ERROR
    ));
    assert!(matches!(
        frames[MAX_REPLIES],
        Frame::GoAway(ref g) if g.error_code == ErrorCode::ENHANCE_YOUR_CALM
    ));
    eprintln!(
        "reset flood: peak buffered {}, heap retained {retained}",
        flood.peak_buffered
    );
    assert!(flood.peak_buffered <= MAX_REPLIES * 13 + CHUNK + 64);
    assert!(retained <= 64 << 10, "retained {retained}");
    fresh_client_is_served();
}

/// An open request stream for the empty-frame tests.
fn open_upload(peer: &mut RawPeer) -> StreamId {
    peer.headers(1, fields::request("POST", "/"))
        .send()
        .unwrap();
    StreamId::new(1)
}

/// Empty frames (CVE-2019-9518): DATA with no payload and no END_STREAM
/// costs a frame's work and the peer nothing, not even window. 100 in a row
/// are allowed; the next is GOAWAY ENHANCE_YOUR_CALM.
#[test]
fn empty_data_flood_is_cut_after_the_budget() {
    let mut meter = HeapMeter::start(GLOBAL);
    let mut peer = RawPeer::connected(Config::server());
    let id = open_upload(&mut peer);
    let wire = RawPeer::wire((0..100_000).map(|_| Frame::from(Data::new(id, &b""[..]))));
    meter.reset();

    let flood = peer.flood(&wire, CHUNK, false);
    let retained = meter.retained();

    assert_eq!(flood.error, calm(Limit::EmptyFrames));
    assert_eq!(flood.events, Limits::DEFAULT.max_empty_frames);
    assert_eq!(
        peer.expect_goaway().error_code,
        ErrorCode::ENHANCE_YOUR_CALM
    );
    eprintln!(
        "empty DATA flood: peak buffered {}, heap retained {retained}",
        flood.peak_buffered
    );
    assert!(flood.peak_buffered <= 64);
    assert!(retained <= 16 << 10, "retained {retained}");
    fresh_client_is_served();
}

/// A frame that carries something resets the count: a peer that sends an
/// empty DATA frame now and then, between real ones, is never stopped.
#[test]
fn empty_frames_between_real_ones_are_fine() {
    let _meter = HeapMeter::start(GLOBAL);
    let mut peer = RawPeer::connected(Config::server());
    let id = open_upload(&mut peer);
    let frames = (0..10_000).map(|n| {
        let payload: &'static [u8] = if n % 50 == 49 { b"x" } else { b"" };
        Frame::from(Data::new(id, payload))
    });
    let flood = peer.flood(&RawPeer::wire(frames), CHUNK, true);
    assert_eq!(flood.error, None);
    assert_eq!(flood.events, 10_000);
}

/// Empty CONTINUATION frames: with the default limits the frame cap of a
/// header block (64) stops them first; raised, the empty-frame budget does.
#[test]
fn empty_continuation_flood_is_cut_by_frame_cap_or_empty_budget() {
    let _meter = HeapMeter::start(GLOBAL);
    for (frames_cap, expected) in [(64, Limit::HeaderBlockFrames), (10_000, Limit::EmptyFrames)] {
        let mut config = Config::server();
        config.limits.max_header_block_frames = frames_cap;
        let mut peer = RawPeer::connected(config);
        let mut frames = peer.headers(1, fields::request("GET", "/")).frames();
        if let Some(Frame::Headers(headers)) = frames.first_mut() {
            headers.end_headers = false;
        }
        frames.extend(
            (0..10_000).map(|_| Frame::from(Continuation::new(StreamId::new(1), &b""[..], false))),
        );
        let flood = peer.flood(&RawPeer::wire(frames), CHUNK, false);
        assert_eq!(flood.error, calm(expected));
        assert!(flood.peak_buffered <= 128);
        assert_eq!(
            peer.expect_goaway().error_code,
            ErrorCode::ENHANCE_YOUR_CALM
        );
    }
    fresh_client_is_served();
}

/// The CONTINUATION flood (2024): HEADERS without END_HEADERS, then
/// CONTINUATION frames for ever. Small ones hit the frame cap (64), large
/// ones the size cap (128 KiB); both are checked as each frame arrives,
/// before its fragment is buffered, so the connection never holds more
/// than the cap.
#[test]
fn continuation_flood_is_cut_by_the_block_caps() {
    for (fragment, expected) in [
        (1_usize, Limit::HeaderBlockFrames),
        (16_000, Limit::HeaderBlockSize),
    ] {
        let mut meter = HeapMeter::start(GLOBAL);
        let mut peer = RawPeer::connected(Config::server());
        let mut frames = vec![Frame::from(Headers {
            stream_id: StreamId::new(1),
            fragment: vec![0x82; fragment].into(),
            end_stream: true,
            end_headers: false,
            priority: None,
            padding: None,
        })];
        let piece = bytes::Bytes::from(vec![0x82; fragment]);
        frames.extend(
            (0..10_000)
                .map(|_| Frame::from(Continuation::new(StreamId::new(1), piece.clone(), false))),
        );
        let wire = RawPeer::wire(frames);
        meter.reset();

        let flood = peer.flood(&wire, CHUNK, false);
        let retained = meter.retained();

        assert_eq!(flood.error, calm(expected));
        assert_eq!(
            peer.expect_goaway().error_code,
            ErrorCode::ENHANCE_YOUR_CALM
        );
        eprintln!(
            "CONTINUATION flood ({fragment}-octet fragments): {} octets taken, peak buffered {}, heap retained {retained}",
            flood.fed, flood.peak_buffered
        );
        let cap = Limits::DEFAULT.max_header_block_size;
        assert!(flood.peak_buffered <= cap + CHUNK);
        // The block is dropped with the connection error.
        assert!(retained <= 64 << 10, "retained {retained}");
    }
    fresh_client_is_served();
}

/// An oversized frame: a length above our SETTINGS_MAX_FRAME_SIZE is a
/// connection FRAME_SIZE_ERROR as soon as the 9-octet header is in (§4.2),
/// with nothing of the payload buffered.
#[test]
fn oversized_frame_is_refused_from_its_header() {
    let _meter = HeapMeter::start(GLOBAL);
    let mut peer = RawPeer::connected(Config::server());
    let mut header = Vec::new();
    FrameHeader {
        length: (1 << 24) - 1,
        kind: FrameKind::DATA,
        flags: h2_frame::Flags::EMPTY,
        stream_id: StreamId::new(1),
    }
    .encode(&mut header);
    let flood = peer.flood(&header, 1, false);
    assert_eq!(flood.fed, 8, "the error comes with the 9th octet");
    assert_eq!(
        flood.error.and_then(|e| e.code()),
        Some(ErrorCode::FRAME_SIZE_ERROR)
    );
    assert!(flood.peak_buffered <= 9 + 17);
    assert_eq!(peer.expect_goaway().error_code, ErrorCode::FRAME_SIZE_ERROR);
    fresh_client_is_served();
}

/// 16 MB announced, then trickled: with SETTINGS_MAX_FRAME_SIZE raised to
/// its maximum the frame is legal, and the connection holds what has
/// arrived, not what was announced.
#[test]
fn announced_16_mb_frame_costs_only_what_arrives() {
    let mut meter = HeapMeter::start(GLOBAL);
    let mut config = Config::server();
    config.local_settings = config
        .local_settings
        .with(Setting::new(SettingId::MAX_FRAME_SIZE, (1 << 24) - 1))
        .unwrap();
    let mut peer = RawPeer::connected(config);
    assert_eq!(peer.conn.max_inbound_frame_size(), (1 << 24) - 1);
    let id = open_upload(&mut peer);
    let mut wire = Vec::new();
    FrameHeader {
        length: (1 << 24) - 1,
        kind: FrameKind::DATA,
        flags: h2_frame::Flags::EMPTY,
        stream_id: id,
    }
    .encode(&mut wire);
    wire.extend_from_slice(&[b'x'; 1000]);
    meter.reset();

    let flood = peer.flood(&wire, 100, false);
    let retained = meter.retained();

    assert_eq!(flood.error, None);
    assert_eq!(peer.conn.buffered_bytes(), 9 + 1000);
    eprintln!("16 MB announced, 1009 octets sent: heap retained {retained}");
    assert!(retained <= 64 << 10, "retained {retained}");
    fresh_client_is_served();
}
