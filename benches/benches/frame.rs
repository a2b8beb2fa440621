//! Frame codec: parse and serialise a realistic mix of frames, ours
//! (`h2-frame`) beside hyperium's `h2` (its `unstable` frame codec) in the
//! same run.
//!
//! The mix is what a busy server reads: the client's SETTINGS and its ACK, a
//! connection WINDOW_UPDATE, then 100 requests, each a HEADERS frame (a
//! 29-octet HPACK block), four 1000-octet DATA frames (one padded, the last
//! with END_STREAM) and stream and connection WINDOW_UPDATEs; every tenth
//! request adds a PING, a PRIORITY and a RST_STREAM; a GOAWAY ends it.
//!
//! - `decode/*`: bytes in 16 KiB reads → typed frames. Ours: `FrameDecoder`
//!   over a `BytesMut`. Hyperium: `h2::Codec` reading the same bytes from an
//!   in-memory reader. In `decode/mix` hyperium also HPACK-decodes each
//!   header block, which its codec cannot skip; `decode/mix_without_header_blocks`
//!   leaves HEADERS out, so both sides do the same work.
//! - `encode/*`: typed frames → wire bytes. Ours: `Frame::encode` into a
//!   reused `BytesMut`. Hyperium: `Codec::buffer` + `flush` into a reused
//!   in-memory writer (header blocks left out: hyperium would HPACK-encode;
//!   PRIORITY and padding left out: hyperium cannot build them).
//!
//! Run: `cargo bench -p h2-benches --bench frame`. Throughput is in frames,
//! so criterion's "elem/s" read as frames per second.

// criterion_group!/criterion_main! expand to undocumented public functions.
#![allow(missing_docs)]

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

use bytes::{Bytes, BytesMut};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use futures_core::Stream;
use h2_frame::{
    Data, ErrorCode, Frame, FrameDecoder, GoAway, Headers, Ping, Priority, PrioritySpec, RstStream,
    Setting, SettingId, Settings, StreamId, WindowUpdate,
};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

const READ_SIZE: usize = 16 * 1024;
const GET_BLOCK: &[u8] = b"\x82\x87\x84\x41\x0bexample.com\x53\x03*/*";

fn sid(id: u32) -> StreamId {
    StreamId::new(id)
}

/// The realistic mix, as our typed frames.
fn mix(with_header_blocks: bool) -> Vec<Frame> {
    let body = Bytes::from(vec![b'x'; 1000]);
    let mut frames: Vec<Frame> = vec![
        Settings::new(vec![
            Setting::new(SettingId::HEADER_TABLE_SIZE, 4096),
            Setting::new(SettingId::ENABLE_PUSH, 0),
            Setting::new(SettingId::MAX_CONCURRENT_STREAMS, 100),
            Setting::new(SettingId::INITIAL_WINDOW_SIZE, 65535),
            Setting::new(SettingId::MAX_FRAME_SIZE, 16384),
            Setting::new(SettingId::MAX_HEADER_LIST_SIZE, 65536),
        ])
        .into(),
        Settings::ack().into(),
        WindowUpdate::new(StreamId::ZERO, 983_041).into(),
    ];
    for n in 0..100u32 {
        let id = sid(2 * n + 1);
        if with_header_blocks {
            frames.push(Headers::new(id, GET_BLOCK).into());
        }
        frames.push(Data::new(id, body.clone()).into());
        frames.push(Data::new(id, body.clone()).with_padding(16).into());
        frames.push(Data::new(id, body.clone()).into());
        frames.push(Data::new(id, body.clone()).with_end_stream().into());
        frames.push(WindowUpdate::new(id, 4000).into());
        frames.push(WindowUpdate::new(StreamId::ZERO, 4000).into());
        if n % 10 == 9 {
            frames.push(Ping::new(n.to_be_bytes().repeat(2).try_into().unwrap()).into());
            frames.push(Priority::new(id, PrioritySpec::new(sid(0), false, 15)).into());
            frames.push(RstStream::new(id, ErrorCode::CANCEL).into());
        }
    }
    frames.push(GoAway::new(sid(199), ErrorCode::NO_ERROR).into());
    frames
}

fn encode_all(frames: &[Frame]) -> Bytes {
    let mut out = BytesMut::new();
    for frame in frames {
        frame.encode(&mut out);
    }
    out.freeze()
}

/// The same frames as hyperium's types (only those it can build without HPACK).
fn hyper_frames(frames: &[Frame]) -> Vec<h2::frame::Frame> {
    use h2::frame as hf;
    let hid = |id: StreamId| hf::StreamId::from(id.value());
    frames
        .iter()
        .map(|frame| match frame {
            Frame::Data(d) => {
                let mut data = hf::Data::new(hid(d.stream_id), d.payload.clone());
                data.set_end_stream(d.end_stream);
                data.into()
            }
            Frame::Settings(s) if s.ack => hf::Settings::ack().into(),
            Frame::Settings(s) => {
                let mut out = hf::Settings::default();
                for setting in &s.settings {
                    let value = Some(setting.value);
                    match setting.id {
                        SettingId::HEADER_TABLE_SIZE => out.set_header_table_size(value),
                        SettingId::ENABLE_PUSH => out.set_enable_push(setting.value != 0),
                        SettingId::MAX_CONCURRENT_STREAMS => out.set_max_concurrent_streams(value),
                        SettingId::INITIAL_WINDOW_SIZE => out.set_initial_window_size(value),
                        SettingId::MAX_FRAME_SIZE => out.set_max_frame_size(value),
                        SettingId::MAX_HEADER_LIST_SIZE => out.set_max_header_list_size(value),
                        _ => {}
                    }
                }
                out.into()
            }
            Frame::WindowUpdate(w) => hf::WindowUpdate::new(hid(w.stream_id), w.increment).into(),
            Frame::Ping(p) => hf::Ping::new(p.payload).into(),
            Frame::RstStream(r) => {
                hf::Reset::new(hid(r.stream_id), hf::Reason::from(r.error_code.0)).into()
            }
            Frame::GoAway(g) => {
                hf::GoAway::new(hid(g.last_stream_id), hf::Reason::from(g.error_code.0)).into()
            }
            other => panic!("no hyperium equivalent built for {other:?}"),
        })
        .collect()
}

