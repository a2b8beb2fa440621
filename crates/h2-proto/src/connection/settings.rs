//! SETTINGS both ways: the peer's values applied on receipt, ours on the
//! peer's ACK (RFC 9113 §6.5.3; SPEC SET-5..SET-8).

use h2_frame::{Setting, SettingId};
use h2_settings::{apply_initial_window_delta, AdjustableWindow, ChangedSetting, SettingsError};

use super::fsm::ConnectionInput;
use super::recv::Fault;
use super::{header_list_limit, Connection};
use crate::stream::store::Store;
use crate::stream::Stream;
use crate::{Error, Event, ProtocolError, RemoteSettingsChanged, SettingsAcknowledged};

impl Connection {
    /// Sends a SETTINGS frame with exactly `settings` (SPEC API-20). The
    /// values take effect when the peer acknowledges this frame, and each
    /// ACK applies one frame, oldest first (SPEC Q-26 fixed).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidSettingsValue`] for a value out of range, or when
    /// [`Limits::max_pending_local_settings`](crate::Limits::max_pending_local_settings)
    /// frames already await acknowledgement, or for a
    /// SETTINGS_NO_RFC7540_PRIORITIES other than the first frame's (RFC 9218
    /// §2.1); nothing is queued (SPEC Q-27 fixed).
    pub fn update_settings(&mut self, settings: &[Setting]) -> Result<(), Error> {
        let (next_conn, _) = self.check(ConnectionInput::SendFrame)?;
        self.check_later_priority_setting(settings)?;
        let entries = self.local.update(settings)?.to_vec();
        h2_frame::Settings::new(entries).encode(&mut self.out);
        self.commit(next_conn);
        Ok(())
    }

    /// The peer's SETTINGS or SETTINGS ACK.
    pub(super) fn recv_settings(
        &mut self,
        frame: h2_frame::Settings,
        events: &mut Vec<Event>,
    ) -> Result<(), Fault> {
        if frame.ack {
            return self.recv_settings_ack(events);
        }
        // Applied to a copy first, so that a bad value changes nothing
        // before the connection error it causes (SPEC SET-7).
        let mut remote = self.remote.clone();
        let changes = remote.apply(&frame.settings).map_err(Error::from)?;
        self.count_reply()?;
        self.apply_remote_changes(&changes)?;
        self.remote = remote;
        // "Upon receiving a SETTINGS frame with the ACK flag unset, the
        // recipient MUST immediately emit a SETTINGS frame with the ACK flag
        // set" (§6.5.3) -- after the values are applied.
        h2_frame::Settings::ack().encode(&mut self.out);
        events.push(
            RemoteSettingsChanged {
                changed_settings: changes,
            }
            .into(),
        );
        Ok(())
    }

    /// The side effects of the peer's new values (SPEC SET-7): stream send
    /// windows move by the INITIAL_WINDOW_SIZE delta (RFC 9113 §6.9.2; the
    /// connection window does not), the HPACK encoder may use the new table
    /// size, and frames may grow to the new maximum size.
    pub(super) fn apply_remote_changes(&mut self, changes: &[ChangedSetting]) -> Result<(), Error> {
        shift_windows(&mut self.streams, changes, |s| &mut s.send_window)?;
        for change in changes {
            match change.id {
                SettingId::HEADER_TABLE_SIZE => {
                    self.hpack_encoder.set_max_table_size(change.new as usize)
                }
                SettingId::MAX_FRAME_SIZE => self.max_outbound_frame_size = change.new,
                _ => {}
            }
        }
        Ok(())
    }

    /// "Upon receiving a SETTINGS frame with the ACK flag set, the sender of
    /// the altered settings can rely on the values from the oldest
    /// unacknowledged SETTINGS frame having been applied" (§6.5.3).
    fn recv_settings_ack(&mut self, events: &mut Vec<Event>) -> Result<(), Fault> {
        let changes = match self.local.acknowledge() {
            Ok(changes) => changes,
            // Python h2 accepts an ACK with nothing pending and reports no
            // change (SPEC SET-8); so do we.
            Err(SettingsError::UnexpectedAck) => Vec::new(),
            Err(error) => return Err(Error::from(error).into()),
        };
        // Our receive windows move once the peer has applied the change
        // (SPEC SET-8, FC-9). The connection window does not.
        shift_windows(&mut self.streams, &changes, |s| &mut s.recv_window)?;
        for change in &changes {
            match change.id {
                SettingId::HEADER_TABLE_SIZE => {
                    self.hpack_decoder.set_max_table_size(change.new as usize)
                }
                SettingId::MAX_HEADER_LIST_SIZE => self
                    .hpack_decoder
                    .set_max_header_list_size(header_list_limit(self.local.current())),
                SettingId::MAX_FRAME_SIZE => self.decoder.set_max_frame_size(change.new),
                _ => {}
            }
        }
        events.push(
            SettingsAcknowledged {
                changed_settings: changes,
            }
            .into(),
        );
        Ok(())
    }
}

/// Moves the stream windows that `window` picks by each INITIAL_WINDOW_SIZE
/// change in `changes`, one change at a time: "The values in the SETTINGS
/// frame MUST be processed in the order they appear in the frame" (§6.5.3),
/// so a value that overflows a window is an error even when a later one in
/// the same frame would undo it. "An endpoint MUST treat a change to
/// SETTINGS_INITIAL_WINDOW_SIZE that causes any flow-control window to
/// exceed the maximum size as a connection error of type
/// FLOW_CONTROL_ERROR" (§6.9.2). A frame without such a change visits no
/// stream.
fn shift_windows<W: AdjustableWindow>(
    streams: &mut Store,
    changes: &[ChangedSetting],
    window: impl Fn(&mut Stream) -> &mut W,
) -> Result<(), ProtocolError> {
    for delta in changes.iter().filter_map(ChangedSetting::window_delta) {
        if delta != 0 {
            apply_initial_window_delta(streams.iter_mut().map(|(_, s)| window(s)), delta)
                .map_err(|_| ProtocolError::InitialWindowOverflow)?;
        }
    }
    Ok(())
}
