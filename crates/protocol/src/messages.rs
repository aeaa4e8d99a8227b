//! The messages: what the page asks ([`Request`]) and what the worker answers ([`Response`]).

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use link::{LinkError, LinkPayload};
use sources::schema::{Kind, UserMapping};
use sources::{FileReport, Options};
use storescore_core::engine::{Analysis, RecordCounts, Settings};
use storescore_core::metrics::MetricId;
use storescore_core::rulebook::Rulebook;
use storescore_core::whatif::Baseline;
use text::i18n::Lang;

/// How the user asked one file to be read.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FileOptions {
    pub encoding: Option<String>,
    pub delimiter: Option<u8>,
    pub sheet: Option<String>,
    /// A known format to read the file as (overriding the one recognized).
    pub format: Option<String>,
}

/// A reading of files: how to read each, and how much is coming.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReadRequest {
    /// Names the reading (its progress; the files that came with it).
    pub id: u64,
    pub tz: Tz,
    pub options: Vec<(String, FileOptions)>,
    /// Column mappings by header set (`header_key`).
    pub mappings: Vec<(String, UserMapping)>,
    /// The user's own format files (JSON), tried before the built-in formats.
    #[serde(default)]
    pub formats: Vec<String>,
    /// The files' number and total size, for the progress.
    pub files: usize,
    pub bytes_total: u64,
    /// The same files read again: the records held go first (two sets at once would double
    /// the worker's peak memory), and a cancel leaves none.
    pub again: bool,
    /// Each file's last change as the browser says it (ms since the epoch): with its name and
    /// size, what tells a file already read (and kept, `reading::held::Held::reuse`) from another.
    #[serde(default)]
    pub modified: Vec<(String, f64)>,
}

impl ReadRequest {
    /// A reading of files of `sizes` bytes in zone `tz`, as read by default (reading `id`;
    /// no options, mappings or formats of the user's, no last changes: read once).
    pub fn plain(id: u64, tz: Tz, sizes: &[u64]) -> ReadRequest {
        ReadRequest {
            id,
            tz,
            options: Vec::new(),
            mappings: Vec::new(),
            formats: Vec::new(),
            files: sizes.len(),
            bytes_total: sizes.iter().sum(),
            again: false,
            modified: Vec::new(),
        }
    }

    /// How the user asked file `name` to be read.
    pub fn file_options(&self, name: &str) -> FileOptions {
        self.options
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, o)| o.clone())
            .unwrap_or_default()
    }

    pub fn options_for(&self, name: &str) -> Options {
        let o = self.file_options(name);
        Options {
            tz: self.tz,
            encoding: o.encoding,
            delimiter: o.delimiter,
            sheet: o.sheet,
            mapping: None,
            format: o.format,
            formats: Vec::new(),
        }
    }

    pub fn mapping_for(&self, key: &str) -> Option<&UserMapping> {
        self.mappings.iter().find(|(k, _)| k == key).map(|(_, m)| m)
    }
}

/// What the page asks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Read the files that came with this message (their handles travel beside its bytes:
    /// [`send_files`]), one after another, then prepare the records: answered by
    /// `Progress` as it goes, then `Loaded` (or `Cancelled`). Another `Read`, or `Sample`,
    /// arriving meanwhile takes over.
    Read(ReadRequest),
    /// Generate the sample store.
    Sample,
    /// Analyse the records held. `id` pairs the answer with the question.
    Analyse {
        id: u64,
        settings: Settings,
        rulebooks: Vec<Rulebook>,
    },
    /// What comes next and what came before, for the analysis `analysis` (its
    /// [`Request::Analyse`] id) judged with `rulebooks` and `inputs`: the recovery calendar,
    /// the targets, and the baseline of the window that ends where the analysis's starts.
    Outlook {
        analysis: u64,
        rulebooks: Vec<Rulebook>,
        inputs: storescore_core::checks::Inputs,
    },
    /// Stop the reading (between two chunks of rows, or between two files).
    Cancel,
    /// Read a rulebook file the user imports (JSON is read here, not in the page).
    ImportRulebook(String),
    /// Read a format file the user imports (a saved mapping, or a layout of their own).
    ImportFormat(String),
    /// Write a saved column mapping (its header set key and mapping) as a format file.
    ExportMapping(String, UserMapping),
    /// Write a rulebook as JSON for the user to download.
    ExportRulebook(Box<Rulebook>),
    /// Read a scenario link of an earlier version (`v1.`: JSON inside).
    OpenLink(String),
    /// Write all the violating records of (window, metric) of the analysis the page shows
    /// (its [`Request::Analyse`] `id`) as CSV, for a download named `name`.
    RecordsCsv {
        name: String,
        analysis: u64,
        window: u32,
        metric: MetricId,
        lang: Lang,
    },
}

