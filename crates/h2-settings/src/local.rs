//! Our own settings and the SETTINGS frames the peer has not yet
//! acknowledged (RFC 9113 §6.5.3).

use alloc::collections::VecDeque;
use alloc::vec::Vec;

use h2_frame::{Setting, SettingId};

use crate::validate::validate_frame;
use crate::{ChangedSetting, Settings, SettingsError};

/// Our settings: the values in force, plus a bounded queue of sent SETTINGS
/// frames awaiting the peer's ACK.
///
/// A change takes effect only once the peer acknowledges it: "Upon receiving
/// a SETTINGS frame with the ACK flag set, the sender of the altered settings
/// can rely on the values from the oldest unacknowledged SETTINGS frame
/// having been applied" (RFC 9113 §6.5.3). So [`update`](Self::update)
/// queues one frame and [`acknowledge`](Self::acknowledge) applies exactly
/// one, the oldest. Python h2 applies every pending value on the first ACK
/// (SPEC SET-5, quirk Q-26); we do not.
///
/// [`current`](Self::current) reads the values in force only;
/// [`pending`](Self::pending) shows what is on its way.
///
/// Two ways to start a connection, both supported:
/// - RFC order: start from [`Settings::client`] or [`Settings::server`] and
///   `update` the preamble's values; they take effect on the peer's first
///   ACK.
/// - Python h2's order (SPEC SET-3): start from the configured values
///   (e.g. `Settings::client().with(..)`), send [`Settings::iter`] as the
///   preamble without queueing it; the peer's first ACK then finds nothing
///   pending and [`acknowledge`](Self::acknowledge) says so with
///   [`SettingsError::UnexpectedAck`], which the caller ignores that once.
///
/// ```
/// use h2_frame::{Setting, SettingId};
/// use h2_settings::{ChangedSetting, LocalSettings, Settings};
///
/// let mut local = LocalSettings::new(Settings::client());
/// let frame = local.update(&[Setting::new(SettingId::INITIAL_WINDOW_SIZE, 1 << 20)])?.to_vec();
/// assert_eq!(frame, [Setting::new(SettingId::INITIAL_WINDOW_SIZE, 1 << 20)]); // send this
/// local.update(&[Setting::new(SettingId::MAX_CONCURRENT_STREAMS, 50)])?;
/// assert_eq!(local.current().initial_window_size(), 65_535); // not acknowledged yet
///
/// // The first ACK applies the first frame only.
/// assert_eq!(
///     local.acknowledge()?,
///     [ChangedSetting { id: SettingId::INITIAL_WINDOW_SIZE, old: Some(65_535), new: 1 << 20 }],
/// );
/// assert_eq!(local.current().max_concurrent_streams(), None);
/// assert_eq!(local.pending().len(), 1);
/// # Ok::<(), h2_settings::SettingsError>(())
/// ```
#[derive(Clone, Debug)]
pub struct LocalSettings {
    current: Settings,
    /// Sent frames awaiting ACK, oldest first.
    pending: VecDeque<Vec<Setting>>,
    max_pending: usize,
}

impl LocalSettings {
    /// How many SETTINGS frames may await acknowledgement unless
    /// [`with_max_pending`](Self::with_max_pending) says otherwise.
    pub const DEFAULT_MAX_PENDING: usize = 8;

    /// Our settings, with `current` in force and nothing pending.
    pub fn new(current: Settings) -> Self {
        Self {
            current,
            pending: VecDeque::new(),
            max_pending: Self::DEFAULT_MAX_PENDING,
        }
    }

    /// These settings allowing at most `limit` unacknowledged SETTINGS
    /// frames (0 refuses every update). Frames already pending stay.
    pub fn with_max_pending(mut self, limit: usize) -> Self {
        self.max_pending = limit;
        self
    }

    /// The values in force: the peer has acknowledged all of them.
    pub fn current(&self) -> &Settings {
        &self.current
    }

    /// The frames sent and not yet acknowledged, oldest first.
    pub fn pending(&self) -> impl ExactSizeIterator<Item = &[Setting]> + DoubleEndedIterator + '_ {
        self.pending.iter().map(Vec::as_slice)
    }

    /// Queues one SETTINGS frame carrying `entries`, and returns them: the
    /// payload to send, exactly as given (SPEC API-20).
    ///
    /// Transactional (SPEC Q-27 fixed): every entry is validated first, as if
    /// all pending frames had been applied, and on an error nothing is
    /// queued. Fails with [`SettingsError::TooManyPending`] when the bound is
    /// reached. An empty `entries` queues an empty frame, which the peer
    /// must still acknowledge.
    pub fn update(&mut self, entries: &[Setting]) -> Result<&[Setting], SettingsError> {
        if self.pending.len() >= self.max_pending {
            return Err(SettingsError::TooManyPending {
                limit: self.max_pending,
            });
        }
        validate_frame(entries, self.current.side(), |id| self.latest(id))?;
        self.pending.push_back(entries.to_vec());
        Ok(self.pending.back().map_or(&[], Vec::as_slice))
    }

    /// Handles the peer's SETTINGS ACK: applies the oldest pending frame,
    /// and only that one (RFC 9113 §6.5.3, SPEC Q-26 fixed), reporting each
    /// of its entries in order.
    ///
    /// With nothing pending, fails with [`SettingsError::UnexpectedAck`] and
    /// changes nothing. Python h2 accepts such an ACK silently (SPEC SET-8);
    /// hyperium h2 and nghttp2 treat it as a PROTOCOL_ERROR. The caller picks.
    pub fn acknowledge(&mut self) -> Result<Vec<ChangedSetting>, SettingsError> {
        let frame = self
            .pending
            .pop_front()
            .ok_or(SettingsError::UnexpectedAck)?;
        // Validated by `update` against the values this frame now lands on.
        Ok(self.current.apply_validated(&frame))
    }

    /// The last value we sent for `id`: from the newest pending frame that
    /// carries it, else the value in force.
    fn latest(&self, id: SettingId) -> Option<u32> {
        self.pending
            .iter()
            .rev()
            .find_map(|frame| frame.iter().rev().find(|s| s.id == id))
            .map(|s| s.value)
            .or_else(|| self.current.get(id))
    }
}
