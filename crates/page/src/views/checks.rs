//! Check tables with the gap to pass and the violating records, the user's inputs, and the peer
//! rulebooks side by side.

use std::sync::Arc;
use text::decimal::{trimmed, Dec};
use text::i18n::Localized;

use yew::prelude::*;

use crate::{browser, shared::Shared};
use storescore_core::checks::{CheckResult, Inputs, RulebookResult, Status};
use storescore_core::engine::Analysis;
use storescore_core::engine::{RecordOrder, Report, RECORDS_LISTED};
use storescore_core::evidence::{ExemptedRecord, RecordTimes};
use storescore_core::metrics::{MetricId, Unit, Violation};
use storescore_core::rulebook::{CheckSpec, InputSpec, InputUnit, Reads, RegionUse, Rulebook};
use text::i18n::{fmt_gap, fmt_value, not_assessed_because, tr, violation_text, Lang, T};

fn status_badge(s: Status, lang: Lang) -> Html {
    let class = match s {
        Status::Passed => "badge pass",
        Status::Failed => "badge fail",
        Status::NotAssessed => "badge na",
    };
    html! { <span class={class}>{ text::i18n::status_text(s, lang) }</span> }
}

fn check_value(c: &CheckResult, lang: Lang) -> String {
    match c.metric {
        Some(m) => fmt_value(m.unit(), c.value, lang),
        // A typed-in rating or count: as typed.
        None => c.value.map(|v| trimmed(v, 1)).unwrap_or_else(|| "—".into()),
    }
}

/// The threshold in the metric's unit; a benchmark not typed in yet says so.
fn check_threshold(c: &CheckResult, spec: &CheckSpec, lang: Lang) -> String {
    if spec.threshold_input.is_some() && c.not_assessed_because.is_some() {
        return format!("{} {}", c.op.symbol(), tr(T::YourBenchmark, lang));
    }
    let t = match c.metric {
        Some(m) => fmt_value(m.unit(), Some(c.threshold), lang),
        None => Dec(c.threshold).to_string(),
    };
    format!("{} {t}", c.op.symbol())
}

/// What a records table asks of the report: its records' CSV (a download name, the window
/// and metric, the language), or to print it alone (its anchor).
#[derive(Clone, Debug, PartialEq)]
pub enum RecordsAsk {
    Download(String, (u32, MetricId), Lang),
    Print(String),
}

#[derive(Properties, PartialEq)]
pub struct CheckTableProps {
    pub lang: Lang,
    pub rulebook: Shared<Rulebook>,
    pub result: Shared<RulebookResult>,
    /// The baseline result: its status is shown when a what-if changed it, and it holds the
    /// violating records.
    pub before: Option<Shared<RulebookResult>>,
    /// Download all the violating records of (window, metric) as CSV, under this file name, in
    /// this language.
    pub on_records: Callback<RecordsAsk>,
    /// The analysis the records are of (with their times, [`Analysis::evidence`]), if any.
    #[prop_or_default]
    pub analysis: Option<Shared<Analysis>>,
}

#[component]
pub fn CheckTable(p: &CheckTableProps) -> Html {
    let lang = p.lang;
    let rows = p.result.checks.iter().zip(p.rulebook.checks.iter()).filter(|(_, spec)| !spec.off).map(|(c, spec)| {
        let before = p
            .before
            .as_ref()
            .and_then(|b| b.checks.iter().find(|x| x.id == c.id));
        let changed = before.filter(|b| b.status != c.status).map(|b| {
            html! { <span class="was">{ format!("{} ", tr(T::Before, lang)) }{ status_badge(b.status, lang) }{ " → " }</span> }
        });
        // What it takes to pass, or why the files cannot tell.
        let gap = match (&c.gap, &c.not_assessed_because) {
            (Some(g), _) => fmt_gap(c.metric, g, lang),
            (None, Some(why)) => not_assessed_because(why, &p.rulebook, lang),
            (None, None) => String::new(),
        };
        let records = records_under(&p.rulebook, spec, c, before, p.analysis.as_ref(), &p.on_records, lang);
        let window = if let Reads::Metric(_) = spec.reads {
            format!(" · {}", text::i18n::window_text(c.window_days, c.covered_days, lang))
        } else {
            String::new()
        };
        html! {
            <>
                <tr data-testid={format!("check-{}", c.id)} class={classes!("check", status_class(c.status))} data-status={status_class(c.status)}>
                    <td>
                        { spec.name.text(lang) }
                        <span class="muted small" title={spec.source.text(lang).to_owned()}>{ format!(" [{:?}]{window}", c.confidence) }</span>
                    </td>
                    <td class="num" data-label={tr(T::Value, lang)}>{ check_value(c, lang) }</td>
                    <td class="num" data-label={tr(T::Threshold, lang)}>{ check_threshold(c, spec, lang) }</td>
                    <td class="status">{ for changed }{ status_badge(c.status, lang) }</td>
                    <td class="gap">{ gap }</td>
                </tr>
                if let Some(records) = records {
                    <tr class="records-row"><td colspan="5">{ records }</td></tr>
                }
            </>
        }
    });
    html! {
        <table class="checks">
            <thead>
                <tr>
                    <th><span class="visually-hidden">{ tr(T::CheckColumn, lang) }</span></th>
                    <th>{ tr(T::Value, lang) }</th>
                    <th>{ tr(T::Threshold, lang) }</th>
                    <th><span class="visually-hidden">{ tr(T::StatusColumn, lang) }</span></th>
                    <th>{ tr(T::Gap, lang) }</th>
                </tr>
            </thead>
            <tbody>{ for rows }</tbody>
        </table>
    }
}

