//! Logging through the `log` facade when the `log` feature is on; nothing at
//! all when it is off (the arguments are type-checked, never evaluated).
//! Every argument is a typed value (`StreamId`, a frame header, a code)
//! whose formatting cannot fail, and no stream id is optional, so logging
//! cannot panic (SPEC RH-06: Python crashed on a `None` stream id).

#[cfg(feature = "log")]
macro_rules! debug {
    ($($arg:tt)*) => { ::log::debug!(target: "h2_proto", $($arg)*) };
}

#[cfg(not(feature = "log"))]
macro_rules! debug {
    ($($arg:tt)*) => {
        if false {
            let _ = format_args!($($arg)*);
        }
    };
}

#[cfg(feature = "log")]
macro_rules! trace {
    ($($arg:tt)*) => { ::log::trace!(target: "h2_proto", $($arg)*) };
}

#[cfg(not(feature = "log"))]
macro_rules! trace {
    ($($arg:tt)*) => {
        if false {
            let _ = format_args!($($arg)*);
        }
    };
}

pub(crate) use {debug, trace};
