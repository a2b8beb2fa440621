//! Error codes (RFC 9113 §7), carried by RST_STREAM and GOAWAY.

use crate::macros::open_code;

open_code! {
    /// An HTTP/2 error code (RFC 9113 §7).
    ///
    /// The code space is open: "Unknown or unsupported error codes MUST NOT
    /// trigger any special behavior" (§7), so any `u32` is a valid value and is
    /// kept as received.
    ///
    /// ```
    /// use h2_frame::ErrorCode;
    /// assert_eq!(ErrorCode::from(0x3), ErrorCode::FLOW_CONTROL_ERROR);
    /// assert_eq!(format!("{:?}", ErrorCode(0x3)), "FLOW_CONTROL_ERROR");
    /// assert_eq!(format!("{:?}", ErrorCode(0xdead)), "ErrorCode(0xdead)");
    /// ```
    pub struct ErrorCode(u32);
    /// Graceful shutdown; not an error.
    NO_ERROR = 0x0;
    /// Generic protocol error.
    PROTOCOL_ERROR = 0x1;
    /// Unexpected internal error.
    INTERNAL_ERROR = 0x2;
    /// The peer violated the flow-control protocol.
    FLOW_CONTROL_ERROR = 0x3;
    /// A SETTINGS frame was not acknowledged in time.
    SETTINGS_TIMEOUT = 0x4;
    /// A frame arrived after the stream was half-closed.
    STREAM_CLOSED = 0x5;
    /// A frame had an invalid size.
    FRAME_SIZE_ERROR = 0x6;
    /// The stream was refused before any application processing.
    REFUSED_STREAM = 0x7;
    /// The stream is no longer needed.
    CANCEL = 0x8;
    /// The field-section compression context cannot be maintained.
    COMPRESSION_ERROR = 0x9;
    /// The connection for a CONNECT request was reset or abnormally closed.
    CONNECT_ERROR = 0xa;
    /// The peer exhibits behaviour that might be generating excessive load.
    ENHANCE_YOUR_CALM = 0xb;
    /// The transport does not meet minimum security requirements.
    INADEQUATE_SECURITY = 0xc;
    /// HTTP/1.1 must be used instead of HTTP/2.
    HTTP_1_1_REQUIRED = 0xd;
}
