//! Property tests: for any sequence of sends, receives, acknowledgements,
//! WINDOW_UPDATEs and INITIAL_WINDOW_SIZE changes from either side, every
//! window equals a reference model (its initial size plus the sum of
//! increments and deltas minus the sum of octets sent), kept in i128 so it
//! cannot overflow; an operation fails exactly when the model leaves
//! -(2^31-1)..=2^31-1 or goes below zero, and then changes nothing
//! (SPEC FC-2, FC-3, FC-5, FC-7, SET-5, SET-7, SET-8; RFC 9113 §6.9).

use std::collections::VecDeque;

use h2_frame::{Setting, SettingId};
use h2_settings::{
    apply_initial_window_delta, LocalSettings, RecvWindow, Settings, SettingsError, Window,
    WindowError, MAX_WINDOW_SIZE,
};
use proptest::prelude::*;

const STREAMS: usize = 3;
const MAX: i128 = MAX_WINDOW_SIZE as i128;

/// An operand: a fixed number, or one just around the limit the operation
/// must respect (the window for a send, the room below 2^31-1 for an
/// increase), so that the boundaries are hit, not just approached.
#[derive(Clone, Copy, Debug)]
enum Amount {
    Fixed(u32),
    Edge(i8),
}

impl Amount {
    fn resolve(self, limit: i128) -> u32 {
        match self {
            Self::Fixed(n) => n,
            Self::Edge(offset) => {
                u32::try_from((limit + i128::from(offset)).clamp(0, i128::from(u32::MAX))).unwrap()
            }
        }
    }
}

#[derive(Clone, Debug)]
enum Op {
    /// We send DATA on a stream: both send windows shrink.
    Send { stream: usize, n: Amount },
    /// The peer's WINDOW_UPDATE, on the connection (None) or a stream.
    PeerUpdate { stream: Option<usize>, n: Amount },
    /// The peer's SETTINGS with INITIAL_WINDOW_SIZE (valid or not); an edge
    /// value takes the largest stream window to exactly 2^31-1 plus offset.
    PeerInitialWindow(Amount),
    /// The peer sends DATA on a stream: both receive windows shrink.
    Receive { stream: usize, n: Amount },
    /// The application has processed octets on a stream (and the connection).
    Acknowledge { stream: usize, n: u32 },
    /// A manual WINDOW_UPDATE of ours (SPEC API-23).
    ManualUpdate { stream: Option<usize>, n: Amount },
    /// We queue a SETTINGS frame with INITIAL_WINDOW_SIZE (valid or not),
    /// edge values as for the peer's.
    LocalInitialWindow(Amount),
    /// The peer acknowledges our oldest SETTINGS frame.
    PeerAck,
    /// We raise or lower the connection's receive target.
    ConnectionTarget(u32),
}

fn small_or_any() -> impl Strategy<Value = u32> {
    prop_oneof![
        4 => 0..=70_000u32,
        1 => (MAX_WINDOW_SIZE - 70_000)..=MAX_WINDOW_SIZE,
        1 => any::<u32>(),
    ]
}

