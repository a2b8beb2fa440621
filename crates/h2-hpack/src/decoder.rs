//! The decoder: header block in, header fields out (RFC 7541 §3, §6).

use alloc::vec::Vec;

use bytes::Bytes;

use crate::arena::Arena;
use crate::field::HeaderField;
use crate::table::dynamic::{self, DynamicTable};
use crate::table::static_table;
use crate::{integer, DecodeError, DEFAULT_TABLE_SIZE};

/// Default for [`Decoder::set_max_header_list_size`]: 64 KiB, what Python h2
/// advertises and enforces (SPEC DOS-2).
pub const DEFAULT_MAX_HEADER_LIST_SIZE: usize = 64 * 1024;

/// Default for [`Decoder::set_max_string_length`]: 64 KiB.
pub const DEFAULT_MAX_STRING_LENGTH: usize = 64 * 1024;

/// A dynamic table entry as the decoder keeps it.
#[derive(Debug, Clone)]
struct Entry {
    name: Bytes,
    value: Bytes,
}

impl dynamic::Entry for Entry {
    #[inline]
    fn size(&self) -> usize {
        self.name.len() + self.value.len() + crate::field::ENTRY_OVERHEAD
    }
}

/// Where a decoded string goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Destination {
    /// Into a header field only: a raw literal can borrow from the block.
    List,
    /// Into the dynamic table too: copied into table-owned storage, so that
    /// an entry never keeps the caller's (possibly large) block alive.
    Table,
}

/// Decodes header blocks, keeping the dynamic table in step with the peer's
/// encoder across blocks.
///
/// One `Decoder` per connection and direction. Blocks must be decoded in the
/// order they were sent, each one whole (HEADERS or PUSH_PROMISE plus its
/// CONTINUATION frames).
///
/// # Limits
///
/// - [`set_max_table_size`](Self::set_max_table_size): the
///   SETTINGS_HEADER_TABLE_SIZE in force (default 4096).
/// - [`set_max_header_list_size`](Self::set_max_header_list_size): the sum of
///   name + value + 32 over the fields of one block (default
///   [`DEFAULT_MAX_HEADER_LIST_SIZE`]).
/// - [`set_max_string_length`](Self::set_max_string_length): any single name
///   or value (default [`DEFAULT_MAX_STRING_LENGTH`]).
///
/// Exceeding either of the last two does not stop decoding: the whole block
/// is still processed so the dynamic table stays in step with the peer (RFC
/// 9113 §4.3), no more fields are kept, and the error is returned at the end
/// with [`DecodeErrorKind::HeaderListTooLarge`](crate::DecodeErrorKind).
/// Memory stays bounded meanwhile: the decoded fields kept never exceed the
/// list limit, and the table never exceeds its maximum size.
#[derive(Debug)]
pub struct Decoder {
    table: DynamicTable<Entry>,
    /// The maximum a size update may ask for (RFC 7541 §6.3).
    table_size_limit: usize,
    /// The limit was lowered below the table's maximum size: the next block
    /// must start with a size update (RFC 7541 §4.2).
    size_update_required: bool,
    max_header_list_size: usize,
    max_string_length: usize,
    /// Storage for strings that go into the dynamic table.
    table_strings: Arena,
    /// Storage for Huffman-decoded strings that go only into the list.
    list_strings: Arena,
}

impl Default for Decoder {
    fn default() -> Self {
        Self::new()
    }
}

/// Tracks the header list size of one block and whether it was refused.
struct ListBudget {
    size: usize,
    limit: usize,
    string_limit: usize,
    refusal: Option<DecodeError>,
}

impl ListBudget {
    #[inline]
    fn check_string(&mut self, len: usize) {
        if len > self.string_limit && self.refusal.is_none() {
            self.refusal = Some(DecodeError::StringTooLong {
                length: len,
                limit: self.string_limit,
            });
        }
    }

    /// Counts `field` and keeps it unless the list was refused.
    #[inline]
    fn admit(&mut self, field: HeaderField, out: &mut Vec<HeaderField>) {
        // RFC 9113 §6.5.2: the size is "the length of the name and value in
        // units of octets plus an overhead of 32 octets for each field line".
        self.size = self.size.saturating_add(field.size());
        if self.size > self.limit && self.refusal.is_none() {
            self.refusal = Some(DecodeError::HeaderListTooLarge {
                size: 0,
                limit: self.limit,
            });
        }
        if self.refusal.is_none() {
            out.push(field);
        }
    }

