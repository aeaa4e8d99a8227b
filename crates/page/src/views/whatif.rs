//! What-if sliders, before -> after, the biggest levers, and the scenario link.

use text::decimal::Dec;
use yew::prelude::*;

use super::metrics::MetricsTable;
use crate::{browser, shared::Shared};
use link::{encode, overrides_of, LinkPayload};
use storescore_core::checks::Inputs;
use storescore_core::engine::{Lever, Report};
use storescore_core::metrics::{MetricId, Unit};
use storescore_core::rulebook::Rulebook;
use storescore_core::whatif::{Baseline, Scenario};
use text::i18n::{fmt_value, metric_name, tr, Lang, T};

#[derive(Properties, PartialEq)]
pub struct WhatIfProps {
    pub lang: Lang,
    pub baseline: Shared<Baseline>,
    pub before: Shared<Report>,
    pub after: Shared<Report>,
    pub scenario: Scenario,
    pub levers: Shared<Vec<Lever>>,
    pub rulebooks: Shared<Vec<Rulebook>>,
    pub inputs: Inputs,
    pub window_label: String,
    pub on_change: Callback<Scenario>,
    pub on_reset: Callback<()>,
    /// Share the scenario: its link's fragment, to put in the address bar and the clipboard.
    pub on_share: Callback<String>,
}

/// (metric, min, max, step) of each metric slider.
const SLIDERS: [(MetricId, f64, f64, f64); 9] = [
    (MetricId::ResponseWithin24hRate, 0.0, 1.0, 0.005),
    (MetricId::LateShipmentRate, 0.0, 0.2, 0.001),
    (MetricId::OnTimeDeliveryRate, 0.5, 1.0, 0.005),
    (MetricId::NonFulfilmentRate, 0.0, 0.1, 0.001),
    (MetricId::NrDisputeRate, 0.0, 0.1, 0.001),
    (MetricId::SnadDisputeRate, 0.0, 0.1, 0.001),
    (MetricId::DsrItemAvg, 1.0, 5.0, 0.01),
    (MetricId::DsrCommunicationAvg, 1.0, 5.0, 0.01),
    (MetricId::DsrShippingAvg, 1.0, 5.0, 0.01),
];
const MAX_SHIFT_HOURS: f64 = 48.0;

#[derive(Properties, PartialEq)]
struct SliderProps {
    id: String,
    label: String,
    min: f64,
    max: f64,
    step: f64,
    value: f64,
    /// What the value means, read aloud (aria-valuetext) and shown beside the slider.
    text: String,
    moved: bool,
    oninput: Callback<f64>,
}

/// A labelled range input: keyboard-operable (arrows, Page Up/Down, Home/End) with ARIA text.
#[component]
fn Slider(p: &SliderProps) -> Html {
    let on = {
        let cb = p.oninput.clone();
        Callback::from(move |e: InputEvent| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Some(v) = browser::number_of(&el) {
                cb.emit(v);
            }
        })
    };
    html! {
        <div class={classes!("slider", p.moved.then_some("moved"))}>
            <label for={p.id.clone()}>{ p.label.clone() }</label>
            <input
                type="range"
                id={p.id.clone()}
                data-testid={format!("slider-{}", p.id)}
                min={Dec(p.min).to_string()}
                max={Dec(p.max).to_string()}
                step={Dec(p.step).to_string()}
                value={Dec(p.value).to_string()}
                aria-label={p.label.clone()}
                aria-valuetext={p.text.clone()}
                oninput={on}
            />
            <output for={p.id.clone()}>{ p.text.clone() }</output>
        </div>
    }
}

