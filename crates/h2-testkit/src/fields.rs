//! Header lists for tests.

use h2_hpack::HeaderField;

/// A request: `:method`, `:scheme` https, `:authority` example.com,
/// `:path`.
pub fn request(method: &'static str, path: &'static str) -> Vec<HeaderField> {
    vec![
        HeaderField::new(":method", method),
        HeaderField::new(":scheme", "https"),
        HeaderField::new(":authority", "example.com"),
        HeaderField::new(":path", path),
    ]
}

/// A request with a `content-length`.
pub fn request_with_length(
    method: &'static str,
    path: &'static str,
    length: usize,
) -> Vec<HeaderField> {
    let mut fields = request(method, path);
    fields.push(HeaderField::new("content-length", length.to_string()));
    fields
}

/// A response with `:status`.
pub fn response(status: u16) -> Vec<HeaderField> {
    vec![HeaderField::new(":status", status.to_string())]
}

/// A response with `:status` and a `content-length`.
pub fn response_with_length(status: u16, length: usize) -> Vec<HeaderField> {
    let mut fields = response(status);
    fields.push(HeaderField::new("content-length", length.to_string()));
    fields
}

/// Regular fields, e.g. a trailer section.
pub fn list(pairs: &[(&'static str, &'static str)]) -> Vec<HeaderField> {
    pairs
        .iter()
        .map(|&(name, value)| HeaderField::new(name, value))
        .collect()
}