    fn finish(self) -> Result<(), DecodeError> {
        match self.refusal {
            None => Ok(()),
            Some(DecodeError::HeaderListTooLarge { limit, .. }) => {
                Err(DecodeError::HeaderListTooLarge {
                    size: self.size,
                    limit,
                })
            }
            Some(refusal) => Err(refusal),
        }
    }
}

impl Decoder {
    /// A decoder for a fresh connection: table size 4096, default limits.
    pub fn new() -> Self {
        Self::with_initial_table_size(DEFAULT_TABLE_SIZE)
    }

    /// A decoder whose context starts with a table of `size` octets (also
    /// the limit for size updates) instead of 4096, for protocols other than
    /// HTTP/2 that fix another initial size (RFC 7541 Appendix C.5 assumes
    /// 256).
    pub fn with_initial_table_size(size: usize) -> Self {
        Self {
            table: DynamicTable::new(size),
            table_size_limit: size,
            size_update_required: false,
            max_header_list_size: DEFAULT_MAX_HEADER_LIST_SIZE,
            max_string_length: DEFAULT_MAX_STRING_LENGTH,
            table_strings: Arena::default(),
            list_strings: Arena::default(),
        }
    }

    /// Sets the maximum dynamic table size the peer's encoder may use: the
    /// SETTINGS_HEADER_TABLE_SIZE this side advertised, once the peer has
    /// acknowledged it.
    ///
    /// Size updates above it are errors. When it is lowered below the size
    /// the table currently has, the next block must begin with a size update
    /// (RFC 7541 §4.2); a block that does not is a
    /// [`DecodeError::SizeUpdateMissing`].
    pub fn set_max_table_size(&mut self, size: usize) {
        self.table_size_limit = size;
        if size < self.table.max_size() {
            self.size_update_required = true;
        }
    }

    /// Sets the largest header list a block may decode to: the sum over its
    /// fields of name length + value length + 32 (RFC 9113 §6.5.2). Default
    /// [`DEFAULT_MAX_HEADER_LIST_SIZE`].
    pub fn set_max_header_list_size(&mut self, size: usize) {
        self.max_header_list_size = size;
    }

    /// Sets the longest name or value literal a block may contain, in decoded
    /// octets. Default [`DEFAULT_MAX_STRING_LENGTH`]. (A reference to a table
    /// entry counts only toward the header list size.)
    pub fn set_max_string_length(&mut self, length: usize) {
        self.max_string_length = length;
    }

    /// The maximum size of the dynamic table, as last set by the peer's size
    /// update (4096 until then).
    pub fn dynamic_table_max_size(&self) -> usize {
        self.table.max_size()
    }

    /// The current size of the dynamic table: the sum of its entries' sizes.
    pub fn dynamic_table_size(&self) -> usize {
        self.table.size()
    }

    /// Decodes one complete header block, appending its fields to `out` in
    /// order.
    ///
    /// Literals that are neither Huffman-coded nor added to the dynamic table
    /// are slices of `block`, not copies.
    ///
    /// # Errors
    ///
    /// A [`DecodeError`]; its [`kind`](DecodeError::kind) says whether the
    /// connection must fail with COMPRESSION_ERROR or only this header list
    /// is refused. On error `out` is left as it was before the call.
    pub fn decode(&mut self, block: &Bytes, out: &mut Vec<HeaderField>) -> Result<(), DecodeError> {
        let start = out.len();
        let result = self.decode_block(block, out);
        if result.is_err() {
            out.truncate(start);
        }
        result
    }

