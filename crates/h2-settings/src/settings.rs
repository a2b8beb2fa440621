//! The setting values one endpoint has in force (RFC 9113 §6.5.2).

use alloc::vec::Vec;

use h2_frame::{Setting, SettingId, Side};

use crate::validate::validate_frame;
use crate::{
    SettingsError, DEFAULT_HEADER_TABLE_SIZE, DEFAULT_MAX_FRAME_SIZE, DEFAULT_WINDOW_SIZE,
};

/// One entry of a SETTINGS frame once applied: the value before and after.
///
/// `old` is `None` when the setting had never been given a value, e.g. the
/// first MAX_CONCURRENT_STREAMS a peer sends (SPEC Appendix C).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ChangedSetting {
    /// Which setting.
    pub id: SettingId,
    /// The value in force before this entry, if any.
    pub old: Option<u32>,
    /// The value in force after it.
    pub new: u32,
}

impl ChangedSetting {
    /// For an INITIAL_WINDOW_SIZE change, the amount to add to every stream
    /// window the setting governs (RFC 9113 §6.9.2: "a receiver MUST adjust
    /// the size of all stream flow-control windows that it maintains by the
    /// difference between the new value and the old value"); `None` for any
    /// other setting. A missing old value counts as the initial 65,535.
    ///
    /// ```
    /// use h2_frame::SettingId;
    /// use h2_settings::ChangedSetting;
    /// let change = ChangedSetting { id: SettingId::INITIAL_WINDOW_SIZE, old: Some(65_535), new: 16_384 };
    /// assert_eq!(change.window_delta(), Some(-49_151));
    /// ```
    pub fn window_delta(&self) -> Option<i64> {
        (self.id == SettingId::INITIAL_WINDOW_SIZE)
            .then(|| i64::from(self.new) - i64::from(self.old.unwrap_or(DEFAULT_WINDOW_SIZE)))
    }
}

/// The settings one endpoint (its [`side`](Self::side)) has in force.
///
/// Holds the values that endpoint has explicitly set, in the order they were
/// first set, so [`iter`](Self::iter) yields a SETTINGS payload in a stable
/// order. A setting never set reads as its RFC initial value through the
/// typed getters, and as `None` through [`get`](Self::get). Unknown
/// identifiers are kept and visible (RFC 9113 §6.5.2 ignores them, but a
/// caller may want to see them), up to a bound: past
/// [`unknown_limit`](Self::with_unknown_limit) new unknown identifiers are
/// still validated and reported by [`apply`](Self::apply) but not stored.
///
/// The constructors give the values Python h2 starts with (SPEC SET-3), which
/// are RFC 9113's initial values written out: HEADER_TABLE_SIZE 4096,
/// ENABLE_PUSH 1 for a client and 0 for a server, INITIAL_WINDOW_SIZE
/// 65,535, MAX_FRAME_SIZE 16,384, ENABLE_CONNECT_PROTOCOL 0.
/// MAX_CONCURRENT_STREAMS and MAX_HEADER_LIST_SIZE are absent (unlimited).
///
/// ```
/// use h2_frame::{Setting, SettingId};
/// use h2_settings::Settings;
///
/// // The client preamble of SPEC Appendix C: the defaults, then MCS and MHLS.
/// let local = Settings::client()
///     .with(Setting::new(SettingId::MAX_CONCURRENT_STREAMS, 100))?
///     .with(Setting::new(SettingId::MAX_HEADER_LIST_SIZE, 65_536))?;
/// let ids: Vec<u16> = local.iter().map(|s| s.id.0).collect();
/// assert_eq!(ids, [0x1, 0x2, 0x4, 0x5, 0x8, 0x3, 0x6]);
/// assert_eq!(local.max_concurrent_streams(), Some(100));
/// assert_eq!(Settings::server().max_concurrent_streams(), None);
/// # Ok::<(), h2_settings::SettingsError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Settings {
    side: Side,
    /// Explicit values, unique by id, in the order first set.
    entries: Vec<Setting>,
    /// How many of `entries` have an unknown identifier.
    unknown_stored: usize,
    unknown_limit: usize,
}

impl Settings {
    /// How many distinct unknown identifiers are stored unless
    /// [`with_unknown_limit`](Self::with_unknown_limit) says otherwise.
    pub const DEFAULT_UNKNOWN_LIMIT: usize = 16;

    /// The initial settings of `side` (SPEC SET-3).
    pub fn new(side: Side) -> Self {
        let push = if side.is_client() { 1 } else { 0 };
        let entries = [
            (SettingId::HEADER_TABLE_SIZE, DEFAULT_HEADER_TABLE_SIZE),
            (SettingId::ENABLE_PUSH, push),
            (SettingId::INITIAL_WINDOW_SIZE, DEFAULT_WINDOW_SIZE),
            (SettingId::MAX_FRAME_SIZE, DEFAULT_MAX_FRAME_SIZE),
            (SettingId::ENABLE_CONNECT_PROTOCOL, 0),
        ]
        .into_iter()
        .map(|(id, value)| Setting::new(id, value))
        .collect();
        Self {
            side,
            entries,
            unknown_stored: 0,
            unknown_limit: Self::DEFAULT_UNKNOWN_LIMIT,
        }
    }

