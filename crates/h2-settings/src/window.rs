//! A flow-control window (RFC 9113 §6.9.1), signed so that it can go below
//! zero after an INITIAL_WINDOW_SIZE decrease (§6.9.2).

use alloc::vec::Vec;

use crate::{WindowError, DEFAULT_WINDOW_SIZE, MAX_WINDOW_SIZE};

/// Which of the two levels of flow control a window belongs to (RFC 9113
/// §6.9: "Flow control operates at two levels: on each individual stream and
/// on the entire connection").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WindowScope {
    /// The connection window (WINDOW_UPDATE on stream 0).
    Connection,
    /// One stream's window.
    Stream,
}

impl core::fmt::Display for WindowScope {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Self::Connection => "connection",
            Self::Stream => "stream",
        })
    }
}

/// The largest window, 2^31-1, as the signed type windows are kept in.
const MAX: i32 = MAX_WINDOW_SIZE as i32;

/// How many flow-controlled octets may still be sent on a stream or a
/// connection.
///
/// The value lies in `-(2^31-1)..=2^31-1`. It goes below zero only through
/// [`apply_delta`](Self::apply_delta) (a smaller INITIAL_WINDOW_SIZE):
/// "A change to SETTINGS_INITIAL_WINDOW_SIZE can cause the available space
/// in a flow-control window to become negative. A sender MUST track the
/// negative flow-control window" (RFC 9113 §6.9.2). Every operation is
/// transactional: on an error the window is unchanged (SPEC API-23 and
/// Python's `window_consumed` change the window before raising; we do not).
///
/// Use one `Window` per direction: for what we may send, [`consume`] on each
/// DATA frame sent and [`increase`] on each WINDOW_UPDATE received; for what
/// the peer may send, see [`RecvWindow`](crate::RecvWindow), which wraps one.
///
/// [`consume`]: Self::consume
/// [`increase`]: Self::increase
///
/// ```
/// use h2_frame::ErrorCode;
/// use h2_settings::{Window, WindowError, WindowScope};
///
/// let mut window = Window::stream(65_535);
/// window.consume(60_000)?;                // sent 60 KB
/// window.apply_delta(16_384 - 65_535)?;   // the peer lowers INITIAL_WINDOW_SIZE to 16 KB
/// assert_eq!(window.available(), -43_616); // RFC 9113 §6.9.2's example
/// window.increase(50_000)?;
/// assert_eq!(window.available(), 6_384);
///
/// let err = window.increase(i32::MAX as u32).unwrap_err();
/// assert!(matches!(err, WindowError::Overflow { scope: WindowScope::Stream, .. }));
/// assert_eq!(err.code(), ErrorCode::FLOW_CONTROL_ERROR);
/// assert!(!err.is_connection_error()); // RST_STREAM, not GOAWAY
/// assert_eq!(window.available(), 6_384); // unchanged
/// # Ok::<(), WindowError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    available: i32,
    scope: WindowScope,
}

impl Window {
    /// A window of `scope` starting at `initial` octets. `initial` above
    /// 2^31-1 cannot come from validated settings and is capped there.
    pub const fn new(scope: WindowScope, initial: u32) -> Self {
        let available = if initial > MAX_WINDOW_SIZE {
            MAX
        } else {
            initial as i32
        };
        Self { available, scope }
    }

    /// A connection window at its initial 65,535 octets (RFC 9113 §6.9.2:
    /// "The connection flow-control window is also 65,535 octets").
    pub const fn connection() -> Self {
        Self::new(WindowScope::Connection, DEFAULT_WINDOW_SIZE)
    }

    /// A stream window starting at `initial`, the INITIAL_WINDOW_SIZE of the
    /// side that receives on it.
    pub const fn stream(initial: u32) -> Self {
        Self::new(WindowScope::Stream, initial)
    }

    /// Which level of flow control this window belongs to.
    pub const fn scope(&self) -> WindowScope {
        self.scope
    }

