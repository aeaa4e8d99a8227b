//! From files (or the sample store) to what the page and the CLI analyse: the prepared records,
//! their counts and latest event, and each file's report. Shared so neither writes it twice.

use ingest::{self, FileReport, Options};
use storescore_core::engine::{self, Analysis, RecordCounts, Settings};
use storescore_core::fork::{Fork, InTurn};
use storescore_core::model::{Dataset, Ts};
use storescore_core::prepared::{Prepared, Turns};
use storescore_core::rulebook::Rulebook;

#[derive(Debug, Default)]
pub struct Loaded {
    pub prepared: Prepared,
    pub latest_event: Option<Ts>,
    pub counts: RecordCounts,
    pub files: Vec<FileReport>,
}

impl Loaded {
    pub fn from_dataset(ds: Dataset, files: Vec<FileReport>) -> Loaded {
        Loaded::from_dataset_with_turns(ds, files, None, &InTurn)
    }

    /// The same, preparing through `fork`, maybe with the buyer turns of `ds.messages` built
    /// before (see [`Prepared::new_with_turns`]).
    pub fn from_dataset_with_turns(
        ds: Dataset,
        files: Vec<FileReport>,
        turns: Option<Turns>,
        fork: &impl Fork,
    ) -> Loaded {
        let (currencies, latest_event) = fork.join(|| ds.currencies(), || ds.latest_event());
        let mut counts = RecordCounts {
            orders: ds.orders.len(),
            messages: ds.messages.len(),
            disputes: ds.disputes.len(),
            reviews: ds.reviews.len(),
            currencies,
            ..Default::default()
        };
        let prepared = Prepared::new_with_turns(ds, turns, fork);
        counts.order_units = prepared.units.len();
        counts.buyer_turns = prepared.turns.len();
        Loaded {
            prepared,
            latest_event,
            counts,
            files,
        }
    }

    /// The one pass over these records (see `engine::analyse`).
    pub fn analyse(&self, settings: &Settings, rulebooks: &[Rulebook]) -> Option<Analysis> {
        self.analyse_with(settings, rulebooks, &InTurn)
    }

    /// The same, with the analysis's independent parts run through `fork`.
    pub fn analyse_with(
        &self,
        settings: &Settings,
        rulebooks: &[Rulebook],
        fork: &impl Fork,
    ) -> Option<Analysis> {
        engine::analyse_with(
            &self.prepared,
            self.latest_event,
            self.counts.clone(),
            settings,
            rulebooks,
            fork,
        )
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }
}

/// Reads the files; a file that fails never stops the others. (The page's worker reads them
/// step by step, with column mappings: `worker::Reading`.)
pub fn load<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8])>, opts: &Options) -> Loaded {
    let mut ds = Dataset::default();
    let mut reports = Vec::new();
    for (name, bytes) in files {
        let (d, r) = ingest::load_file(name, bytes, opts);
        ds.extend(d);
        reports.push(r);
    }
    Loaded::from_dataset(ds, reports)
}

/// Orders in the sample store (about three months).
pub const SAMPLE_ORDERS: usize = 3000;
pub const SAMPLE_SEED: u64 = 7;

pub fn sample() -> Loaded {
    Loaded::from_dataset(
        crate::sample::generate(SAMPLE_ORDERS, SAMPLE_SEED),
        Vec::new(),
    )
}
