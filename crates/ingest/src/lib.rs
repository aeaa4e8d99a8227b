//! Ingest: bytes in, records plus diagnostics out, for the page and the CLI alike. A bad row
//! costs that row (with a diagnostic naming file, row and column), a bad optional cell costs that
//! cell; a file that cannot be read at all gets one clear diagnostic and the other files load.
//! Nothing here panics on any input.

#![deny(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod dates;
pub mod decode;
pub mod records;
pub mod table;
pub mod values;
pub mod xlsx;

pub use sources::{diag, formats, limits, schema, FileReport, Options};

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use diag::{Code, Diagnostic, Severity};
use schema::{Field, Kind, Mapping, Platform};
use storescore_core::model::{Dataset, Fact, Facts};
use storescore_core::time::DEFAULT_ZONE;
use table::Table;

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

/// How far the reading of one file is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub bytes_done: u64,
    pub bytes_total: u64,
    /// Rows read so far (data rows and the header).
    pub rows: u64,
}

/// Rows per step of a streamed text file: small enough that a step takes a few milliseconds.
pub const STEP_ROWS: usize = 16_384;

/// The rows of a text file's start that are looked at before its rows are read: the header
/// is looked for among the first [`HEADER_WITHIN`], and each date column's day order is
/// decided from the values of all of them. A file read as it arrives must hold them whole in
/// its first piece (else it is read whole), so that both readings decide alike.
const HEAD_ROWS: usize = 64;

/// The start of a text file's first bytes that holds its header and first rows: its first
/// lines, four times [`HEAD_ROWS`] of them (a quoted field may hold line breaks), or all of
/// `bytes`. What recognising the file needs; reading it (or checking all of its first piece)
/// is [`Loader::new`]'s and [`Loader::streaming`]'s.
pub fn head_lines(bytes: &[u8]) -> &[u8] {
    memchr::memchr_iter(b'\n', bytes)
        .nth(4 * HEAD_ROWS)
        .map_or(bytes, |i| &bytes[..=i])
}

/// Rows searched for the header: a title, notices and a section row may sit above it.
const HEADER_WITHIN: usize = 30;

/// A text file being read a chunk of rows at a time.
struct Stream<'a> {
    /// The whole text, or nothing when it arrives in pieces (`window`).
    text: std::borrow::Cow<'a, str>,
    window: Option<Arriving>,
    cursor: table::Cursor,
    reading: records::Reading,
    mapping: Mapping,
    /// Rows up to and including the header row (not data).
    header_rows: usize,
    tz: Tz,
    /// Where the diagnostics about the whole file, known only at its end, go.
    diag_mark: usize,
    /// The last chunk's row records, read into again (see [`table::Cursor::next_rows_pooled`]).
    pool: Vec<table::Row>,
    /// Where its rows start: 0, or a row's start for the rest of a file ([`Loader::rest_from`]).
    start: usize,
    /// The rest of a file: what is known only at the file's end is kept for the loader of the
    /// rows before ([`Loader::into_rest`]), not said.
    rest: bool,
}

/// The rows of a file from a row's start on, read by another lane while the file's own loader
/// reads the rows before them ([`Loader::rest_from`], [`Loader::join_rest`]).
pub struct Rest {
    ds: Dataset,
    rep: FileReport,
    rows_read: usize,
    rows_cut: bool,
    columns_cut: bool,
    /// Its quotes, and whether bytes were replaced (the whole file's end says them).
    quotes: usize,
    replaced: bool,
    /// Its start, in the file's bytes.
    at: usize,
}

/// What a [`Rest`] knows besides its records and report, as it crosses between workers
/// ([`Rest::into_parts`], [`Rest::from_parts`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestMeta {
    pub rows_read: usize,
    pub rows_cut: bool,
    pub columns_cut: bool,
    pub quotes: usize,
    pub replaced: bool,
    pub at: usize,
}

impl Rest {
    /// The byte of the file where these rows start.
    pub fn at(&self) -> usize {
        self.at
    }

    /// Its records, report and the rest of what it knows (for another worker, where
    /// [`Rest::from_parts`] makes it again).
    pub fn into_parts(self) -> (Dataset, FileReport, RestMeta) {
        let meta = RestMeta {
            rows_read: self.rows_read,
            rows_cut: self.rows_cut,
            columns_cut: self.columns_cut,
            quotes: self.quotes,
            replaced: self.replaced,
            at: self.at,
        };
        (self.ds, self.rep, meta)
    }

    /// What [`Rest::into_parts`] took apart.
    pub fn from_parts(ds: Dataset, rep: FileReport, meta: RestMeta) -> Rest {
        Rest {
            ds,
            rep,
            rows_read: meta.rows_read,
            rows_cut: meta.rows_cut,
            columns_cut: meta.columns_cut,
            quotes: meta.quotes,
            replaced: meta.replaced,
            at: meta.at,
        }
    }
}

