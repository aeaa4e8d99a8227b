//! Warming a worker up while the seller picks files.
//!
//! The browser runs a wasm function in baseline code (V8's Liftoff, 2 to 3x slower) until it
//! has compiled the function optimised, in the background, once the function has run for a
//! while (dynamic tiering); and it cannot switch a running function over. So a fresh worker
//! reads a seller's first rows in baseline code while the browser compiles, on the cores the
//! reading needs, and a function called once per reading (the reading's end, the order units,
//! the analysis's passes) runs whole in baseline code.
//!
//! The page starts its worker when files are about to come (a drag enters, the file picker is
//! pressed or focused). When no request is waiting, the worker then reads, prepares and
//! analyses a small generated store ([`WARM_ORDERS`] orders, the sample store's generator
//! written as the canonical CSV files) [`WARM_READINGS`] times, exactly as it reads a seller's
//! files ([`Held`]: a piece at a time, its files' records written as a second lane sends them
//! and read back as the page's worker takes them, the reading's end, the analysis with the
//! built-in rulebooks, its answer written for the page), a step at a time ([`WarmUp::step`]),
//! and drops all of it. The browser compiles meanwhile, while the seller is still choosing;
//! the seller's files then run in optimised code from their first rows. A request that comes
//! stops the warm-up between two steps (each writes one small file, or reads at most
//! [`WARM_STEP_BYTES`] or one small file's rows, or crosses one small reading's records, or
//! analyses one small reading: under 10 ms natively, 30 to 60 ms in the browser's baseline
//! code), and the request is served at once.
//!
//! The browser compiles a module once for all its workers, so the second lane, a worker of
//! the same module, runs the code warmed here too.

use protocol::{ReadRequest, Response, Timing};
use storescore_core::engine::Settings;
use storescore_core::model::Dataset;
use storescore_core::rulebook::{self, Rulebook};

use crate::held::Held;

/// The orders of the store a worker warms up on, and how many times it reads it: enough for
/// each function a reading runs, per row or once per reading, to have run long enough for the
/// browser to compile it optimised (four files of about 0.8 MB in all, read ten times: about
/// 0.1 s natively). A small store read many times, not a large one read once: writing its
/// files is a step, and a step must be short.
pub const WARM_ORDERS: usize = 2_000;
pub const WARM_READINGS: usize = 10;

/// The most bytes of a file one step reads (the longest a request can wait for a step).
pub const WARM_STEP_BYTES: usize = 256 << 10;

/// A seed other than the sample store's (any would do).
const WARM_SEED: u64 = 11;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Stage {
    /// Making the store's records.
    Generating,
    /// Writing its `n`th file.
    Writing(usize),
    /// Reading file `file`, at byte `at` of it, in reading `reading`.
    Reading {
        reading: usize,
        file: usize,
        at: usize,
    },
    /// Writing reading `n`'s files as a second lane sends them, and reading them back.
    Crossing(usize),
    Finishing(usize),
    Analysing(usize),
    Done,
}

/// A warm-up under way (see the module's documentation).
pub struct WarmUp {
    orders: usize,
    readings: usize,
    records: Dataset,
    files: Vec<(String, String)>,
    held: Held,
    rulebooks: Vec<Rulebook>,
    stage: Stage,
    /// The bytes of the answers it wrote (what the page's worker would have sent).
    pub answered: usize,
    /// The bytes of its files' records written as a second lane sends them and read back.
    pub crossed: usize,
}

impl WarmUp {
    /// A warm-up on a store of `orders` orders read `readings` times ([`WARM_ORDERS`] and
    /// [`WARM_READINGS`] in the worker).
    pub fn new(orders: usize, readings: usize) -> WarmUp {
        WarmUp {
            orders,
            readings,
            records: Dataset::default(),
            files: Vec::new(),
            held: Held::default(),
            rulebooks: Vec::new(),
            stage: Stage::Generating,
            answered: 0,
            crossed: 0,
        }
    }

    /// Does the next step: the store's records made, one of its files written, a piece of a
    /// file read (at most [`WARM_STEP_BYTES`]), a file's end, a reading's end, or its analysis
    /// and answer. Says whether a step is left.
    pub fn step(&mut self) -> bool {
        self.stage = match self.stage {
            Stage::Generating => {
                self.records = crate::sample::generate(self.orders, WARM_SEED);
                self.rulebooks = rulebook::builtin();
                Stage::Writing(0)
            }
            Stage::Writing(n) => {
                let kinds = crate::sample::CSV_KINDS;
                if let Some(kind) = kinds.get(n) {
                    self.files
                        .push(crate::sample::to_csv_of(&self.records, *kind));
                }
                if n + 1 < kinds.len() {
                    Stage::Writing(n + 1)
                } else {
                    // All written: the records go, their files are read.
                    self.records = Dataset::default();
                    self.begin(0)
                }
            }
            Stage::Reading { reading, file, at } => self.read(reading, file, at),
            Stage::Crossing(reading) => {
                let places: Vec<usize> = (0..self.files.len()).collect();
                for sent in self.held.lane_files(&places).unwrap_or_default() {
                    if crate::lane::decode(&sent).is_ok() {
                        self.crossed += sent.len();
                    }
                }
                Stage::Finishing(reading)
            }
            Stage::Finishing(reading) => {
                if let Some(summary) = self.held.finish() {
                    self.answer(&Response::Loaded(summary));
                }
                Stage::Analysing(reading)
            }
            Stage::Analysing(reading) => {
                let analysis = self
                    .held
                    .analyse(0, &Settings::default(), &self.rulebooks)
                    .map(Box::new);
                self.answer(&Response::Analysed {
                    id: 0,
                    analysis,
                    memory_bytes: 0,
                    timing: Timing::default(),
                });
                // Nothing of it is kept.
                self.held = Held::default();
                self.begin(reading + 1)
            }
            Stage::Done => Stage::Done,
        };
        self.stage != Stage::Done
    }

