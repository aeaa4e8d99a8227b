//! The rulebook panel: every threshold, weight, window and curve anchor, editable in the units
//! a seller thinks in (a rate as a percent, a window in days), named, not keyed, and checked as
//! typed (a value the rulebook cannot take is refused next to its field); resettable,
//! exportable and importable.

use text::decimal::Dec;
use yew::prelude::*;

use crate::{browser, shared::Shared};
use storescore_core::metrics::{MetricId, Unit};
use storescore_core::rulebook::{shipped, Reads, Rulebook};
use text::i18n::{metric_name, tr, Lang, T};

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

/// A setting's name in words and how it is typed.
fn describe(rb: &Rulebook, key: &str, lang: Lang) -> (String, Typed) {
    let parts: Vec<&str> = key.split('.').collect();
    let en = lang == Lang::En;
    let indicator = |id: &str| {
        rb.score
            .as_ref()
            .and_then(|s| s.indicators.iter().find(|i| i.id == id))
    };
    let check = |id: &str| rb.checks.iter().find(|c| c.id == id);
    let unit_of = |m: Option<MetricId>| m.map_or(Typed::Number, |m| Typed::of_unit(m.unit()));
    match parts.as_slice() {
        ["window_days"] => (
            lang.pick("Assessment window, days", "考核期（天）").into(),
            Typed::Whole,
        ),
        ["min_orders"] => (
            lang.pick("Paid orders needed for a score", "参与评分所需支付订单数")
                .into(),
            Typed::Whole,
        ),
        ["level", id, "min"] => {
            let name = rb
                .score
                .as_ref()
                .and_then(|s| s.levels.iter().find(|l| l.id == *id))
                .map_or(*id, |l| lang.pick(&l.name.en, &l.name.zh));
            (
                if en {
                    format!("{name}: from, points")
                } else {
                    format!("{name}：起始分")
                },
                Typed::Number,
            )
        }
        ["indicator", id, rest @ ..] => {
            let Some(i) = indicator(id) else {
                return (key.to_owned(), Typed::Number);
            };
            let name = lang.pick(&i.name.en, &i.name.zh);
            let value = unit_of(Some(i.metric));
            match rest {
                ["max_points"] => (
                    if en {
                        format!("{name}: most points")
                    } else {
                        format!("{name}：满分")
                    },
                    Typed::Number,
                ),
                ["category", "value"] => (
                    if en {
                        format!("{name}: your category's value")
                    } else {
                        format!("{name}：类目值")
                    },
                    value,
                ),
                ["category", "points"] => (
                    if en {
                        format!("{name}: points at your category's value")
                    } else {
                        format!("{name}：类目值对应得分")
                    },
                    Typed::Number,
                ),
                ["curve", n, "x"] => {
                    let n = n.parse::<usize>().unwrap_or(0) + 1;
                    (
                        if en {
                            format!("{name}: curve point {n}, {}", metric_name(i.metric, lang))
                        } else {
                            format!("{name}：曲线第 {n} 点，{}", metric_name(i.metric, lang))
                        },
                        value,
                    )
                }
                ["curve", n, "y"] => {
                    let n = n.parse::<usize>().unwrap_or(0) + 1;
                    (
                        if en {
                            format!("{name}: curve point {n}, points")
                        } else {
                            format!("{name}：曲线第 {n} 点，得分")
                        },
                        Typed::Number,
                    )
                }
                _ => (key.to_owned(), Typed::Number),
            }
        }
        ["check", id, field] => {
            let Some(c) = check(id) else {
                return (key.to_owned(), Typed::Number);
            };
            let name = lang.pick(&c.name.en, &c.name.zh);
            let metric = match c.reads {
                Reads::Metric(m) => Some(m),
                _ => None,
            };
            match *field {
                "threshold" => (
                    if en {
                        format!("{name}: limit ({})", c.op.symbol())
                    } else {
                        format!("{name}：门槛（{}）", c.op.symbol())
                    },
                    unit_of(metric),
                ),
                "window_days" => (
                    if en {
                        format!("{name}: window, days")
                    } else {
                        format!("{name}：考核期（天）")
                    },
                    Typed::Whole,
                ),
                "count_allowance" => (
                    if en {
                        format!("{name}: passes anyway at this many or fewer")
                    } else {
                        format!("{name}：不超过此笔数时仍通过")
                    },
                    Typed::Whole,
                ),
                "min_denominator" => (
                    if en {
                        format!("{name}: judged from this many records")
                    } else {
                        format!("{name}：达到此记录数才考核")
                    },
                    Typed::Whole,
                ),
                "off" => (
                    if en {
                        format!("{name}: not a rule here (1) or a rule (0)")
                    } else {
                        format!("{name}：此地区不适用（1）或适用（0）")
                    },
                    Typed::Flag,
                ),
                "penalty_points" => (
                    if en {
                        format!("{name}: penalty points")
                    } else {
                        format!("{name}：扣分")
                    },
                    Typed::Number,
                ),
                "low_volume_below" => (
                    if en {
                        format!("{name}: fewer paid orders than this in the window…")
                    } else {
                        format!("{name}：考核期内支付订单少于此数时…")
                    },
                    Typed::Whole,
                ),
                "low_volume_window_days" => (
                    if en {
                        format!("{name}: …then this window, days")
                    } else {
                        format!("{name}：…改用此考核期（天）")
                    },
                    Typed::Whole,
                ),
                _ => (key.to_owned(), Typed::Number),
            }
        }
        _ => (key.to_owned(), Typed::Number),
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
        let defaults: std::collections::BTreeMap<String, f64> =
            original.map(|o| o.settings().into_iter().collect()).unwrap_or_default();
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
                <summary>{ lang.pick(&rb.name.en, &rb.name.zh) }</summary>
                <p class="muted small">{ lang.pick(&rb.source.en, &rb.source.zh) }</p>
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
