//! Normalisation: cookie joining on received blocks (SPEC §6.2), and
//! lowercasing, stripping, dropping, cookie splitting and never-index marking
//! on blocks to send (SPEC §6.4).

use bytes::{BufMut, Bytes, BytesMut};
use h2_hpack::HeaderField;

use super::charset::{is_stripped, is_upper};
use super::validate::is_connection_specific;

/// RFC 9113 §8.2.3: the delimiter between cookie crumbs.
const CRUMB_DELIMITER: &[u8] = b"; ";

/// Cookies shorter than this are marked never-indexed (SPEC HDR-43): short
/// values are the ones a compression oracle (CRIME) can guess.
const SHORT_COOKIE: usize = 20;

/// Join the `cookie` fields of a received block into one (SPEC HDR-10).
///
/// RFC 9113 §8.2.3: "If there are multiple Cookie header fields after
/// decompression, these MUST be concatenated into a single octet string using
/// the two-octet delimiter of 0x3b, 0x20 (the ASCII string "; ")".
///
/// The joined field takes the place of the first crumb (SPEC Q-21: not moved
/// to the end) and is marked sensitive, as Python h2 does. A single cookie
/// field is left as it is. Allocates only when there are two or more crumbs.
pub(crate) fn join_cookies(fields: &mut Vec<HeaderField>) {
    let mut crumbs = 0usize;
    let mut length = 0usize;
    let mut first = None;
    for (i, field) in fields.iter().enumerate() {
        if is_cookie(field) {
            crumbs += 1;
            length += field.value.len();
            first.get_or_insert(i);
        }
    }
    let Some(first) = first else { return };
    if crumbs < 2 {
        return;
    }
    let mut joined = BytesMut::with_capacity(length + CRUMB_DELIMITER.len() * (crumbs - 1));
    for (n, field) in fields.iter().filter(|f| is_cookie(f)).enumerate() {
        if n > 0 {
            joined.put_slice(CRUMB_DELIMITER);
        }
        joined.put_slice(&field.value);
    }
    fields[first].value = joined.freeze();
    fields[first].sensitive = true;
    let mut index = 0;
    fields.retain(|field| {
        let keep = index <= first || !is_cookie(field);
        index += 1;
        keep
    });
}

fn is_cookie(field: &HeaderField) -> bool {
    &field.name[..] == b"cookie"
}

/// Normalise a block to send, in place (SPEC HDR-40..HDR-43): lowercase
/// names, strip surrounding whitespace from names and values, drop
/// connection-specific fields, and mark `authorization`,
/// `proxy-authorization` and short `cookie` values never-indexed.
///
/// Stripping slices. Names with uppercase letters are lowercased into one
/// buffer shared by the whole block, so an HTTP/1-style block costs one or
/// two allocations, not one per field; an already-normal block costs none.
pub(crate) fn normalize_outbound(fields: &mut Vec<HeaderField>) {
    let mut lowered: Option<BytesMut> = None;
    let mut any_dropped = false;
    for i in 0..fields.len() {
        // HDR-41: strip surrounding whitespace (Python's bytes.strip() set).
        strip(&mut fields[i].name);
        strip(&mut fields[i].value);
        // HDR-40; RFC 9113 §8.2: "Field names MUST be converted to lowercase
        // when constructing an HTTP/2 message."
        if fields[i].name.iter().any(|&b| is_upper(b)) {
            // Room for this and every later name: an upper bound, as later
            // names only shrink when stripped.
            let buffer = lowered.get_or_insert_with(|| {
                BytesMut::with_capacity(fields[i..].iter().map(|f| f.name.len()).sum())
            });
            buffer.extend(fields[i].name.iter().map(u8::to_ascii_lowercase));
            fields[i].name = buffer.split().freeze();
        }
        // HDR-42; RFC 9113 §8.2.2: "An endpoint MUST NOT generate an HTTP/2
        // message containing connection-specific header fields."
        if is_connection_specific(&fields[i].name) {
            any_dropped = true;
        } else {
            mark_sensitive(&mut fields[i]);
        }
    }
    if any_dropped {
        fields.retain(|field| !is_connection_specific(&field.name));
    }
}

/// HDR-43: credentials and short cookies are never indexed. A field already
/// marked stays marked.
fn mark_sensitive(field: &mut HeaderField) {
    let secret = match &field.name[..] {
        b"authorization" | b"proxy-authorization" => true,
        b"cookie" => field.value.len() < SHORT_COOKIE,
        _ => false,
    };
    field.sensitive |= secret;
}

