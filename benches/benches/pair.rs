//! A client and a server talking in memory: ours (`h2-proto`, two sans-IO
//! `Connection`s passing `data_to_send` into `receive_data_into`) beside
//! hyperium's `h2` (client and server tasks over `tokio::io::duplex` on a
//! current-thread runtime), doing the same work in the same run.
//!
//! - `pair/requests`: 100 concurrent GET requests, each answered with
//!   HEADERS and a 1 KiB body; the client acknowledges every DATA frame.
//!   One connection serves every iteration, as a keep-alive connection
//!   would. Throughput in requests ("elem/s").
//! - `pair/body`: one 100 MiB response body in 16 KiB DATA frames, with
//!   1 MiB stream and connection windows on both stacks. Throughput in
//!   bytes.
//!
//! Before the timed runs, a counting global allocator (`stats_alloc`)
//! measures allocations per request and per received DATA frame in steady
//! state, for both stacks, and prints them.
//!
//! Run: `cargo bench -p h2-benches --bench pair`.

// criterion_group!/criterion_main! expand to undocumented public functions.
#![allow(missing_docs)]

use std::alloc::System;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use h2_proto::{Config, Connection, Event, HeaderField, Setting, SettingId};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

const STREAMS: usize = 100;
const RESPONSE: usize = 1024;
const BIG_BODY: usize = 100 * 1024 * 1024;
const FRAME: usize = 16 * 1024;
const WINDOW: u32 = 1 << 20;

// ----- ours --------------------------------------------------------------

/// Our client and server, connected, with reused event buffers.
struct Ours {
    client: Connection,
    server: Connection,
    client_events: Vec<Event>,
    server_events: Vec<Event>,
    request: Vec<HeaderField>,
    response: Vec<HeaderField>,
    body: Vec<u8>,
}

impl Ours {
    fn new(window: Option<u32>) -> Self {
        let mut client_config = Config::client();
        let mut server_config = Config::server();
        if let Some(window) = window {
            let iws = Setting::new(SettingId::INITIAL_WINDOW_SIZE, window);
            client_config.local_settings = client_config.local_settings.with(iws).unwrap();
            server_config.local_settings = server_config.local_settings.with(iws).unwrap();
        }
        // Unlimited concurrency on both sides, as hyperium's defaults.
        client_config.local_settings = client_config
            .local_settings
            .with(Setting::new(SettingId::MAX_CONCURRENT_STREAMS, 1 << 20))
            .unwrap();
        server_config.local_settings = server_config
            .local_settings
            .with(Setting::new(SettingId::MAX_CONCURRENT_STREAMS, 1 << 20))
            .unwrap();
        let mut ours = Self {
            client: Connection::new(client_config),
            server: Connection::new(server_config),
            client_events: Vec::with_capacity(1024),
            server_events: Vec::with_capacity(1024),
            request: vec![
                HeaderField::new(":method", "GET"),
                HeaderField::new(":scheme", "https"),
                HeaderField::new(":authority", "example.com"),
                HeaderField::new(":path", "/"),
            ],
            response: vec![
                HeaderField::new(":status", "200"),
                HeaderField::new("content-length", RESPONSE.to_string()),
            ],
            body: vec![b'x'; FRAME],
        };
        ours.client.initiate_connection().unwrap();
        ours.server.initiate_connection().unwrap();
        if let Some(window) = window {
            let grow = window - 65_535;
            ours.client
                .increment_flow_control_window(grow, None)
                .unwrap();
            ours.server
                .increment_flow_control_window(grow, None)
                .unwrap();
        }
        ours.flush();
        ours.client_events.clear();
        ours.server_events.clear();
        ours
    }

    /// Moves bytes both ways until quiet.
    fn flush(&mut self) {
        loop {
            let to_server = self.client.data_to_send();
            let to_client = self.server.data_to_send();
            if to_server.is_empty() && to_client.is_empty() {
                return;
            }
            if !to_server.is_empty() {
                self.server
                    .receive_data_into(&to_server, &mut self.server_events)
                    .unwrap();
            }
            if !to_client.is_empty() {
                self.client
                    .receive_data_into(&to_client, &mut self.client_events)
                    .unwrap();
                self.acknowledge();
            }
        }
    }