fn status_class(s: Status) -> &'static str {
    match s {
        Status::Passed => "passed",
        Status::Failed => "failed",
        Status::NotAssessed => "not-assessed",
    }
}

/// A check's violating records, as every card shows them under the check: `listed` is the
/// check in the report that carries the records (today's, without a scenario); none when it
/// lists none.
fn records_under(
    rb: &Rulebook,
    spec: &CheckSpec,
    c: &CheckResult,
    listed: Option<&CheckResult>,
    analysis: Option<&Shared<Analysis>>,
    on_records: &Callback<RecordsAsk>,
    lang: Lang,
) -> Option<Html> {
    let listed = listed.filter(|b| !b.records.is_empty())?;
    let key = (c.window_days, c.metric?);
    Some(html! {
        <Records
            lang={lang}
            id={c.id.clone()}
            records={RecordList(listed.records.clone())}
            total={listed.records_total}
            of={key}
            anchor={format!("records-{}-{}", rb.id, c.id)}
            title={format!("{} · {} · {}", rb.name.text(lang), spec.name.text(lang), text::i18n::window_text(c.window_days, c.covered_days, lang))}
            evidence={analysis.and_then(|a| a.evidence.get(&key)).map(|e| EvidenceList(e.clone()))}
            exempted={analysis.and_then(|a| a.exempted.get(&key)).map(|e| ExemptedList(e.clone()))}
            on_records={on_records.clone()}
        />
    })
}

#[derive(Properties, PartialEq)]
struct RecordsProps {
    lang: Lang,
    id: String,
    /// The records the table can show first (sorted any way): of a long list, only those.
    records: RecordList,
    /// How many there are (the worker writes all of them for the download).
    total: usize,
    /// Their (window, metric).
    of: (u32, MetricId),
    /// The element's id (a check's records, for printing them alone) and, on paper, what
    /// they are: the check, its marketplace and window.
    anchor: String,
    title: String,
    /// The times that decide each of `records` (in their order), when the worker read them.
    evidence: Option<EvidenceList>,
    /// The records the metric left out, with why.
    exempted: Option<ExemptedList>,
    on_records: Callback<RecordsAsk>,
}

/// Records left out, compared by identity (as [`RecordList`]).
#[derive(Clone)]
struct ExemptedList(Arc<[ExemptedRecord]>);

