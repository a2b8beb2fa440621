//! Chunked storage for the strings the tables keep and the decoder produces:
//! many `Bytes`, few allocations.
//!
//! Strings are written at the end of a chunk and split off as frozen `Bytes`
//! that share the chunk (a reference count, not a copy). A new chunk is
//! allocated only when the current one has no room left, so a header block
//! costs a handful of allocations however many strings it holds.

use bytes::{Bytes, BytesMut};

use crate::huffman;
use crate::DecodeError;

/// Smallest chunk allocated.
const CHUNK: usize = 4096;

#[derive(Debug, Default)]
pub(crate) struct Arena {
    chunk: BytesMut,
}

impl Arena {
    /// Makes room for `len` more octets, in a new chunk if need be. The old
    /// chunk stays alive only as long as strings split off it do.
    #[inline]
    fn reserve(&mut self, len: usize) {
        if self.chunk.capacity() - self.chunk.len() < len {
            self.chunk = BytesMut::with_capacity(len.max(CHUNK));
        }
    }

    /// A copy of `src`.
    #[inline]
    pub(crate) fn copy(&mut self, src: &[u8]) -> Bytes {
        if src.is_empty() {
            return Bytes::new();
        }
        self.reserve(src.len());
        self.chunk.extend_from_slice(src);
        self.chunk.split().freeze()
    }

    /// The decoding of the Huffman-coded `src`.
    #[inline]
    pub(crate) fn huffman(&mut self, src: &[u8]) -> Result<Bytes, DecodeError> {
        // The decoder needs room for its longest possible output, plus slack.
        self.reserve(src.len() * 8 / 5 + 2);
        huffman::decode(src, &mut self.chunk)?;
        if self.chunk.is_empty() {
            return Ok(Bytes::new());
        }
        Ok(self.chunk.split().freeze())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_share_one_chunk_until_it_is_full() {
        let mut arena = Arena::default();
        let a = arena.copy(b"hello");
        let b = arena.copy(b"world");
        assert_eq!((&a[..], &b[..]), (&b"hello"[..], &b"world"[..]));
        // Contiguous in one allocation.
        assert_eq!(a.as_ptr().wrapping_add(5), b.as_ptr());
        let big = arena.copy(&[7; CHUNK]);
        assert_eq!(big.len(), CHUNK);
        assert_ne!(b.as_ptr().wrapping_add(5), big.as_ptr());
    }

    #[test]
    fn failed_huffman_decode_leaves_no_residue() {
        let mut arena = Arena::default();
        assert_eq!(arena.huffman(&[0x00]), Err(DecodeError::HuffmanPadding));
        assert_eq!(&arena.copy(b"x")[..], b"x");
    }
}