    /// The client hands back every DATA frame it received.
    fn acknowledge(&mut self) {
        for event in self.client_events.drain(..) {
            if let Event::DataReceived(data) = event {
                self.client
                    .acknowledge_received_data(data.flow_controlled_length, data.stream_id)
                    .unwrap();
            }
        }
    }

    /// 100 requests, 100 responses of 1 KiB.
    fn requests(&mut self) {
        for _ in 0..STREAMS {
            let id = self.client.get_next_available_stream_id().unwrap();
            self.client
                .send_headers(id, self.request.iter().cloned(), true)
                .unwrap();
        }
        let to_server = self.client.data_to_send();
        self.server
            .receive_data_into(&to_server, &mut self.server_events)
            .unwrap();
        let mut answered = 0;
        for event in self.server_events.drain(..) {
            if let Event::RequestReceived(request) = event {
                let id = request.stream_id;
                self.server
                    .send_headers(id, self.response.iter().cloned(), false)
                    .unwrap();
                self.server
                    .send_data(id, &self.body[..RESPONSE], true, None)
                    .unwrap();
                answered += 1;
            }
        }
        assert_eq!(answered, STREAMS);
        self.flush();
    }

    /// One 100 MiB response body.
    fn big_body(&mut self) {
        let id = self.client.get_next_available_stream_id().unwrap();
        self.client
            .send_headers(id, self.request.iter().cloned(), true)
            .unwrap();
        self.flush();
        self.server_events.clear();
        self.server
            .send_headers(id, self.response[..1].iter().cloned(), false)
            .unwrap();
        let mut left = BIG_BODY;
        while left > 0 {
            let window = self.server.local_flow_control_window(id).unwrap().max(0) as usize;
            let n = window.min(FRAME).min(left);
            if n == 0 {
                self.flush();
                continue;
            }
            left -= n;
            self.server
                .send_data(id, &self.body[..n], left == 0, None)
                .unwrap();
        }
        self.flush();
    }
}

// ----- hyperium ----------------------------------------------------------

mod hyperium {
    use bytes::Bytes;
    use tokio::io::DuplexStream;
    use tokio::runtime::Runtime;
    use tokio::task::JoinSet;

    use super::{BIG_BODY, RESPONSE, STREAMS, WINDOW};

    /// A hyperium client connected to a hyperium server task.
    pub(crate) struct Hyperium {
        pub(crate) rt: Runtime,
        client: h2::client::SendRequest<Bytes>,
    }

    async fn serve(io: DuplexStream, big: bool) {
        let mut builder = h2::server::Builder::new();
        builder
            .initial_window_size(WINDOW)
            .initial_connection_window_size(WINDOW);
        let mut conn = builder.handshake::<_, Bytes>(io).await.unwrap();
        let small = Bytes::from(vec![b'x'; RESPONSE]);
        let large = Bytes::from(vec![b'x'; BIG_BODY]);
        while let Some(result) = conn.accept().await {
            let (_request, mut respond) = result.unwrap();
            let mut response = http::Response::builder().status(200);
            if !big {
                response = response.header("content-length", RESPONSE);
            }
            let mut send = respond
                .send_response(response.body(()).unwrap(), false)
                .unwrap();
            let body = if big { large.clone() } else { small.clone() };
            send.send_data(body, true).unwrap();
        }
    }

    impl Hyperium {
        pub(crate) fn new(big: bool) -> Self {
            let rt = tokio::runtime::Builder::new_current_thread()
                .build()
                .unwrap();
            let client = rt.block_on(async {
                let (client_io, server_io) = tokio::io::duplex(1 << 20);
                tokio::spawn(serve(server_io, big));
                let mut builder = h2::client::Builder::new();
                builder
                    .initial_window_size(WINDOW)
                    .initial_connection_window_size(WINDOW);
                let (client, conn) = builder.handshake::<_, Bytes>(client_io).await.unwrap();
                tokio::spawn(async move {
                    let _ = conn.await;
                });
                client
            });
            Self { rt, client }
        }

