//! Downloads the page offers: violating records as CSV. A cell that a spreadsheet would run
//! as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) is prefixed with
//! `'`, so an id or a text from a buyer can never execute in Excel.

use crate::core::metrics::Violation;
use crate::i18n::{violation_text, Lang};

pub fn escape_formula(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// The violating records of a check as CSV.
pub fn violations_csv(records: &[Violation], lang: Lang) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(["record", "what", "hours"]);
    for v in records {
        let hours = v.hours.map(|h| format!("{h:.2}")).unwrap_or_default();
        let _ = w.write_record([
            escape_formula(&v.record),
            escape_formula(violation_text(v.what, lang)),
            hours,
        ]);
    }
    w.into_inner()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::metrics::ViolationKind;

    #[test]
    fn formula_cells_are_defused() {
        for bad in ["=1+1", "+1", "-2", "@SUM(A1)", "\t=x", "\r=x"] {
            assert!(escape_formula(bad).starts_with('\''), "{bad:?}");
        }
        assert_eq!(escape_formula("8123456789012345"), "8123456789012345");
        let csv = violations_csv(
            &[Violation {
                record: "=HYPERLINK(\"x\")".into(),
                what: ViolationKind::ShippedLate,
                hours: Some(3.5),
            }],
            Lang::En,
        );
        assert_eq!(
            csv,
            "record,what,hours\n\"'=HYPERLINK(\"\"x\"\")\",shipped after the deadline,3.50\n"
        );
    }
}
