//! The drop zone, file picker, sample button, template downloads and file diagnostics.

use yew::prelude::*;

use crate::i18n::{tr, Lang, T};
use crate::ingest::diag::{summarize, Severity};
use crate::ingest::schema::{template, Kind};
use crate::session::Loaded;
use crate::ui::{browser, Shared};

#[derive(Properties, PartialEq)]
pub struct IntakeProps {
    pub lang: Lang,
    pub loading: bool,
    pub files: Option<Shared<Loaded>>,
    pub on_files: Callback<Vec<web_sys::File>>,
    pub on_sample: Callback<()>,
}

#[component]
pub fn Intake(p: &IntakeProps) -> Html {
    let lang = p.lang;
    let over = use_state(|| false);
    let on_change = {
        let cb = p.on_files.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            cb.emit(browser::files_of(input.files()));
            input.set_value("");
        })
    };
    let on_drop = {
        let cb = p.on_files.clone();
        let over = over.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            over.set(false);
            cb.emit(browser::files_of(e.data_transfer().and_then(|d| d.files())));
        })
    };
    let on_drag_over = {
        let over = over.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            over.set(true);
        })
    };
    let on_drag_leave = {
        let over = over.clone();
        Callback::from(move |_: DragEvent| over.set(false))
    };
    let on_sample = {
        let cb = p.on_sample.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let templates = Kind::ALL.iter().map(|k| {
        let k = *k;
        let onclick = Callback::from(move |_| {
            browser::download(
                &format!("{}.csv", k.as_str()),
                "text/csv;charset=utf-8",
                &template(k),
            )
        });
        html! { <button class="link" {onclick}>{ format!("{}.csv", k.as_str()) }</button> }
    });
    let diagnostics = p.files.as_ref().map(|f| {
        let diags: Vec<_> = f.files.iter().flat_map(|r| r.diagnostics.clone()).collect();
        let files = f.files.iter().map(|r| {
            let kind = r.kind.map(|k| k.as_str()).unwrap_or("?");
            html! {
                <li>{ format!("{}: {kind}, {} / {} {}", r.name, r.loaded, r.data_rows, tr(T::RowsLoaded, lang)) }</li>
            }
        });
        let lines = summarize(&diags, lang).into_iter().map(|l| html! { <li>{ l }</li> });
        let errors = diags.iter().any(|d| d.severity == Severity::Error);
        (!f.files.is_empty()).then(|| html! {
            <details class={classes!("diagnostics", errors.then_some("has-errors"))} open={errors} data-testid="diagnostics">
                <summary>{ tr(T::Diagnostics, lang) }</summary>
                <ul>{ for files }</ul>
                <ul class="diag-lines">{ for lines }</ul>
            </details>
        })
    });
    html! {
        <section class="intake no-print">
            <label
                class={classes!("dropzone", (*over).then_some("over"))}
                ondrop={on_drop}
                ondragover={on_drag_over}
                ondragleave={on_drag_leave}
                data-testid="dropzone"
            >
                <p>{ tr(T::DropHere, lang) }</p>
                <span class="button">{ tr(T::ChooseFiles, lang) }</span>
                <input
                    type="file"
                    multiple=true
                    accept=".csv,.tsv,.txt,.xlsx,.xls,.ods"
                    onchange={on_change}
                    data-testid="file-input"
                />
            </label>
            <div class="intake-actions">
                <button class="primary" data-testid="try-sample" onclick={on_sample}>{ tr(T::TrySample, lang) }</button>
                <span class="templates">{ tr(T::Templates, lang) }{ for templates }</span>
            </div>
            if p.loading { <p class="loading" role="status">{ tr(T::Loading, lang) }</p> }
            { for diagnostics.flatten() }
        </section>
    }
}
