//! One test per decoding error and limit, asserting the exact variant and
//! what the connection must do about it.

use bytes::{Bytes, BytesMut};
use h2_hpack::{DecodeError, DecodeErrorKind, Decoder, Encoder, HeaderField};

fn decode(decoder: &mut Decoder, wire: &[u8]) -> Result<Vec<HeaderField>, DecodeError> {
    let mut out = Vec::new();
    decoder
        .decode(&Bytes::copy_from_slice(wire), &mut out)
        .map(|()| out)
}

fn fresh(wire: &[u8]) -> Result<Vec<HeaderField>, DecodeError> {
    decode(&mut Decoder::new(), wire)
}

#[test]
fn block_ending_inside_a_representation_is_truncated() {
    // Literal with indexed name :authority, value length missing.
    assert_eq!(fresh(&[0x41]), Err(DecodeError::Truncated));
    // Value length 5, only 2 octets follow.
    assert_eq!(
        fresh(&[0x41, 0x05, b'a', b'b']),
        Err(DecodeError::Truncated)
    );
    // Integer continuation missing.
    assert_eq!(fresh(&[0xff]), Err(DecodeError::Truncated));
    assert_eq!(
        fresh(&[0x41, 0x05]).unwrap_err().kind(),
        DecodeErrorKind::Compression
    );
}

#[test]
fn overlong_integer_is_overflow() {
    // Indexed field whose index needs six continuation octets.
    let wire = [0xff, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01];
    assert_eq!(fresh(&wire), Err(DecodeError::IntegerOverflow));
    // A string length of 2^32.
    let wire = [0x40, 0x7f, 0x81, 0xff, 0xff, 0xff, 0x0f];
    assert_eq!(fresh(&wire), Err(DecodeError::IntegerOverflow));
    assert!(fresh(&wire).unwrap_err().is_compression_error());
}

#[test]
fn index_zero_and_past_the_tables_are_invalid() {
    assert_eq!(fresh(&[0x80]), Err(DecodeError::InvalidIndex { index: 0 }));
    // 62 is the first dynamic index; the table is empty.
    assert_eq!(fresh(&[0xbe]), Err(DecodeError::InvalidIndex { index: 62 }));
    // A literal whose name index is past the end.
    assert_eq!(
        fresh(&[0x0f, 0x31, 0x00]),
        Err(DecodeError::InvalidIndex { index: 64 })
    );
    // 61 is the last static entry.
    assert_eq!(
        fresh(&[0xbd]).unwrap(),
        [HeaderField::new("www-authenticate", "")]
    );
}

#[test]
fn huffman_string_containing_eos_is_an_error() {
    // Literal without indexing, name "x", Huffman value of 4 octets of ones.
    let wire = [0x00, 0x01, b'x', 0x84, 0xff, 0xff, 0xff, 0xff];
    assert_eq!(fresh(&wire), Err(DecodeError::HuffmanEos));
    assert!(fresh(&wire).unwrap_err().is_compression_error());
}

#[test]
fn huffman_padding_too_long_or_not_ones_is_an_error() {
    // '0' then 3 bits of zero padding.
    assert_eq!(
        fresh(&[0x00, 0x01, b'x', 0x81, 0x00]),
        Err(DecodeError::HuffmanPadding)
    );
    // '0' then 11 bits of ones: padding longer than 7 bits.
    assert_eq!(
        fresh(&[0x00, 0x01, b'x', 0x82, 0x07, 0xff]),
        Err(DecodeError::HuffmanPadding)
    );
    assert_eq!(
        fresh(&[0x00, 0x01, b'x', 0x81, 0x07]).unwrap(),
        [HeaderField::new("x", "0")]
    );
}

#[test]
fn size_update_after_a_field_is_an_error() {
    assert_eq!(fresh(&[0x82, 0x20]), Err(DecodeError::SizeUpdateNotAtStart));
    // Two updates at the start are fine.
    assert_eq!(fresh(&[0x20, 0x3f, 0xe1, 0x1f, 0x82]).unwrap().len(), 1);
}

#[test]
fn size_update_above_the_limit_is_an_error() {
    // 4097 = 31 + 4066 (0xe2 0x1f).
    assert_eq!(
        fresh(&[0x3f, 0xe2, 0x1f]),
        Err(DecodeError::SizeUpdateTooLarge {
            size: 4097,
            limit: 4096
        })
    );
    let mut decoder = Decoder::new();
    decoder.set_max_table_size(8192);
    assert!(decode(&mut decoder, &[0x3f, 0xe2, 0x1f, 0x82]).is_ok());
    assert_eq!(decoder.dynamic_table_max_size(), 4097);
}

