//! Huffman coding of string literals (RFC 7541 §5.2, Appendix B).

mod decode;
mod encode;
// Generated: keep rustfmt off it so the freshness test compares like for like.
#[rustfmt::skip]
mod table;

pub(crate) use decode::decode;
pub(crate) use encode::{encode, encoded_len};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DecodeError;
    use alloc::vec::Vec;
    use bytes::BytesMut;

    fn encoded(src: &[u8]) -> Vec<u8> {
        let mut dst = BytesMut::new();
        encode(src, encoded_len(src), &mut dst);
        assert_eq!(dst.len(), encoded_len(src));
        dst.to_vec()
    }

    fn decoded(src: &[u8]) -> Result<Vec<u8>, DecodeError> {
        let mut dst = BytesMut::new();
        decode(src, &mut dst).map(|()| dst.to_vec())
    }

    /// RFC 7541 C.4.1: "www.example.com".
    #[test]
    fn rfc7541_c4_1_string() {
        let wire = [
            0xf1, 0xe3, 0xc2, 0xe5, 0xf2, 0x3a, 0x6b, 0xa0, 0xab, 0x90, 0xf4, 0xff,
        ];
        assert_eq!(encoded(b"www.example.com"), wire);
        assert_eq!(decoded(&wire).unwrap(), b"www.example.com");
    }

    #[test]
    fn every_octet_round_trips_alone_and_together() {
        let all: Vec<u8> = (0..=255).collect();
        for b in 0..=255u8 {
            assert_eq!(decoded(&encoded(&[b])).unwrap(), [b]);
        }
        assert_eq!(decoded(&encoded(&all)).unwrap(), all);
        let mut reversed = all.clone();
        reversed.reverse();
        assert_eq!(decoded(&encoded(&reversed)).unwrap(), reversed);
    }

    #[test]
    fn empty_string_decodes_to_nothing() {
        assert_eq!(decoded(&[]).unwrap(), b"");
    }

    /// EOS is thirty 1 bits; four 0xff octets contain it.
    #[test]
    fn eos_in_the_string_is_an_error() {
        assert_eq!(
            decoded(&[0xff, 0xff, 0xff, 0xff]),
            Err(DecodeError::HuffmanEos)
        );
        // 'a' (00011) then EOS then padding.
        assert_eq!(
            decoded(&[0x1f, 0xff, 0xff, 0xff, 0xff]),
            Err(DecodeError::HuffmanEos)
        );
    }

    #[test]
    fn padding_of_eight_ones_is_an_error() {
        // '0' is 00000 + 3 bits of padding: valid. A whole extra 0xff octet of
        // padding makes 11 bits.
        assert_eq!(decoded(&[0x07]).unwrap(), b"0");
        assert_eq!(decoded(&[0x07, 0xff]), Err(DecodeError::HuffmanPadding));
        assert_eq!(decoded(&[0xff]), Err(DecodeError::HuffmanPadding));
    }

    #[test]
    fn padding_that_is_not_all_ones_is_an_error() {
        // '0' (00000) followed by 000: padding of zeros.
        assert_eq!(decoded(&[0x00]), Err(DecodeError::HuffmanPadding));
        // '0' followed by 110.
        assert_eq!(decoded(&[0x06]), Err(DecodeError::HuffmanPadding));
    }

    #[test]
    fn decoding_appends_to_what_is_already_there() {
        let mut dst = BytesMut::from(&b"x"[..]);
        decode(&encoded(b"yz"), &mut dst).unwrap();
        assert_eq!(&dst[..], b"xyz");
        assert_eq!(decode(&[0x00], &mut dst), Err(DecodeError::HuffmanPadding));
        assert_eq!(
            &dst[..],
            b"xyz",
            "a failed decode leaves the buffer as it was"
        );
    }
}