    /// The octets that may still be sent; negative after an
    /// INITIAL_WINDOW_SIZE decrease, and then nothing may be sent.
    pub const fn available(&self) -> i32 {
        self.available
    }

    /// Takes `n` flow-controlled octets (RFC 9113 §6.9.1: "After sending a
    /// flow-controlled frame, the sender reduces the space available in both
    /// windows by the length of the transmitted frame").
    ///
    /// Fails with [`WindowError::Exceeded`] if `n` is more than is available:
    /// for a sender that is a caller bug, for a receiver the peer's
    /// FLOW_CONTROL_ERROR. Consuming 0 always succeeds, even when the window
    /// is negative (an empty DATA frame "MAY be sent if there is no available
    /// space in either flow-control window", §6.9.1).
    pub fn consume(&mut self, n: u32) -> Result<(), WindowError> {
        // RFC 9113 §6.9.1: "The sender MUST NOT send a flow-controlled frame
        // with a length that exceeds the space available in either of the
        // flow-control windows advertised by the receiver."
        if n > 0 && i64::from(n) > i64::from(self.available) {
            return Err(WindowError::Exceeded {
                scope: self.scope,
                available: self.available,
                requested: n,
            });
        }
        self.shift(-i64::from(n));
        Ok(())
    }

    /// Grows the window by `n` (a WINDOW_UPDATE increment).
    ///
    /// Fails with [`WindowError::Overflow`], leaving the window unchanged, if
    /// it would pass 2^31-1: "A sender MUST NOT allow a flow-control window
    /// to exceed 2^31-1 octets" (RFC 9113 §6.9.1). An increment of 0 is a
    /// no-op here; rejecting it is the frame layer's job (§6.9).
    pub fn increase(&mut self, n: u32) -> Result<(), WindowError> {
        if i64::from(self.available) + i64::from(n) > i64::from(MAX) {
            return Err(WindowError::Overflow {
                scope: self.scope,
                available: self.available,
                increment: n,
            });
        }
        self.shift(i64::from(n));
        Ok(())
    }

    /// Checks whether [`apply_delta`](Self::apply_delta) would succeed,
    /// without changing anything.
    pub fn check_delta(&self, delta: i64) -> Result<(), WindowError> {
        match i64::from(self.available).checked_add(delta) {
            // RFC 9113 §6.9.2: "An endpoint MUST treat a change to
            // SETTINGS_INITIAL_WINDOW_SIZE that causes any flow-control window
            // to exceed the maximum size as a connection error (Section 5.4.1)
            // of type FLOW_CONTROL_ERROR."
            Some(new) if (-i64::from(MAX)..=i64::from(MAX)).contains(&new) => Ok(()),
            _ => Err(WindowError::DeltaOutOfRange {
                scope: self.scope,
                available: self.available,
                delta,
            }),
        }
    }

    /// Shifts the window by `delta`, the new INITIAL_WINDOW_SIZE minus the
    /// old (RFC 9113 §6.9.2; [`ChangedSetting::window_delta`]). The result may
    /// be negative. Fails with [`WindowError::DeltaOutOfRange`], a connection
    /// error whatever the window, if it would pass 2^31-1.
    ///
    /// [`ChangedSetting::window_delta`]: crate::ChangedSetting::window_delta
    pub fn apply_delta(&mut self, delta: i64) -> Result<(), WindowError> {
        self.check_delta(delta)?;
        self.shift(delta);
        Ok(())
    }

    /// Adds `delta`, which the caller has checked keeps the window within
    /// `-(2^31-1)..=2^31-1`; the clamp never bites then, and keeps the cast
    /// exact if a check were ever wrong.
    pub(crate) fn shift(&mut self, delta: i64) {
        let new = i64::from(self.available) + delta;
        debug_assert!((-i64::from(MAX)..=i64::from(MAX)).contains(&new));
        self.available = new.clamp(-i64::from(MAX), i64::from(MAX)) as i32;
    }
}

