//! What the server answers: the routes, their bodies, and the JSON the echo
//! writes. Nothing here knows about HTTP/2 framing; the connection driver
//! (`connection.rs`) sends what [`route`] decides.

use std::fs::File;
use std::path::{Component, Path, PathBuf};

use bytes::BytesMut;
use h2_proto::{Bytes, HeaderField};

/// The home page. It links the stylesheet, which the server pushes along
/// with it when the client allows server push.
pub(crate) const INDEX_HTML: &str = "<!doctype html>\n\
<html><head><meta charset=\"utf-8\"><title>h2-proto example server</title>\n\
<link rel=\"stylesheet\" href=\"/style.css\"></head>\n\
<body><h1>Hello over HTTP/2</h1>\n\
<p>Try <a href=\"/echo\">/echo</a>.</p></body></html>\n";

/// The stylesheet the home page links.
pub(crate) const STYLE_CSS: &str =
    "body { font-family: sans-serif; margin: 2em; }\nh1 { color: #336; }\n";

/// The path of the stylesheet, as pushed.
pub(crate) const STYLE_PATH: &str = "/style.css";

/// What closes the echo's JSON object after the body string.
pub(crate) const ECHO_TAIL: &[u8] = b"\"}\n";

/// The request as the routes see it: the pseudo-header fields pulled out,
/// every field kept for the echo.
#[derive(Debug)]
pub(crate) struct Request {
    pub(crate) method: Bytes,
    pub(crate) scheme: Bytes,
    pub(crate) authority: Bytes,
    /// `:path`, query included.
    pub(crate) path: Bytes,
    /// Every field as received, pseudo-header fields first.
    pub(crate) headers: Vec<HeaderField>,
}

impl Request {
    /// Pulls the pseudo-header fields out of a header list that h2-proto
    /// has validated already (RFC 9113 §8.3.1: each appears once).
    pub(crate) fn from_headers(headers: Vec<HeaderField>) -> Self {
        let mut request = Self {
            method: Bytes::new(),
            scheme: Bytes::new(),
            authority: Bytes::new(),
            path: Bytes::new(),
            headers: Vec::new(),
        };
        for field in &headers {
            match &field.name[..] {
                b":method" => request.method = field.value.clone(),
                b":scheme" => request.scheme = field.value.clone(),
                b":authority" => request.authority = field.value.clone(),
                b":path" => request.path = field.value.clone(),
                // HTTP/1.1-style authority, when a client sends host alone.
                b"host" if request.authority.is_empty() => request.authority = field.value.clone(),
                _ => {}
            }
        }
        request.headers = headers;
        request
    }
}

/// How a response body is produced.
#[derive(Debug)]
pub(crate) enum Body {
    /// All of it, now.
    Bytes(Bytes),
    /// A file, read and sent as the flow-control window opens.
    File { file: File, length: u64 },
    /// The echo of a request whose body is still arriving: `head` now, then
    /// each DATA payload escaped into the JSON string, then [`ECHO_TAIL`].
    Echo { head: Bytes },
}

/// The response: status, fields after `:status`, body.
#[derive(Debug)]
pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) headers: Vec<HeaderField>,
    pub(crate) body: Body,
    /// Push the stylesheet along with this response, if the client allows.
    pub(crate) push_stylesheet: bool,
}

/// Decides the response to `request`.
///
/// `complete_body` is `Some(body)` when the whole request is in already
/// (a request that ended with its headers has `Some(b"")`), `None` when its
/// body is still arriving.
pub(crate) fn route(
    request: &Request,
    dir: Option<&Path>,
    complete_body: Option<&[u8]>,
) -> Response {
    let method = &request.method[..];
    let path = path_without_query(&request.path);
    match path {
        // The page also answers POST (a form posting back to it; the body
        // is read and dropped), which conformance suites send to `/`.
        b"/" | b"/index.html" if method == b"POST" => {
            static_route(b"GET", "text/html; charset=utf-8", INDEX_HTML, false)
        }
        b"/" | b"/index.html" => static_route(method, "text/html; charset=utf-8", INDEX_HTML, true),
        b"/style.css" => static_route(method, "text/css", STYLE_CSS, false),
        b"/echo" => match method {
            b"GET" | b"POST" => echo(request, complete_body),
            _ => not_allowed("GET, POST"),
        },
        _ => match dir.and_then(|dir| file_under(dir, path)) {
            Some(file) => match method {
                b"GET" | b"HEAD" => file_response(file),
                _ => not_allowed("GET, HEAD"),
            },
            None => text(404, "not found\n"),
        },
    }
}

