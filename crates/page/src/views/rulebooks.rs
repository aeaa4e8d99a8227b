//! The rulebook panel: every threshold, weight, window and curve anchor, editable in the units
//! a seller thinks in (a rate as a percent, a window in days), named, not keyed, and checked as
//! typed (a value the rulebook cannot take is refused next to its field); resettable,
//! exportable and importable.

use text::decimal::Dec;
use text::i18n::Localized;
use yew::prelude::*;

use crate::{browser, shared::Shared};
use storescore_core::metrics::{MetricId, Unit};
use storescore_core::rulebook::{shipped, Reads, Rulebook};
use text::i18n::{tr, Lang, T};

/// How a setting is typed.
#[derive(Clone, Copy, PartialEq)]
enum Typed {
    /// A fraction typed as a percent (0 to 100).
    Percent,
    /// A whole number of days, hours, records.
    Whole,
    /// Points, stars, an amount.
    Number,
    /// 0 or 1.
    Flag,
}

impl Typed {
    fn of_unit(u: Unit) -> Typed {
        match u {
            Unit::Rate => Typed::Percent,
            Unit::Count => Typed::Whole,
            _ => Typed::Number,
        }
    }
    fn shown(self, held: f64) -> f64 {
        if self == Typed::Percent {
            held * 100.0
        } else {
            held
        }
    }
    /// The value held for what is typed, or none when the field cannot take it.
    fn held(self, typed: f64) -> Option<f64> {
        match self {
            Typed::Percent => (0.0..=100.0).contains(&typed).then_some(typed / 100.0),
            Typed::Whole => (typed >= 0.0 && typed.fract() == 0.0).then_some(typed),
            Typed::Flag => (typed == 0.0 || typed == 1.0).then_some(typed),
            Typed::Number => typed.is_finite().then_some(typed),
        }
    }
    fn suffix(self) -> &'static str {
        if self == Typed::Percent {
            " %"
        } else {
            ""
        }
    }
}

/// A setting's name in words (the catalogue's) and how it is typed.
fn describe(rb: &Rulebook, key: &str, lang: Lang) -> (String, Typed) {
    (text::i18n::setting_name(rb, key, lang), typed(rb, key))
}

/// How setting `key` of `rb` is typed: in its metric's unit, whole, a flag, or a number.
fn typed(rb: &Rulebook, key: &str) -> Typed {
    let parts: Vec<&str> = key.split('.').collect();
    let unit_of = |m: Option<MetricId>| m.map_or(Typed::Number, |m| Typed::of_unit(m.unit()));
    match parts.as_slice() {
        ["window_days" | "min_orders"] => Typed::Whole,
        ["indicator", id, rest @ ..] => {
            let metric = rb
                .score
                .as_ref()
                .and_then(|s| s.indicators.iter().find(|i| i.id == *id))
                .map(|i| i.metric);
            match rest {
                ["category", "value"] | ["curve", _, "x"] if metric.is_some() => unit_of(metric),
                _ => Typed::Number,
            }
        }
        ["check", id, field] => {
            let Some(c) = rb.checks.iter().find(|c| c.id == *id) else {
                return Typed::Number;
            };
            match *field {
                "threshold" => unit_of(match c.reads {
                    Reads::Metric(m) => Some(m),
                    _ => None,
                }),
                "window_days"
                | "count_allowance"
                | "min_denominator"
                | "low_volume_below"
                | "low_volume_window_days" => Typed::Whole,
                "off" => Typed::Flag,
                _ => Typed::Number,
            }
        }
        _ => Typed::Number,
    }
}

#[derive(Properties, PartialEq)]
struct SettingProps {
    lang: Lang,
    rulebook: Shared<Rulebook>,
    setting: AttrValue,
    value: f64,
    default: Option<f64>,
    on_set: Callback<(String, String, f64)>,
}

#[component]
fn Setting(p: &SettingProps) -> Html {
    let lang = p.lang;
    let refused = use_state(|| false);
    let (label, typed) = describe(&p.rulebook, &p.setting, lang);
    let id = format!("setting-{}-{}", p.rulebook.id, p.setting.replace('.', "-"));
    let onchange = {
        let (cb, rb, key, refused) = (
            p.on_set.clone(),
            p.rulebook.clone(),
            p.setting.clone(),
            refused.clone(),
        );
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            let Some(v) = browser::number_of(&el).and_then(|t| typed.held(t)) else {
                refused.set(true);
                return;
            };
            let mut probe = (*rb.0).clone();
            if probe.set(&key, v).is_ok() {
                refused.set(false);
                cb.emit((rb.id.clone(), key.to_string(), v));
            } else {
                refused.set(true);
            }
        })
    };
    let edited = p.default.is_some_and(|d| d != p.value);
    let error_id = format!("{id}-error");
    html! {
        <div class={classes!("setting", edited.then_some("edited"))}>
            <label for={id.clone()}>{ format!("{label}{}", typed.suffix()) }</label>
            <input id={id.clone()} type="number" step="any" value={Dec(typed.shown(p.value)).to_string()} {onchange}
                data-testid={id.clone()} aria-invalid={refused.then_some("true")} aria-describedby={refused.then_some(error_id.clone())} />
            if let Some(d) = p.default {
                <span class="muted small">{ format!("{}: {}{}", tr(T::Default, lang), Dec(typed.shown(d)), typed.suffix()) }</span>
            }
            if *refused {
                <span class="field-error" id={error_id} role="alert">{ tr(T::SettingRefused, lang) }</span>
            }
        </div>
    }
}

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
        let defaults = original.map(|o| storescore_core::small::map(o.settings())).unwrap_or_default();
        let shared = Shared::new(rb.clone());
        let rows = rb.settings().into_iter().map(|(key, value)| {
            html! {
                <Setting lang={lang} rulebook={shared.clone()} setting={AttrValue::from(key.clone())}
                    value={value} default={defaults.get(&key).copied()} on_set={p.on_set.clone()} />
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
                <summary>{ rb.name.text(lang) }</summary>
                <p class="muted small">{ rb.source.text(lang) }</p>
                <div class="row">
                    <button class="secondary small" onclick={reset} data-testid={format!("reset-{}", rb.id)}>{ tr(T::Reset, lang) }</button>
                    <button class="secondary small" onclick={export} data-testid={format!("export-{}", rb.id)}>{ tr(T::Export, lang) }</button>
                </div>
                <div class="settings">{ for rows }</div>
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