/// The text of a file read as its bytes arrive, from byte `base` of the whole text on: the
/// text before the next record is dropped as the rows are read, so a large file is never
/// held whole (for 1M orders the worker held 245 MB of text besides the records).
#[derive(Debug, Default)]
struct Arriving {
    delimiter: u8,
    buf: String,
    base: usize,
    /// `buf[..complete]` ends after a complete record: a newline outside quotes.
    complete: usize,
    /// The search for record ends resumes here, in this state (see `scan`).
    scanned: usize,
    quoted: bool,
    field_start: bool,
    /// Where the last quote outside quotes closed a quoted field (a quote right after it is
    /// an escaped quote: the field goes on).
    closed_at: Option<usize>,
    /// The start of a character cut at the end of the last piece.
    cut: Vec<u8>,
    /// All of the file has come.
    last: bool,
    /// Quotes seen: an odd count at the end means one was never closed (as for a whole text).
    quotes: usize,
    /// Bytes that are not UTF-8 were replaced.
    replaced: bool,
}

/// Text before the next record is dropped once it is this long.
const WINDOW_DROP: usize = 1 << 20;

impl Arriving {
    /// Drops the text before the cursor's next record once it is long.
    fn forget_passed(&mut self, cursor: &mut table::Cursor) {
        let passed = cursor.pos().saturating_sub(self.base).min(self.complete);
        if passed >= WINDOW_DROP && self.buf.is_char_boundary(passed) {
            self.buf.drain(..passed);
            self.base += passed;
            self.complete -= passed;
            self.scanned -= passed;
            self.closed_at = self.closed_at.and_then(|z| z.checked_sub(passed));
            cursor.forget_passed();
        }
    }

    fn complete_text(&self) -> &str {
        self.buf.get(..self.complete).unwrap_or_default()
    }

    fn push(&mut self, bytes: &[u8]) {
        let joined;
        let mut rest = if self.cut.is_empty() {
            bytes
        } else {
            let mut j = std::mem::take(&mut self.cut);
            j.extend_from_slice(bytes);
            joined = j;
            &joined[..]
        };
        loop {
            // encoding_rs's check (vectorised where the target allows) for the usual piece of
            // valid text; the standard library's says where a piece that is not goes wrong.
            if let Some(std::borrow::Cow::Borrowed(text)) =
                encoding_rs::UTF_8.decode_without_bom_handling_and_without_replacement(rest)
            {
                self.buf.push_str(text);
                break;
            }
            match std::str::from_utf8(rest) {
                Ok(text) => {
                    self.buf.push_str(text);
                    break;
                }
                Err(e) => {
                    let (good, bad) = rest.split_at(e.valid_up_to());
                    self.buf
                        .push_str(std::str::from_utf8(good).unwrap_or_default());
                    match e.error_len() {
                        // A character cut by the end of this piece: the next piece ends it.
                        None => {
                            self.cut = bad.to_vec();
                            break;
                        }
                        Some(n) => {
                            self.buf.push('\u{fffd}');
                            self.replaced = true;
                            rest = bad.get(n..).unwrap_or_default();
                        }
                    }
                }
            }
        }
    }

    fn end(&mut self) {
        if !self.cut.is_empty() {
            self.cut.clear();
            self.buf.push('\u{fffd}');
            self.replaced = true;
        }
        self.last = true;
        self.scan();
        self.complete = self.buf.len();
    }

