//! The page (Yew, compiled to wasm32 only). It holds no scoring logic: every number comes
//! from `crate::core` through `engine::analyse` and `engine::report`.

pub mod app;
pub mod browser;
pub mod state;
pub mod views;
pub mod worker;

use std::ops::Deref;
use std::rc::Rc;

/// Shared, immutable data compared by identity (cheap prop and memo comparisons).
pub struct Shared<T>(pub Rc<T>);

impl<T> Shared<T> {
    pub fn new(t: T) -> Shared<T> {
        Shared(Rc::new(t))
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Shared(..)")
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// Installs the panic hook (an error banner instead of a dead page) and mounts the app.
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        let msg = format!(
            "Storescore stopped because of an internal error. Reload the page to start again. / 页面出现内部错误，请刷新页面重试。 ({info})"
        );
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
