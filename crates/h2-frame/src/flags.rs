//! The 8-bit flags field of the frame header (RFC 9113 §4.1).

/// The flags octet of a frame header.
///
/// The meaning of a bit depends on the frame type: `0x1` is END_STREAM on
/// DATA and HEADERS but ACK on SETTINGS and PING. Bits a frame type does not
/// define "MUST be ignored on receipt and MUST be left unset (0x00) when
/// sending" (RFC 9113 §4.1): the typed frames keep only the bits they define,
/// and only [`Unknown`](crate::Unknown) frames keep the whole octet.
///
/// ```
/// use h2_frame::Flags;
/// let flags = Flags::END_STREAM | Flags::END_HEADERS;
/// assert!(flags.contains(Flags::END_HEADERS));
/// assert!(!flags.contains(Flags::PADDED));
/// assert_eq!(flags.bits(), 0x5);
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Flags(pub u8);

impl Flags {
    /// No flag set.
    pub const EMPTY: Self = Self(0);
    /// END_STREAM (DATA, HEADERS): the last frame the sender sends on the stream.
    pub const END_STREAM: Self = Self(0x1);
    /// ACK (SETTINGS, PING): this frame acknowledges the peer's frame.
    pub const ACK: Self = Self(0x1);
    /// END_HEADERS (HEADERS, PUSH_PROMISE, CONTINUATION): the header block ends here.
    pub const END_HEADERS: Self = Self(0x4);
    /// PADDED (DATA, HEADERS, PUSH_PROMISE): a pad-length octet and padding are present.
    pub const PADDED: Self = Self(0x8);
    /// PRIORITY (HEADERS): the exclusive bit, stream dependency and weight are present.
    pub const PRIORITY: Self = Self(0x20);

    /// The raw octet.
    pub const fn bits(self) -> u8 {
        self.0
    }

    /// Whether every bit of `other` is set in `self`.
    pub const fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether no bit is set.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// `self` with the bits of `other` set too.
    pub const fn union(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    /// `self` with the bits of `other` set when `on` is true.
    pub const fn with_if(self, other: Self, on: bool) -> Self {
        if on {
            self.union(other)
        } else {
            self
        }
    }

    /// Sets the bits of `other`.
    pub fn insert(&mut self, other: Self) {
        self.0 |= other.0;
    }

    /// Clears the bits of `other`.
    pub fn remove(&mut self, other: Self) {
        self.0 &= !other.0;
    }
}

impl core::ops::BitOr for Flags {
    type Output = Self;

    fn bitor(self, rhs: Self) -> Self {
        self.union(rhs)
    }
}

impl core::ops::BitOrAssign for Flags {
    fn bitor_assign(&mut self, rhs: Self) {
        self.insert(rhs);
    }
}

impl core::ops::BitAnd for Flags {
    type Output = Self;

    fn bitand(self, rhs: Self) -> Self {
        Self(self.0 & rhs.0)
    }
}

impl From<u8> for Flags {
    fn from(bits: u8) -> Self {
        Self(bits)
    }
}

impl From<Flags> for u8 {
    fn from(flags: Flags) -> Self {
        flags.0
    }
}

impl core::fmt::Debug for Flags {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Flags({:#04x})", self.0)
    }
}

impl core::fmt::Display for Flags {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{:#04x}", self.0)
    }
}