    /// Finds the last record end, quoting as the csv crate does: a quote opens a quoted field
    /// only at the field's start, a doubled quote inside one is a quote, and a newline inside
    /// one is not a record end.
    fn scan(&mut self) {
        let d = self.delimiter;
        let b = self.buf.as_bytes();
        let from = self.scanned;
        let new = b.get(from..).unwrap_or_default();
        // Most text holds no quote: outside a quoted field, its last newline ends a record,
        // and the fields need no look of their own (stepping through every delimiter cost as
        // much as a tenth of reading the rows).
        if !self.quoted && !new.is_empty() && memchr::memchr(b'"', new).is_none() {
            if let Some(k) = memchr::memrchr(b'\n', new) {
                self.complete = from + k + 1;
            }
            // As the loop below leaves them: a quote that closed a field before these bytes
            // can no longer be followed by one that escapes it, and a field starts after a
            // delimiter or a row end (a carriage return ends a row for the csv crate too).
            self.closed_at = None;
            self.field_start = matches!(new.last(), Some(&c) if c == d || c == b'\n' || c == b'\r');
            self.scanned = b.len();
            return;
        }
        let mut prev = from.checked_sub(1);
        for k in memchr::memchr3_iter(b'"', b'\n', d, b.get(from..).unwrap_or_default()) {
            let k = from + k;
            // Other bytes since the last one looked at: the field has started, unless the
            // last of them is a carriage return (which the csv crate also takes for a row end).
            if prev.is_some_and(|p| k > p + 1) || (prev.is_none() && k > 0) {
                self.field_start = k.checked_sub(1).and_then(|i| b.get(i)) == Some(&b'\r');
            }
            prev = Some(k);
            let c = b[k];
            if self.quoted {
                if c == b'"' {
                    self.quotes += 1;
                    self.quoted = false;
                    self.closed_at = Some(k);
                }
                continue;
            }
            match c {
                b'"' => {
                    self.quotes += 1;
                    if self.field_start || self.closed_at.is_some_and(|z| z + 1 == k) {
                        self.quoted = true;
                    }
                    self.field_start = false;
                }
                b'\n' => {
                    self.complete = k + 1;
                    self.field_start = true;
                }
                _ => self.field_start = true,
            }
            self.closed_at = self.closed_at.filter(|&z| z == k);
        }
        if b.len() > prev.map_or(0, |p| p + 1) {
            self.field_start = b.last() == Some(&b'\r');
        }
        self.scanned = b.len();
    }
}
/// One file read step by step: a text file a chunk of rows at a time (never a table of every
/// row at once), a workbook in one step. The page's worker yields between steps to report
/// progress and hear a cancel; [`load_file`] runs one to its end. Never panics.
pub struct Loader<'a> {
    rep: FileReport,
    ds: Dataset,
    stream: Option<Stream<'a>>,
    bytes_total: usize,
    /// The rest of a file, read to its end: its stream, kept for [`Loader::into_rest`].
    parked: Option<Stream<'a>>,
}

impl<'a> Loader<'a> {
    /// Reads what must be known before the rows: format, encoding, header, kind, columns.
    pub fn new(name: &str, bytes: &'a [u8], opts: &Options) -> Loader<'a> {
        let mut l = Loader::unread(name, bytes.len());
        l.start(bytes, opts);
        l
    }

    /// A file over the size limit, refused by its size alone (its bytes never read).
    pub fn too_large(name: &str, size: u64) -> Loader<'a> {
        let mut l = Loader::unread(name, usize::try_from(size).unwrap_or(usize::MAX));
        l.fail(Code::TooLarge, Some(too_large_detail(size)));
        l
    }

