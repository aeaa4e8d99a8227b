//! The page's entry point (built by Trunk for wasm32).

#[cfg(target_arch = "wasm32")]
fn main() {
    page::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The app binary runs in the browser: build it with `trunk build` (see README.md).");
}

/// The page's allocator: talc instead of the standard library's dlmalloc, for size: 6.9 KB
/// (3.0 KB gzipped) less first-load wasm, for about 1 MB more of the page's memory
/// (docs/PERFORMANCE.md). The worker keeps dlmalloc: talc read no faster there and held
/// more memory.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
