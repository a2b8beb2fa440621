//! The syntax of one field line: what RFC 9113 §8.2 and §8.2.1 require of any
//! name and value, checked with the byte-class table.

use h2_hpack::HeaderField;

use super::charset::{first_illegal_value_byte, is_blank, is_name_byte, is_stripped, is_upper};
use super::error::{FieldPart, HeaderError};

/// Check the name and value of one field.
///
/// Names: non-empty (SPEC HDR-20), no surrounding whitespace (HDR-22),
/// lowercase (HDR-21), and only `tchar`s after an optional leading colon.
/// Values: no surrounding SP or HTAB, and only HTAB, SP, VCHAR and obs-text.
pub(crate) fn check(field: &HeaderField) -> Result<(), HeaderError> {
    check_name(&field.name)?;
    check_value(field)
}

fn check_name(name: &bytes::Bytes) -> Result<(), HeaderError> {
    let Some((&first, &last)) = name.first().zip(name.last()) else {
        return Err(HeaderError::EmptyName);
    };
    // A pseudo-header field's name is a colon then a token; RFC 9113 §8.2.1:
    // "With the exception of pseudo-header fields ..., which have a name that
    // starts with a single colon, field names MUST NOT include a colon".
    let body = if first == b':' { &name[1..] } else { &name[..] };
    if body.iter().all(|&b| is_name_byte(b)) {
        return Ok(());
    }
    if is_stripped(first) || is_stripped(last) {
        return Err(HeaderError::SurroundingWhitespace {
            name: name.clone(),
            part: FieldPart::Name,
        });
    }
    // RFC 9113 §8.2.1: "A field name MUST NOT contain characters in the
    // ranges 0x00-0x20, 0x41-0x5a, or 0x7f-0xff (all ranges inclusive)."
    // Report an uppercase letter as such only when it is the sole fault.
    if body.iter().all(|&b| is_name_byte(b) || is_upper(b)) {
        return Err(HeaderError::UppercaseName { name: name.clone() });
    }
    let byte = body
        .iter()
        .copied()
        .find(|&b| !is_name_byte(b) && !is_upper(b))
        .unwrap_or(first);
    Err(HeaderError::IllegalCharacter {
        name: name.clone(),
        part: FieldPart::Name,
        byte,
    })
}

fn check_value(field: &HeaderField) -> Result<(), HeaderError> {
    let value = &field.value;
    // RFC 9113 §8.2.1: "A field value MUST NOT start or end with an ASCII
    // whitespace character (ASCII SP or HTAB, 0x20 or 0x09)."
    if let Some((&first, &last)) = value.first().zip(value.last()) {
        if is_blank(first) || is_blank(last) {
            return Err(HeaderError::SurroundingWhitespace {
                name: field.name.clone(),
                part: FieldPart::Value,
            });
        }
    }
    // RFC 9113 §8.2.1: "A field value MUST NOT contain the zero value (ASCII
    // NUL, 0x00), line feed (ASCII LF, 0x0a), or carriage return (ASCII CR,
    // 0x0d) at any position." We apply the full RFC 9110 §5.5 grammar, as
    // §8.2.1 recommends, which also refuses the other controls and DEL.
    match first_illegal_value_byte(value) {
        None => Ok(()),
        Some(byte) => Err(HeaderError::IllegalCharacter {
            name: field.name.clone(),
            part: FieldPart::Value,
            byte,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &'static [u8], value: &'static [u8]) -> HeaderField {
        HeaderField::new(name, value)
    }

    fn illegal(name: &'static [u8], part: FieldPart, byte: u8) -> Result<(), HeaderError> {
        Err(HeaderError::IllegalCharacter {
            name: bytes::Bytes::from_static(name),
            part,
            byte,
        })
    }

    #[test]
    fn ordinary_fields_pass() {
        for (name, value) in [
            (&b":path"[..], &b"/a?b=c"[..]),
            (b"x-custom_1.2~", b"v a\tl\x80\xffue"),
            (b"empty-value", b""),
            (b"!#$%&'*+-.^_`|~", b"!"),
        ] {
            assert_eq!(
                check(&HeaderField::new(name.to_vec(), value.to_vec())),
                Ok(())
            );
        }
    }

    #[test]
    fn name_faults() {
        assert_eq!(check(&field(b"", b"v")), Err(HeaderError::EmptyName));
        assert_eq!(
            check(&field(b"X-Foo", b"v")),
            Err(HeaderError::UppercaseName {
                name: bytes::Bytes::from_static(b"X-Foo")
            })
        );
        assert_eq!(
            check(&field(b" x", b"v")),
            Err(HeaderError::SurroundingWhitespace {
                name: bytes::Bytes::from_static(b" x"),
                part: FieldPart::Name
            })
        );
        assert_eq!(
            check(&field(b"a:b", b"v")),
            illegal(b"a:b", FieldPart::Name, b':')
        );
        assert_eq!(
            check(&field(b"::path", b"v")),
            illegal(b"::path", FieldPart::Name, b':')
        );
        assert_eq!(
            check(&field(b"a b", b"v")),
            illegal(b"a b", FieldPart::Name, b' ')
        );
        assert_eq!(
            check(&field(b"a\x00", b"v")),
            illegal(b"a\x00", FieldPart::Name, 0)
        );
        assert_eq!(
            check(&field(b"X\x7f", b"v")),
            illegal(b"X\x7f", FieldPart::Name, 0x7f)
        );
        assert_eq!(
            check(&field(b"a\xe9", b"v")),
            illegal(b"a\xe9", FieldPart::Name, 0xe9)
        );
        assert_eq!(
            check(&field(b"a\"", b"v")),
            illegal(b"a\"", FieldPart::Name, b'"')
        );
    }

    #[test]
    fn value_faults() {
        for value in [&b" v"[..], b"v ", b"\tv", b"v\t", b" "] {
            assert_eq!(
                check(&HeaderField::new("n", value.to_vec())),
                Err(HeaderError::SurroundingWhitespace {
                    name: bytes::Bytes::from_static(b"n"),
                    part: FieldPart::Value
                }),
                "{value:?}"
            );
        }
        for (value, byte) in [
            (&b"a\x00b"[..], 0),
            (b"a\rb", b'\r'),
            (b"a\nb", b'\n'),
            (b"a\x01", 1),
            (b"\x7f", 0x7f),
            (b"a\r\n", b'\r'),
        ] {
            assert_eq!(
                check(&HeaderField::new("n", value.to_vec())),
                illegal(b"n", FieldPart::Value, byte),
                "{value:?}"
            );
        }
    }
}