    /// A file that could not be read to its end (the browser lost it): no records from it.
    pub fn unreadable(name: &str, size: u64, detail: String) -> Loader<'a> {
        let mut l = Loader::unread(name, usize::try_from(size).unwrap_or(usize::MAX));
        l.fail(Code::Unreadable, Some(detail));
        l
    }

    fn unread(name: &str, bytes_total: usize) -> Loader<'a> {
        Loader {
            rep: FileReport::new(name),
            ds: Dataset::default(),
            stream: None,
            bytes_total,
            parked: None,
        }
    }

    fn fail(&mut self, code: Code, detail: Option<String>) {
        self.rep.diagnostics.push(Diagnostic::file(
            &self.rep.name,
            code,
            Severity::Error,
            detail,
        ));
    }

    fn start(&mut self, bytes: &'a [u8], opts: &Options) {
        let name = self.rep.name.clone();
        if bytes.iter().all(|b| b.is_ascii_whitespace()) {
            return self.fail(Code::Empty, None);
        }
        if bytes.len() > limits::MAX_FILE_BYTES {
            return self.fail(Code::TooLarge, Some(too_large_detail(bytes.len() as u64)));
        }
        match sniff(bytes) {
            Format::Zip | Format::Ole => match xlsx::read_workbook(bytes) {
                Ok(tables) => {
                    if let Some((t, hrow, reading, mapping)) = self.choose(tables, opts) {
                        if t.rows_cut {
                            self.rep.diagnostics.push(rows_cut(&name));
                        }
                        if t.columns_cut {
                            self.rep.diagnostics.push(columns_cut(&name));
                        }
                        records::build(
                            &reading,
                            &t,
                            hrow,
                            opts.tz,
                            &mapping,
                            &mut self.ds,
                            &mut self.rep,
                        );
                        self.ds.shrink_to_fit();
                        self.say_not_data();
                    }
                }
                Err(e) => self.fail(e.code(), e.detail()),
            },
            Format::Text => {
                let forced = opts.encoding.as_deref().and_then(decode::encoding_for);
                let d = decode::decode(bytes, forced);
                // A text file: known before anything can fail, so its reading options stay offered.
                self.rep.encoding = Some(d.encoding.to_owned());
                if looks_binary(&d.text) {
                    return match forced {
                        // The user chose an encoding the bytes are not in: say that, not "binary".
                        Some(e) => self.fail(
                            Code::Encoding,
                            Some(format!("the file does not read as {}", e.name())),
                        ),
                        None => self.fail(Code::NotASpreadsheet, None),
                    };
                }
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
                    self.rep.diagnostics.push(Diagnostic::file(
                        &name,
                        Code::Encoding,
                        severity,
                        Some(detail),
                    ));
                }
                if table::unclosed_quote(&d.text) {
                    self.rep.diagnostics.push(Diagnostic::file(
                        &name,
                        Code::UnclosedQuote,
                        Severity::Warning,
                        None,
                    ));
                }
                self.open_text(d.text, None, opts);
            }
        }
    }

    /// Finds the delimiter, header, kind and columns of a text (whole, or the window of a file
    /// read as it arrives, whose first rows are in it), and readies its rows.
    fn open_text(
        &mut self,
        text: std::borrow::Cow<'a, str>,
        window: Option<Arriving>,
        opts: &Options,
    ) {
        let known = window.as_ref().map_or(&*text, Arriving::complete_text);
        let delimiter = match &window {
            Some(w) => w.delimiter,
            None => opts
                .delimiter
                .unwrap_or_else(|| table::sniff_delimiter(known)),
        };
        self.rep.delimiter = Some(char::from(delimiter));
        // The first rows: the header among them, and enough values to tell each date column's
        // day order.
        let head = table::Cursor::new(known, delimiter).next_rows_in(
            known,
            0,
            window.is_none(),
            HEAD_ROWS,
        );
        let diag_mark = self.rep.diagnostics.len();
        let Some((_, hrow, reading, mapping)) = self.choose(vec![head], opts) else {
            return;
        };
        // Room for the records is made chunk by chunk (see `make_room`). The rows are read
        // again from the start; the head is a few rows.
        self.stream = Some(Stream {
            diag_mark,
            cursor: table::Cursor::new(window.as_ref().map_or(&*text, |w| &w.buf), delimiter),
            text,
            window,
            reading,
            mapping,
            header_rows: hrow + 1,
            tz: opts.tz,
            pool: Vec::new(),
            start: 0,
            rest: false,
        });
    }

    /// The table to read and its header, kind and columns; None when the file fails (said in
    /// its report).
    fn choose(
        &mut self,
        tables: Vec<Table>,
        opts: &Options,
    ) -> Option<(Table, usize, records::Reading, Mapping)> {
        let rep = &mut self.rep;
        rep.sheets = tables.iter().filter_map(|t| t.sheet.clone()).collect();
        // The sheet asked for, else the first recognizable one, else the first with rows.
        let tables: Vec<Table> = match &opts.sheet {
            Some(name) if rep.sheets.contains(name) => tables
                .into_iter()
                .filter(|t| t.sheet.as_ref() == Some(name))
                .collect(),
            _ => tables,
        };
        let forced = opts
            .format
            .as_deref()
            .and_then(|id| formats::by_id(id, &opts.formats));
        let mut chosen: Option<(Table, usize, schema::Recognition)> = None;
        for t in tables {
            let Some((hrow, rec)) = find_header(&t, forced.as_ref(), &opts.formats) else {
                if chosen.is_none() && !t.rows.is_empty() {
                    // No row is a header any format or name knows: the likeliest one, for the
                    // mapping step (not a title line above it).
                    let hrow = guess_header(&t);
                    chosen = Some((t, hrow, schema::recognize(&[])));
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
            self.fail(Code::Empty, None);
            return None;
        };
        rep.sheet = t.sheet.clone();
        let headers: Vec<String> = t.rows.get(hrow).map(|r| owned(&r.1)).unwrap_or_default();
        rep.header_row = t.rows.get(hrow).map(|r| r.0);
        rep.headers = headers.clone();
        if let Some((kind, mapping)) = &opts.mapping {
            rep.mapped_by_user = true;
            rec.format = None;
            rec.platform = Platform::Unknown;
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
        rep.format = rec.format.as_ref().map(|f| f.id.clone());
        rep.format_report = rec.format.as_ref().map(|f| f.report.clone());
        rep.confidence = (rec.confidence * 100.0).round() / 100.0;
        // The rows above the header (titles, notices, a section row) are not data: said.
        rep.not_data.extend(
            t.rows
                .iter()
                .take(hrow)
                .filter(|(_, r)| r.iter().any(|c| !values::blank(c)))
                .map(|(line, _)| (*line, diag::NotData::AboveHeader)),
        );
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
        // Columns whose values all read as dates: the mapping step offers them for times.
        rep.date_columns = (0..headers.len())
            .filter(|c| {
                let mut cells = rep
                    .preview
                    .iter()
                    .filter_map(|r| r.get(*c))
                    .filter(|v| !values::blank(v))
                    .peekable();
                cells.peek().is_some()
                    && cells.all(|v| {
                        values::parse_ts(v, opts.tz).is_ok_and(|t| t.is_some())
                            && v.parse::<f64>().is_err()
                    })
            })
            .collect();
        let Some(kind) = rec.kind else {
            // The columns seen, and the known exports nearest to them.
            let near: Vec<String> = formats::nearest(&headers, 3)
                .into_iter()
                .map(|(id, share)| format!("{id} {}%", (share * 100.0).round()))
                .collect();
            // The nearest formats first: a detail is shortened, and they say the most.
            let mut detail = headers.join(", ");
            if !near.is_empty() {
                detail = format!("nearest known formats: {} | {detail}", near.join(", "));
            }
            self.fail(Code::UnknownKind, Some(detail));
            return None;
        };
        if rep.data_rows == 0 {
            self.fail(Code::HeaderOnly, None);
            return None;
        }
        if !rec.missing.is_empty() {
            let names: Vec<&str> = rec.missing.iter().map(|f| f.canonical()).collect();
            self.fail(Code::MissingColumn, Some(names.join(", ")));
            return None;
        }
        // A known format's repeated names (Mercado Libre's sections) are expected: the first of
        // each is the one read.
        if rec.format.is_none() {
            duplicate_headers(&headers, &mut self.rep);
        }
        if kind == Kind::Orders {
            self.ds.order_facts = Some(order_facts(&rec.mapping, rec.format.as_deref()));
        }
        let reading = records::begin(kind, rec.format, &rec.mapping, &t, hrow + 1, &mut self.rep);
        if reading.row_disputes.is_some() {
            self.rep.also.push(Kind::Disputes);
        }
        Some((t, hrow, reading, rec.mapping))
    }

    /// One line for the rows that were not data, naming them (nothing is dropped silently).
    fn say_not_data(&mut self) {
        let said = diag::not_data(&self.rep.name, &self.rep.not_data);
        self.rep.diagnostics.extend(said);
    }

    /// Reads up to `rows` more rows; false once the file is read to its end.
    pub fn step(&mut self, rows: usize) -> bool {
        let Some(s) = self.stream.as_mut() else {
            return false;
        };
        let (text, base, last) = match &s.window {
            Some(w) => (w.complete_text(), w.base, w.last),
            None => (&*s.text, 0, true),
        };
        let chunk = s
            .cursor
            .next_rows_pooled(text, base, last, rows.max(1), &mut s.pool);
        // Rows of this chunk that are the header or above it.
        let read_before = s.cursor.rows_read - chunk.rows.len();
        let first = s.header_rows.saturating_sub(read_before);
        let rows_left = match &s.window {
            // Bytes left at the rate of rows per byte so far.
            Some(_) => {
                let (pos, total) = (s.cursor.pos(), self.bytes_total);
                let done = pos.saturating_sub(s.start).max(1);
                (total.saturating_sub(pos) as f64 * s.cursor.rows_read as f64 / done as f64)
                    as usize
            }
            None => s.cursor.lines().saturating_sub(s.cursor.rows_read),
        };
        make_room(
            &mut self.ds,
            s.reading.kind,
            chunk.rows.len().saturating_sub(first),
            read_before.saturating_sub(s.header_rows),
            rows_left,
        );
        records::build_rows(
            &s.reading,
            &chunk,
            first,
            &s.mapping,
            s.tz,
            &mut self.ds,
            &mut self.rep,
        );
        s.pool.extend(chunk.rows.into_iter().map(|(_, r)| r));
        if s.cursor.done() {
            self.end();
            return false;
        }
        match &mut s.window {
            Some(w) => {
                w.forget_passed(&mut s.cursor);
                // Until more of the file comes.
                s.cursor.pos() < w.base + w.complete
            }
            None => true,
        }
    }

    /// A text file read as its bytes arrive: `head` is its first bytes, `size` all of them.
    /// Given back when the file must be read whole: a workbook, a text not in UTF-8 (its
    /// encoding is guessed from all of it), a head without its first rows whole.
    pub fn streaming(
        name: &str,
        head: Vec<u8>,
        size: usize,
        opts: &Options,
    ) -> Result<Loader<'static>, Vec<u8>> {
        let utf8 = opts
            .encoding
            .as_deref()
            .and_then(decode::encoding_for)
            .is_none_or(|e| e == encoding_rs::UTF_8);
        if !utf8
            || size > limits::MAX_FILE_BYTES
            || !matches!(sniff(&head), Format::Text)
            || head.starts_with(&[0xFF, 0xFE])
            || head.starts_with(&[0xFE, 0xFF])
            // UTF-16 without a byte order mark.
            || memchr::memchr(0, &head).is_some()
            || head.iter().all(u8::is_ascii_whitespace)
        {
            return Err(head);
        }
        let mut w = Arriving {
            field_start: true,
            ..Arriving::default()
        };
        w.push(head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head));
        if w.replaced || looks_binary(&w.buf) {
            return Err(head);
        }
        let d = opts
            .delimiter
            .unwrap_or_else(|| table::sniff_delimiter(&w.buf));
        w.delimiter = d;
        w.scan();
        // The header and the first rows whole (as `open_text` reads them).
        let known = w.complete_text();
        if table::Cursor::new(known, d)
            .next_rows_in(known, 0, false, HEAD_ROWS)
            .rows
            .len()
            < HEAD_ROWS
        {
            return Err(head);
        }
        let mut l = Loader::unread(name, size);
        l.rep.encoding = Some("UTF-8".to_owned());
        l.open_text(std::borrow::Cow::Borrowed(""), Some(w), opts);
        Ok(l)
    }

    /// More of a file read as it arrives (see [`Loader::streaming`]); `step` reads its rows.
    pub fn feed(&mut self, bytes: &[u8]) {
        self.grow(|w| {
            w.push(bytes);
            w.scan();
        });
    }

    /// All of a file read as it arrives has come: `step` reads it to its end.
    pub fn end_input(&mut self) {
        self.grow(Arriving::end);
    }

    /// Adds to the window of a file read as it arrives, and notes the newlines added.
    fn grow(&mut self, add: impl FnOnce(&mut Arriving)) {
        if let Some(Stream {
            window: Some(w),
            cursor,
            ..
        }) = &mut self.stream
        {
            let (from, at) = (w.buf.len(), w.base + w.buf.len());
            add(w);
            cursor.index(w.buf.get(from..).unwrap_or_default(), at);
        }
    }

    fn end(&mut self) {
        let Some(s) = self.stream.take() else {
            return;
        };
        if s.rest {
            self.parked = Some(s);
            return;
        }
        self.ds.shrink_to_fit();
        let rep = &mut self.rep;
        rep.data_rows = s.cursor.rows_read.saturating_sub(s.header_rows);
        let mut whole = Vec::new();
        if s.cursor.rows_cut {
            whole.push(rows_cut(&rep.name));
        }
        if s.cursor.columns_cut {
            whole.push(columns_cut(&rep.name));
        }
        if let Some(w) = &s.window {
            // Known only once all of it has come (a whole text says them first), and said as
            // for a whole text read as UTF-8 with bytes replaced.
            if w.replaced {
                whole.push(Diagnostic::file(
                    &rep.name,
                    Code::Encoding,
                    Severity::Warning,
                    Some(encoding_rs::UTF_8.name().to_owned()),
                ));
            }
            if w.quotes % 2 == 1 {
                whole.push(Diagnostic::file(
                    &rep.name,
                    Code::UnclosedQuote,
                    Severity::Warning,
                    None,
                ));
            }
        }
        let at = s.diag_mark.min(rep.diagnostics.len());
        rep.diagnostics.splice(at..at, whole);
        self.say_not_data();
    }

    /// A loader for the rows of this file from byte `at` of its text on, which must be a row's
    /// start (right after a newline): read as this one reads its rows (the same header, columns
    /// and date plans, decided from the file's first rows, which this one has read), by another
    /// lane while this one reads the rows before. None unless this is a text read as it
    /// arrives ([`Loader::streaming`]) whose rows are still to read.
    pub fn rest_from(&self, at: usize) -> Option<Loader<'static>> {
        let s = self.stream.as_ref()?;
        let w = s.window.as_ref()?;
        let mut rep = FileReport::new(&self.rep.name);
        rep.headers = self.rep.headers.clone();
        rep.sheet = self.rep.sheet.clone();
        let mut l = Loader::unread(&self.rep.name, self.bytes_total);
        l.rep = rep;
        l.stream = Some(Stream {
            text: std::borrow::Cow::Borrowed(""),
            window: Some(Arriving {
                delimiter: w.delimiter,
                base: at,
                field_start: true,
                ..Arriving::default()
            }),
            cursor: table::Cursor::at(at, s.cursor.delimiter),
            reading: s.reading.clone(),
            mapping: s.mapping.clone(),
            header_rows: 0,
            tz: s.tz,
            diag_mark: 0,
            pool: Vec::new(),
            start: at,
            rest: true,
        });
        Some(l)
    }

    /// The rows read by a loader of [`Loader::rest_from`], once all its bytes have come
    /// ([`Loader::end_input`]); None if it is not one.
    pub fn into_rest(mut self) -> Option<Rest> {
        while self.step(STEP_ROWS) {}
        let s = self.parked.take()?;
        let w = s.window.as_ref()?;
        Some(Rest {
            rows_read: s.cursor.rows_read,
            rows_cut: s.cursor.rows_cut,
            columns_cut: s.cursor.columns_cut,
            quotes: w.quotes,
            replaced: w.replaced,
            at: s.start,
            ds: self.ds,
            rep: self.rep,
        })
    }

    /// Takes the rows of the rest of the file, read by another lane from where the bytes given
    /// to this loader end, as if this one had read them: when these bytes end at a row's start
    /// outside quotes and every row of them is read, the rest's rows are the rows reading on
    /// would give (their rows numbered on from these). Says whether it took them; if not
    /// (a quoted field goes on past these bytes, the row limit), nothing changed and the
    /// caller gives this loader the rest of the bytes instead. Then [`Loader::end_input`].
    pub fn join_rest(&mut self, rest: Rest) -> bool {
        let Some(s) = self.stream.as_mut() else {
            return false;
        };
        let Some(w) = s.window.as_mut() else {
            return false;
        };
        // Its text ends after a record's end (a newline outside quotes: the text before is
        // dropped only up to one), and every row of it is read.
        let read_all = !w.quoted
            && w.cut.is_empty()
            && w.complete == w.buf.len()
            && s.cursor.pos() == w.base + w.buf.len()
            && !s.cursor.done();
        if !read_all || rest.rows_cut || s.cursor.rows_read + rest.rows_read >= limits::MAX_ROWS {
            return false;
        }
        // The rest's rows are numbered from its start: on from this text's newlines.
        let lines = s.cursor.lines() - 1;
        let Rest { ds, rep, .. } = rest;
        s.cursor.rows_read += rest.rows_read;
        s.cursor.columns_cut |= rest.columns_cut;
        w.quotes += rest.quotes;
        w.replaced |= rest.replaced;
        let joined = records::join_seam(&s.reading, &mut self.ds, ds);
        let me = &mut self.rep;
        me.loaded += rep.loaded - usize::from(joined);
        me.item_rows += rep.item_rows + usize::from(joined);
        me.diagnostics
            .extend(rep.diagnostics.into_iter().map(|mut d| {
                d.row = d.row.map(|r| r + lines);
                d
            }));
        me.not_data
            .extend(rep.not_data.into_iter().map(|(r, why)| (r + lines, why)));
        true
    }

    /// The file's report so far (complete once the header is read, but for row counts).
    pub fn report(&self) -> &FileReport {
        &self.rep
    }

    pub fn progress(&self) -> Progress {
        let (bytes_done, rows) = match &self.stream {
            // Text bytes after decoding: near enough to the file's bytes for a progress bar.
            Some(s) => (s.cursor.pos().min(self.bytes_total), s.cursor.rows_read),
            None => (
                self.bytes_total,
                self.rep.data_rows + self.rep.header_row.map_or(0, |_| 1),
            ),
        };
        Progress {
            bytes_done: bytes_done as u64,
            bytes_total: self.bytes_total as u64,
            rows: rows as u64,
        }
    }

    /// The records and the report (reading whatever rows are left).
    pub fn finish(mut self) -> (Dataset, FileReport) {
        while self.step(STEP_ROWS) {}
        (self.ds, self.rep)
    }
}

