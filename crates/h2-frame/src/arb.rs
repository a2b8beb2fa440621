//! Helpers for the `arbitrary` feature: values that keep frames valid.

use arbitrary::{Result, Unstructured};
use bytes::Bytes;

use crate::StreamId;

/// A stream id in `1..=2^31-1`.
pub(crate) fn nonzero_stream_id(u: &mut Unstructured<'_>) -> Result<StreamId> {
    Ok(StreamId::new(u.int_in_range(1..=StreamId::MAX.value())?))
}

/// Arbitrary octets of at most `max` octets.
pub(crate) fn bytes_up_to(u: &mut Unstructured<'_>, max: usize) -> Result<Bytes> {
    let len = u.arbitrary_len::<u8>()?.min(max);
    Ok(Bytes::copy_from_slice(u.bytes(len)?))
}

/// Arbitrary octets, bounded so that a frame stays far below 2^24 octets.
pub(crate) fn bytes(u: &mut Unstructured<'_>) -> Result<Bytes> {
    bytes_up_to(u, 1 << 16)
}
