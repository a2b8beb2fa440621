//! An HTTP/2 client on tokio, built on the sans-IO `h2_proto::Connection`:
//! fetches one URL and prints the status, the header fields and the body.
//!
//! ```text
//! cargo run -p h2-proto --example client -- [OPTIONS] URL
//!   http://...             HTTP/2 with prior knowledge (RFC 9113 §3.3)
//!   --upgrade http://...   HTTP/1.1 with Upgrade: h2c first (RFC 7540 §3.2)
//!   https://...            TLS with ALPN h2 (RFC 9113 §3.2)
//!   -X METHOD              the method (default GET, or POST with -d)
//!   -H 'name: value'       an extra request header field (repeatable)
//!   -d @FILE | -d TEXT     upload a body, as the flow-control window allows
//!   -I                     HEAD: the header fields only
//!   -o FILE                write the body to FILE instead of stdout
//!   -k                     accept any server certificate
//!   --cacert PEM           trust the certificates in PEM (default: the system's)
//! ```
//!
//! Files: `main.rs` (options and the exchange), `upgrade.rs` (the h2c
//! handshake), `tls.rs`.

mod tls;
mod upgrade;

use std::fs::File;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use bytes::{Buf, BytesMut};
use h2_proto::{
    Bytes, Config, Connection, ErrorCode, Event, HeaderField, Setting, SettingId, StreamId,
};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;

/// Our receive window per stream (SETTINGS_INITIAL_WINDOW_SIZE): downloads
/// are not held up by round trips; what the server can make us buffer is
/// bounded by it.
const STREAM_WINDOW: u32 = 1 << 20;
/// Our receive window for the connection, opened right after the preface.
const CONNECTION_WINDOW: u32 = 16 << 20;
/// The most upload read from a file at a time.
const UPLOAD_CHUNK: usize = 64 << 10;
/// How much is read from the socket at a time.
const READ_CHUNK: usize = 64 << 10;

const USAGE: &str = "usage: client [--upgrade] [-X METHOD] [-H 'name: value']... [-d @FILE|-d TEXT] [-I] [-o FILE] [-k] [--cacert PEM] URL";

/// The command line.
#[derive(Debug, Default)]
pub(crate) struct Options {
    pub(crate) url: Url,
    pub(crate) upgrade: bool,
    pub(crate) method: Option<String>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) data: Option<Data>,
    pub(crate) head: bool,
    pub(crate) output: Option<PathBuf>,
    pub(crate) insecure: bool,
    pub(crate) cacert: Option<PathBuf>,
}

/// A request body from the command line.
#[derive(Debug)]
pub(crate) enum Data {
    File(PathBuf),
    Text(String),
}

/// An `http://` or `https://` URL, split.
#[derive(Debug, Default)]
pub(crate) struct Url {
    pub(crate) https: bool,
    pub(crate) host: String,
    pub(crate) port: u16,
    /// `host:port` as written (the port only when given).
    pub(crate) authority: String,
    /// Path and query.
    pub(crate) path: String,
}

impl Options {
    pub(crate) fn parse(mut args: impl Iterator<Item = String>) -> Result<Self, String> {
        let mut options = Self::default();
        let mut url = None;
        while let Some(arg) = args.next() {
            let mut value = || args.next().ok_or(format!("{arg} needs a value"));
            match arg.as_str() {
                "--upgrade" => options.upgrade = true,
                "-X" | "--request" => options.method = Some(value()?),
                "-H" | "--header" => {
                    let field = value()?;
                    let (name, value) = field
                        .split_once(':')
                        .ok_or(format!("-H {field:?}: expected 'name: value'"))?;
                    options
                        .headers
                        .push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
                }
                "-d" | "--data" => {
                    let data = value()?;
                    options.data = Some(match data.strip_prefix('@') {
                        Some(path) => Data::File(path.into()),
                        None => Data::Text(data),
                    });
                }
                "-I" | "--head" => options.head = true,
                "-o" | "--output" => options.output = Some(value()?.into()),
                "-k" | "--insecure" => options.insecure = true,
                "--cacert" => options.cacert = Some(value()?.into()),
                "-h" | "--help" => return Err(USAGE.into()),
                _ if arg.starts_with('-') => return Err(format!("unknown option {arg}\n{USAGE}")),
                _ => url = Some(Url::parse(&arg)?),
            }
        }
        options.url = url.ok_or(USAGE)?;
        if options.upgrade && options.url.https {
            return Err("--upgrade is for http:// URLs (h2c); https:// uses ALPN".into());
        }
        Ok(options)
    }

