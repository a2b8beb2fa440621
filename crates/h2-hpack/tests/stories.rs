//! The hpack-test-case corpus (`$H2_SHARED_DIR/hpack-test-case`).
//!
//! Each directory holds one encoder's output for the same stories; each story
//! is one compression context, and `header_table_size` in a case is the
//! SETTINGS_HEADER_TABLE_SIZE acknowledged just before it. The test fails,
//! rather than skipping, when the corpus is missing.

mod common;

use std::path::{Path, PathBuf};

use bytes::{Bytes, BytesMut};
use h2_hpack::{Decoder, Encoder, HeaderField};
use serde_json::Value;

struct Case {
    table_size: Option<usize>,
    wire: Option<Vec<u8>>,
    headers: Vec<(Vec<u8>, Vec<u8>)>,
}

fn corpus_dir() -> PathBuf {
    let dir = common::shared_dir().join("hpack-test-case");
    assert!(
        dir.is_dir(),
        "HPACK corpus missing at {} (set H2_SHARED_DIR)",
        dir.display()
    );
    dir
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex wire"))
        .collect()
}

fn load_story(path: &Path) -> Vec<Case> {
    let text = std::fs::read_to_string(path).unwrap();
    let json: Value = serde_json::from_str(&text).unwrap();
    json["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|case| Case {
            table_size: case["header_table_size"].as_u64().map(|n| n as usize),
            wire: case["wire"].as_str().map(hex),
            headers: case["headers"]
                .as_array()
                .expect("headers")
                .iter()
                .flat_map(|h| h.as_object().expect("header object").iter())
                .map(|(k, v)| {
                    (
                        k.as_bytes().to_vec(),
                        v.as_str().expect("value").as_bytes().to_vec(),
                    )
                })
                .collect(),
        })
        .collect()
}

fn stories(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

fn encoder_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && p.file_name().is_some_and(|n| n != "raw-data"))
        .collect();
    dirs.sort();
    dirs
}

fn pairs(fields: &[HeaderField]) -> Vec<(Vec<u8>, Vec<u8>)> {
    fields
        .iter()
        .map(|f| (f.name.to_vec(), f.value.to_vec()))
        .collect()
}

#[test]
fn decoder_reproduces_every_case_of_every_encoder() {
    let dirs = encoder_dirs();
    assert!(
        dirs.len() >= 10,
        "expected the encoder directories, found {}",
        dirs.len()
    );
    let mut cases = 0;
    let mut fields = 0;
    for dir in &dirs {
        for story in stories(dir) {
            let mut decoder = Decoder::new();
            for (seqno, case) in load_story(&story).iter().enumerate() {
                if let Some(size) = case.table_size {
                    decoder.set_max_table_size(size);
                }
                let wire = Bytes::from(case.wire.clone().expect("encoder directories carry wire"));
                let mut decoded = Vec::new();
                decoder
                    .decode(&wire, &mut decoded)
                    .unwrap_or_else(|e| panic!("{} case {seqno}: {e:?}", story.display()));
                assert_eq!(
                    pairs(&decoded),
                    case.headers,
                    "{} case {seqno}",
                    story.display()
                );
                cases += 1;
                fields += decoded.len();
            }
        }
    }
    eprintln!(
        "decoded {cases} cases, {fields} fields from {} encoders",
        dirs.len()
    );
    assert!(cases > 10_000);
}

/// Total octets of our encoding of every `raw-data` story, each story one
/// context, checking that each block decodes back to its header list.
fn encode_raw_data() -> (usize, usize) {
    let mut total = 0;
    let mut blocks = 0;
    for story in stories(&corpus_dir().join("raw-data")) {
        let mut encoder = Encoder::new();
        let mut decoder = Decoder::new();
        for (seqno, case) in load_story(&story).iter().enumerate() {
            let fields: Vec<HeaderField> = case
                .headers
                .iter()
                .map(|(n, v)| HeaderField::new(n.clone(), v.clone()))
                .collect();
            let mut wire = BytesMut::new();
            encoder.encode(&fields, &mut wire);
            total += wire.len();
            blocks += 1;
            let mut decoded = Vec::new();
            decoder
                .decode(&wire.freeze(), &mut decoded)
                .unwrap_or_else(|e| panic!("{} case {seqno}: {e:?}", story.display()));
            assert_eq!(
                pairs(&decoded),
                case.headers,
                "{} case {seqno}",
                story.display()
            );
        }
    }
    (total, blocks)
}

fn wire_total(dir: &str) -> usize {
    stories(&corpus_dir().join(dir))
        .iter()
        .flat_map(|s| load_story(s))
        .map(|c| c.wire.map_or(0, |w| w.len()))
        .sum()
}

#[test]
fn encoder_round_trips_raw_data_no_larger_than_nghttp2() {
    let (ours, blocks) = encode_raw_data();
    let nghttp2 = wire_total("nghttp2");
    eprintln!("raw-data: {blocks} blocks, ours {ours} octets, nghttp2 directory {nghttp2} octets");
    for dir in encoder_dirs() {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        eprintln!("  {name}: {}", wire_total(&name));
    }
    assert!(ours <= nghttp2, "ours {ours} > nghttp2 {nghttp2}");
}
