//! What a seller's export file is, apart from reading it: the kinds of record and their fields
//! with the header names each platform and language uses (`schema`), the known export layouts
//! (`formats`), what reading can say about a file (`diag`: codes with data, never sentences),
//! the reading options and limits, and the report of one file read. The page uses these types
//! without linking the reader (`ingest`), which is built on them.

#![deny(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod diag;
pub mod formats;
pub mod schema;

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use diag::{Diagnostic, Severity};
use schema::{Field, Kind, Mapping, Platform};
use storescore_core::time::DEFAULT_ZONE;

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
    /// A known format to read the file as (its id), instead of the one recognized.
    pub format: Option<String>,
    /// The user's own formats (imported format files), tried before the built-in ones.
    pub formats: Vec<std::sync::Arc<formats::Format>>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            tz: DEFAULT_ZONE,
            encoding: None,
            delimiter: None,
            mapping: None,
            sheet: None,
            format: None,
            formats: Vec::new(),
        }
    }
}

/// What was learned about one file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FileReport {
    pub name: String,
    pub kind: Option<Kind>,
    pub platform: Platform,
    /// The known export the file was read as (a format id), if one fits.
    pub format: Option<String>,
    /// How sure the recognition is: the share of the format's columns found, 0 to 1.
    pub confidence: f64,
    /// The format's report name (`All Orders report`), for the file list.
    pub format_report: Option<String>,
    /// Read with a column mapping the user made.
    pub mapped_by_user: bool,
    /// Columns whose first values all read as dates (the mapping step offers them for times).
    pub date_columns: Vec<usize>,
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
    /// Rows that are not data (titles, notices, descriptions, footers), by row number.
    pub not_data: Vec<(usize, diag::NotData)>,
    /// Rows joined to the order of the row before (an order's items, a row each).
    pub item_rows: usize,
    /// Other kinds of record the file's rows give too (Mercado Libre's claims: disputes).
    pub also: Vec<Kind>,
}

impl FileReport {
    /// A report of nothing yet learned about file `name`.
    pub fn new(name: &str) -> FileReport {
        FileReport {
            name: name.to_owned(),
            kind: None,
            platform: Platform::Unknown,
            format: None,
            confidence: 0.0,
            format_report: None,
            mapped_by_user: false,
            date_columns: Vec::new(),
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
            not_data: Vec::new(),
            item_rows: 0,
            also: Vec::new(),
        }
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

/// The kinds no file was read as, in [`Kind::ALL`]'s order: their numbers are not assessed,
/// or (disputes) read 0%. A file of a kind with no data row counts as given (a disputes file of
/// headers only says there were none); one whose columns are still to map does not.
pub fn kinds_not_given(files: &[FileReport]) -> Vec<Kind> {
    Kind::ALL
        .into_iter()
        .filter(|k| {
            !files
                .iter()
                .any(|f| (f.kind == Some(*k) || f.also.contains(k)) && !f.needs_mapping())
        })
        .collect()
}
