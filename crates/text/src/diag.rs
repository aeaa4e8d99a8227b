//! Diagnostics in words: each [`Diagnostic`] (a code with its file, row, column and detail) as
//! a sentence, and the one-line-per-kind summary of many.

use std::collections::BTreeMap;

use sources::diag::{Code, Diagnostic, Severity};

use crate::i18n::Lang;

/// A diagnostic in words.
pub trait DiagnosticText {
    /// The full message in `lang`, naming file, sheet, row and column.
    fn message(&self, lang: Lang) -> String;
}

impl DiagnosticText for Diagnostic {
    fn message(&self, lang: Lang) -> String {
        let mut place = self.file.clone();
        if let Some(s) = &self.sheet {
            place.push_str(&format!(" [{s}]"));
        }
        if let Some(r) = self.row {
            place.push_str(&match lang {
                Lang::En => format!(", row {r}"),
                Lang::Zh => format!("，第 {r} 行"),
            });
        }
        if let Some(c) = &self.column {
            place.push_str(&match lang {
                Lang::En => format!(", column {c}"),
                Lang::Zh => format!("，列 {c}"),
            });
        }
        let what = crate::i18n::diag_text(self.code, lang);
        match &self.detail {
            Some(d) => format!("{place}: {what} ({d})"),
            None => format!("{place}: {what}"),
        }
    }
}

/// One line per (file, code, column): "2 rows skipped: unreadable date in 付款时间, rows 17 and 903".
pub fn summarize(diags: &[Diagnostic], lang: Lang) -> Vec<String> {
    // (file, severity, code, column) -> rows
    type Key<'a> = (&'a str, Severity, Code, Option<&'a str>);
    let mut groups: BTreeMap<Key, Vec<&Diagnostic>> = BTreeMap::new();
    for d in diags {
        groups
            .entry((d.file.as_str(), d.severity, d.code, d.column.as_deref()))
            .or_default()
            .push(d);
    }
    groups
        .into_iter()
        .map(|((file, sev, code, column), group)| {
            let rows: Vec<Option<usize>> = group.iter().map(|d| d.row).collect();
            // A file-level diagnostic keeps its detail: which encoding, columns or limit.
            let what = match group.as_slice() {
                [one] if one.row.is_none() => match &one.detail {
                    Some(detail) => format!(
                        "{}{}",
                        crate::i18n::diag_text(code, lang),
                        crate::i18n::bracketed(detail, lang)
                    ),
                    None => crate::i18n::diag_text(code, lang).to_owned(),
                },
                _ => crate::i18n::diag_text(code, lang).to_owned(),
            };
            let n = rows.len();
            let listed: Vec<String> = rows
                .iter()
                .flatten()
                .take(5)
                .map(|r| r.to_string())
                .collect();
            let more = rows.iter().flatten().count().saturating_sub(listed.len());
            let rows_text = match (listed.len(), lang) {
                (0, _) => String::new(),
                (_, Lang::En) => {
                    let mut t = format!(
                        ", row{} {}",
                        if n == 1 { "" } else { "s" },
                        join_en(&listed)
                    );
                    if more > 0 {
                        t.push_str(&format!(" and {more} more"));
                    }
                    t
                }
                (_, Lang::Zh) => {
                    let mut t = format!("，第 {} 行", listed.join("、"));
                    if more > 0 {
                        t.push_str(&format!("等（另有 {more} 行）"));
                    }
                    t
                }
            };
            let col = match (column, lang) {
                (Some(c), Lang::En) => format!(" in {c}"),
                (Some(c), Lang::Zh) => format!("（{c}）"),
                (None, _) => String::new(),
            };
            let lead = match (sev, lang, rows.iter().flatten().count()) {
                (_, _, 0) => String::new(),
                (Severity::Error, Lang::En, k) => {
                    format!("{k} row{} skipped: ", if k == 1 { "" } else { "s" })
                }
                (Severity::Error, Lang::Zh, k) => format!("跳过 {k} 行："),
                (_, Lang::En, k) => {
                    format!("{k} value{} left out: ", if k == 1 { "" } else { "s" })
                }
                (_, Lang::Zh, k) => format!("{k} 个值未采用："),
            };
            format!(
                "{file}{}{lead}{what}{col}{rows_text}",
                crate::i18n::colon(lang)
            )
        })
        .collect()
}

fn join_en(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sources::diag::Diagnostic;

    fn bad_date(row: usize) -> Diagnostic {
        Diagnostic {
            file: "orders.csv".into(),
            sheet: None,
            row: Some(row),
            column: Some("付款时间".into()),
            code: Code::BadDate,
            severity: Severity::Error,
            detail: Some("yesterday".into()),
        }
    }

    #[test]
    fn summary_counts_rows_and_names_the_column() {
        let s = summarize(&[bad_date(17), bad_date(903)], Lang::En);
        assert_eq!(
            s,
            ["orders.csv: 2 rows skipped: unreadable date in 付款时间, rows 17 and 903"]
        );
        let z = summarize(&[bad_date(17)], Lang::Zh);
        assert_eq!(
            z,
            ["orders.csv：跳过 1 行：无法识别的日期（付款时间），第 17 行"]
        );
    }

    #[test]
    fn a_file_level_summary_keeps_its_detail() {
        let d = Diagnostic::file(
            "x.csv",
            Code::MissingColumn,
            Severity::Error,
            Some("sender".into()),
        );
        assert_eq!(
            summarize(std::slice::from_ref(&d), Lang::En),
            ["x.csv: a required column is missing (sender)"]
        );
        // Chinese text takes full-width punctuation.
        assert_eq!(summarize(&[d], Lang::Zh), ["x.csv：缺少必需的列（sender）"]);
    }

    #[test]
    fn message_names_file_row_and_column() {
        let m = bad_date(17).message(Lang::En);
        assert_eq!(
            m,
            "orders.csv, row 17, column 付款时间: unreadable date (yesterday)"
        );
    }
}
