//! Workbook bytes (seeded with real .xlsx files): zip checks, calamine, sheets to records.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ingest::{load_file, Options};

fuzz_target!(|data: &[u8]| {
    // Keep the zip signature so mutations explore the workbook path.
    let mut bytes = b"PK\x03\x04".to_vec();
    bytes.extend_from_slice(data.get(4..).unwrap_or_default());
    let _ = load_file("fuzz.xlsx", &bytes, &Options::default());
});
