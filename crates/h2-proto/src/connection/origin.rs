//! The ORIGIN frame (RFC 8336): a server lists the origins it is
//! authoritative for, so a client may reuse the connection for them.

use bytes::Bytes;
use h2_frame::Origin;

use super::fsm::ConnectionInput;
use super::Connection;
use crate::{Error, Event, OriginReceived, UsageError};

impl Connection {
    /// Sends an ORIGIN frame on stream 0 listing `origins`, each an ASCII
    /// serialised origin such as `https://example.com` (RFC 8336 §2).
    /// Servers only. Each frame adds to the client's Origin Set; the values
    /// are sent as given.
    ///
    /// ```
    /// use h2_proto::{Config, Connection};
    ///
    /// let mut server = Connection::new(Config::server());
    /// server.initiate_connection()?;
    /// let _ = server.data_to_send();
    /// server.send_origin(&[b"https://example.com"])?;
    /// assert_eq!(&server.data_to_send()[..], b"\x00\x00\x15\x0c\x00\x00\x00\x00\x00\x00\x13https://example.com");
    /// # Ok::<(), h2_proto::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`UsageError::ServerOnly`], [`Error::FrameTooLarge`] when an origin
    /// passes 65,535 octets or the frame the peer's maximum frame size, and
    /// the connection state errors. Nothing is queued on error.
    pub fn send_origin(&mut self, origins: &[&[u8]]) -> Result<(), Error> {
        if self.config.side.is_client() {
            return Err(UsageError::ServerOnly.into());
        }
        let (next_conn, _) = self.check(ConnectionInput::SendFrame)?;
        let size: usize = origins.iter().map(|o| 2 + o.len()).sum();
        let max = self.max_outbound_frame_size;
        if size > max as usize || origins.iter().any(|o| o.len() > usize::from(u16::MAX)) {
            return Err(Error::FrameTooLarge { size, max });
        }
        Origin::new(origins.iter().map(|o| Bytes::copy_from_slice(o)).collect())
            .encode(&mut self.out);
        self.commit(next_conn);
        Ok(())
    }

    /// An ORIGIN frame on stream 0 (RFC 8336 §2.1). "The ORIGIN frame is a
    /// non-critical extension" sent by servers: only a client reports it; a
    /// server drops it, as it drops every frame of no meaning to it (RFC 9113
    /// §5.5). An ORIGIN frame on another stream "MUST be ignored"; the frame
    /// layer hands it up as an unknown frame, which `recv` drops.
    pub(super) fn recv_origin(&mut self, frame: Origin, events: &mut Vec<Event>) {
        if self.config.side.is_server() {
            return;
        }
        events.push(
            OriginReceived {
                origins: frame.origins,
            }
            .into(),
        );
    }
}
