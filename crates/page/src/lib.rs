//! The page (Yew, compiled to wasm32 only). It holds no scoring logic: every number comes
//! from `storescore_core` through `engine::analyse` and `engine::report`.

#![deny(unsafe_code)]
#![cfg(target_arch = "wasm32")]

pub mod app;
pub mod browser;
pub mod hooks;
pub mod shared;
pub mod state;
pub mod views;
pub mod worker;

pub use protocol::wasm_memory_bytes;

/// Installs the panic hook (an error banner instead of a dead page) and mounts the app.
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        let msg = format!("{} ({info})", text::i18n::STOPPED);
        browser::show_fatal(&msg);
        web_sys::console::error_1(&msg.into());
    }));
    browser::watch_csp();
    // Into its own root: Yew empties the root it mounts in, and the fatal banner of index.html
    // must outlive the mount (it shows this hook's message).
    match web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
    {
        Some(root) => yew::Renderer::<app::App>::with_root(root).render(),
        None => yew::Renderer::<app::App>::new().render(),
    };
}
