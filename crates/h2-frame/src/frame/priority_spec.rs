//! The stream dependency fields shared by HEADERS and PRIORITY (RFC 9113 §5.3, §6.2, §6.3).

use bytes::BufMut;

use crate::StreamId;

/// The exclusive flag, stream dependency and weight of the deprecated RFC
/// 7540 priority scheme (RFC 9113 §5.3.2).
///
/// ```text
/// +-+-------------------------------------------------------------+
/// |E|                 Stream Dependency (31)                      |
/// +-+-------------+-----------------------------------------------+
/// | Weight (8)    |
/// +---------------+
/// ```
///
/// ```
/// use h2_frame::{PrioritySpec, StreamId};
/// let spec = PrioritySpec::default();
/// assert_eq!(spec.dependency, StreamId::ZERO);
/// assert_eq!(spec.effective_weight(), 16); // §5.3.5 default
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct PrioritySpec {
    /// The stream this one depends on.
    pub dependency: StreamId,
    /// Whether the dependency is exclusive (the E bit).
    pub exclusive: bool,
    /// The weight as on the wire: the weight minus one (0..=255 stands for 1..=256).
    pub weight: u8,
}

impl PrioritySpec {
    /// Size of the fields on the wire.
    pub const LEN: usize = 5;

    /// A dependency with the given wire weight (weight minus one).
    pub const fn new(dependency: StreamId, exclusive: bool, weight: u8) -> Self {
        Self {
            dependency,
            exclusive,
            weight,
        }
    }

    /// The weight in `1..=256` (the wire value plus one).
    pub const fn effective_weight(&self) -> u16 {
        self.weight as u16 + 1
    }

    /// Reads the 5 octets; the E bit is the top bit of the first word.
    pub(crate) fn parse(bytes: &[u8; Self::LEN]) -> Self {
        let word = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
        Self {
            dependency: StreamId::new(word),
            exclusive: word & 0x8000_0000 != 0,
            weight: bytes[4],
        }
    }

    /// The 5 octets as on the wire.
    pub(crate) fn to_bytes(self) -> [u8; Self::LEN] {
        let e = if self.exclusive { 0x8000_0000 } else { 0 };
        let [a, b, c, d] = (e | self.dependency.value()).to_be_bytes();
        [a, b, c, d, self.weight]
    }

    pub(crate) fn encode(&self, dst: &mut impl BufMut) {
        dst.put_slice(&self.to_bytes());
    }
}

impl Default for PrioritySpec {
    /// "All streams are initially assigned a non-exclusive dependency on
    /// stream 0x0 ... and assigned a default weight of 16." (§5.3.5 of RFC 7540)
    fn default() -> Self {
        Self::new(StreamId::ZERO, false, 15)
    }
}

/// Reads 4 octets at the start of `bytes` as a big-endian word.
pub(crate) fn read_u32(bytes: &[u8]) -> Option<u32> {
    let word: [u8; 4] = bytes.get(..4)?.try_into().ok()?;
    Some(u32::from_be_bytes(word))
}
