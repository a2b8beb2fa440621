//! base64url (RFC 4648 §5) for the `HTTP2-Settings` header field of the h2c
//! upgrade (RFC 7540 §3.2.1; SPEC API-11, UP-1, RH-24).
//!
//! RFC 7540 §3.2.1: the value is the SETTINGS payload "encoded as a base64url
//! string ... with any trailing '=' characters omitted". Python h2 emits the
//! `=` padding; we emit none, as the RFC says, and accept both forms when
//! decoding, since padded values are what Python clients send.

/// The RFC 4648 §5 alphabet: `A-Z a-z 0-9 - _`.
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Marks a byte outside the alphabet in [`DECODE`].
const INVALID: u8 = 0xff;

const fn build_decode() -> [u8; 256] {
    let mut table = [INVALID; 256];
    let mut i = 0;
    while i < 64 {
        table[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    table
}

/// Byte to 6-bit value, or [`INVALID`].
static DECODE: [u8; 256] = build_decode();

/// Why an `HTTP2-Settings` value is not base64url.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Base64UrlError {
    /// A byte outside the base64url alphabet (this includes `+` and `/` of
    /// plain base64, and whitespace).
    #[error("byte {byte:#04x} at offset {offset} is not base64url")]
    InvalidByte {
        /// Offset of the byte in the input.
        offset: usize,
        /// The byte.
        byte: u8,
    },
    /// A length no encoding produces: one character left over after the last
    /// group of four.
    #[error("{length} base64url characters cannot encode whole octets")]
    InvalidLength {
        /// Number of characters without padding.
        length: usize,
    },
    /// `=` padding that is not one or two `=` completing the last group of four.
    #[error("misplaced or miscounted '=' padding")]
    InvalidPadding,
    /// The last character carries bits that are not zero, so the text is not
    /// the encoding of any octet string (RFC 4648 §3.5 lets decoders refuse it).
    #[error("non-zero bits after the last octet")]
    NonCanonical,
}

/// Encode `input` as base64url without `=` padding (RFC 7540 §3.2.1).
pub(crate) fn encode(input: &[u8]) -> String {
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    let mut chunks = input.chunks_exact(3);
    for chunk in &mut chunks {
        let n = u32::from(chunk[0]) << 16 | u32::from(chunk[1]) << 8 | u32::from(chunk[2]);
        push_sextets(&mut out, n, 4);
    }
    match *chunks.remainder() {
        [a] => push_sextets(&mut out, u32::from(a) << 16, 2),
        [a, b] => push_sextets(&mut out, u32::from(a) << 16 | u32::from(b) << 8, 3),
        _ => {}
    }
    out
}

/// Append the top `count` sextets of the 24-bit group `n`.
fn push_sextets(out: &mut String, n: u32, count: usize) {
    for i in 0..count {
        let sextet = (n >> (18 - 6 * i)) & 0x3f;
        out.push(char::from(ALPHABET[sextet as usize]));
    }
}

/// Decode base64url, with or without `=` padding.
///
/// Errors: [`Base64UrlError`]; the caller (the h2c upgrade on the server side)
/// reports it to the user and must not upgrade the connection.
pub(crate) fn decode(input: &[u8]) -> Result<Vec<u8>, Base64UrlError> {
    let body = strip_padding(input)?;
    if body.len() % 4 == 1 {
        return Err(Base64UrlError::InvalidLength { length: body.len() });
    }
    let mut out = Vec::with_capacity(body.len() / 4 * 3 + 2);
    let mut chunks = body.chunks_exact(4);
    let mut offset = 0;
    for chunk in &mut chunks {
        let n = sextets(chunk, offset)?;
        out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
        offset += 4;
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        // 2 characters carry 12 bits for 1 octet, 3 carry 18 bits for 2.
        let n = sextets(rest, offset)? << (6 * (4 - rest.len()));
        let octets = rest.len() - 1;
        let unused_bits_mask = (1u32 << (24 - 8 * octets)) - 1;
        if n & unused_bits_mask != 0 {
            return Err(Base64UrlError::NonCanonical);
        }
        out.push((n >> 16) as u8);
        if octets == 2 {
            out.push((n >> 8) as u8);
        }
    }
    Ok(out)
}

/// Remove a valid `=` padding, returning the characters before it.
fn strip_padding(input: &[u8]) -> Result<&[u8], Base64UrlError> {
    let pad = input.iter().rev().take_while(|&&b| b == b'=').count();
    if pad == 0 {
        return Ok(input);
    }
    let body = &input[..input.len() - pad];
    // Padding completes the final group: "xx==" or "xxx=".
    if pad > 2 || input.len() % 4 != 0 || body.len() % 4 != 4 - pad {
        return Err(Base64UrlError::InvalidPadding);
    }
    Ok(body)
}

/// The up to four sextets of `chunk`, packed big-endian into the low bits.
fn sextets(chunk: &[u8], offset: usize) -> Result<u32, Base64UrlError> {
    let mut n = 0u32;
    for (i, &byte) in chunk.iter().enumerate() {
        let value = DECODE[byte as usize];
        if value == INVALID {
            return Err(if byte == b'=' {
                Base64UrlError::InvalidPadding
            } else {
                Base64UrlError::InvalidByte {
                    offset: offset + i,
                    byte,
                }
            });
        }
        n = n << 6 | u32::from(value);
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// SETTINGS payload of Python h2's client `initiate_upgrade_connection()`
    /// (SPEC Appendix C), and the value it returns.
    const GOLDEN_PAYLOAD: &str = "000100001000000200000001000400\
        00ffff000500004000000800000000000300000064000600010000";
    const GOLDEN_HEADER: &str = "AAEAABAAAAIAAAABAAQAAP__AAUAAEAAAAgAAAAAAAMAAABkAAYAAQAA";

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    /// SPEC API-11 / Appendix C: the golden HTTP2-Settings value, both ways.
    #[test]
    fn api_11_golden_http2_settings_value_round_trips() {
        let payload = unhex(GOLDEN_PAYLOAD);
        assert_eq!(encode(&payload), GOLDEN_HEADER);
        assert_eq!(decode(GOLDEN_HEADER.as_bytes()), Ok(payload));
    }

    /// RFC 4648 §10 vectors, in the url alphabet, unpadded on output.
    #[test]
    fn rfc_4648_test_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, coded) in cases {
            assert_eq!(encode(plain.as_bytes()), coded);
            assert_eq!(decode(coded.as_bytes()).unwrap(), plain.as_bytes());
        }
    }

    /// The url alphabet's `-` and `_` stand for 62 and 63.
    #[test]
    fn url_alphabet_uses_dash_and_underscore() {
        assert_eq!(encode(&[0xfb, 0xff]), "-_8");
        assert_eq!(decode(b"-_8").unwrap(), [0xfb, 0xff]);
    }

    /// SPEC API-11: Python clients send `=` padding; it is accepted.
    #[test]
    fn api_11_padded_input_is_accepted() {
        assert_eq!(decode(b"Zg==").unwrap(), b"f");
        assert_eq!(decode(b"Zm8=").unwrap(), b"fo");
    }

    #[test]
    fn bad_padding_is_invalid_padding() {
        for input in [
            &b"Zg="[..],
            b"Zg===",
            b"Zm9v=",
            b"Zm8==",
            b"Z=g=",
            b"====",
            b"Zg==Zg==",
        ] {
            assert_eq!(
                decode(input),
                Err(Base64UrlError::InvalidPadding),
                "{input:?}"
            );
        }
    }

    #[test]
    fn plain_base64_and_whitespace_bytes_are_invalid() {
        assert_eq!(
            decode(b"ab+d"),
            Err(Base64UrlError::InvalidByte {
                offset: 2,
                byte: b'+'
            })
        );
        assert_eq!(
            decode(b"abcd/A"),
            Err(Base64UrlError::InvalidByte {
                offset: 4,
                byte: b'/'
            })
        );
        assert_eq!(
            decode(b"ab d"),
            Err(Base64UrlError::InvalidByte {
                offset: 2,
                byte: b' '
            })
        );
    }

    #[test]
    fn one_leftover_character_is_invalid_length() {
        assert_eq!(
            decode(b"Zm9vY"),
            Err(Base64UrlError::InvalidLength { length: 5 })
        );
    }

    /// "Zh" and "Zm9" carry set bits past the last octet (RFC 4648 §3.5).
    #[test]
    fn non_zero_trailing_bits_are_non_canonical() {
        assert_eq!(decode(b"Zh"), Err(Base64UrlError::NonCanonical));
        assert_eq!(decode(b"Zm9"), Err(Base64UrlError::NonCanonical));
    }

    proptest! {
        #[test]
        fn decode_inverts_encode(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let coded = encode(&bytes);
            prop_assert!(!coded.contains('='));
            prop_assert_eq!(decode(coded.as_bytes()).unwrap(), bytes.clone());
            let mut padded = coded.clone();
            while padded.len() % 4 != 0 {
                padded.push('=');
            }
            prop_assert_eq!(decode(padded.as_bytes()).unwrap(), bytes);
        }

        #[test]
        fn decode_never_panics(input in proptest::collection::vec(any::<u8>(), 0..64)) {
            let _ = decode(&input);
        }
    }
}
