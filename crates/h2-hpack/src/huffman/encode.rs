//! Huffman encoding: a 64-bit accumulator flushed 32 bits at a time.

use bytes::BytesMut;

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

/// Appends the Huffman coding of `src` to `dst`; `len` is its
/// [`encoded_len`], which the caller has already computed to choose between
/// Huffman and raw.
pub(crate) fn encode(src: &[u8], len: usize, dst: &mut BytesMut) {
    debug_assert_eq!(len, encoded_len(src));
    let start = dst.len();
    // Written in place, four octets at a time, with room for the last word
    // to spill over (truncated at the end).
    dst.resize(start + len + 4, 0);
    let out = &mut dst[start..];
    let mut written = 0;
    // Holds at most 31 pending bits plus one code of at most 30.
    let mut acc: u64 = 0;
    let mut pending: u32 = 0;
    for &b in src {
        let (code, bits) = CODES[usize::from(b)];
        acc = (acc << bits) | u64::from(code);
        pending += u32::from(bits);
        if pending >= 32 {
            pending -= 32;
            out[written..written + 4].copy_from_slice(&((acc >> pending) as u32).to_be_bytes());
            written += 4;
        }
    }
    if pending > 0 {
        // RFC 7541 §5.2: the padding is the most significant bits of EOS,
        // that is, all ones. Left-align the rest in a word, pad it with ones.
        let word = ((acc << (32 - pending)) as u32) | (u32::MAX >> pending);
        out[written..written + 4].copy_from_slice(&word.to_be_bytes());
    }
    dst.truncate(start + len);
}
