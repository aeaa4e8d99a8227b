//! Two independent jobs, run one after the other or side by side: the core decides what can run
//! apart (orders and messages while preparing, windows while analysing), the caller decides how.
//! The page's worker has one thread ([`InTurn`]); the CLI runs them on two
//! (`reading::threads::Threads`). The results never depend on which.

pub trait Fork: Sync {
    /// Runs `a` and `b`, each once, and gives both results.
    fn join<A: Send, B: Send>(
        &self,
        a: impl FnOnce() -> A + Send,
        b: impl FnOnce() -> B + Send,
    ) -> (A, B);
}

/// One job after the other, on the caller's thread.
#[derive(Clone, Copy, Debug, Default)]
pub struct InTurn;

impl Fork for InTurn {
    fn join<A: Send, B: Send>(
        &self,
        a: impl FnOnce() -> A + Send,
        b: impl FnOnce() -> B + Send,
    ) -> (A, B) {
        let a = a();
        (a, b())
    }
}
