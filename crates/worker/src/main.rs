//! The page's worker (built by Trunk for wasm32, loaded by the page when files arrive): reads
//! files and analyses records off the main thread. See the `worker` crate. The same module
//! runs a reading's second lane (`parser`), started by the worker as a worker named `lane`
//! (www/lane-loader.js): the browser compiles it once for both.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen::prelude::*;

/// Reads the files of a second lane: `[request, files, places]`, as the page's worker sends
/// them (www/lane-loader.js hands over its message).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen]
pub async fn read_lane(message: JsValue) -> Result<(), JsValue> {
    parser::read_lane(message).await
}

#[cfg(target_arch = "wasm32")]
fn main() {
    if !worker::is_lane() {
        worker::register();
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "The worker binary runs in the browser: build it with `trunk build` (see README.md)."
    );
}