/// Makes room for the records of a chunk of `now` rows when there is not enough: for the
/// records the rest of the file will likely give too (the `left` rows after it at the records
/// per row so far, with a tenth more), never by doubling. A vector grown by doubling holds
/// its old and new buffers at once, and the worker's memory never shrinks: for 1M orders, one
/// doubling near the end cost 600 MB. A file of junk rows gives few records and gets little
/// room. The spare room is given back at the end (`Dataset::shrink_to_fit`).
fn make_room(ds: &mut Dataset, kind: Kind, now: usize, data_rows_before: usize, left: usize) {
    fn room<T>(v: &mut Vec<T>, now: usize, rows_before: usize, left: usize) {
        if v.capacity() - v.len() >= now {
            return;
        }
        // The first chunk: room for it alone (no rate is known yet).
        let later = if rows_before == 0 {
            0
        } else {
            let per_row = v.len() as f64 / rows_before as f64;
            ((left as f64 * per_row * 1.1) as usize).min(limits::MAX_ROWS)
        };
        v.reserve_exact(now + later);
    }
    match kind {
        Kind::Orders => room(&mut ds.orders, now, data_rows_before, left),
        Kind::Messages => room(&mut ds.messages, now, data_rows_before, left),
        Kind::Disputes => room(&mut ds.disputes, now, data_rows_before, left),
        Kind::Reviews => room(&mut ds.reviews, now, data_rows_before, left),
    }
}

