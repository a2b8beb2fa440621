//! The receiving side of a window, with Python h2's automatic WINDOW_UPDATE
//! strategy (SPEC FC-7, `acknowledge_received_data`).

use core::num::NonZeroU32;

use crate::{Window, WindowError, WindowScope, MAX_WINDOW_SIZE};

/// What the peer may still send us on a stream or the connection, and when to
/// tell it that it may send more.
///
/// Received DATA [`receive`](Self::receive)s octets from the window; once the
/// application has processed them it [`acknowledge`](Self::acknowledge)s
/// them, and the window decides whether a WINDOW_UPDATE is worth sending.
/// "Receivers are advised to have mechanisms in place to avoid sending
/// WINDOW_UPDATE frames with very small increments" (RFC 9113 §6.9.1), so
/// acknowledged octets are coalesced until either
/// - at least the threshold (by default half of the target window) has been
///   acknowledged, or
/// - the window is exhausted (0 or below) and more than
///   `min(1024, target / 4)` octets have been acknowledged,
///
/// and then the increment is `min(acknowledged, target - window)`. A zero
/// increment is never emitted. With the default threshold this is Python
/// h2's `WindowManager` exactly (SPEC FC-7), except that an exhausted window
/// is one at or below zero rather than exactly zero, so that a window pushed
/// negative by an INITIAL_WINDOW_SIZE decrease is not left waiting.
///
/// The target starts at the initial window. It follows INITIAL_WINDOW_SIZE
/// changes ([`apply_delta`](Self::apply_delta)), grows when a manual
/// [`increase`](Self::increase) opens the window past it, and can be raised
/// with [`set_target`](Self::set_target) so that more than 64 KiB may be in
/// flight.
///
/// ```
/// use h2_settings::RecvWindow;
///
/// // SPEC Appendix C: four 10,000-octet DATA frames, each acknowledged.
/// let mut connection = RecvWindow::connection();
/// let mut updates = Vec::new();
/// for _ in 0..4 {
///     connection.receive(10_000)?;
///     updates.push(connection.acknowledge(10_000).map(|n| n.get()));
/// }
/// assert_eq!(updates, [None, None, None, Some(40_000)]);
/// assert_eq!(connection.available(), 65_535);
/// # Ok::<(), h2_settings::WindowError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecvWindow {
    window: Window,
    /// The window size to restore as octets are acknowledged, in
    /// `0..=2^31-1` (Python's `max_window_size`).
    target: u32,
    /// Acknowledged octets not yet returned to the peer.
    processed: u64,
    /// Percent of `target` that `processed` must reach to emit an update.
    threshold_percent: u8,
}

impl RecvWindow {
    /// The default threshold: an update once half the target is acknowledged.
    pub const DEFAULT_THRESHOLD_PERCENT: u8 = 50;

    /// A receive window of `scope` starting, and targeting, `initial` octets.
    /// `initial` above 2^31-1 cannot come from validated settings and is
    /// capped there.
    pub const fn new(scope: WindowScope, initial: u32) -> Self {
        let window = Window::new(scope, initial);
        Self {
            window,
            target: window.available() as u32,
            processed: 0,
            threshold_percent: Self::DEFAULT_THRESHOLD_PERCENT,
        }
    }

    /// The connection's receive window at its initial 65,535 octets.
    pub const fn connection() -> Self {
        Self::new(WindowScope::Connection, crate::DEFAULT_WINDOW_SIZE)
    }

    /// A stream's receive window starting at `initial`, our
    /// INITIAL_WINDOW_SIZE in force when the stream opened.
    pub const fn stream(initial: u32) -> Self {
        Self::new(WindowScope::Stream, initial)
    }

    /// This window emitting an update once `percent` of the target has been
    /// acknowledged (capped at 100; 0 returns every acknowledged octet at
    /// once). The exhausted-window rule applies whatever the threshold.
    pub const fn with_threshold_percent(mut self, percent: u8) -> Self {
        self.threshold_percent = if percent > 100 { 100 } else { percent };
        self
    }

    /// Which level of flow control this window belongs to.
    pub const fn scope(&self) -> WindowScope {
        self.window.scope()
    }

    /// What the peer may still send, as far as we know (SPEC API-26). Can
    /// be negative after our INITIAL_WINDOW_SIZE decrease.
    pub const fn available(&self) -> i32 {
        self.window.available()
    }

    /// The window size that acknowledged octets are returned up to.
    pub const fn target(&self) -> u32 {
        self.target
    }

    /// Takes `n` octets of a received DATA frame (its whole flow-controlled
    /// length, padding included: SPEC FC-1).
    ///
    /// Fails with [`WindowError::Exceeded`], unchanged, if the peer sent more
    /// than the window allowed: a FLOW_CONTROL_ERROR.
    pub fn receive(&mut self, n: u32) -> Result<(), WindowError> {
        self.window.consume(n)
    }

