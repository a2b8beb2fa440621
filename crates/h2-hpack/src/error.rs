//! Why a header block could not be decoded, and what the connection does next.

/// A header block that could not be decoded, or whose header list was refused.
///
/// Every variant but two is a decoding error in the sense of RFC 7541: the
/// decoder's dynamic table may no longer match the peer's, so RFC 9113 §4.3
/// requires a connection error of type COMPRESSION_ERROR
/// ([`DecodeErrorKind::Compression`]). The two limit variants,
/// [`HeaderListTooLarge`](Self::HeaderListTooLarge) and
/// [`StringTooLong`](Self::StringTooLong), are reported only after the whole
/// block was processed, so the table is still in step with the peer and the
/// connection can refuse just that stream
/// ([`DecodeErrorKind::HeaderListTooLarge`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The block ends inside a representation, an integer or a string.
    #[error("header block ends in the middle of a field representation")]
    Truncated,
    /// An integer is longer than 5 continuation octets or above 2^32 - 1
    /// (RFC 7541 §5.1).
    #[error("integer exceeds the decoder's limit")]
    IntegerOverflow,
    /// An index is 0 or refers past the end of the dynamic table
    /// (RFC 7541 §2.3.3, §6.1).
    #[error("index {index} is not in the static or dynamic table")]
    InvalidIndex {
        /// The index the block used.
        index: usize,
    },
    /// A Huffman-coded string contains the EOS symbol (RFC 7541 §5.2).
    #[error("Huffman-coded string contains EOS")]
    HuffmanEos,
    /// A Huffman-coded string ends with more than 7 bits of padding, or with
    /// padding that is not a prefix of EOS (RFC 7541 §5.2).
    #[error("Huffman-coded string has invalid padding")]
    HuffmanPadding,
    /// A dynamic table size update follows a field representation
    /// (RFC 7541 §4.2, RFC 9113 §4.3.1).
    #[error("dynamic table size update after the first field of the block")]
    SizeUpdateNotAtStart,
    /// A dynamic table size update asks for more than the decoder allows
    /// (RFC 7541 §6.3).
    #[error("dynamic table size update to {size} exceeds the limit {limit}")]
    SizeUpdateTooLarge {
        /// The size the block asked for.
        size: usize,
        /// The SETTINGS_HEADER_TABLE_SIZE in force.
        limit: usize,
    },
    /// The decoder's limit was lowered below the table's size and the block
    /// does not begin with a dynamic table size update (RFC 7541 §4.2).
    #[error("header block does not begin with the required dynamic table size update")]
    SizeUpdateMissing,
    /// The decoded header list is larger than the limit (name + value + 32
    /// octets per field, RFC 9113 §6.5.2). The block was fully processed.
    #[error("header list of {size} octets exceeds the limit {limit}")]
    HeaderListTooLarge {
        /// The size of the whole decoded header list.
        size: usize,
        /// The limit set with `Decoder::set_max_header_list_size`.
        limit: usize,
    },
    /// A name or value is longer than the limit. The block was fully
    /// processed.
    #[error("string of {length} octets exceeds the limit {limit}")]
    StringTooLong {
        /// The decoded length of the string.
        length: usize,
        /// The limit set with `Decoder::set_max_string_length`.
        limit: usize,
    },
}

/// What the connection must do about a [`DecodeError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DecodeErrorKind {
    /// The compression context is lost: a connection error of type
    /// COMPRESSION_ERROR (RFC 9113 §4.3).
    Compression,
    /// Only a limit was exceeded and the dynamic table is still in step: the
    /// connection may refuse the stream (a 431 response, or RST_STREAM) or,
    /// if the peer keeps doing it, answer ENHANCE_YOUR_CALM.
    HeaderListTooLarge,
}

impl DecodeError {
    /// What the connection must do about this error.
    pub fn kind(&self) -> DecodeErrorKind {
        match self {
            Self::HeaderListTooLarge { .. } | Self::StringTooLong { .. } => {
                DecodeErrorKind::HeaderListTooLarge
            }
            Self::Truncated
            | Self::IntegerOverflow
            | Self::InvalidIndex { .. }
            | Self::HuffmanEos
            | Self::HuffmanPadding
            | Self::SizeUpdateNotAtStart
            | Self::SizeUpdateTooLarge { .. }
            | Self::SizeUpdateMissing => DecodeErrorKind::Compression,
        }
    }

    /// True when the connection must fail with COMPRESSION_ERROR.
    pub fn is_compression_error(&self) -> bool {
        self.kind() == DecodeErrorKind::Compression
    }
}
