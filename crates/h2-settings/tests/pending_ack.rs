//! Our SETTINGS frames awaiting the peer's ACK (SPEC SET-5, SET-6, SET-8,
//! API-20, quirks; RFC 9113 §6.5.3).

use h2_frame::{ErrorCode, Setting, SettingId};
use h2_settings::{ChangedSetting, LocalSettings, Settings, SettingsError};

fn set(id: SettingId, value: u32) -> Setting {
    Setting::new(id, value)
}

fn change(id: SettingId, old: Option<u32>, new: u32) -> ChangedSetting {
    ChangedSetting { id, old, new }
}

/// SPEC Q-26 (fixed): two updates need two ACKs, each applying its own frame,
/// oldest first. Python's first ACK would apply both.
#[test]
fn each_ack_applies_exactly_one_frame_in_order() {
    let mut local = LocalSettings::new(Settings::client());
    local
        .update(&[set(SettingId::HEADER_TABLE_SIZE, 1)])
        .unwrap();
    local
        .update(&[set(SettingId::MAX_CONCURRENT_STREAMS, 2)])
        .unwrap();

    assert_eq!(
        local.acknowledge().unwrap(),
        [change(SettingId::HEADER_TABLE_SIZE, Some(4096), 1)]
    );
    assert_eq!(local.current().header_table_size(), 1);
    assert_eq!(local.current().max_concurrent_streams(), None);

    assert_eq!(
        local.acknowledge().unwrap(),
        [change(SettingId::MAX_CONCURRENT_STREAMS, None, 2)]
    );
    assert_eq!(local.current().max_concurrent_streams(), Some(2));
    assert_eq!(local.pending().len(), 0);
}

/// SPEC SET-5: setting the same key twice needs two ACKs; each reports the
/// value the one before left.
#[test]
fn same_key_twice_needs_two_acks() {
    let mut local = LocalSettings::new(Settings::server());
    local
        .update(&[set(SettingId::INITIAL_WINDOW_SIZE, 100)])
        .unwrap();
    local
        .update(&[set(SettingId::INITIAL_WINDOW_SIZE, 200)])
        .unwrap();
    assert_eq!(
        local.acknowledge().unwrap(),
        [change(SettingId::INITIAL_WINDOW_SIZE, Some(65_535), 100)]
    );
    assert_eq!(local.current().initial_window_size(), 100);
    assert_eq!(
        local.acknowledge().unwrap(),
        [change(SettingId::INITIAL_WINDOW_SIZE, Some(100), 200)]
    );
    assert_eq!(local.current().initial_window_size(), 200);
}

/// SPEC SET-6, SET-8: reading gives the values in force, never pending ones;
/// the pending frames are visible on their own, oldest first.
#[test]
fn pending_values_are_visible_but_not_in_force() {
    let mut local = LocalSettings::new(Settings::client());
    let first = [
        set(SettingId::MAX_FRAME_SIZE, 32_768),
        set(SettingId(0x77), 5),
    ];
    let second = [set(SettingId::ENABLE_PUSH, 0)];
    local.update(&first).unwrap();
    local.update(&second).unwrap();
    assert_eq!(local.current().max_frame_size(), 16_384);
    assert_eq!(local.current().get(SettingId(0x77)), None);
    assert!(local.current().enable_push());
    let pending: Vec<&[Setting]> = local.pending().collect();
    assert_eq!(pending, [&first[..], &second[..]]);
}

/// SPEC API-20: the frame to send carries exactly the entries given, in the
/// given order, duplicates included.
#[test]
fn update_returns_the_payload_as_given() {
    let mut local = LocalSettings::new(Settings::client());
    let entries = [
        set(SettingId::MAX_HEADER_LIST_SIZE, 10),
        set(SettingId::HEADER_TABLE_SIZE, 0),
        set(SettingId::MAX_HEADER_LIST_SIZE, 20),
    ];
    assert_eq!(local.update(&entries).unwrap(), &entries[..]);
    let changes = local.acknowledge().unwrap();
    assert_eq!(
        changes,
        [
            change(SettingId::MAX_HEADER_LIST_SIZE, None, 10),
            change(SettingId::HEADER_TABLE_SIZE, Some(4096), 0),
            change(SettingId::MAX_HEADER_LIST_SIZE, Some(10), 20),
        ]
    );
    assert_eq!(local.current().max_header_list_size(), Some(20));
}

/// SPEC Q-27 (fixed): an invalid entry queues nothing; the valid entries
/// before it are not left pending.
#[test]
fn invalid_update_queues_nothing() {
    let mut local = LocalSettings::new(Settings::client());
    let err = local
        .update(&[
            set(SettingId::MAX_CONCURRENT_STREAMS, 1),
            set(SettingId::ENABLE_PUSH, 2),
        ])
        .unwrap_err();
    assert_eq!(err, SettingsError::EnablePushNotBoolean { value: 2 });
    assert_eq!(err.code(), ErrorCode::PROTOCOL_ERROR);
    assert_eq!(local.pending().len(), 0);
    assert_eq!(local.acknowledge(), Err(SettingsError::UnexpectedAck));
    assert_eq!(local.current(), &Settings::client());
}

