//! From files (or the sample store) to what the page and the CLI analyse: the prepared records,
//! their counts and latest event, and each file's report. Shared so neither writes it twice.

use crate::core::engine::{self, Analysis, RecordCounts, Settings};
use crate::core::model::{Dataset, Ts};
use crate::core::prepared::Prepared;
use crate::core::rulebook::Rulebook;
use crate::ingest::schema::{header_key, UserMapping};
use crate::ingest::{self, FileReport, Options};

#[derive(Debug, Default)]
pub struct Loaded {
    pub prepared: Prepared,
    pub latest_event: Option<Ts>,
    pub counts: RecordCounts,
    pub files: Vec<FileReport>,
}

impl Loaded {
    pub fn from_dataset(ds: Dataset, files: Vec<FileReport>) -> Loaded {
        let mut counts = RecordCounts {
            orders: ds.orders.len(),
            messages: ds.messages.len(),
            disputes: ds.disputes.len(),
            reviews: ds.reviews.len(),
            ..Default::default()
        };
        let latest_event = ds.latest_event();
        let prepared = Prepared::new(ds);
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
        engine::analyse(
            &self.prepared,
            self.latest_event,
            self.counts.clone(),
            settings,
            rulebooks,
        )
    }

    pub fn is_empty(&self) -> bool {
        self.counts.orders + self.counts.messages + self.counts.disputes + self.counts.reviews == 0
    }
}

/// Reads the files; a file that fails never stops the others.
pub fn load<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8])>, opts: &Options) -> Loaded {
    load_mapped(files, &|_| opts.clone(), &|_| None)
}

/// Reads the files, each with its own options (encoding, delimiter, sheet); a file whose
/// columns need mapping is read again with the user's mapping for its header set, when
/// `mapping_for` knows one.
pub fn load_mapped<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
    options_for: &dyn Fn(&str) -> Options,
    mapping_for: &dyn Fn(&str) -> Option<UserMapping>,
) -> Loaded {
    let mut ds = Dataset::default();
    let mut reports = Vec::new();
    for (name, bytes) in files {
        let opts = &options_for(name);
        let (mut d, mut r) = ingest::load_file(name, bytes, opts);
        if r.needs_mapping() {
            if let Some(m) = mapping_for(&header_key(&r.headers)) {
                let mapped = Options {
                    mapping: Some((m.kind, m.mapping)),
                    ..opts.clone()
                };
                (d, r) = ingest::load_file(name, bytes, &mapped);
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::schema::{Field, Kind, Mapping};

    #[test]
    fn a_remembered_mapping_loads_unrecognized_columns() {
        let csv = "Nr,Bezahlt am\nA1,2026-07-10 10:00:00\nA2,2026-07-11 10:00:00\n";
        let plain = load([("x.csv", csv.as_bytes())], &Options::default());
        assert!(plain.is_empty() && plain.files[0].needs_mapping());
        let key = header_key(&plain.files[0].headers);
        let mapping: Mapping = [(Field::OrderId, 0), (Field::PaidAt, 1)]
            .into_iter()
            .collect();
        let user = UserMapping {
            kind: Kind::Orders,
            mapping,
        };
        let mapped = load_mapped([("x.csv", csv.as_bytes())], &|_| Options::default(), &|k| {
            (k == key).then(|| user.clone())
        });
        assert_eq!(mapped.counts.orders, 2);
        assert!(!mapped.files[0].needs_mapping());
    }
}
