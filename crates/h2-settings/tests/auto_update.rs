//! The automatic WINDOW_UPDATE strategy of `acknowledge_received_data` (SPEC
//! FC-7, FC-8, API-24, Appendix C).

use core::num::NonZeroU32;

use h2_settings::{RecvWindow, WindowError, WindowScope, MAX_WINDOW_SIZE};

fn acked(window: &mut RecvWindow, n: u32) -> Option<u32> {
    window.acknowledge(n).map(NonZeroU32::get)
}

/// SPEC FC-7 and Appendix C: window 65,535, four 10,000-octet frames
/// acknowledged one at a time: nothing, nothing, nothing, then 40,000 on the
/// connection and on the stream.
#[test]
fn appendix_c_four_frames_then_one_update_of_40000() {
    let mut connection = RecvWindow::connection();
    let mut stream = RecvWindow::stream(65_535);
    let mut sent = Vec::new();
    for _ in 0..4 {
        connection.receive(10_000).unwrap();
        stream.receive(10_000).unwrap();
        sent.push((acked(&mut connection, 10_000), acked(&mut stream, 10_000)));
    }
    assert_eq!(
        sent,
        [
            (None, None),
            (None, None),
            (None, None),
            (Some(40_000), Some(40_000))
        ]
    );
    assert_eq!(connection.available(), 65_535);
    assert_eq!(stream.available(), 65_535);
}

/// SPEC FC-7: the half-window rule fires at exactly max / 2 (floored).
#[test]
fn half_window_threshold_is_inclusive() {
    let mut window = RecvWindow::connection();
    window.receive(40_000).unwrap();
    assert_eq!(acked(&mut window, 32_766), None);
    assert_eq!(acked(&mut window, 1), Some(32_767)); // 65_535 / 2
    assert_eq!(window.available(), 65_535 - 40_000 + 32_767);
}

/// SPEC FC-7: an exhausted window returns acknowledged octets early, once
/// more than min(1024, max / 4) are waiting.
#[test]
fn exhausted_window_updates_after_1024_octets() {
    let mut window = RecvWindow::connection();
    window.receive(65_535).unwrap();
    assert_eq!(acked(&mut window, 1024), None); // not more than 1024
    assert_eq!(acked(&mut window, 1), Some(1025));
    assert_eq!(window.available(), 1025);
    // No longer exhausted: back to the half-window rule.
    assert_eq!(acked(&mut window, 2000), None);
}

/// SPEC FC-7: with a small window the exhausted rule uses max / 4.
#[test]
fn exhausted_small_window_uses_a_quarter() {
    let mut window = RecvWindow::stream(1000);
    window.receive(1000).unwrap();
    assert_eq!(acked(&mut window, 250), None); // not more than 250
    assert_eq!(acked(&mut window, 1), Some(251));
}

/// SPEC FC-7: the increment never exceeds max - current, and a computed zero
/// is never emitted; the surplus is dropped, as in Python.
#[test]
fn never_emits_zero_and_never_opens_past_target() {
    let mut window = RecvWindow::stream(100);
    // Acknowledging octets never received: the window is already full.
    assert_eq!(acked(&mut window, 100), None);
    assert_eq!(window.available(), 100);
    window.receive(30).unwrap();
    // Surplus from the call above was dropped; 60 >= 50 returns only 30.
    assert_eq!(acked(&mut window, 60), Some(30));
    assert_eq!(window.available(), 100);
    assert_eq!(acked(&mut window, 0), None);
}

/// SPEC FC-7: the threshold is configurable; 0 % returns every octet at once.
#[test]
fn threshold_is_configurable() {
    let mut eager = RecvWindow::connection().with_threshold_percent(0);
    eager.receive(10).unwrap();
    assert_eq!(acked(&mut eager, 10), Some(10));

    let mut quarter = RecvWindow::connection().with_threshold_percent(25);
    quarter.receive(20_000).unwrap();
    assert_eq!(acked(&mut quarter, 16_382), None);
    assert_eq!(acked(&mut quarter, 1), Some(16_383)); // 65_535 * 25 / 100

    let mut lazy = RecvWindow::connection().with_threshold_percent(200); // capped at 100
    lazy.receive(65_535).unwrap();
    assert_eq!(acked(&mut lazy, 1025), Some(1025)); // the exhausted rule still applies
}

