//! The value rules of every known setting, with the error code each calls for
//! (SPEC SET-3, SET-4, quirk Q-32; RFC 9113 §6.5.2, RFC 8441 §3, RFC 9218 §2.1).

use h2_frame::{ErrorCode, Setting, SettingId, Side};
use h2_settings::{validate, Settings, SettingsError};

const SIDES: [Side; 2] = [Side::Client, Side::Server];

fn check(id: SettingId, value: u32, sender: Side) -> Result<(), SettingsError> {
    validate(Setting::new(id, value), sender, None)
}

/// SPEC SET-3: the initial values of each side, and what the getters read.
#[test]
fn defaults_match_rfc_initial_values_per_side() {
    for side in SIDES {
        let settings = Settings::new(side);
        assert_eq!(settings.side(), side);
        assert_eq!(settings.header_table_size(), 4096);
        assert_eq!(settings.enable_push(), side.is_client());
        assert_eq!(settings.max_concurrent_streams(), None);
        assert_eq!(settings.initial_window_size(), 65_535);
        assert_eq!(settings.max_frame_size(), 16_384);
        assert_eq!(settings.max_header_list_size(), None);
        assert!(!settings.enable_connect_protocol());
        assert!(!settings.no_rfc7540_priorities());
        // Absent ones read None through `get`.
        assert_eq!(settings.get(SettingId::MAX_CONCURRENT_STREAMS), None);
        assert_eq!(settings.get(SettingId::MAX_HEADER_LIST_SIZE), None);
        assert_eq!(settings.get(SettingId::NO_RFC7540_PRIORITIES), None);
    }
    let explicit = |side| -> Vec<(u16, u32)> {
        Settings::new(side)
            .iter()
            .map(|s| (s.id.0, s.value))
            .collect()
    };
    assert_eq!(
        explicit(Side::Client),
        [(1, 4096), (2, 1), (4, 65_535), (5, 16_384), (8, 0)]
    );
    assert_eq!(
        explicit(Side::Server),
        [(1, 4096), (2, 0), (4, 65_535), (5, 16_384), (8, 0)]
    );
    assert_eq!(Settings::client(), Settings::new(Side::Client));
    assert_eq!(Settings::server(), Settings::new(Side::Server));
}

/// SPEC SET-4: ENABLE_PUSH must be 0 or 1, else PROTOCOL_ERROR.
#[test]
fn enable_push_above_one_is_protocol_error() {
    for side in SIDES {
        assert_eq!(check(SettingId::ENABLE_PUSH, 0, side), Ok(()));
        for value in [2, 3, 0xff, u32::MAX] {
            let err = check(SettingId::ENABLE_PUSH, value, side).unwrap_err();
            assert_eq!(err, SettingsError::EnablePushNotBoolean { value });
            assert_eq!(err.code(), ErrorCode::PROTOCOL_ERROR);
            assert_eq!(
                err.setting(),
                Some(Setting::new(SettingId::ENABLE_PUSH, value))
            );
        }
    }
}

/// SPEC Q-32 (fixed, as upstream h2 4.4.0): a server must not send
/// ENABLE_PUSH = 1; a client treats it as a PROTOCOL_ERROR.
#[test]
fn enable_push_one_from_server_is_protocol_error() {
    assert_eq!(check(SettingId::ENABLE_PUSH, 1, Side::Client), Ok(()));
    let err = check(SettingId::ENABLE_PUSH, 1, Side::Server).unwrap_err();
    assert_eq!(err, SettingsError::PushEnabledByServer);
    assert_eq!(err.code(), ErrorCode::PROTOCOL_ERROR);
    assert_eq!(err.setting(), Some(Setting::new(SettingId::ENABLE_PUSH, 1)));

    // As received by a client, and as set locally by a server.
    let mut remote = Settings::server();
    assert_eq!(
        remote.apply(&[Setting::new(SettingId::ENABLE_PUSH, 1)]),
        Err(SettingsError::PushEnabledByServer)
    );
    assert!(!remote.enable_push());
    assert_eq!(
        Settings::server().with(Setting::new(SettingId::ENABLE_PUSH, 1)),
        Err(SettingsError::PushEnabledByServer)
    );
}

