//! What crosses between the page and its worker: the requests, the responses and what they
//! carry, and (wasm32) the codec that posts them with the files' handles beside them. The
//! page and the worker both link this crate; only the worker links the reader.

#![deny(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

#[cfg(target_arch = "wasm32")]
mod codec;
mod messages;
#[cfg(target_arch = "wasm32")]
pub mod slices;

#[cfg(target_arch = "wasm32")]
pub use codec::{send_files, take_files, wasm_memory_bytes, Postcard, StoreWorker};
pub use messages::{
    FileOptions, ImportedFormat, Outlook, ReadProgress, ReadRequest, Request, Response, Summary,
    Timing, PIECE_BYTES,
};
