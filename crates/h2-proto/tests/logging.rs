//! The `log` feature (SPEC CFG-8): records go to the `log` facade under the
//! target `h2_proto`, and logging never panics, whatever the connection is
//! doing (SPEC RH-06: Python h2 once crashed logging a frame without a
//! stream id). Built only with `--features log`; `cargo xtask ci` runs it.
#![cfg(feature = "log")]

use std::sync::Mutex;

use h2_frame::{ErrorCode, StreamId, WindowUpdate};
use h2_proto::{Config, Event};
use h2_testkit::{fields, RawPeer};
use log::{Level, LevelFilter, Log, Metadata, Record};

/// Keeps `(level, target, message)` of every record.
struct Recorder(Mutex<Vec<(Level, String, String)>>);

impl Log for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn log(&self, record: &Record<'_>) {
        let entry = (
            record.level(),
            record.target().to_owned(),
            record.args().to_string(),
        );
        self.0.lock().unwrap().push(entry);
    }

    fn flush(&self) {}
}

static RECORDER: Recorder = Recorder(Mutex::new(Vec::new()));

#[test]
fn cfg_8_rh_06_records_reach_the_facade_on_every_path() {
    log::set_logger(&RECORDER).unwrap();
    log::set_max_level(LevelFilter::Trace);

    // A stream error (zero increment on a stream, RFC 9113 §6.9) and then a
    // connection error (the same on stream 0): both paths log.
    let mut peer = RawPeer::connected(Config::server());
    peer.headers(1, fields::request("GET", "/")).send().unwrap();
    let events = peer
        .send_frame(WindowUpdate {
            stream_id: StreamId::new(1),
            increment: 0,
        })
        .unwrap();
    assert!(matches!(&events[..], [Event::StreamReset(_)]));
    let err = peer
        .send_frame(WindowUpdate {
            stream_id: StreamId::new(0),
            increment: 0,
        })
        .unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::PROTOCOL_ERROR));

    let records = RECORDER.0.lock().unwrap();
    assert!(records.iter().all(|(_, target, _)| target == "h2_proto"));
    // Every frame decoded is traced.
    assert!(records
        .iter()
        .any(|(level, _, m)| *level == Level::Trace && m.starts_with("frame HEADERS")));
    // The reset and the connection error are each a debug record that names
    // the code.
    let debug: Vec<&str> = records
        .iter()
        .filter(|(level, _, _)| *level == Level::Debug)
        .map(|(_, _, message)| message.as_str())
        .collect();
    assert!(
        debug.contains(&"resetting stream 1: PROTOCOL_ERROR"),
        "{debug:?}"
    );
    assert!(
        debug
            .iter()
            .any(|m| m.starts_with("connection error PROTOCOL_ERROR")),
        "{debug:?}"
    );
}