    /// The initial settings of a client: `Settings::new(Side::Client)`.
    pub fn client() -> Self {
        Self::new(Side::Client)
    }

    /// The initial settings of a server: `Settings::new(Side::Server)`.
    pub fn server() -> Self {
        Self::new(Side::Server)
    }

    /// These settings with `setting` validated and set; for building initial
    /// values. Fails with the same errors as [`apply`](Self::apply).
    pub fn with(mut self, setting: Setting) -> Result<Self, SettingsError> {
        self.apply(&[setting])?;
        Ok(self)
    }

    /// These settings storing at most `limit` distinct unknown identifiers;
    /// any stored beyond it are dropped, oldest kept.
    pub fn with_unknown_limit(mut self, limit: usize) -> Self {
        self.unknown_limit = limit;
        let mut unknown = 0;
        self.entries.retain(|s| {
            if s.id.is_known() {
                return true;
            }
            unknown += 1;
            unknown <= limit
        });
        self.unknown_stored = unknown.min(limit);
        self
    }

    /// The endpoint these settings belong to, i.e. the one that sends them.
    pub const fn side(&self) -> Side {
        self.side
    }

    /// The value explicitly set for `id`, or `None` if it never was (the RFC
    /// initial value then applies, which the typed getters resolve).
    pub fn get(&self, id: SettingId) -> Option<u32> {
        self.entries.iter().find(|s| s.id == id).map(|s| s.value)
    }

    /// The explicitly set values, in the order they were first set: what to
    /// put in a SETTINGS frame announcing all of them. Includes the stored
    /// unknown identifiers.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Setting> + '_ {
        self.entries.iter().copied()
    }

    /// SETTINGS_HEADER_TABLE_SIZE: the largest HPACK dynamic table this side
    /// lets its peer's encoder use (initially 4096).
    pub fn header_table_size(&self) -> u32 {
        self.get(SettingId::HEADER_TABLE_SIZE)
            .unwrap_or(DEFAULT_HEADER_TABLE_SIZE)
    }

    /// SETTINGS_ENABLE_PUSH: whether this side accepts PUSH_PROMISE. The
    /// initial value is 1, which for a server "is equivalent to the value 0"
    /// (RFC 9113 §6.5.2), so an unset value reads true only for a client.
    pub fn enable_push(&self) -> bool {
        match self.get(SettingId::ENABLE_PUSH) {
            Some(value) => value == 1,
            None => self.side.is_client(),
        }
    }

    /// SETTINGS_MAX_CONCURRENT_STREAMS: how many concurrent streams this side
    /// lets its peer open; `None` means unlimited (the initial value).
    pub fn max_concurrent_streams(&self) -> Option<u32> {
        self.get(SettingId::MAX_CONCURRENT_STREAMS)
    }

    /// SETTINGS_INITIAL_WINDOW_SIZE: the window each new stream gives the
    /// peer, at most 2^31-1 (initially 65,535).
    pub fn initial_window_size(&self) -> u32 {
        self.get(SettingId::INITIAL_WINDOW_SIZE)
            .unwrap_or(DEFAULT_WINDOW_SIZE)
    }

    /// SETTINGS_MAX_FRAME_SIZE: the largest frame payload this side accepts,
    /// in 16,384..=16,777,215 (initially 16,384).
    pub fn max_frame_size(&self) -> u32 {
        self.get(SettingId::MAX_FRAME_SIZE)
            .unwrap_or(DEFAULT_MAX_FRAME_SIZE)
    }

    /// SETTINGS_MAX_HEADER_LIST_SIZE: the largest field section this side
    /// accepts (advisory); `None` means unlimited (the initial value).
    pub fn max_header_list_size(&self) -> Option<u32> {
        self.get(SettingId::MAX_HEADER_LIST_SIZE)
    }

    /// SETTINGS_ENABLE_CONNECT_PROTOCOL (RFC 8441): whether this side accepts
    /// the extended CONNECT method (initially false).
    pub fn enable_connect_protocol(&self) -> bool {
        self.get(SettingId::ENABLE_CONNECT_PROTOCOL) == Some(1)
    }

    /// SETTINGS_NO_RFC7540_PRIORITIES (RFC 9218): whether this side has
    /// declared it ignores RFC 7540 priority signals (initially false).
    pub fn no_rfc7540_priorities(&self) -> bool {
        self.get(SettingId::NO_RFC7540_PRIORITIES) == Some(1)
    }

    /// Applies the entries of one SETTINGS frame sent by this side, in order,
    /// and reports each entry as a [`ChangedSetting`].
    ///
    /// Transactional: every entry is validated first ([`validate`]
    /// rules, with `side` as the sender), and on an error nothing changes.
    /// Unlike Python h2 (SPEC SET-7), a bad third entry does not leave the
    /// first two applied. "Settings are processed in the order in which they
    /// appear" (RFC 9113 §6.5), so a later entry for the same identifier wins
    /// and its `old` is the earlier entry's value. Every entry is reported,
    /// unchanged and unknown ones included (SPEC EVT-7).
    ///
    /// A caller applying [`ChangedSetting::window_delta`] to its windows
    /// should do so entry by entry, in this order.
    ///
    /// [`validate`]: crate::validate()
    ///
    /// ```
    /// use h2_frame::{ErrorCode, Setting, SettingId};
    /// use h2_settings::{ChangedSetting, Settings};
    ///
    /// let mut remote = Settings::server();
    /// let changes = remote.apply(&[Setting::new(SettingId::MAX_CONCURRENT_STREAMS, 10)])?;
    /// assert_eq!(changes, [ChangedSetting { id: SettingId::MAX_CONCURRENT_STREAMS, old: None, new: 10 }]);
    ///
    /// let bad = [
    ///     Setting::new(SettingId::HEADER_TABLE_SIZE, 0),
    ///     Setting::new(SettingId::MAX_FRAME_SIZE, 100),
    /// ];
    /// assert_eq!(remote.apply(&bad).unwrap_err().code(), ErrorCode::PROTOCOL_ERROR);
    /// assert_eq!(remote.header_table_size(), 4096); // nothing was applied
    /// # Ok::<(), h2_settings::SettingsError>(())
    /// ```
    pub fn apply(&mut self, entries: &[Setting]) -> Result<Vec<ChangedSetting>, SettingsError> {
        validate_frame(entries, self.side, |id| self.get(id))?;
        Ok(self.apply_validated(entries))
    }

    /// Applies entries already checked by `validate_frame` against these
    /// values (or against values they were derived from in order).
    pub(crate) fn apply_validated(&mut self, entries: &[Setting]) -> Vec<ChangedSetting> {
        entries
            .iter()
            .map(|&setting| ChangedSetting {
                id: setting.id,
                old: self.insert(setting),
                new: setting.value,
            })
            .collect()
    }

    /// Sets one value, returning the previous one. A new unknown identifier
    /// past the limit is not stored.
    fn insert(&mut self, setting: Setting) -> Option<u32> {
        if let Some(entry) = self.entries.iter_mut().find(|s| s.id == setting.id) {
            return Some(core::mem::replace(&mut entry.value, setting.value));
        }
        if setting.id.is_known() {
            self.entries.push(setting);
        } else if self.unknown_stored < self.unknown_limit {
            self.unknown_stored += 1;
            self.entries.push(setting);
        }
        None
    }
}

