//! `:authority` and `host`: their syntax, and whether two of them name the
//! same origin (RFC 9113 §8.3.1, RFC 3986 §3.2 and §6.2.3).

use super::charset::is_authority_byte;

/// Only authority characters (RFC 3986 §3.2); empty is allowed here, the
/// callers decide whether an authority is required.
pub(crate) fn is_valid(value: &[u8]) -> bool {
    value.iter().all(|&b| is_authority_byte(b))
}

/// Whether the authority carries a userinfo subcomponent (`user@host`).
pub(crate) fn has_userinfo(value: &[u8]) -> bool {
    value.contains(&b'@')
}

/// An http or https scheme, whose URIs always have an authority
/// (RFC 9110 §4.2.1, §4.2.2) and whose default ports are known.
pub(crate) fn default_port(scheme: &[u8]) -> Option<&'static [u8]> {
    if scheme.eq_ignore_ascii_case(b"http") {
        Some(b"80")
    } else if scheme.eq_ignore_ascii_case(b"https") {
        Some(b"443")
    } else {
        None
    }
}

/// Whether `:authority` and `host` identify the same entity after
/// scheme-based normalisation (RFC 3986 §6.2.3): hosts compare without regard
/// to case, and an empty port or the scheme's default port equals no port.
///
/// RFC 9113 §8.3.1: "The values of fields need to be normalized to compare
/// them ... other servers MUST perform scheme-based normalization".
pub(crate) fn same_origin(authority: &[u8], host: &[u8], scheme: Option<&[u8]>) -> bool {
    let default = scheme.and_then(default_port);
    let (a_host, a_port) = split_port(authority);
    let (h_host, h_port) = split_port(host);
    a_host.eq_ignore_ascii_case(h_host)
        && normal_port(a_port, default) == normal_port(h_port, default)
}

/// Split `host[:port]`; an IP literal's colons are inside brackets.
fn split_port(authority: &[u8]) -> (&[u8], &[u8]) {
    let host_end = if authority.first() == Some(&b'[') {
        authority
            .iter()
            .position(|&b| b == b']')
            .map_or(authority.len(), |i| i + 1)
    } else {
        authority
            .iter()
            .position(|&b| b == b':')
            .unwrap_or(authority.len())
    };
    let (host, rest) = authority.split_at(host_end);
    (host, rest.strip_prefix(b":").unwrap_or(rest))
}

/// The port with "none", "empty" and "the default" made equal.
fn normal_port<'a>(port: &'a [u8], default: Option<&[u8]>) -> &'a [u8] {
    if Some(port) == default {
        b""
    } else {
        port
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax() {
        assert!(is_valid(b"example.com:8443"));
        assert!(is_valid(b"[::1]:80"));
        assert!(is_valid(b""));
        for bad in [
            &b"exa mple.com"[..],
            b"example.com/",
            b"a\"b",
            b"host\x00",
            b"h\xc3\xa9",
        ] {
            assert!(!is_valid(bad), "{bad:?}");
        }
        assert!(has_userinfo(b"user:pw@example.com"));
        assert!(!has_userinfo(b"example.com"));
    }

    #[test]
    fn same_origin_normalises_case_and_default_port() {
        let http = Some(&b"http"[..]);
        let https = Some(&b"https"[..]);
        assert!(same_origin(b"example.com", b"example.com", http));
        assert!(same_origin(b"Example.COM", b"example.com", http));
        assert!(same_origin(b"example.com:80", b"example.com", http));
        assert!(same_origin(b"example.com", b"example.com:", http));
        assert!(same_origin(b"example.com:443", b"EXAMPLE.com", https));
        assert!(same_origin(b"[::1]:443", b"[::1]", https));
        assert!(same_origin(b"example.com:8080", b"example.com:8080", None));
    }

    #[test]
    fn different_origins_differ() {
        let http = Some(&b"http"[..]);
        assert!(!same_origin(b"example.com", b"example.org", http));
        assert!(!same_origin(b"example.com:443", b"example.com", http));
        assert!(!same_origin(b"example.com:8080", b"example.com", http));
        assert!(!same_origin(b"example.com:80", b"example.com", None));
        assert!(!same_origin(b"[::1]:80", b"[::2]:80", http));
    }
}
