//! Two threads where there are threads (the CLI): the core's [`Fork`] run side by side. The
//! page's worker has one thread and uses `storescore_core::fork::InTurn`.

use storescore_core::fork::Fork;

/// The second job on a thread of its own, the first on the caller's.
#[derive(Clone, Copy, Debug, Default)]
pub struct Threads;

impl Fork for Threads {
    fn join<A: Send, B: Send>(
        &self,
        a: impl FnOnce() -> A + Send,
        b: impl FnOnce() -> B + Send,
    ) -> (A, B) {
        std::thread::scope(|s| {
            let other = s.spawn(b);
            let a = a();
            match other.join() {
                Ok(b) => (a, b),
                // Its panic, carried on here (the core and ingest do not panic on any input).
                Err(e) => std::panic::resume_unwind(e),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_jobs_run_and_give_their_results_in_place() {
        let xs: Vec<u64> = (1..=1000).collect();
        let (a, b) = Threads.join(|| xs.iter().sum::<u64>(), || xs.len());
        assert_eq!((a, b), (500_500, 1000));
        let (a, b) = storescore_core::fork::InTurn.join(|| xs[0], || xs[999]);
        assert_eq!((a, b), (1, 1000));
    }
}
