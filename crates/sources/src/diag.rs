//! Diagnostics: each problem names the file, sheet, row and column, carries a code, and is told
//! in the user's language. A file that cannot be read at all gets one diagnostic; a bad row gets
//! one and the rest of the file still loads.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

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
}

/// Why a row was not read as data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotData {
    /// Above the header: a title, notices, a section row.
    AboveHeader,
    /// Under the header, a description of each column.
    Description,
    /// A footer, a note, a count of records.
    Footer,
    /// The header again.
    Header,
    /// A row that sums up the rows under it (a package of several sales).
    Summary,
    Blank,
}

/// The rows that were not data, one diagnostic per reason, naming them (`1–5, 9`).
pub fn not_data(file: &str, rows: &[(usize, NotData)]) -> Vec<Diagnostic> {
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
