//! The report: controls, score card, indicators, what-if, checks, peers, charts, rulebooks.
//! `ReportView` is the one container: it turns store intents into callbacks for the views.

use text::decimal::{count, fixed, trimmed, Dec};
use text::i18n::Localized;
use yew::prelude::*;

use super::charts::Charts;
use super::checks::{CheckTable, InputsForm, Peers, RecordsAsk, Sources};
use super::outlook::OutlookView;
use super::rulebooks::RulebookPanel;
use super::visits::Visits;
use super::whatif::WhatIf;
use crate::browser;
use crate::shared::Shared;
use crate::state::{Shown, Store};
use storescore_core::engine::{Analysis, Lever, Report};
use storescore_core::metrics::Unit;
use storescore_core::rulebook::{Rulebook, ScoreSpec, SERVICE_SCORE};
use storescore_core::score::{ScoreResult, Series};
use storescore_core::time;
use storescore_core::whatif::Baseline;
use text::i18n::{bracketed, colon, fmt_value, level_name, metric_definition, tr, Lang, T};

#[derive(Properties, PartialEq)]
pub struct ReportProps {
    pub baseline: Shared<Baseline>,
    pub before: Shared<Report>,
    pub after: Shared<Report>,
    pub analysis: Option<Shared<Analysis>>,
    pub levers: Shared<Vec<Lever>>,
}

