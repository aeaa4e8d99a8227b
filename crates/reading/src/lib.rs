//! Readings and what they leave: a reading of files under way and the records held after it
//! (`held`, the worker's work, tested natively), the records loaded and prepared (`session`),
//! the sample store (`sample`), CSV downloads (`export`), and the JSON the project reads and
//! writes (`json`: rulebook files and the output contract), a worker's warm-up (`warm`), and
//! natively two threads for the core's independent jobs (`threads`). The CLI and the worker
//! both read through here.

#![deny(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod export;
pub mod held;
pub mod json;
pub mod lane;
pub mod sample;
pub mod session;
#[cfg(not(target_arch = "wasm32"))]
pub mod threads;
pub mod warm;
