//! Byte classes of HTTP field syntax, as one 256-entry table built at compile
//! time, so each check is a load and a mask instead of a chain of ranges.

/// A lowercase `tchar` (RFC 9110 §5.6.2): allowed in an HTTP/2 field name.
const NAME: u8 = 1 << 0;
/// An ASCII uppercase letter: a `tchar`, but not allowed in HTTP/2 names.
const UPPER: u8 = 1 << 1;
/// Allowed anywhere in a field value: HTAB, SP, VCHAR, obs-text (RFC 9110 §5.5).
const VALUE: u8 = 1 << 2;
/// SP or HTAB: allowed inside a value, not at either end (RFC 9113 §8.2.1).
const BLANK: u8 = 1 << 3;
/// Allowed after the first letter of a URI scheme (RFC 3986 §3.1).
const SCHEME: u8 = 1 << 4;
/// What Python's `bytes.strip()` removes: SP, HTAB, LF, VT, FF, CR.
const STRIPPED: u8 = 1 << 5;
/// ASCII digit.
const DIGIT: u8 = 1 << 6;
/// Allowed in an authority (RFC 3986 §3.2): unreserved, pct-encoded,
/// sub-delims, ":", "@", "[" and "]".
const AUTHORITY: u8 = 1 << 7;

const fn build() -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        let mut class = 0;
        let lower_or_digit = b.is_ascii_lowercase() || b.is_ascii_digit();
        let tchar_symbol = matches!(
            b,
            b'!' | b'#'
                | b'$'
                | b'%'
                | b'&'
                | b'\''
                | b'*'
                | b'+'
                | b'-'
                | b'.'
                | b'^'
                | b'_'
                | b'`'
                | b'|'
                | b'~'
        );
        if lower_or_digit || tchar_symbol {
            class |= NAME;
        }
        if b.is_ascii_uppercase() {
            class |= UPPER;
        }
        if b == b'\t' || (b >= 0x20 && b != 0x7f) {
            class |= VALUE;
        }
        if b == b' ' || b == b'\t' {
            class |= BLANK;
        }
        if b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.') {
            class |= SCHEME;
        }
        if matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r') {
            class |= STRIPPED;
        }
        if b.is_ascii_digit() {
            class |= DIGIT;
        }
        let authority_symbol = matches!(
            b,
            b'-' | b'.'
                | b'_'
                | b'~'
                | b'%'
                | b'!'
                | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
                | b':'
                | b'@'
                | b'['
                | b']'
        );
        if b.is_ascii_alphanumeric() || authority_symbol {
            class |= AUTHORITY;
        }
        table[i] = class;
        i += 1;
    }
    table
}

static CLASS: [u8; 256] = build();

#[inline]
fn has(b: u8, class: u8) -> bool {
    CLASS[b as usize] & class != 0
}

/// A byte allowed in an HTTP/2 field name: a lowercase `tchar`.
#[inline]
pub(crate) fn is_name_byte(b: u8) -> bool {
    has(b, NAME)
}

/// An ASCII uppercase letter.
#[inline]
pub(crate) fn is_upper(b: u8) -> bool {
    has(b, UPPER)
}

/// A `tchar` of either case (RFC 9110 §5.6.2), as in a method token.
#[inline]
pub(crate) fn is_tchar(b: u8) -> bool {
    has(b, NAME | UPPER)
}

/// A byte allowed somewhere in a field value.
#[inline]
pub(crate) fn is_value_byte(b: u8) -> bool {
    has(b, VALUE)
}

/// SP or HTAB.
#[inline]
pub(crate) fn is_blank(b: u8) -> bool {
    has(b, BLANK)
}

/// A byte allowed after the first letter of a URI scheme.
#[inline]
pub(crate) fn is_scheme_byte(b: u8) -> bool {
    has(b, SCHEME)
}

/// ASCII whitespace as outbound normalisation strips it (HDR-41).
#[inline]
pub(crate) fn is_stripped(b: u8) -> bool {
    has(b, STRIPPED)
}

/// An ASCII digit.
#[inline]
pub(crate) fn is_digit(b: u8) -> bool {
    has(b, DIGIT)
}

