//! The static table (RFC 7541 §2.3.1, Appendix A) and its name index.

use crate::hash;

/// Number of entries; dynamic table indices start after it (RFC 7541 §2.3.3).
pub(crate) const LEN: usize = 61;

/// RFC 7541 Appendix A; entry `i` here has HPACK index `i + 1`.
pub(crate) static ENTRIES: [(&[u8], &[u8]); LEN] = [
    (b":authority", b""),
    (b":method", b"GET"),
    (b":method", b"POST"),
    (b":path", b"/"),
    (b":path", b"/index.html"),
    (b":scheme", b"http"),
    (b":scheme", b"https"),
    (b":status", b"200"),
    (b":status", b"204"),
    (b":status", b"206"),
    (b":status", b"304"),
    (b":status", b"400"),
    (b":status", b"404"),
    (b":status", b"500"),
    (b"accept-charset", b""),
    (b"accept-encoding", b"gzip, deflate"),
    (b"accept-language", b""),
    (b"accept-ranges", b""),
    (b"accept", b""),
    (b"access-control-allow-origin", b""),
    (b"age", b""),
    (b"allow", b""),
    (b"authorization", b""),
    (b"cache-control", b""),
    (b"content-disposition", b""),
    (b"content-encoding", b""),
    (b"content-language", b""),
    (b"content-length", b""),
    (b"content-location", b""),
    (b"content-range", b""),
    (b"content-type", b""),
    (b"cookie", b""),
    (b"date", b""),
    (b"etag", b""),
    (b"expect", b""),
    (b"expires", b""),
    (b"from", b""),
    (b"host", b""),
    (b"if-match", b""),
    (b"if-modified-since", b""),
    (b"if-none-match", b""),
    (b"if-range", b""),
    (b"if-unmodified-since", b""),
    (b"last-modified", b""),
    (b"link", b""),
    (b"location", b""),
    (b"max-forwards", b""),
    (b"proxy-authenticate", b""),
    (b"proxy-authorization", b""),
    (b"range", b""),
    (b"referer", b""),
    (b"refresh", b""),
    (b"retry-after", b""),
    (b"server", b""),
    (b"set-cookie", b""),
    (b"strict-transport-security", b""),
    (b"transfer-encoding", b""),
    (b"user-agent", b""),
    (b"vary", b""),
    (b"via", b""),
    (b"www-authenticate", b""),
];

/// First indices of the names the encoder's policies single out.
pub(crate) const PATH: usize = 4;
pub(crate) const AGE: usize = 21;
pub(crate) const AUTHORIZATION: usize = 23;
pub(crate) const CONTENT_LENGTH: usize = 28;
pub(crate) const COOKIE: usize = 32;
pub(crate) const LAST_MODIFIED: usize = 44;
pub(crate) const PROXY_AUTHORIZATION: usize = 49;

/// Slots of the name index: a power of two, over twice the 52 distinct names.
const SLOTS: usize = 128;

const fn bytes_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Open addressing with linear probing, laid out at compile time: each slot
/// holds the 1-based index of the first entry with a given name, or 0.
const fn build_name_index() -> [u8; SLOTS] {
    let mut slots = [0u8; SLOTS];
    let mut i = 0;
    while i < LEN {
        let name = ENTRIES[i].0;
        if i == 0 || !bytes_eq(ENTRIES[i - 1].0, name) {
            let mut slot = hash::slot_bits(hash::name_hash_const(name)) as usize & (SLOTS - 1);
            while slots[slot] != 0 {
                slot = (slot + 1) & (SLOTS - 1);
            }
            slots[slot] = (i + 1) as u8;
        }
        i += 1;
    }
    slots
}

static NAME_INDEX: [u8; SLOTS] = build_name_index();

/// Where a name sits in the static table: its first index and how many
/// consecutive entries share it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NameMatch {
    /// 1-based HPACK index of the first entry with this name.
    pub(crate) first: usize,
}

impl NameMatch {
    /// The index of the entry with this name and `value`, if any.
    #[inline]
    pub(crate) fn find_value(self, name: &[u8], value: &[u8]) -> Option<usize> {
        ENTRIES[self.first - 1..]
            .iter()
            .take_while(|(n, _)| *n == name)
            .position(|(_, v)| *v == value)
            .map(|offset| self.first + offset)
    }
}

/// Looks `name` up, given its [`hash::name_hash`].
#[inline]
pub(crate) fn find_name(name: &[u8], name_hash: u64) -> Option<NameMatch> {
    let mut slot = hash::slot_bits(name_hash) as usize & (SLOTS - 1);
    loop {
        let index = usize::from(NAME_INDEX[slot]);
        if index == 0 {
            return None;
        }
        if ENTRIES[index - 1].0 == name {
            return Some(NameMatch { first: index });
        }
        slot = (slot + 1) & (SLOTS - 1);
    }
}

/// Name and value of the entry at 1-based `index` (`1..=LEN`).
#[inline]
pub(crate) fn get(index: usize) -> Option<(&'static [u8], &'static [u8])> {
    index.checked_sub(1).and_then(|i| ENTRIES.get(i)).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_is_found_at_its_first_entry() {
        for (i, (name, value)) in ENTRIES.iter().enumerate() {
            let found = find_name(name, hash::name_hash(name)).unwrap();
            assert_eq!(ENTRIES[found.first - 1].0, *name);
            assert!(found.first <= i + 1);
            assert_eq!(found.find_value(name, value), Some(i + 1));
        }
    }

    #[test]
    fn unknown_names_and_values_are_not_found() {
        for name in [&b"x-custom"[..], b"", b":authorit", b"cookies", b"Cookie"] {
            assert_eq!(find_name(name, hash::name_hash(name)), None);
        }
        let method = find_name(b":method", hash::name_hash(b":method")).unwrap();
        assert_eq!(method.first, 2);
        assert_eq!(method.find_value(b":method", b"PUT"), None);
        assert_eq!(method.find_value(b":method", b"POST"), Some(3));
    }

    #[test]
    fn named_indices_point_at_their_names() {
        for (index, name) in [
            (PATH, &b":path"[..]),
            (AGE, b"age"),
            (AUTHORIZATION, b"authorization"),
            (CONTENT_LENGTH, b"content-length"),
            (COOKIE, b"cookie"),
            (LAST_MODIFIED, b"last-modified"),
            (PROXY_AUTHORIZATION, b"proxy-authorization"),
        ] {
            assert_eq!(
                find_name(name, hash::name_hash(name)).map(|m| m.first),
                Some(index)
            );
        }
    }

    #[test]
    fn get_is_one_based() {
        assert_eq!(get(0), None);
        assert_eq!(get(1), Some((&b":authority"[..], &b""[..])));
        assert_eq!(get(61), Some((&b"www-authenticate"[..], &b""[..])));
        assert_eq!(get(62), None);
    }
}
