//! String literal primitive (RFC 7541 §5.2): the encoder's side.
//!
//! The decoder reads strings in `decoder.rs`, where it chooses between
//! borrowing from the block and copying into its arenas.

use bytes::{BufMut, BytesMut};

use crate::{huffman, integer};

/// The H bit of a string literal's length octet.
pub(crate) const HUFFMAN_FLAG: u8 = 0x80;

/// Writes `src` as a string literal: Huffman-coded when `huffman` allows and
/// the coding is not longer than `src` (ties go to Huffman, as in RFC 7541
/// Appendix C.6.2), raw otherwise.
#[inline]
pub(crate) fn encode(src: &[u8], huffman: bool, dst: &mut BytesMut) {
    let huffman_len = if huffman && !src.is_empty() {
        huffman::encoded_len(src)
    } else {
        usize::MAX
    };
    if huffman_len <= src.len() {
        integer::encode(dst, HUFFMAN_FLAG, 7, huffman_len);
        huffman::encode(src, huffman_len, dst);
    } else {
        integer::encode(dst, 0, 7, src.len());
        dst.put_slice(src);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huffman_unless_longer() {
        let encoded = |src: &[u8], huffman| {
            let mut dst = BytesMut::new();
            encode(src, huffman, &mut dst);
            dst.to_vec()
        };
        // RFC 7541 C.4.1: "www.example.com" is 12 octets Huffman-coded.
        let www = encoded(b"www.example.com", true);
        assert_eq!((www[0], www.len()), (0x8c, 13));
        assert_eq!(encoded(b"www.example.com", false)[0], 0x0f);
        // RFC 7541 C.6.2: "307" is 3 octets either way; Huffman wins the tie.
        assert_eq!(encoded(b"307", true), [0x83, 0x64, 0x0e, 0xff]);
        // Rare octets grow under Huffman coding: sent raw.
        assert_eq!(encoded(&[0xff, 0xfe], true), [0x02, 0xff, 0xfe]);
        assert_eq!(encoded(b"", true), [0x00]);
    }

    #[test]
    fn long_strings_round_trip_and_fall_back_to_raw() {
        let mut dst = BytesMut::new();
        // 1000 'a' (5 bits each) code to 625 octets: 0x80 | 127, then 498.
        encode(&[b'a'; 1000], true, &mut dst);
        assert_eq!(&dst[..3], [0xff, 0xf2, 0x03]);
        assert_eq!(dst.len(), 3 + 625);
        let mut decoded = BytesMut::new();
        huffman::decode(&dst[3..], &mut decoded).unwrap();
        assert_eq!(&decoded[..], &[b'a'; 1000][..]);

        // 300 octets that grow under Huffman coding are sent raw.
        let mut dst = BytesMut::new();
        encode(&[0xfe; 300], true, &mut dst);
        assert_eq!(&dst[..3], [0x7f, 0xad, 0x01]);
        assert_eq!(&dst[3..], &[0xfe; 300][..]);
    }
}