fn static_route(
    method: &[u8],
    content_type: &'static str,
    body: &'static str,
    push: bool,
) -> Response {
    match method {
        b"GET" | b"HEAD" => Response {
            status: 200,
            headers: vec![
                HeaderField::new("content-type", content_type),
                HeaderField::new("content-length", body.len().to_string()),
            ],
            body: Body::Bytes(Bytes::from_static(body.as_bytes())),
            push_stylesheet: push,
        },
        _ => not_allowed("GET, HEAD"),
    }
}

/// `{"headers":{...},"body":"..."}`: with a content-length when the whole
/// request is in, streamed (no content-length) while the body arrives.
fn echo(request: &Request, complete_body: Option<&[u8]>) -> Response {
    let mut json = echo_head(request);
    let content_type = HeaderField::new("content-type", "application/json");
    match complete_body {
        Some(body) => {
            escape_json_bytes(body, &mut json);
            json.extend_from_slice(ECHO_TAIL);
            Response {
                status: 200,
                headers: vec![
                    content_type,
                    HeaderField::new("content-length", json.len().to_string()),
                ],
                body: Body::Bytes(json.freeze()),
                push_stylesheet: false,
            }
        }
        None => Response {
            status: 200,
            headers: vec![content_type],
            body: Body::Echo {
                head: json.freeze(),
            },
            push_stylesheet: false,
        },
    }
}

/// The echo's JSON up to the opening quote of the body string.
fn echo_head(request: &Request) -> BytesMut {
    let mut json = BytesMut::with_capacity(256);
    json.extend_from_slice(b"{\"headers\":{");
    for (i, field) in request.headers.iter().enumerate() {
        if i > 0 {
            json.extend_from_slice(b",");
        }
        json.extend_from_slice(b"\"");
        escape_json_bytes(&field.name, &mut json);
        json.extend_from_slice(b"\":\"");
        escape_json_bytes(&field.value, &mut json);
        json.extend_from_slice(b"\"");
    }
    json.extend_from_slice(b"},\"body\":\"");
    json
}

/// Appends `bytes` as the inside of a JSON string. Each byte stands for the
/// code point of the same value, so any body (text or not) round-trips and
/// a chunk boundary can never split a character: printable ASCII is copied,
/// `"` and `\` are escaped, every other byte becomes `\u00XX`.
pub(crate) fn escape_json_bytes(bytes: &[u8], out: &mut BytesMut) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.reserve(bytes.len());
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\' {
            continue;
        }
        out.extend_from_slice(&bytes[start..i]);
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            _ => out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 0xf)],
            ]),
        }
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
}

fn path_without_query(path: &[u8]) -> &[u8] {
    match path.iter().position(|&b| b == b'?' || b == b'#') {
        Some(end) => &path[..end],
        None => path,
    }
}

/// The regular file `path` names under `dir`, refusing anything that could
/// climb out of it (`..`, absolute components, NUL, percent-escapes we do
/// not decode).
fn file_under(dir: &Path, path: &[u8]) -> Option<PathBuf> {
    let relative = std::str::from_utf8(path.strip_prefix(b"/")?).ok()?;
    if relative.is_empty() || relative.contains(['\0', '%', '\\']) {
        return None;
    }
    let relative = Path::new(relative);
    if !relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let full = dir.join(relative);
    full.is_file().then_some(full)
}

fn file_response(path: PathBuf) -> Response {
    let opened = File::open(&path).and_then(|file| Ok((file.metadata()?.len(), file)));
    let Ok((length, file)) = opened else {
        return text(403, "cannot read file\n");
    };
    Response {
        status: 200,
        headers: vec![
            HeaderField::new("content-type", content_type(&path)),
            HeaderField::new("content-length", length.to_string()),
        ],
        body: Body::File { file, length },
        push_stylesheet: false,
    }
}

/// The content type by file extension; a short list is enough for an example.
fn content_type(path: &Path) -> &'static str {
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    match extension.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css",
        "js" => "text/javascript",
        "json" => "application/json",
        "txt" | "md" | "rs" | "toml" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

fn not_allowed(allow: &'static str) -> Response {
    let mut response = text(405, "method not allowed\n");
    response.headers.push(HeaderField::new("allow", allow));
    response
}

fn text(status: u16, body: &'static str) -> Response {
    Response {
        status,
        headers: vec![
            HeaderField::new("content-type", "text/plain; charset=utf-8"),
            HeaderField::new("content-length", body.len().to_string()),
        ],
        body: Body::Bytes(Bytes::from_static(body.as_bytes())),
        push_stylesheet: false,
    }
}