/// The order facts a file's columns carry (a metric needing another is not assessed).
fn order_facts(mapping: &Mapping, format: Option<&formats::Format>) -> Facts {
    let has = |f: Field| mapping.contains_key(&f);
    let statuses_tell = format.is_some_and(|f| {
        !f.values.cancelled_statuses.is_empty() || !f.values.cancelled_by.is_empty()
    }) && has(Field::Status);
    let mut facts = Facts::default();
    for (fact, carried) in [
        (
            Fact::Cancellation,
            has(Field::CancelledAt) || has(Field::CancelInitiator) || statuses_tell,
        ),
        (Fact::ShipDeadline, has(Field::ShipDeadline)),
        (Fact::Shipped, has(Field::ShippedAt)),
        (Fact::TrackingNumber, has(Field::TrackingNumber)),
        (Fact::FirstCarrierScan, has(Field::FirstCarrierScanAt)),
        (Fact::Delivered, has(Field::DeliveredAt)),
        (Fact::PromisedDelivery, has(Field::PromisedDeliveryBy)),
        (Fact::ShippingFee, has(Field::ShippingFee)),
        (Fact::Amount, has(Field::Amount)),
    ] {
        if carried {
            facts = facts.with(fact);
        }
    }
    facts
}

fn too_large_detail(size: u64) -> String {
    format!("{} MB", size >> 20)
}

