//! Flow-control windows: negative windows, overflow, the INITIAL_WINDOW_SIZE
//! delta, stream versus connection (SPEC FC-2, FC-3, FC-5, FC-9, API-23,
//! API-25, quirks; RFC 9113 §6.9).

use h2_frame::ErrorCode;
use h2_settings::{
    apply_initial_window_delta, RecvWindow, Window, WindowError, WindowScope, MAX_WINDOW_SIZE,
};

const MAX: i32 = i32::MAX;

/// SPEC FC-2: the connection window starts at 65,535; a stream window at the
/// INITIAL_WINDOW_SIZE it is given.
#[test]
fn initial_windows() {
    assert_eq!(Window::connection().available(), 65_535);
    assert_eq!(Window::connection().scope(), WindowScope::Connection);
    assert_eq!(Window::stream(1234).available(), 1234);
    assert_eq!(Window::stream(1234).scope(), WindowScope::Stream);
    assert_eq!(Window::stream(MAX_WINDOW_SIZE).available(), MAX);
}

/// RFC 9113 §6.9.2's example: 60 KB sent, then the initial window lowered to
/// 16 KB, leaves the window negative until WINDOW_UPDATEs restore it.
#[test]
fn initial_window_size_decrease_makes_window_negative() {
    let mut window = Window::stream(65_535);
    window.consume(60_000).unwrap();
    window.apply_delta(16_384 - 65_535).unwrap();
    assert_eq!(window.available(), 5_535 - 49_151);
    // SPEC Q-07 (fixed, as 4.4.0): 0 octets may be sent on a negative window.
    window.consume(0).unwrap();
    // Nothing else may.
    assert_eq!(
        window.consume(1),
        Err(WindowError::Exceeded {
            scope: WindowScope::Stream,
            available: -43_616,
            requested: 1
        })
    );
    window.increase(43_616).unwrap();
    assert_eq!(window.available(), 0);
    assert!(window.consume(1).is_err());
    window.increase(1).unwrap();
    window.consume(1).unwrap();
}

/// SPEC FC-3, RFC 9113 §6.9.1: growth past 2^31-1 is FLOW_CONTROL_ERROR, a
/// stream error on a stream and a connection error on the connection.
#[test]
fn increase_past_max_is_flow_control_error_by_scope() {
    for (mut window, connection) in [
        (Window::stream(65_535), false),
        (Window::connection(), true),
    ] {
        window.increase((MAX - 65_535) as u32).unwrap();
        assert_eq!(window.available(), MAX);
        let err = window.increase(1).unwrap_err();
        assert_eq!(
            err,
            WindowError::Overflow {
                scope: window.scope(),
                available: MAX,
                increment: 1
            }
        );
        assert_eq!(err.code(), ErrorCode::FLOW_CONTROL_ERROR);
        assert_eq!(err.scope(), window.scope());
        assert_eq!(err.is_connection_error(), connection);
        // SPEC API-23 / Q-03 (fixed): the window is unchanged.
        assert_eq!(window.available(), MAX);
        assert!(window.increase(u32::MAX).is_err());
        assert_eq!(window.available(), MAX);
    }
}

/// An increment whose reserved bit is set can still be legal arithmetic on a
/// negative window; only the result is bounded.
#[test]
fn large_increment_on_negative_window_is_bounded_by_result() {
    let mut window = Window::stream(0);
    window.apply_delta(-1000).unwrap();
    window.increase(MAX as u32).unwrap();
    assert_eq!(window.available(), MAX - 1000);
}

/// An increment of 0 does nothing (the frame layer rejects it, RFC 9113 §6.9).
#[test]
fn zero_increment_is_a_no_op() {
    let mut window = Window::connection();
    window.increase(0).unwrap();
    assert_eq!(window.available(), 65_535);
}

