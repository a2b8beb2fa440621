//! Property: decode(encode(list)) == list, over many blocks sharing one
//! compression context, with table size changes (peer setting and local cap)
//! between blocks.

use bytes::{Bytes, BytesMut};
use h2_hpack::{Decoder, Encoder, HeaderField};
use proptest::prelude::*;

/// Names drawn mostly from a small pool, so that the tables get hits.
fn name() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        3 => prop::sample::select(vec![
            &b":method"[..], b":path", b":status", b"content-type", b"cookie",
            b"authorization", b"x-custom", b"accept-encoding", b"set-cookie",
        ])
        .prop_map(|n| n.to_vec()),
        1 => prop::collection::vec(any::<u8>(), 0..12),
    ]
}

fn value() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        3 => prop::sample::select(vec![
            &b"GET"[..], b"/", b"200", b"gzip, deflate", b"text/html", b"a=b", b"",
        ])
        .prop_map(|v| v.to_vec()),
        2 => prop::collection::vec(any::<u8>(), 0..40),
        1 => prop::collection::vec(any::<u8>(), 0..400),
    ]
}

fn field() -> impl Strategy<Value = HeaderField> {
    (name(), value(), prop::bool::weighted(0.1)).prop_map(|(n, v, sensitive)| HeaderField {
        name: Bytes::from(n),
        value: Bytes::from(v),
        sensitive,
    })
}

#[derive(Debug, Clone)]
enum Resize {
    /// The decoder side advertises a new SETTINGS_HEADER_TABLE_SIZE, which
    /// the encoder side acknowledges.
    Peer(usize),
    /// The encoder changes its own cap.
    Cap(usize),
}

fn resize() -> impl Strategy<Value = Resize> {
    prop_oneof![
        (0usize..6000).prop_map(Resize::Peer),
        (0usize..6000).prop_map(Resize::Cap),
    ]
}

