//! Props-only view components. The report container turns the store's intents into callbacks.

mod charts;
mod checks;
mod intake;
mod metrics;
mod outlook;
mod report;
mod rulebooks;
mod visits;
mod whatif;

pub use intake::Intake;
pub use report::ReportView;