    /// Records that the application has processed `n` received octets, and
    /// returns the WINDOW_UPDATE increment to send now, if any (SPEC FC-7,
    /// API-24). Never fails and never returns zero; it returns nothing while
    /// updates are being coalesced.
    #[must_use = "a returned increment must be sent as a WINDOW_UPDATE, or the peer stalls"]
    pub fn acknowledge(&mut self, n: u32) -> Option<NonZeroU32> {
        self.processed = self.processed.saturating_add(u64::from(n));
        if self.processed == 0 {
            return None;
        }
        let target = u64::from(self.target);
        let exhausted = self.window.available() <= 0 && self.processed > (target / 4).min(1024);
        let threshold = target * u64::from(self.threshold_percent) / 100;
        if !exhausted && self.processed < threshold {
            return None;
        }
        let room = i64::from(self.target) - i64::from(self.window.available());
        // Clamped to 0..=target+(2^31-1), so the u64 comparison is exact.
        let increment = self.processed.min(room.max(0) as u64);
        self.processed = 0;
        let increment = NonZeroU32::new(u32::try_from(increment).ok()?)?;
        // window + increment <= target <= 2^31-1.
        self.window.shift(i64::from(increment.get()));
        Some(increment)
    }

    /// Opens the window by `n` by hand (SPEC API-23, FC-6): the caller sends
    /// the WINDOW_UPDATE itself. If the window passes the target, the target
    /// follows. Fails with [`WindowError::Overflow`], unchanged, past
    /// 2^31-1.
    pub fn increase(&mut self, n: u32) -> Result<(), WindowError> {
        self.window.increase(n)?;
        // A window still at or below zero never raises the target.
        if let Ok(open) = u32::try_from(self.window.available()) {
            self.target = self.target.max(open);
        }
        Ok(())
    }

    /// Sets the window size to keep open, and returns the increment to send
    /// at once to grow the window to it, if it grows.
    ///
    /// With a target above the initial 65,535 the peer may keep that much in
    /// flight; the updates that follow return acknowledged octets up to it.
    /// A lower target shrinks the window as octets come in and are not
    /// returned. Fails with [`WindowError::TargetTooLarge`] above 2^31-1.
    ///
    /// ```
    /// use h2_settings::RecvWindow;
    /// let mut connection = RecvWindow::connection();
    /// let grow = connection.set_target(1 << 24)?;
    /// assert_eq!(grow.map(|n| n.get()), Some((1 << 24) - 65_535)); // send as WINDOW_UPDATE(0)
    /// assert_eq!(connection.available(), 1 << 24);
    /// # Ok::<(), h2_settings::WindowError>(())
    /// ```
    #[must_use = "a returned increment must be sent as a WINDOW_UPDATE"]
    pub fn set_target(&mut self, target: u32) -> Result<Option<NonZeroU32>, WindowError> {
        if target > MAX_WINDOW_SIZE {
            return Err(WindowError::TargetTooLarge {
                scope: self.scope(),
                target,
            });
        }
        self.target = target;
        let room = i64::from(target) - i64::from(self.window.available());
        let Some(increment) = u32::try_from(room).ok().and_then(NonZeroU32::new) else {
            return Ok(None);
        };
        // window + increment == target <= 2^31-1.
        self.window.shift(room);
        Ok(Some(increment))
    }

    /// Checks whether [`apply_delta`](Self::apply_delta) would succeed,
    /// without changing anything.
    pub fn check_delta(&self, delta: i64) -> Result<(), WindowError> {
        self.window.check_delta(delta)
    }

    /// Shifts the window and its target by `delta`, our INITIAL_WINDOW_SIZE
    /// change once the peer has acknowledged it (SPEC SET-8, FC-9). The
    /// target stays within `0..=2^31-1`. Fails with
    /// [`WindowError::DeltaOutOfRange`], unchanged, as [`Window::apply_delta`].
    pub fn apply_delta(&mut self, delta: i64) -> Result<(), WindowError> {
        self.window.apply_delta(delta)?;
        let target = (i64::from(self.target) + delta).clamp(0, i64::from(MAX_WINDOW_SIZE));
        self.target = target as u32;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_increase_raises_the_target() {
        let mut window = RecvWindow::stream(100);
        window.increase(50).unwrap();
        assert_eq!(window.target(), 150);
        window.receive(150).unwrap();
        // Exhausted, but 1 octet is not more than min(1024, 150 / 4) = 37.
        assert_eq!(window.acknowledge(1), None);
        // 41 is, though still under the threshold of 75.
        assert_eq!(window.acknowledge(40).map(NonZeroU32::get), Some(41));
    }

    #[test]
    fn lowering_the_target_returns_nothing_until_below_it() {
        let mut window = RecvWindow::connection();
        assert_eq!(window.set_target(1000).unwrap(), None);
        assert_eq!(window.available(), 65_535);
        window.receive(65_000).unwrap();
        // Window 535, target 1000: at most 465 may be returned.
        assert_eq!(window.acknowledge(65_000).map(NonZeroU32::get), Some(465));
        assert_eq!(window.available(), 1000);
    }
}
