//! The page's parse-only worker (built by Trunk for wasm32, started by the page's worker when a
//! reading is large enough for a second lane). See the `parser` crate.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen::prelude::*;

/// Reads the files of a second lane: `[request, files, places]`, as the page's worker sends
/// them (www/parser-loader.js hands over its message).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen]
pub async fn read_lane(message: JsValue) -> Result<(), JsValue> {
    parser::read_lane(message).await
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "The parser binary runs in the browser: build it with `trunk build` (see README.md)."
    );
}
