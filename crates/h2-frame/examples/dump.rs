//! Prints the frames in a file of captured HTTP/2 bytes, one line each.
//!
//! ```sh
//! cargo run -p h2-frame --example dump -- crates/h2-frame/tests/data/client-preface-get.bin
//! ```
//!
//! The input is the byte stream one side received (or sent). If it starts
//! with the client connection preface, the preface is checked and skipped.
//! Each frame prints its offset, type, flags, stream, length and the fields
//! that matter for its type. A malformed frame prints its error with the RFC
//! error code and scope; dumping goes on after a stream error and stops at a
//! connection error, as a receiver would.

use std::fmt;
use std::process::ExitCode;

use bytes::BytesMut;
use h2_frame::{ErrorScope, Flags, Frame, FrameDecoder, FrameHeader, FrameKind, PREFACE};

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: dump <file of captured HTTP/2 bytes>");
        return ExitCode::from(2);
    };
    let input = match std::fs::read(&path) {
        Ok(input) => input,
        Err(err) => {
            eprintln!("dump: cannot read {}: {err}", path.to_string_lossy());
            return ExitCode::from(2);
        }
    };
    let mut out = String::new();
    let clean = dump(&input, &mut out).expect("writing to a String cannot fail");
    print!("{out}");
    if clean {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Writes one line per frame of `input` to `out`; returns whether the input
/// was well-formed to the end.
pub(crate) fn dump(input: &[u8], out: &mut impl fmt::Write) -> Result<bool, fmt::Error> {
    let mut decoder = FrameDecoder::new();
    // A capture may come from a connection whose peer raised
    // SETTINGS_MAX_FRAME_SIZE, so accept every length the field can hold.
    decoder.set_max_frame_size(FrameHeader::MAX_LENGTH);
    let mut buf = BytesMut::from(input);
    // A frame header cannot start with 'P' in practice (a length of at least
    // 5 MiB), so that octet means "this is a client's byte stream".
    if input.first() == Some(&PREFACE[0]) {
        decoder.expect_preface();
    }
    let mut clean = true;
    loop {
        let awaiting_preface = decoder.is_awaiting_preface();
        let raw = decoder.decode_raw(&mut buf);
        if awaiting_preface && !decoder.is_awaiting_preface() {
            writeln!(out, "{:>8}  PREFACE", 0)?;
        }
        let consumed = input.len() - buf.len();
        let (header, payload) = match raw {
            Ok(Some(frame)) => frame,
            Ok(None) => break,
            Err(err) => {
                writeln!(out, "{consumed:>8}  error: {err} ({})", consequence(&err))?;
                return Ok(false);
            }
        };
        let at = consumed - FrameHeader::LEN - payload.len();
        write!(
            out,
            "{at:>8}  {:<15} stream={} len={} flags={}",
            kind_name(header.kind),
            header.stream_id,
            header.length,
            flag_names(header.kind, header.flags)
        )?;
        match Frame::parse(header, payload) {
            Ok(frame) => {
                write_fields(&frame, out)?;
                writeln!(out)?;
            }
            Err(err) => {
                clean = false;
                writeln!(out, "  error: {err} ({})", consequence(&err))?;
                if err.is_connection_error() {
                    return Ok(false);
                }
            }
        }
    }
    if !buf.is_empty() {
        let at = input.len() - buf.len();
        writeln!(out, "{at:>8}  incomplete: {} octets left", buf.len())?;
        clean = false;
    }
    Ok(clean)
}

fn consequence(err: &h2_frame::FrameError) -> String {
    match err.scope() {
        ErrorScope::Connection => format!("connection error {:?}", err.code()),
        ErrorScope::Stream(id) => format!("stream error {:?} on stream {id}", err.code()),
    }
}

fn kind_name(kind: FrameKind) -> String {
    match kind.name() {
        Some(name) => name.to_owned(),
        None => format!("UNKNOWN({:#04x})", kind.0),
    }
}

/// The flags octet with the names the frame type gives its bits.
fn flag_names(kind: FrameKind, flags: Flags) -> String {
    let defined: &[(Flags, &str)] = match kind {
        FrameKind::DATA => &[(Flags::END_STREAM, "END_STREAM"), (Flags::PADDED, "PADDED")],
        FrameKind::HEADERS => &[
            (Flags::END_STREAM, "END_STREAM"),
            (Flags::END_HEADERS, "END_HEADERS"),
            (Flags::PADDED, "PADDED"),
            (Flags::PRIORITY, "PRIORITY"),
        ],
        FrameKind::PUSH_PROMISE => &[
            (Flags::END_HEADERS, "END_HEADERS"),
            (Flags::PADDED, "PADDED"),
        ],
        FrameKind::CONTINUATION => &[(Flags::END_HEADERS, "END_HEADERS")],
        FrameKind::SETTINGS | FrameKind::PING => &[(Flags::ACK, "ACK")],
        _ => &[],
    };
    let names: Vec<&str> = defined
        .iter()
        .filter(|(flag, _)| flags.contains(*flag))
        .map(|(_, name)| *name)
        .collect();
    if names.is_empty() {
        format!("{flags}")
    } else {
        format!("{flags}({})", names.join("|"))
    }
}

/// The fields that matter for each frame type.
fn write_fields(frame: &Frame, out: &mut impl fmt::Write) -> fmt::Result {
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    match frame {
        Frame::Data(f) => {
            write!(out, "  data={}", f.payload.len())?;
            if let Some(pad) = f.padding {
                write!(out, " padding={pad}")?;
            }
        }
        Frame::Headers(f) => {
            write!(out, "  fragment={}", f.fragment.len())?;
            if let Some(spec) = f.priority {
                write!(
                    out,
                    " depends_on={} exclusive={} weight={}",
                    spec.dependency,
                    spec.exclusive,
                    spec.effective_weight()
                )?;
            }
            if let Some(pad) = f.padding {
                write!(out, " padding={pad}")?;
            }
        }
        Frame::Priority(f) => write!(
            out,
            "  depends_on={} exclusive={} weight={}",
            f.spec.dependency,
            f.spec.exclusive,
            f.spec.effective_weight()
        )?,
        Frame::RstStream(f) => write!(out, "  error_code={:?}", f.error_code)?,
        Frame::Settings(f) => {
            write!(out, " ")?;
            for setting in &f.settings {
                match setting.id.name() {
                    Some(name) => write!(out, " {name}={}", setting.value)?,
                    None => write!(out, " {:#06x}={}", setting.id.0, setting.value)?,
                }
            }
        }
        Frame::PushPromise(f) => {
            write!(
                out,
                "  promised={} fragment={}",
                f.promised_id,
                f.fragment.len()
            )?;
            if let Some(pad) = f.padding {
                write!(out, " padding={pad}")?;
            }
        }
        Frame::Ping(f) => {
            write!(out, "  opaque=")?;
            for byte in f.payload {
                write!(out, "{byte:02x}")?;
            }
        }
        Frame::GoAway(f) => write!(
            out,
            "  last_stream={} error_code={:?} debug={:?}",
            f.last_stream_id,
            f.error_code,
            text(&f.debug_data)
        )?,
        Frame::WindowUpdate(f) => write!(out, "  increment={}", f.increment)?,
        Frame::Continuation(f) => write!(out, "  fragment={}", f.fragment.len())?,
        Frame::AltSvc(f) => write!(
            out,
            "  origin={:?} value={:?}",
            text(&f.origin),
            text(&f.field_value)
        )?,
        Frame::Origin(f) => {
            write!(out, " ")?;
            for origin in &f.origins {
                write!(out, " {:?}", text(origin))?;
            }
        }
        Frame::PriorityUpdate(f) => write!(
            out,
            "  prioritized={} value={:?}",
            f.prioritized_stream_id,
            text(&f.field_value)
        )?,
        Frame::Unknown(f) => write!(out, "  payload={}", f.payload.len())?,
    }
    Ok(())
}
