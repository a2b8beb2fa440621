//! The two tables fields are indexed in (RFC 7541 §2.3).

pub(crate) mod dynamic;
pub(crate) mod index;
pub(crate) mod static_table;
