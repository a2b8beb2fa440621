//! Just enough of a Structured Field parser (RFC 8941, with RFC 9651's Date
//! and Display String) to read a Dictionary without allocating: every member
//! is checked against the grammar, and the caller sees each key with its
//! value when that value is an Integer or a Boolean.
//!
//! Validating all of the field matters: RFC 8941 §4.2 makes the whole field
//! fail to parse when any part of it is malformed, even a member the caller
//! does not know.

use super::charset::{is_digit, is_tchar};

/// The parts of a member value a caller can act on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BareValue {
    /// An sf-integer.
    Integer(i64),
    /// An sf-boolean; a key without `=value` is `true`.
    Boolean(bool),
    /// Anything else: decimal, string, token, byte sequence, date, display
    /// string, or an inner list.
    Other,
}

/// The field failed to parse (RFC 8941 §4.2): the caller ignores it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Malformed;

type Parsed<T> = Result<T, Malformed>;

/// Parse `input` as an sf-dictionary, calling `member(key, value)` for each
/// member in order (parameters are checked and skipped). Later duplicates
/// override earlier ones in RFC 8941's model, so a caller that keeps the last
/// value seen for a key gets the right answer.
///
/// On `Err` the field is malformed as a whole; `member` may have been called
/// for members before the fault and the caller must discard what it kept.
pub(crate) fn parse_dictionary(
    input: &[u8],
    mut member: impl FnMut(&[u8], BareValue),
) -> Parsed<()> {
    let mut p = Cursor { input, pos: 0 };
    // §4.2: discard leading SP; after the value, discard leading SP; then
    // anything left fails.
    p.skip_sp();
    while !p.at_end() {
        let key = p.key()?;
        let value = if p.eat(b'=') {
            p.item_or_inner_list()?
        } else {
            p.parameters()?;
            BareValue::Boolean(true)
        };
        member(key, value);
        p.skip_ows();
        if p.at_end() {
            break;
        }
        if !p.eat(b',') {
            return Err(Malformed);
        }
        p.skip_ows();
        if p.at_end() {
            // A trailing comma.
            return Err(Malformed);
        }
    }
    Ok(())
}

