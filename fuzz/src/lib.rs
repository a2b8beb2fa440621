//! Bodies of the fuzz targets, one function per target.
//!
//! Each `fuzz_targets/<name>.rs` is a one-line call into this library (as in
//! rustls), so the same bodies can be replayed on stable over the checked-in
//! corpora by `tests/replay.rs`. Every body checks an oracle, not only "no
//! panic".
#![forbid(unsafe_code)]

mod connection;
pub use connection::{client_receive, pair_actions, server_receive};

/// `frame_decode`: arbitrary bytes into the streaming decoder.
///
/// The first octet picks the set-up: bit 0 expects the client preface, bit 1
/// raises the maximum frame size to 2^24-1, the other six bits the chunk
/// size (1..=64) in which the rest is fed. Oracles: no panic; every frame
/// re-encodes to as many octets as it was decoded from, and re-parses to
/// itself; decoding stops only at a connection error.
pub fn frame_decode(data: &[u8]) {
    use bytes::BytesMut;
    use h2_frame::{FrameDecoder, FrameHeader, Side};

    let Some((&setup, input)) = data.split_first() else {
        return;
    };
    let side = if setup & 1 == 1 {
        Side::Server
    } else {
        Side::Client
    };
    let mut decoder = FrameDecoder::for_side(side);
    if setup & 2 == 2 {
        decoder.set_max_frame_size(FrameHeader::MAX_LENGTH);
    }
    let chunk = usize::from(setup >> 2) + 1;
    let mut buf = BytesMut::new();
    for piece in input.chunks(chunk) {
        buf.extend_from_slice(piece);
        loop {
            let before = buf.len();
            let awaiting_preface = decoder.is_awaiting_preface();
            match decoder.decode(&mut buf) {
                Ok(Some(frame)) => {
                    if !awaiting_preface {
                        assert_eq!(frame.encoded_len(), before - buf.len());
                    }
                    frame_decode_round_trip(&frame);
                }
                Ok(None) => break,
                Err(err) if err.is_connection_error() => return,
                Err(_) => assert!(buf.len() < before, "a stream error consumes its frame"),
            }
        }
    }
}

/// `frame_decode`'s oracle: encode, decode again, compare.
fn frame_decode_round_trip(frame: &h2_frame::Frame) {
    use bytes::BytesMut;
    use h2_frame::{FrameDecoder, FrameHeader};

    let mut wire = BytesMut::new();
    frame.encode(&mut wire);
    assert_eq!(wire.len(), frame.encoded_len());
    let mut decoder = FrameDecoder::new();
    decoder.set_max_frame_size(FrameHeader::MAX_LENGTH);
    let again = decoder
        .decode(&mut wire)
        .expect("a decoded frame re-parses");
    assert_eq!(again.as_ref(), Some(frame));
    assert!(wire.is_empty());
}

/// `hpack_decode`: arbitrary header blocks into one decoder.
///
/// The first octet sets the header list limit (64 << low nibble), the second
/// the SETTINGS_HEADER_TABLE_SIZE (32 × value); the rest is a sequence of
/// blocks, each preceded by its length octet. Oracles: no panic; the table
/// never exceeds its maximum, nor the maximum the limit; a decoded list never
/// exceeds the list limit and no literal the string limit; a failed decode
/// leaves the output as it was; a refused list keeps the decoder usable, and
/// a compression error ends the connection.
pub fn hpack_decode(data: &[u8]) {
    use bytes::Bytes;
    use h2_hpack::{DecodeErrorKind, Decoder, HeaderField};

    let [list_setup, table_setup, rest @ ..] = data else {
        return;
    };
    let list_limit = 64usize << (list_setup & 0x0f);
    let string_limit = list_limit / 2;
    let table_limit = usize::from(*table_setup) * 32;
    let mut decoder = Decoder::new();
    decoder.set_max_header_list_size(list_limit);
    decoder.set_max_string_length(string_limit);
    decoder.set_max_table_size(table_limit);

    let mut input = rest;
    let sentinel = HeaderField::new("sentinel", "kept");
    while let Some((&len, tail)) = input.split_first() {
        let len = usize::from(len).min(tail.len());
        let (block, tail) = tail.split_at(len);
        input = tail;
        let mut out = vec![sentinel.clone()];
        let result = decoder.decode(&Bytes::copy_from_slice(block), &mut out);
        assert!(decoder.dynamic_table_size() <= decoder.dynamic_table_max_size());
        match result {
            Ok(()) => {
                assert_eq!(out[0], sentinel);
                let fields = &out[1..];
                let list: usize = fields.iter().map(HeaderField::size).sum();
                assert!(list <= list_limit, "list {list} over {list_limit}");
                assert!(decoder.dynamic_table_max_size() <= table_limit);
            }
            Err(error) => {
                assert_eq!(
                    out,
                    std::slice::from_ref(&sentinel),
                    "output touched by a failed decode"
                );
                if error.kind() == DecodeErrorKind::Compression {
                    return;
                }
            }
        }
    }
}

/// `hpack_roundtrip`: arbitrary header lists through one encoder and one
/// decoder sharing a context, with table size changes between blocks.
///
/// Oracles: every block decodes to the names and values encoded, in order;
/// a field marked sensitive comes back marked; both sides agree on the
/// dynamic table's size and maximum after every block.
pub fn hpack_roundtrip(data: &[u8]) {
    use arbitrary::Unstructured;
    use bytes::BytesMut;
    use h2_hpack::{Decoder, Encoder, HeaderField};

    let mut u = Unstructured::new(data);
    let mut encoder = Encoder::new();
    let mut decoder = Decoder::new();
    decoder.set_max_header_list_size(usize::MAX);
    decoder.set_max_string_length(usize::MAX);
    let Ok(huffman) = u.arbitrary::<bool>() else {
        return;
    };
    encoder.set_huffman(huffman);
    while !u.is_empty() {
        // 0: peer setting change (acknowledged), 1: local cap change, else a block.
        let Ok(op) = u.int_in_range(0u8..=5) else {
            return;
        };
        match op {
            0 => {
                let Ok(size) = u.int_in_range(0usize..=8192) else {
                    return;
                };
                decoder.set_max_table_size(size);
                encoder.set_max_table_size(size);
            }
            1 => {
                let Ok(cap) = u.int_in_range(0usize..=8192) else {
                    return;
                };
                encoder.set_table_size_cap(cap);
            }
            _ => {
                let Ok(fields) = u.arbitrary::<Vec<HeaderField>>() else {
                    return;
                };
                let mut wire = BytesMut::new();
                encoder.encode(&fields, &mut wire);
                let mut decoded = Vec::new();
                decoder
                    .decode(&wire.freeze(), &mut decoded)
                    .expect("our own block decodes");
                assert_eq!(decoded.len(), fields.len());
                for (got, sent) in decoded.iter().zip(&fields) {
                    assert_eq!((&got.name, &got.value), (&sent.name, &sent.value));
                    assert!(!sent.sensitive || got.sensitive);
                }
                assert_eq!(decoder.dynamic_table_size(), encoder.dynamic_table_size());
                assert_eq!(
                    decoder.dynamic_table_max_size(),
                    encoder.dynamic_table_max_size()
                );
            }
        }
    }
}
