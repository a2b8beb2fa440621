//! Integer primitive with an N-bit prefix (RFC 7541 §5.1).

use bytes::{BufMut, BytesMut};

use crate::DecodeError;

/// Continuation octets accepted after the prefix: 5 carry 35 bits, enough for
/// any value up to the 2^32 - 1 this decoder accepts.
const MAX_CONTINUATION_SHIFT: u32 = 28;

/// Decodes the integer whose prefix is the low `prefix_bits` of `buf[*pos]`,
/// moving `pos` past its last octet.
#[inline]
pub(crate) fn decode(buf: &[u8], pos: &mut usize, prefix_bits: u8) -> Result<usize, DecodeError> {
    let max_prefix = (1u32 << prefix_bits) - 1;
    let first = *buf.get(*pos).ok_or(DecodeError::Truncated)?;
    *pos += 1;
    let prefix = u32::from(first) & max_prefix;
    if prefix < max_prefix {
        return Ok(prefix as usize);
    }
    decode_continuation(buf, pos, max_prefix)
}

#[cold]
fn decode_continuation(buf: &[u8], pos: &mut usize, max_prefix: u32) -> Result<usize, DecodeError> {
    let mut value = u64::from(max_prefix);
    let mut shift = 0u32;
    loop {
        let octet = *buf.get(*pos).ok_or(DecodeError::Truncated)?;
        *pos += 1;
        value += u64::from(octet & 0x7f) << shift;
        if octet & 0x80 == 0 {
            break;
        }
        shift += 7;
        // RFC 7541 §5.1: "Integer encodings that exceed implementation limits
        // -- in value or octet length -- MUST be treated as decoding errors."
        if shift > MAX_CONTINUATION_SHIFT {
            return Err(DecodeError::IntegerOverflow);
        }
    }
    u32::try_from(value)
        .ok()
        .and_then(|v| usize::try_from(v).ok())
        .ok_or(DecodeError::IntegerOverflow)
}

/// Writes `value` with a `prefix_bits` prefix; `flags` fills the octet's
/// high bits.
#[inline]
pub(crate) fn encode(dst: &mut BytesMut, flags: u8, prefix_bits: u8, value: usize) {
    let max_prefix = (1usize << prefix_bits) - 1;
    if value < max_prefix {
        dst.put_u8(flags | value as u8);
        return;
    }
    dst.put_u8(flags | max_prefix as u8);
    let mut rest = value - max_prefix;
    while rest >= 0x80 {
        dst.put_u8((rest & 0x7f) as u8 | 0x80);
        rest >>= 7;
    }
    dst.put_u8(rest as u8);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(prefix_bits: u8, value: usize) -> alloc::vec::Vec<u8> {
        let mut dst = BytesMut::new();
        encode(&mut dst, 0, prefix_bits, value);
        dst.to_vec()
    }

    /// RFC 7541 C.1.1 to C.1.3.
    #[test]
    fn rfc7541_c1_examples() {
        assert_eq!(encoded(5, 10), [0x0a]);
        assert_eq!(encoded(5, 1337), [0x1f, 0x9a, 0x0a]);
        assert_eq!(encoded(8, 42), [0x2a]);
        let mut pos = 0;
        assert_eq!(decode(&[0x1f, 0x9a, 0x0a], &mut pos, 5), Ok(1337));
        assert_eq!(pos, 3);
    }

    #[test]
    fn prefix_bits_above_the_prefix_are_ignored() {
        let mut pos = 0;
        assert_eq!(decode(&[0xea], &mut pos, 5), Ok(10));
    }

    #[test]
    fn round_trips_at_every_prefix_and_boundary() {
        for prefix_bits in 1..=8u8 {
            let max = (1usize << prefix_bits) - 1;
            for value in [
                0,
                1,
                max - 1,
                max,
                max + 1,
                max + 127,
                max + 128,
                1 << 20,
                u32::MAX as usize,
            ] {
                let bytes = encoded(prefix_bits, value);
                let mut pos = 0;
                assert_eq!(decode(&bytes, &mut pos, prefix_bits), Ok(value));
                assert_eq!(pos, bytes.len());
            }
        }
    }

    #[test]
    fn value_above_u32_is_overflow() {
        let bytes = encoded(5, u32::MAX as usize + 1);
        assert_eq!(decode(&bytes, &mut 0, 5), Err(DecodeError::IntegerOverflow));
    }

    #[test]
    fn six_continuation_octets_are_overflow_even_when_zero() {
        let bytes = [0x1f, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00];
        assert_eq!(decode(&bytes, &mut 0, 5), Err(DecodeError::IntegerOverflow));
        let five = [0x1f, 0x80, 0x80, 0x80, 0x80, 0x00];
        assert_eq!(decode(&five, &mut 0, 5), Ok(31));
    }

    #[test]
    fn missing_continuation_is_truncated() {
        assert_eq!(
            decode(&[0x1f, 0x9a], &mut 0, 5),
            Err(DecodeError::Truncated)
        );
        assert_eq!(decode(&[], &mut 0, 5), Err(DecodeError::Truncated));
    }
}
