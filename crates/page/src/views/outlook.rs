//! What comes next and what came before: when the store recovers (the recovery calendar),
//! what it takes (targets a click puts on the sliders), and what changed since the previous
//! window. The worker computes the calendar, the targets and the previous window's aggregates;
//! the changes are two reports of aggregates, computed here.

use yew::prelude::*;

use super::charts::Trend;
use crate::shared::Shared;
use protocol::Outlook;
use storescore_core::changes::{self, Changes};
use storescore_core::checks::Inputs;
use storescore_core::engine::{self, Report};
use storescore_core::rulebook::{Rulebook, ScoreSpec};
use storescore_core::score::DayScore;
use storescore_core::whatif::Scenario;
use text::decimal::Dec;
use text::i18n::{self, fmt_value, metric_name, tr, Lang, T};

#[derive(Properties, PartialEq)]
pub struct OutlookProps {
    pub lang: Lang,
    /// None while the worker computes it.
    pub outlook: Option<Shared<Outlook>>,
    pub rulebooks: Shared<Vec<Rulebook>>,
    pub spec: Option<Shared<ScoreSpec>>,
    /// Today's report without a scenario.
    pub today: Shared<Report>,
    /// The outlook is computed only when asked for (a large store): the button asks.
    pub on_want: Option<Callback<()>>,
    pub inputs: Inputs,
    pub on_apply: Callback<Scenario>,
}

#[component]
pub fn OutlookView(p: &OutlookProps) -> Html {
    let lang = p.lang;
    let Some(o) = p.outlook.clone() else {
        let ask = p.on_want.clone().map(|cb| {
            let onclick = Callback::from(move |_| cb.emit(()));
            html! {
                <button class="secondary no-print" {onclick} data-testid="outlook-compute">{ tr(T::ComputeOutlook, lang) }</button>
            }
        });
        return html! {
            <section class="card" data-testid="outlook-computing">
                <h2>{ tr(T::WhenYouRecover, lang) }</h2>
                if let Some(ask) = ask { { ask } } else {
                    <p class="muted">{ tr(T::Computing, lang) }</p>
                }
            </section>
        };
    };
    html! {
        <>
            <RecoveryCard lang={lang} outlook={o.clone()} rulebooks={p.rulebooks.clone()} spec={p.spec.clone()} />
            <TargetsCard lang={lang} outlook={o.clone()} rulebooks={p.rulebooks.clone()} spec={p.spec.clone()} on_apply={p.on_apply.clone()} />
            <ChangesCard lang={lang} outlook={o} rulebooks={p.rulebooks.clone()} today={p.today.clone()} inputs={p.inputs.clone()} />
        </>
    }
}

#[derive(Properties, PartialEq)]
struct CardProps {
    lang: Lang,
    outlook: Shared<Outlook>,
    rulebooks: Shared<Vec<Rulebook>>,
    spec: Option<Shared<ScoreSpec>>,
}