fn amount(fixed: impl Strategy<Value = u32>) -> impl Strategy<Value = Amount> {
    prop_oneof![
        3 => fixed.prop_map(Amount::Fixed),
        1 => (-2..=2i8).prop_map(Amount::Edge),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    let stream = 0..STREAMS;
    let maybe_stream = proptest::option::of(0..STREAMS);
    prop_oneof![
        (stream.clone(), amount(0..=70_000u32)).prop_map(|(stream, n)| Op::Send { stream, n }),
        (maybe_stream.clone(), amount(small_or_any()))
            .prop_map(|(stream, n)| Op::PeerUpdate { stream, n }),
        amount(small_or_any()).prop_map(Op::PeerInitialWindow),
        (stream.clone(), amount(0..=70_000u32)).prop_map(|(stream, n)| Op::Receive { stream, n }),
        (stream, 0..=70_000u32).prop_map(|(stream, n)| Op::Acknowledge { stream, n }),
        (maybe_stream, amount(small_or_any()))
            .prop_map(|(stream, n)| Op::ManualUpdate { stream, n }),
        amount(small_or_any()).prop_map(Op::LocalInitialWindow),
        Just(Op::PeerAck),
        small_or_any().prop_map(Op::ConnectionTarget),
    ]
}

/// A window under test and its model.
struct Checked<W> {
    window: W,
    model: i128,
}

fn in_range(value: i128) -> bool {
    (-MAX..=MAX).contains(&value)
}

/// Consumes `n` and checks the outcome against the model.
fn consume(window: &mut Window, model: &mut i128, n: u32) {
    let before = window.available();
    let result = window.consume(n);
    let refused = n > 0 && i128::from(n) > *model;
    assert_eq!(result.is_err(), refused, "consume {n} from {model}");
    if refused {
        assert!(matches!(result, Err(WindowError::Exceeded { requested, .. }) if requested == n));
        assert_eq!(window.available(), before);
    } else {
        *model -= i128::from(n);
    }
    assert_eq!(i128::from(window.available()), *model);
}

fn increase(window: &mut Window, model: &mut i128, n: u32) {
    let result = window.increase(n);
    let refused = *model + i128::from(n) > MAX;
    assert_eq!(result.is_err(), refused, "increase {model} by {n}");
    if refused {
        assert!(matches!(result, Err(WindowError::Overflow { increment, .. }) if increment == n));
    } else {
        *model += i128::from(n);
    }
    assert_eq!(i128::from(window.available()), *model);
}

/// Applies an INITIAL_WINDOW_SIZE delta to every stream window, checking the
/// all-or-nothing rule against the models.
fn shift_all<W: h2_settings::AdjustableWindow>(
    streams: &mut [Checked<W>],
    delta: i64,
    available: impl Fn(&W) -> i32,
) {
    let refused = streams
        .iter()
        .any(|s| !in_range(s.model + i128::from(delta)));
    let result = apply_initial_window_delta(streams.iter_mut().map(|s| &mut s.window), delta);
    assert_eq!(result.is_err(), refused, "delta {delta}");
    if let Err(err) = result {
        assert!(err.is_connection_error());
        assert!(matches!(err, WindowError::DeltaOutOfRange { delta: d, .. } if d == delta));
    } else {
        for s in streams.iter_mut() {
            s.model += i128::from(delta);
        }
    }
    for s in streams.iter() {
        assert_eq!(i128::from(available(&s.window)), s.model);
    }
}

/// Acknowledges `n` on a receive window: any increment is non-zero, is added
/// to the model, and never opens the window past its target.
fn acknowledge(window: &mut Checked<RecvWindow>, n: u32) {
    let before = i128::from(window.window.available());
    let increment = window.window.acknowledge(n);
    if let Some(increment) = increment {
        window.model += i128::from(increment.get());
        assert!(window.model <= i128::from(window.window.target()).max(before));
    }
    assert_eq!(i128::from(window.window.available()), window.model);
    assert!(window.model <= MAX);
}

fn receive(window: &mut Checked<RecvWindow>, n: u32) {
    let result = window.window.receive(n);
    let refused = n > 0 && i128::from(n) > window.model;
    assert_eq!(result.is_err(), refused);
    if !refused {
        window.model -= i128::from(n);
    }
    assert_eq!(i128::from(window.window.available()), window.model);
}

fn manual(window: &mut Checked<RecvWindow>, n: u32) {
    let result = window.window.increase(n);
    let refused = window.model + i128::from(n) > MAX;
    assert_eq!(result.is_err(), refused);
    if !refused {
        window.model += i128::from(n);
        assert!(i128::from(window.window.target()) >= window.model);
    }
    assert_eq!(i128::from(window.window.available()), window.model);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn windows_match_the_reference_model(ops in proptest::collection::vec(op(), 1..80)) {
        // Sending side: our view of the server's settings and our send windows.
        let mut remote = Settings::server();
        let mut remote_iws: i128 = 65_535;
        let mut send_conn = Checked { window: Window::connection(), model: 65_535 };
        let mut send_streams: Vec<Checked<Window>> =
            (0..STREAMS).map(|_| Checked { window: Window::stream(65_535), model: 65_535 }).collect();

        // Receiving side: our settings, their pending frames, our receive windows.
        let mut local = LocalSettings::new(Settings::client()).with_max_pending(4);
        let mut local_iws: i128 = 65_535;
        let mut pending_iws: VecDeque<u32> = VecDeque::new();
        let mut recv_conn = Checked { window: RecvWindow::connection(), model: 65_535 };
        let mut recv_streams: Vec<Checked<RecvWindow>> =
            (0..STREAMS).map(|_| Checked { window: RecvWindow::stream(65_535), model: 65_535 }).collect();

        for op in ops {
            match op {
                Op::Send { stream, n } => {
                    let n = n.resolve(send_conn.model.min(send_streams[stream].model));
                    consume(&mut send_conn.window, &mut send_conn.model, n);
                    let s = &mut send_streams[stream];
                    consume(&mut s.window, &mut s.model, n);
                }
                Op::PeerUpdate { stream: None, n } => {
                    let n = n.resolve(MAX - send_conn.model);
                    increase(&mut send_conn.window, &mut send_conn.model, n);
                }
                Op::PeerUpdate { stream: Some(stream), n } => {
                    let s = &mut send_streams[stream];
                    let n = n.resolve(MAX - s.model);
                    increase(&mut s.window, &mut s.model, n);
                }
                Op::PeerInitialWindow(value) => {
                    let largest = send_streams.iter().map(|s| s.model).max().unwrap();
                    let value = value.resolve(remote_iws + MAX - largest);
                    let result = remote.apply(&[Setting::new(SettingId::INITIAL_WINDOW_SIZE, value)]);
                    if i128::from(value) > MAX {
                        prop_assert_eq!(result, Err(SettingsError::InitialWindowSizeTooLarge { value }));
                    } else {
                        let changes = result.unwrap();
                        prop_assert_eq!(changes.len(), 1);
                        let delta = changes[0].window_delta().unwrap();
                        prop_assert_eq!(i128::from(delta), i128::from(value) - remote_iws);
                        remote_iws = i128::from(value);
                        shift_all(&mut send_streams, delta, Window::available);
                    }
                    prop_assert_eq!(i128::from(remote.initial_window_size()), remote_iws);
                    // SETTINGS never touch the connection window (RFC 9113 §6.9.2).
                    prop_assert_eq!(i128::from(send_conn.window.available()), send_conn.model);
                }
                Op::Receive { stream, n } => {
                    let n = n.resolve(recv_conn.model.min(recv_streams[stream].model));
                    receive(&mut recv_conn, n);
                    receive(&mut recv_streams[stream], n);
                }
                Op::Acknowledge { stream, n } => {
                    acknowledge(&mut recv_conn, n);
                    acknowledge(&mut recv_streams[stream], n);
                }
                Op::ManualUpdate { stream: None, n } => {
                    let n = n.resolve(MAX - recv_conn.model);
                    manual(&mut recv_conn, n);
                }
                Op::ManualUpdate { stream: Some(stream), n } => {
                    let s = &mut recv_streams[stream];
                    let n = n.resolve(MAX - s.model);
                    manual(s, n);
                }
                Op::LocalInitialWindow(value) => {
                    let largest = recv_streams.iter().map(|s| s.model).max().unwrap();
                    let in_force_at_ack = pending_iws.back().map_or(local_iws, |&v| i128::from(v));
                    let value = value.resolve(in_force_at_ack + MAX - largest);
                    let result = local.update(&[Setting::new(SettingId::INITIAL_WINDOW_SIZE, value)]);
                    if pending_iws.len() >= 4 {
                        prop_assert_eq!(result, Err(SettingsError::TooManyPending { limit: 4 }));
                    } else if i128::from(value) > MAX {
                        prop_assert_eq!(result, Err(SettingsError::InitialWindowSizeTooLarge { value }));
                    } else {
                        prop_assert!(result.is_ok());
                        pending_iws.push_back(value);
                    }
                    // Nothing takes effect before the ACK (SPEC SET-8, FC-9).
                    prop_assert_eq!(i128::from(local.current().initial_window_size()), local_iws);
                    prop_assert_eq!(local.pending().len(), pending_iws.len());
                }
                Op::PeerAck => {
                    let result = local.acknowledge();
                    match pending_iws.pop_front() {
                        None => prop_assert_eq!(result, Err(SettingsError::UnexpectedAck)),
                        Some(value) => {
                            let changes = result.unwrap();
                            prop_assert_eq!(changes.len(), 1);
                            prop_assert_eq!(changes[0].old.map(i128::from), Some(local_iws));
                            prop_assert_eq!(changes[0].new, value);
                            local_iws = i128::from(value);
                            let delta = changes[0].window_delta().unwrap();
                            shift_all(&mut recv_streams, delta, RecvWindow::available);
                        }
                    }
                    prop_assert_eq!(i128::from(local.current().initial_window_size()), local_iws);
                    prop_assert_eq!(i128::from(recv_conn.window.available()), recv_conn.model);
                }
                Op::ConnectionTarget(target) => {
                    let result = recv_conn.window.set_target(target);
                    if i128::from(target) > MAX {
                        prop_assert!(result.is_err());
                    } else {
                        let grow = result.unwrap();
                        let expected = (i128::from(target) - recv_conn.model).max(0);
                        prop_assert_eq!(grow.map_or(0, |n| i128::from(n.get())), expected);
                        recv_conn.model += expected;
                        prop_assert_eq!(recv_conn.window.target(), target);
                    }
                    prop_assert_eq!(i128::from(recv_conn.window.available()), recv_conn.model);
                }
            }
            // Targets stay valid window sizes.
            for window in std::iter::once(&recv_conn).chain(recv_streams.iter()) {
                prop_assert!(window.window.target() <= MAX_WINDOW_SIZE);
            }
            for model in [send_conn.model, recv_conn.model]
                .into_iter()
                .chain(send_streams.iter().map(|s| s.model))
                .chain(recv_streams.iter().map(|s| s.model))
            {
                prop_assert!(in_range(model), "model {} out of range", model);
            }
        }
    }

    /// SPEC FC-7 never stalls a transfer: a peer that always sends what the
    /// window allows, to an application that processes everything at once,
    /// delivers any amount, whatever the threshold, target and frame sizes.
    #[test]
    fn automatic_updates_never_stall_a_transfer(
        total in 1..=2_000_000u32,
        frame in 1..=40_000u32,
        percent in 0..=100u8,
        target in proptest::option::of(16_384..=(8u32 << 20)),
    ) {
        let mut window = RecvWindow::connection().with_threshold_percent(percent);
        let mut advertised = i128::from(window.available());
        if let Some(target) = target {
            if let Some(grow) = window.set_target(target).unwrap() {
                advertised += i128::from(grow.get());
            }
        }
        let mut delivered: u64 = 0;
        while delivered < u64::from(total) {
            let room = u32::try_from(advertised.max(0)).unwrap();
            let left = total - u32::try_from(delivered).unwrap();
            let n = frame.min(room).min(left);
            // Every round delivers at least one octet, so the loop ends.
            prop_assert!(n > 0, "stalled: window {} after {} octets", advertised, delivered);
            window.receive(n).unwrap();
            advertised -= i128::from(n);
            delivered += u64::from(n);
            if let Some(increment) = window.acknowledge(n) {
                advertised += i128::from(increment.get());
            }
            prop_assert_eq!(i128::from(window.available()), advertised);
        }
    }
}
