//! Applying the peer's SETTINGS frames (SPEC SET-6, SET-7, EVT-7, Appendix C).

use h2_frame::{ErrorCode, Setting, SettingId};
use h2_settings::{ChangedSetting, Settings, SettingsError};

fn change(id: SettingId, old: Option<u32>, new: u32) -> ChangedSetting {
    ChangedSetting { id, old, new }
}

/// The SETTINGS payload of SPEC Appendix C's client preamble: the defaults
/// followed by MAX_CONCURRENT_STREAMS 100 and MAX_HEADER_LIST_SIZE 65536.
const CLIENT_PREAMBLE_PAYLOAD: &str =
    "000100001000 000200000001 00040000ffff 000500004000 000800000000 000300000064 000600010000";

fn payload(settings: &Settings) -> String {
    settings
        .iter()
        .map(|s| format!("{:04x}{:08x}", s.id.0, s.value))
        .collect()
}

/// SPEC Appendix C: the client's initial SETTINGS, byte for byte, and the
/// server's (ENABLE_PUSH 0).
#[test]
fn preamble_payload_matches_appendix_c() {
    let with_limits = |settings: Settings| {
        settings
            .with(Setting::new(SettingId::MAX_CONCURRENT_STREAMS, 100))
            .unwrap()
            .with(Setting::new(SettingId::MAX_HEADER_LIST_SIZE, 65_536))
            .unwrap()
    };
    let client = with_limits(Settings::client());
    assert_eq!(payload(&client), CLIENT_PREAMBLE_PAYLOAD.replace(' ', ""));
    let server = with_limits(Settings::server());
    assert_eq!(
        payload(&server),
        CLIENT_PREAMBLE_PAYLOAD
            .replace(' ', "")
            .replace("000200000001", "000200000000")
    );
}

/// SPEC Appendix C: a first SETTINGS from the peer lists all of its entries,
/// with original None for MCS and MHLS.
#[test]
fn first_peer_settings_report_every_entry_with_originals() {
    let mut remote = Settings::client();
    let frame: Vec<Setting> = Settings::client()
        .with(Setting::new(SettingId::MAX_CONCURRENT_STREAMS, 100))
        .unwrap()
        .with(Setting::new(SettingId::MAX_HEADER_LIST_SIZE, 65_536))
        .unwrap()
        .iter()
        .collect();
    let changes = remote.apply(&frame).unwrap();
    assert_eq!(
        changes,
        [
            change(SettingId::HEADER_TABLE_SIZE, Some(4096), 4096),
            change(SettingId::ENABLE_PUSH, Some(1), 1),
            change(SettingId::INITIAL_WINDOW_SIZE, Some(65_535), 65_535),
            change(SettingId::MAX_FRAME_SIZE, Some(16_384), 16_384),
            change(SettingId::ENABLE_CONNECT_PROTOCOL, Some(0), 0),
            change(SettingId::MAX_CONCURRENT_STREAMS, None, 100),
            change(SettingId::MAX_HEADER_LIST_SIZE, None, 65_536),
        ]
    );
    assert_eq!(remote.max_concurrent_streams(), Some(100));
    assert_eq!(remote.max_header_list_size(), Some(65_536));
}

/// SPEC SET-7 (fixed): an invalid entry rejects the whole frame; the entries
/// before it are not applied.
#[test]
fn invalid_entry_leaves_every_setting_unchanged() {
    let mut remote = Settings::server();
    let before = remote.clone();
    let frame = [
        Setting::new(SettingId::HEADER_TABLE_SIZE, 0),
        Setting::new(SettingId::MAX_CONCURRENT_STREAMS, 7),
        Setting::new(SettingId(0x40), 1),
        Setting::new(SettingId::INITIAL_WINDOW_SIZE, u32::MAX),
        Setting::new(SettingId::MAX_FRAME_SIZE, 20_000),
    ];
    let err = remote.apply(&frame).unwrap_err();
    assert_eq!(
        err,
        SettingsError::InitialWindowSizeTooLarge { value: u32::MAX }
    );
    assert_eq!(err.code(), ErrorCode::FLOW_CONTROL_ERROR);
    assert_eq!(remote, before);
    assert_eq!(remote.get(SettingId(0x40)), None);
    assert_eq!(remote.header_table_size(), 4096);
}