        async fn one(client: h2::client::SendRequest<Bytes>) -> usize {
            let mut client = client.ready().await.unwrap();
            let request = http::Request::get("https://example.com/").body(()).unwrap();
            let (response, _) = client.send_request(request, true).unwrap();
            let mut body = response.await.unwrap().into_body();
            let mut received = 0;
            while let Some(chunk) = body.data().await {
                let chunk = chunk.unwrap();
                received += chunk.len();
                body.flow_control().release_capacity(chunk.len()).unwrap();
            }
            received
        }

        /// 100 concurrent requests, 100 responses of 1 KiB.
        pub(crate) fn requests(&mut self) {
            let client = self.client.clone();
            self.rt.block_on(async move {
                let mut set = JoinSet::new();
                for _ in 0..STREAMS {
                    set.spawn(Self::one(client.clone()));
                }
                while let Some(received) = set.join_next().await {
                    assert_eq!(received.unwrap(), RESPONSE);
                }
            });
        }

        /// One 100 MiB response body.
        pub(crate) fn big_body(&mut self) {
            let client = self.client.clone();
            let received = self.rt.block_on(Self::one(client));
            assert_eq!(received, BIG_BODY);
        }
    }
}

// ----- allocation counts ---------------------------------------------------

/// Allocations per request (request + response + 1 KiB body, both sides)
/// and per received DATA frame in steady state, printed once.
fn count_allocations() {
    let mut ours = Ours::new(Some(WINDOW));
    ours.requests();
    let region = Region::new(GLOBAL);
    for _ in 0..10 {
        ours.requests();
    }
    let per_request = region.change().allocations as f64 / (10 * STREAMS) as f64;

    // DATA frames alone: the server sends 16 KiB frames, the client receives
    // them into its reused event Vec and acknowledges them.
    let mut ours = Ours::new(Some(WINDOW));
    let id = ours.client.get_next_available_stream_id().unwrap();
    ours.client
        .send_headers(id, ours.request.iter().cloned(), true)
        .unwrap();
    ours.flush();
    ours.server
        .send_headers(id, ours.response[..1].iter().cloned(), false)
        .unwrap();
    ours.flush();
    let rounds = 200;
    let measure = |ours: &mut Ours| {
        for _ in 0..rounds {
            ours.server
                .send_data(id, &ours.body[..FRAME], false, None)
                .unwrap();
            let wire = ours.server.data_to_send();
            ours.client
                .receive_data_into(&wire, &mut ours.client_events)
                .unwrap();
            drop(wire);
            ours.acknowledge();
            let updates = ours.client.data_to_send();
            ours.server
                .receive_data_into(&updates, &mut ours.server_events)
                .unwrap();
            ours.server_events.clear();
        }
    };
    measure(&mut ours);
    let region = Region::new(GLOBAL);
    measure(&mut ours);
    let per_frame = region.change().allocations as f64 / f64::from(rounds);

    let mut theirs = hyperium::Hyperium::new(false);
    theirs.requests();
    let region = Region::new(GLOBAL);
    for _ in 0..10 {
        theirs.requests();
    }
    let theirs_per_request = region.change().allocations as f64 / (10 * STREAMS) as f64;

    eprintln!(
        "allocations: ours {per_request:.2} per request, {per_frame:.3} per received DATA frame \
         (steady state, send + receive + acknowledge); hyperium {theirs_per_request:.2} per request"
    );
}

// ----- criterion ------------------------------------------------------------

fn bench_pair(c: &mut Criterion) {
    count_allocations();

    let mut group = c.benchmark_group("pair/requests");
    group.throughput(Throughput::Elements(STREAMS as u64));
    let mut ours = Ours::new(Some(WINDOW));
    group.bench_function("ours", |b| b.iter(|| ours.requests()));
    let mut theirs = hyperium::Hyperium::new(false);
    group.bench_function("hyperium", |b| b.iter(|| theirs.requests()));
    group.finish();

    let mut group = c.benchmark_group("pair/body");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(BIG_BODY as u64));
    let mut ours = Ours::new(Some(WINDOW));
    group.bench_function("ours", |b| b.iter(|| ours.big_body()));
    let mut theirs = hyperium::Hyperium::new(true);
    group.bench_function("hyperium", |b| b.iter(|| theirs.big_body()));
    group.finish();
}

criterion_group!(benches, bench_pair);
criterion_main!(benches);
