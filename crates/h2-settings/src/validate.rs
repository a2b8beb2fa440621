//! The value rules of each known setting (RFC 9113 §6.5.2, RFC 8441 §3,
//! RFC 9218 §2.1).

use h2_frame::{Setting, SettingId, Side};

use crate::{SettingsError, DEFAULT_MAX_FRAME_SIZE, MAX_FRAME_SIZE_LIMIT, MAX_WINDOW_SIZE};

/// Checks one setting sent by `sender`, whose previous value of the same
/// setting was `previous` (`None` if it never sent one).
///
/// The same rules apply to the peer's SETTINGS and to our own changes (SPEC
/// SET-4), so a local mistake is caught before it reaches the wire.
/// `previous` matters only for the settings that may not change once sent
/// (ENABLE_CONNECT_PROTOCOL, NO_RFC7540_PRIORITIES). HEADER_TABLE_SIZE,
/// MAX_CONCURRENT_STREAMS, MAX_HEADER_LIST_SIZE and unknown identifiers
/// accept any value: "An endpoint that receives a SETTINGS frame with any
/// unknown or unsupported identifier MUST ignore that setting" (RFC 9113
/// §6.5.2).
///
/// ```
/// use h2_frame::{ErrorCode, Setting, SettingId, Side};
/// use h2_settings::{validate, SettingsError};
///
/// let too_big = Setting::new(SettingId::INITIAL_WINDOW_SIZE, 1 << 31);
/// let err = validate(too_big, Side::Client, None).unwrap_err();
/// assert_eq!(err, SettingsError::InitialWindowSizeTooLarge { value: 1 << 31 });
/// assert_eq!(err.code(), ErrorCode::FLOW_CONTROL_ERROR);
///
/// let push = Setting::new(SettingId::ENABLE_PUSH, 1);
/// assert!(validate(push, Side::Client, None).is_ok());
/// assert_eq!(validate(push, Side::Server, None), Err(SettingsError::PushEnabledByServer));
/// ```
pub fn validate(
    setting: Setting,
    sender: Side,
    previous: Option<u32>,
) -> Result<(), SettingsError> {
    let value = setting.value;
    match setting.id {
        // RFC 9113 §6.5.2: "Any value other than 0 or 1 MUST be treated as a
        // connection error (Section 5.4.1) of type PROTOCOL_ERROR."
        SettingId::ENABLE_PUSH if value > 1 => Err(SettingsError::EnablePushNotBoolean { value }),
        // RFC 9113 §6.5.2: "A server MUST NOT explicitly set this value to 1.
        // [...] A client MUST treat receipt of a SETTINGS frame with
        // SETTINGS_ENABLE_PUSH set to 1 as a connection error (Section 5.4.1)
        // of type PROTOCOL_ERROR."
        SettingId::ENABLE_PUSH if value == 1 && sender.is_server() => {
            Err(SettingsError::PushEnabledByServer)
        }
        // RFC 9113 §6.5.2: "Values above the maximum flow-control window size
        // of 2^31-1 MUST be treated as a connection error (Section 5.4.1) of
        // type FLOW_CONTROL_ERROR."
        SettingId::INITIAL_WINDOW_SIZE if value > MAX_WINDOW_SIZE => {
            Err(SettingsError::InitialWindowSizeTooLarge { value })
        }
        // RFC 9113 §6.5.2: "The value advertised by an endpoint MUST be between
        // this initial value and the maximum allowed frame size (2^24-1 or
        // 16,777,215 octets), inclusive. Values outside this range MUST be
        // treated as a connection error (Section 5.4.1) of type
        // PROTOCOL_ERROR."
        SettingId::MAX_FRAME_SIZE
            if !(DEFAULT_MAX_FRAME_SIZE..=MAX_FRAME_SIZE_LIMIT).contains(&value) =>
        {
            Err(SettingsError::MaxFrameSizeOutOfRange { value })
        }
        // RFC 8441 §3: "The value of the parameter MUST be 0 or 1."
        SettingId::ENABLE_CONNECT_PROTOCOL if value > 1 => {
            Err(SettingsError::EnableConnectProtocolNotBoolean { value })
        }
        // RFC 8441 §3: "A sender MUST NOT send a
        // SETTINGS_ENABLE_CONNECT_PROTOCOL parameter with the value of 0 after
        // previously sending a value of 1."
        SettingId::ENABLE_CONNECT_PROTOCOL if value == 0 && previous == Some(1) => {
            Err(SettingsError::ConnectProtocolWithdrawn)
        }
        // RFC 9218 §2.1: "The value of the parameter MUST be 0 or 1. Any value
        // other than 0 or 1 MUST be treated as a connection error [...] of
        // type PROTOCOL_ERROR."
        SettingId::NO_RFC7540_PRIORITIES if value > 1 => {
            Err(SettingsError::NoRfc7540PrioritiesNotBoolean { value })
        }
        // RFC 9218 §2.1: "Senders MUST NOT change the
        // SETTINGS_NO_RFC7540_PRIORITIES value after the first SETTINGS
        // frame. Receivers that detect a change MAY treat it as a connection
        // error of type PROTOCOL_ERROR."
        SettingId::NO_RFC7540_PRIORITIES => match previous {
            Some(previous) if previous != value => {
                Err(SettingsError::NoRfc7540PrioritiesChanged { previous, value })
            }
            _ => Ok(()),
        },
        // HEADER_TABLE_SIZE, MAX_CONCURRENT_STREAMS, MAX_HEADER_LIST_SIZE:
        // every u32 is meaningful. Unknown identifiers are ignored (§6.5.2),
        // and so is any value of a known one not refused above.
        _ => Ok(()),
    }
}

/// Checks every entry of one SETTINGS frame in order, as if each earlier
/// entry had already been applied: a frame that sets ENABLE_CONNECT_PROTOCOL
/// to 1 and then to 0 is refused even though neither value is wrong alone.
/// `last_sent` gives the sender's value before this frame. Runs in one pass,
/// so a frame of many entries costs linear time.
pub(crate) fn validate_frame(
    entries: &[Setting],
    sender: Side,
    last_sent: impl Fn(SettingId) -> Option<u32>,
) -> Result<(), SettingsError> {
    let mut connect_protocol = last_sent(SettingId::ENABLE_CONNECT_PROTOCOL);
    let mut no_priorities = last_sent(SettingId::NO_RFC7540_PRIORITIES);
    for &setting in entries {
        let previous = match setting.id {
            SettingId::ENABLE_CONNECT_PROTOCOL => connect_protocol,
            SettingId::NO_RFC7540_PRIORITIES => no_priorities,
            _ => None,
        };
        validate(setting, sender, previous)?;
        match setting.id {
            SettingId::ENABLE_CONNECT_PROTOCOL => connect_protocol = Some(setting.value),
            SettingId::NO_RFC7540_PRIORITIES => no_priorities = Some(setting.value),
            _ => {}
        }
    }
    Ok(())
}