#[component]
fn RecoveryCard(p: &CardProps) -> Html {
    let lang = p.lang;
    let r = &p.outlook.recovery;
    let levels = p.spec.as_ref().map(|spec| {
        r.levels
            .iter()
            .map(|l| {
                let name = i18n::level_name(spec, Some(&l.level), lang);
                html! {
                    <li data-testid={format!("recovery-level-{}", l.level)}>{ i18n::level_from(&name, &l.date, lang) }</li>
                }
            })
            .collect::<Html>()
    });
    let days: Vec<DayScore> = r
        .score
        .iter()
        .map(|d| DayScore {
            date: d.date.clone(),
            score: d.score,
        })
        .collect();
    let chart = p.spec.clone().filter(|_| !days.is_empty()).map(|spec| {
        html! {
            <Trend lang={lang} days={Shared::new(days.clone())} spec={spec}
                testid="chart-recovery" title={tr(T::ProjectedScore, lang)} />
        }
    });
    let checks = r.checks.iter().map(|c| {
        let when = if !c.projected {
            tr(T::NotProjected, lang).to_owned()
        } else {
            match &c.passes_on {
                Some(d) => i18n::passes_on(d, lang),
                None => tr(T::NotWithinDays, lang).to_owned(),
            }
        };
        let leaving: Vec<String> = c
            .leaving
            .iter()
            .take(3)
            .map(|l| i18n::leaving(l.records, &l.date, lang))
            .collect();
        let more = if c.leaving.len() > 3 { " …" } else { "" };
        html! {
            <li data-testid={format!("recovery-check-{}", c.id)} data-passes-on={c.passes_on.clone().unwrap_or_default()}>
                <strong>{ i18n::check_label(&p.rulebooks, &c.rulebook, &c.id, lang) }</strong>
                { format!(": {when}") }
                if !leaving.is_empty() {
                    <span class="muted small">{ format!(" · {}{more}", leaving.join(", ")) }</span>
                }
            </li>
        }
    });
    html! {
        <section class="card recovery" data-testid="recovery">
            <h2>{ tr(T::WhenYouRecover, lang) }</h2>
            <p class="muted small" data-testid="recovery-assumption">{ tr(T::RecoveryAssumption, lang) }</p>
            if let Some(levels) = levels {
                <ul class="levels">{ levels }</ul>
            }
            { for chart }
            if r.checks.is_empty() {
                <p>{ tr(T::NothingToRecover, lang) }</p>
            } else {
                <ul class="recovery-checks">{ for checks }</ul>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct TargetsProps {
    lang: Lang,
    outlook: Shared<Outlook>,
    rulebooks: Shared<Vec<Rulebook>>,
    spec: Option<Shared<ScoreSpec>>,
    on_apply: Callback<Scenario>,
}

#[component]
fn TargetsCard(p: &TargetsProps) -> Html {
    let lang = p.lang;
    let goal_text = |goal: &str| -> String {
        if let Some(level) = goal.strip_prefix("level:") {
            let name = p.spec.as_ref().map_or_else(
                || level.to_owned(),
                |s| i18n::level_name(s, Some(level), lang),
            );
            return i18n::reach_level(&name, lang);
        }
        let check = goal.strip_prefix("check:").unwrap_or(goal);
        let (rb, id) = check.split_once('/').unwrap_or((check, ""));
        i18n::pass_check(&i18n::check_label(&p.rulebooks, rb, id, lang), lang)
    };
    let target = |t: &storescore_core::targets::Target| {
        let options = t.options.iter().enumerate().map(|(i, o)| {
            let what: Vec<String> = o
                .changes
                .iter()
                .map(|c| i18n::change_text(c.metric, c.records, c.of, lang))
                .collect();
            let score = o
                .score_after
                .map(|s| format!(" → {:.1}", Dec(s)))
                .unwrap_or_default();
            let onclick = {
                let (cb, sc) = (p.on_apply.clone(), o.scenario.clone());
                Callback::from(move |_| cb.emit(sc.clone()))
            };
            let and = text::i18n::and(lang);
            html! {
                <li>
                    { what.join(and) }
                    if t.goal.starts_with("level:") { <span class="muted">{ score }</span> }
                    { " " }
                    <button class="small no-print" {onclick} data-testid={format!("target-apply-{}-{i}", t.goal)}>{ tr(T::Apply, lang) }</button>
                </li>
            }
        });
        html! {
            <div class="target" data-testid={format!("target-{}", t.goal)}>
                <h3>{ goal_text(&t.goal) }</h3>
                if t.options.is_empty() {
                    <p class="muted">{ tr(T::NotWithinDays, lang) }</p>
                } else {
                    <ol>{ for options }</ol>
                }
            </div>
        }
    };
    let targets = &p.outlook.targets;
    let (levels, checks): (Vec<_>, Vec<_>) =
        targets.iter().partition(|t| t.goal.starts_with("level:"));
    if targets.is_empty() {
        return html! {};
    }
    html! {
        <section class="card targets" data-testid="targets">
            <h2>{ tr(T::Targets, lang) }</h2>
            { for levels.into_iter().map(target) }
            if !checks.is_empty() {
                <details>
                    <summary>{ format!("{} ({})", tr(T::ForEachFailingCheck, lang), checks.len()) }</summary>
                    { for checks.into_iter().map(target) }
                </details>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ChangesProps {
    lang: Lang,
    outlook: Shared<Outlook>,
    rulebooks: Shared<Vec<Rulebook>>,
    today: Shared<Report>,
    inputs: Inputs,
}

#[component]
fn ChangesCard(p: &ChangesProps) -> Html {
    let lang = p.lang;
    let changes: std::rc::Rc<Option<Changes>> = use_memo(
        (
            p.outlook.clone(),
            p.rulebooks.clone(),
            p.inputs.clone(),
            p.today.clone(),
        ),
        |(o, rbs, inputs, today)| {
            let before = o.previous.as_ref()?;
            let prev = engine::report(before, rbs, inputs, &Default::default());
            Some(changes::changes(&prev, today))
        },
    );
    let Some(c) = (*changes).clone() else {
        return html! {};
    };
    let window = p
        .outlook
        .previous_dates
        .as_ref()
        .map(|d| format!("{} – {}", d.first, d.last_day))
        .unwrap_or_default();
    html! {
        <section class="card changes" data-testid="changes">
            <h2>{ tr(T::WhatChanged, lang) }</h2>
            <p class="muted small">{ window }</p>
            { changes_list(&c, &p.rulebooks, lang, "changes") }
        </section>
    }
}

/// The score before and after, the points each indicator moved it, and the checks whose verdict
/// changed (`testid`-score, `testid`-checks).
pub(super) fn changes_list(c: &Changes, rulebooks: &[Rulebook], lang: Lang, testid: &str) -> Html {
    let score = match (c.score_before, c.score_after, c.points) {
        (Some(b), Some(a), Some(d)) => format!("{:.1} → {:.1} ({:+.1})", Dec(b), Dec(a), Dec(d)),
        _ => "—".to_owned(),
    };
    let indicators = c.indicators.iter().filter(|i| i.points.abs() >= 0.05).map(|i| {
        let unit = i.metric.unit();
        let points = i18n::points_change(i.points, lang);
        html! {
            <li data-testid={format!("change-{}", i.id)}>
                <strong>{ points }</strong>
                { format!(": {} {} → {}", metric_name(i.metric, lang), fmt_value(unit, i.before, lang), fmt_value(unit, i.after, lang)) }
            </li>
        }
    });
    let checks: Vec<Html> = c
        .checks
        .iter()
        .filter(|x| x.changed)
        .map(|x| {
            html! {
                <li>
                    { i18n::check_label(rulebooks, &x.rulebook, &x.id, lang) }
                    { format!(": {} → {}", i18n::status_text(x.before, lang), i18n::status_text(x.after, lang)) }
                </li>
            }
        })
        .collect();
    html! {
        <>
            <p data-testid={format!("{testid}-score")}>{ format!("{}{}{score}", tr(T::ServiceScore, lang), i18n::colon(lang)) }</p>
            <ul>{ for indicators }</ul>
            <h3>{ tr(T::ChecksThatChanged, lang) }</h3>
            if checks.is_empty() {
                <p class="muted">{ tr(T::NoCheckChanged, lang) }</p>
            } else {
                <ul data-testid={format!("{testid}-checks")}>{ for checks }</ul>
            }
        </>
    }
}
