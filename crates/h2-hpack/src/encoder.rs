//! The encoder: header list in, header block out, with an indexing strategy.

use bytes::{Bytes, BytesMut};

use crate::arena::Arena;
use crate::field::{HeaderField, ENTRY_OVERHEAD};
use crate::table::dynamic::{self, DynamicTable};
use crate::table::index::HashIndex;
use crate::table::static_table;
use crate::{hash, integer, string, DEFAULT_TABLE_SIZE};

/// Cookie values shorter than this are never indexed by default: short
/// values are the ones a compression oracle can guess (SPEC HDR-43, as
/// Python h2 does).
const SHORT_COOKIE: usize = 20;

/// Entries the lookup index is first sized for (a full 4096-octet table of
/// the smallest entries).
const INITIAL_INDEX_ENTRIES: usize = 128;

/// A dynamic table entry as the encoder keeps it, with its hashes.
#[derive(Debug, Clone)]
struct Entry {
    name: Bytes,
    value: Bytes,
    name_hash: u32,
    field_hash: u32,
}

impl dynamic::Entry for Entry {
    #[inline]
    fn size(&self) -> usize {
        self.name.len() + self.value.len() + ENTRY_OVERHEAD
    }
}

/// Table size changes not yet signalled to the peer's decoder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PendingResize {
    smallest: usize,
    last: usize,
}

/// Encodes header lists into header blocks, keeping a dynamic table that
/// mirrors the peer's decoder.
///
/// One `Encoder` per connection and direction; blocks must be sent in the
/// order they were encoded.
///
/// # Strategy
///
/// For each field, in order:
/// 1. a field marked [`sensitive`](HeaderField::sensitive), or caught by the
///    default never-index policy (see
///    [`set_never_index_defaults`](Self::set_never_index_defaults)), is
///    written as a never-indexed literal (RFC 7541 §6.2.3), with its name
///    indexed when a table has it;
/// 2. a field found whole in the static or dynamic table is written as an
///    index (O(1) lookups in both);
/// 3. otherwise it is a literal, with the name indexed when either table has
///    it, added to the dynamic table unless it is larger than 3/4 of the table
///    or its name is one whose values rarely repeat on a connection (`:path`,
///    `content-length`, `age`, `last-modified`; chosen by measuring the
///    hpack-test-case `raw-data` stories).
///
/// Strings are Huffman-coded unless that would be longer than the raw octets
/// (a tie goes to Huffman, as in RFC 7541 Appendix C.6).
#[derive(Debug)]
pub struct Encoder {
    table: DynamicTable<Entry>,
    by_field: HashIndex,
    by_name: HashIndex,
    /// The peer's SETTINGS_HEADER_TABLE_SIZE.
    peer_limit: usize,
    /// The most this encoder will use, whatever the peer allows.
    cap: usize,
    pending: Option<PendingResize>,
    never_index_defaults: bool,
    huffman: bool,
    /// Storage for the strings of table entries: copies, so that an entry
    /// never keeps the caller's (possibly large) buffer alive.
    table_strings: Arena,
}

impl Default for Encoder {
    fn default() -> Self {
        Self::new()
    }
}

impl Encoder {
    /// An encoder for a fresh connection: table size 4096 (the protocol's
    /// initial value), a cap of 4096, the default never-index policy on.
    pub fn new() -> Self {
        Self::with_initial_table_size(DEFAULT_TABLE_SIZE)
    }

    /// An encoder whose context starts with a table of `size` octets instead
    /// of 4096, for protocols other than HTTP/2 that fix another initial size
    /// (RFC 7541 Appendix C.5 assumes 256). The cap is the larger of `size`
    /// and 4096.
    pub fn with_initial_table_size(size: usize) -> Self {
        // The index grows with the entries actually held, not with the
        // table's maximum (which a peer may set to 2^32 - 1).
        let entries = (size / ENTRY_OVERHEAD).min(INITIAL_INDEX_ENTRIES);
        Self {
            table: DynamicTable::new(size),
            by_field: HashIndex::with_capacity(entries),
            by_name: HashIndex::with_capacity(entries),
            peer_limit: size,
            cap: size.max(DEFAULT_TABLE_SIZE),
            pending: None,
            never_index_defaults: true,
            huffman: true,
            table_strings: Arena::default(),
        }
    }

    /// Turns Huffman coding of string literals on (the default: used unless
    /// it would be longer than the raw string) or off (every string is sent
    /// raw, which saves the peer's CPU at the cost of size).
    pub fn set_huffman(&mut self, enabled: bool) {
        self.huffman = enabled;
    }

