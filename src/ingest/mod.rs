//! Ingest: bytes in, records plus diagnostics out, for the page and the CLI alike. A bad row
//! costs that row (with a diagnostic naming file, row and column), a bad optional cell costs that
//! cell; a file that cannot be read at all gets one clear diagnostic and the other files load.
//! Nothing here panics on any input.

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod decode;
pub mod diag;
pub mod records;
pub mod schema;
pub mod table;
pub mod values;
pub mod xlsx;

use chrono_tz::Tz;
use serde::Serialize;

use crate::core::model::Dataset;
use crate::core::time::DEFAULT_ZONE;
use diag::{Code, Diagnostic, Severity};
use schema::{Field, Kind, Mapping, Platform};
use table::Table;

/// Limits that keep a hostile or mistaken file from exhausting the page.
pub mod limits {
    /// Largest file read (bytes).
    pub const MAX_FILE_BYTES: usize = 512 << 20;
    /// Largest decompressed workbook part (bytes).
    pub const MAX_XLSX_UNPACKED: u64 = 512 << 20;
    pub const MAX_ROWS: usize = 5_000_000;
    pub const MAX_COLUMNS: usize = 1_000;
    pub const MAX_CELL_CHARS: usize = 32_767;
}

#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// Zone of timestamps that carry none.
    pub tz: Tz,
    /// Forced text encoding (a label such as "gbk"); None detects.
    pub encoding: Option<String>,
    /// Forced delimiter; None sniffs.
    pub delimiter: Option<u8>,
    /// A user's column mapping (kind and field to column index), applied instead of the aliases.
    pub mapping: Option<(Kind, Mapping)>,
    /// The workbook sheet to read; None chooses the first recognizable one.
    pub sheet: Option<String>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            tz: DEFAULT_ZONE,
            encoding: None,
            delimiter: None,
            mapping: None,
            sheet: None,
        }
    }
}

/// What was learned about one file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FileReport {
    pub name: String,
    pub kind: Option<Kind>,
    pub platform: Platform,
    pub sheet: Option<String>,
    /// Every sheet of a workbook, for the user to pick another.
    pub sheets: Vec<String>,
    pub encoding: Option<String>,
    /// The delimiter used (sniffed or forced), for text files.
    pub delimiter: Option<char>,
    pub headers: Vec<String>,
    /// The header row's 1-based row number.
    pub header_row: Option<usize>,
    pub mapping: Mapping,
    /// Required fields not found: the page offers the mapping step.
    pub missing: Vec<Field>,
    pub data_rows: usize,
    pub loaded: usize,
    /// A few data rows for the mapping step's preview.
    pub preview: Vec<Vec<String>>,
    pub diagnostics: Vec<Diagnostic>,
}

