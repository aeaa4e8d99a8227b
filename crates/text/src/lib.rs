//! Every user-facing sentence and number format, in both languages: the catalogue (`i18n`),
//! diagnostics in words (`diag`) and decimal numbers written without float noise (`decimal`).
//! The page, the worker's CSV downloads and the CLI all write through here.

#![deny(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod decimal;
pub mod diag;
pub mod i18n;
pub mod report;
