//! The rulebook panel: every threshold, weight, window and curve anchor, editable, resettable,
//! exportable and importable.

use crate::decimal::Dec;
use yew::prelude::*;

use crate::core::rulebook::{shipped, Rulebook};
use crate::i18n::{tr, Lang, T};
use crate::ui::{browser, Shared};

#[derive(Properties, PartialEq)]
pub struct RulebookPanelProps {
    pub lang: Lang,
    pub rulebooks: Shared<Vec<Rulebook>>,
    pub on_set: Callback<(String, String, f64)>,
    pub on_reset: Callback<String>,
    pub on_import: Callback<String>,
    /// Asks for a rulebook's JSON (by id): the worker writes it, the page downloads it.
    pub on_export: Callback<String>,
}

#[component]
pub fn RulebookPanel(p: &RulebookPanelProps) -> Html {
    let lang = p.lang;
    let on_import = browser::texts_chosen(p.on_import.clone());
    let books = p.rulebooks.iter().map(|rb| {
        let original = shipped().iter().find(|o| o.id == rb.id);
        let defaults: std::collections::BTreeMap<String, f64> =
            original.map(|o| o.settings().into_iter().collect()).unwrap_or_default();
        let rows = rb.settings().into_iter().map(|(key, value)| {
            let cb = p.on_set.clone();
            let (id, k) = (rb.id.clone(), key.clone());
            let onchange = Callback::from(move |e: Event| {
                let el: web_sys::HtmlInputElement = e.target_unchecked_into();
                if let Some(v) = browser::number_of(&el) {
                    cb.emit((id.clone(), k.clone(), v));
                }
            });
            let default = defaults.get(&key).copied();
            let edited = default.is_some_and(|d| d != value);
            html! {
                <tr class={classes!(edited.then_some("edited"))}>
                    <td><code>{ &key }</code></td>
                    <td><input type="number" step="any" value={Dec(value).to_string()} {onchange} aria-label={key.clone()} /></td>
                    <td class="muted">{ default.map(|d| format!("{}: {}", tr(T::Default, lang), Dec(d))).unwrap_or_default() }</td>
                </tr>
            }
        });
        let export = {
            let (cb, id) = (p.on_export.clone(), rb.id.clone());
            Callback::from(move |_| cb.emit(id.clone()))
        };
        let reset = {
            let (cb, id) = (p.on_reset.clone(), rb.id.clone());
            Callback::from(move |_| cb.emit(id.clone()))
        };
        html! {
            <details class="rulebook" data-testid={format!("rulebook-{}", rb.id)}>
                <summary>{ lang.pick(&rb.name.en, &rb.name.zh) }</summary>
                <p class="muted small">{ lang.pick(&rb.source.en, &rb.source.zh) }</p>
                <div class="row">
                    <button class="secondary small" onclick={reset} data-testid={format!("reset-{}", rb.id)}>{ tr(T::Reset, lang) }</button>
                    <button class="secondary small" onclick={export} data-testid={format!("export-{}", rb.id)}>{ tr(T::Export, lang) }</button>
                </div>
                <table class="settings"><tbody>{ for rows }</tbody></table>
            </details>
        }
    });
    html! {
        <section class="card no-print">
            <h2>{ tr(T::Rulebooks, lang) }</h2>
            <label class="import">{ tr(T::Import, lang) }
                <input type="file" accept=".json,application/json" onchange={on_import} data-testid="import-rulebook" />
            </label>
            { for books }
        </section>
    }
}