    /// Sets the peer's SETTINGS_HEADER_TABLE_SIZE. The encoder uses the
    /// smaller of it and [the cap](Self::set_table_size_cap), and signals the
    /// change at the start of the next block (RFC 7541 §4.2): when the size
    /// went down and back up since the last block, it signals the smallest
    /// size and then the final one.
    pub fn set_max_table_size(&mut self, size: usize) {
        self.peer_limit = size;
        self.retarget();
    }

    /// Sets the most dynamic table this encoder will use, whatever the peer
    /// allows (default 4096). A larger table compresses better and costs
    /// memory on both sides.
    pub fn set_table_size_cap(&mut self, cap: usize) {
        self.cap = cap;
        self.retarget();
    }

    /// Turns the default never-index policy on (the default) or off: when on,
    /// `authorization`, `proxy-authorization` and any `cookie` whose value is
    /// shorter than 20 octets are written as never-indexed literals even when
    /// not marked [`sensitive`](HeaderField::sensitive) (SPEC HDR-43).
    pub fn set_never_index_defaults(&mut self, enabled: bool) {
        self.never_index_defaults = enabled;
    }

    /// The size the dynamic table will have once pending changes are
    /// signalled.
    pub fn dynamic_table_max_size(&self) -> usize {
        self.pending.map_or(self.table.max_size(), |p| p.last)
    }

    /// The current size of the dynamic table: the sum of its entries' sizes.
    pub fn dynamic_table_size(&self) -> usize {
        self.table.size()
    }

    fn retarget(&mut self) {
        let target = self.peer_limit.min(self.cap);
        let current = self.table.max_size();
        let smallest = self.pending.map_or(target, |p| p.smallest.min(target));
        self.pending = if smallest == current && target == current {
            None
        } else {
            Some(PendingResize {
                smallest,
                last: target,
            })
        };
    }

