//! The few browser services the page uses, each behind one small function.

use base64::Engine;
use wasm_bindgen::{JsCast, JsValue};

use std::collections::BTreeMap;

use link::B64;
use protocol::Timing;
use sources::schema::UserMapping;
use text::i18n::Lang;

const LANG_KEY: &str = "storescore.lang";

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// The saved language, else the browser's, else English.
pub fn initial_lang() -> Lang {
    let stored = window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(LANG_KEY).ok().flatten())
        .and_then(|v| Lang::parse(&v));
    stored
        .or_else(|| {
            window()
                .and_then(|w| w.navigator().language())
                .and_then(|l| Lang::parse(&l))
        })
        .unwrap_or_default()
}

pub fn store_lang(l: Lang) {
    if let Some(s) = window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.set_item(LANG_KEY, l.code());
    }
    set_document_lang(l);
}

pub fn set_document_lang(l: Lang) {
    if let Some(el) = window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = el.set_attribute("lang", l.html());
    }
}

/// Postcard in base64 (`schema::mappings_to_bytes`); the JSON kept under `storescore.mappings`
/// by builds before November 2026 is not read (the page has no JSON parser).
const MAPPINGS_KEY: &str = "storescore.mappings.v2";

/// Column mappings the user made, by header set (kept in this browser only).
pub fn load_mappings() -> BTreeMap<String, UserMapping> {
    window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(MAPPINGS_KEY).ok().flatten())
        .and_then(|v| B64.decode(v).ok())
        .map(|bytes| sources::schema::mappings_from_bytes(&bytes))
        .unwrap_or_default()
}

pub fn save_mappings(m: &BTreeMap<String, UserMapping>) {
    if let Some(s) = window().and_then(|w| w.local_storage().ok().flatten()) {
        let text = B64.encode(sources::schema::mappings_to_bytes(m));
        let _ = s.set_item(MAPPINGS_KEY, &text);
    }
}

const FORMATS_KEY: &str = "storescore.formats.v1";

/// The user's own format files (imported), kept in this browser only: postcard in base64 of
/// (id, kind name, report, JSON text), names rather than variant numbers.
pub fn load_formats() -> Vec<crate::state::UserFormat> {
    let kept: Vec<(String, String, String, String)> = window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(FORMATS_KEY).ok().flatten())
        .and_then(|v| B64.decode(v).ok())
        .and_then(|bytes| postcard::from_bytes(&bytes).ok())
        .unwrap_or_default();
    kept.into_iter()
        .filter_map(|(id, kind, report, json)| {
            Some(crate::state::UserFormat {
                id,
                kind: sources::schema::Kind::from_name(&kind)?,
                report,
                json,
            })
        })
        .collect()
}

pub fn save_formats(f: &[crate::state::UserFormat]) {
    if let Some(s) = window().and_then(|w| w.local_storage().ok().flatten()) {
        let kept: Vec<(&str, &str, &str, &str)> = f
            .iter()
            .map(|u| {
                (
                    u.id.as_str(),
                    u.kind.as_str(),
                    u.report.as_str(),
                    u.json.as_str(),
                )
            })
            .collect();
        let text = B64.encode(postcard::to_allocvec(&kept).unwrap_or_default());
        let _ = s.set_item(FORMATS_KEY, &text);
    }
}

/// A number input's or a slider's value, read by the browser (the page carries no float
/// parser: its tables cost 10 KB gzipped); None when empty or not a number.
pub fn number_of(el: &web_sys::HtmlInputElement) -> Option<f64> {
    Some(el.value_as_number()).filter(|v| v.is_finite())
}

pub async fn read_blob(f: &web_sys::Blob) -> Vec<u8> {
    match wasm_bindgen_futures::JsFuture::from(f.array_buffer()).await {
        Ok(buf) => js_sys::Uint8Array::new(&buf).to_vec(),
        Err(_) => Vec::new(),
    }
}

/// A file input's change: the text of each file chosen, to `cb` (the input is cleared, so the
/// same file can be chosen again).
pub fn texts_chosen(cb: yew::Callback<String>) -> yew::Callback<yew::Event> {
    use yew::TargetCast;
    yew::Callback::from(move |e: yew::Event| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        let files = files_of(input.files());
        input.set_value("");
        let cb = cb.clone();
        wasm_bindgen_futures::spawn_local(async move {
            for f in files {
                let bytes = read_blob(&f).await;
                cb.emit(String::from_utf8_lossy(&bytes).into_owned());
            }
        });
    })
}

