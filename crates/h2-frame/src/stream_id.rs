//! Stream identifiers (RFC 9113 §5.1.1).

use crate::Side;

/// A 31-bit stream identifier.
///
/// The reserved high bit of the wire field is never part of the value: it is
/// ignored on receive and written as zero on send (RFC 9113 §4.1), so a
/// `StreamId` always holds a value in `0..=2^31-1`.
///
/// ```
/// use h2_frame::StreamId;
/// let id = StreamId::new(0x8000_0003);   // reserved bit dropped
/// assert_eq!(id.value(), 3);
/// assert!(id.is_client_initiated());
/// assert!(StreamId::ZERO.is_zero());
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StreamId(u32);

impl StreamId {
    /// Stream 0, the connection control stream.
    pub const ZERO: Self = Self(0);
    /// The largest stream identifier, 2^31-1.
    pub const MAX: Self = Self(Self::MASK);
    const MASK: u32 = 0x7fff_ffff;

    /// A stream id from a 32-bit wire value; the reserved bit is cleared.
    pub const fn new(value: u32) -> Self {
        Self(value & Self::MASK)
    }

    /// A stream id if `value` fits in 31 bits, `None` otherwise.
    ///
    /// Use this for ids that come from an API caller, where a value of 2^31 or
    /// more is a mistake to report rather than a bit to ignore.
    pub const fn checked(value: u32) -> Option<Self> {
        if value <= Self::MASK {
            Some(Self(value))
        } else {
            None
        }
    }

    /// The numeric value, in `0..=2^31-1`.
    pub const fn value(self) -> u32 {
        self.0
    }

    /// Whether this is stream 0 (the connection itself).
    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// Odd ids are opened by clients (RFC 9113 §5.1.1).
    pub const fn is_client_initiated(self) -> bool {
        self.0 % 2 == 1
    }

    /// Non-zero even ids are opened by servers (RFC 9113 §5.1.1).
    pub const fn is_server_initiated(self) -> bool {
        self.0 != 0 && self.0 % 2 == 0
    }

    /// The side that opens streams with this id; `None` for stream 0.
    pub const fn initiator(self) -> Option<Side> {
        if self.0 == 0 {
            None
        } else if self.0 % 2 == 1 {
            Some(Side::Client)
        } else {
            Some(Side::Server)
        }
    }
}

impl From<u32> for StreamId {
    /// Masks off the reserved bit, as a receiver must.
    fn from(value: u32) -> Self {
        Self::new(value)
    }
}

impl From<StreamId> for u32 {
    fn from(id: StreamId) -> Self {
        id.0
    }
}

impl core::fmt::Debug for StreamId {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "StreamId({})", self.0)
    }
}

impl core::fmt::Display for StreamId {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        core::fmt::Display::fmt(&self.0, f)
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for StreamId {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(Self::new(u32::arbitrary(u)?))
    }
}

#[cfg(test)]
mod tests {
    use super::StreamId;

    #[test]
    fn reserved_bit_is_masked_on_receive() {
        assert_eq!(StreamId::new(0xffff_ffff), StreamId::MAX);
        assert_eq!(StreamId::new(0x8000_0000), StreamId::ZERO);
    }

    #[test]
    fn checked_rejects_values_past_31_bits() {
        assert_eq!(StreamId::checked(0x7fff_ffff), Some(StreamId::MAX));
        assert_eq!(StreamId::checked(0x8000_0000), None);
    }

    #[test]
    fn parity_follows_rfc_9113_5_1_1() {
        assert!(StreamId::new(1).is_client_initiated());
        assert!(!StreamId::new(1).is_server_initiated());
        assert!(StreamId::new(2).is_server_initiated());
        assert!(!StreamId::ZERO.is_server_initiated());
        assert!(!StreamId::ZERO.is_client_initiated());
    }
}