fn strip(bytes: &mut Bytes) {
    // Nearly every field is already clean: look at the two ends first.
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return;
    };
    if !is_stripped(first) && !is_stripped(last) {
        return;
    }
    let start = bytes
        .iter()
        .position(|&b| !is_stripped(b))
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|&b| !is_stripped(b))
        .map_or(start, |i| i + 1);
    if start > 0 || end < bytes.len() {
        *bytes = bytes.slice(start..end);
    }
}

/// Split each `cookie` field into one field per crumb (RFC 9113 §8.2.3: "the
/// Cookie header field MAY be split into separate header fields"), so HPACK
/// can index crumbs apart (upstream h2 4.2.0's `split_outbound_cookies`).
///
/// Crumbs are slices of the original value and keep its sensitive mark; with
/// `mark_short` (normalisation on) each short crumb is marked never-indexed
/// too (HDR-43 applies to what goes on the wire). Returns the list unchanged,
/// without allocating, when no cookie has a delimiter.
pub(crate) fn split_cookies(fields: Vec<HeaderField>, mark_short: bool) -> Vec<HeaderField> {
    let extra: usize = fields
        .iter()
        .filter(|f| is_cookie(f))
        .map(|f| crumbs(&f.value).count() - 1)
        .sum();
    if extra == 0 {
        return fields;
    }
    let mut out = Vec::with_capacity(fields.len() + extra);
    for field in fields {
        if !is_cookie(&field) {
            out.push(field);
            continue;
        }
        for crumb in crumbs(&field.value) {
            let sensitive = field.sensitive || (mark_short && crumb.len() < SHORT_COOKIE);
            out.push(HeaderField {
                name: field.name.clone(),
                value: crumb,
                sensitive,
            });
        }
    }
    out
}

/// The crumbs of a cookie value, split on "; ", as slices of it.
fn crumbs(value: &Bytes) -> impl Iterator<Item = Bytes> + '_ {
    let mut rest = 0usize;
    let mut done = false;
    core::iter::from_fn(move || {
        if done {
            return None;
        }
        let tail = &value[rest..];
        let start = rest;
        match tail
            .windows(CRUMB_DELIMITER.len())
            .position(|w| w == CRUMB_DELIMITER)
        {
            Some(at) => {
                rest = start + at + CRUMB_DELIMITER.len();
                Some(value.slice(start..start + at))
            }
            None => {
                done = true;
                Some(value.slice(start..))
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(name: &'static str, value: &'static str) -> HeaderField {
        HeaderField::new(name, value)
    }

    #[test]
    fn crumbs_split_on_semicolon_space_only() {
        let split: Vec<_> = crumbs(&Bytes::from_static(b"a=b; c=d;e=f; ; g")).collect();
        assert_eq!(split, [&b"a=b"[..], b"c=d;e=f", b"", b"g"]);
        let one: Vec<_> = crumbs(&Bytes::from_static(b"")).collect();
        assert_eq!(one, [&b""[..]]);
    }

    #[test]
    fn strip_removes_python_whitespace_at_both_ends_only() {
        let mut b = Bytes::from_static(b" \t\r\n\x0b\x0ca b\x0c\x0b\n\r\t ");
        strip(&mut b);
        assert_eq!(b, &b"a b"[..]);
        let mut blank = Bytes::from_static(b"  ");
        strip(&mut blank);
        assert_eq!(blank, &b""[..]);
    }

    /// Several names lowercased through the shared buffer each keep their
    /// own bytes; dropped fields go, order stays.
    #[test]
    fn many_uppercase_names_lowercase_independently() {
        let mut fields = vec![
            f("Accept", "A"),
            f(" Connection ", "close"),
            f("X-Long-Header-Name", "B"),
            f("te", "trailers"),
            f("Cookie", "c=1"),
            f("Upgrade", "h2c"),
        ];
        normalize_outbound(&mut fields);
        let expected = [
            f("accept", "A"),
            f("x-long-header-name", "B"),
            f("te", "trailers"),
            HeaderField::sensitive("cookie", "c=1"),
        ];
        assert_eq!(fields, expected);
    }

    #[test]
    fn single_cookie_is_left_alone() {
        let mut fields = vec![f("cookie", "a=b"), f("x", "y")];
        join_cookies(&mut fields);
        assert_eq!(fields, [f("cookie", "a=b"), f("x", "y")]);
    }
}
