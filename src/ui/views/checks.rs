//! Check tables with the gap to pass and the violating records, the user's inputs, and the peer
//! rulebooks side by side.

use crate::decimal::{fixed, Dec};
use std::sync::Arc;

use yew::prelude::*;

use crate::core::checks::{CheckResult, Inputs, RulebookResult, Status};
use crate::core::engine::{RecordOrder, Report, RECORDS_LISTED};
use crate::core::metrics::{MetricId, Unit, Violation};
use crate::core::rulebook::{Reads, Rulebook};
use crate::i18n::{fmt_gap, fmt_value, not_assessed_because, tr, violation_text, Lang, T};
use crate::ui::{browser, Shared};

fn status_badge(s: Status, lang: Lang) -> Html {
    let (class, text) = match s {
        Status::Passed => ("badge pass", tr(T::Passed, lang)),
        Status::Failed => ("badge fail", tr(T::Failed, lang)),
        Status::NotAssessed => ("badge na", tr(T::NotAssessed, lang)),
    };
    html! { <span class={class}>{ text }</span> }
}

fn check_value(c: &CheckResult, lang: Lang) -> String {
    match c.metric {
        Some(m) => fmt_value(m.unit(), c.value, lang),
        None => c.value.map(|v| fixed(v, 1)).unwrap_or_else(|| "—".into()),
    }
}

fn check_threshold(c: &CheckResult, lang: Lang) -> String {
    let t = match c.metric {
        Some(m) => fmt_value(m.unit(), Some(c.threshold), lang),
        None => Dec(c.threshold).to_string(),
    };
    format!("{} {t}", c.op.symbol())
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
    pub on_download: Callback<(String, (u32, MetricId), Lang)>,
}

#[component]
pub fn CheckTable(p: &CheckTableProps) -> Html {
    let lang = p.lang;
    let rows = p.result.checks.iter().zip(p.rulebook.checks.iter()).map(|(c, spec)| {
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
        let records = before.map(|b| b.records.clone());
        let window = if let Reads::Metric(_) = spec.reads {
            format!(" · {} {}", c.window_days, tr(T::Days, lang))
        } else {
            String::new()
        };
        html! {
            <>
                <tr data-testid={format!("check-{}", c.id)} class={classes!("check", status_class(c.status))} data-status={status_class(c.status)}>
                    <td>
                        { lang.pick(&spec.name.en, &spec.name.zh) }
                        <span class="muted small" title={lang.pick(&spec.source.en, &spec.source.zh).to_owned()}>{ format!(" [{:?}]{window}", c.confidence) }</span>
                    </td>
                    <td class="num">{ check_value(c, lang) }</td>
                    <td class="num">{ check_threshold(c, lang) }</td>
                    <td>{ for changed }{ status_badge(c.status, lang) }</td>
                    <td>{ gap }</td>
                </tr>
                if let (Some(records), Some(metric)) = (records.filter(|r| !r.is_empty()), c.metric) {
                    <tr class="records-row">
                        <td colspan="5"><Records
                            lang={lang}
                            id={c.id.clone()}
                            records={RecordList(records)}
                            total={before.map_or(0, |b| b.records_total)}
                            of={(c.window_days, metric)}
                            on_download={p.on_download.clone()}
                        /></td>
                    </tr>
                }
            </>
        }
    });
    html! {
        <table class="checks">
            <thead>
                <tr>
                    <th></th>
                    <th>{ tr(T::Value, lang) }</th>
                    <th>{ tr(T::Threshold, lang) }</th>
                    <th></th>
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
    on_download: Callback<(String, (u32, MetricId), Lang)>,
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
/// all of them), the first [`RECORDS_LISTED`] shown.
#[component]
fn Records(p: &RecordsProps) -> Html {
    let lang = p.lang;
    let sort = use_state(|| (RecordOrder::Hours, true));
    let (by, desc) = *sort;
    let rows = by.sorted(&p.records.0, desc);
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
        let (id, of, cb) = (p.id.clone(), p.of, p.on_download.clone());
        Callback::from(move |_| cb.emit((format!("{id}-records.csv"), of, lang)))
    };
    let total = p.total;
    html! {
        <details class="records">
            <summary>{ format!("{} ({total})", tr(T::ShowRecords, lang)) }</summary>
            <button class="secondary small no-print" onclick={download} data-testid={format!("download-{}", p.id)}>{ tr(T::DownloadCsv, lang) }</button>
            <table>
                <thead><tr>
                    { header(RecordOrder::Record, tr(T::Record, lang)) }
                    { header(RecordOrder::What, tr(T::WhatHappened, lang)) }
                    { header(RecordOrder::Hours, tr(T::ByHowMuch, lang)) }
                </tr></thead>
                <tbody>
                    { for rows.iter().take(RECORDS_LISTED).map(|v| html! {
                        <tr>
                            <td>{ &v.record }</td>
                            <td>{ violation_text(v.what, lang) }</td>
                            <td class="num">{ v.hours.map(|h| fmt_value(Unit::Hours, Some(h), lang)).unwrap_or_default() }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            if total > RECORDS_LISTED { <p class="muted">{ format!("… {RECORDS_LISTED} / {total}") }</p> }
        </details>
    }
}

#[derive(Properties, PartialEq)]
pub struct InputsProps {
    pub lang: Lang,
    pub inputs: Inputs,
    pub on_input: Callback<(String, Option<f64>)>,
}

/// Facts no export carries, typed in by the user.
#[component]
pub fn InputsForm(p: &InputsProps) -> Html {
    let lang = p.lang;
    let docs = p.inputs.get("compliance_documents").copied();
    let on_docs = {
        let cb = p.on_input.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            cb.emit((
                "compliance_documents".into(),
                Some(if el.checked() { 1.0 } else { 0.0 }),
            ));
        })
    };
    let number = |name: &'static str, label: T| {
        let cb = p.on_input.clone();
        let value = p
            .inputs
            .get(name)
            .map(|v| Dec(*v).to_string())
            .unwrap_or_default();
        let onchange = Callback::from(move |e: Event| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            cb.emit((name.into(), browser::number_of(&el)));
        });
        html! {
            <label>{ tr(label, lang) }
                <input type="number" min="0" step="1" {value} {onchange} data-testid={format!("input-{name}")} />
            </label>
        }
    };
    html! {
        <fieldset class="inputs no-print">
            <legend>{ tr(T::YourInputs, lang) }</legend>
            <label class="check">
                <input type="checkbox" checked={docs == Some(1.0)} onchange={on_docs} data-testid="input-compliance_documents" />
                { tr(T::ComplianceDocs, lang) }
            </label>
            { number("new_products_90d", T::NewProducts) }
            { number("serious_violations", T::SeriousViolations) }
        </fieldset>
    }
}