/// SPEC SET-4: INITIAL_WINDOW_SIZE above 2^31-1 is a FLOW_CONTROL_ERROR.
#[test]
fn initial_window_size_above_2_pow_31_minus_1_is_flow_control_error() {
    for side in SIDES {
        for value in [0, 1, 65_535, (1 << 31) - 1] {
            assert_eq!(check(SettingId::INITIAL_WINDOW_SIZE, value, side), Ok(()));
        }
        for value in [1 << 31, (1 << 31) + 1, u32::MAX] {
            let err = check(SettingId::INITIAL_WINDOW_SIZE, value, side).unwrap_err();
            assert_eq!(err, SettingsError::InitialWindowSizeTooLarge { value });
            assert_eq!(err.code(), ErrorCode::FLOW_CONTROL_ERROR);
        }
    }
}

/// SPEC SET-4: MAX_FRAME_SIZE must lie in 16384..=16777215, else
/// PROTOCOL_ERROR.
#[test]
fn max_frame_size_outside_range_is_protocol_error() {
    for side in SIDES {
        for value in [16_384, 16_385, 1 << 20, 16_777_215] {
            assert_eq!(check(SettingId::MAX_FRAME_SIZE, value, side), Ok(()));
        }
        for value in [0, 1, 16_383, 16_777_216, u32::MAX] {
            let err = check(SettingId::MAX_FRAME_SIZE, value, side).unwrap_err();
            assert_eq!(err, SettingsError::MaxFrameSizeOutOfRange { value });
            assert_eq!(err.code(), ErrorCode::PROTOCOL_ERROR);
            assert_eq!(
                err.setting(),
                Some(Setting::new(SettingId::MAX_FRAME_SIZE, value))
            );
        }
    }
}

/// SPEC SET-4: ENABLE_CONNECT_PROTOCOL must be 0 or 1 (RFC 8441 §3).
#[test]
fn enable_connect_protocol_above_one_is_protocol_error() {
    for side in SIDES {
        assert_eq!(check(SettingId::ENABLE_CONNECT_PROTOCOL, 0, side), Ok(()));
        assert_eq!(check(SettingId::ENABLE_CONNECT_PROTOCOL, 1, side), Ok(()));
        for value in [2, u32::MAX] {
            let err = check(SettingId::ENABLE_CONNECT_PROTOCOL, value, side).unwrap_err();
            assert_eq!(
                err,
                SettingsError::EnableConnectProtocolNotBoolean { value }
            );
            assert_eq!(err.code(), ErrorCode::PROTOCOL_ERROR);
        }
    }
}

/// SPEC SET-4 (not enforced by Python, fixed here): ENABLE_CONNECT_PROTOCOL
/// never goes back from 1 to 0 (RFC 8441 §3).
#[test]
fn enable_connect_protocol_back_from_one_to_zero_is_protocol_error() {
    let id = SettingId::ENABLE_CONNECT_PROTOCOL;
    assert_eq!(validate(Setting::new(id, 0), Side::Server, Some(0)), Ok(()));
    assert_eq!(validate(Setting::new(id, 1), Side::Server, Some(0)), Ok(()));
    assert_eq!(validate(Setting::new(id, 1), Side::Server, Some(1)), Ok(()));
    let err = validate(Setting::new(id, 0), Side::Server, Some(1)).unwrap_err();
    assert_eq!(err, SettingsError::ConnectProtocolWithdrawn);
    assert_eq!(err.code(), ErrorCode::PROTOCOL_ERROR);
    assert_eq!(err.setting(), Some(Setting::new(id, 0)));

    // Across frames and within one frame.
    let mut remote = Settings::server();
    remote.apply(&[Setting::new(id, 1)]).unwrap();
    assert!(remote.enable_connect_protocol());
    assert_eq!(
        remote.apply(&[Setting::new(id, 0)]),
        Err(SettingsError::ConnectProtocolWithdrawn)
    );
    assert!(remote.enable_connect_protocol());
    let mut fresh = Settings::server();
    assert_eq!(
        fresh.apply(&[Setting::new(id, 1), Setting::new(id, 0)]),
        Err(SettingsError::ConnectProtocolWithdrawn)
    );
    assert!(!fresh.enable_connect_protocol());
}

/// RFC 9218 §2.1: NO_RFC7540_PRIORITIES must be 0 or 1, and may not change
/// once sent.
#[test]
fn no_rfc7540_priorities_rules() {
    let id = SettingId::NO_RFC7540_PRIORITIES;
    for side in SIDES {
        assert_eq!(check(id, 0, side), Ok(()));
        assert_eq!(check(id, 1, side), Ok(()));
        let err = check(id, 2, side).unwrap_err();
        assert_eq!(
            err,
            SettingsError::NoRfc7540PrioritiesNotBoolean { value: 2 }
        );
        assert_eq!(err.code(), ErrorCode::PROTOCOL_ERROR);
    }
    assert_eq!(validate(Setting::new(id, 1), Side::Client, Some(1)), Ok(()));
    let err = validate(Setting::new(id, 0), Side::Client, Some(1)).unwrap_err();
    assert_eq!(
        err,
        SettingsError::NoRfc7540PrioritiesChanged {
            previous: 1,
            value: 0
        }
    );
    assert_eq!(err.code(), ErrorCode::PROTOCOL_ERROR);
    assert_eq!(err.setting(), Some(Setting::new(id, 0)));

    let mut remote = Settings::client();
    remote.apply(&[Setting::new(id, 1)]).unwrap();
    assert!(remote.no_rfc7540_priorities());
    assert!(remote.apply(&[Setting::new(id, 0)]).is_err());
    assert!(remote.no_rfc7540_priorities());
}