/// Equal when both belong to the same side and hold the same explicit
/// values, in any order.
impl PartialEq for Settings {
    fn eq(&self, other: &Self) -> bool {
        self.side == other.side
            && self.entries.len() == other.entries.len()
            && self
                .entries
                .iter()
                .all(|s| other.get(s.id) == Some(s.value))
    }
}

impl Eq for Settings {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_identifiers_past_the_limit_are_reported_but_not_stored() {
        let mut settings = Settings::client().with_unknown_limit(2);
        let frame = [
            Setting::new(SettingId(0x10), 1),
            Setting::new(SettingId(0x11), 2),
            Setting::new(SettingId(0x12), 3),
        ];
        let changes = settings.apply(&frame).unwrap();
        assert_eq!(changes.len(), 3);
        assert_eq!(
            changes[2],
            ChangedSetting {
                id: SettingId(0x12),
                old: None,
                new: 3
            }
        );
        assert_eq!(settings.get(SettingId(0x10)), Some(1));
        assert_eq!(settings.get(SettingId(0x11)), Some(2));
        assert_eq!(settings.get(SettingId(0x12)), None);
        assert_eq!(settings.iter().len(), 5 + 2);
        // A stored unknown identifier still updates.
        settings.apply(&[Setting::new(SettingId(0x11), 7)]).unwrap();
        assert_eq!(settings.get(SettingId(0x11)), Some(7));
    }

    #[test]
    fn lowering_the_unknown_limit_keeps_the_oldest() {
        let settings = Settings::server()
            .with(Setting::new(SettingId(0x20), 1))
            .unwrap()
            .with(Setting::new(SettingId(0x21), 2))
            .unwrap()
            .with_unknown_limit(1);
        assert_eq!(settings.get(SettingId(0x20)), Some(1));
        assert_eq!(settings.get(SettingId(0x21)), None);
        assert_eq!(settings.max_frame_size(), DEFAULT_MAX_FRAME_SIZE);
    }

    #[test]
    fn equality_ignores_order() {
        let a = Settings::client()
            .with(Setting::new(SettingId::MAX_CONCURRENT_STREAMS, 1))
            .unwrap()
            .with(Setting::new(SettingId::MAX_HEADER_LIST_SIZE, 2))
            .unwrap();
        let b = Settings::client()
            .with(Setting::new(SettingId::MAX_HEADER_LIST_SIZE, 2))
            .unwrap()
            .with(Setting::new(SettingId::MAX_CONCURRENT_STREAMS, 1))
            .unwrap();
        assert_eq!(a, b);
        assert_ne!(a, Settings::client());
        assert_ne!(Settings::client(), Settings::server());
    }
}
