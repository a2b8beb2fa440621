//! `open_code!`: an IANA code space as a newtype over its integer.
//!
//! HTTP/2 registries (frame types, error codes, setting identifiers) are open:
//! a peer may send a value we do not know, and RFC 9113 says to ignore or pass
//! it on, never to reject it. So each code space is a transparent newtype with
//! one associated constant per registered value. `Debug` prints the RFC name
//! for known values and hex for the rest, so unknown values survive a round
//! trip and still read well in logs.

macro_rules! open_code {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident($int:ty);
        $(
            $(#[$cmeta:meta])*
            $konst:ident = $value:expr;
        )*
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
        $vis struct $name(pub $int);

        impl $name {
            $(
                $(#[$cmeta])*
                pub const $konst: Self = Self($value);
            )*

            /// Every value this crate has a name for, in registry order.
            pub const KNOWN: &'static [Self] = &[$(Self::$konst),*];

            /// The registered name of this value, or `None` when it is unknown.
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $(v if v == $value => Some(stringify!($konst)),)*
                    _ => None,
                }
            }

            /// Whether this value is one of the registered ones listed in [`Self::KNOWN`].
            pub const fn is_known(self) -> bool {
                self.name().is_some()
            }
        }

        impl core::fmt::Debug for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                match self.name() {
                    Some(name) => f.write_str(name),
                    None => write!(f, "{}({:#x})", stringify!($name), self.0),
                }
            }
        }

        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                core::fmt::Debug::fmt(self, f)
            }
        }

        impl From<$int> for $name {
            fn from(value: $int) -> Self {
                Self(value)
            }
        }

        impl From<$name> for $int {
            fn from(value: $name) -> Self {
                value.0
            }
        }
    };
}

pub(crate) use open_code;
