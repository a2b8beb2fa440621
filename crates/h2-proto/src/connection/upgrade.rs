//! The HTTP/1.1 Upgrade path to h2c (RFC 7540 §3.2, kept by RFC 9113 only
//! as a reference; SPEC API-11, UP-1, UP-2).

use bytes::Bytes;
use h2_frame::{Setting, SettingId, StreamId};

use super::Connection;
use crate::http::base64url;
use crate::stream::fsm::{self, StreamInput};
use crate::stream::{Phase, RequestMethod, Stream, StreamState};
use crate::{Error, UsageError};

/// What this layer needs to know of the HTTP/1.1 request that an h2c
/// upgrade turns into stream 1, which it never sees (SPEC API-11, Q-30).
///
/// ```
/// use h2_proto::UpgradeRequest;
///
/// let request = UpgradeRequest::new("HEAD", "example.com");
/// assert_eq!(request.method.as_deref(), Some(&b"HEAD"[..]));
/// assert_eq!(UpgradeRequest::default().authority, None);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UpgradeRequest {
    /// The request method. A response to HEAD has no content (RFC 9110
    /// §9.3.2), whatever its content-length says.
    pub method: Option<Bytes>,
    /// The request's authority (its Host header): the origin an ALTSVC
    /// frame on stream 1 applies to (RFC 7838 §4).
    pub authority: Option<Bytes>,
}

impl UpgradeRequest {
    /// A request with this method and authority.
    pub fn new(method: impl Into<Bytes>, authority: impl Into<Bytes>) -> Self {
        Self {
            method: Some(method.into()),
            authority: Some(authority.into()),
        }
    }

    /// Records the request's method and authority on stream 1.
    fn describe(&self, stream: &mut Stream) {
        stream.method = RequestMethod::of(self.method.as_deref());
        stream.authority.clone_from(&self.authority);
    }
}

impl Connection {
    /// Starts a connection upgraded from HTTP/1.1 (SPEC API-11).
    ///
    /// Queues what [`initiate_connection`](Self::initiate_connection) queues,
    /// then puts stream 1 where the HTTP/1.1 request left it: half-closed
    /// (local) on the client, half-closed (remote) on the server.
    ///
    /// - Client: returns the `HTTP2-Settings` header value, the base64url
    ///   of the SETTINGS payload (no frame header). `settings_header` is
    ///   ignored.
    /// - Server: `settings_header` is the client's `HTTP2-Settings` value;
    ///   its settings are applied as if received in a SETTINGS frame, with no
    ///   event and no ACK (the 101 response acknowledges them). `None` or an
    ///   empty value applies nothing. Returns `None`.
    ///
    /// Stream 1 records no request method and no authority: the HTTP/1.1
    /// request is not seen by this layer. Give them with
    /// [`initiate_upgrade_connection_with`](Self::initiate_upgrade_connection_with)
    /// so that the rules that depend on them apply (SPEC Q-30).
    ///
    /// # Errors
    ///
    /// As `initiate_connection`, plus [`UsageError::InvalidHttp2Settings`]
    /// for a value that is not base64url of whole settings, and
    /// [`Error::InvalidSettingsValue`] for a value out of range. Nothing
    /// changes on error.
    pub fn initiate_upgrade_connection(
        &mut self,
        settings_header: Option<&[u8]>,
    ) -> Result<Option<String>, Error> {
        self.initiate_upgrade_connection_with(settings_header, &UpgradeRequest::default())
    }

    /// [`initiate_upgrade_connection`](Self::initiate_upgrade_connection),
    /// with the method and authority of the HTTP/1.1 request recorded on
    /// stream 1 (SPEC Q-30 fixed): a response to a HEAD request then carries
    /// no content, and an ALTSVC frame on stream 1 applies to the request's
    /// authority.
    ///
    /// ```
    /// use h2_proto::{Config, Connection, UpgradeRequest};
    ///
    /// let mut client = Connection::new(Config::client());
    /// let request = UpgradeRequest::new("GET", "example.com");
    /// let settings = client.initiate_upgrade_connection_with(None, &request)?.unwrap();
    ///
    /// let mut server = Connection::new(Config::server());
    /// server.initiate_upgrade_connection_with(Some(settings.as_bytes()), &request)?;
    /// # Ok::<(), h2_proto::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As `initiate_upgrade_connection`.
    pub fn initiate_upgrade_connection_with(
        &mut self,
        settings_header: Option<&[u8]>,
        request: &UpgradeRequest,
    ) -> Result<Option<String>, Error> {
        let stream_id = StreamId::new(1);
        if self.config.side.is_client() {
            let payload: Vec<u8> = self
                .config
                .local_settings
                .iter()
                .flat_map(|s| {
                    let mut entry = [0; 6];
                    entry[..2].copy_from_slice(&s.id.0.to_be_bytes());
                    entry[2..].copy_from_slice(&s.value.to_be_bytes());
                    entry
                })
                .collect();
            let (state, _) = fsm::transition(StreamState::Idle, StreamInput::UpgradeClient)
                .map_err(|_| UsageError::AlreadyInitiated)?;
            self.initiate_connection()?;
            let mut stream = self.new_stream(state);
            stream.sent = Phase::Headers;
            request.describe(&mut stream);
            self.streams.insert(stream_id, stream);
            return Ok(Some(base64url::encode(&payload)));
        }

        let entries = match settings_header {
            Some(value) if !value.is_empty() => parse_settings(value)?,
            _ => Vec::new(),
        };
        let mut remote = self.remote.clone();
        let changes = remote.apply(&entries)?;
        let (state, _) = fsm::transition(StreamState::Idle, StreamInput::UpgradeServer)
            .map_err(|_| UsageError::AlreadyInitiated)?;
        self.initiate_connection()?;
        self.apply_remote_changes(&changes)?;
        self.remote = remote;
        let mut stream = self.new_stream(state);
        stream.received = Phase::Headers;
        request.describe(&mut stream);
        self.streams.insert(stream_id, stream);
        Ok(None)
    }
}

/// The settings in an `HTTP2-Settings` value: base64url of a SETTINGS
/// payload, six octets per setting.
fn parse_settings(value: &[u8]) -> Result<Vec<Setting>, Error> {
    let payload = base64url::decode(value).map_err(|_| UsageError::InvalidHttp2Settings)?;
    if payload.len() % 6 != 0 {
        return Err(UsageError::InvalidHttp2Settings.into());
    }
    Ok(payload
        .chunks_exact(6)
        .map(|c| {
            Setting::new(
                SettingId(u16::from_be_bytes([c[0], c[1]])),
                u32::from_be_bytes([c[2], c[3], c[4], c[5]]),
            )
        })
        .collect())
}
