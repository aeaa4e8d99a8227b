//! Downloads the page offers: violating records as CSV. A cell that a spreadsheet would run
//! as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) is prefixed with
//! `'`, so an id or a text from a buyer can never execute in Excel.

use text::i18n::{violation_text, Lang};

pub fn escape_formula(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// A check's evidence as CSV: each record, whether it counts against the store or was
/// exempted and why, by how many hours a limit was missed, and every time that decides it
/// (local time in `tz`).
pub fn evidence_csv(
    rows: &[storescore_core::evidence::Evidence],
    tz: chrono_tz::Tz,
    lang: Lang,
) -> String {
    use storescore_core::evidence::{Counts, Time};
    let mut out = String::new();
    let mut header = vec!["record", "order", "counts", "why", "hours_over"];
    header.extend(Time::ALL.iter().map(|t| t.as_str()));
    header.push("stars");
    write_record(&mut out, header);
    for r in rows {
        let (counts, why) = match &r.counts {
            Counts::Against(k) => ("yes", violation_text(*k, lang).to_owned()),
            Counts::Exempted { reason } => ("exempted", reason.clone().unwrap_or_default()),
        };
        let mut cells = vec![
            escape_formula(&r.record),
            escape_formula(r.order.as_deref().unwrap_or_default()),
            counts.to_owned(),
            escape_formula(&why),
            r.hours
                .map(|h| text::decimal::fixed(h, 2))
                .unwrap_or_default(),
        ];
        for t in Time::ALL {
            cells.push(
                r.times
                    .iter()
                    .find(|(k, _)| *k == t)
                    .map(|(_, at)| storescore_core::time::format_local(tz, *at))
                    .unwrap_or_default(),
            );
        }
        cells.push(r.stars.map(|s| s.to_string()).unwrap_or_default());
        write_record(&mut out, cells.iter().map(String::as_str));
    }
    out
}

/// One CSV record as the csv crate writes it by default (a field is quoted when it holds a
/// comma, a quote or a line break; quotes are doubled). Written here because the csv crate's
/// writer links a float parser (for a quoting style never used) into the page: 10 KB gzipped.
fn write_record<'a>(out: &mut String, fields: impl IntoIterator<Item = &'a str>) {
    for (i, field) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if field.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(field);
        }
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use storescore_core::metrics::ViolationKind;

    proptest! {
        /// The hand-written record is the csv crate's, for any fields.
        #[test]
        fn records_are_written_as_the_csv_crate_writes_them(
            fields in prop::collection::vec("[a-z,\"\n\r 0-9=é-]{0,6}", 3),
        ) {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(&fields).unwrap();
            let want = String::from_utf8(w.into_inner().unwrap()).unwrap();
            let mut got = String::new();
            write_record(&mut got, fields.iter().map(String::as_str));
            prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn formula_cells_are_defused() {
        for bad in ["=1+1", "+1", "-2", "@SUM(A1)", "\t=x", "\r=x"] {
            assert!(escape_formula(bad).starts_with('\''), "{bad:?}");
        }
        assert_eq!(escape_formula("8123456789012345"), "8123456789012345");
        let csv = evidence_csv(
            &[storescore_core::evidence::Evidence {
                record: "=HYPERLINK(\"x\")".into(),
                order: Some("+1".into()),
                counts: storescore_core::evidence::Counts::Against(ViolationKind::ShippedLate),
                hours: Some(3.5),
                times: Vec::new(),
                stars: None,
            }],
            chrono_tz::UTC,
            Lang::En,
        );
        let row = csv.lines().nth(1).unwrap_or_default();
        assert!(
            row.starts_with("\"'=HYPERLINK(\"\"x\"\")\",'+1,yes,shipped after the deadline,3.50,"),
            "{row}"
        );
    }
}