impl PartialEq for ExemptedList {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// The times of a list of records, compared by identity (as [`RecordList`]).
#[derive(Clone)]
struct EvidenceList(Arc<[RecordTimes]>);

impl PartialEq for EvidenceList {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// A check's violating records, shared with the analysis and compared by identity: the
/// report is rebuilt on every slider move, the records (tens of thousands on a large store)
/// are neither copied nor compared.
#[derive(Clone)]
struct RecordList(Arc<[Violation]>);

impl PartialEq for RecordList {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// The violating records of one check: sortable, downloadable (the worker writes the CSV of
/// all of them), the first [`RECORDS_LISTED`] shown. Their rows, and those of the records
/// left out, are made when the table is first opened: a report has dozens of these tables,
/// mostly never opened, and making every row of every one took the page a second of rendering
/// on 100k orders (the records left out alone, 17,000 elements and 200 ms).
#[component]
fn Records(p: &RecordsProps) -> Html {
    let lang = p.lang;
    let sort = use_state(|| (RecordOrder::Hours, true));
    let opened = use_state(|| false);
    let (by, desc) = *sort;
    let rows = if *opened {
        by.sorted(&p.records.0, desc)
    } else {
        Vec::new()
    };
    let ontoggle = {
        let opened = opened.clone();
        Callback::from(move |e: Event| {
            let open = e
                .target_dyn_into::<web_sys::Element>()
                .is_some_and(|d| d.has_attribute("open"));
            if open && !*opened {
                opened.set(true);
            }
        })
    };
    // A record's times, found by its place in the list (the sort keeps references into it).
    let evidence_of = |v: &Violation| -> Option<&RecordTimes> {
        let all = &p.records.0;
        let i = all.iter().position(|x| std::ptr::eq(x, v))?;
        p.evidence
            .as_ref()
            .filter(|e| e.0.len() == all.len())?
            .0
            .get(i)
    };
    let with_times = p.evidence.is_some();
    // An order column only where some record is about another record's order (a thread, a
    // dispute, a review).
    let with_order = p
        .evidence
        .as_ref()
        .is_some_and(|e| e.0.iter().any(|t| t.order.is_some()));
    let header = |col: RecordOrder, label: &'static str| {
        let sort = sort.clone();
        let arrow = if by == col {
            if desc {
                " ▼"
            } else {
                " ▲"
            }
        } else {
            ""
        };
        let onclick = Callback::from(move |_| {
            let (b, d) = *sort;
            sort.set((col, if b == col { !d } else { true }));
        });
        let aria = if by == col {
            if desc {
                "descending"
            } else {
                "ascending"
            }
        } else {
            "none"
        };
        html! { <th aria-sort={aria}><button class="link" {onclick}>{ format!("{label}{arrow}") }</button></th> }
    };
    let download = {
        let (id, of, cb) = (p.id.clone(), p.of, p.on_records.clone());
        Callback::from(move |_| {
            cb.emit(RecordsAsk::Download(format!("{id}-records.csv"), of, lang))
        })
    };
    let total = p.total;
    let print = {
        let (anchor, cb) = (p.anchor.clone(), p.on_records.clone());
        Callback::from(move |_| cb.emit(RecordsAsk::Print(anchor.clone())))
    };
    html! {
        <details class="records" id={p.anchor.clone()} {ontoggle}>
            <summary>{ format!("{} ({total})", tr(T::ShowRecords, lang)) }</summary>
            <p class="print-only records-title">{ &p.title }</p>
            <button class="secondary small no-print" onclick={download} data-testid={format!("download-{}", p.id)}>{ tr(T::DownloadCsv, lang) }</button>
            <button class="secondary small no-print" onclick={print} data-testid={format!("print-{}", p.id)}>{ tr(T::PrintRecords, lang) }</button>
            <table>
                <thead><tr>
                    { header(RecordOrder::Record, tr(T::Record, lang)) }
                    { header(RecordOrder::What, tr(T::WhatHappened, lang)) }
                    { header(RecordOrder::Hours, tr(T::ByHowMuch, lang)) }
                    if with_order {
                        <th>{ tr(T::RecordOrder, lang) }</th>
                    }
                    if with_times {
                        <th>{ tr(T::DecidingTimes, lang) }</th>
                    }
                </tr></thead>
                <tbody>
                    { for rows.iter().take(RECORDS_LISTED).map(|v| {
                        let e = evidence_of(v);
                        let times = e.map(|e| e.times.iter().map(|(k, at)| html! {
                            <li><span class="muted">{ format!("{}{}", text::i18n::time_name(*k, lang), text::i18n::colon(lang)) }</span>{ at.to_string() }</li>
                        }).collect::<Html>());
                        let order = e.and_then(|e| e.order.clone());
                        html! {
                            <tr>
                                <td data-label={tr(T::Record, lang)}>{ &v.record }</td>
                                <td data-label={tr(T::WhatHappened, lang)}>{ violation_text(v.what, lang) }</td>
                                <td class="num" data-label={tr(T::ByHowMuch, lang)}>{ v.hours.map(|h| fmt_value(Unit::Hours, Some(h), lang)).unwrap_or_default() }</td>
                                if with_order {
                                    <td data-label={order.is_some().then(|| tr(T::RecordOrder, lang))}>{ order.unwrap_or_default() }</td>
                                }
                                if with_times {
                                    <td data-label={tr(T::DecidingTimes, lang)}><ul class="times">{ for times }</ul></td>
                                }
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            if total > RECORDS_LISTED { <p class="muted">{ format!("… {RECORDS_LISTED} / {total}") }</p> }
            if let Some(ex) = p.exempted.as_ref().filter(|_| *opened) {
                <h4>{ format!("{} ({})", tr(T::ExemptedRecords, lang), ex.0.len()) }</h4>
                <table class="exempted" data-testid={format!("exempted-{}", p.id)}>
                    <thead><tr>
                        <th>{ tr(T::Record, lang) }</th>
                        <th>{ tr(T::RecordOrder, lang) }</th>
                        <th>{ tr(T::WhyExempted, lang) }</th>
                        <th>{ tr(T::DecidingTimes, lang) }</th>
                    </tr></thead>
                    <tbody>{ for ex.0.iter().map(|e| html! {
                        <tr>
                            <td data-label={tr(T::Record, lang)}>{ &e.record }</td>
                            <td data-label={tr(T::RecordOrder, lang)}>{ e.times.order.clone().unwrap_or_default() }</td>
                            <td data-label={tr(T::WhyExempted, lang)}>{ e.reason.clone().unwrap_or_else(|| tr(T::ExemptedNoReason, lang).to_owned()) }</td>
                            <td data-label={tr(T::DecidingTimes, lang)}><ul class="times">{ for e.times.times.iter().map(|(k, at)| html! {
                                <li><span class="muted">{ format!("{}{}", text::i18n::time_name(*k, lang), text::i18n::colon(lang)) }</span>{ at.to_string() }</li>
                            }) }</ul></td>
                        </tr>
                    }) }</tbody>
                </table>
            }
        </details>
    }
}

#[derive(Properties, PartialEq)]
pub struct InputsProps {
    pub lang: Lang,
    pub rulebook: Shared<Rulebook>,
    pub inputs: Inputs,
    pub on_input: Callback<(String, Option<f64>)>,
}

/// Facts no export carries that a rulebook reads, typed in by the user, each with its unit,
/// where to read it and, when a typed value is out of range, why, next to the field.
#[component]
pub fn InputsForm(p: &InputsProps) -> Html {
    if p.rulebook.inputs.is_empty() {
        return html! {};
    }
    let fields = p.rulebook.inputs.iter().map(|spec| {
        html! {
            <InputField
                lang={p.lang}
                spec={Shared::new(spec.clone())}
                value={p.inputs.get(&spec.id).copied()}
                on_input={p.on_input.clone()}
            />
        }
    });
    html! {
        <fieldset class="inputs no-print" data-testid={format!("inputs-{}", p.rulebook.id)}>
            <legend>{ tr(T::YourInputs, p.lang) }</legend>
            { for fields }
        </fieldset>
    }
}

#[derive(Properties, PartialEq)]
struct InputFieldProps {
    lang: Lang,
    spec: Shared<InputSpec>,
    value: Option<f64>,
    on_input: Callback<(String, Option<f64>)>,
}

#[component]
fn InputField(p: &InputFieldProps) -> Html {
    let lang = p.lang;
    let spec = &p.spec;
    let refused = use_state(|| None::<(f64, f64)>);
    let id = format!("input-{}", spec.id);
    let help_id = format!("{id}-help");
    let name = spec.name.text(lang).to_owned();
    let help =
        html! { <span class="muted small" id={help_id.clone()}>{ spec.help.text(lang) }</span> };
    if spec.unit == InputUnit::Flag {
        let (cb, key) = (p.on_input.clone(), spec.id.clone());
        let onchange = Callback::from(move |e: Event| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            cb.emit((key.clone(), Some(if el.checked() { 1.0 } else { 0.0 })));
        });
        return html! {
            <label class="check">
                <input type="checkbox" checked={p.value == Some(1.0)} {onchange} data-testid={id} aria-describedby={help_id} />
                { name }{ " " }{ help }
            </label>
        };
    }
    let onchange = {
        let (cb, spec, refused) = (p.on_input.clone(), p.spec.clone(), refused.clone());
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            match browser::number_of(&el) {
                None => {
                    refused.set(None);
                    cb.emit((spec.id.clone(), None));
                }
                Some(typed) => match spec.accept(typed) {
                    Ok(v) => {
                        refused.set(None);
                        cb.emit((spec.id.clone(), Some(v)));
                    }
                    Err(range) => refused.set(Some(range)),
                },
            }
        })
    };
    let value = p
        .value
        .map(|v| Dec(spec.shown(v)).to_string())
        .unwrap_or_default();
    let error_id = format!("{id}-error");
    let error = (*refused).map(|(lo, hi)| {
        html! {
            <span class="field-error" id={error_id.clone()} role="alert">
                { text::i18n::out_of_range(lo, hi, lang) }
            </span>
        }
    });
    let step = if spec.unit == InputUnit::Count {
        "1"
    } else {
        "any"
    };
    let described = if refused.is_some() {
        format!("{help_id} {error_id}")
    } else {
        help_id
    };
    html! {
        <label>
            { name }
            <input type="number" min={Dec(spec.min).to_string()} max={Dec(spec.max).to_string()} step={step}
                {value} {onchange} data-testid={id}
                aria-invalid={refused.is_some().then_some("true")} aria-describedby={described} />
            { for error }
            { help }
        </label>
    }
}

/// A check's own sources, as links after it (the note of what it models as their title).
fn cite_links(rb: &Rulebook, spec: &CheckSpec, lang: Lang) -> Html {
    let note = spec.source.text(lang);
    let links = spec
        .cite
        .iter()
        .filter_map(|id| rb.sources.iter().find(|s| &s.id == id))
        .map(|s| {
            let title = format!("{} ({}). {note}", s.title.text(lang), s.checked);
            // The accessible name starts with the visible word.
            let label = format!("{}: {title}", tr(T::SourceLink, lang));
            html! {
                <>{ " " }<a class="cite small" href={s.url.clone()} target="_blank" rel="noopener noreferrer" title={title} aria-label={label}>{ tr(T::SourceLink, lang) }</a></>
            }
        });
    html! { <>{ for links }</> }
}

#[derive(Properties, PartialEq)]
pub struct SourcesProps {
    pub lang: Lang,
    pub rulebook: Shared<Rulebook>,
}

/// When a rulebook's rules were checked, against which pages (links), and what is and is not
/// modelled.
#[component]
pub fn Sources(p: &SourcesProps) -> Html {
    let lang = p.lang;
    let rb = &p.rulebook;
    let links = rb.sources.iter().map(|s| {
        html! {
            <li>
                <a href={s.url.clone()} target="_blank" rel="noopener noreferrer">{ s.title.text(lang) }</a>
                { format!(" ({}, {} {:?})", s.checked, tr(T::Confidence, lang), s.confidence) }
            </li>
        }
    });
    html! {
        <details class="sources small">
            <summary>{ text::i18n::rules_checked(&rb.checked, lang) }</summary>
            <p>{ rb.source.text(lang) }</p>
            if rb.sources.is_empty() {
                <p class="muted">{ tr(T::NoPublicPage, lang) }</p>
            } else {
                <ul>{ for links }</ul>
            }
        </details>
    }
}

#[derive(Properties, PartialEq)]
pub struct RegionProps {
    pub lang: Lang,
    pub rulebook: Shared<Rulebook>,
    pub used: Option<RegionUse>,
    pub on_region: Callback<(String, String)>,
}

/// The region a rulebook judges by, why, and a choice of the others.
#[component]
pub fn RegionPicker(p: &RegionProps) -> Html {
    let lang = p.lang;
    let rb = &p.rulebook;
    if rb.regions.is_empty() {
        return html! {};
    }
    let current = p
        .used
        .as_ref()
        .map(|u| u.region.clone())
        .or_else(|| rb.region_in_force().map(|r| r.id.clone()));
    let onchange = {
        let (cb, id) = (p.on_region.clone(), rb.id.clone());
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
            cb.emit((id.clone(), el.value()));
        })
    };
    let why = p
        .used
        .as_ref()
        .map(|u| text::i18n::region_line(rb, u, lang));
    let note = current
        .as_ref()
        .and_then(|c| rb.regions.iter().find(|r| &r.id == c))
        .map(|r| r.note.text(lang).to_owned());
    let select_id = format!("region-{}", rb.id);
    html! {
        <div class="region">
            <label for={select_id.clone()}>{ tr(T::Region, lang) }</label>
            { " " }
            <select id={select_id.clone()} {onchange} data-testid={select_id}>
                { for rb.regions.iter().map(|r| html! {
                    <option value={r.id.clone()} selected={current.as_deref() == Some(r.id.as_str())}>{ r.name.text(lang) }</option>
                }) }
            </select>
            { for why.map(|w| html! { <p class="muted small" data-testid={format!("region-why-{}", rb.id)}>{ w }</p> }) }
            { for note.map(|n| html! { <p class="muted small">{ n }</p> }) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct PeersProps {
    pub lang: Lang,
    pub rulebooks: Shared<Vec<Rulebook>>,
    pub report: Shared<Report>,
    pub regions: Vec<RegionUse>,
    pub inputs: Inputs,
    pub on_input: Callback<(String, Option<f64>)>,
    pub on_region: Callback<(String, String)>,
    /// Only this marketplace's rulebooks (the one the files come from, shown first).
    #[prop_or_default]
    pub only: Option<AttrValue>,
    /// Not this marketplace's (shown first already).
    #[prop_or_default]
    pub except: Option<AttrValue>,
    /// Today's report without a scenario, with the violating records, and the analysis they
    /// are of (their times): a check's records open under it.
    #[prop_or_default]
    pub before: Option<Shared<Report>>,
    #[prop_or_default]
    pub analysis: Option<Shared<Analysis>>,
    #[prop_or_default]
    pub on_records: Callback<RecordsAsk>,
}

/// The same aggregates judged by each peer marketplace's rulebook, side by side: each check
/// with its own window, the region judged by, what the seller can type in, and the sources.
#[component]
pub fn Peers(p: &PeersProps) -> Html {
    let lang = p.lang;
    let cards = p
        .rulebooks
        .iter()
        .filter(|rb| rb.platform != "aliexpress")
        .filter(|rb| p.only.as_deref().is_none_or(|o| rb.platform == o))
        .filter(|rb| p.except.as_deref() != Some(rb.platform.as_str()))
        .filter_map(|rb| p.report.rulebook(&rb.id).map(|res| (rb, res)))
        .map(|(rb, res)| {
            let tier = res
                .tier
                .as_deref()
                .and_then(|t| text::i18n::tier_name(rb, t, lang))
                .map(str::to_owned);
            let points = res.penalty_points.map(|pts| format!("{}: {}", tr(T::PenaltyPoints, lang), Dec(pts)));
            let verdict = tier.or(points).unwrap_or_default();
            let ok = res.failed == 0;
            let shared = Shared::new(rb.clone());
            let checks = res.checks.iter().zip(rb.checks.iter()).filter(|(_, spec)| !spec.off).map(|(c, spec)| {
                let why = c.not_assessed_because.as_ref().map(|w| not_assessed_because(w, rb, lang));
                let listed = p.before.as_ref().and_then(|b| b.rulebook(&rb.id)?.checks.iter().find(|x| x.id == c.id));
                let records = records_under(rb, spec, c, listed, p.analysis.as_ref(), &p.on_records, lang);
                html! {
                    <li data-testid={format!("check-{}", c.id)} data-status={status_class(c.status)}>
                        { status_badge(c.status, lang) }
                        { format!(" {} {} ({}", spec.name.text(lang), check_value(c, lang), check_threshold(c, spec, lang)) }
                        if matches!(spec.reads, Reads::Metric(_)) {
                            <span class="window">{ format!(", {}", text::i18n::window_text(c.window_days, c.covered_days, lang)) }</span>
                        }
                        { ")" }
                        { for why.map(|w| html! { <span class="muted small">{ format!(" · {w}") }</span> }) }
                        { cite_links(rb, spec, lang) }
                        { for records }
                    </li>
                }
            });
            html! {
                <article class={classes!("peer", if ok { "ok" } else { "not-ok" })} data-testid={format!("peer-{}", rb.id)}>
                    <h3>{ rb.name.text(lang) }</h3>
                    <p class="verdict">{ verdict }</p>
                    <RegionPicker lang={lang} rulebook={shared.clone()} used={p.regions.iter().find(|u| u.rulebook == rb.id).cloned()} on_region={p.on_region.clone()} />
                    <ul>{ for checks }</ul>
                    <InputsForm lang={lang} rulebook={shared.clone()} inputs={p.inputs.clone()} on_input={p.on_input.clone()} />
                    <Sources lang={lang} rulebook={shared} />
                </article>
            }
        });
    let (title, testid) = match p.only {
        Some(_) => (tr(T::YourMarketplace, lang), "lead-marketplace"),
        None => (tr(T::OtherMarketplaces, lang), "other-marketplaces"),
    };
    html! {
        <section class={classes!("card", p.only.is_some().then_some("lead"))} data-testid={testid}>
            <h2>{ title }</h2>
            <div class="peers">{ for cards }</div>
        </section>
    }
}