/// The first byte of `value` that may not appear in a field value, if any.
///
/// Values are the bulk of a header block, so this tests eight bytes at a time
/// (SWAR on a `u64`): a word with no byte below 0x20 and no DEL is clean, and
/// only a word that fails (a HTAB, or a real fault) is looked at byte by byte.
pub(crate) fn first_illegal_value_byte(value: &[u8]) -> Option<u8> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let mut words = value.chunks_exact(8);
    for word in &mut words {
        let x = u64::from_ne_bytes([
            word[0], word[1], word[2], word[3], word[4], word[5], word[6], word[7],
        ]);
        // Some byte is below 0x20 (the classic "has less than n" test).
        let control = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
        // Some byte equals 0x7f ("has zero byte" on x XOR 0x7f7f...).
        let y = x ^ (ONES * 0x7f);
        let del = y.wrapping_sub(ONES) & !y & HIGH;
        if control | del != 0 {
            if let Some(b) = word.iter().copied().find(|&b| !is_value_byte(b)) {
                return Some(b);
            }
        }
    }
    words
        .remainder()
        .iter()
        .copied()
        .find(|&b| !is_value_byte(b))
}

/// A byte allowed in an authority or a Host value.
#[inline]
pub(crate) fn is_authority_byte(b: u8) -> bool {
    has(b, AUTHORITY)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table agrees with the RFC grammars written out as ranges, for all 256 bytes.
    #[test]
    fn every_byte_is_classified_as_the_grammars_say() {
        for b in 0..=255u8 {
            let tchar = b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
            assert_eq!(is_tchar(b), tchar, "tchar {b:#04x}");
            assert_eq!(
                is_name_byte(b),
                tchar && !b.is_ascii_uppercase(),
                "name {b:#04x}"
            );
            assert_eq!(is_upper(b), b.is_ascii_uppercase(), "upper {b:#04x}");
            let vchar = (0x21..=0x7e).contains(&b);
            let obs_text = b >= 0x80;
            assert_eq!(
                is_value_byte(b),
                vchar || obs_text || b == b' ' || b == b'\t',
                "value {b:#04x}"
            );
            assert_eq!(is_blank(b), b == b' ' || b == b'\t', "blank {b:#04x}");
            assert_eq!(
                is_scheme_byte(b),
                b.is_ascii_alphanumeric() || b"+-.".contains(&b),
                "scheme {b:#04x}"
            );
            assert_eq!(
                is_stripped(b),
                b.is_ascii_whitespace() || b == 0x0b,
                "stripped {b:#04x}"
            );
            assert_eq!(is_digit(b), b.is_ascii_digit(), "digit {b:#04x}");
            let authority = b.is_ascii_alphanumeric() || b"-._~%!$&'()*+,;=:@[]".contains(&b);
            assert_eq!(is_authority_byte(b), authority, "authority {b:#04x}");
        }
    }

    /// RFC 9113 §8.2.1's minimal ranges are all refused in names.
    #[test]
    fn rfc_9113_forbidden_name_ranges_are_not_name_bytes() {
        for b in (0x00..=0x20)
            .chain(0x41..=0x5a)
            .chain(0x7f..=0xff)
            .chain([b':'])
        {
            assert!(!is_name_byte(b), "{b:#04x}");
        }
    }

    /// The word-at-a-time scan finds the same byte as a plain scan, for every
    /// byte value at every position of values up to 19 bytes long.
    #[test]
    fn swar_value_scan_agrees_with_the_table() {
        for len in 1..20 {
            for at in 0..len {
                for b in 0..=255u8 {
                    let mut value = vec![b'a'; len];
                    value[at] = b;
                    let plain = value.iter().copied().find(|&b| !is_value_byte(b));
                    assert_eq!(
                        first_illegal_value_byte(&value),
                        plain,
                        "len {len} at {at} byte {b:#04x}"
                    );
                }
            }
        }
        let mixed = b"a\tb\x80\xff~ c\td\x7f".to_vec();
        assert_eq!(first_illegal_value_byte(&mixed), Some(0x7f));
        assert_eq!(first_illegal_value_byte(b"\t\t\t\t\t\t\t\t\t"), None);
        assert_eq!(first_illegal_value_byte(b""), None);
    }

    /// NUL, CR and LF are never value bytes (RFC 9113 §8.2.1).
    #[test]
    fn nul_cr_lf_are_not_value_bytes() {
        for b in [0x00, b'\r', b'\n'] {
            assert!(!is_value_byte(b));
        }
    }
}