/// RFC 9113 §4.3.1: after a reduction below the table's size is
/// acknowledged, the next block must start with a conformant size update.
#[test]
fn lowered_limit_requires_a_size_update_at_the_start_of_the_next_block() {
    let mut decoder = Decoder::new();
    decoder.set_max_table_size(100);
    assert_eq!(
        decode(&mut decoder, &[0x82]),
        Err(DecodeError::SizeUpdateMissing)
    );
    assert_eq!(
        decode(&mut decoder, &[]),
        Err(DecodeError::SizeUpdateMissing)
    );
    // An update that is still above the new limit is not conformant.
    assert_eq!(
        decode(&mut decoder, &[0x3f, 0xe1, 0x1f, 0x82]),
        Err(DecodeError::SizeUpdateTooLarge {
            size: 4096,
            limit: 100
        })
    );
    // 100 = 31 + 69.
    assert_eq!(decode(&mut decoder, &[0x3f, 0x45, 0x82]).unwrap().len(), 1);
    assert_eq!(decoder.dynamic_table_max_size(), 100);
    // Satisfied: later blocks need no update.
    assert_eq!(decode(&mut decoder, &[0x82]).unwrap().len(), 1);
    // Raising the limit does not require one.
    decoder.set_max_table_size(4096);
    assert_eq!(decode(&mut decoder, &[0x82]).unwrap().len(), 1);
}

/// A literal with incremental indexing of `name: value`, raw strings.
fn indexed_literal(name: &[u8], value: &[u8]) -> Vec<u8> {
    let mut out = BytesMut::new();
    let mut encoder = Encoder::new();
    encoder.set_huffman(false);
    encoder.encode([&HeaderField::new(name.to_vec(), value.to_vec())], &mut out);
    assert_eq!(out[0], 0x40, "literal with incremental indexing, new name");
    out.to_vec()
}

#[test]
fn header_list_over_the_limit_is_refused_after_processing_the_whole_block() {
    let mut decoder = Decoder::new();
    // ":method: GET" is 42 octets; three of them 126.
    decoder.set_max_header_list_size(100);
    let mut wire = vec![0x82, 0x82];
    wire.extend(indexed_literal(b"x-late", b"entry")); // 6 + 5 + 32 = 43
    let mut out = vec![HeaderField::new("kept", "by caller")];
    let err = decoder.decode(&Bytes::from(wire), &mut out).unwrap_err();
    assert_eq!(
        err,
        DecodeError::HeaderListTooLarge {
            size: 127,
            limit: 100
        }
    );
    assert_eq!(err.kind(), DecodeErrorKind::HeaderListTooLarge);
    assert!(!err.is_compression_error());
    assert_eq!(
        out,
        [HeaderField::new("kept", "by caller")],
        "out is left as it was"
    );
    // The entry after the overrun still went into the table: the next block
    // can use it.
    assert_eq!(decoder.dynamic_table_size(), 43);
    assert_eq!(
        decode(&mut decoder, &[0xbe]).unwrap(),
        [HeaderField::new("x-late", "entry")]
    );
}

#[test]
fn string_over_the_limit_is_refused_and_the_table_stays_in_step() {
    let mut decoder = Decoder::new();
    decoder.set_max_string_length(5);
    let wire = indexed_literal(b"name", b"sixsix");
    let err = decode(&mut decoder, &wire).unwrap_err();
    assert_eq!(
        err,
        DecodeError::StringTooLong {
            length: 6,
            limit: 5
        }
    );
    assert_eq!(err.kind(), DecodeErrorKind::HeaderListTooLarge);
    // The limit is on string literals; the entry went into the table, and a
    // reference to it counts only toward the header list size.
    assert_eq!(
        decode(&mut decoder, &[0xbe]).unwrap(),
        [HeaderField::new("name", "sixsix")]
    );
}

#[test]
fn compression_error_after_a_refusal_wins() {
    let mut decoder = Decoder::new();
    decoder.set_max_header_list_size(10);
    assert_eq!(
        decode(&mut decoder, &[0x82, 0x80]),
        Err(DecodeError::InvalidIndex { index: 0 })
    );
}

#[test]
fn never_indexed_literal_is_marked_sensitive_and_not_stored() {
    // Never indexed, name index 23 (authorization), raw value "x".
    let fields = fresh(&[0x1f, 0x08, 0x01, b'x']).unwrap();
    assert_eq!(fields, [HeaderField::sensitive("authorization", "x")]);
    assert!(fields[0].sensitive);
}

#[test]
fn raw_literals_borrow_from_the_block() {
    let block = Bytes::from_static(&[0x00, 0x01, b'n', 0x03, b'a', b'b', b'c']);
    let mut out = Vec::new();
    Decoder::new().decode(&block, &mut out).unwrap();
    let range = block.as_ptr_range();
    assert!(range.contains(&out[0].name.as_ptr()));
    assert!(range.contains(&out[0].value.as_ptr()));
}

#[test]
fn table_entries_do_not_borrow_from_the_block() {
    let block = Bytes::from(indexed_literal(b"n", b"abc"));
    let mut out = Vec::new();
    Decoder::new().decode(&block, &mut out).unwrap();
    assert!(!block.as_ptr_range().contains(&out[0].value.as_ptr()));
    assert_eq!(out, [HeaderField::new("n", "abc")]);
}
