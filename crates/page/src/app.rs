//! The root component: owns the store, derives every number with `use_memo`, lays out the views.

use yew::prelude::*;

use crate::browser;
use crate::hooks::{self, Derived};
use crate::shared::Shared;
use crate::state::{Notice, Shown, State, Store};
use crate::views::*;
use crate::worker::WorkerLink;
use sources::kinds_not_given;
use storescore_core::engine::Settings;

use text::i18n::{kind_missing_text, labelled, tr, T};

/// Up to this many orders the page asks for the outlook (recovery, targets, previous window)
/// by itself; above, when the seller asks.
pub const OUTLOOK_BY_ITSELF_UNITS: usize = 100_000;

#[component]
pub fn App() -> Html {
    let state = use_reducer(|| State::new(browser::initial_lang()));
    let worker = use_memo((), |_| WorkerLink::default());
    let store = Store {
        state: state.clone(),
        worker: (*worker).clone(),
    };
    {
        let store = store.clone();
        use_effect_with((), move |_| {
            store.connect();
            browser::set_document_lang(store.lang());
            store.open_fragment(&browser::fragment());
        });
    }
    {
        let lang = state.lang;
        use_effect_with(lang, move |l| browser::set_document_lang(*l));
    }

    // Records -> analysis (the only pass over records, in the worker), when settings or
    // rulebooks change; the answer comes back as an action.
    {
        let store = store.clone();
        use_effect_with(
            (
                state.records.clone(),
                state.settings,
                state.rulebooks.clone(),
            ),
            move |(records, s, rbs)| {
                if records.is_some() {
                    let settings = Settings {
                        as_of: None,
                        last_day: s.last_day,
                        window_days: s.window_days,
                        evaluation_window_days: s.evaluation_days,
                        tz: s.tz,
                        usd_rates: Default::default(),
                    };
                    store.request_analysis(settings, rbs);
                }
            },
        );
    }
    // The analysis shown -> its outlook (recovery, targets, the previous window), in the worker.
    {
        let store = store.clone();
        // A large store's outlook takes the worker seconds (files added meanwhile would wait):
        // computed when asked for.
        let small = state
            .records
            .as_ref()
            .is_some_and(|r| r.counts.order_units <= OUTLOOK_BY_ITSELF_UNITS);
        let shown = state
            .analysis
            .as_ref()
            .and(state.analysis_of)
            .filter(|_| small || state.outlook_wanted);
        use_effect_with(
            (shown, state.rulebooks.clone(), state.inputs.clone()),
            move |(shown, rbs, inputs)| {
                if let Some(id) = shown {
                    store.request_outlook(*id, rbs, inputs);
                }
            },
        );
    }
    hooks::use_kept(&store);
    let Derived {
        analysis,
        baseline,
        before,
        after,
        levers,
    } = hooks::use_report(&state);

    // The saved mappings and formats, shared with the view (a new list only when they change).
    let mappings = use_memo(state.mappings.clone(), |m| Shared::new(m.clone()));
    let user_formats = use_memo(state.formats.clone(), |f| Shared::new(f.clone()));
    let lang = state.lang;
    let on_lang = {
        let store = store.clone();
        Callback::from(move |_| store.toggle_lang())
    };
    let notice = state.notice.clone().map(|n| {
        let store = store.clone();
        let close = Callback::from(move |_| store.notify(None));
        let (class, text) = match n {
            Notice::Info(t) => ("notice info", tr(t, lang).to_owned()),
            Notice::Error(t, detail) => (
                "notice error",
                format!("{} {}", tr(t, lang), detail.unwrap_or_default()),
            ),
        };
        html! {
            <div class={class} role="alert" data-testid="notice">
                <span>{ text }</span>
                <button class="link" onclick={close}>{ tr(T::Close, lang) }</button>
            </div>
        }
    });

    let body = match (baseline, before, after) {
        (Some(b), Some(before), Some(after)) => {
            let banner = match &state.source {
                Shown::Sample => {
                    html! { <p class="source" data-testid="source">{ tr(T::SampleBanner, lang) }</p> }
                }
                Shown::Files(names) => {
                    // A kind with no file: its numbers are not assessed, or (disputes) read 0%.
                    let missing: Vec<String> = state.records.as_ref().map_or(vec![], |r| {
                        kinds_not_given(&r.files)
                            .into_iter()
                            .map(|k| kind_missing_text(k, lang))
                            .collect()
                    });
                    let sep = text::i18n::list_sep(lang);
                    html! { <>
                        <p class="source" data-testid="source">{ labelled(T::FilesBanner, &names.join(", "), lang) }</p>
                        if !missing.is_empty() {
                            <p class="source missing-kinds" data-testid="missing-kinds">{ labelled(T::NotAmongFiles, &missing.join(sep), lang) }</p>
                        }
                    </> }
                }
                Shown::Link {
                    label,
                    saved: false,
                } => html! {
                    <p class="source link-source" data-testid="source">{ format!("{} {label}", tr(T::LinkBanner, lang)) }</p>
                },
                Shown::Link { label, saved: true } => html! {
                    <p class="source link-source" data-testid="source">{ format!("{} {label}", tr(T::SavedBanner, lang)) }</p>
                },
                Shown::Empty => html! {},
            };
            let a = analysis.clone();
            // Numbers of the previous settings while the worker computes the new: dimmed.
            let updating = state.analysing().then_some("updating");
            html! {
                <div class={classes!("report-area", updating)} data-testid="report-area" aria-busy={state.analysing().to_string()}>
                    // On paper: what the report is of, and when it was printed.
                    <p class="print-only print-header" data-testid="print-header">
                        { format!("{} · {}", tr(T::PrintedOn, lang), browser::today()) }
                    </p>
                    { banner }
                    <ReportView
                        baseline={b}
                        before={before}
                        after={after}
                        analysis={a}
                        levers={levers}
                    />
                </div>
            }
        }
        _ => html! {},
    };

    html! {
        <ContextProvider<Store> context={store.clone()}>
            <header class="top">
                <div class="brand">
                    <h1>{ "Storescore" }</h1>
                    <p class="tagline">{ tr(T::Tagline, lang) }</p>
                </div>
                <div class="top-actions no-print">
                    <button class="secondary" onclick={Callback::from(|_| browser::print())}>{ tr(T::Print, lang) }</button>
                    <button class="secondary" data-testid="lang-switch" onclick={on_lang}>{ tr(T::OtherLanguage, lang) }</button>
                </div>
            </header>
            <main>
                <Intake
                    lang={lang}
                    progress={state.progress.clone()}
                    analysing={state.analysing()}
                    nothing_to_score={state.nothing_to_score()}
                    on_cancel={{
                        let store = store.clone();
                        Callback::from(move |_| store.cancel())
                    }}
                    files={state.records.clone()}
                    on_files={{
                        let store = store.clone();
                        Callback::from(move |files| store.load_files(files))
                    }}
                    on_intent={{
                        let store = store.clone();
                        Callback::from(move |_| store.warm_worker())
                    }}
                    on_sample={{
                        let store = store.clone();
                        Callback::from(move |_| store.load_sample())
                    }}
                    on_map={{
                        let store = store.clone();
                        Callback::from(move |(key, m)| store.apply_mapping(key, m))
                    }}
                    on_file_options={{
                        let store = store.clone();
                        Callback::from(move |(name, o)| store.set_file_options(name, o))
                    }}
                    file_options={state.file_options.clone()}
                    mappings={(*mappings).clone()}
                    formats={(*user_formats).clone()}
                    on_forget_mapping={{
                        let store = store.clone();
                        Callback::from(move |key| store.forget_mapping(key))
                    }}
                    on_export_mapping={{
                        let store = store.clone();
                        Callback::from(move |key| store.export_mapping(key))
                    }}
                    on_forget_format={{
                        let store = store.clone();
                        Callback::from(move |id| store.forget_format(id))
                    }}
                    on_export_format={{
                        let store = store.clone();
                        Callback::from(move |id: String| store.export_format(&id))
                    }}
                    on_import_format={{
                        let store = store.clone();
                        Callback::from(move |text| store.import_format(text))
                    }}
                    on_remove_file={{
                        let store = store.clone();
                        Callback::from(move |name: String| store.remove_file(&name))
                    }}
                    on_template={{
                        let store = store.clone();
                        Callback::from(move |kind| store.download_template(kind))
                    }}
                />
                { for notice }
                { body }
            </main>
            <footer class="no-print">
                <p>{ tr(T::Privacy, lang) }</p>
                <button class="link" data-testid="forget-everything" onclick={{
                    let store = store.clone();
                    Callback::from(move |_| store.forget_everything())
                }}>{ tr(T::ForgetEverything, lang) }</button>
            </footer>
        </ContextProvider<Store>>
    }
}
