//! CVE-2016-6581, the "HPACK bomb": one large dynamic table entry referenced
//! thousands of times in a small block. The decoder must refuse it without
//! allocating more than its header list limit.
//!
//! Alone in its own test binary because it counts the process's allocations.

use bytes::Bytes;
use h2_hpack::{DecodeError, DecodeErrorKind, Decoder, HeaderField};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};
use std::alloc::System;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

#[test]
fn block_referencing_one_large_entry_thousands_of_times_fails_within_the_limit() {
    const LIMIT: usize = 64 * 1024;
    const REFERENCES: usize = 16 * 1024;

    // Block 1 puts a 4064-octet entry in the table (4000 + 32 + name).
    let big = HeaderField::new("x-bomb", vec![b'a'; 4026]);
    assert_eq!(big.size(), 4064);
    // (Our encoder would not index an entry that fills most of the table, so
    // the block is written by hand: literal with incremental indexing, new
    // name, raw strings.)
    let mut first = vec![0x40, 6];
    first.extend_from_slice(&big.name);
    first.extend_from_slice(&[0x7f, 0xbb, 0x1e]); // 127 + 0x3b + (0x1e << 7) = 4026
    first.extend_from_slice(&big.value);
    // Block 2: 16 Ki one-octet references to it, 64 MiB once expanded.
    let second = Bytes::from(vec![0xbe; REFERENCES]);

    let mut decoder = Decoder::new();
    decoder.set_max_header_list_size(LIMIT);
    let mut out = Vec::new();
    decoder.decode(&Bytes::from(first), &mut out).unwrap();
    assert_eq!(out, [big]);
    out.clear();
    out.shrink_to_fit();

    let region = Region::new(GLOBAL);
    let result = decoder.decode(&second, &mut out);
    let allocated = region.change().bytes_allocated;

    assert_eq!(
        result,
        Err(DecodeError::HeaderListTooLarge {
            size: 4064 * REFERENCES,
            limit: LIMIT
        })
    );
    assert_eq!(
        result.unwrap_err().kind(),
        DecodeErrorKind::HeaderListTooLarge
    );
    assert!(out.is_empty());
    assert!(
        allocated <= LIMIT,
        "decoding the bomb allocated {allocated} octets, more than the {LIMIT}-octet limit"
    );
    // The table is intact and in step.
    assert_eq!(decoder.dynamic_table_size(), 4064);
}