fn block() -> impl Strategy<Value = (Vec<Resize>, Vec<HeaderField>)> {
    (
        prop::collection::vec(resize(), 0..3),
        prop::collection::vec(field(), 0..12),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn decode_of_encode_is_the_identity(blocks in prop::collection::vec(block(), 1..12), huffman in any::<bool>()) {
        let mut encoder = Encoder::new();
        encoder.set_huffman(huffman);
        let mut decoder = Decoder::new();
        decoder.set_max_header_list_size(usize::MAX);
        for (resizes, fields) in blocks {
            for resize in resizes {
                match resize {
                    Resize::Peer(size) => {
                        decoder.set_max_table_size(size);
                        encoder.set_max_table_size(size);
                    }
                    Resize::Cap(cap) => encoder.set_table_size_cap(cap),
                }
            }
            let mut wire = BytesMut::new();
            encoder.encode(&fields, &mut wire);
            let mut decoded = Vec::new();
            decoder.decode(&wire.freeze(), &mut decoded).unwrap();
            prop_assert_eq!(decoded.len(), fields.len());
            for (got, sent) in decoded.iter().zip(&fields) {
                prop_assert_eq!(&got.name, &sent.name);
                prop_assert_eq!(&got.value, &sent.value);
                // The never-index mark survives (the default policy may add it).
                prop_assert!(!sent.sensitive || got.sensitive);
            }
            // Both sides agree on the table.
            prop_assert_eq!(decoder.dynamic_table_size(), encoder.dynamic_table_size());
            prop_assert_eq!(decoder.dynamic_table_max_size(), encoder.dynamic_table_max_size());
            prop_assert!(decoder.dynamic_table_size() <= decoder.dynamic_table_max_size());
        }
    }
}

/// The encoder signals a shrink-then-grow between two blocks as the pair
/// (smallest, final) (RFC 7541 §4.2), and the decoder applies both.
#[test]
fn shrink_then_grow_emits_smallest_then_final() {
    let mut encoder = Encoder::new();
    let mut decoder = Decoder::new();
    let fields = [HeaderField::new("x-a", "1")];
    let mut wire = BytesMut::new();
    encoder.encode(&fields, &mut wire);
    decoder
        .decode(&wire.split().freeze(), &mut Vec::new())
        .unwrap();
    assert_eq!(decoder.dynamic_table_size(), 36);

    for size in [1000, 0, 4096] {
        encoder.set_max_table_size(size);
        decoder.set_max_table_size(size);
    }
    encoder.encode(&fields, &mut wire);
    // 0x20 (size 0), 0x3f 0xe1 0x1f (size 4096), then the field re-added.
    assert_eq!(wire[..4], [0x20, 0x3f, 0xe1, 0x1f]);
    assert_eq!(wire[4], 0x40, "the entry was evicted, so a literal again");
    let mut out = Vec::new();
    decoder.decode(&wire.split().freeze(), &mut out).unwrap();
    assert_eq!(out, fields);

    // No change, no update.
    encoder.set_max_table_size(4096);
    encoder.encode(&fields, &mut wire);
    assert_eq!(wire[..], [0xbe]);
    wire.clear();

    // The cap applies below the peer's limit, and only one update when the
    // size only went down.
    encoder.set_table_size_cap(100);
    encoder.set_max_table_size(8192);
    encoder.encode(&fields, &mut wire);
    assert_eq!(wire[..2], [0x3f, 0x45]);
    assert_eq!(encoder.dynamic_table_max_size(), 100);
}

/// SPEC HDR-43, DOS-8: authorization, proxy-authorization and cookies shorter
/// than 20 octets are never indexed by default (no compression oracle on
/// credentials); the switch turns that off.
#[test]
fn default_never_index_policy_and_its_switch() {
    let fields = [
        HeaderField::new("authorization", "Basic abc"),
        HeaderField::new("proxy-authorization", "Basic abc"),
        HeaderField::new("cookie", "short=1"),
        HeaderField::new("cookie", "a-much-longer-cookie=value"),
    ];
    let mut encoder = Encoder::new();
    let mut wire = BytesMut::new();
    encoder.encode(&fields, &mut wire);
    let mut out = Vec::new();
    Decoder::new().decode(&wire.freeze(), &mut out).unwrap();
    let marks: Vec<bool> = out.iter().map(|f| f.sensitive).collect();
    assert_eq!(marks, [true, true, true, false]);
    // Only the long cookie went into the table: 6 + 26 + 32.
    assert_eq!(encoder.dynamic_table_size(), 64);

    let mut encoder = Encoder::new();
    encoder.set_never_index_defaults(false);
    let mut wire = BytesMut::new();
    encoder.encode(&fields, &mut wire);
    let mut out = Vec::new();
    Decoder::new().decode(&wire.freeze(), &mut out).unwrap();
    assert!(out.iter().all(|f| !f.sensitive));
}

/// SPEC DOS-8: a field marked sensitive is written never-indexed each time,
/// even when the same field was indexed before.
#[test]
fn sensitive_fields_are_never_indexed_nor_looked_up() {
    let mut encoder = Encoder::new();
    encoder.set_huffman(false);
    let mut wire = BytesMut::new();
    encoder.encode([&HeaderField::new("x-token", "t")], &mut wire);
    wire.clear();
    encoder.encode([&HeaderField::sensitive("x-token", "t")], &mut wire);
    // Never indexed (0001), name from the dynamic table (index 62 = 15 + 47).
    assert_eq!(wire[..], [0x1f, 0x2f, 0x01, b't']);
}

/// With a large table the lookup index grows past its initial 128 entries;
/// every field is still found.
#[test]
fn index_grows_with_the_table() {
    let mut encoder = Encoder::new();
    let mut decoder = Decoder::new();
    encoder.set_table_size_cap(65536);
    encoder.set_max_table_size(65536);
    decoder.set_max_table_size(65536);
    let fields: Vec<HeaderField> = (0..1000)
        .map(|i| HeaderField::new(format!("x-{i}"), "v"))
        .collect();
    let mut wire = BytesMut::new();
    encoder.encode(&fields, &mut wire);
    let mut out = Vec::new();
    decoder.decode(&wire.split().freeze(), &mut out).unwrap();
    assert_eq!(out, fields);

    encoder.encode(&fields, &mut wire);
    // Every field is now an indexed reference of at most 3 octets.
    assert!(wire.len() <= 3 * fields.len(), "{} octets", wire.len());
    out.clear();
    decoder.decode(&wire.freeze(), &mut out).unwrap();
    assert_eq!(out, fields);
}