struct Cursor<'a> {
    input: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn at_end(&self) -> bool {
        self.pos >= self.input.len()
    }

    fn peek(&self) -> Option<u8> {
        self.input.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        Some(b)
    }

    fn eat(&mut self, want: u8) -> bool {
        if self.peek() == Some(want) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn skip_sp(&mut self) {
        while self.eat(b' ') {}
    }

    fn skip_ows(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    /// key = ( lcalpha / "*" ) *( lcalpha / DIGIT / "_" / "-" / "." / "*" )  (§4.2.3.3)
    fn key(&mut self) -> Parsed<&'a [u8]> {
        let start = self.pos;
        match self.peek() {
            Some(b'a'..=b'z' | b'*') => self.pos += 1,
            _ => return Err(Malformed),
        }
        while matches!(
            self.peek(),
            Some(b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-' | b'.' | b'*')
        ) {
            self.pos += 1;
        }
        Ok(&self.input[start..self.pos])
    }

    /// §4.2.1.1: an inner list or an item; for an inner list, `Other`.
    fn item_or_inner_list(&mut self) -> Parsed<BareValue> {
        if self.peek() == Some(b'(') {
            self.inner_list()?;
            Ok(BareValue::Other)
        } else {
            let value = self.bare_item()?;
            self.parameters()?;
            Ok(value)
        }
    }

    /// §4.2.1.2: "(" *SP [ item *( 1*SP item ) *SP ] ")" parameters
    fn inner_list(&mut self) -> Parsed<()> {
        if !self.eat(b'(') {
            return Err(Malformed);
        }
        loop {
            self.skip_sp();
            if self.eat(b')') {
                return self.parameters();
            }
            self.bare_item()?;
            self.parameters()?;
            match self.peek() {
                Some(b' ' | b')') => {}
                _ => return Err(Malformed),
            }
        }
    }

    /// §4.2.3.2: *( ";" *SP key [ "=" bare-item ] )
    fn parameters(&mut self) -> Parsed<()> {
        while self.eat(b';') {
            self.skip_sp();
            self.key()?;
            if self.eat(b'=') {
                self.bare_item()?;
            }
        }
        Ok(())
    }

    /// §4.2.3.1, plus RFC 9651 §4.2.3.1's `@` date and `%` display string.
    fn bare_item(&mut self) -> Parsed<BareValue> {
        match self.peek() {
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'"') => self.string().map(|()| BareValue::Other),
            Some(b'*' | b'a'..=b'z' | b'A'..=b'Z') => self.token().map(|()| BareValue::Other),
            Some(b':') => self.byte_sequence().map(|()| BareValue::Other),
            Some(b'?') => self.boolean().map(BareValue::Boolean),
            Some(b'@') => {
                self.pos += 1;
                match self.number()? {
                    BareValue::Integer(_) => Ok(BareValue::Other),
                    _ => Err(Malformed),
                }
            }
            Some(b'%') => self.display_string().map(|()| BareValue::Other),
            _ => Err(Malformed),
        }
    }

    /// §4.2.4: an sf-integer (up to 15 digits) or sf-decimal (up to 12
    /// integer and 1 to 3 fraction digits).
    fn number(&mut self) -> Parsed<BareValue> {
        let negative = self.eat(b'-');
        if !self.peek().is_some_and(is_digit) {
            return Err(Malformed);
        }
        let mut magnitude: i64 = 0;
        let mut digits = 0usize;
        let mut fraction_digits: Option<usize> = None;
        while let Some(b) = self.peek() {
            if is_digit(b) {
                self.pos += 1;
                match &mut fraction_digits {
                    Some(n) => *n += 1,
                    None => magnitude = magnitude * 10 + i64::from(b - b'0'),
                }
                digits += 1;
            } else if b == b'.' && fraction_digits.is_none() {
                if digits > 12 {
                    return Err(Malformed);
                }
                self.pos += 1;
                fraction_digits = Some(0);
            } else {
                break;
            }
            // Length limits count the characters read, the dot included.
            let length = digits + usize::from(fraction_digits.is_some());
            if fraction_digits.is_none() && length > 15 || length > 16 {
                return Err(Malformed);
            }
        }
        match fraction_digits {
            None => Ok(BareValue::Integer(if negative {
                -magnitude
            } else {
                magnitude
            })),
            Some(1..=3) => Ok(BareValue::Other),
            Some(_) => Err(Malformed),
        }
    }

    /// §4.2.5: DQUOTE *( unescaped / "\" ( DQUOTE / "\" ) ) DQUOTE, printable ASCII.
    fn string(&mut self) -> Parsed<()> {
        if !self.eat(b'"') {
            return Err(Malformed);
        }
        loop {
            match self.next().ok_or(Malformed)? {
                b'\\' => match self.next() {
                    Some(b'"' | b'\\') => {}
                    _ => return Err(Malformed),
                },
                b'"' => return Ok(()),
                0x20..=0x7e => {}
                _ => return Err(Malformed),
            }
        }
    }

    /// §4.2.6: ( ALPHA / "*" ) *( tchar / ":" / "/" )
    fn token(&mut self) -> Parsed<()> {
        match self.next() {
            Some(b'*' | b'a'..=b'z' | b'A'..=b'Z') => {}
            _ => return Err(Malformed),
        }
        while self
            .peek()
            .is_some_and(|b| is_tchar(b) || b == b':' || b == b'/')
        {
            self.pos += 1;
        }
        Ok(())
    }

    /// §4.2.7: ":" *(base64 characters) ":"
    fn byte_sequence(&mut self) -> Parsed<()> {
        if !self.eat(b':') {
            return Err(Malformed);
        }
        loop {
            match self.next().ok_or(Malformed)? {
                b':' => return Ok(()),
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'+' | b'/' | b'=' => {}
                _ => return Err(Malformed),
            }
        }
    }

    /// §4.2.8: "?" ( "0" / "1" )
    fn boolean(&mut self) -> Parsed<bool> {
        if !self.eat(b'?') {
            return Err(Malformed);
        }
        match self.next() {
            Some(b'1') => Ok(true),
            Some(b'0') => Ok(false),
            _ => Err(Malformed),
        }
    }

    /// RFC 9651 §4.2.10: "%" DQUOTE *( unescaped / "\" / pct-encoded ) DQUOTE,
    /// where the percent-decoded octets must be UTF-8.
    fn display_string(&mut self) -> Parsed<()> {
        if !(self.eat(b'%') && self.eat(b'"')) {
            return Err(Malformed);
        }
        let mut utf8 = Utf8Check::default();
        loop {
            let octet = match self.next().ok_or(Malformed)? {
                b'"' => {
                    return if utf8.is_complete() {
                        Ok(())
                    } else {
                        Err(Malformed)
                    }
                }
                b'%' => {
                    let hi = lower_hex(self.next())?;
                    let lo = lower_hex(self.next())?;
                    hi << 4 | lo
                }
                b @ 0x20..=0x7e => b,
                _ => return Err(Malformed),
            };
            utf8.push(octet)?;
        }
    }
}

fn lower_hex(b: Option<u8>) -> Parsed<u8> {
    match b {
        Some(b @ b'0'..=b'9') => Ok(b - b'0'),
        Some(b @ b'a'..=b'f') => Ok(b - b'a' + 10),
        _ => Err(Malformed),
    }
}