/// SPEC SET-4: HEADER_TABLE_SIZE, MAX_CONCURRENT_STREAMS, MAX_HEADER_LIST_SIZE
/// (0 included) take any u32.
#[test]
fn unconstrained_settings_accept_any_value() {
    for id in [
        SettingId::HEADER_TABLE_SIZE,
        SettingId::MAX_CONCURRENT_STREAMS,
        SettingId::MAX_HEADER_LIST_SIZE,
    ] {
        for side in SIDES {
            for value in [0, 1, 100, 1 << 31, u32::MAX] {
                assert_eq!(check(id, value, side), Ok(()), "{id:?} = {value}");
            }
        }
    }
    let settings = Settings::client()
        .with(Setting::new(SettingId::MAX_HEADER_LIST_SIZE, 0))
        .unwrap()
        .with(Setting::new(SettingId::MAX_CONCURRENT_STREAMS, 0))
        .unwrap();
    assert_eq!(settings.max_header_list_size(), Some(0));
    assert_eq!(settings.max_concurrent_streams(), Some(0));
}

/// RFC 9113 §6.5.2: unknown identifiers MUST be ignored; every u16 that is
/// not a known setting accepts any value from either side. Exhaustive over
/// the identifier space.
#[test]
fn every_unknown_identifier_accepts_any_value() {
    let mut unknown = 0;
    for raw in 0..=u16::MAX {
        let id = SettingId(raw);
        if SettingId::KNOWN.contains(&id) {
            continue;
        }
        unknown += 1;
        for side in SIDES {
            for value in [0, 2, u32::MAX] {
                assert_eq!(check(id, value, side), Ok(()), "{id:?} = {value}");
            }
        }
    }
    assert_eq!(unknown, 65_536 - 8);
}

/// Every known identifier refuses exactly the values its rule names, and
/// never panics, at each boundary.
#[test]
fn every_known_identifier_at_its_boundaries() {
    let boundaries = [
        0,
        1,
        2,
        16_383,
        16_384,
        16_777_215,
        16_777_216,
        (1 << 31) - 1,
        1 << 31,
        u32::MAX,
    ];
    for &id in SettingId::KNOWN {
        for side in SIDES {
            for value in boundaries {
                let expected_ok = match id {
                    SettingId::ENABLE_PUSH => value == 0 || (value == 1 && side.is_client()),
                    SettingId::INITIAL_WINDOW_SIZE => value < 1 << 31,
                    SettingId::MAX_FRAME_SIZE => (16_384..=16_777_215).contains(&value),
                    SettingId::ENABLE_CONNECT_PROTOCOL | SettingId::NO_RFC7540_PRIORITIES => {
                        value <= 1
                    }
                    _ => true,
                };
                let result = check(id, value, side);
                assert_eq!(
                    result.is_ok(),
                    expected_ok,
                    "{id:?} = {value} from {side:?}"
                );
                if let Err(err) = result {
                    assert_eq!(err.setting().map(|s| s.id), Some(id));
                    let code = if id == SettingId::INITIAL_WINDOW_SIZE {
                        ErrorCode::FLOW_CONTROL_ERROR
                    } else {
                        ErrorCode::PROTOCOL_ERROR
                    };
                    assert_eq!(err.code(), code);
                }
            }
        }
    }
}

/// SPEC SET-3: initial values given by the user are validated like any other.
#[test]
fn initial_values_are_validated() {
    let err = Settings::client()
        .with(Setting::new(SettingId::MAX_FRAME_SIZE, 1))
        .unwrap_err();
    assert_eq!(err, SettingsError::MaxFrameSizeOutOfRange { value: 1 });
    let settings = Settings::client()
        .with(Setting::new(SettingId::MAX_FRAME_SIZE, 1 << 20))
        .unwrap();
    assert_eq!(settings.max_frame_size(), 1 << 20);
}