#[component]
pub fn WhatIf(p: &WhatIfProps) -> Html {
    let lang = p.lang;
    let b = &p.baseline;
    let main = b.main_window;
    let copied = use_state(|| false);
    let score_value = |m: MetricId| {
        // An undefined metric starts its slider at the value the score reads (estimated DSR).
        p.before
            .score
            .as_ref()
            .and_then(|s| s.indicators.iter().find(|i| i.metric == m))
            .and_then(|i| i.value)
    };
    let mut sliders = Vec::new();
    {
        let shift = -p.scenario.reply_shift_hours;
        let on = {
            let (cb, sc) = (p.on_change.clone(), p.scenario.clone());
            Callback::from(move |v: f64| {
                let mut s = sc.clone();
                s.reply_shift_hours = -v;
                cb.emit(s);
            })
        };
        let text = if shift == 0.0 {
            format!("0 {}", tr(T::Hours, lang))
        } else {
            format!("−{:.0} {}", Dec(shift), tr(T::Hours, lang))
        };
        sliders.push(html! {
            <Slider id="reply_shift" label={tr(T::ReplyShift, lang)} min={0.0} max={MAX_SHIFT_HOURS}
                step={1.0} value={shift} text={text} moved={shift != 0.0} oninput={on} />
        });
    }
    for (m, min, max, step) in SLIDERS {
        let base = b.metric(main, m).value.or_else(|| score_value(m));
        let set = p.scenario.set.get(&m).copied();
        // The value the scenario gives it: set here, or moved by another lever (answering
        // faster moves the 24 h rate).
        let after = p.after.metrics.get(&m).and_then(|v| v.value);
        let shown = set.or(after.filter(|_| base.is_some()));
        let current = shown.or(base).unwrap_or(min);
        let changed = matches!((base, shown), (Some(x), Some(y)) if (x - y).abs() > 1e-12);
        let text = if changed {
            format!(
                "{} → {}",
                fmt_value(m.unit(), base, lang),
                fmt_value(m.unit(), shown, lang)
            )
        } else {
            fmt_value(m.unit(), shown.or(base), lang)
        };
        let on = {
            let (cb, sc) = (p.on_change.clone(), p.scenario.clone());
            Callback::from(move |v: f64| {
                let mut s = sc.clone();
                s.set.insert(m, v);
                cb.emit(s);
            })
        };
        sliders.push(html! {
            <Slider id={m.as_str()} label={metric_name(m, lang)} min={min} max={max} step={step}
                value={current} text={text} moved={set.is_some() || changed} oninput={on} />
        });
    }

    // Checks whose status the scenario changes.
    let mut changes = Vec::new();
    for (rb_after, rb_before) in p.after.rulebooks.iter().zip(p.before.rulebooks.iter()) {
        for (a, bf) in rb_after.checks.iter().zip(rb_before.checks.iter()) {
            if a.status != bf.status {
                let name = text::i18n::check_label(&p.rulebooks, &rb_after.id, &a.id, lang);
                let word = |s| text::i18n::status_text(s, lang);
                changes.push(html! {
                    <li data-testid={format!("change-{}", a.id)}>{ format!("{name}: {} → {}", word(bf.status), word(a.status)) }</li>
                });
            }
        }
    }
    let levers = p.levers.iter().filter(|l| l.points > 0.0 || l.checks_fixed > 0).take(6).map(|l| {
        // The step as records a seller acts on, where it is one ("5 fewer seller
        // cancellations"); else in the metric's unit.
        let v = b.metric(b.main_window, l.metric);
        let records = l.from.and_then(|from| match l.metric.unit() {
            Unit::Rate if v.denominator > 0.0 => Some(((l.to - from).abs() * v.denominator).ceil()),
            Unit::Stars if v.denominator > 0.0 && l.to < 5.0 => {
                Some(((l.to - from) * v.denominator / (5.0 - l.to)).ceil())
            }
            _ => None,
        });
        if let Some(k) = records.filter(|k| *k >= 1.0) {
            let what = text::i18n::change_text(l.metric, k, v.denominator, lang);
            return html! {
                <li>{ format!("{what}: {:+.1} {}", Dec(l.points), tr(T::Points, lang)) }
                    if l.checks_fixed > 0 { { format!(" · {} {}", l.checks_fixed, tr(T::FixesChecks, lang)) } }
                </li>
            };
        }
        let step = match l.metric.unit() {
            Unit::Rate => format!(
                "{:+.1} {}",
                Dec((l.to - l.from.unwrap_or(l.to)) * 100.0),
                text::i18n::tr(text::i18n::T::PercentagePoints, lang)
            ),
            _ => format!("{:+.2}", Dec(l.to - l.from.unwrap_or(l.to))),
        };
        html! {
            <li>{ format!("{}: +{:.2} {} {} {step}", metric_name(l.metric, lang), Dec(l.points), tr(T::Points, lang), tr(T::PerStep, lang)) }
                if l.checks_fixed > 0 { { format!(" · {} {}", l.checks_fixed, tr(T::FixesChecks, lang)) } }
            </li>
        }
    });
    let on_copy = {
        // The payload is made on a click, not on every render (a slider move renders this).
        let (baseline, rulebooks) = (b.0.clone(), p.rulebooks.0.clone());
        let (scenario, inputs) = (p.scenario.clone(), p.inputs.clone());
        let window_label = p.window_label.clone();
        let copied = copied.clone();
        let on_share = p.on_share.clone();
        Callback::from(move |_| {
            let payload = LinkPayload {
                baseline: (*baseline).clone(),
                scenario: scenario.clone(),
                overrides: overrides_of(&rulebooks),
                inputs: inputs.clone(),
                window_label: window_label.clone(),
            };
            on_share.emit(encode(&payload));
            copied.set(true);
        })
    };
    let on_reset = {
        let cb = p.on_reset.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let identity = p.scenario.is_identity();
    let bar = p.after.score.as_ref().map(|a| {
        let text = |s: &storescore_core::score::ScoreResult| {
            if s.assessed { format!("{:.1}", Dec(s.total)) } else { tr(T::NotAssessed, lang).to_owned() }
        };
        let before = p.before.score.as_ref().map(text).unwrap_or_default();
        let level = a.level.clone().unwrap_or_default();
        let level_of = |id: &str| {
            p.rulebooks
                .iter()
                .find_map(|r| r.score.as_ref())
                .map(|spec| text::i18n::level_name(spec, Some(id), lang))
                .unwrap_or_default()
        };
        html! {
            <div class="whatif-bar" data-testid="whatif-bar" aria-live="polite">
                <span>{ format!("{}: {before}", tr(T::ServiceScore, lang)) }</span>
                if !identity { <span class="arrow">{ " → " }</span><strong data-testid="whatif-bar-after">{ text(a) }</strong> }
                <span class={classes!("level", level.clone())}>{ format!(" {}", level_of(&level)) }</span>
            </div>
        }
    });
    html! {
        <section class="card whatif">
            <h2>{ tr(T::WhatIf, lang) }</h2>
            { for bar }
            <div class="whatif-grid">
                <div class="sliders no-print">{ for sliders }</div>
                <div>
                    <h3>{ tr(T::BiggestLevers, lang) }</h3>
                    <ol class="levers" data-testid="levers">{ for levers }</ol>
                    <h3>{ tr(T::ChecksChanged, lang) }</h3>
                    if changes.is_empty() {
                        <p class="muted no-print">{ tr(T::ScoreUnchanged, lang) }</p>
                    } else {
                        <ul class="changes">{ for changes }</ul>
                    }
                    <div class="row no-print">
                        <button class="secondary" onclick={on_reset} disabled={identity} data-testid="reset-scenario">{ tr(T::Reset, lang) }</button>
                        <button class="primary" onclick={on_copy} data-testid="copy-link">{ tr(T::CopyLink, lang) }</button>
                    </div>
                    if *copied { <p class="muted" role="status" data-testid="link-copied">{ tr(T::LinkCopied, lang) }</p> }
                </div>
            </div>
            <details class="all-metrics" open=true>
                <summary>{ text::i18n::tr(text::i18n::T::AllMetrics, lang) }</summary>
                <MetricsTable lang={lang} metrics={p.after.metrics.clone()} />
            </details>
        </section>
    }
}