#[component]
pub fn ReportView(p: &ReportProps) -> Html {
    let store = crate::hooks::use_store();
    let state = &store.state;
    let lang = state.lang;
    let rbs = state.rulebooks.clone();
    let spec: Option<ScoreSpec> = rbs
        .iter()
        .find(|r| r.id == SERVICE_SCORE)
        .and_then(|r| r.score.clone());
    let from_link = matches!(state.source, Shown::Link { .. });
    // The marketplace the files come from (most rows), when a rulebook judges it: it leads.
    let lead: Option<String> = state.records.as_ref().and_then(|r| {
        let mut rows: std::collections::BTreeMap<&'static str, usize> = Default::default();
        for f in &r.files {
            *rows.entry(f.platform.as_str()).or_default() += f.loaded;
        }
        rows.into_iter()
            .filter(|(p, n)| *n > 0 && !matches!(*p, "canonical" | "unknown"))
            .max_by_key(|(_, n)| *n)
            .map(|(p, _)| p.to_owned())
            .filter(|p| p != "aliexpress" && rbs.iter().any(|r| &r.platform == p))
    });
    // What the score is computed without: the kinds its indicators read that no file gave.
    let provisional: Vec<String> = match (&state.source, state.records.as_ref()) {
        (Shown::Files(_), Some(r)) => sources::kinds_not_given(&r.files)
            .into_iter()
            .filter(|k| *k != sources::schema::Kind::Messages)
            .map(|k| text::i18n::kind_missing_text(k, lang))
            .collect(),
        _ => Vec::new(),
    };
    let score_rb: Option<Shared<Rulebook>> = rbs
        .iter()
        .find(|r| r.id == SERVICE_SCORE)
        .map(|r| Shared::new(r.clone()));
    let window_label = match &p.analysis {
        Some(a) => format!(
            "{} – {} ({})",
            a.dates.first,
            a.dates.last_day,
            a.params.tz.name()
        ),
        None => match &state.source {
            Shown::Link { label, .. } => label.clone(),
            _ => String::new(),
        },
    };
    let find = |r: &Report, id: &str| r.rulebook(id).cloned();
    // The same callback across renders of one analysis (it needs only the worker handle and
    // the analysis's id): the records tables do not re-render on every slider move.
    let on_records = use_callback(
        (store.worker.clone(), state.analysis_of),
        |ask, (worker, shown)| match ask {
            RecordsAsk::Download(name, of, lang) => {
                Store::download_records(worker, *shown, name, of, lang)
            }
            RecordsAsk::Print(anchor) => Store::print_part(&anchor),
        },
    );
    let rules_rb = rbs
        .iter()
        .find(|r| r.id == "aliexpress-service-rules")
        .cloned();
    let gs_rb = rbs
        .iter()
        .find(|r| r.id == "aliexpress-good-seller")
        .cloned();
    let on_input = {
        let s = store.clone();
        Callback::from(move |(k, v): (String, Option<f64>)| s.set_input(&k, v))
    };
    // The marketplaces' cards: the files' own first (`only`), the others later (`except` it).
    let peers = |only: Option<AttrValue>, except: Option<AttrValue>| {
        let s = store.clone();
        html! {
            <Peers
                lang={lang}
                rulebooks={Shared(rbs.clone())}
                report={p.after.clone()}
                regions={state.regions.clone()}
                inputs={state.inputs.clone()}
                on_input={on_input.clone()}
                on_region={Callback::from(move |(rb, r): (String, String)| s.set_region(&rb, &r))}
                {only}
                {except}
                before={p.before.clone()}
                analysis={p.analysis.clone()}
                on_records={on_records.clone()}
            />
        }
    };
    html! {
        <div class="report" data-testid="report">
            <Controls
                lang={lang}
                disabled={from_link}
                window_days={state.settings.window_days}
                evaluation_days={state.settings.evaluation_days}
                tz={state.settings.tz.name().to_owned()}
                last_day={p.analysis.as_ref().map(|a| a.dates.last_day.clone())}
                label={window_label.clone()}
                on_window={{ let s = store.clone(); Callback::from(move |d| s.set_window(d)) }}
                on_eval={{ let s = store.clone(); Callback::from(move |d| s.set_evaluation_days(d)) }}
                on_tz={{ let s = store.clone(); Callback::from(move |z: String| {
                    if let Some(tz) = time::parse_zone(&z) { s.set_tz(tz) }
                }) }}
                on_last_day={{ let s = store.clone(); Callback::from(move |d| s.set_last_day(d)) }}
            />
            <Visits
                lang={lang}
                files={matches!(state.source, Shown::Files(_))}
                remember={state.remember.clone()}
                visits={Shared(state.visits.clone())}
                rulebooks={Shared(rbs.clone())}
                today={p.before.clone()}
                outlook={state.outlook.clone()}
                on_remember={{ let s = store.clone(); Callback::from(move |n| s.remember(n)) }}
                on_open={{ let s = store.clone(); Callback::from(move |f: String| s.open_visit(&f)) }}
            />
            if let Some(lead) = lead.clone() {
                { peers(Some(lead.into()), None) }
            }
            if let (Some(spec), Some(before), Some(after)) = (spec.clone(), p.before.score.clone(), p.after.score.clone()) {
                <ScoreCard
                    lang={lang}
                    spec={Shared::new(spec.clone())}
                    before={Shared::new(before)}
                    after={Shared::new(after.clone())}
                    series={Shared::new(p.baseline.series.clone())}
                    changed={!state.scenario.is_identity()}
                    provisional={provisional.clone()}
                    comparison={lead.is_some()}
                />
                <Indicators
                    lang={lang}
                    spec={Shared::new(spec)}
                    score={Shared::new(after)}
                    rulebook={score_rb.clone()}
                    disabled={from_link}
                    on_set={{ let s = store.clone(); Callback::from(move |(rb, key, v): (String, String, f64)| s.set_rule(&rb, &key, v)) }}
                />
            }
            if !from_link {
                <OutlookView
                    lang={lang}
                    outlook={state.outlook.clone()}
                    rulebooks={Shared(rbs.clone())}
                    spec={spec.clone().map(Shared::new)}
                    today={p.before.clone()}
                    on_want={(!state.outlook_wanted
                        && state.records.as_ref().is_some_and(|r| r.counts.order_units > crate::app::OUTLOOK_BY_ITSELF_UNITS))
                        .then(|| { let s = store.clone(); Callback::from(move |_| s.want_outlook()) })}
                    inputs={state.inputs.clone()}
                    on_apply={{ let s = store.clone(); Callback::from(move |sc| s.set_scenario(sc)) }}
                />
            }
            <WhatIf
                lang={lang}
                baseline={p.baseline.clone()}
                before={p.before.clone()}
                after={p.after.clone()}
                scenario={state.scenario.clone()}
                levers={p.levers.clone()}
                rulebooks={Shared(rbs.clone())}
                inputs={state.inputs.clone()}
                window_label={window_label}
                on_change={{ let s = store.clone(); Callback::from(move |sc| s.set_scenario(sc)) }}
                on_reset={{ let s = store.clone(); Callback::from(move |_| s.reset_scenario()) }}
                on_share={{ let s = store.clone(); Callback::from(move |fragment: String| s.share(&fragment)) }}
            />
            if let (Some(rb), Some(res)) = (rules_rb, find(&p.after, "aliexpress-service-rules")) {
                <section class="card">
                    <h2>{ tr(T::PolicyChecks, lang) }</h2>
                    <CheckTable lang={lang} rulebook={Shared::new(rb.clone())} result={Shared::new(res)} before={find(&p.before, "aliexpress-service-rules").map(Shared::new)} on_records={on_records.clone()} analysis={p.analysis.clone()} />
                    <Sources lang={lang} rulebook={Shared::new(rb)} />
                </section>
            }
            if let (Some(rb), Some(res)) = (gs_rb, find(&p.after, "aliexpress-good-seller")) {
                <section class="card">
                    <h2>{ tr(T::GoodSeller, lang) }</h2>
                    <InputsForm
                        lang={lang}
                        rulebook={Shared::new(rb.clone())}
                        inputs={state.inputs.clone()}
                        on_input={on_input.clone()}
                    />
                    <CheckTable lang={lang} rulebook={Shared::new(rb.clone())} result={Shared::new(res)} before={find(&p.before, "aliexpress-good-seller").map(Shared::new)} on_records={on_records.clone()} analysis={p.analysis.clone()} />
                    <Sources lang={lang} rulebook={Shared::new(rb)} />
                </section>
            }
            { peers(None, lead.clone().map(AttrValue::from)) }
            <Charts
                lang={lang}
                baseline={p.baseline.clone()}
                analysis={p.analysis.clone()}
                spec={spec.map(Shared::new)}
                after={p.after.clone()}
            />
            <RulebookPanel
                lang={lang}
                rulebooks={Shared(rbs)}
                on_set={{ let s = store.clone(); Callback::from(move |(rb, key, v): (String, String, f64)| s.set_rule(&rb, &key, v)) }}
                on_reset={{ let s = store.clone(); Callback::from(move |id: String| s.reset_rulebook(&id)) }}
                on_import={{ let s = store.clone(); Callback::from(move |text: String| s.import_rulebook(text)) }}
                on_export={{ let s = store.clone(); Callback::from(move |id: String| s.export_rulebook(&id)) }}
            />
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    pub lang: Lang,
    pub disabled: bool,
    pub window_days: u32,
    pub evaluation_days: u32,
    pub tz: String,
    /// The window's last day, `YYYY-MM-DD`.
    pub last_day: Option<String>,
    pub label: String,
    pub on_window: Callback<u32>,
    pub on_eval: Callback<u32>,
    pub on_tz: Callback<String>,
    pub on_last_day: Callback<Option<chrono::NaiveDate>>,
}

const WINDOWS: [u32; 4] = [7, 30, 60, 90];
const EVAL_DAYS: [u32; 3] = [7, 15, 30];

fn select_u32(
    value: u32,
    options: &[u32],
    suffix: &str,
    cb: Callback<u32>,
    disabled: bool,
    testid: &str,
) -> Html {
    let onchange = Callback::from(move |e: Event| {
        let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
        if let Ok(v) = el.value().parse() {
            cb.emit(v);
        }
    });
    html! {
        <select {onchange} {disabled} data-testid={testid.to_owned()}>
            { for options.iter().map(|o| html! {
                <option value={o.to_string()} selected={*o == value}>{ format!("{o} {suffix}") }</option>
            }) }
        </select>
    }
}

#[component]
fn Controls(p: &ControlsProps) -> Html {
    let lang = p.lang;
    let date_value = p.last_day.clone().unwrap_or_default();
    let on_date = {
        let cb = p.on_last_day.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            // The chosen day is included (the worker makes as_of the start of the next day).
            cb.emit(time::parse_ymd(&el.value()));
        })
    };
    let on_tz = {
        let cb = p.on_tz.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
            cb.emit(el.value());
        })
    };
    html! {
        <section class="controls card" data-testid="controls">
            <label>{ tr(T::AssessmentDate, lang) }
                <input type="date" value={date_value} onchange={on_date} disabled={p.disabled} data-testid="as-of" />
            </label>
            <label>{ tr(T::Window, lang) }
                { select_u32(p.window_days, &WINDOWS, tr(T::Days, lang), p.on_window.clone(), p.disabled, "window") }
            </label>
            <label>{ tr(T::EvaluationWindow, lang) }
                { select_u32(p.evaluation_days, &EVAL_DAYS, tr(T::Days, lang), p.on_eval.clone(), p.disabled, "evaluation-days") }
            </label>
            <label>{ tr(T::TimeZone, lang) }
                <select onchange={on_tz} disabled={p.disabled} data-testid="tz">
                    { for time::PAGE_ZONES.iter().map(|z| html! { <option value={*z} selected={*z == p.tz}>{ *z }</option> }) }
                </select>
            </label>
            <p class="window-label" data-testid="window-label">{ &p.label }</p>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct ScoreCardProps {
    pub lang: Lang,
    pub spec: Shared<ScoreSpec>,
    pub before: Shared<ScoreResult>,
    pub after: Shared<ScoreResult>,
    pub series: Shared<Series>,
    pub changed: bool,
    /// What the score was computed without (a kind of record no file gave), said where the
    /// number is.
    pub provisional: Vec<String>,
    /// The files come from another marketplace: the score is shown for comparison.
    pub comparison: bool,
}

#[component]
fn ScoreCard(p: &ScoreCardProps) -> Html {
    let lang = p.lang;
    let s = &p.after;
    let score_text = if s.assessed {
        fixed(s.total, 1)
    } else {
        tr(T::NotAssessed, lang).to_owned()
    };
    let level = level_name(&p.spec, s.level.as_deref(), lang);
    let before = p.changed.then(|| {
        let b = &p.before;
        let text = if b.assessed { fixed(b.total, 1) } else { "—".into() };
        html! {
            <p class="before-after" data-testid="score-before">
                { format!("{} {text} ({}) → {} {score_text} ({level})", tr(T::Before, lang), level_name(&p.spec, b.level.as_deref(), lang), tr(T::After, lang)) }
            </p>
        }
    });
    let series = &p.series;
    let monthly = series.monthly_mean.map(Dec).map(|m| {
        html! {
            <p data-testid="monthly-level">{ format!("{}{}{}{} · {m:.1}", tr(T::MonthlyLevel, lang), bracketed(series.month.as_deref().unwrap_or_default(), lang), colon(lang), level_name(&p.spec, series.monthly_level.as_deref(), lang)) }</p>
        }
    });
    let trend = series
        .trend_per_day
        .map(|t| bracketed(&format!("{:+.2}/{}", Dec(t), tr(T::DaysShort, lang)), lang))
        .unwrap_or_default();
    html! {
        <section class="card score-card" aria-live="polite">
            if p.comparison {
                <p class="muted" data-testid="score-for-comparison">{ tr(T::ForComparison, lang) }</p>
            }
            <div class="score-main">
                <div>
                    <h2>{ tr(T::ServiceScore, lang) }
                        if !p.provisional.is_empty() {
                            { " " }<span class="badge provisional" data-testid="provisional">{ tr(T::Provisional, lang) }</span>
                        }
                    </h2>
                    <p class="big" data-testid="overall-score" elementtiming="score">{ score_text }</p>
                    <p class="of">{ format!("/ {:.0} {}", Dec(s.max_points), tr(T::Points, lang)) }</p>
                    if !p.provisional.is_empty() {
                        <p class="provisional-why" data-testid="provisional-why">
                            { format!("{} {}", tr(T::ProvisionalWhy, lang), p.provisional.join(text::i18n::list_sep(lang))) }
                        </p>
                    }
                </div>
                <div>
                    <h2>{ tr(T::Level, lang) }</h2>
                    <p class={classes!("level", s.level.clone())} data-testid="level">{ level }</p>
                    { for monthly }
                    <p>{ format!("{}{}{}{trend}", tr(T::Forecast, lang), colon(lang), level_name(&p.spec, s.level.as_deref(), lang)) }</p>
                </div>
            </div>
            <Gauge spec={p.spec.clone()} score={s.assessed.then_some(s.total)} before={p.changed.then_some(p.before.total)} />
            // The line's room is kept while no slider moved: the first move shifts nothing.
            if let Some(before) = before { { before } } else {
                <p class="before-after placeholder" aria-hidden="true">{ "\u{a0}" }</p>
            }
            if !s.assessed {
                <p class="muted">{ format!("{:.0} / {:.0} {}", Dec(s.orders_paid), Dec(s.min_orders), tr(T::Orders, lang)) }</p>
            }
            <p class="muted small" data-testid="curves-are-estimates">{ tr(T::CurvesAreEstimates, lang) }</p>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct GaugeProps {
    spec: Shared<ScoreSpec>,
    score: Option<f64>,
    before: Option<f64>,
}

/// A horizontal 0-100 bar with the level bands and a marker at the score.
#[component]
fn Gauge(p: &GaugeProps) -> Html {
    let w = 600.0;
    let x = |v: f64| v.clamp(0.0, 100.0) / 100.0 * w;
    let at = |v: f64| trimmed(v, 1);
    let mut bands = Vec::new();
    let mut upper = 100.0;
    for l in p.spec.levels.iter() {
        let lo = l.min.max(0.0);
        bands.push(html! {
            <g>
                <rect class={classes!("band", l.id.clone())} x={at(x(lo))} y="10" width={at((x(upper) - x(lo)).max(0.0))} height="18">
                    <title>{ format!("{}: {:.0}–{:.0}", l.name.en, Dec(lo), Dec(upper)) }</title>
                </rect>
                <text x={at(x(lo) + 3.0)} y="44" class="tick">{ fixed(lo, 0) }</text>
            </g>
        });
        upper = lo;
    }
    let marker = |v: f64, class: &'static str| {
        html! {
            <path class={class} d={format!("M{0} 4 L{1} -4 L{2} -4 Z M{0} 4 L{0} 34", at(x(v)), at(x(v) - 6.0), at(x(v) + 6.0))} />
        }
    };
    html! {
        <svg class="gauge" viewBox="0 -6 600 52" role="img" aria-label={p.score.map_or_else(|| "score —".to_owned(), |s| format!("score {:.1}", Dec(s)))}>
            { for bands }
            { for p.before.map(|b| marker(b, "marker-before")) }
            { for p.score.map(|s| marker(s, "marker")) }
        </svg>
    }
}

#[derive(Properties, PartialEq)]
pub struct IndicatorsProps {
    pub lang: Lang,
    pub spec: Shared<ScoreSpec>,
    pub score: Shared<ScoreResult>,
    /// The service-score rulebook, whose category anchors the seller can type in.
    pub rulebook: Option<Shared<Rulebook>>,
    /// Opened from a link: its settings are shown, not edited.
    pub disabled: bool,
    pub on_set: Callback<(String, String, f64)>,
}

#[derive(Properties, PartialEq)]
struct AnchorFieldProps {
    lang: Lang,
    rulebook: Shared<Rulebook>,
    /// The setting typed: `indicator.<id>.category.value` or `.points`.
    setting: AttrValue,
    label: T,
    /// After the label: the unit typed (`%` for a rate).
    #[prop_or_default]
    suffix: AttrValue,
    /// The value as shown (a rate as a percent).
    value: f64,
    /// Typed = held × this (100 for a rate).
    scale: f64,
    disabled: bool,
    on_set: Callback<(String, String, f64)>,
}

/// One number of a category anchor, refused next to the field when the curve cannot take it.
#[component]
fn AnchorField(p: &AnchorFieldProps) -> Html {
    let refused = use_state(|| false);
    let id = format!("anchor-{}", p.setting.replace('.', "-"));
    let onchange = {
        let (rb, key, scale, cb, refused) = (
            p.rulebook.clone(),
            p.setting.clone(),
            p.scale,
            p.on_set.clone(),
            refused.clone(),
        );
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            let Some(typed) = browser::number_of(&el) else {
                return;
            };
            let held = typed / scale;
            let mut probe = (*rb.0).clone();
            if probe.set(&key, held).is_ok() {
                refused.set(false);
                cb.emit((rb.id.clone(), key.to_string(), held));
            } else {
                refused.set(true);
            }
        })
    };
    let error_id = format!("{id}-error");
    html! {
        <label>
            { format!("{}{}", tr(p.label, p.lang), p.suffix) }
            <input type="number" step="any" value={Dec(p.value * p.scale).to_string()} {onchange}
                disabled={p.disabled} data-testid={id.clone()}
                aria-invalid={refused.then_some("true")} aria-describedby={refused.then_some(error_id.clone())} />
            if *refused {
                <span class="field-error" id={error_id} role="alert">{ tr(T::AnchorRefused, p.lang) }</span>
            }
        </label>
    }
}

