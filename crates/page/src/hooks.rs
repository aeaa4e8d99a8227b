//! The page's hooks: the store read from context (`use_store`), the numbers derived from it
//! (`use_report`), and what is kept in this browser as the store changes (`use_kept`: the
//! effects that write local storage, so that the reducer stays pure).

use std::rc::Rc;

use yew::prelude::*;

use crate::browser;
use crate::shared::Shared;
use crate::state::{Action, Shown, State, Store};
use storescore_core::engine::{self, Analysis, Lever, Report};
use storescore_core::whatif::Baseline;

/// The store the app root provides (the conduit example's `use_user_context`).
#[hook]
pub fn use_store() -> Store {
    use_context::<Store>().expect("the app root provides the store")
}

/// Every number the report shows, derived from the store's inputs and the worker's answers.
pub struct Derived {
    pub analysis: Option<Shared<Analysis>>,
    /// The aggregates shown: the analysis's, or a link's.
    pub baseline: Option<Shared<Baseline>>,
    /// The report as the data stand, and under the what-if scenario.
    pub before: Option<Shared<Report>>,
    pub after: Option<Shared<Report>>,
    pub levers: Shared<Vec<Lever>>,
}

/// Aggregates -> reports: cheap, recomputed on every slider move, each only when what it
/// reads changed.
#[hook]
pub fn use_report(state: &State) -> Derived {
    let analysis: Option<Shared<Analysis>> = state.analysis.clone();
    // Made once per analysis or link (both compared by identity): a baseline made on every
    // render was a new one each time, and every report below was computed again with it.
    let baseline = use_memo(
        (analysis.clone(), state.link_baseline.clone().map(Shared)),
        |(a, link)| -> Option<Shared<Baseline>> {
            match (a, link) {
                (Some(a), _) => Some(Shared::new(a.0.baseline.clone())),
                (None, link) => link.clone(),
            }
        },
    );
    // Aggregates -> reports: cheap, recomputed on every slider move.
    let before: Rc<Option<Shared<Report>>> = use_memo(
        (
            (*baseline).clone(),
            state.rulebooks.clone(),
            state.inputs.clone(),
            analysis.clone(),
        ),
        |(b, rbs, inputs, analysis)| {
            let b = b.as_ref()?;
            let mut r = engine::report(&b.0, rbs, inputs, &Default::default());
            if let Some(a) = analysis.as_ref() {
                engine::attach_records(&mut r, &a.0);
            }
            Some(Shared::new(r))
        },
    );
    let after: Rc<Option<Shared<Report>>> = use_memo(
        (
            (*baseline).clone(),
            state.rulebooks.clone(),
            state.inputs.clone(),
            state.scenario.clone(),
        ),
        |(b, rbs, inputs, scenario)| {
            let b = b.as_ref()?;
            Some(Shared::new(engine::report(&b.0, rbs, inputs, scenario)))
        },
    );
    let levers = use_memo(
        (
            (*baseline).clone(),
            state.rulebooks.clone(),
            state.inputs.clone(),
        ),
        |(b, rbs, inputs)| {
            b.as_ref()
                .map(|b| engine::levers(&b.0, rbs, inputs))
                .unwrap_or_default()
        },
    );

    Derived {
        analysis,
        baseline: (*baseline).clone(),
        before: (*before).clone(),
        after: (*after).clone(),
        levers: Shared(levers),
    }
}

/// What is kept in this browser as the store changes: the seller's choices, column mappings
/// and formats, the last session's aggregates and the stores kept (effects, never the reducer).
#[hook]
pub fn use_kept(store: &Store) {
    let state = &*store.state;
    // What the seller typed and chose is kept in this browser (an effect, not the reducer).
    // A link's settings are the link's: not kept.
    {
        let from_link = matches!(state.source, Shown::Link { .. });
        use_effect_with(
            (
                state.rulebooks.clone(),
                state.inputs.clone(),
                state.regions_chosen.clone(),
                from_link,
            ),
            move |(rbs, inputs, regions, from_link)| {
                if !*from_link {
                    browser::save_choices(&browser::Choices {
                        overrides: link::overrides_of(rbs),
                        inputs: inputs.clone(),
                        regions: regions.clone(),
                    });
                }
            },
        );
    }
    {
        use_effect_with(state.mappings.clone(), browser::save_mappings);
        use_effect_with(state.formats.clone(), |f| browser::save_formats(f));
    }
    // The last session's aggregates (as a link's fragment, never a record) are kept in this
    // browser: a reload opens them until the files are dropped again.
    {
        let files = match &state.source {
            Shown::Files(names) => Some(names.clone()),
            _ => None,
        };
        let dispatcher = store.state.dispatcher();
        use_effect_with(
            (
                state.analysis.clone(),
                files,
                state.scenario.clone(),
                state.inputs.clone(),
                state.rulebooks.clone(),
                (state.remember.clone(), state.outlook.clone()),
            ),
            move |(analysis, files, scenario, inputs, rbs, (remember, outlook))| {
                if let (Some(a), Some(files)) = (analysis, files) {
                    let label = format!(
                        "{} · {} – {} ({})",
                        files.join(", "),
                        a.dates.first,
                        a.dates.last_day,
                        a.params.tz.name()
                    );
                    let payload = link::LinkPayload {
                        baseline: a.baseline.clone(),
                        scenario: scenario.clone(),
                        overrides: link::overrides_of(rbs),
                        inputs: inputs.clone(),
                        window_label: label,
                    };
                    let fragment = link::encode(&payload);
                    browser::save_session(&fragment);
                    // The seller asked to keep this store's numbers: today's, with the day its
                    // level comes back when the outlook says it.
                    if let Some(name) = remember {
                        let recovery = outlook
                            .as_ref()
                            .and_then(|o| {
                                o.recovery.levels.iter().min_by(|a, b| a.date.cmp(&b.date))
                            })
                            .map(|l| (l.level.clone(), l.date.clone()));
                        let mut visits = browser::load_visits();
                        link::record_visit(
                            &mut visits,
                            name,
                            &browser::today(),
                            fragment,
                            recovery,
                        );
                        browser::save_visits(&visits);
                        dispatcher.dispatch(Action::Visits(visits));
                    }
                }
            },
        );
    }
}