    /// Appends the header block for `fields` to `dst`.
    ///
    /// Encoding cannot fail: any octets are valid names and values to HPACK.
    /// The caller validates fields against HTTP rules before.
    pub fn encode<'a>(
        &mut self,
        fields: impl IntoIterator<Item = &'a HeaderField>,
        dst: &mut BytesMut,
    ) {
        if let Some(pending) = self.pending.take() {
            if pending.smallest < pending.last {
                self.resize(pending.smallest, dst);
            }
            self.resize(pending.last, dst);
        }
        for field in fields {
            self.encode_field(field, dst);
        }
    }

    /// Writes a dynamic table size update and applies it (RFC 7541 §6.3).
    fn resize(&mut self, size: usize, dst: &mut BytesMut) {
        integer::encode(dst, 0x20, 5, size);
        let (by_field, by_name) = (&mut self.by_field, &mut self.by_name);
        self.table.set_max_size(size, |absolute, entry| {
            by_field.remove(entry.field_hash, absolute);
            by_name.remove(entry.name_hash, absolute);
        });
    }

    fn rebuild_index(&mut self, entries: usize) {
        self.by_field = HashIndex::with_capacity(entries);
        self.by_name = HashIndex::with_capacity(entries);
        let table = &self.table;
        // Oldest first, so that the newest entry with a key wins.
        let mut all: alloc::vec::Vec<(u64, &Entry)> = table.iter_absolute().collect();
        all.reverse();
        for (absolute, entry) in all {
            self.by_field.insert(entry.field_hash, absolute, |a| {
                table
                    .get_absolute(a)
                    .is_some_and(|e| e.name == entry.name && e.value == entry.value)
            });
            self.by_name.insert(entry.name_hash, absolute, |a| {
                table.get_absolute(a).is_some_and(|e| e.name == entry.name)
            });
        }
    }

    /// Whether `field` goes out as a never-indexed literal. Every name the
    /// policy knows is in the static table, so `static_name` (the field's
    /// first static index, if any) decides without comparing octets.
    fn is_never_indexed(&self, field: &HeaderField, static_name: Option<usize>) -> bool {
        field.sensitive
            || (self.never_index_defaults
                && match static_name {
                    Some(static_table::AUTHORIZATION | static_table::PROXY_AUTHORIZATION) => true,
                    Some(static_table::COOKIE) => field.value.len() < SHORT_COOKIE,
                    _ => false,
                })
    }

    /// Whether a literal is worth adding to the dynamic table.
    fn worth_indexing(&self, field: &HeaderField, static_name: Option<usize>) -> bool {
        // An entry taking most of the table would evict everything for one
        // field.
        if field.size().saturating_mul(4) > self.table.max_size().saturating_mul(3) {
            return false;
        }
        // Values of these fields are mostly unique per request or response:
        // indexing them evicts entries that would have been reused.
        !matches!(
            static_name,
            Some(
                static_table::PATH
                    | static_table::CONTENT_LENGTH
                    | static_table::AGE
                    | static_table::LAST_MODIFIED
            )
        )
    }

    fn encode_field(&mut self, field: &HeaderField, dst: &mut BytesMut) {
        let name = &field.name[..];
        let value = &field.value[..];
        let name_hash64 = hash::name_hash(name);
        let name_hash = hash::slot_bits(name_hash64);
        let static_name = static_table::find_name(name, name_hash64);
        let never_indexed = self.is_never_indexed(field, static_name.map(|m| m.first));
        // Only needed (and so only computed) for fields that may be indexed.
        let mut field_hash = 0;

        if !never_indexed {
            if let Some(index) = static_name.and_then(|m| m.find_value(name, value)) {
                integer::encode(dst, 0x80, 7, index);
                return;
            }
            field_hash = hash::slot_bits(hash::field_hash(name_hash64, value));
            let table = &self.table;
            let found = self.by_field.find(field_hash, |a| {
                table
                    .get_absolute(a)
                    .is_some_and(|e| e.name == name && e.value == value)
            });
            if let Some(position) = found.and_then(|a| table.position_of(a)) {
                integer::encode(dst, 0x80, 7, static_table::LEN + 1 + position);
                return;
            }
        }

        let name_index = static_name.map(|m| m.first).or_else(|| {
            let table = &self.table;
            self.by_name
                .find(name_hash, |a| {
                    table.get_absolute(a).is_some_and(|e| e.name == name)
                })
                .and_then(|a| table.position_of(a))
                .map(|position| static_table::LEN + 1 + position)
        });

        dst.reserve(name.len() + value.len() + 8);
        let index_it = !never_indexed && self.worth_indexing(field, static_name.map(|m| m.first));
        let (flags, prefix_bits) = if never_indexed {
            (0x10, 4)
        } else if index_it {
            (0x40, 6)
        } else {
            (0x00, 4)
        };
        match name_index {
            Some(index) => integer::encode(dst, flags, prefix_bits, index),
            None => {
                integer::encode(dst, flags, prefix_bits, 0);
                string::encode(name, self.huffman, dst);
            }
        }
        string::encode(value, self.huffman, dst);

        if index_it {
            self.insert(field, name_hash, field_hash);
        }
    }

    fn insert(&mut self, field: &HeaderField, name_hash: u32, field_hash: u32) {
        let (by_field, by_name) = (&mut self.by_field, &mut self.by_name);
        // A field's `Bytes` may be a slice of a large buffer, such as a
        // received header block a proxy forwards; the table may keep an
        // entry for the whole connection, so it keeps a copy instead.
        let inserted = self.table.insert(
            Entry {
                name: self.table_strings.copy(&field.name),
                value: self.table_strings.copy(&field.value),
                name_hash,
                field_hash,
            },
            |absolute, entry| {
                by_field.remove(entry.field_hash, absolute);
                by_name.remove(entry.name_hash, absolute);
            },
        );
        if !inserted {
            return;
        }
        if self.table.len() > self.by_field.capacity() {
            self.rebuild_index(self.table.len() * 2);
        }
        let Some((absolute, _)) = self.table.iter_absolute().next() else {
            return;
        };
        let table = &self.table;
        let (name, value) = (&field.name, &field.value);
        self.by_field.insert(field_hash, absolute, |a| {
            table
                .get_absolute(a)
                .is_some_and(|e| e.name == name && e.value == value)
        });
        self.by_name.insert(name_hash, absolute, |a| {
            table.get_absolute(a).is_some_and(|e| e.name == name)
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An indexed field's octets are copied: the table does not pin the
    /// buffer the caller's `Bytes` came from.
    #[test]
    fn table_entries_do_not_borrow_from_the_caller() {
        let buffer = Bytes::from(alloc::vec![b'v'; 64 * 1024]);
        let field = HeaderField::new(buffer.slice(0..6), buffer.slice(6..16));
        let mut encoder = Encoder::new();
        let mut block = BytesMut::new();
        encoder.encode([&field], &mut block);
        let entry = encoder.table.get(0).expect("the field was indexed");
        assert_eq!(
            (&entry.name[..], &entry.value[..]),
            (&field.name[..], &field.value[..])
        );
        let range = buffer.as_ptr_range();
        assert!(!range.contains(&entry.name.as_ptr()));
        assert!(!range.contains(&entry.value.as_ptr()));
        // The next block finds the entry by content all the same.
        let mut again = BytesMut::new();
        encoder.encode([&field], &mut again);
        assert_eq!(&again[..], [0x80 | 62]);
    }
}