    fn method(&self) -> &str {
        match (&self.method, self.head, &self.data) {
            (Some(method), _, _) => method,
            (None, true, _) => "HEAD",
            (None, false, Some(_)) => "POST",
            (None, false, None) => "GET",
        }
    }
}

impl Url {
    fn parse(url: &str) -> Result<Self, String> {
        let (https, rest) = if let Some(rest) = url.strip_prefix("https://") {
            (true, rest)
        } else if let Some(rest) = url.strip_prefix("http://") {
            (false, rest)
        } else {
            return Err(format!("{url}: only http:// and https:// URLs"));
        };
        let (authority, path) = match rest.find('/') {
            Some(slash) => (&rest[..slash], &rest[slash..]),
            None => (rest, "/"),
        };
        // `[v6]:port`, `host:port` or `host`.
        let (host, port) = match authority.rsplit_once(':') {
            Some((host, port)) if !port.contains(']') => {
                (host, port.parse().map_err(|e| format!("{url}: port: {e}"))?)
            }
            _ => (authority, if https { 443 } else { 80 }),
        };
        let host = host.trim_start_matches('[').trim_end_matches(']');
        if host.is_empty() {
            return Err(format!("{url}: no host"));
        }
        Ok(Self {
            https,
            host: host.to_string(),
            port,
            authority: authority.to_string(),
            path: path.to_string(),
        })
    }
}

