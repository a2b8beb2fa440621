//! The `priority` header field and PRIORITY_UPDATE field value: Extensible
//! Prioritization Scheme for HTTP (RFC 9218 §4, §5).

use super::structured_field::{parse_dictionary, BareValue};

/// Priority parameters of a response (RFC 9218 §4): an urgency from 0 (most
/// urgent) to 7, and whether the response can be delivered incrementally.
///
/// Carried by the `priority` header field of a request and by PRIORITY_UPDATE
/// frames, both as a Structured Field Dictionary such as `u=1, i`.
///
/// ```
/// # use h2_proto::Priority;
/// let p = Priority::parse(b"u=1, i").unwrap();
/// assert_eq!((p.urgency(), p.incremental()), (1, true));
/// assert_eq!(p.field_value(), "u=1, i");
/// assert_eq!(Priority::default().field_value(), "");
/// // Out-of-range or mistyped parameters are ignored; malformed fields are not priorities.
/// assert_eq!(Priority::parse(b"u=9, i=?1"), Priority::new(3, true));
/// assert_eq!(Priority::parse(b"u=1,"), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Priority {
    urgency: u8,
    incremental: bool,
}

impl Priority {
    /// The urgency when `u` is absent (RFC 9218 §4.1).
    pub const DEFAULT_URGENCY: u8 = 3;
    /// The least urgent level (RFC 9218 §4.1: "between 0 and 7 inclusive").
    pub const MAX_URGENCY: u8 = 7;

    /// Priority with this urgency and incremental flag; `None` when
    /// `urgency` is above [`Priority::MAX_URGENCY`].
    pub const fn new(urgency: u8, incremental: bool) -> Option<Self> {
        if urgency > Self::MAX_URGENCY {
            None
        } else {
            Some(Self {
                urgency,
                incremental,
            })
        }
    }

    /// Urgency, 0 (highest) to 7 (lowest).
    pub const fn urgency(self) -> u8 {
        self.urgency
    }

    /// Whether the response can be processed incrementally (RFC 9218 §4.2).
    pub const fn incremental(self) -> bool {
        self.incremental
    }

    /// Parse one field value (one `priority` field line, or the Priority
    /// Field Value of a PRIORITY_UPDATE frame).
    ///
    /// `None` when the value is not a Structured Field Dictionary (RFC 8941
    /// §4.2: the field is then ignored). Unknown keys, and `u` or `i` with an
    /// unexpected type or an out-of-range value, are ignored (RFC 9218 §4),
    /// leaving the default for that parameter.
    pub fn parse(field_value: &[u8]) -> Option<Self> {
        let mut lines = FieldLines::default();
        lines.push(field_value);
        lines.finish()
    }

    /// The field value that carries this priority, defaults omitted
    /// (RFC 9218 §4.1, §4.2): `""`, `"i"`, `"u=0"`, `"u=0, i"`, ...
    pub const fn field_value(self) -> &'static str {
        const VALUES: [[&str; 2]; 8] = [
            ["u=0", "u=0, i"],
            ["u=1", "u=1, i"],
            ["u=2", "u=2, i"],
            ["", "i"],
            ["u=4", "u=4, i"],
            ["u=5", "u=5, i"],
            ["u=6", "u=6, i"],
            ["u=7", "u=7, i"],
        ];
        VALUES[self.urgency as usize][self.incremental as usize]
    }
}

impl Default for Priority {
    /// `u=3`, not incremental (RFC 9218 §4.1, §4.2).
    fn default() -> Self {
        Self {
            urgency: Self::DEFAULT_URGENCY,
            incremental: false,
        }
    }
}

/// Accumulates every `priority` field line of a block, as if they were
/// combined into one value with `", "` (RFC 9110 §5.3, RFC 8941 §4.2), without
/// building the combined value.
#[derive(Debug, Default)]
pub(crate) struct FieldLines {
    lines: usize,
    any_blank: bool,
    malformed: bool,
    /// The last `u` and `i` values seen: later members override earlier ones.
    urgency: Option<BareValue>,
    incremental: Option<BareValue>,
}

impl FieldLines {
    /// Add the next field line.
    pub(crate) fn push(&mut self, line: &[u8]) {
        self.lines += 1;
        if self.malformed {
            return;
        }
        // In the combined value a later line follows ", ", where optional
        // whitespace is allowed; a blank line leaves an empty list member.
        let line = if self.lines > 1 {
            trim_leading_ows(line)
        } else {
            line
        };
        if line.iter().all(|&b| b == b' ' || b == b'\t') {
            self.any_blank = true;
        }
        let parsed = parse_dictionary(line, |key, value| match key {
            b"u" => self.urgency = Some(value),
            b"i" => self.incremental = Some(value),
            _ => {}
        });
        if parsed.is_err() {
            self.malformed = true;
        }
    }