fn rows_cut(name: &str) -> Diagnostic {
    Diagnostic::file(
        name,
        Code::TooLarge,
        Severity::Warning,
        Some(format!(
            "only the first {} rows were read",
            limits::MAX_ROWS
        )),
    )
}

fn columns_cut(name: &str) -> Diagnostic {
    Diagnostic::file(
        name,
        Code::TooLarge,
        Severity::Warning,
        Some(format!(
            "only the first {} columns were read",
            limits::MAX_COLUMNS
        )),
    )
}

/// Reads one file. Never panics; never fails the other files.
pub fn load_file(name: &str, bytes: &[u8], opts: &Options) -> (Dataset, FileReport) {
    Loader::new(name, bytes, opts).finish()
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

/// The header row among the first rows: the one a known format fits best, else the one most
/// generic names recognize. A format's header may sit under titles and notices.
fn find_header(
    t: &Table,
    forced: Option<&std::sync::Arc<formats::Format>>,
    extra: &[std::sync::Arc<formats::Format>],
) -> Option<(usize, schema::Recognition)> {
    let mut best: Option<(f64, usize, schema::Recognition)> = None;
    for (i, (_, row)) in t.rows.iter().take(HEADER_WITHIN).enumerate() {
        let cells = owned(row);
        let rec = match forced {
            Some(f) => {
                let normalized: Vec<String> = cells.iter().map(|h| schema::normalize(h)).collect();
                let fit = formats::fit(f, &normalized);
                if fit.mapping.is_empty() {
                    continue;
                }
                schema::from_format(fit, &cells)
            }
            None => schema::recognize_with(&cells, extra),
        };
        // A format's header sits within its first rows (titles and notices above it).
        if rec.kind.is_none() || rec.format.as_ref().is_some_and(|f| i >= f.header_within) {
            continue;
        }
        // A format's fit first, then complete mappings, then the most columns mapped.
        let score = if rec.format.is_some() {
            1000.0 + rec.confidence * 100.0
        } else {
            0.0
        } + if rec.missing.is_empty() { 100.0 } else { 0.0 }
            + rec.mapping.len() as f64;
        if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
            best = Some((score, i, rec));
        }
    }
    best.map(|(_, i, r)| (i, r))
}

/// The row most likely to be the header of a table no format or name recognizes: among the
/// first rows, the first as wide as the widest, of text that is neither numbers nor dates.
fn guess_header(t: &Table) -> usize {
    let rows: Vec<&table::Row> = t.rows.iter().take(HEADER_WITHIN).map(|(_, r)| r).collect();
    let filled = |r: &table::Row| r.iter().filter(|c| !values::blank(c)).count();
    let widest = rows.iter().map(|r| filled(r)).max().unwrap_or(0);
    rows.iter()
        .position(|r| {
            let n = filled(r);
            n >= 2
                && n * 10 >= widest * 8
                && r.iter().filter(|c| !values::blank(c)).all(|c| {
                    c.parse::<f64>().is_err()
                        && !matches!(values::parse_ts(c, DEFAULT_ZONE), Ok(Some(_)))
                })
        })
        .unwrap_or(0)
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