    fn decode_block(
        &mut self,
        block: &Bytes,
        out: &mut Vec<HeaderField>,
    ) -> Result<(), DecodeError> {
        let buf = &block[..];
        let mut pos = 0;
        let mut budget = ListBudget {
            size: 0,
            limit: self.max_header_list_size,
            string_limit: self.max_string_length,
            refusal: None,
        };

        // RFC 7541 §4.2: "This dynamic table size update MUST occur at the
        // beginning of the first header block following the change to the
        // dynamic table size."
        while let Some(&first) = buf.get(pos) {
            if first & 0xe0 != 0x20 {
                break;
            }
            let size = integer::decode(buf, &mut pos, 5)?;
            // RFC 7541 §6.3: "The new maximum size MUST be lower than or equal
            // to the limit determined by the protocol using HPACK. A value
            // that exceeds this limit MUST be treated as a decoding error."
            if size > self.table_size_limit {
                return Err(DecodeError::SizeUpdateTooLarge {
                    size,
                    limit: self.table_size_limit,
                });
            }
            self.table.set_max_size(size, |_, _| {});
            self.size_update_required = false;
        }
        // RFC 9113 §4.3.1: "An endpoint MUST treat a field block that follows
        // an acknowledgment of the reduction to the maximum dynamic table size
        // as a connection error (Section 5.4.1) of type COMPRESSION_ERROR if
        // it does not start with a conformant Dynamic Table Size Update
        // instruction."
        if self.size_update_required {
            return Err(DecodeError::SizeUpdateMissing);
        }

        while let Some(&first) = buf.get(pos) {
            let field = if first & 0x80 != 0 {
                // Indexed header field (RFC 7541 §6.1).
                let index = integer::decode(buf, &mut pos, 7)?;
                self.indexed(index)?
            } else if first & 0x40 != 0 {
                // Literal with incremental indexing (RFC 7541 §6.2.1).
                let index = integer::decode(buf, &mut pos, 6)?;
                let name = self.name(block, &mut pos, index, Destination::Table, &mut budget)?;
                let value = self.string(block, &mut pos, Destination::Table, &mut budget)?;
                self.table.insert(
                    Entry {
                        name: name.clone(),
                        value: value.clone(),
                    },
                    |_, _| {},
                );
                HeaderField {
                    name,
                    value,
                    sensitive: false,
                }
            } else if first & 0x20 != 0 {
                // RFC 7541 §4.2: the update "MUST occur at the beginning of
                // the first header block"; one after a field is a decoding
                // error.
                return Err(DecodeError::SizeUpdateNotAtStart);
            } else {
                // Literal without indexing (0000) or never indexed (0001)
                // (RFC 7541 §6.2.2, §6.2.3).
                let sensitive = first & 0x10 != 0;
                let index = integer::decode(buf, &mut pos, 4)?;
                let name = self.name(block, &mut pos, index, Destination::List, &mut budget)?;
                let value = self.string(block, &mut pos, Destination::List, &mut budget)?;
                HeaderField {
                    name,
                    value,
                    sensitive,
                }
            };
            budget.admit(field, out);
        }
        budget.finish()
    }

    /// The field at `index` of the static or dynamic table.
    #[inline]
    fn indexed(&self, index: usize) -> Result<HeaderField, DecodeError> {
        if let Some((name, value)) = static_table::get(index) {
            return Ok(HeaderField {
                name: Bytes::from_static(name),
                value: Bytes::from_static(value),
                sensitive: false,
            });
        }
        self.dynamic(index).map(|entry| HeaderField {
            name: entry.name.clone(),
            value: entry.value.clone(),
            sensitive: false,
        })
    }

    /// The dynamic table entry at HPACK `index` (greater than 61).
    #[inline]
    fn dynamic(&self, index: usize) -> Result<&Entry, DecodeError> {
        // RFC 7541 §2.3.3: "Indices strictly greater than the sum of the
        // lengths of both tables MUST be treated as a decoding error." and
        // §6.1: "The index value of 0 is not used. It MUST be treated as a
        // decoding error if found in an indexed header field representation."
        index
            .checked_sub(static_table::LEN + 1)
            .and_then(|position| self.table.get(position))
            .ok_or(DecodeError::InvalidIndex { index })
    }

    /// A literal's name: a string when `index` is 0, else a table entry's.
    #[inline]
    fn name(
        &mut self,
        block: &Bytes,
        pos: &mut usize,
        index: usize,
        destination: Destination,
        budget: &mut ListBudget,
    ) -> Result<Bytes, DecodeError> {
        if index == 0 {
            return self.string(block, pos, destination, budget);
        }
        if let Some((name, _)) = static_table::get(index) {
            return Ok(Bytes::from_static(name));
        }
        self.dynamic(index).map(|entry| entry.name.clone())
    }

    /// A string literal (RFC 7541 §5.2).
    #[inline]
    fn string(
        &mut self,
        block: &Bytes,
        pos: &mut usize,
        destination: Destination,
        budget: &mut ListBudget,
    ) -> Result<Bytes, DecodeError> {
        let buf = &block[..];
        let huffman = buf.get(*pos).ok_or(DecodeError::Truncated)? & 0x80 != 0;
        let len = integer::decode(buf, pos, 7)?;
        let start = *pos;
        let end = start
            .checked_add(len)
            .filter(|&end| end <= buf.len())
            .ok_or(DecodeError::Truncated)?;
        *pos = end;
        let raw = &buf[start..end];
        let string = match (huffman, destination) {
            (false, Destination::List) => block.slice(start..end),
            (false, Destination::Table) => self.table_strings.copy(raw),
            (true, Destination::List) => self.list_strings.huffman(raw)?,
            (true, Destination::Table) => self.table_strings.huffman(raw)?,
        };
        budget.check_string(string.len());
        Ok(string)
    }
}
