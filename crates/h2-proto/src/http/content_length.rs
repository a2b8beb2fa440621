//! `content-length` (RFC 9110 §8.6): one decimal number per block.

use super::charset::is_digit;
use super::error::HeaderError;

/// Parse one `content-length` field value: `1*DIGIT` that fits in a `u64`.
///
/// RFC 9110 §8.6: `Content-Length = 1*DIGIT`. Signs, whitespace, digit
/// separators and comma-separated lists are refused (SPEC Q-19: Python's
/// `int()` took `-1` and `1_0`).
pub(crate) fn parse(value: &[u8]) -> Result<u64, HeaderError> {
    if value.is_empty() {
        return Err(HeaderError::InvalidContentLength);
    }
    let mut n: u64 = 0;
    for &b in value {
        if !is_digit(b) {
            return Err(HeaderError::InvalidContentLength);
        }
        n = n
            .checked_mul(10)
            .and_then(|n| n.checked_add(u64::from(b - b'0')))
            .ok_or(HeaderError::InvalidContentLength)?;
    }
    Ok(n)
}

/// Fold one more `content-length` field into what the block has so far.
///
/// RFC 9110 §8.6: "a recipient MUST either reject the message as invalid or
/// replace the duplicated field values with a single valid Content-Length
/// field containing that decimal value". Identical values (as numbers) are
/// accepted; different ones are [`HeaderError::ConflictingContentLength`].
pub(crate) fn merge(seen: Option<u64>, value: &[u8]) -> Result<Option<u64>, HeaderError> {
    let n = parse(value)?;
    match seen {
        Some(previous) if previous != n => Err(HeaderError::ConflictingContentLength),
        _ => Ok(Some(n)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_digits_parse() {
        assert_eq!(parse(b"0"), Ok(0));
        assert_eq!(parse(b"42"), Ok(42));
        assert_eq!(parse(b"0042"), Ok(42));
        assert_eq!(parse(b"18446744073709551615"), Ok(u64::MAX));
    }

    /// SPEC Q-19: what Python's `int(v, 10)` accepted is refused.
    #[test]
    fn q_19_lenient_int_forms_are_invalid_content_length() {
        for value in [
            &b""[..],
            b"-1",
            b"+1",
            b"1_0",
            b" 1",
            b"1 ",
            b"1,1",
            b"0x10",
            b"1.0",
            b"\xd9\xa1",
        ] {
            assert_eq!(
                parse(value),
                Err(HeaderError::InvalidContentLength),
                "{value:?}"
            );
        }
    }

    #[test]
    fn overflowing_u64_is_invalid_content_length() {
        assert_eq!(
            parse(b"18446744073709551616"),
            Err(HeaderError::InvalidContentLength)
        );
        assert_eq!(
            parse(b"99999999999999999999999"),
            Err(HeaderError::InvalidContentLength)
        );
    }

    /// SPEC Q-19 / upstream 4.4.0: duplicates must agree; the first no longer wins.
    #[test]
    fn q_19_conflicting_duplicates_are_rejected_identical_accepted() {
        assert_eq!(merge(None, b"5"), Ok(Some(5)));
        assert_eq!(merge(Some(5), b"5"), Ok(Some(5)));
        assert_eq!(merge(Some(5), b"005"), Ok(Some(5)));
        assert_eq!(
            merge(Some(5), b"6"),
            Err(HeaderError::ConflictingContentLength)
        );
        assert_eq!(merge(Some(5), b"x"), Err(HeaderError::InvalidContentLength));
    }
}