/// Incremental UTF-8 well-formedness (RFC 3629 §4), so a display string is
/// checked without collecting its octets.
#[derive(Default)]
struct Utf8Check {
    /// Continuation octets still expected.
    pending: u8,
    /// Allowed range of the next continuation octet (tightened after some lead octets).
    low: u8,
    high: u8,
}

impl Utf8Check {
    fn push(&mut self, b: u8) -> Parsed<()> {
        if self.pending > 0 {
            if b < self.low || b > self.high {
                return Err(Malformed);
            }
            self.pending -= 1;
            self.low = 0x80;
            self.high = 0xbf;
            return Ok(());
        }
        let (pending, low, high) = match b {
            0x00..=0x7f => (0, 0x80, 0xbf),
            0xc2..=0xdf => (1, 0x80, 0xbf),
            0xe0 => (2, 0xa0, 0xbf),
            0xe1..=0xec | 0xee..=0xef => (2, 0x80, 0xbf),
            0xed => (2, 0x80, 0x9f),
            0xf0 => (3, 0x90, 0xbf),
            0xf1..=0xf3 => (3, 0x80, 0xbf),
            0xf4 => (3, 0x80, 0x8f),
            _ => return Err(Malformed),
        };
        self.pending = pending;
        self.low = low;
        self.high = high;
        Ok(())
    }

    fn is_complete(&self) -> bool {
        self.pending == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn members(input: &str) -> Parsed<Vec<(String, BareValue)>> {
        let mut out = Vec::new();
        parse_dictionary(input.as_bytes(), |k, v| {
            out.push((String::from_utf8(k.to_vec()).unwrap(), v));
        })?;
        Ok(out)
    }

    #[test]
    fn integers_booleans_and_bare_keys() {
        let got = members("u=5, i, x=?0, y=-12").unwrap();
        let want = [
            ("u", BareValue::Integer(5)),
            ("i", BareValue::Boolean(true)),
            ("x", BareValue::Boolean(false)),
            ("y", BareValue::Integer(-12)),
        ];
        let want: Vec<_> = want.iter().map(|(k, v)| (k.to_string(), *v)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn every_other_item_type_parses_as_other() {
        let input = r#"a=1.5, b="q\"\\", c=tok/en:x, d=:aGk=:, e=@1659578233, f=%"f%c3%bc", g=(1 "x" t;p=2);q, h;p=1;r"#;
        let got = members(input).unwrap();
        let values: Vec<_> = got.iter().map(|(_, v)| *v).collect();
        assert_eq!(
            values,
            [
                BareValue::Other,
                BareValue::Other,
                BareValue::Other,
                BareValue::Other,
                BareValue::Other,
                BareValue::Other,
                BareValue::Other,
                BareValue::Boolean(true)
            ]
        );
    }

    #[test]
    fn whitespace_rules() {
        assert!(members("  u=1").is_ok());
        assert!(members("u=1 ,\ti").is_ok());
        assert!(members("").unwrap().is_empty());
        assert!(members("   ").unwrap().is_empty());
        assert_eq!(
            members("u=1 "),
            Ok(vec![("u".into(), BareValue::Integer(1))])
        );
        assert_eq!(
            members("u=1\t"),
            Ok(vec![("u".into(), BareValue::Integer(1))])
        );
    }

    #[test]
    fn malformed_dictionaries_fail() {
        for input in [
            "u=1,",
            ",u=1",
            "u=1,,i",
            "U=1",
            "1u=1",
            "u=",
            "u=1 i",
            "u=1;",
            "u=?2",
            "u=1234567890123456",
            "u=1234567890123.5",
            "u=1.",
            "u=1.2345",
            "u=-",
            "u=\"open",
            "u=\"bad\\n\"",
            "u=:a-b:",
            "u=:open",
            "u=(1 2",
            "u=(1,2)",
            "u=@1.5",
            "u=%\"%C3%BC\"",
            "u=%\"%c3\"",
            "u=%\"%ff\"",
            "u=#",
        ] {
            assert_eq!(members(input), Err(Malformed), "{input:?}");
        }
    }

    #[test]
    fn integer_length_limits() {
        assert_eq!(
            members("u=999999999999999").unwrap()[0].1,
            BareValue::Integer(999_999_999_999_999)
        );
        assert_eq!(
            members("u=-999999999999999").unwrap()[0].1,
            BareValue::Integer(-999_999_999_999_999)
        );
        assert_eq!(
            members("u=123456789012.123").unwrap()[0].1,
            BareValue::Other
        );
    }

    #[test]
    fn parser_never_panics_on_any_two_byte_input() {
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                let _ = parse_dictionary(&[b'u', b'=', a, b], |_, _| {});
            }
        }
    }
}
