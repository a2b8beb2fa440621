//! Which end of a connection: client or server.

/// The role of an endpoint: the client opens odd-numbered streams, the server
/// even-numbered ones (RFC 9113 §5.1.1).
///
/// ```
/// use h2_frame::{Side, StreamId};
/// assert_eq!(!Side::Client, Side::Server);
/// assert_eq!(StreamId::new(3).initiator(), Some(Side::Client));
/// assert_eq!(StreamId::ZERO.initiator(), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum Side {
    /// The endpoint that sent the connection preface.
    Client,
    /// The endpoint that accepted the connection.
    Server,
}

impl Side {
    /// Whether this is [`Side::Client`].
    pub const fn is_client(self) -> bool {
        matches!(self, Self::Client)
    }

    /// Whether this is [`Side::Server`].
    pub const fn is_server(self) -> bool {
        matches!(self, Self::Server)
    }
}

impl core::ops::Not for Side {
    type Output = Self;

    /// The other end of the connection.
    fn not(self) -> Self {
        match self {
            Self::Client => Self::Server,
            Self::Server => Self::Client,
        }
    }
}
