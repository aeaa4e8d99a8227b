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
//! written as the canonical CSV files) exactly as it reads a seller's files ([`Held`]: a
//! piece at a time, the reading's end, the analysis with the built-in rulebooks, its answer
//! written for the page), a step at a time ([`WarmUp::step`]), and drops all of it. The
//! browser compiles meanwhile, while the seller is still choosing; the seller's files then run
//! in optimised code from their first rows. A request that comes stops the warm-up between two
//! steps (each reads at most [`WARM_STEP_BYTES`]), and the request is served at once.
//!
//! The browser compiles a module once for all its workers, so the second lane, a worker of
//! the same module, runs the code warmed here too.

use protocol::{ReadRequest, Response, Timing};
use storescore_core::engine::Settings;
use storescore_core::rulebook::{self, Rulebook};

use crate::held::Held;

/// The orders of the store a worker warms up on: enough for each function a reading runs
/// per row or per record to have run long enough for the browser to compile it optimised
/// (about 4 MB of CSV in four files, read in about 0.1 s of optimised code).
pub const WARM_ORDERS: usize = 20_000;

/// The most bytes of a file one step reads (the longest a request can wait for a step).
pub const WARM_STEP_BYTES: usize = 256 << 10;

/// A seed other than the sample store's (any would do).
const WARM_SEED: u64 = 11;

enum Stage {
    /// Writing the store's files, of this many orders.
    Writing(usize),
    /// Reading file `file`, at byte `at` of it.
    Reading {
        file: usize,
        at: usize,
    },
    Finishing,
    Analysing,
    Done,
}

/// A warm-up under way (see the module's documentation).
pub struct WarmUp {
    held: Held,
    files: Vec<(String, String)>,
    rulebooks: Vec<Rulebook>,
    stage: Stage,
    /// The bytes of the answers it wrote (what the page's worker would have sent).
    pub answered: usize,
}

impl WarmUp {
    /// A warm-up of a store of `orders` orders ([`WARM_ORDERS`] in the worker); its first step
    /// writes the store's files.
    pub fn new(orders: usize) -> WarmUp {
        WarmUp {
            held: Held::default(),
            files: Vec::new(),
            rulebooks: Vec::new(),
            stage: Stage::Writing(orders),
            answered: 0,
        }
    }

    /// Does the next step: the store's files written, a piece of a file (at most
    /// [`WARM_STEP_BYTES`]), a file's end, the reading's end, or the analysis and its answer.
    /// Says whether a step is left.
    pub fn step(&mut self) -> bool {
        self.stage = match std::mem::replace(&mut self.stage, Stage::Done) {
            Stage::Writing(orders) => {
                self.files = crate::sample::generate_csv(orders, WARM_SEED);
                let sizes: Vec<u64> = self.files.iter().map(|(_, t)| t.len() as u64).collect();
                self.held.begin(ReadRequest::plain(
                    0,
                    storescore_core::time::DEFAULT_ZONE,
                    &sizes,
                ));
                self.rulebooks = rulebook::builtin();
                Stage::Reading { file: 0, at: 0 }
            }
            Stage::Reading { file, at } => {
                let next = match file + 1 < self.files.len() {
                    true => Stage::Reading {
                        file: file + 1,
                        at: 0,
                    },
                    false => Stage::Finishing,
                };
                match self.files.get(file) {
                    Some((name, text)) => {
                        let size = text.len() as u64;
                        if at == 0 && !self.held.begin_file(name, size) {
                            next
                        } else if at < text.len() {
                            let end = (at + WARM_STEP_BYTES).min(text.len());
                            self.held.piece(name, size, &text.as_bytes()[at..end]);
                            Stage::Reading { file, at: end }
                        } else {
                            self.held.end_file();
                            next
                        }
                    }
                    None => Stage::Finishing,
                }
            }
            Stage::Finishing => {
                if let Some(summary) = self.held.finish() {
                    self.answer(&Response::Loaded(summary));
                }
                Stage::Analysing
            }
            Stage::Analysing => {
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
                (self.held, self.files) = (Held::default(), Vec::new());
                Stage::Done
            }
            Stage::Done => Stage::Done,
        };
        !matches!(self.stage, Stage::Done)
    }

    /// Writes an answer as the worker's messages are written (and drops it).
    fn answer(&mut self, r: &Response) {
        self.answered += postcard::to_allocvec(r).map_or(0, |b| b.len());
    }

    /// The records it holds (none once it is done).
    pub fn holds_records(&self) -> bool {
        self.held.loaded.is_some() || self.held.session.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_warm_up_reads_analyses_and_answers_a_store_in_short_steps_and_keeps_nothing() {
        let files = crate::sample::generate_csv(2_000, WARM_SEED);
        let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
        let mut w = WarmUp::new(2_000);
        let mut steps = 1;
        while w.step() {
            steps += 1;
            assert!(steps < 1_000, "a warm-up ends");
        }
        // The files written, a step per piece and per file's end, then the reading's end and
        // the analysis.
        let pieces: usize = files
            .iter()
            .map(|(_, t)| t.len().div_ceil(WARM_STEP_BYTES) + 1)
            .sum();
        assert_eq!(steps, pieces + 3, "{bytes} bytes");
        // It read the store: the analysis's answer is there, and holds a score.
        assert!(w.answered > 10_000, "{} bytes answered", w.answered);
        assert!(!w.holds_records());
        assert!(!w.step(), "done stays done");
    }

    #[test]
    fn a_warm_up_reads_the_store_as_a_reading_of_its_files_would() {
        let files = crate::sample::generate_csv(1_500, WARM_SEED);
        let loaded = crate::session::load(
            files.iter().map(|(n, t)| (n.as_str(), t.as_bytes())),
            &sources::Options::default(),
        );
        let mut w = WarmUp::new(1_500);
        // Up to the reading's end, then the reading's records are those a whole reading has.
        while matches!(w.stage, Stage::Writing(_) | Stage::Reading { .. }) {
            w.step();
        }
        w.step();
        let held = w.held.loaded.as_ref().expect("the reading's records");
        assert_eq!(held.counts, loaded.counts);
        assert!(held.counts.orders >= 1_500 && held.counts.messages > 0);
    }
}
