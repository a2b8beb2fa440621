//! The client connection preface (RFC 9113 §3.4).

/// The 24 octets a client sends before its first frame (RFC 9113 §3.4):
/// `PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n`.
pub const PREFACE: &[u8; 24] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