pub fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// The URL fragment without `#`.
pub fn fragment() -> String {
    window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Replaces the fragment without reloading or adding history entries; returns the full URL.
pub fn set_fragment(f: &str) -> Option<String> {
    let w = window()?;
    let loc = w.location();
    let base = format!("{}{}", loc.origin().ok()?, loc.pathname().ok()?);
    let url = format!("{base}#{f}");
    let _ = w
        .history()
        .ok()?
        .replace_state_with_url(&JsValue::NULL, "", Some(&url));
    Some(url)
}

pub fn copy_text(text: &str) {
    if let Some(w) = window() {
        let _ = w.navigator().clipboard().write_text(text);
    }
}

/// Offers `text` as a file download.
pub fn download(name: &str, mime: &str, text: &str) {
    let Some(doc) = window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Some(a) = doc
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

pub fn print() {
    if let Some(w) = window() {
        let _ = w.print();
    }
}

/// Prints one part of the page, the element `id` (opened, if it folds), and nothing else
/// (the style sheet leaves the rest off paper while `body` has `data-print-part`).
pub fn print_part(id: &str) {
    let Some(doc) = window().and_then(|w| w.document()) else {
        return;
    };
    let (Some(body), Some(el)) = (doc.body(), doc.get_element_by_id(id)) else {
        return;
    };
    let _ = el.set_attribute("data-printing", "");
    let _ = el.set_attribute("open", "");
    let _ = body.set_attribute("data-print-part", "");
    print();
    let _ = el.remove_attribute("data-printing");
    let _ = body.remove_attribute("data-print-part");
}

/// Shows the fatal-error banner of index.html (used by the panic hook).
pub fn show_fatal(message: &str) {
    if let Some(el) = window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("fatal"))
    {
        el.set_text_content(Some(message));
        // A class, not a style attribute: the CSP allows no inline styles.
        let _ = el.set_attribute("class", "fatal shown");
    }
}

/// Counts Content-Security-Policy violations on `<html data-csp-violations>` (the browser
/// test fails on any) and logs each to the console.
pub fn watch_csp() {
    use wasm_bindgen::closure::Closure;
    let Some(doc) = window().and_then(|w| w.document()) else {
        return;
    };
    let Some(root) = doc.document_element() else {
        return;
    };
    let _ = root.set_attribute("data-csp-violations", "0");
    let cb = Closure::<dyn Fn(web_sys::Event)>::new(move |e: web_sys::Event| {
        let Some(root) = window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        else {
            return;
        };
        let n: u32 = root
            .get_attribute("data-csp-violations")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let _ = root.set_attribute("data-csp-violations", &(n + 1).to_string());
        let directive = js_sys::Reflect::get(&e, &JsValue::from_str("violatedDirective"))
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default();
        let _ = root.set_attribute("data-csp-last", &directive);
        web_sys::console::error_1(&format!("CSP violation: {directive}").into());
    });
    let _ = doc
        .add_event_listener_with_callback("securitypolicyviolation", cb.as_ref().unchecked_ref());
    cb.forget();
}

/// Leaves the worker's memory size and where its time went where the browser benchmark reads
/// them (`window.storescoreWorkerMemory`; `window.storescoreTiming`: the worker's [`Timing`]
/// and `received_at`, when the page got the answer, in the same epoch milliseconds).
pub fn note_worker(memory_bytes: u64, t: Timing) {
    let Some(w) = window() else { return };
    let set = |o: &js_sys::Object, k: &str, v: f64| {
        let _ = js_sys::Reflect::set(o, &k.into(), &v.into());
    };
    set(&w, "storescoreWorkerMemory", memory_bytes as f64);
    let received_at = w.performance().map_or(0.0, |p| p.time_origin() + p.now());
    let o = js_sys::Object::new();
    for (k, v) in [
        ("began_at", t.began_at),
        ("sent_at", t.sent_at),
        ("busy_ms", t.busy_ms),
        ("waited_ms", t.waited_ms),
        ("received_at", received_at),
    ] {
        set(&o, k, v);
    }
    let _ = js_sys::Reflect::set(&w, &"storescoreTiming".into(), &o);
}

const CHOICES_KEY: &str = "storescore.choices.v1";

/// What the seller typed and chose that no file carries: rulebook settings changed (category
/// values, thresholds), typed-in inputs, regions chosen. Kept in this browser only.
#[derive(Default, serde::Serialize, serde::Deserialize)]
pub struct Choices {
    pub overrides: Vec<(String, String, f64)>,
    pub inputs: storescore_core::checks::Inputs,
    pub regions: BTreeMap<String, String>,
}

pub fn load_choices() -> Choices {
    window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(CHOICES_KEY).ok().flatten())
        .and_then(|v| B64.decode(v).ok())
        .and_then(|bytes| postcard::from_bytes(&bytes).ok())
        .unwrap_or_default()
}

pub fn save_choices(c: &Choices) {
    if let Some(s) = window().and_then(|w| w.local_storage().ok().flatten()) {
        let text = B64.encode(postcard::to_allocvec(c).unwrap_or_default());
        let _ = s.set_item(CHOICES_KEY, &text);
    }
}

const SESSION_KEY: &str = "storescore.session.v1";

/// The last session's aggregates as a scenario link's fragment (no record, no file), kept in
/// this browser only.
pub fn save_session(fragment: &str) {
    if let Some(s) = window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.set_item(SESSION_KEY, fragment);
    }
}

pub fn load_session() -> Option<String> {
    window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(SESSION_KEY).ok().flatten())
}

const VISITS_KEY: &str = "storescore.visits.v1";
const REMEMBER_KEY: &str = "storescore.remember.v1";

/// The stores whose numbers the seller asked this browser to keep (aggregates only).
pub fn load_visits() -> Vec<link::Visit> {
    window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(VISITS_KEY).ok().flatten())
        .map(|t| link::decode_visits(&t))
        .unwrap_or_default()
}

pub fn save_visits(v: &[link::Visit]) {
    if let Some(s) = window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.set_item(VISITS_KEY, &link::encode_visits(v));
    }
}

/// The name of the store the files are of, when the seller asked to keep its numbers.
pub fn remembered_store() -> Option<String> {
    window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(REMEMBER_KEY).ok().flatten())
        .filter(|n| !n.trim().is_empty())
}

pub fn set_remembered_store(name: Option<&str>) {
    if let Some(s) = window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = match name {
            Some(n) => s.set_item(REMEMBER_KEY, n),
            None => s.remove_item(REMEMBER_KEY),
        };
    }
}

/// Forgets everything this page keeps in this browser: the last session, what was typed and
/// chosen, the column mappings and formats, the language.
pub fn forget_everything() {
    if let Some(s) = window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.clear();
    }
}

/// Today's date in the browser's zone, `YYYY-MM-DD` (for a printed report's header).
pub fn today() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date()
    )
}
