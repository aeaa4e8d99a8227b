//! Storescore: a marketplace seller's export files in; service scores, policy checks, audits and
//! what-ifs out. See ARCHITECTURE.md for the map.

pub mod core;
pub mod export;
pub mod i18n;
pub mod ingest;
pub mod link;
pub mod sample;
pub mod session;
#[cfg(target_arch = "wasm32")]
pub mod ui;
pub mod worker;
