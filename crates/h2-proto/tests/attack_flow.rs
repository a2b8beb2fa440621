//! Data dribble and zero windows (CVE-2019-9511, CVE-2019-9517;
//! docs/security.md): a peer that asks for large bodies, advertises tiny
//! windows and reads slowly. The connection never buffers DATA the windows
//! do not allow: `send_data` past a window is refused and the caller keeps
//! its body; what is queued is reported by `buffered_bytes`.

mod attack_support;

use attack_support::fresh_client_is_served;
use h2_frame::{Frame, WindowUpdate};
use h2_proto::{Config, Error, Setting, SettingId, StreamId};
use h2_testkit::memory::{HeapMeter, StatsAlloc, System, INSTRUMENTED_SYSTEM};
use h2_testkit::{fields, RawPeer};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

const STREAMS: u32 = 100;

/// 100 requests for a 1 MiB body from a peer whose windows are 0: nothing
/// of the bodies is queued, the windows say why, and what the connection
/// holds is the 100 response heads.
#[test]
fn zero_window_leaves_nothing_queued() {
    let mut meter = HeapMeter::start(GLOBAL);
    let mut peer = RawPeer::connected(Config::server());
    peer.send_settings(&[Setting::new(SettingId::INITIAL_WINDOW_SIZE, 0)])
        .unwrap();
    for n in 0..STREAMS {
        peer.headers(2 * n + 1, fields::request("GET", "/big"))
            .end_stream()
            .send()
            .unwrap();
    }
    let _ = peer.read_frames();
    let body = vec![b'x'; 1 << 20];
    meter.reset();

    for n in 0..STREAMS {
        let id = StreamId::new(2 * n + 1);
        peer.conn
            .send_headers(id, fields::response(200), false)
            .unwrap();
        assert_eq!(peer.conn.local_flow_control_window(id), Ok(0));
        assert!(matches!(
            peer.conn.send_data(id, &body, false, None),
            Err(Error::FlowControl { .. })
        ));
    }
    let buffered = peer.conn.buffered_bytes();
    let retained = meter.retained();

    eprintln!("zero window: 100 x 1 MiB asked, buffered {buffered}, heap retained {retained}");
    // Only the response heads: a few octets each after HPACK indexing.
    assert!(buffered <= 100 * 16);
    assert!(retained <= 64 << 10, "retained {retained}");
    fresh_client_is_served();
}

/// The dribble: the peer opens each window one octet at a time. Each update
/// lets the caller send one octet, nothing piles up inside the connection,
/// and the cost per update is one 10-octet frame out for a 13-octet frame
/// in: no amplification.
#[test]
fn one_octet_windows_cost_one_small_frame_each() {
    let mut meter = HeapMeter::start(GLOBAL);
    let mut peer = RawPeer::connected(Config::server());
    peer.send_settings(&[Setting::new(SettingId::INITIAL_WINDOW_SIZE, 0)])
        .unwrap();
    for n in 0..STREAMS {
        let id = StreamId::new(2 * n + 1);
        peer.headers(id.value(), fields::request("GET", "/big"))
            .end_stream()
            .send()
            .unwrap();
        peer.conn
            .send_headers(id, fields::response(200), false)
            .unwrap();
    }
    let _ = peer.read_frames();
    meter.reset();

    let mut peak = 0;
    let mut sent = 0_usize;
    for round in 0..100 {
        let updates = (0..STREAMS).map(|n| {
            Frame::from(WindowUpdate {
                stream_id: StreamId::new(2 * n + 1),
                increment: 1,
            })
        });
        peer.send_frames(updates).unwrap();
        for n in 0..STREAMS {
            let id = StreamId::new(2 * n + 1);
            let window = peer.conn.local_flow_control_window(id).unwrap();
            assert_eq!(window, 1, "round {round}");
            peer.conn.send_data(id, b"x", false, None).unwrap();
            sent += 1;
        }
        peak = peak.max(peer.conn.buffered_bytes());
        let frames = peer.read_frames();
        assert_eq!(frames.len(), STREAMS as usize);
    }
    let retained = meter.retained();
    eprintln!("dribble: {sent} one-octet frames, peak buffered {peak}, heap retained {retained}");
    assert_eq!(peak, STREAMS as usize * 10);
    assert!(retained <= 64 << 10, "retained {retained}");
    fresh_client_is_served();
}
