//! The stores whose numbers this browser keeps (when the seller asks): what changed since the
//! last visit, what crosses a threshold in the next 14 days, and the stores side by side.
//! Only aggregates are kept (a link's fragment per store and day), never a record.

use yew::prelude::*;

use super::outlook::changes_list;
use crate::shared::Shared;
use link::Visit;
use protocol::Outlook;
use storescore_core::changes;
use storescore_core::engine::{self, Report};
use storescore_core::rulebook::{Rulebook, SERVICE_SCORE};
use text::decimal::fixed;
use text::i18n::{self, tr, Lang, T};

#[derive(Properties, PartialEq)]
pub struct VisitsProps {
    pub lang: Lang,
    /// The files shown are a store's (not the sample or a link): it can be kept.
    pub files: bool,
    pub remember: Option<String>,
    pub visits: Shared<Vec<Visit>>,
    pub rulebooks: Shared<Vec<Rulebook>>,
    /// Today's report without a scenario.
    pub today: Shared<Report>,
    pub outlook: Option<Shared<Outlook>>,
    pub on_remember: Callback<Option<String>>,
    pub on_open: Callback<String>,
}

/// A kept day's report, from its fragment (with the rulebook settings and inputs it was kept with).
fn report_of(fragment: &str) -> Option<(Report, Vec<Rulebook>)> {
    let p = link::decode(fragment).ok().flatten()?;
    let rbs = link::apply_overrides(&p.overrides);
    Some((
        engine::report(&p.baseline, &rbs, &p.inputs, &Default::default()),
        rbs,
    ))
}