    /// The priority the lines carry, or `None` when there were none or their
    /// combination does not parse.
    pub(crate) fn finish(&self) -> Option<Priority> {
        if self.lines == 0 || self.malformed || (self.lines > 1 && self.any_blank) {
            return None;
        }
        let urgency = match self.urgency {
            Some(BareValue::Integer(u @ 0..=7)) => u as u8,
            _ => Priority::DEFAULT_URGENCY,
        };
        let incremental = matches!(self.incremental, Some(BareValue::Boolean(true)));
        Some(Priority {
            urgency,
            incremental,
        })
    }
}

fn trim_leading_ows(line: &[u8]) -> &[u8] {
    let start = line
        .iter()
        .position(|&b| b != b' ' && b != b'\t')
        .unwrap_or(line.len());
    &line[start..]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(urgency: u8, incremental: bool) -> Option<Priority> {
        Priority::new(urgency, incremental)
    }

    #[test]
    fn rfc_9218_examples_parse() {
        assert_eq!(Priority::parse(b"u=5"), p(5, false));
        assert_eq!(Priority::parse(b"u=0, i"), p(0, true));
        assert_eq!(Priority::parse(b"i"), p(3, true));
        assert_eq!(Priority::parse(b"i=?1"), p(3, true));
        assert_eq!(Priority::parse(b"i=?0, u=7"), p(7, false));
        assert_eq!(Priority::parse(b""), p(3, false));
    }

    #[test]
    fn unknown_keys_and_parameters_are_ignored() {
        assert_eq!(
            Priority::parse(br#"foo="a,b", u=2;x=1, bar=(1 2), i;y"#),
            p(2, true)
        );
    }

    /// RFC 9218 §4: "parameters with out-of-range values, or values of
    /// unexpected types MUST be ignored".
    #[test]
    fn out_of_range_or_mistyped_parameters_fall_back_to_defaults() {
        for value in [
            &b"u=8"[..],
            b"u=-1",
            b"u=1.0",
            b"u=?1",
            b"u=\"1\"",
            b"u=(1)",
            b"u",
        ] {
            assert_eq!(Priority::parse(value), p(3, false), "{value:?}");
        }
        for value in [&b"i=1"[..], b"i=?0", b"i=tok", b"i=(?1)"] {
            assert_eq!(Priority::parse(value), p(3, false), "{value:?}");
        }
    }

    /// RFC 8941 §4.2: a later duplicate key overrides, even with a bad value.
    #[test]
    fn last_duplicate_key_wins() {
        assert_eq!(Priority::parse(b"u=1, u=6"), p(6, false));
        assert_eq!(Priority::parse(b"u=1, u=9"), p(3, false));
        assert_eq!(Priority::parse(b"i, i=?0"), p(3, false));
    }

    /// A malformed field is ignored, not an error: it reads as no priority.
    #[test]
    fn malformed_field_is_none() {
        for value in [&b"u=1,"[..], b"U=1", b"u=1;", b"u=1 i", b"\tu=1", b"u=\x01"] {
            assert_eq!(Priority::parse(value), None, "{value:?}");
        }
    }

    #[test]
    fn several_field_lines_combine() {
        let mut lines = FieldLines::default();
        lines.push(b"u=1");
        lines.push(b"i");
        assert_eq!(lines.finish(), p(1, true));

        let mut later_wins = FieldLines::default();
        later_wins.push(b"u=1, i");
        later_wins.push(b"u=4");
        assert_eq!(later_wins.finish(), p(4, true));
    }

    /// "u=1" and "" combine to "u=1, ", a trailing comma.
    #[test]
    fn blank_line_among_several_makes_the_field_malformed() {
        let mut lines = FieldLines::default();
        lines.push(b"u=1");
        lines.push(b"");
        assert_eq!(lines.finish(), None);
    }

    #[test]
    fn one_malformed_line_spoils_the_combination() {
        let mut lines = FieldLines::default();
        lines.push(b"u=1");
        lines.push(b"u=2,");
        lines.push(b"i");
        assert_eq!(lines.finish(), None);
        assert_eq!(FieldLines::default().finish(), None);
    }

    /// Every priority serialises to a value that parses back to it.
    #[test]
    fn field_value_round_trips_for_all_sixteen_priorities() {
        for urgency in 0..=7 {
            for incremental in [false, true] {
                let priority = Priority::new(urgency, incremental).unwrap();
                assert_eq!(
                    Priority::parse(priority.field_value().as_bytes()),
                    Some(priority)
                );
            }
        }
        assert_eq!(Priority::new(8, false), None);
        assert_eq!(Priority::default(), Priority::new(3, false).unwrap());
    }
}