/// SPEC FC-5: receiving more than the window allows is a FLOW_CONTROL_ERROR
/// and leaves the window as it was (Python shrinks it first).
#[test]
fn receiving_past_window_is_flow_control_error() {
    let mut conn = RecvWindow::connection();
    conn.receive(65_000).unwrap();
    let err = conn.receive(536).unwrap_err();
    assert_eq!(
        err,
        WindowError::Exceeded {
            scope: WindowScope::Connection,
            available: 535,
            requested: 536
        }
    );
    assert_eq!(err.code(), ErrorCode::FLOW_CONTROL_ERROR);
    assert!(err.is_connection_error());
    assert_eq!(conn.available(), 535);
    conn.receive(535).unwrap();
    assert_eq!(conn.available(), 0);

    let mut stream = RecvWindow::stream(10);
    let err = stream.receive(11).unwrap_err();
    assert_eq!(err.scope(), WindowScope::Stream);
    assert!(!err.is_connection_error());
    assert_eq!(stream.available(), 10);
}

/// SPEC FC-3, RFC 9113 §6.9.2: an INITIAL_WINDOW_SIZE change that overflows a
/// stream window is a connection error, and no window is changed.
#[test]
fn initial_window_delta_overflow_is_connection_error_and_all_or_nothing() {
    let mut windows = [
        Window::stream(65_535),
        Window::stream(100),
        Window::stream(65_535),
    ];
    windows[1].increase((MAX - 100 - 10) as u32).unwrap(); // 2^31-11
    let err = apply_initial_window_delta(windows.iter_mut(), 11).unwrap_err();
    assert_eq!(
        err,
        WindowError::DeltaOutOfRange {
            scope: WindowScope::Stream,
            available: MAX - 10,
            delta: 11
        }
    );
    assert_eq!(err.code(), ErrorCode::FLOW_CONTROL_ERROR);
    assert!(err.is_connection_error());
    assert_eq!(
        windows.iter().map(Window::available).collect::<Vec<_>>(),
        [65_535, MAX - 10, 65_535]
    );
    apply_initial_window_delta(windows.iter_mut(), 10).unwrap();
    assert_eq!(
        windows.iter().map(Window::available).collect::<Vec<_>>(),
        [65_545, MAX, 65_545]
    );
    // No windows at all: nothing to check, nothing to do.
    apply_initial_window_delta(Vec::<&mut Window>::new(), i64::MAX).unwrap();
}

/// SPEC SET-8, FC-9: our INITIAL_WINDOW_SIZE change, once acknowledged,
/// shifts every stream's receive window and its target.
#[test]
fn initial_window_delta_over_receive_windows() {
    let mut streams = [RecvWindow::stream(65_535), RecvWindow::stream(65_535)];
    streams[0].receive(65_535).unwrap();
    apply_initial_window_delta(streams.iter_mut(), 1_000_000 - 65_535).unwrap();
    assert_eq!(streams[0].available(), 1_000_000 - 65_535);
    assert_eq!(streams[1].available(), 1_000_000);
    assert_eq!(streams[0].target(), 1_000_000);

    apply_initial_window_delta(streams.iter_mut(), -1_000_000).unwrap();
    assert_eq!(streams[0].available(), -65_535);
    assert_eq!(streams[1].available(), 0);
    assert_eq!(streams[1].target(), 0);
}

/// The delta stays within -(2^31-1)..=2^31-1 whatever it is; valid settings
/// never reach the lower bound, but a wrong delta is refused, not wrapped.
#[test]
fn delta_extremes_are_refused_unchanged() {
    let mut window = Window::connection();
    for delta in [i64::MIN, i64::MAX, -(1 << 32), 1 << 32, i64::from(MAX)] {
        let err = window.apply_delta(delta).unwrap_err();
        assert!(
            matches!(err, WindowError::DeltaOutOfRange { .. }),
            "{delta}"
        );
        assert_eq!(window.available(), 65_535);
    }
    assert_eq!(window.check_delta(i64::from(MAX) - 65_535), Ok(()));
}