/// An in-memory socket: reads come from `input` in 16 KiB pieces, writes are kept.
struct MemoryIo {
    input: Bytes,
    at: usize,
    output: Vec<u8>,
}

impl AsyncRead for MemoryIo {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let n = buf
            .remaining()
            .min(self.input.len() - self.at)
            .min(READ_SIZE);
        let at = self.at;
        buf.put_slice(&self.input[at..at + n]);
        self.at += n;
        Poll::Ready(Ok(()))
    }
}

impl AsyncWrite for MemoryIo {
    fn poll_write(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        self.output.extend_from_slice(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

struct NoopWake;

impl Wake for NoopWake {
    fn wake(self: Arc<Self>) {}
}

fn noop_waker() -> Waker {
    Waker::from(Arc::new(NoopWake))
}

fn new_codec(input: Bytes) -> h2::Codec<MemoryIo, Bytes> {
    h2::Codec::new(MemoryIo {
        input,
        at: 0,
        output: Vec::new(),
    })
}

/// Ours: 16 KiB reads appended to a `BytesMut`, frames split off it.
fn decode_ours(wire: &Bytes) -> usize {
    let mut decoder = FrameDecoder::new();
    let mut buf = BytesMut::with_capacity(READ_SIZE);
    let mut frames = 0;
    for read in wire.chunks(READ_SIZE) {
        buf.extend_from_slice(read);
        while let Some(frame) = decoder.decode(&mut buf).expect("valid mix") {
            std::hint::black_box(&frame);
            frames += 1;
        }
    }
    frames
}

/// Hyperium: `Codec` as a `Stream` of frames over the in-memory socket.
fn decode_hyper(codec: &mut h2::Codec<MemoryIo, Bytes>, cx: &mut Context<'_>) -> usize {
    let mut frames = 0;
    loop {
        match Pin::new(&mut *codec).poll_next(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                std::hint::black_box(&frame);
                frames += 1;
            }
            Poll::Ready(None) => return frames,
            other => panic!("hyperium codec: {other:?}"),
        }
    }
}

fn bench_decode(c: &mut Criterion) {
    let waker = noop_waker();
    let mut cx = Context::from_waker(&waker);
    for (name, with_header_blocks) in [("mix", true), ("mix_without_header_blocks", false)] {
        let frames = mix(with_header_blocks);
        let wire = encode_all(&frames);
        assert_eq!(decode_ours(&wire), frames.len());
        assert_eq!(
            decode_hyper(&mut new_codec(wire.clone()), &mut cx),
            frames.len()
        );

        let mut group = c.benchmark_group(format!("decode/{name}"));
        group.throughput(Throughput::Elements(frames.len() as u64));
        group.bench_function("h2-frame", |b| b.iter(|| decode_ours(&wire)));
        group.bench_function("hyperium-h2", |b| {
            b.iter_batched_ref(
                || new_codec(wire.clone()),
                |codec| decode_hyper(codec, &mut cx),
                BatchSize::SmallInput,
            )
        });
        group.finish();
    }
}

fn bench_encode(c: &mut Criterion) {
    let waker = noop_waker();
    let mut cx = Context::from_waker(&waker);
    // Hyperium cannot build PRIORITY frames, and writes no padding (its
    // `set_padded` sets the flag only), so neither side encodes those.
    let frames: Vec<Frame> = mix(false)
        .into_iter()
        .filter(|frame| !matches!(frame, Frame::Priority(_)))
        .map(|frame| match frame {
            Frame::Data(data) => Frame::Data(Data {
                padding: None,
                ..data
            }),
            other => other,
        })
        .collect();
    let wire = encode_all(&frames);

    // Both sides must write the same octets.
    let mut codec = new_codec(Bytes::new());
    encode_hyper(&mut codec, hyper_frames(&frames), &mut cx);
    assert_eq!(codec.get_ref().output.len(), wire.len());

    let mut group = c.benchmark_group("encode/mix_without_header_blocks");
    group.throughput(Throughput::Elements(frames.len() as u64));
    let mut out = BytesMut::with_capacity(wire.len());
    group.bench_function("h2-frame", |b| {
        b.iter(|| {
            out.clear();
            for frame in &frames {
                frame.encode(&mut out);
            }
            std::hint::black_box(&out);
        })
    });
    group.bench_function("hyperium-h2", |b| {
        b.iter_batched(
            || hyper_frames(&frames),
            |hyper| {
                codec.get_mut().output.clear();
                encode_hyper(&mut codec, hyper, &mut cx);
                std::hint::black_box(&codec.get_ref().output);
            },
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

fn encode_hyper(
    codec: &mut h2::Codec<MemoryIo, Bytes>,
    frames: Vec<h2::frame::Frame>,
    cx: &mut Context<'_>,
) {
    for frame in frames {
        assert!(codec.poll_ready(cx).is_ready());
        codec.buffer(frame).expect("hyperium accepts the frame");
    }
    assert!(codec.flush(cx).is_ready());
}

criterion_group!(benches, bench_decode, bench_encode);
criterion_main!(benches);
