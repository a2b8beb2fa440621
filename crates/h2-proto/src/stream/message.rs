//! What the connection remembers of the HTTP message exchange on one
//! stream: the request method, and how much content each direction still
//! owes (RFC 9113 §8.1, §8.1.1, §8.5).

/// The request method, as far as it changes the rules for the rest of the
/// exchange.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum RequestMethod {
    /// Any method with ordinary content rules, or not known (an h2c upgrade
    /// whose request the caller did not describe).
    #[default]
    Other,
    /// HEAD: the response carries no content, whatever its content-length
    /// says (RFC 9110 §9.3.2).
    Head,
    /// CONNECT, plain or extended: a 2xx response turns the stream into a
    /// tunnel (RFC 9113 §8.5, RFC 8441 §5).
    Connect,
}

impl RequestMethod {
    /// The method of a request from its `:method` value.
    pub(crate) fn of(method: Option<&[u8]>) -> Self {
        match method {
            Some(b"HEAD") => Self::Head,
            Some(b"CONNECT") => Self::Connect,
            _ => Self::Other,
        }
    }
}

/// The content of one direction of the exchange: the number of octets the
/// message announced (its content-length, or zero when it can have none),
/// and the DATA octets counted so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Content {
    /// The octets the content must have; `None` when nothing bounds it.
    pub(crate) length: Option<u64>,
    /// DATA payload octets (without padding) so far.
    pub(crate) counted: u64,
}

impl Content {
    /// The total after `n` more octets, or `None` when that passes the
    /// announced length: "A request or response is also malformed if the
    /// value of a content-length header field does not equal the sum of the
    /// DATA frame payload lengths that form the content" (RFC 9113 §8.1.1).
    pub(crate) fn after(&self, n: usize) -> Option<u64> {
        let total = self.counted.saturating_add(n as u64);
        match self.length {
            Some(length) if total > length => None,
            _ => Some(total),
        }
    }

    /// Whether the content may end with `total` octets.
    pub(crate) fn complete_at(&self, total: u64) -> bool {
        self.length.map_or(true, |length| length == total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_stops_at_its_length_and_ends_only_there() {
        let content = Content {
            length: Some(5),
            counted: 3,
        };
        assert_eq!(content.after(2), Some(5));
        assert_eq!(content.after(3), None);
        assert!(!content.complete_at(4));
        assert!(content.complete_at(5));
        let unbounded = Content::default();
        assert_eq!(unbounded.after(usize::MAX), Some(usize::MAX as u64));
        assert!(unbounded.complete_at(7));
    }

    #[test]
    fn methods_that_change_the_rules() {
        assert_eq!(RequestMethod::of(Some(b"HEAD")), RequestMethod::Head);
        assert_eq!(RequestMethod::of(Some(b"CONNECT")), RequestMethod::Connect);
        assert_eq!(RequestMethod::of(Some(b"head")), RequestMethod::Other);
        assert_eq!(RequestMethod::of(None), RequestMethod::Other);
    }
}
