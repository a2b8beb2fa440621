//! Huffman encoding: a 64-bit accumulator flushed 32 bits at a time.

use bytes::{BufMut, BytesMut};

use super::table::CODES;

/// Octets the Huffman coding of `src` takes, padding included.
#[inline]
pub(crate) fn encoded_len(src: &[u8]) -> usize {
    let bits: usize = src
        .iter()
        .map(|&b| usize::from(CODES[usize::from(b)].1))
        .sum();
    bits.div_ceil(8)
}

/// Appends the Huffman coding of `src` to `dst`.
pub(crate) fn encode(src: &[u8], dst: &mut BytesMut) {
    dst.reserve(encoded_len(src));
    // Holds at most 31 pending bits plus one code of at most 30.
    let mut acc: u64 = 0;
    let mut pending: u32 = 0;
    for &b in src {
        let (code, len) = CODES[usize::from(b)];
        acc = (acc << len) | u64::from(code);
        pending += u32::from(len);
        if pending >= 32 {
            pending -= 32;
            dst.put_u32((acc >> pending) as u32);
        }
    }
    if pending > 0 {
        // RFC 7541 §5.2: the padding is the most significant bits of EOS,
        // that is, all ones.
        let pad = (8 - pending % 8) % 8;
        acc = (acc << pad) | ((1u64 << pad) - 1);
        pending += pad;
        while pending > 0 {
            pending -= 8;
            dst.put_u8((acc >> pending) as u8);
        }
    }
}