/// A server's own update is held to the server rules (SPEC Q-32).
#[test]
fn server_cannot_enable_push_locally() {
    let mut local = LocalSettings::new(Settings::server());
    assert_eq!(
        local.update(&[set(SettingId::ENABLE_PUSH, 1)]),
        Err(SettingsError::PushEnabledByServer)
    );
    assert_eq!(local.pending().len(), 0);
}

/// RFC 8441 §3 for our own frames: once a pending frame sends
/// ENABLE_CONNECT_PROTOCOL = 1, a later frame may not send 0, even before
/// the first is acknowledged.
#[test]
fn connect_protocol_withdrawal_is_caught_against_pending_frames() {
    let mut local = LocalSettings::new(Settings::server());
    local
        .update(&[set(SettingId::ENABLE_CONNECT_PROTOCOL, 1)])
        .unwrap();
    assert_eq!(
        local.update(&[set(SettingId::ENABLE_CONNECT_PROTOCOL, 0)]),
        Err(SettingsError::ConnectProtocolWithdrawn)
    );
    assert_eq!(local.pending().len(), 1);
    local.acknowledge().unwrap();
    assert!(local.current().enable_connect_protocol());
    assert_eq!(
        local.update(&[set(SettingId::ENABLE_CONNECT_PROTOCOL, 0)]),
        Err(SettingsError::ConnectProtocolWithdrawn)
    );
}

/// The queue is bounded: past the bound an update fails before anything is
/// queued, and an ACK makes room again.
#[test]
fn pending_frames_are_bounded() {
    let mut local = LocalSettings::new(Settings::client());
    for i in 0..LocalSettings::DEFAULT_MAX_PENDING {
        local
            .update(&[set(SettingId::HEADER_TABLE_SIZE, i as u32)])
            .unwrap();
    }
    assert_eq!(LocalSettings::DEFAULT_MAX_PENDING, 8);
    let err = local
        .update(&[set(SettingId::HEADER_TABLE_SIZE, 99)])
        .unwrap_err();
    assert_eq!(err, SettingsError::TooManyPending { limit: 8 });
    assert_eq!(err.code(), ErrorCode::SETTINGS_TIMEOUT);
    assert_eq!(err.setting(), None);
    assert_eq!(local.pending().len(), 8);
    assert_eq!(
        local.pending().last(),
        Some(&[set(SettingId::HEADER_TABLE_SIZE, 7)][..])
    );

    local.acknowledge().unwrap();
    local
        .update(&[set(SettingId::HEADER_TABLE_SIZE, 99)])
        .unwrap();
    assert_eq!(local.pending().len(), 8);

    let mut strict = LocalSettings::new(Settings::client()).with_max_pending(1);
    strict.update(&[]).unwrap();
    assert_eq!(
        strict.update(&[]),
        Err(SettingsError::TooManyPending { limit: 1 })
    );
    let mut frozen = LocalSettings::new(Settings::client()).with_max_pending(0);
    assert_eq!(
        frozen.update(&[]),
        Err(SettingsError::TooManyPending { limit: 0 })
    );
}

/// SPEC SET-8: an ACK with nothing pending. Python reports an empty change
/// list; we report `UnexpectedAck` (PROTOCOL_ERROR if the caller ends the
/// connection) and change nothing.
#[test]
fn ack_with_nothing_pending_is_unexpected() {
    let mut local = LocalSettings::new(Settings::client());
    let err = local.acknowledge().unwrap_err();
    assert_eq!(err, SettingsError::UnexpectedAck);
    assert_eq!(err.code(), ErrorCode::PROTOCOL_ERROR);
    assert_eq!(err.setting(), None);
    assert_eq!(local.current(), &Settings::client());
}

/// An empty SETTINGS frame still takes an ACK, which reports no change.
#[test]
fn empty_frame_is_acknowledged_with_no_changes() {
    let mut local = LocalSettings::new(Settings::client());
    assert_eq!(local.update(&[]).unwrap(), &[][..]);
    assert_eq!(local.pending().len(), 1);
    assert_eq!(local.acknowledge().unwrap(), []);
    assert_eq!(local.pending().len(), 0);
}

/// The RFC-order start: the preamble is the first pending frame, and the
/// peer's first ACK puts it in force.
#[test]
fn preamble_queued_then_acknowledged() {
    let mut local = LocalSettings::new(Settings::client());
    let preamble = [
        set(SettingId::MAX_CONCURRENT_STREAMS, 100),
        set(SettingId::MAX_HEADER_LIST_SIZE, 65_536),
    ];
    local.update(&preamble).unwrap();
    assert_eq!(local.current().max_concurrent_streams(), None);
    assert_eq!(
        local.acknowledge().unwrap(),
        [
            change(SettingId::MAX_CONCURRENT_STREAMS, None, 100),
            change(SettingId::MAX_HEADER_LIST_SIZE, None, 65_536),
        ]
    );
    assert_eq!(local.current().max_concurrent_streams(), Some(100));
}
