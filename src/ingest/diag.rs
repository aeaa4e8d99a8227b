//! Diagnostics: each problem names the file, sheet, row and column, carries a code, and is told
//! in the user's language. A file that cannot be read at all gets one diagnostic; a bad row gets
//! one and the rest of the file still loads.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The file or row was not loaded.
    Error,
    /// A value was left out or doubtful; the row loaded.
    Warning,
    /// How the file was read (encoding, platform, assumptions).
    Info,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    // Whole file.
    Empty,
    NotASpreadsheet,
    Encrypted,
    HeaderOnly,
    UnknownKind,
    MissingColumn,
    TooLarge,
    Unreadable,
    // Rows and cells.
    BadDate,
    BadNumber,
    BadStars,
    BadBool,
    BadValue,
    MissingId,
    IdPrecisionLost,
    DuplicateHeader,
    CellTooLong,
    FormulaText,
    UnclosedQuote,
    ControlCharacters,
    DoubtfulDate,
    // Reading notes.
    Encoding,
    PaidFromCreated,
    TrackingSplit,
    /// How the all-numeric dates of a column were read (detail: the order and why).
    DayOrder,
    // Rows that are not data (detail: their row numbers).
    RowsAboveHeader,
    DescriptionRows,
    FooterRows,
    RepeatedHeaderRows,
    SummaryRows,
    BlankRows,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub file: String,
    pub sheet: Option<String>,
    /// 1-based row number in the file (the spreadsheet's row number).
    pub row: Option<usize>,
    pub column: Option<String>,
    pub code: Code,
    pub severity: Severity,
    /// The offending value or a detail (shortened).
    pub detail: Option<String>,
}

impl Diagnostic {
    pub fn file(file: &str, code: Code, severity: Severity, detail: Option<String>) -> Diagnostic {
        Diagnostic {
            file: file.to_owned(),
            sheet: None,
            row: None,
            column: None,
            code,
            severity,
            detail: detail.map(|d| shorten(&d)),
        }
    }

    /// The full message in `lang`, naming file, sheet, row and column.
    pub fn message(&self, lang: Lang) -> String {
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

/// The rows that were not data, one diagnostic per reason, naming them (`1–5, 9`).
pub fn not_data(file: &str, rows: &[(usize, super::records::NotData)]) -> Vec<Diagnostic> {
    use super::records::NotData;
    let mut by: BTreeMap<Code, Vec<usize>> = BTreeMap::new();
    for (line, why) in rows {
        let code = match why {
            NotData::AboveHeader => Code::RowsAboveHeader,
            NotData::Description => Code::DescriptionRows,
            NotData::Footer => Code::FooterRows,
            NotData::Header => Code::RepeatedHeaderRows,
            NotData::Summary => Code::SummaryRows,
            NotData::Blank => Code::BlankRows,
        };
        by.entry(code).or_default().push(*line);
    }
    by.into_iter()
        .map(|(code, lines)| {
            let mut d = Diagnostic::file(file, code, Severity::Info, None);
            d.detail = Some(ranges(&lines));
            d
        })
        .collect()
}

/// `1–5, 9, 12–13` (at most eight runs, then `…`).
fn ranges(lines: &[usize]) -> String {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for &l in lines {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == l => *end = l,
            _ => runs.push((l, l)),
        }
    }
    let mut parts: Vec<String> = runs
        .iter()
        .take(8)
        .map(|(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}–{b}")
            }
        })
        .collect();
    if runs.len() > 8 {
        parts.push("…".into());
    }
    parts.join(", ")
}

pub fn shorten(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        s.to_owned()
    } else {
        let head: String = s.chars().take(MAX).collect();
        format!("{head}…")
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
