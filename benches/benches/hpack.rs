//! HPACK: decode the whole hpack-test-case corpus (every encoder directory)
//! and encode its `raw-data` stories, with h2-hpack beside nghttp2's C HPACK
//! (`libnghttp2-sys`: `nghttp2_hd_inflate_hd3` / `nghttp2_hd_deflate_hd2`)
//! and the pure-Rust `httlib-hpack`, in the same process on the same data.
//!
//! Run: `CARGO_TARGET_DIR=/work/targets/<you> cargo bench -p h2-benches --bench hpack`.
//! Throughput is in fields, so ns per field is 1e9 / (elements per second).
//! Each iteration replays every story from a fresh context, as a connection
//! would. The corpus is `$H2_SHARED_DIR/hpack-test-case` (default
//! `../../shared` from this crate).
// nghttp2 is a C library: calling it is FFI, the only unsafe code in the
// workspace (benches/Cargo.toml sets unsafe_code to deny instead of forbid).
#![allow(unsafe_code)]
#![allow(missing_docs)]

use std::hint::black_box;
use std::os::raw::c_int;
use std::path::{Path, PathBuf};
use std::ptr;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use h2_hpack::{Decoder, Encoder, HeaderField};
use libnghttp2_sys as ng;
use serde_json::Value;

struct Case {
    table_size: Option<usize>,
    wire: Bytes,
    headers: Vec<(Vec<u8>, Vec<u8>)>,
}

type Story = Vec<Case>;

fn corpus_dir() -> PathBuf {
    let shared = std::env::var_os("H2_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"));
    shared.join("hpack-test-case")
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

fn load_dir(dir: &Path) -> Vec<Story> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("corpus directory")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| {
            let json: Value =
                serde_json::from_str(&std::fs::read_to_string(path).expect("story")).expect("json");
            json["cases"]
                .as_array()
                .expect("cases")
                .iter()
                .map(|case| Case {
                    table_size: case["header_table_size"].as_u64().map(|n| n as usize),
                    wire: Bytes::from(case["wire"].as_str().map(hex).unwrap_or_default()),
                    headers: case["headers"]
                        .as_array()
                        .expect("headers")
                        .iter()
                        .flat_map(|h| h.as_object().expect("object").iter())
                        .map(|(k, v)| {
                            (
                                k.as_bytes().to_vec(),
                                v.as_str().expect("value").as_bytes().to_vec(),
                            )
                        })
                        .collect(),
                })
                .collect()
        })
        .collect()
}

/// Every story of every encoder directory (not raw-data, which has no wire).
fn decode_corpus() -> Vec<Story> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("hpack-test-case corpus (set H2_SHARED_DIR)")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir() && p.file_name().is_some_and(|n| n != "raw-data"))
        .collect();
    dirs.sort();
    dirs.iter().flat_map(|d| load_dir(d)).collect()
}

fn ours_decode(stories: &[Story]) -> usize {
    let mut out = Vec::with_capacity(64);
    let mut fields = 0;
    for story in stories {
        let mut decoder = Decoder::new();
        for case in story {
            if let Some(size) = case.table_size {
                decoder.set_max_table_size(size);
            }
            out.clear();
            decoder
                .decode(&case.wire, &mut out)
                .expect("h2-hpack decodes");
            fields += out.len();
            black_box(&out);
        }
    }
    fields
}

fn empty_nv() -> ng::nghttp2_nv {
    ng::nghttp2_nv {
        name: ptr::null_mut(),
        value: ptr::null_mut(),
        namelen: 0,
        valuelen: 0,
        flags: 0,
    }
}

fn nghttp2_decode(stories: &[Story]) -> usize {
    let mut fields = 0;
    for story in stories {
        let mut inflater: *mut ng::nghttp2_hd_inflater = ptr::null_mut();
        // SAFETY: out-pointer to a local; nghttp2 allocates the inflater.
        assert_eq!(unsafe { ng::nghttp2_hd_inflate_new(&mut inflater) }, 0);
        for case in story {
            if let Some(size) = case.table_size {
                // SAFETY: a live inflater, between header blocks.
                unsafe { ng::nghttp2_hd_inflate_change_table_size(inflater, size) };
            }
            let mut input = &case.wire[..];
            loop {
                let mut nv = empty_nv();
                let mut flags: c_int = 0;
                // SAFETY: a live inflater; `input` outlives the call and the
                // emitted `nv`, which is read before the next call.
                let used = unsafe {
                    ng::nghttp2_hd_inflate_hd3(
                        inflater,
                        &mut nv,
                        &mut flags,
                        input.as_ptr(),
                        input.len(),
                        1,
                    )
                };
                assert!(used >= 0, "nghttp2 inflate failed: {used}");
                input = &input[used as usize..];
                let flags = flags as u32;
                if flags & ng::NGHTTP2_HD_INFLATE_EMIT != 0 {
                    fields += 1;
                    black_box((nv.name, nv.namelen, nv.value, nv.valuelen));
                }
                if flags & ng::NGHTTP2_HD_INFLATE_FINAL != 0 {
                    // SAFETY: a live inflater at the end of a block.
                    unsafe { ng::nghttp2_hd_inflate_end_headers(inflater) };
                    break;
                }
                if flags & ng::NGHTTP2_HD_INFLATE_EMIT == 0 && input.is_empty() {
                    break;
                }
            }
        }
        // SAFETY: the inflater is not used after this.
        unsafe { ng::nghttp2_hd_inflate_del(inflater) };
    }
    fields
}