/// A window that an INITIAL_WINDOW_SIZE change shifts: [`Window`] and
/// [`RecvWindow`](crate::RecvWindow). Sealed; it exists for
/// [`apply_initial_window_delta`].
pub trait AdjustableWindow: sealed::Sealed {}

impl AdjustableWindow for Window {}
impl AdjustableWindow for crate::RecvWindow {}

mod sealed {
    use crate::WindowError;

    #[allow(unreachable_pub)] // public in a private module: the sealing idiom
    pub trait Sealed {
        fn check_delta(&self, delta: i64) -> Result<(), WindowError>;
        fn apply_delta(&mut self, delta: i64) -> Result<(), WindowError>;
    }

    impl Sealed for super::Window {
        fn check_delta(&self, delta: i64) -> Result<(), WindowError> {
            Self::check_delta(self, delta)
        }
        fn apply_delta(&mut self, delta: i64) -> Result<(), WindowError> {
            Self::apply_delta(self, delta)
        }
    }

    impl Sealed for crate::RecvWindow {
        fn check_delta(&self, delta: i64) -> Result<(), WindowError> {
            Self::check_delta(self, delta)
        }
        fn apply_delta(&mut self, delta: i64) -> Result<(), WindowError> {
            Self::apply_delta(self, delta)
        }
    }
}

/// Shifts every window by `delta` (an INITIAL_WINDOW_SIZE change), or none of
/// them: all are checked before any changes (RFC 9113 §6.9.2: "a receiver
/// MUST adjust the size of all stream flow-control windows that it
/// maintains by the difference between the new value and the old value").
///
/// On an error, a [`WindowError::DeltaOutOfRange`] for the first window that
/// would leave the range, every window is unchanged and the connection must
/// end with FLOW_CONTROL_ERROR. Never pass the connection window: "A
/// SETTINGS frame cannot alter the connection flow-control window" (§6.9.2).
///
/// ```
/// use h2_settings::{apply_initial_window_delta, Window};
///
/// let mut streams = [Window::stream(65_535), Window::stream(i32::MAX as u32 - 10)];
/// assert!(apply_initial_window_delta(streams.iter_mut(), 100).is_err());
/// assert_eq!(streams[0].available(), 65_535); // untouched: all or nothing
///
/// apply_initial_window_delta(streams.iter_mut(), -65_535)?;
/// assert_eq!(streams[0].available(), 0);
/// # Ok::<(), h2_settings::WindowError>(())
/// ```
pub fn apply_initial_window_delta<'a, W, I>(windows: I, delta: i64) -> Result<(), WindowError>
where
    W: AdjustableWindow + 'a,
    I: IntoIterator<Item = &'a mut W>,
{
    use sealed::Sealed;

    let mut windows: Vec<&mut W> = windows.into_iter().collect();
    for window in &windows {
        Sealed::check_delta(&**window, delta)?;
    }
    for window in &mut windows {
        Sealed::apply_delta(&mut **window, delta)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn construction_caps_initial_above_the_maximum() {
        assert_eq!(Window::stream(u32::MAX).available(), MAX);
        assert_eq!(Window::connection().available(), 65_535);
        assert_eq!(Window::connection().scope(), WindowScope::Connection);
    }

    #[test]
    fn delta_below_minus_max_is_refused() {
        let mut window = Window::stream(0);
        window.apply_delta(-i64::from(MAX)).unwrap();
        assert_eq!(window.available(), -MAX);
        let err = window.apply_delta(-1).unwrap_err();
        assert_eq!(
            err,
            WindowError::DeltaOutOfRange {
                scope: WindowScope::Stream,
                available: -MAX,
                delta: -1
            }
        );
        assert!(window.apply_delta(i64::MIN).is_err());
        assert!(window.apply_delta(i64::MAX).is_err());
        assert_eq!(window.available(), -MAX);
    }
}