/// How far a reading is, over all its files.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReadProgress {
    /// The reading (`ReadRequest::id`).
    pub reading: u64,
    /// The file being read (0-based) and how many there are.
    pub file: usize,
    pub files: usize,
    pub name: String,
    pub bytes_done: u64,
    pub bytes_total: u64,
    pub rows: u64,
}

/// What the page keeps of a reading.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub files: Vec<FileReport>,
    pub counts: RecordCounts,
    /// The built-in formats a file can be read as (the page offers them).
    pub formats: Vec<sources::formats::Choice>,
    /// How many of the files were read (the others' records were kept from an earlier
    /// reading: `reading::held::Held::reuse`).
    #[serde(default)]
    pub files_read: usize,
    /// The reading it ends (`ReadRequest::id`; 0 for the sample): the page drops the end of a
    /// reading another took over, as it drops its progress.
    #[serde(default)]
    pub reading: u64,
}

/// The answer to [`Request::Outlook`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outlook {
    /// The analysis it is of.
    pub analysis: u64,
    pub recovery: storescore_core::recovery::Recovery,
    pub targets: Vec<storescore_core::targets::Target>,
    /// The aggregates of the window that ends where the analysis's starts.
    pub previous: Option<Baseline>,
    /// That window, as the page shows it.
    pub previous_dates: Option<storescore_core::engine::WindowDates>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Response {
    Progress(ReadProgress),
    /// None when the records or the analysis it was asked for are gone.
    Outlook(Option<Box<Outlook>>),
    Loaded(Summary),
    Analysed {
        id: u64,
        analysis: Option<Box<Analysis>>,
        /// The worker's WebAssembly memory (its peak: linear memory only grows), for the
        /// browser benchmark.
        memory_bytes: u64,
        /// Where the time since the reading began went, for the browser benchmark.
        timing: Timing,
    },
    /// A reading stopped. `records_kept`: the records read before are still held (false when
    /// the same files were being read again).
    Cancelled {
        records_kept: bool,
    },
    /// An imported rulebook, validated, or why it was refused.
    RulebookImported(Result<Box<Rulebook>, String>),
    RulebookExported {
        id: String,
        json: String,
    },
    /// An imported format file, read, or why it was refused.
    FormatImported(Result<ImportedFormat, String>),
    /// A saved mapping written as a format file, for a download named `name`.
    MappingExported {
        name: String,
        json: String,
    },
    LinkOpened(Result<Option<Box<LinkPayload>>, LinkError>),
    /// The answer to [`Request::RecordsCsv`]: none when the lists held are not those of the
    /// analysis asked for (a newer one is computed, or other records are read), rather than
    /// another analysis's records under the name of the one shown.
    RecordsCsv {
        name: String,
        csv: Option<String>,
    },
}

/// Where the worker's time went from the start of a reading (or of the sample) to an analysis
/// sent, for the browser benchmark. Instants are milliseconds since the epoch
/// (`performance.timeOrigin + now()`), which the page's clock can be compared with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Timing {
    pub began_at: f64,
    pub sent_at: f64,
    /// Working on the requests since (reading, preparing, this analysis).
    pub busy_ms: f64,
    /// Waiting for the browser to read a file's next slice, and for a second lane of the
    /// reading to end (`reading::lane`; its own figures go to the browser benchmark on the
    /// `storescore-lane` channel, not through the page).
    pub waited_ms: f64,
}

/// A format file the user imported: a saved mapping (it carries its header row) or a layout
/// of their own, read by recognition before the built-in formats.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportedFormat {
    /// The file as the worker writes it again (what the page keeps and sends back).
    pub json: String,
    pub id: String,
    pub kind: Kind,
    pub report: String,
    /// The mapping it holds, by header set key, when it carries its header row.
    pub mapping: Option<(String, UserMapping)>,
}

/// Bytes read from a file at a time (a browser file by the worker, a file on disk by the CLI):
/// a piece costs one copy into memory, and the next is read while this one's rows are.
pub const PIECE_BYTES: usize = 4 << 20;
