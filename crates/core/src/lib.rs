//! The pure core: model, metrics, rulebooks, scoring, checks and what-if. No browser, no clock,
//! no randomness: everything it needs comes in as arguments.

#![deny(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod blocks;
pub mod changes;
pub mod checks;
pub mod distributions;
pub mod engine;
pub mod evidence;
pub mod fork;
pub mod json;
pub mod metrics;
pub mod model;
pub mod prepared;
pub mod recovery;
pub mod rulebook;
pub mod score;
pub mod series_index;
pub mod small;
pub mod targets;
pub mod time;
pub mod whatif;