fn httlib_decode(stories: &[Story]) -> usize {
    let mut fields = 0;
    for story in stories {
        let mut decoder = httlib_hpack::Decoder::default();
        for case in story {
            if let Some(size) = case.table_size {
                decoder.set_max_dynamic_size(size as u32);
            }
            // Its API consumes an owned Vec<u8>: the copy is part of its cost.
            let mut input = case.wire.to_vec();
            let mut out = Vec::new();
            decoder
                .decode(&mut input, &mut out)
                .expect("httlib-hpack decodes");
            fields += out.len();
            black_box(&out);
        }
    }
    fields
}

fn ours_encode(stories: &[Vec<Vec<HeaderField>>]) -> usize {
    let mut dst = BytesMut::with_capacity(1 << 16);
    let mut total = 0;
    for story in stories {
        let mut encoder = Encoder::new();
        for fields in story {
            dst.clear();
            encoder.encode(fields, &mut dst);
            total += dst.len();
            black_box(&dst);
        }
    }
    total
}

fn nghttp2_encode(stories: &[Vec<Vec<ng::nghttp2_nv>>]) -> usize {
    let mut buf = vec![0u8; 1 << 18];
    let mut total = 0;
    for story in stories {
        let mut deflater: *mut ng::nghttp2_hd_deflater = ptr::null_mut();
        // SAFETY: out-pointer to a local; nghttp2 allocates the deflater.
        assert_eq!(
            unsafe { ng::nghttp2_hd_deflate_new(&mut deflater, 4096) },
            0
        );
        for nva in story {
            // SAFETY: a live deflater; `nva` points into the corpus, alive
            // for the whole bench; `buf` is writable for its length.
            let written = unsafe {
                ng::nghttp2_hd_deflate_hd2(
                    deflater,
                    buf.as_mut_ptr(),
                    buf.len(),
                    nva.as_ptr(),
                    nva.len(),
                )
            };
            assert!(written >= 0, "nghttp2 deflate failed: {written}");
            total += written as usize;
            black_box(&buf);
        }
        // SAFETY: the deflater is not used after this.
        unsafe { ng::nghttp2_hd_deflate_del(deflater) };
    }
    total
}

fn httlib_encode(stories: &[Story]) -> usize {
    // Huffman for name and value, incremental indexing, best representation.
    const FLAGS: u8 = 0x1 | 0x2 | 0x4 | 0x10;
    let mut dst = Vec::with_capacity(1 << 16);
    let mut total = 0;
    for story in stories {
        let mut encoder = httlib_hpack::Encoder::default();
        for case in story {
            dst.clear();
            for (name, value) in &case.headers {
                // Its API takes owned Vec<u8>s: the copies are part of its cost.
                encoder
                    .encode((name.clone(), value.clone(), FLAGS), &mut dst)
                    .expect("httlib-hpack encodes");
            }
            total += dst.len();
            black_box(&dst);
        }
    }
    total
}

fn bench(c: &mut Criterion) {
    let decode_stories = decode_corpus();
    let blocks: usize = decode_stories.iter().map(Vec::len).sum();
    let fields = ours_decode(&decode_stories);
    assert_eq!(
        nghttp2_decode(&decode_stories),
        fields,
        "nghttp2 field count"
    );
    assert_eq!(
        httlib_decode(&decode_stories),
        fields,
        "httlib-hpack field count"
    );
    eprintln!("decode corpus: {blocks} blocks, {fields} fields");

    let mut group = c.benchmark_group("hpack_decode_corpus");
    group.throughput(Throughput::Elements(fields as u64));
    group.bench_function("h2-hpack", |b| {
        b.iter(|| ours_decode(black_box(&decode_stories)))
    });
    group.bench_function("nghttp2", |b| {
        b.iter(|| nghttp2_decode(black_box(&decode_stories)))
    });
    group.bench_function("httlib-hpack", |b| {
        b.iter(|| httlib_decode(black_box(&decode_stories)))
    });
    group.finish();

    let raw = load_dir(&corpus_dir().join("raw-data"));
    let raw_fields: usize = raw.iter().flatten().map(|c| c.headers.len()).sum();
    let ours: Vec<Vec<Vec<HeaderField>>> = raw
        .iter()
        .map(|story| {
            story
                .iter()
                .map(|case| {
                    case.headers
                        .iter()
                        .map(|(n, v)| HeaderField::new(n.clone(), v.clone()))
                        .collect()
                })
                .collect()
        })
        .collect();
    let nva: Vec<Vec<Vec<ng::nghttp2_nv>>> = raw
        .iter()
        .map(|story| {
            story
                .iter()
                .map(|case| {
                    case.headers
                        .iter()
                        .map(|(n, v)| ng::nghttp2_nv {
                            name: n.as_ptr().cast_mut(),
                            value: v.as_ptr().cast_mut(),
                            namelen: n.len(),
                            valuelen: v.len(),
                            flags: ng::NGHTTP2_NV_FLAG_NONE as u8,
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    eprintln!(
        "encode raw-data: {} blocks, {raw_fields} fields; octets out: h2-hpack {}, nghttp2 {}, httlib-hpack {}",
        raw.iter().map(Vec::len).sum::<usize>(),
        ours_encode(&ours),
        nghttp2_encode(&nva),
        httlib_encode(&raw),
    );

    let mut group = c.benchmark_group("hpack_encode_raw_data");
    group.throughput(Throughput::Elements(raw_fields as u64));
    group.bench_function("h2-hpack", |b| b.iter(|| ours_encode(black_box(&ours))));
    group.bench_function("nghttp2", |b| b.iter(|| nghttp2_encode(black_box(&nva))));
    group.bench_function("httlib-hpack", |b| {
        b.iter(|| httlib_encode(black_box(&raw)))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    targets = bench
}
criterion_main!(benches);
