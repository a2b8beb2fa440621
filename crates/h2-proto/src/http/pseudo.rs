//! Pseudo-header fields (RFC 9113 §8.3, RFC 8441 §4): which exist, and the
//! values one block gives them.

use bytes::Bytes;

use super::error::HeaderError;

/// A pseudo-header field defined by RFC 9113 §8.3 or RFC 8441 §4.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Pseudo {
    Method,
    Scheme,
    Authority,
    Path,
    Protocol,
    Status,
}

impl Pseudo {
    /// Every pseudo-header field, in the order their checks report.
    pub(crate) const ALL: [Self; 6] = [
        Self::Method,
        Self::Scheme,
        Self::Authority,
        Self::Path,
        Self::Protocol,
        Self::Status,
    ];

    /// The pseudo-header field a name (colon included) denotes, if defined.
    pub(crate) fn from_name(name: &[u8]) -> Option<Self> {
        Some(match name {
            b":method" => Self::Method,
            b":scheme" => Self::Scheme,
            b":authority" => Self::Authority,
            b":path" => Self::Path,
            b":protocol" => Self::Protocol,
            b":status" => Self::Status,
            _ => return None,
        })
    }

    /// The field name, colon included.
    pub(crate) const fn name(self) -> &'static str {
        match self {
            Self::Method => ":method",
            Self::Scheme => ":scheme",
            Self::Authority => ":authority",
            Self::Path => ":path",
            Self::Protocol => ":protocol",
            Self::Status => ":status",
        }
    }

    /// Defined for requests (all but `:status`).
    pub(crate) const fn is_request(self) -> bool {
        !matches!(self, Self::Status)
    }
}

/// The pseudo-header values of one block, each recorded at most once.
#[derive(Debug, Default)]
pub(crate) struct PseudoValues<'a> {
    values: [Option<&'a Bytes>; 6],
}

impl<'a> PseudoValues<'a> {
    /// Record a value.
    ///
    /// RFC 9113 §8.3: "The same pseudo-header field name MUST NOT appear more
    /// than once in a field block."
    pub(crate) fn insert(&mut self, pseudo: Pseudo, value: &'a Bytes) -> Result<(), HeaderError> {
        let slot = &mut self.values[pseudo as usize];
        if slot.is_some() {
            return Err(HeaderError::DuplicatePseudoHeader(pseudo.name()));
        }
        *slot = Some(value);
        Ok(())
    }

    /// Record a value unless one is already there (the first one wins): for
    /// reading a block that is not being validated.
    pub(crate) fn insert_first(&mut self, pseudo: Pseudo, value: &'a Bytes) {
        self.values[pseudo as usize].get_or_insert(value);
    }

    /// The value recorded for `pseudo`.
    pub(crate) fn get(&self, pseudo: Pseudo) -> Option<&'a Bytes> {
        self.values[pseudo as usize]
    }

    /// The first recorded pseudo-header field among `candidates`.
    pub(crate) fn first_present(
        &self,
        candidates: impl IntoIterator<Item = Pseudo>,
    ) -> Option<Pseudo> {
        candidates.into_iter().find(|&p| self.get(p).is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_nothing_else_is_a_pseudo_header() {
        for pseudo in Pseudo::ALL {
            assert_eq!(Pseudo::from_name(pseudo.name().as_bytes()), Some(pseudo));
        }
        for name in [&b":"[..], b":Method", b"method", b":methods", b":host", b""] {
            assert_eq!(Pseudo::from_name(name), None);
        }
    }

    #[test]
    fn second_insert_is_duplicate_pseudo_header() {
        let a = Bytes::from_static(b"GET");
        let mut values = PseudoValues::default();
        assert_eq!(values.insert(Pseudo::Method, &a), Ok(()));
        assert_eq!(
            values.insert(Pseudo::Method, &a),
            Err(HeaderError::DuplicatePseudoHeader(":method"))
        );
        assert_eq!(values.get(Pseudo::Method), Some(&a));
        assert_eq!(values.get(Pseudo::Path), None);
    }
}
