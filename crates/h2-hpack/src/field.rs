//! The header field: a name, a value and whether it may be indexed.

use bytes::Bytes;

/// One header field (RFC 7541 §1.3: a name-value pair), as decoded or to be
/// encoded.
///
/// Name and value are raw octets: HPACK does not care about their case or
/// character set (the HTTP/2 layer does). `sensitive` is the never-indexed
/// mark of RFC 7541 §6.2.3: the [`Encoder`](crate::Encoder) writes such a
/// field as a never-indexed literal and never adds it to its dynamic table,
/// and the [`Decoder`](crate::Decoder) sets it for fields that arrived as
/// never-indexed literals, so an intermediary can keep the mark.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct HeaderField {
    /// The field name.
    pub name: Bytes,
    /// The field value.
    pub value: Bytes,
    /// Never index this field (RFC 7541 §7.1.3), in this hop or the next.
    pub sensitive: bool,
}

/// Per-entry overhead added to name and value lengths (RFC 7541 §4.1; also
/// the per-field overhead of SETTINGS_MAX_HEADER_LIST_SIZE, RFC 9113 §6.5.2).
pub(crate) const ENTRY_OVERHEAD: usize = 32;

impl HeaderField {
    /// A field that the encoder may index.
    pub fn new(name: impl Into<Bytes>, value: impl Into<Bytes>) -> Self {
        Self {
            name: name.into(),
            value: value.into(),
            sensitive: false,
        }
    }

    /// A never-indexed field (RFC 7541 §6.2.3), for values such as
    /// credentials that must not be exposed to compression-based attacks.
    pub fn sensitive(name: impl Into<Bytes>, value: impl Into<Bytes>) -> Self {
        Self {
            name: name.into(),
            value: value.into(),
            sensitive: true,
        }
    }

    /// Length of name plus length of value plus 32: the size of the field as
    /// a dynamic table entry (RFC 7541 §4.1) and in the header list size
    /// (RFC 9113 §6.5.2).
    pub fn size(&self) -> usize {
        self.name
            .len()
            .saturating_add(self.value.len())
            .saturating_add(ENTRY_OVERHEAD)
    }

    /// The name as UTF-8 text, or the error saying where it is not UTF-8.
    ///
    /// HPACK carries octets, so decoding gives `Bytes`; this is the one-line
    /// way to text that Python h2's `header_encoding` option provided, without
    /// a connection-wide setting or a copy. (HTTP/2 names are lowercase
    /// ASCII once `h2-proto` has validated them, so this only fails on
    /// fields that were not validated.)
    ///
    /// ```
    /// use h2_hpack::HeaderField;
    /// let field = HeaderField::new("content-type", &b"text/\xff"[..]);
    /// assert_eq!(field.name_str(), Ok("content-type"));
    /// assert!(field.value_str().is_err());
    /// ```
    pub fn name_str(&self) -> Result<&str, core::str::Utf8Error> {
        core::str::from_utf8(&self.name)
    }

    /// The value as UTF-8 text, or the error saying where it is not UTF-8.
    ///
    /// Field values may carry octets above 0x7f (RFC 9110 §5.5 calls them
    /// obs-text), so a value that is valid HTTP can still fail here; keep
    /// [`value`](Self::value) when the octets matter.
    pub fn value_str(&self) -> Result<&str, core::str::Utf8Error> {
        core::str::from_utf8(&self.value)
    }
}

impl From<(&'static str, &'static str)> for HeaderField {
    fn from((name, value): (&'static str, &'static str)) -> Self {
        Self::new(name, value)
    }
}

impl core::fmt::Debug for HeaderField {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let mut s = f.debug_struct("HeaderField");
        s.field("name", &self.name);
        // Keep secrets out of logs: a sensitive value is not printed.
        if self.sensitive {
            s.field("value", &"<sensitive>");
        } else {
            s.field("value", &self.value);
        }
        s.field("sensitive", &self.sensitive).finish()
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for HeaderField {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        let name: alloc::vec::Vec<u8> = u.arbitrary()?;
        let value: alloc::vec::Vec<u8> = u.arbitrary()?;
        Ok(Self {
            name: Bytes::from(name),
            value: Bytes::from(value),
            sensitive: u.arbitrary()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_counts_name_value_and_32_octets() {
        assert_eq!(HeaderField::new("custom-key", "custom-header").size(), 55);
        assert_eq!(HeaderField::new("", "").size(), 32);
    }

    #[test]
    fn constructors_set_the_never_index_mark() {
        assert!(!HeaderField::new("a", "b").sensitive);
        assert!(HeaderField::sensitive("a", "b").sensitive);
        assert_eq!(HeaderField::from(("a", "b")), HeaderField::new("a", "b"));
    }

    /// The `header_encoding` replacement: text views of valid UTF-8, the
    /// position of the first bad octet otherwise.
    #[test]
    fn str_views_decode_utf8_and_report_where_it_breaks() {
        let field = HeaderField::new("x-name", "caf\u{e9}");
        assert_eq!(field.name_str(), Ok("x-name"));
        assert_eq!(field.value_str(), Ok("caf\u{e9}"));

        let field = HeaderField::new(&b"x-\xc3"[..], &b"ok\xffok"[..]);
        assert_eq!(field.name_str().map_err(|e| e.valid_up_to()), Err(2));
        assert_eq!(field.value_str().map_err(|e| e.valid_up_to()), Err(2));
        assert_eq!(HeaderField::new("", "").value_str(), Ok(""));
    }

    #[test]
    fn debug_hides_sensitive_values() {
        let shown = alloc::format!("{:?}", HeaderField::sensitive("authorization", "secret"));
        assert!(!shown.contains("secret"));
    }
}