/// A larger target lets more than 64 KiB be in flight: the growth is sent at
/// once, and later updates return octets up to the target.
#[test]
fn target_window_beyond_64k() {
    let target = 4 << 20;
    let mut connection = RecvWindow::connection();
    assert_eq!(
        connection.set_target(target).unwrap().map(NonZeroU32::get),
        Some(target - 65_535)
    );
    assert_eq!(connection.available(), target as i32);
    assert_eq!(connection.target(), target);

    connection.receive(1 << 20).unwrap();
    assert_eq!(acked(&mut connection, 1 << 20), None); // 1 MiB < 2 MiB
    connection.receive(1 << 20).unwrap();
    assert_eq!(acked(&mut connection, 1 << 20), Some(2 << 20));
    assert_eq!(connection.available(), target as i32);

    // Setting the same target again sends nothing.
    assert_eq!(connection.set_target(target).unwrap(), None);
    let err = connection.set_target(MAX_WINDOW_SIZE + 1).unwrap_err();
    assert_eq!(
        err,
        WindowError::TargetTooLarge {
            scope: WindowScope::Connection,
            target: MAX_WINDOW_SIZE + 1
        }
    );
    assert_eq!(connection.target(), target);
    assert_eq!(
        connection
            .set_target(MAX_WINDOW_SIZE)
            .unwrap()
            .map(NonZeroU32::get),
        Some(MAX_WINDOW_SIZE - target)
    );
}

/// SPEC FC-7: a manual increase past the target raises the target.
#[test]
fn manual_increase_raises_target() {
    let mut window = RecvWindow::stream(65_535);
    window.increase(34_465).unwrap();
    assert_eq!(window.target(), 100_000);
    window.receive(50_000).unwrap();
    assert_eq!(acked(&mut window, 50_000), Some(50_000));
    assert_eq!(window.available(), 100_000);
    let err = window.increase(MAX_WINDOW_SIZE).unwrap_err();
    assert!(matches!(
        err,
        WindowError::Overflow {
            scope: WindowScope::Stream,
            ..
        }
    ));
    assert_eq!(window.available(), 100_000);
    assert_eq!(window.target(), 100_000);
}

/// A window pushed negative by our INITIAL_WINDOW_SIZE decrease counts as
/// exhausted, so returned octets flow back without waiting for half the
/// (smaller) target.
#[test]
fn negative_window_counts_as_exhausted() {
    let mut window = RecvWindow::stream(65_535);
    window.receive(60_000).unwrap();
    window.apply_delta(16_384 - 65_535).unwrap();
    assert_eq!(window.available(), -43_616);
    assert_eq!(window.target(), 16_384);
    // min(1024, 16_384 / 4) = 1024 must be exceeded.
    assert_eq!(acked(&mut window, 1024), None);
    assert_eq!(acked(&mut window, 1), Some(1025));
    assert_eq!(window.available(), -42_591);
}

/// A manual increase that leaves the window negative does not touch the
/// target (it once turned the negative window into a huge target).
#[test]
fn manual_increase_on_negative_window_keeps_target() {
    let mut window = RecvWindow::stream(65_535);
    window.apply_delta(-100_000).unwrap();
    assert_eq!(window.available(), -34_465);
    assert_eq!(window.target(), 0);
    window.increase(1_000).unwrap();
    assert_eq!(window.available(), -33_465);
    assert_eq!(window.target(), 0);
    window.increase(33_466).unwrap();
    assert_eq!(window.target(), 1);
}