#[derive(Properties, PartialEq)]
pub struct PeersProps {
    pub lang: Lang,
    pub rulebooks: Shared<Vec<Rulebook>>,
    pub report: Shared<Report>,
}

/// The same aggregates judged by each peer marketplace's rulebook, side by side.
#[component]
pub fn Peers(p: &PeersProps) -> Html {
    let lang = p.lang;
    let cards = p
        .rulebooks
        .iter()
        .filter(|rb| rb.platform != "aliexpress")
        .filter_map(|rb| p.report.rulebook(&rb.id).map(|res| (rb, res)))
        .map(|(rb, res)| {
            let tier = res
                .tier
                .as_deref()
                .and_then(|t| crate::i18n::tier_name(rb, t, lang))
                .map(str::to_owned);
            let points = res.penalty_points.map(|pts| format!("{}: {}", tr(T::PenaltyPoints, lang), Dec(pts)));
            let verdict = tier.or(points).unwrap_or_default();
            let ok = res.failed == 0;
            html! {
                <article class={classes!("peer", if ok { "ok" } else { "not-ok" })} data-testid={format!("peer-{}", rb.id)}>
                    <h3>{ lang.pick(&rb.name.en, &rb.name.zh) }</h3>
                    <p class="verdict">{ verdict }</p>
                    <ul>
                        { for res.checks.iter().zip(rb.checks.iter()).map(|(c, spec)| html! {
                            <li data-testid={format!("check-{}", c.id)} data-status={status_class(c.status)}>
                                { status_badge(c.status, lang) }
                                { format!(" {} {} ({})", lang.pick(&spec.name.en, &spec.name.zh), check_value(c, lang), check_threshold(c, lang)) }
                            </li>
                        }) }
                    </ul>
                    <p class="muted small">{ format!("{} {} · {}", rb.window_days, tr(T::Days, lang), lang.pick(&rb.source.en, &rb.source.zh)) }</p>
                </article>
            }
        });
    html! {
        <section class="card">
            <h2>{ tr(T::OtherMarketplaces, lang) }</h2>
            <div class="peers">{ for cards }</div>
        </section>
    }
}