impl FileReport {
    fn new(name: &str) -> FileReport {
        FileReport {
            name: name.to_owned(),
            kind: None,
            platform: Platform::Unknown,
            sheet: None,
            sheets: Vec::new(),
            encoding: None,
            delimiter: None,
            headers: Vec::new(),
            header_row: None,
            mapping: Mapping::new(),
            missing: Vec::new(),
            data_rows: 0,
            loaded: 0,
            preview: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    fn fail(mut self, code: Code, detail: Option<String>) -> (Dataset, FileReport) {
        self.diagnostics
            .push(Diagnostic::file(&self.name, code, Severity::Error, detail));
        (Dataset::default(), self)
    }

    /// The columns were not recognized, or required ones are missing: the mapping step applies.
    pub fn needs_mapping(&self) -> bool {
        !self.headers.is_empty() && (self.kind.is_none() || !self.missing.is_empty())
    }

    /// True when the file loaded nothing because of a whole-file problem.
    pub fn unreadable(&self) -> bool {
        self.loaded == 0
            && self
                .diagnostics
                .iter()
                .any(|d| d.severity == Severity::Error && d.row.is_none())
    }
}

enum Format {
    Zip,
    Ole,
    Text,
}

fn sniff(bytes: &[u8]) -> Format {
    if bytes.starts_with(b"PK\x03\x04") {
        Format::Zip
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Format::Ole
    } else {
        Format::Text
    }
}

/// Reads one file. Never panics; never fails the other files.
pub fn load_file(name: &str, bytes: &[u8], opts: &Options) -> (Dataset, FileReport) {
    let mut rep = FileReport::new(name);
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return rep.fail(Code::Empty, None);
    }
    if bytes.len() > limits::MAX_FILE_BYTES {
        return rep.fail(Code::TooLarge, Some(format!("{} MB", bytes.len() >> 20)));
    }
    let tables = match sniff(bytes) {
        Format::Zip | Format::Ole => match xlsx::read_workbook(bytes) {
            Ok(tables) => tables,
            Err(e) => return rep.fail(e.code(), e.detail()),
        },
        Format::Text => {
            let forced = opts.encoding.as_deref().and_then(decode::encoding_for);
            let d = decode::decode(bytes, forced);
            // A text file: known before anything can fail, so its reading options stay offered.
            rep.encoding = Some(d.encoding.to_owned());
            if looks_binary(&d.text) {
                return match forced {
                    // The user chose an encoding the bytes are not in: say that, not "binary".
                    Some(e) => rep.fail(
                        Code::Encoding,
                        Some(format!("the file does not read as {}", e.name())),
                    ),
                    None => rep.fail(Code::NotASpreadsheet, None),
                };
            }
            rep.encoding = Some(d.encoding.to_owned());
            if d.encoding != "UTF-8" || d.had_errors || d.mixed {
                let detail = if d.mixed {
                    format!("UTF-8 and {} mixed: each line read in its own", d.encoding)
                } else {
                    d.encoding.to_owned()
                };
                let severity = if d.had_errors || d.mixed {
                    Severity::Warning
                } else {
                    Severity::Info
                };
                rep.diagnostics.push(Diagnostic::file(
                    name,
                    Code::Encoding,
                    severity,
                    Some(detail),
                ));
            }
            let (t, used) = table::read_delimited(&d.text, opts.delimiter);
            rep.delimiter = Some(char::from(used));
            if t.unclosed_quote {
                rep.diagnostics.push(Diagnostic::file(
                    name,
                    Code::UnclosedQuote,
                    Severity::Warning,
                    None,
                ));
            }
            vec![t]
        }
    };
    rep.sheets = tables.iter().filter_map(|t| t.sheet.clone()).collect();
    // The sheet asked for, else the first recognizable one, else the first with rows.
    let tables: Vec<Table> = match &opts.sheet {
        Some(name) if rep.sheets.contains(name) => tables
            .into_iter()
            .filter(|t| t.sheet.as_ref() == Some(name))
            .collect(),
        _ => tables,
    };
    let mut chosen: Option<(Table, usize, schema::Recognition)> = None;
    for t in tables {
        let Some((hrow, rec)) = find_header(&t) else {
            if chosen.is_none() && !t.rows.is_empty() {
                chosen = Some((t, 0, schema::recognize(&[])));
            }
            continue;
        };
        let good = rec.kind.is_some();
        if good || chosen.as_ref().is_none_or(|(_, _, r)| r.kind.is_none()) {
            chosen = Some((t, hrow, rec));
        }
        if good {
            break;
        }
    }
    let Some((t, hrow, mut rec)) = chosen else {
        return rep.fail(Code::Empty, None);
    };
    rep.sheet = t.sheet.clone();
    let headers: Vec<String> = t.rows.get(hrow).map(|r| owned(&r.1)).unwrap_or_default();
    rep.header_row = t.rows.get(hrow).map(|r| r.0);
    rep.headers = headers.clone();
    if let Some((kind, mapping)) = &opts.mapping {
        rec.kind = Some(*kind);
        rec.mapping = mapping.clone();
        rec.missing = schema::required(*kind)
            .iter()
            .copied()
            .filter(|f| !mapping.contains_key(f))
            .collect();
    }
    rep.kind = rec.kind;
    rep.platform = rec.platform;
    rep.mapping = rec.mapping.clone();
    rep.missing = rec.missing.clone();
    rep.data_rows = t.rows.len().saturating_sub(hrow + 1);
    rep.preview = t
        .rows
        .iter()
        .skip(hrow + 1)
        .take(5)
        .map(|r| owned(&r.1))
        .collect();
    let Some(kind) = rec.kind else {
        return rep.fail(Code::UnknownKind, Some(headers.join(", ")));
    };
    if rep.data_rows == 0 {
        return rep.fail(Code::HeaderOnly, None);
    }
    if !rec.missing.is_empty() {
        let names: Vec<&str> = rec.missing.iter().map(|f| f.canonical()).collect();
        return rep.fail(Code::MissingColumn, Some(names.join(", ")));
    }
    duplicate_headers(&headers, &mut rep);
    if t.rows_cut {
        rep.diagnostics.push(Diagnostic::file(
            name,
            Code::TooLarge,
            Severity::Warning,
            Some(format!(
                "only the first {} rows were read",
                limits::MAX_ROWS
            )),
        ));
    }
    if t.columns_cut {
        rep.diagnostics.push(Diagnostic::file(
            name,
            Code::TooLarge,
            Severity::Warning,
            Some(format!(
                "only the first {} columns were read",
                limits::MAX_COLUMNS
            )),
        ));
    }
    let mut ds = Dataset::default();
    records::build(kind, &t, hrow, &rec.mapping, opts.tz, &mut ds, &mut rep);
    (ds, rep)
}

fn looks_binary(text: &str) -> bool {
    let sample: Vec<char> = text.chars().take(8192).collect();
    if sample.is_empty() {
        return false;
    }
    let bad = sample
        .iter()
        .filter(|c| (c.is_control() && !matches!(c, '\n' | '\r' | '\t')) || **c == '\u{fffd}')
        .count();
    bad * 20 > sample.len()
}

/// The header row among the first rows: the one most headers of some kind recognize.
fn owned(row: &table::Row) -> Vec<String> {
    row.iter().map(str::to_owned).collect()
}

fn find_header(t: &Table) -> Option<(usize, schema::Recognition)> {
    let mut best: Option<(usize, usize, schema::Recognition)> = None;
    for (i, (_, row)) in t.rows.iter().take(10).enumerate() {
        let rec = schema::recognize(&owned(row));
        let score = rec.mapping.len()
            + if rec.kind.is_some() && rec.missing.is_empty() {
                100
            } else {
                0
            };
        if rec.kind.is_some() && best.as_ref().is_none_or(|(s, _, _)| score > *s) {
            best = Some((score, i, rec));
        }
    }
    best.map(|(_, i, r)| (i, r))
}

fn duplicate_headers(headers: &[String], rep: &mut FileReport) {
    let mut seen = std::collections::HashSet::new();
    for h in headers {
        let n = schema::normalize(h);
        if !n.is_empty() && !seen.insert(n) {
            rep.diagnostics.push(Diagnostic {
                column: Some(h.clone()),
                ..Diagnostic::file(&rep.name, Code::DuplicateHeader, Severity::Warning, None)
            });
        }
    }
}

/// Reads every file; a file's failure never stops the others.
pub fn load_all<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
    opts: &Options,
) -> (Dataset, Vec<FileReport>) {
    let mut ds = Dataset::default();
    let mut reports = Vec::new();
    for (name, bytes) in files {
        let (d, r) = load_file(name, bytes, opts);
        ds.extend(d);
        reports.push(r);
    }
    (ds, reports)
}