fn main() -> ExitCode {
    let options = match Options::parse(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("client: cannot start the runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let mut stdout = std::io::stdout().lock();
    let mut file = match &options.output {
        Some(path) => match File::create(path) {
            Ok(file) => Some(file),
            Err(error) => {
                eprintln!("client: {}: {error}", path.display());
                return ExitCode::FAILURE;
            }
        },
        None => None,
    };
    let result = match &mut file {
        Some(file) => {
            let mut head = std::io::stdout();
            runtime.block_on(fetch(&options, &mut head, file))
        }
        None => runtime.block_on(fetch(&options, &mut std::io::stdout(), &mut stdout)),
    };
    match result {
        Ok(_) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("client: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The client's connection configuration: push disabled (we never asked
/// for pushed responses), larger windows.
fn client_config() -> Config {
    let mut config = Config::client();
    // Both values are in range, so this cannot fail.
    let _ = config.local_settings.apply(&[
        Setting::new(SettingId::ENABLE_PUSH, 0),
        Setting::new(SettingId::INITIAL_WINDOW_SIZE, STREAM_WINDOW),
    ]);
    config
}

/// Fetches `options.url`: writes the status line and header fields to
/// `head`, the body to `body`, and returns the status.
pub(crate) async fn fetch(
    options: &Options,
    head: &mut dyn Write,
    body: &mut dyn Write,
) -> Result<u16, String> {
    let url = &options.url;
    let socket = TcpStream::connect((url.host.as_str(), url.port))
        .await
        .map_err(|e| format!("connect to {}:{}: {e}", url.host, url.port))?;
    let _ = socket.set_nodelay(true);
    let mut conn = Connection::new(client_config());
    let mut upload = Upload::open(options.data.as_ref())?;

    if url.https {
        let stream = tls::connect(
            socket,
            &url.host,
            options.insecure,
            options.cacert.as_deref(),
        )
        .await?;
        let id = open_stream(&mut conn, options, &upload)?;
        let (reader, writer) = tokio::io::split(stream);
        return exchange(conn, reader, writer, Vec::new(), id, upload, head, body).await;
    }
    if options.upgrade {
        // The body of an upgrade request travels in HTTP/1.1, before the switch.
        let request_body = upload.read_all()?;
        let mut socket = socket;
        let received = upgrade::handshake(&mut socket, &mut conn, options, &request_body).await?;
        let (reader, writer) = socket.into_split();
        let id = StreamId::new(1);
        return exchange(conn, reader, writer, received, id, Upload::None, head, body).await;
    }
    let id = open_stream(&mut conn, options, &upload)?;
    let (reader, writer) = socket.into_split();
    exchange(conn, reader, writer, Vec::new(), id, upload, head, body).await
}

/// Queues the preface and SETTINGS, and the request's HEADERS.
fn open_stream(
    conn: &mut Connection,
    options: &Options,
    upload: &Upload,
) -> Result<StreamId, String> {
    conn.initiate_connection().map_err(|e| e.to_string())?;
    let _ = conn.increment_flow_control_window(CONNECTION_WINDOW - 65_535, None);
    let url = &options.url;
    let mut fields = vec![
        HeaderField::new(":method", options.method().to_string()),
        HeaderField::new(":scheme", if url.https { "https" } else { "http" }),
        HeaderField::new(":authority", url.authority.clone()),
        HeaderField::new(":path", url.path.clone()),
    ];
    fields.extend(request_fields(options, upload.length()));
    let id = conn
        .get_next_available_stream_id()
        .map_err(|e| e.to_string())?;
    let end_stream = !matches!(upload.length(), Some(n) if n > 0);
    conn.send_headers(id, fields, end_stream)
        .map_err(|e| format!("cannot send the request: {e}"))?;
    Ok(id)
}

/// The regular request fields: ours, then the user's `-H` ones.
pub(crate) fn request_fields(options: &Options, body_length: Option<u64>) -> Vec<HeaderField> {
    let mut fields = vec![
        HeaderField::new("user-agent", "h2-proto-example-client"),
        HeaderField::new("accept", "*/*"),
    ];
    if let Some(length) = body_length {
        fields.push(HeaderField::new("content-length", length.to_string()));
        if !options
            .headers
            .iter()
            .any(|(name, _)| name == "content-type")
        {
            fields.push(HeaderField::new("content-type", "application/octet-stream"));
        }
    }
    for (name, value) in &options.headers {
        fields.push(HeaderField::new(name.clone(), value.clone()));
    }
    fields
}

/// The request body still to send.
enum Upload {
    None,
    Text(Bytes),
    File { file: File, remaining: u64 },
}

impl Upload {
    fn open(data: Option<&Data>) -> Result<Self, String> {
        Ok(match data {
            None => Self::None,
            Some(Data::Text(text)) => Self::Text(Bytes::from(text.clone().into_bytes())),
            Some(Data::File(path)) => {
                let file = File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
                let remaining = file.metadata().map_err(|e| e.to_string())?.len();
                Self::File { file, remaining }
            }
        })
    }

    /// The body's length, known up front (content-length).
    fn length(&self) -> Option<u64> {
        match self {
            Self::None => None,
            Self::Text(text) => Some(text.len() as u64),
            Self::File { remaining, .. } => Some(*remaining),
        }
    }

    /// All of it (for the HTTP/1.1 request of an upgrade).
    fn read_all(&mut self) -> Result<Vec<u8>, String> {
        match std::mem::replace(self, Self::None) {
            Self::None => Ok(Vec::new()),
            Self::Text(text) => Ok(text.to_vec()),
            Self::File { mut file, .. } => {
                let mut all = Vec::new();
                file.read_to_end(&mut all).map_err(|e| e.to_string())?;
                Ok(all)
            }
        }
    }

    /// Sends what the flow-control windows allow, with END_STREAM on the
    /// last piece.
    fn send_some(&mut self, conn: &mut Connection, id: StreamId) -> Result<(), String> {
        loop {
            let left = match self {
                Self::None => return Ok(()),
                Self::Text(text) => text.len() as u64,
                Self::File { remaining, .. } => *remaining,
            };
            // "the sender MUST NOT send a flow-controlled frame with a
            // length that exceeds the space available" (RFC 9113 §6.9.1).
            let window = match conn.local_flow_control_window(id) {
                Ok(window) => usize::try_from(window).unwrap_or(0),
                // The server answered and closed the stream early: stop.
                Err(_) => {
                    *self = Self::None;
                    return Ok(());
                }
            };
            let n = window
                .min(conn.max_outbound_frame_size() as usize)
                .min(UPLOAD_CHUNK)
                .min(usize::try_from(left).unwrap_or(usize::MAX));
            if n == 0 {
                return Ok(());
            }
            let chunk = match self {
                Self::Text(text) => text.split_to(n),
                Self::File { file, remaining } => {
                    let mut buf = vec![0; n];
                    file.read_exact(&mut buf)
                        .map_err(|e| format!("reading the upload: {e}"))?;
                    *remaining -= n as u64;
                    Bytes::from(buf)
                }
                Self::None => return Ok(()),
            };
            let last = n as u64 == left;
            conn.send_data(id, &chunk, last, None)
                .map_err(|e| format!("cannot send the body: {e}"))?;
            if last {
                *self = Self::None;
                return Ok(());
            }
        }
    }
}

/// Runs the connection until the response on `id` is complete; sends the
/// upload as the windows open and acknowledges the response body as it is
/// written out, so a large download never stalls on a closed window.
#[allow(clippy::too_many_arguments)]
async fn exchange<R, W>(
    mut conn: Connection,
    mut reader: R,
    mut writer: W,
    received: Vec<u8>,
    id: StreamId,
    mut upload: Upload,
    head: &mut dyn Write,
    body: &mut dyn Write,
) -> Result<u16, String>
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut response = Response::default();
    if !received.is_empty() {
        response.receive(&mut conn, &received, id, head, body)?;
    }
    let mut input = BytesMut::with_capacity(READ_CHUNK);
    let mut output = Bytes::new();
    let mut closing = false;
    loop {
        if output.is_empty() {
            if response.ended && !closing {
                // A complete response ends the exchange even if the upload
                // is not done (RFC 9113 §8.1): stop sending it.
                if upload.length().is_some_and(|left| left > 0) {
                    let _ = conn.reset_stream(id, ErrorCode::CANCEL);
                    upload = Upload::None;
                }
                // Done: say goodbye with GOAWAY(NO_ERROR).
                closing = true;
                let _ = conn.close_connection(ErrorCode::NO_ERROR, None, None);
            }
            upload.send_some(&mut conn, id)?;
            output = conn.data_to_send();
            if output.is_empty() && closing {
                break;
            }
        }
        tokio::select! {
            read = reader.read_buf(&mut input), if !closing => match read {
                Ok(0) => return Err("the server closed the connection before the response ended".into()),
                Ok(_) => {
                    response.receive(&mut conn, &input, id, head, body)?;
                    input.clear();
                }
                Err(error) => return Err(format!("read: {error}")),
            },
            written = writer.write(&output), if !output.is_empty() => match written {
                Ok(n) if n > 0 => output.advance(n),
                Ok(_) => return Err("write: connection closed".into()),
                Err(error) => return Err(format!("write: {error}")),
            },
        }
    }
    let _ = writer.shutdown().await;
    head.flush().map_err(|e| e.to_string())?;
    body.flush().map_err(|e| e.to_string())?;
    Ok(response.status)
}

/// What has arrived of the response.
#[derive(Default)]
struct Response {
    status: u16,
    ended: bool,
}

impl Response {
    fn receive(
        &mut self,
        conn: &mut Connection,
        bytes: &[u8],
        id: StreamId,
        head: &mut dyn Write,
        body: &mut dyn Write,
    ) -> Result<(), String> {
        let events = match conn.receive_data(bytes) {
            Ok(events) => events,
            // The GOAWAY is queued; the caller's error drops the connection.
            Err(error) => return Err(format!("connection error: {}", error.error)),
        };
        let io = |e: std::io::Error| e.to_string();
        for event in events {
            match event {
                Event::InformationalResponseReceived(e) if e.stream_id == id => {
                    print_fields(head, &e.headers).map_err(io)?;
                }
                Event::ResponseReceived(e) if e.stream_id == id => {
                    self.status = status_of(&e.headers);
                    print_fields(head, &e.headers).map_err(io)?;
                }
                Event::DataReceived(e) if e.stream_id == id => {
                    body.write_all(&e.data).map_err(io)?;
                    // Written out: the server may send that much more.
                    let _ = conn.acknowledge_received_data(e.flow_controlled_length, id);
                }
                Event::TrailersReceived(e) if e.stream_id == id => {
                    print_fields(head, &e.headers).map_err(io)?;
                }
                Event::StreamEnded(e) if e.stream_id == id => self.ended = true,
                Event::StreamReset(e) if e.stream_id == id && !self.ended => {
                    return Err(format!("the server reset the stream: {:?}", e.error_code));
                }
                Event::ConnectionTerminated(e)
                    if !self.ended
                        && (e.error_code != ErrorCode::NO_ERROR || e.last_stream_id < id) =>
                {
                    return Err(format!(
                        "the server closed the connection: {:?}",
                        e.error_code
                    ));
                }
                _ => {}
            }
        }
        Ok(())
    }
}

fn status_of(fields: &[HeaderField]) -> u16 {
    fields
        .iter()
        .find(|f| &f.name[..] == b":status")
        .and_then(|f| std::str::from_utf8(&f.value).ok()?.parse().ok())
        .unwrap_or(0)
}

/// `HTTP/2 200`, then `name: value` lines, then a blank line; trailers
/// (no `:status`) print as fields alone.
fn print_fields(out: &mut dyn Write, fields: &[HeaderField]) -> std::io::Result<()> {
    for field in fields {
        if &field.name[..] == b":status" {
            writeln!(out, "HTTP/2 {}", String::from_utf8_lossy(&field.value))?;
        } else {
            out.write_all(&field.name)?;
            out.write_all(b": ")?;
            out.write_all(&field.value)?;
            out.write_all(b"\n")?;
        }
    }
    out.write_all(b"\n")?;
    out.flush()
}
