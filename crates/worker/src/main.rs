//! The page's worker (built by Trunk for wasm32, loaded by the page when files arrive): reads
//! files and analyses records off the main thread. See the `worker` crate.

#[cfg(target_arch = "wasm32")]
fn main() {
    worker::register();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "The worker binary runs in the browser: build it with `trunk build` (see README.md)."
    );
}
