//! Storescore: a marketplace seller's export files in; service scores, policy checks, audits and
//! what-ifs out. See ARCHITECTURE.md for the map.

pub mod core;
pub mod decimal;
pub mod export;
pub mod i18n;
pub mod ingest;
pub mod link;
pub mod sample;
pub mod session;
#[cfg(target_arch = "wasm32")]
pub mod ui;

/// The size of this WebAssembly instance's memory in bytes (the page's or the worker's).
/// Linear memory only grows, so this is the peak; the browser benchmark reads the page's
/// (`window.wasmBindings.wasm_memory_bytes()`) and the worker's (sent with each analysis).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn wasm_memory_bytes() -> f64 {
    use wasm_bindgen::JsCast;
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map(|m| {
            m.buffer()
                .unchecked_into::<js_sys::ArrayBuffer>()
                .byte_length() as f64
        })
        .unwrap_or(0.0)
}
pub mod worker;