    /// Begins reading `reading` (none after the last).
    fn begin(&mut self, reading: usize) -> Stage {
        if reading >= self.readings {
            (self.files, self.rulebooks) = (Vec::new(), Vec::new());
            return Stage::Done;
        }
        let sizes: Vec<u64> = self.files.iter().map(|(_, t)| t.len() as u64).collect();
        self.held.begin(ReadRequest::plain(
            0,
            storescore_core::time::DEFAULT_ZONE,
            &sizes,
        ));
        Stage::Reading {
            reading,
            file: 0,
            at: 0,
        }
    }

    /// A step of reading `reading`: file `file` from byte `at`.
    fn read(&mut self, reading: usize, file: usize, at: usize) -> Stage {
        let next = match file + 1 < self.files.len() {
            true => Stage::Reading {
                reading,
                file: file + 1,
                at: 0,
            },
            false => Stage::Crossing(reading),
        };
        let Some((name, text)) = self.files.get(file) else {
            return Stage::Crossing(reading);
        };
        let size = text.len() as u64;
        if at == 0 && !self.held.begin_file(name, size) {
            next
        } else if at < text.len() {
            let end = (at + WARM_STEP_BYTES).min(text.len());
            self.held.piece(name, size, &text.as_bytes()[at..end]);
            Stage::Reading {
                reading,
                file,
                at: end,
            }
        } else {
            self.held.end_file();
            next
        }
    }

    /// Writes an answer as the worker's messages are written (and drops it).
    fn answer(&mut self, r: &Response) {
        self.answered += postcard::to_allocvec(r).map_or(0, |b| b.len());
    }

    /// Whether it holds any records or files (none once it is done).
    pub fn holds_records(&self) -> bool {
        self.held.loaded.is_some()
            || self.held.session.is_some()
            || !self.files.is_empty()
            || !self.records.orders.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_warm_up_reads_analyses_and_answers_a_store_many_times_in_short_steps_and_keeps_nothing() {
        let files = crate::sample::generate_csv(3_000, WARM_SEED);
        let mut w = WarmUp::new(3_000, 3);
        let mut steps = vec![w.stage];
        while w.step() {
            steps.push(w.stage);
            assert!(steps.len() < 1_000, "a warm-up ends");
        }
        // The records made, each file written, then per reading: a step per piece and per
        // file's end, the records crossing as a second lane's, the reading's end and the
        // analysis.
        let pieces: usize = files
            .iter()
            .map(|(_, t)| t.len().div_ceil(WARM_STEP_BYTES) + 1)
            .sum();
        assert!(files.iter().any(|(_, t)| t.len() > WARM_STEP_BYTES));
        assert_eq!(steps.len(), 1 + files.len() + 3 * (pieces + 3), "{steps:?}");
        assert_eq!(
            steps
                .iter()
                .filter(|s| matches!(s, Stage::Analysing(_)))
                .count(),
            3
        );
        // It read the store: three analyses answered, each holding a score.
        assert!(w.answered > 3 * 10_000, "{} bytes answered", w.answered);
        // Its records crossed as a second lane's and were read back, in each reading.
        let sizes: usize = files.iter().map(|(_, t)| t.len()).sum();
        assert!(w.crossed > 3 * sizes / 4, "{} bytes crossed", w.crossed);
        assert!(!w.holds_records());
        assert!(!w.step(), "done stays done");
    }

    #[test]
    fn a_warm_ups_reading_has_the_records_a_reading_of_the_stores_files_has() {
        let files = crate::sample::generate_csv(1_500, WARM_SEED);
        let loaded = crate::session::load(
            files.iter().map(|(n, t)| (n.as_str(), t.as_bytes())),
            &sources::Options::default(),
        );
        let mut w = WarmUp::new(1_500, 2);
        for reading in 0..2 {
            while w.stage != Stage::Finishing(reading) {
                assert!(w.step());
            }
            w.step();
            let held = w.held.loaded.as_ref().expect("the reading's records");
            assert_eq!(held.counts, loaded.counts);
            assert!(held.counts.orders >= 1_500 && held.counts.messages > 0);
        }
    }
}