#[component]
pub fn Visits(p: &VisitsProps) -> Html {
    let lang = p.lang;
    let name = use_state(|| i18n::tr(T::MyStore, lang).to_owned());
    // Each kept day's report and its earlier day's, decoded once per change of the stores
    // kept (not on every slider move, which renders this card again).
    let kept = use_memo(p.visits.clone(), |visits| {
        visits
            .iter()
            .map(|v| {
                let earlier = v.earlier.as_ref().and_then(|(_, f)| report_of(f));
                (report_of(&v.fragment), earlier.map(|(r, _)| r))
            })
            .collect::<Vec<_>>()
    });
    if !p.files && p.visits.is_empty() {
        return html! {};
    }
    let keep = p.files.then(|| match &p.remember {
        None => {
            let oninput = {
                let name = name.clone();
                Callback::from(move |e: InputEvent| {
                    let el: web_sys::HtmlInputElement = e.target_unchecked_into();
                    name.set(el.value());
                })
            };
            let onclick = {
                let (cb, name) = (p.on_remember.clone(), name.clone());
                Callback::from(move |_| cb.emit(Some((*name).trim().to_owned())))
            };
            html! {
                <div class="remember no-print">
                    <p class="muted small">{ tr(T::RememberWhy, lang) }</p>
                    <label>{ tr(T::StoreName, lang) }
                        <input type="text" value={(*name).clone()} {oninput} data-testid="store-name" maxlength="60" />
                    </label>
                    <button class="secondary" {onclick} data-testid="remember">{ tr(T::Remember, lang) }</button>
                </div>
            }
        }
        Some(store) => {
            let stop = {
                let cb = p.on_remember.clone();
                Callback::from(move |_| cb.emit(None))
            };
            let mine = p.visits.iter().position(|v| v.store == *store);
            let since = mine.and_then(|i| {
                let (day, _) = p.visits[i].earlier.as_ref()?;
                let before = kept.get(i)?.1.as_ref()?;
                let c = changes::changes(before, &p.today);
                Some(html! {
                    <div data-testid="since-last-visit">
                        <h3>{ format!("{} ({day})", tr(T::SinceLastVisit, lang)) }</h3>
                        { changes_list(&c, &p.rulebooks, lang, "since") }
                    </div>
                })
            });
            // Thresholds the projection crosses in the next 14 days (every new record good).
            let soon: Vec<Html> = p.outlook.as_ref().map(|o| {
                let r = &o.recovery;
                let horizon = r.score.get(13).map(|d| d.date.clone()).unwrap_or_default();
                let mut items: Vec<Html> = r.checks.iter()
                    .filter_map(|c| Some((c, c.passes_on.as_ref()?)))
                    .filter(|(_, on)| **on <= horizon)
                    .map(|(c, on)| html! {
                        <li>{ format!("{}{}{}", i18n::check_label(&p.rulebooks, &c.rulebook, &c.id, lang), i18n::colon(lang), i18n::passes_on(on, lang)) }</li>
                    })
                    .collect();
                let spec = p.rulebooks.iter().find(|r| r.id == SERVICE_SCORE).and_then(|r| r.score.as_ref());
                if let Some(spec) = spec {
                    items.extend(r.levels.iter().filter(|l| l.date <= horizon).map(|l| html! {
                        <li>{ format!("{}{}{}", i18n::level_name(spec, Some(&l.level), lang), i18n::colon(lang), l.date) }</li>
                    }));
                }
                items
            }).unwrap_or_default();
            html! {
                <>
                    <p class="small">
                        { format!("{} “{store}” ", tr(T::KeptAs, lang)) }
                        <button class="link no-print" onclick={stop} data-testid="stop-remembering">{ tr(T::StopRemembering, lang) }</button>
                    </p>
                    if let Some(since) = since { { since } } else {
                        <p class="muted" data-testid="first-visit">{ tr(T::FirstVisit, lang) }</p>
                    }
                    <h3>{ tr(T::NextFourteenDays, lang) }</h3>
                    if soon.is_empty() {
                        <p class="muted">{ tr(T::NothingCrossesSoon, lang) }</p>
                    } else {
                        <ul data-testid="next-14-days">{ for soon }</ul>
                    }
                </>
            }
        }
    });
    let rows = p.visits.iter().zip(kept.iter()).map(|(v, (r, _))| {
        let spec = r.as_ref().and_then(|(_, rbs)| rbs.iter().find(|b| b.id == SERVICE_SCORE)?.score.as_ref());
        let score = r.as_ref().and_then(|(r, _)| r.total()).map_or("—".to_owned(), |t| fixed(t, 1));
        let level = r.as_ref().and_then(|(r, _)| {
            Some(i18n::level_name(spec?, r.score.as_ref()?.level.as_deref(), lang))
        }).unwrap_or_else(|| "—".to_owned());
        let failing: Vec<String> = r.as_ref().map(|(r, rbs)| r.rulebooks.iter().flat_map(|b| {
            b.checks.iter().filter(|c| c.status == storescore_core::checks::Status::Failed)
                .map(|c| i18n::check_label(rbs, &b.id, &c.id, lang)).collect::<Vec<_>>()
        }).collect()).unwrap_or_default();
        let worst = match failing.first() {
            None => tr(T::NoneFailing, lang).to_owned(),
            Some(first) if failing.len() == 1 => first.clone(),
            Some(first) => format!("{first} (+{})", failing.len() - 1),
        };
        // The next level the projection reaches, and when.
        let next = match (&v.recovery, spec) {
            (Some((level, day)), Some(spec)) => format!("{}{}{day}", i18n::level_name(spec, Some(level), lang), i18n::colon(lang)),
            _ => "—".to_owned(),
        };
        let open = {
            let (cb, f) = (p.on_open.clone(), v.fragment.clone());
            Callback::from(move |_| cb.emit(f.clone()))
        };
        html! {
            <tr data-testid={format!("store-{}", v.store)}>
                <th scope="row">{ &v.store }</th>
                <td data-label={tr(T::Day, lang)}>{ &v.day }</td>
                <td class="num" data-label={tr(T::Score, lang)}>{ score }</td>
                <td data-label={tr(T::Level, lang)}>{ level }</td>
                <td data-label={tr(T::FailingChecks, lang)}>{ worst }</td>
                <td data-label={tr(T::LevelBackOn, lang)}>{ next }</td>
                <td><button class="link no-print" onclick={open} data-testid={format!("open-store-{}", v.store)}>{ tr(T::Open, lang) }</button></td>
            </tr>
        }
    });
    html! {
        <section class="card visits" data-testid="visits">
            <h2>{ tr(T::YourStores, lang) }</h2>
            { for keep }
            if !p.visits.is_empty() {
                <table class="stores" data-testid="stores">
                    <thead><tr>
                        <th scope="col">{ tr(T::StoreName, lang) }</th>
                        <th scope="col">{ tr(T::Day, lang) }</th>
                        <th scope="col">{ tr(T::Score, lang) }</th>
                        <th scope="col">{ tr(T::Level, lang) }</th>
                        <th scope="col">{ tr(T::FailingChecks, lang) }</th>
                        <th scope="col">{ tr(T::LevelBackOn, lang) }</th>
                        <th scope="col"><span class="visually-hidden">{ tr(T::Open, lang) }</span></th>
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            }
        </section>
    }
}