#[component]
fn Indicators(p: &IndicatorsProps) -> Html {
    let lang = p.lang;
    let cards = p.score.indicators.iter().zip(p.spec.indicators.iter()).map(|(i, spec)| {
        let unit = i.metric.unit();
        let share = if i.max_points > 0.0 { (i.points / i.max_points).clamp(-1.0, 1.0) } else { 0.0 };
        let est = i.estimated_from.map(|_| html! { <p class="estimated">{ format!("({})", tr(T::EstimatedFromStars, lang)) }</p> });
        // The category's value and the points it earns, as the seller centre shows them.
        let anchor = p.rulebook.as_ref().zip(spec.category_anchor()).map(|(rb, k)| {
            let scale = if unit == Unit::Rate { 100.0 } else { 1.0 };
            let key = |what: &str| AttrValue::from(format!("indicator.{}.category.{what}", spec.id));
            html! {
                <fieldset class="anchor no-print">
                    <legend>{ tr(T::CategoryValues, lang) }</legend>
                    <AnchorField lang={lang} rulebook={rb.clone()} setting={key("value")} label={T::CategoryValue}
                        suffix={if unit == Unit::Rate { " (%)" } else { "" }}
                        value={spec.curve[k][0]} scale={scale} disabled={p.disabled} on_set={p.on_set.clone()} />
                    <AnchorField lang={lang} rulebook={rb.clone()} setting={key("points")} label={T::CategoryPoints}
                        value={spec.curve[k][1]} scale={1.0} disabled={p.disabled} on_set={p.on_set.clone()} />
                </fieldset>
            }
        });
        html! {
            <article class="indicator" data-testid={format!("indicator-{}", spec.id)}>
                <h3>{ spec.name.text(lang) }</h3>
                <p class="value">{ fmt_value(unit, i.value, lang) }</p>
                <p class="points">{ format!("{:.1} / {:.0} {}", Dec(i.points), Dec(i.max_points), tr(T::Points, lang)) }</p>
                <svg class="meter" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true">
                    <rect class="track" x="0" y="0" width="100" height="6" rx="3" />
                    <rect class={classes!("fill", (share < 0.0).then_some("negative"))} x="0" y="0" width={fixed(share.abs() * 100.0, 1)} height="6" rx="3" />
                </svg>
                { for est }
                <p class="muted">{ format!("{}: {:?}", tr(T::Confidence, lang), spec.confidence) }</p>
                { for anchor }
                <details>
                    <summary>{ tr(T::Definition, lang) }</summary>
                    <p>{ metric_definition(i.metric, lang) }</p>
                    <p class="muted">{ format!("{}/{}", count(i.numerator), count(i.denominator)) }</p>
                    <p class="muted">{ spec.source.text(lang) }</p>
                </details>
            </article>
        }
    });
    html! {
        <section class="card">
            <h2>{ tr(T::Indicators, lang) }</h2>
            <div class="indicators">{ for cards }</div>
        </section>
    }
}