/// RFC 9113 §6.5: values are processed in order, so a repeated identifier's
/// last value wins, and each occurrence is reported against the one before.
#[test]
fn repeated_identifier_later_value_wins() {
    let mut remote = Settings::server();
    let changes = remote
        .apply(&[
            Setting::new(SettingId::INITIAL_WINDOW_SIZE, 1000),
            Setting::new(SettingId::INITIAL_WINDOW_SIZE, 2000),
        ])
        .unwrap();
    assert_eq!(
        changes,
        [
            change(SettingId::INITIAL_WINDOW_SIZE, Some(65_535), 1000),
            change(SettingId::INITIAL_WINDOW_SIZE, Some(1000), 2000),
        ]
    );
    assert_eq!(remote.initial_window_size(), 2000);
    let total: i64 = changes
        .iter()
        .filter_map(ChangedSetting::window_delta)
        .sum();
    assert_eq!(total, 2000 - 65_535);
}

/// SPEC EVT-7, RFC 9113 §6.5.2: unknown identifiers are reported and kept
/// visible, never rejected; unchanged values are reported too.
#[test]
fn unknown_and_unchanged_entries_are_reported() {
    let mut remote = Settings::client();
    let grease = SettingId(0x0a0a);
    let changes = remote
        .apply(&[
            Setting::new(grease, 0xdead_beef),
            Setting::new(SettingId::HEADER_TABLE_SIZE, 4096),
        ])
        .unwrap();
    assert_eq!(
        changes,
        [
            change(grease, None, 0xdead_beef),
            change(SettingId::HEADER_TABLE_SIZE, Some(4096), 4096)
        ]
    );
    assert_eq!(remote.get(grease), Some(0xdead_beef));
    assert!(remote
        .iter()
        .any(|s| s == Setting::new(grease, 0xdead_beef)));
    assert_eq!(
        remote.apply(&[Setting::new(grease, 1)]).unwrap(),
        [change(grease, Some(0xdead_beef), 1)]
    );
}

/// An empty SETTINGS frame changes nothing and reports nothing.
#[test]
fn empty_frame_reports_nothing() {
    let mut remote = Settings::client();
    assert_eq!(remote.apply(&[]).unwrap(), []);
    assert_eq!(remote, Settings::client());
}

/// SPEC SET-6: the typed getters read the applied values.
#[test]
fn getters_read_applied_values() {
    let mut remote = Settings::server();
    remote
        .apply(&[
            Setting::new(SettingId::HEADER_TABLE_SIZE, 0),
            Setting::new(SettingId::ENABLE_PUSH, 0),
            Setting::new(SettingId::MAX_CONCURRENT_STREAMS, 250),
            Setting::new(SettingId::INITIAL_WINDOW_SIZE, (1 << 31) - 1),
            Setting::new(SettingId::MAX_FRAME_SIZE, 16_777_215),
            Setting::new(SettingId::MAX_HEADER_LIST_SIZE, 8192),
            Setting::new(SettingId::ENABLE_CONNECT_PROTOCOL, 1),
            Setting::new(SettingId::NO_RFC7540_PRIORITIES, 1),
        ])
        .unwrap();
    assert_eq!(remote.header_table_size(), 0);
    assert!(!remote.enable_push());
    assert_eq!(remote.max_concurrent_streams(), Some(250));
    assert_eq!(remote.initial_window_size(), (1 << 31) - 1);
    assert_eq!(remote.max_frame_size(), 16_777_215);
    assert_eq!(remote.max_header_list_size(), Some(8192));
    assert!(remote.enable_connect_protocol());
    assert!(remote.no_rfc7540_priorities());
}

/// `window_delta` is the INITIAL_WINDOW_SIZE difference and nothing else.
#[test]
fn window_delta_only_for_initial_window_size() {
    assert_eq!(
        change(SettingId::INITIAL_WINDOW_SIZE, Some(0), (1 << 31) - 1).window_delta(),
        Some((1 << 31) - 1)
    );
    assert_eq!(
        change(SettingId::INITIAL_WINDOW_SIZE, None, 0).window_delta(),
        Some(-65_535)
    );
    assert_eq!(
        change(SettingId::MAX_FRAME_SIZE, Some(16_384), 20_000).window_delta(),
        None
    );
}
