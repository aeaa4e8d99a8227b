//! The work of the page's worker: it is handed the dropped files' handles (never their bytes: the page
//! does not read them), reads each file a slice at a time and its rows a chunk at a time
//! (reporting progress, hearing a cancel between chunks), drops the bytes once read, keeps the
//! records, and runs the one pass over them (`engine::analyse`). A text file's rows are read
//! as its slices come, so it is never whole in the worker's memory; a workbook is kept until
//! its end. Each file is read once: the records of every file read are kept with what it was
//! read as (zone, options, mapping; within [`KEEP_BYTES`]), and a later reading (a file added
//! or taken out, another mapping for one file) takes them instead of reading the file again.
//! The page always hands over all the files' handles; the worker reads those it does not
//! have. The page keeps only what the worker sends back: each file's report, the counts and
//! the analysis (aggregates, plus the violating records its tables show: the worker
//! keeps the whole lists and writes their CSV), from which every what-if is computed on the
//! page itself.
//!
//! The messages themselves are the `protocol` crate's; this module does the work they ask,
//! host-neutral and tested natively. The `worker` crate runs it in the browser.

use chrono_tz::Tz;

use std::collections::BTreeMap;
use std::sync::Arc;

use ingest::{Loader, STEP_ROWS};
pub use protocol::{
    FileOptions, ImportedFormat, Outlook, ReadProgress, ReadRequest, Request, Response, Summary,
    Timing,
};
use sources::limits::MAX_FILE_BYTES;
use sources::schema::{header_key, UserMapping};
use sources::{FileReport, Options};
use storescore_core::engine::{Analysis, Settings, RECORDS_LISTED};
use storescore_core::fork::{Fork, InTurn};
use storescore_core::metrics::{MetricId, Violation};
use storescore_core::model::{Dataset, Message};
use storescore_core::prepared::Turns;
use storescore_core::rulebook::Rulebook;
use storescore_core::whatif::Baseline;
use text::i18n::Lang;

use crate::json::RulebookJson;
use crate::session::Loaded;

/// Which file `name` of `size` bytes is, as `req` says.
fn key_of(req: &ReadRequest, name: &str, size: u64) -> FileKey {
    FileKey {
        name: name.to_owned(),
        size,
        modified: req
            .modified
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, m)| m.to_bits()),
    }
}

/// What a file whose header row is `headers` is read as under `req`.
fn read_as(req: &ReadRequest, name: &str, headers: &[String]) -> ReadAs {
    ReadAs {
        tz: req.tz,
        options: req.file_options(name),
        mapping: (!headers.is_empty())
            .then(|| req.mapping_for(&header_key(headers)).cloned())
            .flatten(),
        formats: req.formats.clone(),
    }
}

/// Which file: its name, size and last change (bits of the browser's milliseconds; none
/// natively, where a file is read once anyway).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileKey {
    pub name: String,
    pub size: u64,
    pub modified: Option<u64>,
}

/// All a reading request says that changes a file's records: the zone, the file's options,
/// the user's mapping for its header set, the user's formats.
#[derive(Clone, Debug, PartialEq)]
struct ReadAs {
    tz: Tz,
    options: FileOptions,
    mapping: Option<UserMapping>,
    formats: Vec<String>,
}

/// A file read to its end with what it was read as: a later reading of the same file read the
/// same way takes its records instead of reading it again (a seller adds files one at a time,
/// takes one out, or changes the mapping of one: the others are not read again).
#[derive(Debug)]
pub struct ReadFile {
    pub(crate) key: FileKey,
    read_as: ReadAs,
    pub(crate) records: Dataset,
    pub(crate) report: FileReport,
    pub(crate) rows: u64,
}

/// Files whose records are kept for the next reading, at most this many of their bytes in
/// all (records take about as much memory as their file's bytes, and a kept file's records
/// are held twice, kept and prepared: a store larger than this reads all its files again
/// when one is added).
pub const KEEP_BYTES: u64 = 128 << 20;

/// The answer to [`Request::OpenLink`].
pub fn open_link(fragment: &str) -> Response {
    Response::LinkOpened(link::decode_earlier(fragment).map(|p| p.map(Box::new)))
}

/// The answer to [`Request::ImportRulebook`].
pub fn import_rulebook(text: &str) -> Response {
    Response::RulebookImported(
        Rulebook::from_json(text)
            .map(Box::new)
            .map_err(|e| e.to_string()),
    )
}

/// The answer to [`Request::ImportFormat`].
pub fn import_format(text: &str) -> Response {
    Response::FormatImported(sources::formats::parse(text).map(|f| ImportedFormat {
        json: sources::formats::to_json(&f),
        mapping: sources::formats::to_user_mapping(&f),
        id: f.id.clone(),
        kind: f.kind,
        report: f.report.clone(),
    }))
}

/// The answer to [`Request::ExportMapping`]: the header set comes back from its key (the
/// normalized names, which recognition compares as the file's own).
pub fn export_mapping(key: &str, m: &UserMapping) -> Response {
    let headers: Vec<String> = key.split('|').map(str::to_owned).collect();
    let f = sources::formats::from_user_mapping(&headers, m);
    Response::MappingExported {
        name: format!("{}.json", f.id),
        json: sources::formats::to_json(&f),
    }
}

/// The answer to [`Request::ExportRulebook`].
pub fn export_rulebook(rb: &Rulebook) -> Response {
    Response::RulebookExported {
        id: rb.id.clone(),
        json: rb.to_json(),
    }
}

/// A reading under way: the records of the files read so far.
#[derive(Debug)]
pub struct Underway {
    req: ReadRequest,
    /// The user's formats, read once for the whole reading.
    formats: Vec<std::sync::Arc<sources::formats::Format>>,
    /// The files read or taken so far, in the reading's order (first order row wins).
    pub(crate) files: Vec<Arc<ReadFile>>,
    /// How many of them were read (the others were kept from an earlier reading).
    read: usize,
    bytes_before: u64,
    rows_before: u64,
    /// The buyer turns of all the files' messages, when built as they were read
    /// ([`Held::read_files`]); a file added after drops them.
    turns: Option<Turns>,
    /// The reading's messages when a second lane sent them as their turns alone
    /// ([`crate::lane::Turned`], then `turns`): how many there were and the latest's time.
    turned: Option<(usize, Option<storescore_core::model::Ts>)>,
    /// The bytes and rows a second lane has read so far ([`crate::lane`]), for the progress.
    lane: (u64, u64),
}

impl Underway {
    pub fn new(req: ReadRequest) -> Underway {
        let formats = req
            .formats
            .iter()
            .filter_map(|j| sources::formats::parse(j).ok())
            .map(std::sync::Arc::new)
            .collect();
        Underway {
            req,
            formats,
            files: Vec::new(),
            read: 0,
            bytes_before: 0,
            rows_before: 0,
            turns: None,
            turned: None,
            lane: (0, 0),
        }
    }

    /// Starts reading one file, with the user's
    /// mapping for its header set, when there is one.
    pub fn open<'a>(&self, name: &str, bytes: &'a [u8]) -> Loader<'a> {
        let opts = self.options_for(name);
        let l = Loader::new(name, bytes, &opts);
        match self.mapped(&opts, &l) {
            Some(mapped) => Loader::new(name, bytes, &mapped),
            None => l,
        }
    }

    /// How to read a file: the options asked for it, and the user's formats.
    fn options_for(&self, name: &str) -> Options {
        Options {
            formats: self.formats.clone(),
            ..self.req.options_for(name)
        }
    }

    /// The options with the user's mapping for the header set `read` found, when there is
    /// one: a mapping the seller made (for a file that needed one, or to correct how a known
    /// export was read) wins over recognition; forgetting it gives recognition back.
    fn mapped(&self, opts: &Options, read: &Loader) -> Option<Options> {
        if read.report().headers.is_empty() {
            return None;
        }
        let m = self.req.mapping_for(&header_key(&read.report().headers))?;
        Some(Options {
            mapping: Some((m.kind, m.mapping.clone())),
            ..opts.clone()
        })
    }

    /// Starts reading a text file as it arrives from its first bytes (given back when it must
    /// be read whole), with the user's mapping for its header set when it needs one.
    pub fn open_streaming(
        &self,
        name: &str,
        head: Vec<u8>,
        size: usize,
    ) -> Result<Loader<'static>, Vec<u8>> {
        let opts = self.options_for(name);
        // Its header, from its first whole lines (a character cut at the end would read as
        // another encoding), not the whole piece: only the header is looked at, and each scan
        // of 4 MiB here would be one more of the piece the reading then makes.
        let lines = memchr::memrchr(b'\n', &head).map_or(head.len(), |i| i + 1);
        let probe = Loader::new(name, ingest::head_lines(&head[..lines]), &opts);
        let opts = self.mapped(&opts, &probe).unwrap_or(opts);
        drop(probe);
        Loader::streaming(name, head, size, &opts)
    }

    /// The reading's request.
    pub fn request(&self) -> &ReadRequest {
        &self.req
    }

    /// The progress with `current` the file being read.
    pub fn id(&self) -> u64 {
        self.req.id
    }

    pub fn progress(&self, current: &Loader) -> ReadProgress {
        let p = current.progress();
        self.progress_in(&current.report().name, p.bytes_done, p.rows)
    }

    /// The progress with `bytes` of file `name` read and `rows` of its rows.
    pub fn progress_in(&self, name: &str, bytes: u64, rows: u64) -> ReadProgress {
        ReadProgress {
            reading: self.req.id,
            file: self.files.len(),
            files: self.req.files,
            name: name.to_owned(),
            bytes_done: (self.bytes_before + self.lane.0 + bytes).min(self.req.bytes_total),
            bytes_total: self.req.bytes_total,
            rows: self.rows_before + self.lane.1 + rows,
        }
    }

    /// Adds a file's records (reading what is left of it).
    pub fn add(&mut self, l: Loader) {
        let p = l.progress();
        let (records, report) = l.finish();
        self.read += 1;
        self.push(Arc::new(ReadFile {
            key: key_of(&self.req, &report.name, p.bytes_total),
            read_as: read_as(&self.req, &report.name, &report.headers),
            records,
            report,
            rows: p.rows,
        }));
    }

    /// Appends a file's records, read or kept, to the reading (turns built before drop).
    fn push(&mut self, f: Arc<ReadFile>) {
        self.bytes_before += f.key.size;
        self.rows_before += f.rows;
        self.turns = None;
        self.files.push(f);
    }

    /// The records of file `name` (`size` bytes) in `kept` when it was read there the way
    /// this reading reads it.
    fn kept_as_read(&self, kept: &[Arc<ReadFile>], name: &str, size: u64) -> Option<Arc<ReadFile>> {
        let key = key_of(&self.req, name, size);
        key.modified?;
        kept.iter()
            .find(|f| f.key == key && f.read_as == read_as(&self.req, name, &f.report.headers))
            .cloned()
    }

    /// Takes the records of file `name` (`size` bytes) from `kept` when it was read there
    /// the way this reading reads it; says whether it did.
    fn reuse(&mut self, kept: &[Arc<ReadFile>], name: &str, size: u64) -> bool {
        match self.kept_as_read(kept, name, size) {
            Some(f) => {
                self.push(f);
                true
            }
            None => false,
        }
    }

    /// The bytes and rows a second lane has read so far.
    pub fn lane_progress(&mut self, bytes: u64, rows: u64) {
        self.lane = (bytes, rows);
    }

    /// Whether the files a second lane read (`theirs`) can be taken into the reading as they
    /// came: not when one of them brings its messages as their turns alone
    /// ([`crate::lane::Turned`]) while another file of the reading (read here, kept, or the
    /// lane's) has messages too, whose turns are built from all of them. The page's worker
    /// then reads the lane's files itself.
    pub fn takes_lane(&self, theirs: &[crate::lane::LaneFile]) -> bool {
        let turned = theirs.iter().filter(|f| f.turned.is_some()).count();
        let with_messages = theirs
            .iter()
            .filter(|f| !f.records.messages.is_empty())
            .count()
            + self
                .files
                .iter()
                .filter(|f| !f.records.messages.is_empty())
                .count();
        turned == 0 || (turned == 1 && with_messages == 0)
    }

    /// Takes the files a second lane read (`theirs`, [`crate::lane::decode`]) into the
    /// reading, with the files read or kept here (`mine`: their places in the reading, in
    /// the order they were added): every file in the reading's order, as if one lane had
    /// read them all.
    ///
    /// When the reading's messages are all one lane file's, their buyer turns are those the
    /// lane built (`LaneFile::turns`), not built again here.
    pub fn merge_lane(&mut self, mine: &[usize], theirs: Vec<crate::lane::LaneFile>) {
        let here = std::mem::take(&mut self.files);
        let mut all: Vec<(usize, Arc<ReadFile>)> = mine.iter().copied().zip(here).collect();
        let mut marks = None;
        let mut turned = None;
        for f in theirs {
            self.read += 1;
            if let Some(m) = f.turns {
                marks = Some((f.index, m));
            }
            turned = f.turned.or(turned);
            all.push((
                f.index,
                Arc::new(ReadFile {
                    key: key_of(&self.req, &f.report.name, f.size),
                    read_as: read_as(&self.req, &f.report.name, &f.report.headers),
                    records: f.records,
                    report: f.report,
                    rows: f.rows,
                }),
            ));
        }
        all.sort_by_key(|(i, _)| *i);
        (self.bytes_before, self.rows_before, self.lane) = (0, 0, (0, 0));
        let mut with_messages = all.iter().filter(|(_, f)| !f.records.messages.is_empty());
        let only = match (with_messages.next(), with_messages.next()) {
            (Some((i, f)), None) => Some((*i, f.clone())),
            _ => None,
        };
        for (_, f) in all {
            self.push(f);
        }
        self.turns = match (only, marks) {
            (Some((i, f)), Some((at, (marks, unusable)))) if i == at => {
                Turns::from_marks(&[&f.records.messages], &marks, unusable)
            }
            _ => None,
        };
        // The reading's only messages, as their turns alone (`takes_lane` said so).
        if let Some(t) = turned {
            self.turned = Some((t.turns.messages, t.latest));
            self.turns = Some(t.turns);
        }
    }

    /// The records of all the files (natively: the CLI, which keeps none for later), prepared
    /// through `fork`.
    pub fn finish(self, fork: &impl Fork) -> Loaded {
        self.finish_keeping(fork).0
    }

    /// The records of all the files, and those to keep for the next reading (within
    /// [`KEEP_BYTES`], in the reading's order).
    fn finish_keeping(self, fork: &impl Fork) -> (Loaded, Vec<Arc<ReadFile>>) {
        let mut ds = Dataset::default();
        let mut reports = Vec::with_capacity(self.files.len());
        let mut kept = Vec::new();
        let mut room = KEEP_BYTES;
        for f in self.files {
            reports.push(f.report.clone());
            if f.key.modified.is_some() && f.key.size <= room {
                room -= f.key.size;
                ds.extend(f.records.clone());
                kept.push(f);
            } else {
                match Arc::try_unwrap(f) {
                    Ok(f) => ds.extend(f.records),
                    Err(f) => ds.extend(f.records.clone()),
                }
            }
        }
        let mut loaded = Loaded::from_dataset_with_turns(ds, reports, self.turns, fork);
        // Messages a second lane sent as their turns alone: counted, and their latest time.
        if let Some((messages, latest)) = self.turned {
            loaded.counts.messages += messages;
            loaded.latest_event = loaded.latest_event.max(latest);
        }
        (loaded, kept)
    }
}

/// Whether a file of `size` bytes is read for its records: not when it is empty, nor when it
/// is over the size limit (refused by its size alone).
pub fn has_bytes_to_read(size: u64) -> bool {
    size > 0 && size <= MAX_FILE_BYTES as u64
}

/// The worker's state between requests.
#[derive(Debug, Default)]
pub struct Held {
    /// The records of the last reading read to its end (or of the sample).
    pub loaded: Option<Loaded>,
    /// The violating records of the latest analysis, whole: the page got only those its
    /// tables show (see [`Analysis::list_records`]).
    pub violations: BTreeMap<(u32, MetricId), Arc<[Violation]>>,
    /// The analysis (`Request::Analyse` id) `violations` are of, if any.
    pub violations_of: Option<u64>,
    /// The latest analysis's settings and aggregates (what an outlook is computed from).
    pub analysed: Option<(u64, Settings, storescore_core::metrics::Params, Baseline)>,
    pub session: Option<Underway>,
    /// The file being received.
    pub incoming: Option<Incoming>,
    /// The files of the last reading whose records are kept for the next ([`KEEP_BYTES`]).
    pub kept: Vec<Arc<ReadFile>>,
}

pub struct Incoming {
    pub name: String,
    /// The file's size as the page said (its bytes are not kept when over the limit).
    pub size: u64,
    /// Its bytes so far, unless it is read as it arrives.
    pub bytes: Vec<u8>,
    /// The file read as it arrives: its rows are read from each chunk, its bytes not kept.
    pub streaming: Option<Loader<'static>>,
    /// Reading it as it arrives was tried (once its head had come).
    tried: bool,
}

impl std::fmt::Debug for Incoming {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Incoming")
            .field("name", &self.name)
            .field("size", &self.size)
            .field("bytes", &self.bytes.len())
            .field("streaming", &self.streaming.is_some())
            .finish()
    }
}

pub use protocol::PIECE_BYTES;

/// A file's first bytes, enough for its header and first rows: from there a text file is read
/// as it arrives (`Loader::streaming`), never held whole.
pub const HEAD_BYTES: usize = 1 << 20;

/// A file is cut between two lanes only from this size on (a smaller one is not worth a
/// second reading of its head).
pub const CUT_BYTES: u64 = 32 << 20;

/// What a lane reading a file and a lane that would read the rest of it agree on: the lane
/// reading it says, before each piece, where that piece ends (`next`); the other asks for the
/// rows from a byte at or after it (`at`), and the first lane stops at the first row that
/// starts there. Once the file is read to its end (`done`) it is not cut.
#[derive(Debug, Default)]
pub struct Cut {
    next: u64,
    at: Option<u64>,
    done: bool,
}

impl Cut {
    /// The byte the other lane asked for, if it did, before the lane reading the file reads
    /// its piece from byte `at`; else that piece is said to be this lane's (no cut can fall
    /// in it).
    fn asked(cut: &std::sync::Mutex<Cut>, at: u64) -> Option<u64> {
        let mut c = cut.lock().ok()?;
        if c.at.is_none() {
            c.next = at + PIECE_BYTES as u64;
        }
        c.at
    }
}

/// How reading a file's pieces ended ([`Held::read_pieces`]): read to its end, unreadable, or
/// at a cut (where the rest starts, and the bytes of the rest already read).
enum Pieces {
    Read,
    Unreadable,
    Cut(u64, Vec<u8>),
}

/// A file's loader waiting at a cut: the file's bytes from `at` (a row's start) are the rest's;
/// `left` are those of them already read from `input`.
struct Waiting<R> {
    at: u64,
    left: Vec<u8>,
    input: std::io::Take<R>,
}

/// The rest of file `name` (`size` bytes) read here while another lane reads it: asks that
/// lane for the rows from halfway through what it has not read yet ([`Cut`]) and reads them
/// ([`read_rest_from`]). None when the file is not read as it arrives, when too little of it
/// is left, or when it cannot be read from there (that lane reads it all).
fn read_rest<R: std::io::Read>(
    session: &Underway,
    name: &str,
    size: u64,
    reopen: &dyn Fn(u64) -> Option<R>,
    cut: &std::sync::Mutex<Cut>,
) -> Option<ingest::Rest> {
    use std::io::Read;
    // The loader the other lane opened, from the same first piece.
    let mut head = Vec::with_capacity(PIECE_BYTES);
    reopen(0)?
        .take(PIECE_BYTES.min(size as usize) as u64)
        .read_to_end(&mut head)
        .ok()?;
    let opened = session.open_streaming(name, head, size as usize).ok()?;
    let m = {
        let mut c = cut.lock().ok()?;
        // Past the other lane's first piece (its loader opened there) and the piece it reads.
        let from = c.next.max(PIECE_BYTES as u64);
        if c.done || c.at.is_some() || size.saturating_sub(from) < CUT_BYTES / 2 {
            return None;
        }
        let m = from + (size - from) / 2;
        c.at = Some(m);
        m
    };
    read_rest_from(&opened, size, reopen, m)
}

/// The rows of a file (`size` bytes) from the first row that starts at or after byte `m`, as
/// the lane cut there finds it, read with a loader like `opened` (its loader, opened on the
/// file's first bytes).
fn read_rest_from<R: std::io::Read>(
    opened: &Loader,
    size: u64,
    reopen: &dyn Fn(u64) -> Option<R>,
    m: u64,
) -> Option<ingest::Rest> {
    use std::io::Read;
    let mut input = reopen(m)?.take(size - m);
    let mut rest = RestReader::new(m);
    let mut buf = Vec::with_capacity(PIECE_BYTES);
    while !rest.whole(size) {
        buf.clear();
        match (&mut input).take(PIECE_BYTES as u64).read_to_end(&mut buf) {
            Ok(0) | Err(_) => return None,
            Ok(_) => rest.piece(opened, &buf)?,
        }
    }
    rest.finish()
}

/// The rest of a file read by a second lane in the browser, which gets the file's pieces one
/// at a time: its first piece to open a loader as the file's own lane does
/// ([`Underway::rest_reading`]), then its pieces from byte `m` on ([`RestReading::piece`]).
/// What [`read_rest_from`] does natively.
pub struct RestReading {
    opened: Loader<'static>,
    reader: RestReader,
}

impl Underway {
    /// The reading of the rows of file `name` (`size` bytes, `head` its first piece) from the
    /// first row that starts at or after byte `m`. None unless the file is a text read as it
    /// arrives (only such a file is cut).
    pub fn rest_reading(
        &self,
        name: &str,
        head: Vec<u8>,
        size: u64,
        m: u64,
    ) -> Option<RestReading> {
        let opened = self
            .open_streaming(name, head, usize::try_from(size).ok()?)
            .ok()?;
        opened.rest_from(0)?;
        Some(RestReading {
            opened,
            reader: RestReader::new(m),
        })
    }
}

impl RestReading {
    /// The file's next bytes, from byte `m` on. None: its rows cannot be read so.
    pub fn piece(&mut self, bytes: &[u8]) -> Option<()> {
        self.reader.piece(&self.opened, bytes)
    }

    /// The rows, once all the file's bytes are given; None when no row starts after `m`.
    pub fn finish(self) -> Option<ingest::Rest> {
        self.reader.finish()
    }
}

/// Where the rows of the rest of a file start in `piece` (bytes of the file from `at`): after
/// the first newline at or after byte `m`, if in it (the lane cut there and the lane reading
/// the rest agree on it). Counted in `piece`'s bytes; its length when the newline ends it.
pub fn cut_in(piece: &[u8], at: u64, m: u64) -> Option<usize> {
    let from = usize::try_from(m.saturating_sub(at)).ok()?;
    let k = memchr::memchr(b'\n', piece.get(from..)?)?;
    Some(from + k + 1)
}

/// The rows of the rest of a file read by a second lane from byte `m` on, a piece at a time
/// ([`read_rest_from`]): the bytes before the first row that starts at or after `m` are
/// skipped, then the rows are read by a loader like the one the file's own lane opened on its
/// first piece ([`Loader::rest_from`]).
struct RestReader {
    /// The bytes given so far end at this byte of the file.
    at: u64,
    m: u64,
    rest: Option<Loader<'static>>,
}

impl RestReader {
    fn new(m: u64) -> RestReader {
        RestReader {
            at: m,
            m,
            rest: None,
        }
    }

    /// The next bytes of the file, from where the last ended (the first from `m`); `opened`
    /// is a loader opened on the file's first piece. None when the rows cannot be read so.
    fn piece(&mut self, opened: &Loader, bytes: &[u8]) -> Option<()> {
        let at = self.at;
        self.at += bytes.len() as u64;
        let from = match &mut self.rest {
            Some(_) => 0,
            None => {
                let Some(k) = cut_in(bytes, at, self.m) else {
                    return Some(());
                };
                self.rest = Some(opened.rest_from(usize::try_from(at).ok()? + k)?);
                k
            }
        };
        let rest = self.rest.as_mut()?;
        rest.feed(bytes.get(from..).unwrap_or_default());
        while rest.step(STEP_ROWS) {}
        Some(())
    }

    /// Whether all of a file of `size` bytes has been given.
    fn whole(&self, size: u64) -> bool {
        self.at >= size
    }

    /// The rows, once all the file's bytes are given; None when no row starts after `m`.
    fn finish(self) -> Option<ingest::Rest> {
        let mut rest = self.rest?;
        rest.end_input();
        rest.into_rest()
    }
}

impl Underway {
    /// Reads the rest of a file once all of it has come: the loader that read it as it
    /// arrived, else a loader over its bytes (one over the size limit refused by its size).
    pub fn open_incoming<'a>(&self, f: &'a mut Incoming) -> Loader<'a> {
        if let Some(mut l) = f.streaming.take() {
            l.end_input();
            return l;
        }
        if f.size > MAX_FILE_BYTES as u64 {
            Loader::too_large(&f.name, f.size)
        } else {
            self.open(&f.name, &f.bytes)
        }
    }
}

impl Held {
    pub fn begin(&mut self, req: ReadRequest) {
        if req.again {
            self.loaded = None;
            // Their analysis's lists too (on 1M orders, 670k records).
            self.forget_violations();
        }
        self.incoming = None;
        self.session = Some(Underway::new(req));
    }

    /// Takes the next bytes of the file being received (another name starts another file).
    /// Once its head has come, a text file is read as it arrives: each chunk goes to its
    /// loader, whose rows the caller reads (`streaming`). Other files are kept until their
    /// end. A file over the size limit is not kept: its size is enough to refuse it
    /// (`open_incoming`).
    pub fn chunk(&mut self, name: String, size: u64, bytes: &[u8]) {
        let whole = usize::try_from(size).unwrap_or(usize::MAX);
        let f = match &mut self.incoming {
            Some(f) if f.name == name => f,
            _ => self.incoming.insert(Incoming {
                name,
                size,
                bytes: Vec::with_capacity(whole.min(HEAD_BYTES).max(bytes.len())),
                streaming: None,
                tried: false,
            }),
        };
        if size > MAX_FILE_BYTES as u64 {
            return;
        }
        if let Some(l) = &mut f.streaming {
            l.feed(bytes);
            return;
        }
        f.bytes.extend_from_slice(bytes);
        if f.tried || f.bytes.len() < HEAD_BYTES || f.bytes.len() >= whole {
            return;
        }
        f.tried = true;
        let head = std::mem::take(&mut f.bytes);
        let opened = match &self.session {
            Some(s) => s.open_streaming(&f.name, head, whole),
            None => Err(head),
        };
        match opened {
            Ok(l) => f.streaming = Some(l),
            // Kept whole: room for all of it, once.
            Err(head) => {
                f.bytes = head;
                f.bytes.reserve_exact(whole.saturating_sub(f.bytes.len()));
            }
        }
    }

    /// The progress while a file kept whole arrives (its rows are read at its end).
    pub fn receiving(&self) -> Option<ReadProgress> {
        let f = self.incoming.as_ref()?;
        Some(
            self.session
                .as_ref()?
                .progress_in(&f.name, f.bytes.len() as u64, 0),
        )
    }

    /// A file could not be read to its end (the browser lost it: moved, changed or deleted
    /// since it was chosen), maybe before its first byte. It gives no records, only a
    /// diagnostic naming it; the other files still load.
    pub fn unreadable(&mut self, name: &str, size: u64, detail: String) {
        // What came of it goes: its bytes, or its loader and the rows read so far.
        if self.incoming.as_ref().is_some_and(|f| f.name == name) {
            self.incoming = None;
        }
        if let Some(s) = &mut self.session {
            s.add(Loader::unreadable(name, size, detail));
        }
    }

    /// Takes file `name` (`size` bytes, as said) of the reading under way from the files the
    /// last reading kept, when it was read the same way there: it is not read again. Says
    /// whether it did (else the caller reads it).
    pub fn reuse(&mut self, name: &str, size: u64) -> bool {
        match &mut self.session {
            Some(s) => s.reuse(&self.kept, name, size),
            None => false,
        }
    }

    /// Whether file `name` (`size` bytes) would be taken from the files kept ([`Held::reuse`]),
    /// not read.
    pub fn reusable(&self, name: &str, size: u64) -> bool {
        self.session
            .as_ref()
            .is_some_and(|s| s.kept_as_read(&self.kept, name, size).is_some())
    }

    /// The records of the file this reading read last, for the page's worker
    /// ([`crate::lane::encode`]), with `place` its place in the page's worker's reading; its
    /// records are dropped here.
    pub fn lane_file(&mut self, place: usize) -> Option<Result<Vec<u8>, crate::lane::Unreadable>> {
        let f = self.session.as_mut()?.files.pop()?;
        Some(crate::lane::encode(place, &f))
    }

    /// The records of the files this reading has read so far, each for the page's worker
    /// ([`crate::lane::encode`]), with `places` their places in the page's worker's reading
    /// (a second lane, which reads some of the files of another's reading).
    pub fn lane_files(&self, places: &[usize]) -> Result<Vec<Vec<u8>>, crate::lane::Unreadable> {
        let files = self.session.as_ref().map_or(&[][..], |s| &s.files[..]);
        files
            .iter()
            .zip(places)
            .map(|(f, &i)| crate::lane::encode(i, f))
            .collect()
    }

    /// Begins file `name` of `size` bytes; says whether its bytes are to be read
    /// ([`has_bytes_to_read`]). A file that has none is done already: no byte is read.
    pub fn begin_file(&mut self, name: &str, size: u64) -> bool {
        let read = has_bytes_to_read(size);
        if !read {
            self.chunk(name.to_owned(), size, &[]);
        }
        read
    }

    /// Reads one file of the reading under way from `input` (`size` bytes, as said), the way
    /// the page's worker reads a browser file: [`PIECE_BYTES`] at a time, a text file's rows as
    /// its pieces come (its bytes never held whole), a workbook at its end. Natively: the CLI
    /// and the ingest bench. A source that fails, or ends before `size`, gives the file an
    /// error and no records.
    pub fn read_file(&mut self, name: &str, size: u64, input: impl std::io::Read) {
        if self.begin_file(name, size) {
            let read = self.read_pieces(name, size, &mut input.take(size), 0, None);
            if !matches!(read, Pieces::Read) {
                return;
            }
        }
        self.end_file();
    }

    /// Reads file `name` (`size` bytes) from `input`, which is at byte `at` of it, to its end,
    /// [`PIECE_BYTES`] at a time; unless another lane asks for the rest of it (`cut`, see
    /// [`read_rest`]): then to the first row that starts at or after the byte asked for. The
    /// file is unreadable when `input` fails or ends early.
    fn read_pieces(
        &mut self,
        name: &str,
        size: u64,
        input: &mut impl std::io::Read,
        mut at: u64,
        cut: Option<&std::sync::Mutex<Cut>>,
    ) -> Pieces {
        use std::io::Read;
        let mut buf = Vec::with_capacity(PIECE_BYTES.min(size.saturating_sub(at) as usize));
        while at < size {
            let asked = cut.and_then(|c| Cut::asked(c, at));
            buf.clear();
            match input.take(PIECE_BYTES as u64).read_to_end(&mut buf) {
                Ok(0) => {
                    self.unreadable(name, size, format!("{at} of {size} bytes"));
                    return Pieces::Unreadable;
                }
                Ok(n) => {
                    // The first row that starts at or after the byte asked for, if in this piece.
                    if let Some(k) = asked.and_then(|m| cut_in(&buf, at, m)) {
                        self.piece(name, size, &buf[..k]);
                        return Pieces::Cut(at + k as u64, buf[k..].to_vec());
                    }
                    at += n as u64;
                }
                Err(e) => {
                    self.unreadable(name, size, e.to_string());
                    return Pieces::Unreadable;
                }
            }
            self.piece(name, size, &buf);
        }
        Pieces::Read
    }

    /// Takes a piece of file `name` (`size` bytes) and reads the rows it completes, when the
    /// file is read as it arrives; says how many of the file's rows are read so far.
    pub fn piece(&mut self, name: &str, size: u64, bytes: &[u8]) -> u64 {
        self.chunk(name.to_owned(), size, bytes);
        match self.streaming() {
            Some((_, l)) => {
                while l.step(STEP_ROWS) {}
                l.progress().rows
            }
            None => 0,
        }
    }

    /// Reads what is left of the file received, all of it here.
    pub fn end_file(&mut self) {
        let (Some(session), Some(mut f)) = (self.session.as_mut(), self.incoming.take()) else {
            return;
        };
        let mut l = session.open_incoming(&mut f);
        while l.step(STEP_ROWS) {}
        session.add(l);
    }

    /// Reads the files of the reading under way, each as [`Held::read_file`] reads it, in two
    /// lanes of about equal bytes run through `fork` (side by side natively: the CLI). Their
    /// records come in the files' order, as if read one after the other. When one file is a
    /// lane of its own and is still being read when the other lane has read its files, the
    /// other lane reads the rows of its second half (see [`Cut`]); `reopen(i, at)` gives file
    /// `i` of `files` from byte `at` (None: that file is read by one lane).
    pub fn read_files<R: std::io::Read + Send>(
        &mut self,
        files: Vec<(String, u64, R)>,
        reopen: &(impl Fn(usize, u64) -> Option<R> + Sync),
        fork: &impl Fork,
    ) {
        let Some(req) = self.session.as_ref().map(|s| s.req.clone()) else {
            return;
        };
        // Turns built here are the store's only when the reading had no file before these.
        let first = self.session.as_ref().is_some_and(|s| s.files.is_empty());
        // The largest files first, each to the lane with fewer bytes so far.
        let mut files: Vec<(usize, (String, u64, R))> = files.into_iter().enumerate().collect();
        files.sort_by_key(|(_, (_, size, _))| std::cmp::Reverse(*size));
        let (mut lanes, mut bytes) = ([Vec::new(), Vec::new()], [0u64; 2]);
        for f in files {
            let lane = usize::from(bytes[1] < bytes[0]);
            bytes[lane] += f.1 .1;
            lanes[lane].push(f);
        }
        // The file that may be cut: the first lane's, when it is all that lane reads.
        let cuttable = match &lanes[0][..] {
            [(i, (name, size, _))] if *size >= CUT_BYTES => Some((*i, name.clone(), *size)),
            _ => None,
        };
        let cut = std::sync::Mutex::new(Cut::default());
        // The files a lane read, in its order, and the buyer turns of their messages.
        let finish_lane = |h: Held, order: Vec<usize>, turns: bool| {
            let read = h.session.map(|s| s.files).unwrap_or_default();
            let mut read: Vec<(usize, Arc<ReadFile>)> = order.into_iter().zip(read).collect();
            read.sort_by_key(|(i, _)| *i);
            let parts: Vec<&[Message]> = read
                .iter()
                .map(|(_, f)| &f.records.messages[..])
                .filter(|m| !m.is_empty())
                .collect();
            let turns = (turns && !parts.is_empty()).then(|| Turns::of(&parts));
            (read, turns)
        };
        let [a, b] = lanes;
        // A lane whose file was cut waits for the rest; else it is done.
        let lane_a = || {
            let mut h = Held::default();
            h.begin(req.clone());
            let order: Vec<usize> = a.iter().map(|(i, _)| *i).collect();
            let mut waiting = None;
            for (_, (name, size, input)) in a {
                match &cuttable {
                    Some(_) => waiting = h.read_file_or_cut(&name, size, input, &cut),
                    None => h.read_file(&name, size, input),
                }
            }
            match waiting {
                Some(w) => Err(Box::new((h, order, w))),
                None => Ok(finish_lane(h, order, true)),
            }
        };
        let lane_b = || {
            let mut h = Held::default();
            h.begin(req.clone());
            let order: Vec<usize> = b.iter().map(|(i, _)| *i).collect();
            for (_, (name, size, input)) in b {
                h.read_file(&name, size, input);
            }
            // Then the second half of the other lane's file, if it is still being read. The
            // buyer turns of this lane's messages are built here when it is not (else by the
            // prepare, beside the order units: the reading's end waits for neither).
            let rest = cuttable.as_ref().and_then(|(i, name, size)| {
                let s = self.session.as_ref()?;
                read_rest(s, name, *size, &|at| reopen(*i, at), &cut)
            });
            let (read, turns) = finish_lane(h, order, rest.is_none());
            (read, turns, rest)
        };
        let (a, (b, turns_b, rest)) = fork.join(lane_a, lane_b);
        let took_rest = rest.is_some();
        // The cut file's rows: the rest the other lane read, else read on here.
        let cut_file = a.is_err();
        let (a, turns_a) = match a {
            Ok(done) => done,
            Err(waiting) => {
                let (mut h, order, w) = *waiting;
                if let Some((_, name, size)) = &cuttable {
                    let joined = rest.is_some_and(|r| r.at() as u64 == w.at && h.join_rest(r));
                    if !joined {
                        h.read_on(name, *size, w);
                    }
                    h.end_file();
                }
                finish_lane(h, order, false)
            }
        };
        let mut read: Vec<(usize, Arc<ReadFile>)> = a.into_iter().chain(b).collect();
        read.sort_by_key(|(i, _)| *i);
        let Some(s) = &mut self.session else {
            return;
        };
        let cut_messages = cut_file
            && read.iter().any(|(i, f)| {
                cuttable.as_ref().is_some_and(|c| c.0 == *i) && !f.records.messages.is_empty()
            });
        for (_, f) in read {
            s.read += 1;
            s.push(f);
        }
        s.turns = match (turns_a, turns_b) {
            // The cut file's messages are in no lane's turns, and the lane that read its rest
            // built none: the prepare builds them.
            _ if cut_messages || took_rest => None,
            (Some(t), None) | (None, Some(t)) if first => Some(t),
            _ => None,
        };
    }

    /// Reads file `name` as [`Held::read_file`] does, unless another lane asks for the rest
    /// of it (`cut`, see [`read_rest`]): then it reads the rows before the first row that starts
    /// at or after the byte asked for, and leaves the file's loader waiting for the rest.
    fn read_file_or_cut<R: std::io::Read>(
        &mut self,
        name: &str,
        size: u64,
        input: R,
        cut: &std::sync::Mutex<Cut>,
    ) -> Option<Waiting<R>> {
        let mut input = input.take(size);
        let read = match self.begin_file(name, size) {
            true => self.read_pieces(name, size, &mut input, 0, Some(cut)),
            false => Pieces::Read,
        };
        if let Pieces::Cut(at, left) = read {
            return Some(Waiting { at, left, input });
        }
        // Read to its end (or unreadable): it is not cut.
        if let Ok(mut c) = cut.lock() {
            c.done = true;
        }
        if matches!(read, Pieces::Read) {
            self.end_file();
        }
        None
    }

    /// The rows of a file left waiting at a cut ([`Held::read_file_or_cut`]) read on here,
    /// when the rest another lane read could not be taken.
    fn read_on<R: std::io::Read>(&mut self, name: &str, size: u64, w: Waiting<R>) {
        let Waiting {
            at,
            left,
            mut input,
        } = w;
        self.piece(name, size, &left);
        self.read_pieces(name, size, &mut input, at + left.len() as u64, None);
    }

    /// Gives the rows of the rest of the file being read as it arrives, read by another lane,
    /// to its loader ([`ingest::Loader::join_rest`]); says whether it took them.
    pub fn join_rest(&mut self, rest: ingest::Rest) -> bool {
        match self.streaming() {
            Some((_, l)) => l.join_rest(rest),
            None => false,
        }
    }

    /// The session and the loader of the file being read as it arrives.
    pub fn streaming(&mut self) -> Option<(&Underway, &mut Loader<'static>)> {
        let l = self.incoming.as_mut()?.streaming.as_mut()?;
        Some((self.session.as_ref()?, l))
    }

    /// Drops the reading under way; says whether records from before are still held.
    pub fn cancel(&mut self) -> bool {
        self.session = None;
        self.incoming = None;
        self.loaded.is_some()
    }

    /// Ends a reading: its records replace the ones held.
    pub fn finish(&mut self) -> Option<Summary> {
        let session = self.session.take()?;
        let (read, reading) = (session.read, session.req.id);
        // The files kept go first: with the new ones they would be held twice.
        self.kept.clear();
        let (loaded, kept) = session.finish_keeping(&InTurn);
        self.kept = kept;
        Some(Summary {
            files_read: read,
            reading,
            ..self.keep(loaded)
        })
    }

    pub fn sample(&mut self) -> Summary {
        self.cancel();
        self.kept.clear();
        self.keep(crate::session::sample())
    }

    /// These records replace the ones held; what the page keeps of them.
    fn keep(&mut self, loaded: Loaded) -> Summary {
        let s = summary(&loaded);
        self.forget_violations();
        self.loaded = Some(loaded);
        s
    }

    /// The analysis for the page: of each long list of violating records, only those its
    /// table can show (the whole lists are kept here, for [`Held::records_csv`]).
    /// `id` names this analysis (`Request::Analyse`), whose lists [`Held::records_csv`] writes.
    pub fn analyse(
        &mut self,
        id: u64,
        settings: &Settings,
        rulebooks: &[Rulebook],
    ) -> Option<Analysis> {
        self.forget_violations();
        let l = self.loaded.as_ref()?;
        let mut a = l.analyse(settings, rulebooks)?;
        // The records listed, named, and the times that decide them (the page's table shows
        // them); the whole lists stay unnamed here until a download asks for one.
        let whole = a.list_records(RECORDS_LISTED, &l.prepared);
        a.add_evidence(&l.prepared);
        self.violations = a.records.clone();
        self.violations.extend(whole);
        self.violations_of = Some(id);
        self.analysed = Some((id, settings.clone(), a.params.clone(), a.baseline.clone()));
        Some(a)
    }

    /// The recovery calendar, the targets and the previous window of the analysis `analysis`
    /// (None when it is not the latest, or its records are gone).
    pub fn outlook(
        &self,
        analysis: u64,
        rulebooks: &[Rulebook],
        inputs: &storescore_core::checks::Inputs,
    ) -> Option<Outlook> {
        let (id, settings, params, baseline) = self.analysed.as_ref()?;
        if *id != analysis {
            return None;
        }
        let loaded = self.loaded.as_ref()?;
        let today =
            storescore_core::engine::report(baseline, rulebooks, inputs, &Default::default());
        let recovery = storescore_core::recovery::recovery(
            &loaded.prepared,
            params,
            baseline,
            rulebooks,
            inputs,
            &today,
            storescore_core::recovery::DAYS,
        );
        let targets = storescore_core::targets::targets(baseline, rulebooks, inputs);
        let before = Settings {
            as_of: Some(params.as_of.minus_days(params.window_days)),
            last_day: None,
            ..settings.clone()
        };
        let previous = loaded.analyse(&before, rulebooks);
        Some(Outlook {
            analysis,
            recovery,
            targets,
            previous_dates: previous.as_ref().map(|p| p.dates.clone()),
            previous: previous.map(|p| p.baseline),
        })
    }

    fn forget_violations(&mut self) {
        self.violations.clear();
        self.violations_of = None;
    }

    /// All the violating records of (window, metric) of the analysis `analysis`, as CSV; none
    /// when the lists held are of another analysis, or of none.
    pub fn records_csv(
        &self,
        analysis: u64,
        window: u32,
        metric: MetricId,
        lang: Lang,
    ) -> Option<String> {
        if self.violations_of != Some(analysis) {
            return None;
        }
        let records = self.violations.get(&(window, metric));
        let records = records.map_or(&[][..], |r| &r[..]);
        // With the records held, each named and with the times that decide it read from them
        // (and the exempted ones). The lists are forgotten whenever the records are.
        let (loaded, (_, _, params, _)) = self.loaded.as_ref().zip(self.analysed.as_ref())?;
        let rows = storescore_core::evidence::evidence(
            &loaded.prepared,
            &params.with_window(window),
            metric,
            records,
        );
        Some(crate::export::evidence_csv(&rows, params.tz, lang))
    }
}

pub fn summary(l: &Loaded) -> Summary {
    Summary {
        files: l.files.clone(),
        counts: l.counts.clone(),
        formats: sources::formats::choices(),
        files_read: l.files.len(),
        reading: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use link::LinkError;
    use sources::schema::{Field, Kind, Mapping};
    use text::diag::DiagnosticText;

    fn request(files: &[(String, Vec<u8>)]) -> ReadRequest {
        let sizes: Vec<u64> = files.iter().map(|(_, b)| b.len() as u64).collect();
        ReadRequest {
            modified: files.iter().map(|(n, _)| (n.clone(), 1.0)).collect(),
            ..ReadRequest::plain(1, storescore_core::time::DEFAULT_ZONE, &sizes)
        }
    }

    /// What the reactor does: per file, chunks of `piece` bytes (the rows of a file read as it
    /// arrives read after each), then the rest in steps of `rows` rows; progress never goes
    /// back or past the end. Says which files were read as they arrived.
    fn read_in(
        held: &mut Held,
        files: &[(String, Vec<u8>)],
        req: ReadRequest,
        piece: usize,
        rows: usize,
    ) -> (Summary, Vec<String>) {
        held.begin(req);
        let mut last = ReadProgress::default();
        let mut check = |p: ReadProgress| {
            assert!(p.bytes_done >= last.bytes_done && p.rows >= last.rows);
            assert!(p.bytes_done <= p.bytes_total);
            last = p;
        };
        let mut streamed = Vec::new();
        for (name, bytes) in files {
            if held.reuse(name, bytes.len() as u64) {
                continue;
            }
            for part in bytes.chunks(piece) {
                held.chunk(name.clone(), bytes.len() as u64, part);
                if let Some((session, l)) = held.streaming() {
                    while l.step(rows) {
                        check(session.progress(l));
                    }
                    // Its bytes are not kept.
                    assert!(held.incoming.as_ref().unwrap().bytes.is_empty());
                }
            }
            let mut f = held.incoming.take().expect("a file received");
            let session = held.session.as_mut().expect("a session");
            if f.streaming.is_some() {
                streamed.push(name.clone());
            } else {
                assert_eq!(&f.bytes, bytes);
            }
            let mut l = session.open_incoming(&mut f);
            while l.step(rows) {
                check(session.progress(&l));
            }
            session.add(l);
        }
        let id = held.session.as_ref().map(|s| s.id());
        let mut summary = held.finish().expect("a summary");
        // It names its reading; the rest is compared with readings made other ways.
        assert_eq!(Some(summary.reading), id);
        summary.reading = 0;
        (summary, streamed)
    }

    fn read(
        held: &mut Held,
        files: &[(String, Vec<u8>)],
        req: ReadRequest,
        rows: usize,
    ) -> Summary {
        read_in(held, files, req, 7, rows).0
    }

    /// A seller adds files one at a time, takes one out, changes how one is read: each file is
    /// read once (until it changes, or is read another way), and the records are those of
    /// reading all of them at once.
    #[test]
    fn adding_a_file_reads_only_that_file() {
        let (all, whole) = store(400, 3);
        let mut held = Held::default();
        let mut shown: Vec<(String, Vec<u8>)> = Vec::new();
        for f in &all {
            shown.push(f.clone());
            let s = read(&mut held, &shown, request(&shown), 1000);
            assert_eq!(s.files_read, 1, "{} added", f.0);
        }
        let mut once = Held::default();
        let at_once = read(&mut once, &all, request(&all), 1000);
        assert_eq!(held.finish(), None);
        let s = summary(held.loaded.as_ref().unwrap());
        assert_eq!(s.counts, at_once.counts);
        assert_eq!(s.counts, whole.counts);
        let names = |s: &Summary| s.files.iter().map(|f| f.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&s), names(&at_once));
        let settings = Settings::default();
        let rulebooks = storescore_core::rulebook::builtin();
        assert_eq!(
            held.loaded
                .as_ref()
                .unwrap()
                .analyse(&settings, &rulebooks)
                .map(|a| a.baseline),
            once.loaded
                .as_ref()
                .unwrap()
                .analyse(&settings, &rulebooks)
                .map(|a| a.baseline),
        );
        // One taken out: nothing is read.
        let rest = &all[1..];
        let s = read(
            &mut held,
            rest,
            ReadRequest {
                again: true,
                ..request(rest)
            },
            1000,
        );
        assert_eq!((s.files_read, s.files.len()), (0, rest.len()));
        assert_eq!(s.counts.orders, 0);
        // Changed since (another last change): read again.
        let mut req = request(rest);
        req.modified[0].1 = 2.0;
        assert_eq!(read(&mut held, rest, req, 1000).files_read, 1);
        // Another zone: every file is read again.
        let req = ReadRequest {
            tz: chrono_tz::Asia::Tokyo,
            ..request(rest)
        };
        assert_eq!(read(&mut held, rest, req, 1000).files_read, rest.len());
        // A mapping for the header set of one file: that file only.
        let headers = held.loaded.as_ref().unwrap().files[0].headers.clone();
        let req = ReadRequest {
            tz: chrono_tz::Asia::Tokyo,
            mappings: vec![(
                header_key(&headers),
                UserMapping {
                    kind: Kind::Messages,
                    mapping: Mapping::default(),
                },
            )],
            ..request(rest)
        };
        assert_eq!(read(&mut held, rest, req, 1000).files_read, 1);
        // Without a last change (a file the caller cannot date), never taken as known.
        let req = ReadRequest {
            modified: Vec::new(),
            ..request(rest)
        };
        assert_eq!(read(&mut held, rest, req, 1000).files_read, rest.len());
    }

    /// A reading dropped half-way (another took over) leaves the files kept as they were.
    #[test]
    fn a_reading_taken_over_keeps_what_was_kept() {
        let file = |name: &str, rows: std::ops::Range<usize>| {
            let mut t = String::from("order_id,paid_at\n");
            for i in rows {
                t.push_str(&format!("{name}{i},2026-07-10 10:00:00\n"));
            }
            (format!("{name}.csv"), t.into_bytes())
        };
        let (a, big, c) = (file("A", 0..1), file("B", 0..200_000), file("C", 0..1));
        let mut held = Held::default();
        read(
            &mut held,
            std::slice::from_ref(&a),
            request(std::slice::from_ref(&a)),
            1000,
        );
        let two = vec![a.clone(), big.clone()];
        held.begin(request(&two));
        assert!(held.reuse(&a.0, a.1.len() as u64));
        held.chunk(big.0.clone(), big.1.len() as u64, &big.1[..2 << 20]);
        held.cancel();
        let three = vec![a, big, c];
        let s = read(&mut held, &three, request(&three), 1000);
        assert_eq!((s.files_read, s.counts.orders), (2, 200_002));
    }

    /// A small file (kept whole) and a large one (read as it arrives).
    #[test]
    fn a_remembered_mapping_loads_unrecognized_columns() {
        for (rows, piece) in [(2, 7), (60_000, 65_536)] {
            let mut csv = String::from("Nr,Bezahlt am\n");
            for i in 0..rows {
                csv.push_str(&format!("A{i},2026-07-10 10:00:00\n"));
            }
            let files = vec![("x.csv".to_owned(), csv.into_bytes())];
            let mut held = Held::default();
            let (plain, _) = read_in(&mut held, &files, request(&files), piece, 1000);
            assert!(plain.counts.is_empty() && plain.files[0].needs_mapping());
            let key = header_key(&plain.files[0].headers);
            let mapping: Mapping = [(Field::OrderId, 0), (Field::PaidAt, 1)]
                .into_iter()
                .collect();
            let req = ReadRequest {
                mappings: vec![(
                    key,
                    UserMapping {
                        kind: Kind::Orders,
                        mapping,
                    },
                )],
                again: true,
                ..request(&files)
            };
            let (mapped, streamed) = read_in(&mut held, &files, req, piece, 1000);
            assert_eq!(mapped.counts.orders, rows);
            assert!(!mapped.files[0].needs_mapping());
            assert_eq!(streamed.len(), usize::from(rows > 2));
        }
    }

    /// A known export read wrongly can be corrected: the seller's mapping for its header set
    /// wins over recognition, and a mapping exported as a format file imports back the same.
    #[test]
    fn a_mapping_made_for_a_recognized_export_corrects_it_and_round_trips() {
        let csv = "Order ID,Order Status,Order Substatus,Created Time,Paid Time,Shipped Time,\
                   Delivered Time,Cancelled Time,Cancel By,Tracking ID,Shipping Provider Name,\
                   Order Amount\n\
                   1,Completed,Completed,10/06/2026 11:38:53 AM,10/07/2026 09:00:00 AM,,,,,,,9.99\n";
        let files = vec![("t.csv".to_owned(), csv.as_bytes().to_vec())];
        let mut held = Held::default();
        let (plain, _) = read_in(&mut held, &files, request(&files), 7, 1000);
        assert_eq!(plain.files[0].format.as_deref(), Some("tiktok-shop-orders"));
        let key = header_key(&plain.files[0].headers);
        // The seller says the paid column is the order's creation.
        let mapping: Mapping = [(Field::OrderId, 0), (Field::CreatedAt, 4)]
            .into_iter()
            .collect();
        let um = UserMapping {
            kind: Kind::Orders,
            mapping,
        };
        let req = ReadRequest {
            mappings: vec![(key.clone(), um.clone())],
            again: true,
            ..request(&files)
        };
        let (mapped, _) = read_in(&mut held, &files, req, 7, 1000);
        let f = &mapped.files[0];
        assert!(f.mapped_by_user && f.format.is_none());
        assert_eq!(f.mapping.get(&Field::CreatedAt), Some(&4));
        let Response::MappingExported { json, .. } = export_mapping(&key, &um) else {
            panic!("an export");
        };
        let Response::FormatImported(Ok(back)) = import_format(&json) else {
            panic!("an import");
        };
        assert_eq!(back.mapping, Some((key, um)));
    }

    /// `files` read one after the other, in one lane, as the CLI reads them.
    fn read_in_one_lane(files: &[(String, Vec<u8>)]) -> Loaded {
        let mut one = Held::default();
        one.begin(request(files));
        for (name, bytes) in files {
            one.read_file(name, bytes.len() as u64, &bytes[..]);
        }
        one.session.take().expect("a reading").finish(&InTurn)
    }

    /// A generated store's files, and what the CLI reads from them.
    fn store(orders: usize, seed: u64) -> (Vec<(String, Vec<u8>)>, Loaded) {
        let files: Vec<(String, Vec<u8>)> = crate::sample::generate_csv(orders, seed)
            .into_iter()
            .map(|(n, t)| (n, t.into_bytes()))
            .collect();
        let whole = crate::session::load(
            files.iter().map(|(n, b)| (n.as_str(), b.as_slice())),
            &Options::default(),
        );
        (files, whole)
    }

    #[test]
    fn reading_file_by_file_in_steps_matches_the_cli_reading() {
        let (files, whole) = store(400, 5);
        let mut held = Held::default();
        let stepped = read(&mut held, &files, request(&files), 50);
        assert_eq!(stepped, summary(&whole));
        let loaded = held.loaded.as_ref().expect("records held");
        assert_eq!(loaded.latest_event, whole.latest_event);
        assert_eq!(loaded.counts, whole.counts);
    }

    /// A file over the size limit, a lane of its own (so one that could be cut), is refused
    /// by its size and said so, as one lane says it: it is not left out of the reading.
    #[test]
    fn a_lone_file_over_the_size_limit_read_in_two_lanes_is_said_too_large() {
        use crate::threads::Threads;
        let size = MAX_FILE_BYTES as u64 + 1;
        let files = vec![("orders.csv".to_owned(), vec![])];
        let req = ReadRequest {
            bytes_total: size,
            ..request(&files)
        };
        let reopen = |_: usize, _: u64| None::<std::io::Cursor<Vec<u8>>>;
        let mut two = Held::default();
        two.begin(req.clone());
        let input = std::io::Cursor::new(Vec::new());
        two.read_files(
            vec![("orders.csv".to_owned(), size, input)],
            &reopen,
            &Threads,
        );
        let mut one = Held::default();
        one.begin(req);
        one.read_file("orders.csv", size, std::io::Cursor::new(Vec::new()));
        let (one, two) = (
            one.session.take().expect("a reading").finish(&InTurn),
            two.session.take().expect("a reading").finish(&InTurn),
        );
        assert_eq!(two.files, one.files);
        let codes: Vec<_> = two
            .files
            .iter()
            .flat_map(|f| &f.diagnostics)
            .map(|d| d.code)
            .collect();
        assert_eq!(codes, vec![sources::diag::Code::TooLarge]);
    }

    /// A large file cut between two lanes: the first reads the rows before the first row that
    /// starts at or after the byte the second asked for and waits; the second reads the rows
    /// from there with a loader opened on the file's first piece; the file's records and report
    /// are those of reading it whole, rows numbered on. Where the rest is not to be had (the
    /// second lane could not read it), the first lane reads on: the same again.
    #[test]
    fn a_file_cut_between_two_lanes_reads_as_one() {
        // More than a piece (the cut comes after the first).
        let bytes = long_orders(PIECE_BYTES + (1 << 20));
        let name = "orders.csv".to_owned();
        let files = vec![(name.clone(), bytes.clone())];
        let size = bytes.len() as u64;
        let reopen = |at: u64| {
            let mut c = std::io::Cursor::new(bytes.clone());
            c.set_position(at);
            Some(c)
        };
        let mut one = Held::default();
        one.begin(request(&files));
        one.read_file(&name, size, std::io::Cursor::new(bytes.clone()));
        let one = one.session.take().expect("a reading").finish(&InTurn);
        // The byte asked for, and whether the rest is read.
        for (asked, rest_read) in [
            (PIECE_BYTES as u64 + 12_345, true),
            (size / 3, true),
            (size - 5_000, true),
            (size / 2, false),
        ] {
            let mut two = Held::default();
            two.begin(request(&files));
            let cut = std::sync::Mutex::new(Cut {
                at: Some(asked),
                ..Cut::default()
            });
            let waiting = two
                .read_file_or_cut(&name, size, std::io::Cursor::new(bytes.clone()), &cut)
                .expect("cut");
            assert!(waiting.at > asked && bytes[waiting.at as usize - 1] == b'\n');
            let session = two.session.as_ref().expect("a reading");
            let opened = session
                .open_streaming(&name, bytes[..PIECE_BYTES].to_vec(), bytes.len())
                .expect("read as it arrives");
            let rest = rest_read
                .then(|| read_rest_from(&opened, size, &reopen, asked))
                .flatten();
            assert_eq!(
                rest.as_ref().map(|r| r.at() as u64),
                rest_read.then_some(waiting.at)
            );
            let joined = rest.is_some_and(|r| two.join_rest(r));
            assert_eq!(joined, rest_read, "asked {asked}");
            if !joined {
                two.read_on(&name, size, waiting);
            }
            two.end_file();
            let two = two.session.take().expect("a reading").finish(&InTurn);
            assert_eq!(two.files, one.files, "asked {asked}");
            assert_eq!(format!("{:?}", two.prepared), format!("{:?}", one.prepared));
        }
        assert!(!one.files[0].diagnostics.is_empty(), "bad rows said");
    }

    /// An orders file of more than `len` bytes, with item rows and bad rows: a store's orders
    /// again and again, their amounts varied, every fifth time with a currency cell broken
    /// by a line break.
    fn long_orders(len: usize) -> Vec<u8> {
        let (files, _) = store(600, 21);
        let orders = String::from_utf8(files[0].1.clone()).expect("utf-8");
        let (header, body) = orders.split_once('\n').expect("a header");
        let mut text = format!("{header}\n");
        let mut k = 0;
        while text.len() < len {
            let body = body.replace(",81", &format!(",{}", 70 + k % 9));
            text.push_str(&body.replace(",USD,", if k % 5 == 0 { ",US D,\n" } else { ",USD," }));
            k += 1;
        }
        text.into_bytes()
    }

    /// The page's worker cuts a large file for a second lane (`lane::cut_plan`): it reads its
    /// slices up to the first row that starts at or after the cut, while the second lane
    /// opens the file's loader on its first slice and reads the rows from there
    /// ([`RestReading`]); their records cross ([`crate::lane::encode_rest`]) and join. The
    /// records, reports and prepared records are one lane's, and where the rest cannot join
    /// (a cut inside a quoted field) the page's worker reads on.
    #[test]
    fn a_file_cut_for_a_second_lane_in_the_browser_reads_as_one() {
        let bytes = long_orders(2 * PIECE_BYTES + (1 << 20));
        let name = "orders.csv".to_owned();
        let files = vec![(name.clone(), bytes.clone())];
        let size = bytes.len() as u64;
        let mut one = Held::default();
        one.begin(request(&files));
        one.read_file(&name, size, std::io::Cursor::new(bytes.clone()));
        let one = one.session.take().expect("a reading").finish(&InTurn);
        // A quoted field with a newline in it, from before a cut to after it.
        let quoted = {
            let mut b = bytes.clone();
            let at = b.len() / 2;
            let start = at - memchr::memrchr(b'\n', &b[..at]).map_or(0, |i| at - i - 1);
            let end = at + memchr::memchr(b'\n', &b[at..]).expect("a row's end");
            // The row's last cell runs on to the next row's end in quotes.
            let next = end + 1 + memchr::memchr(b'\n', &b[end + 1..]).expect("a row");
            b.insert(next, b'"');
            let last = start + memchr::memrchr(b',', &b[start..end]).expect("a cell") + 1;
            b.insert(last, b'"');
            b
        };
        for (text, cut, joins) in [
            (&bytes, PIECE_BYTES as u64 + 12_345, true),
            (&bytes, size * 3 / 5, true),
            (&bytes, size - 5_000, true),
            (&quoted, quoted.len() as u64 / 2, false),
        ] {
            let files = vec![(name.clone(), text.clone())];
            let size = text.len() as u64;
            let mut whole = Held::default();
            whole.begin(request(&files));
            whole.read_file(&name, size, std::io::Cursor::new(text.clone()));
            let whole = whole.session.take().expect("a reading").finish(&InTurn);
            // The page's worker: its slices up to the cut.
            let mut two = Held::default();
            two.begin(request(&files));
            assert!(two.begin_file(&name, size));
            let mut left = None;
            for (i, piece) in text.chunks(PIECE_BYTES).enumerate() {
                let at = (i * PIECE_BYTES) as u64;
                let k = two.streaming().and(cut_in(piece, at, cut));
                if let Some(k) = k {
                    two.piece(&name, size, &piece[..k]);
                    left = Some((at + k as u64, i, piece[k..].to_vec()));
                    break;
                }
                two.piece(&name, size, piece);
            }
            let (at, i, left) = left.expect("cut");
            assert!(at > cut && text[at as usize - 1] == b'\n');
            // The second lane: the first slice, then the slices from the cut.
            let mut lane = Held::default();
            lane.begin(request(&files));
            let session = lane.session.as_ref().expect("a reading");
            let mut rest = session
                .rest_reading(&name, text[..PIECE_BYTES].to_vec(), size, cut)
                .expect("a text read as it arrives");
            for piece in text[cut as usize..].chunks(PIECE_BYTES) {
                rest.piece(piece).expect("rows");
            }
            let rest = rest.finish().expect("rows after the cut");
            assert_eq!(rest.at() as u64, at);
            let sent = crate::lane::encode_rest(0, size, rest).expect("written");
            let rest = crate::lane::decode(&sent)
                .expect("read back")
                .into_rest()
                .map_err(|_| "a rest")
                .expect("a rest");
            let joined = two.join_rest(rest);
            assert_eq!(joined, joins, "cut at {cut}");
            if !joined {
                two.piece(&name, size, &left);
                for piece in text[(i + 1) * PIECE_BYTES..].chunks(PIECE_BYTES) {
                    two.piece(&name, size, piece);
                }
            }
            two.end_file();
            let two = two.session.take().expect("a reading").finish(&InTurn);
            assert_eq!(two.files, whole.files, "cut at {cut}");
            assert_eq!(
                format!("{:?}", two.prepared),
                format!("{:?}", whole.prepared)
            );
            if joins {
                assert_eq!(two.files, one.files);
            }
        }
    }

    /// The CLI reads its files in two lanes on two threads, builds the buyer turns in the
    /// lane that read the messages, prepares and analyses on two threads: the records, reports
    /// and analysis are those of one thread reading one file after another, even where two
    /// orders files land in different lanes and share an order (the first file's row wins),
    /// where one lane reads two messages files in another order than theirs, and where both
    /// lanes read messages (the turns are built again from all of them).
    #[test]
    fn reading_files_on_two_threads_matches_one_after_the_other() {
        use crate::threads::Threads;
        let (files, _) = store(3_000, 11);
        let text = |i: usize| String::from_utf8(files[i].1.clone()).expect("utf-8");
        // A second, small orders file repeating the first file's first order with another
        // amount, and a second messages file whose threads are new: small, both land in the
        // lighter lane, with the messages; or large, in the other lane.
        let orders = text(0);
        let mut lines = orders.lines();
        let header = lines.next().expect("a header");
        let first = lines.next().expect("a row").replacen(",USD,", ",EUR,", 1);
        let orders_2 = format!("{header}\n{first}\n").into_bytes();
        let messages = files
            .iter()
            .position(|(n, _)| n.starts_with("messages"))
            .expect("a messages file");
        let more_messages = |times: usize| {
            let m = text(messages);
            let (head, body) = m.split_once('\n').expect("a header");
            let body = body.replace(",T81", ",U81");
            format!("{head}\n{}", body.repeat(times)).into_bytes()
        };
        for (case, extra) in [
            (
                "small",
                vec![
                    ("orders-2.csv", orders_2.clone()),
                    ("messages-2.csv", more_messages(1)[..2000].to_vec()),
                ],
            ),
            (
                "large",
                vec![
                    ("orders-2.csv", orders_2.clone()),
                    ("messages-2.csv", more_messages(4)),
                ],
            ),
        ] {
            let mut files = files.clone();
            for (n, b) in extra {
                // Whole lines only.
                let end = b
                    .iter()
                    .rposition(|c| *c == b'\n')
                    .map_or(b.len(), |i| i + 1);
                files.push((n.to_owned(), b[..end].to_vec()));
            }
            let opened =
                |files: &[(String, Vec<u8>)]| -> Vec<(String, u64, std::io::Cursor<Vec<u8>>)> {
                    files
                        .iter()
                        .map(|(n, b)| (n.clone(), b.len() as u64, std::io::Cursor::new(b.clone())))
                        .collect()
                };
            let settings = Settings {
                tz: storescore_core::time::DEFAULT_ZONE,
                ..Settings::default()
            };
            let rulebooks = storescore_core::rulebook::shipped().to_vec();
            let mut one = Held::default();
            one.begin(request(&files));
            for (name, size, input) in opened(&files) {
                one.read_file(&name, size, input);
            }
            let one = one.session.take().expect("a reading").finish(&InTurn);
            let mut two = Held::default();
            two.begin(request(&files));
            let reopen = |i: usize, at: u64| {
                let mut c = std::io::Cursor::new(files.get(i)?.1.clone());
                c.set_position(at);
                Some(c)
            };
            two.read_files(opened(&files), &reopen, &Threads);
            let two = two.session.take().expect("a reading");
            assert_eq!(two.turns.is_some(), case == "small", "{case}");
            let two = two.finish(&Threads);
            assert_eq!(two.files, one.files, "{case}");
            assert_eq!(two.counts, one.counts, "{case}");
            assert_eq!(two.prepared.duplicate_order_rows, 1, "{case}");
            assert!(two.counts.buyer_turns > 0, "{case}");
            assert_eq!(
                format!("{:?}", two.prepared),
                format!("{:?}", one.prepared),
                "{case}"
            );
            let a = one.analyse(&settings, &rulebooks).expect("an analysis");
            let b = two
                .analyse_with(&settings, &rulebooks, &Threads)
                .expect("an analysis");
            assert_eq!(b.baseline, a.baseline, "{case}");
            assert_eq!(b.records, a.records, "{case}");
            assert_eq!(b.distributions, a.distributions, "{case}");
            assert_eq!(b.main, a.main, "{case}");
            // The recovery calendar's passes in two lanes give the calendar of one.
            use storescore_core::{engine, recovery};
            let inputs = Default::default();
            let today = engine::report(&a.baseline, &rulebooks, &inputs, &Default::default());
            let days = recovery::DAYS;
            let one = recovery::recovery(
                &one.prepared,
                &a.params,
                &a.baseline,
                &rulebooks,
                &inputs,
                &today,
                days,
            );
            let two = recovery::recovery_with(
                &two.prepared,
                &b.params,
                &b.baseline,
                &rulebooks,
                &inputs,
                &today,
                days,
                &Threads,
            );
            assert!(
                !one.checks.is_empty() || !one.score.is_empty(),
                "{case}: a calendar"
            );
            assert_eq!(two, one, "{case}");
        }
    }

    /// A second lane's files (the page's parse worker, `crate::lane`) merge into the page's
    /// worker's reading as if one lane had read every file in the reading's order: the first
    /// orders row of an order wins across lanes, and files kept from the reading before are
    /// taken, not read.
    #[test]
    fn a_second_lanes_files_merge_as_one_lane_read_them() {
        let (mut files, _) = store(2_000, 17);
        let orders = String::from_utf8(files[0].1.clone()).expect("utf-8");
        let mut lines = orders.lines();
        let header = lines.next().expect("a header");
        let first = lines.next().expect("a row").replacen(",USD,", ",EUR,", 1);
        files.push((
            "orders-2.csv".into(),
            format!("{header}\n{first}\n").into_bytes(),
        ));
        let read_in = |held: &mut Held, files: &[(String, Vec<u8>)], which: &[usize]| {
            for &i in which {
                let (name, bytes) = &files[i];
                if !held.reuse(name, bytes.len() as u64) {
                    held.read_file(name, bytes.len() as u64, &bytes[..]);
                }
            }
        };
        let all: Vec<usize> = (0..files.len()).collect();
        let mut one = Held::default();
        one.begin(request(&files));
        read_in(&mut one, &files, &all);
        let one = one.session.take().expect("a reading").finish(&InTurn);
        let messages = files
            .iter()
            .position(|(n, _)| n.starts_with("messages"))
            .expect("a messages file");
        // The second orders file and the messages in the second lane; the rest here, kept
        // from a first reading of them (or, the first time, read here).
        let theirs = [messages, files.len() - 1];
        let mine: Vec<usize> = all
            .iter()
            .copied()
            .filter(|i| !theirs.contains(i))
            .collect();
        let mut main = Held::default();
        let first_files: Vec<(String, Vec<u8>)> = mine.iter().map(|&i| files[i].clone()).collect();
        main.begin(request(&first_files));
        read_in(
            &mut main,
            &first_files,
            &(0..first_files.len()).collect::<Vec<_>>(),
        );
        main.finish().expect("a first reading");
        for kept in [true, false] {
            let mut lane = Held::default();
            lane.begin(request(&files));
            read_in(&mut lane, &files, &theirs);
            let sent = lane.lane_files(&theirs).expect("encoded");
            assert_eq!(sent.len(), 2);
            if !kept {
                main.kept.clear();
            }
            main.begin(request(&files));
            for &i in &mine {
                assert_eq!(main.reusable(&files[i].0, files[i].1.len() as u64), kept);
            }
            read_in(&mut main, &files, &mine);
            let received = sent
                .iter()
                .map(|b| crate::lane::decode(b).expect("decoded"))
                .collect();
            let s = main.session.as_mut().expect("a reading");
            s.merge_lane(&mine, received);
            // The messages are all the lane's: its turns are the reading's, not built again.
            assert!(s.turns.is_some(), "kept {kept}");
            assert_eq!(s.read, if kept { 2 } else { files.len() });
            let p = s.progress_in("x", 0, 0);
            assert_eq!(p.bytes_done, p.bytes_total);
            let two = main.session.take().expect("a reading").finish(&InTurn);
            assert_eq!(two.files, one.files, "kept {kept}");
            assert_eq!(two.counts, one.counts, "kept {kept}");
            assert_eq!(two.prepared.duplicate_order_rows, 1);
            assert_eq!(
                format!("{:?}", two.prepared),
                format!("{:?}", one.prepared),
                "kept {kept}"
            );
        }
    }

    /// When messages come from a file here too, the second lane's turns (of its messages
    /// alone) are not the reading's: they are built from all the messages, as one lane would.
    #[test]
    fn a_second_lanes_turns_are_taken_only_when_its_messages_are_all_the_readings() {
        let (mut files, _) = store(1_000, 19);
        let messages = files
            .iter()
            .position(|(n, _)| n.starts_with("messages"))
            .expect("a messages file");
        let (name, bytes) = files[messages].clone();
        let text = String::from_utf8(bytes).expect("utf-8");
        // The same conversations' later rows in a second file, read here.
        let mut lines = text.lines();
        let header = lines.next().expect("a header");
        let rest: Vec<&str> = lines.collect();
        let (a, b) = rest.split_at(rest.len() / 2);
        files[messages] = (name, format!("{header}\n{}\n", a.join("\n")).into_bytes());
        files.push((
            "messages-2.csv".into(),
            format!("{header}\n{}\n", b.join("\n")).into_bytes(),
        ));
        let all: Vec<usize> = (0..files.len()).collect();
        let one = read_in_one_lane(&files);
        let mine: Vec<usize> = all.iter().copied().filter(|&i| i != messages).collect();
        let mut lane = Held::default();
        lane.begin(request(&files));
        let (name, bytes) = &files[messages];
        lane.read_file(name, bytes.len() as u64, &bytes[..]);
        let sent = lane.lane_files(&[messages]).expect("encoded");
        let mut main = Held::default();
        main.begin(request(&files));
        for &i in &mine {
            main.read_file(&files[i].0, files[i].1.len() as u64, &files[i].1[..]);
        }
        let received: Vec<_> = sent
            .iter()
            .map(|b| crate::lane::decode(b).expect("decoded"))
            .collect();
        assert!(received[0].turns.is_some());
        let s = main.session.as_mut().expect("a reading");
        s.merge_lane(&mine, received);
        assert!(s.turns.is_none());
        let two = main.session.take().expect("a reading").finish(&InTurn);
        assert!(two.counts.buyer_turns > 0);
        assert_eq!(format!("{:?}", two.prepared), format!("{:?}", one.prepared));
    }

    /// A file too large to be kept sends its messages as their turns alone
    /// (`lane::sends_turns_only`): the reading then has the one lane's counts, latest event and
    /// prepared records. With messages in a file read here too, the lane's files are not
    /// taken (the page's worker reads them itself).
    #[test]
    fn a_second_lanes_messages_sent_as_their_turns_alone_give_the_one_lanes_reading() {
        let (files, _) = store(1_500, 23);
        let one = read_in_one_lane(&files);
        let messages = files
            .iter()
            .position(|(n, _)| n.starts_with("messages"))
            .expect("a messages file");
        let mine: Vec<usize> = (0..files.len()).filter(|&i| i != messages).collect();
        let mut lane = Held::default();
        lane.begin(request(&files));
        let (name, bytes) = &files[messages];
        lane.read_file(name, bytes.len() as u64, &bytes[..]);
        let f = &lane.session.as_ref().expect("a reading").files[0];
        assert!(!crate::lane::sends_turns_only(f.key.size));
        let turned = crate::lane::encode_with(messages, f, true).expect("encoded");
        let plain = crate::lane::encode_with(messages, f, false).expect("encoded");
        assert!(
            turned.len() < plain.len(),
            "{} {}",
            turned.len(),
            plain.len()
        );
        let received = crate::lane::decode(&turned).expect("decoded");
        assert!(received.records.messages.is_empty() && received.turns.is_none());
        assert!(received.turned.is_some());
        let mut main = Held::default();
        main.begin(request(&files));
        for &i in &mine {
            main.read_file(&files[i].0, files[i].1.len() as u64, &files[i].1[..]);
        }
        let s = main.session.as_mut().expect("a reading");
        assert!(s.takes_lane(std::slice::from_ref(&received)));
        s.merge_lane(&mine, vec![received]);
        let two = main.session.take().expect("a reading").finish(&InTurn);
        assert_eq!(two.files, one.files);
        assert_eq!(two.counts, one.counts);
        assert!(two.counts.messages > 0 && two.counts.buyer_turns > 0);
        assert_eq!(two.latest_event, one.latest_event);
        assert_eq!(format!("{:?}", two.prepared), format!("{:?}", one.prepared));

        // Messages in a second file, read here: the turned file is not taken.
        let (header, rest) = {
            let text = std::str::from_utf8(&files[messages].1).expect("utf-8");
            let mut lines = text.lines();
            let header = lines.next().expect("a header").to_owned();
            (header, lines.take(20).collect::<Vec<_>>().join("\n"))
        };
        let mut more = files.clone();
        more.push((
            "messages-2.csv".into(),
            format!("{header}\n{rest}\n").into_bytes(),
        ));
        let mut main = Held::default();
        main.begin(request(&more));
        let mut mine = mine.clone();
        mine.push(more.len() - 1);
        for &i in &mine {
            main.read_file(&more[i].0, more[i].1.len() as u64, &more[i].1[..]);
        }
        let received = crate::lane::decode(&turned).expect("decoded");
        let s = main.session.as_ref().expect("a reading");
        assert!(!s.takes_lane(std::slice::from_ref(&received)));
        // Sent with its messages, it is taken (its turns are built with the others).
        let received = crate::lane::decode(&plain).expect("decoded");
        assert!(s.takes_lane(std::slice::from_ref(&received)));
    }

    /// Files larger than their head are read as they arrive, their bytes never kept, and
    /// give the CLI's records.
    #[test]
    fn large_text_files_are_read_as_they_arrive() {
        let (files, whole) = store(6_000, 8);
        let mut held = Held::default();
        let (summary_read, streamed) = read_in(
            &mut held,
            &files,
            request(&files),
            65_536,
            ingest::STEP_ROWS,
        );
        let large: Vec<String> = files
            .iter()
            .filter(|(_, b)| b.len() > HEAD_BYTES)
            .map(|(n, _)| n.clone())
            .collect();
        assert!(!large.is_empty());
        assert_eq!(streamed, large);
        assert_eq!(summary_read, summary(&whole));
        let loaded = held.loaded.as_ref().expect("records held");
        assert_eq!(loaded.counts, whole.counts);
        assert_eq!(loaded.latest_event, whole.latest_event);
    }

    /// A file over the limit is refused by the size the page gives, before any byte is kept
    /// (holding it could take the worker's memory down).
    #[test]
    fn a_file_over_the_size_limit_is_refused_without_keeping_its_bytes() {
        let mut held = Held::default();
        let size = MAX_FILE_BYTES as u64 + 1;
        held.begin(ReadRequest {
            files: 1,
            bytes_total: size,
            ..request(&[])
        });
        held.chunk("huge.csv".into(), size, b"order_id,paid_at\n");
        let mut f = held.incoming.take().expect("a file received");
        assert!(f.bytes.is_empty());
        let session = held.session.as_mut().expect("a session");
        let mut l = session.open_incoming(&mut f);
        while l.step(10) {}
        session.add(l);
        let s = held.finish().expect("a summary");
        assert!(s.files[0].unreadable());
        assert_eq!(
            s.files[0].diagnostics[0].code,
            sources::diag::Code::TooLarge
        );
    }

    /// A file the browser stops being able to read (moved or changed on disk after it was
    /// chosen) part of the way: it gives no records, only an error naming it, even for the
    /// rows read before; the files around it load, and the progress goes on past it.
    #[test]
    fn a_file_lost_while_read_gives_no_records_and_the_others_load() {
        let (files, _) = store(70_000, 3);
        let orders = files
            .iter()
            .position(|(n, _)| n.starts_with("orders"))
            .expect("an orders file");
        assert!(files[orders].1.len() > 2 * HEAD_BYTES);
        let mut held = Held::default();
        held.begin(request(&files));
        let mut last = 0;
        for (i, (name, bytes)) in files.iter().enumerate() {
            let size = bytes.len() as u64;
            if i == orders {
                // A kept head, then rows read as they arrive, then the browser fails.
                held.chunk(name.clone(), size, &bytes[..HEAD_BYTES + 10]);
                let (_, l) = held.streaming().expect("read as it arrives");
                while l.step(1000) {}
                assert!(l.progress().rows > 1000);
                held.unreadable(name, size, "NotReadableError".into());
                assert!(held.incoming.is_none());
            } else {
                held.chunk(name.clone(), size, bytes);
                let p = held.receiving().expect("a file coming");
                assert!(p.bytes_done >= last && p.name == *name);
                last = p.bytes_done;
                let mut f = held.incoming.take().expect("a file received");
                let session = held.session.as_mut().expect("a session");
                let mut l = session.open_incoming(&mut f);
                while l.step(1000) {}
                session.add(l);
            }
        }
        let s = held.finish().expect("a summary");
        assert_eq!(s.files.len(), files.len());
        let lost = &s.files[orders];
        assert!(lost.unreadable());
        assert_eq!(lost.data_rows, 0);
        let d = &lost.diagnostics[0];
        assert_eq!(d.code, sources::diag::Code::Unreadable);
        assert_eq!(d.detail.as_deref(), Some("NotReadableError"));
        let msg = d.message(text::i18n::Lang::En);
        assert!(
            msg.contains(&files[orders].0) && msg.contains("choose it again"),
            "{msg}"
        );
        assert_eq!(s.counts.orders, 0);
        assert!(s.counts.messages > 0 && s.counts.reviews > 0);
    }

    /// Regression: a file the browser could not read at all (gone before its first slice)
    /// vanished from the reading, with no error: there was no file being received to name.
    #[test]
    fn a_file_lost_before_its_first_byte_still_gets_its_error() {
        let files = vec![
            ("gone.csv".to_owned(), b"order_id\nA1\n".to_vec()),
            (
                "a.csv".to_owned(),
                b"order_id,paid_at\nA1,2026-07-10 10:00:00\n".to_vec(),
            ),
        ];
        let mut held = Held::default();
        held.begin(request(&files));
        held.unreadable("gone.csv", 12, "NotFoundError".into());
        held.read_file("a.csv", files[1].1.len() as u64, &files[1].1[..]);
        let s = held.finish().expect("a summary");
        assert_eq!(s.files.len(), 2);
        assert!(s.files[0].unreadable() && s.files[0].name == "gone.csv");
        assert_eq!(
            s.files[0].diagnostics[0].detail.as_deref(),
            Some("NotFoundError")
        );
        assert_eq!(s.counts.orders, 1);
    }

    /// Read natively as the worker reads a browser file (the CLI's way): the same summary as
    /// the pieces handed over one by one, for text kept whole or read as it arrives and an
    /// empty file; a source that fails or ends early gives its file an error.
    #[test]
    fn read_file_reads_as_the_worker_does() {
        let (files, _) = store(30_000, 4);
        let mut a = Held::default();
        a.begin(request(&files));
        for (name, bytes) in &files {
            a.read_file(name, bytes.len() as u64, &bytes[..]);
        }
        a.read_file("empty.csv", 0, &b""[..]);
        let mut a = a.finish().expect("a summary");
        let mut b = Held::default();
        let (want, streamed) = read_in(&mut b, &files, request(&files), PIECE_BYTES, STEP_ROWS);
        assert!(!streamed.is_empty());
        let empty = a.files.pop().expect("the empty file's report");
        a.files_read -= 1;
        a.reading = 0;
        assert_eq!(a, want);
        let opts = request(&files).options_for("empty.csv");
        assert_eq!(empty, ingest::load_file("empty.csv", b"", &opts).1);

        struct Failing;
        impl std::io::Read for Failing {
            fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
                Err(std::io::Error::other("disk gone"))
            }
        }
        let mut h = Held::default();
        h.begin(request(&files));
        h.read_file("a.csv", 100, Failing);
        h.read_file("b.csv", 100, &b"order_id\nA1\n"[..]);
        let s = h.finish().expect("a summary");
        assert_eq!(s.files.len(), 2);
        assert_eq!(
            s.files[0].diagnostics[0].detail.as_deref(),
            Some("disk gone")
        );
        assert_eq!(
            s.files[1].diagnostics[0].detail.as_deref(),
            Some("12 of 100 bytes")
        );
        assert!(s.files.iter().all(|f| f.unreadable()));
    }

    #[test]
    fn a_cancel_keeps_the_records_held_unless_the_same_files_were_read_again() {
        let files = vec![(
            "a.csv".to_owned(),
            b"order_id,paid_at\nA1,2026-07-10 10:00:00\n".to_vec(),
        )];
        let mut held = Held::default();
        read(&mut held, &files, request(&files), 1);
        // New files, cancelled: the records from before stay.
        held.begin(request(&files));
        held.chunk("b.csv".into(), 3, b"abc");
        assert!(held.cancel());
        assert!(held.loaded.is_some() && held.incoming.is_none() && held.session.is_none());
        assert_eq!(held.finish(), None);
        // The same files again, cancelled: their old records went first.
        held.begin(ReadRequest {
            again: true,
            ..request(&files)
        });
        assert!(!held.cancel());
        assert!(held.loaded.is_none());
    }

    /// The page has no JSON parser: the worker reads an imported rulebook and writes an
    /// exported one, with the same validation and messages as the CLI.
    #[test]
    fn rulebooks_are_imported_and_exported_by_the_worker() {
        let mut rb = storescore_core::rulebook::builtin_by_id("ebay-seller-levels").unwrap();
        rb.set("window_days", 90.0).unwrap();
        let Response::RulebookExported { id, json } = export_rulebook(&rb) else {
            panic!("an export is answered with its JSON");
        };
        assert_eq!(id, "ebay-seller-levels");
        assert_eq!(
            import_rulebook(&json),
            Response::RulebookImported(Ok(Box::new(rb)))
        );
        let Response::RulebookImported(Err(e)) = import_rulebook(&json.replace("90", "0")) else {
            panic!("an invalid rulebook is refused");
        };
        assert!(e.contains("window_days must be at least 1"), "{e}");
        let Response::RulebookImported(Err(e)) = import_rulebook("{\"id\": 3") else {
            panic!("a broken file is refused");
        };
        assert!(e.starts_with("rulebook is not valid JSON"), "{e}");
    }

    /// A link of the JSON era opens through the worker; a damaged one says so.
    #[test]
    fn earlier_links_are_read_by_the_worker() {
        let golden = include_str!("../../../tests/links/golden-v1.txt").trim();
        let Response::LinkOpened(Ok(Some(p))) = open_link(golden) else {
            panic!("the v1 golden link opens");
        };
        assert_eq!(p.window_label, "test");
        assert_eq!(
            open_link(&golden[..golden.len() / 2]),
            Response::LinkOpened(Err(LinkError::Malformed))
        );
        assert_eq!(open_link(""), Response::LinkOpened(Ok(None)));
    }

    /// The page gets of each long list of violating records only those its table shows, with
    /// how many there are; the worker writes the CSV of all of them.
    #[test]
    fn the_page_gets_the_records_it_shows_and_the_worker_writes_them_all() {
        let mut h = Held::default();
        h.sample();
        let rulebooks = storescore_core::rulebook::builtin();
        let settings = Settings::default();
        let whole = h
            .loaded
            .as_ref()
            .unwrap()
            .analyse(&settings, &rulebooks)
            .unwrap();
        let sent = h.analyse(3, &settings, &rulebooks).unwrap();
        assert_eq!(
            sent.records.keys().collect::<Vec<_>>(),
            whole.records.keys().collect::<Vec<_>>()
        );
        let mut cut = 0;
        let p = &h.loaded.as_ref().unwrap().prepared;
        for (key, all) in &whole.records {
            let listed = &sent.records[key];
            assert_eq!(sent.records_total(key), all.len());
            // What the page gets is named: the names the records it points at have.
            assert!(listed.iter().all(|v| v.record == v.name(p)), "{key:?}");
            assert!(listed.iter().any(|v| !v.record.is_empty()), "{key:?}");
            if all.len() > RECORDS_LISTED {
                cut += 1;
                assert!(listed.len() < all.len(), "{key:?}");
            } else {
                let named: Vec<_> = all.iter().map(|v| v.named(p)).collect();
                assert_eq!(&listed[..], &named[..]);
            }
            let csv = h.records_csv(3, key.0, key.1, Lang::En);
            let (_, _, params, _) = h.analysed.as_ref().unwrap();
            let rows = storescore_core::evidence::evidence(
                &h.loaded.as_ref().unwrap().prepared,
                &params.with_window(key.0),
                key.1,
                all,
            );
            assert!(rows.len() >= all.len());
            assert_eq!(
                csv.as_deref(),
                Some(&*crate::export::evidence_csv(&rows, params.tz, Lang::En)),
                "{key:?}"
            );
        }
        // The sample store has lists longer than a table shows.
        assert!(cut > 0);
        assert!(sent.records_cut.len() == cut);
        assert_eq!(
            h.records_csv(3, 1234, MetricId::LateShipmentRate, Lang::En)
                .as_deref()
                .and_then(|c| c.split_once('\n'))
                .map(|(head, rest)| (
                    head.starts_with("record,order,counts,why,hours_over,paid_at"),
                    rest
                )),
            Some((true, ""))
        );
        // Other records replace them: the lists of their analysis go with them.
        h.sample();
        assert!(h.violations.is_empty());
        assert_eq!(
            h.records_csv(3, 30, MetricId::LateShipmentRate, Lang::En),
            None
        );
    }

    /// A download asked for from the analysis shown, once the worker has computed a newer one
    /// (another window, say), is refused rather than written from the newer one's lists: it
    /// once came back with the newer analysis's records, or none, under the shown one's name.
    #[test]
    fn records_asked_of_an_earlier_analysis_are_not_written_from_a_later_one() {
        let mut h = Held::default();
        h.sample();
        let rulebooks = storescore_core::rulebook::builtin();
        let at_30 = Settings::default();
        let at_60 = Settings {
            window_days: 60,
            ..Settings::default()
        };
        h.analyse(1, &at_30, &rulebooks).unwrap();
        let late = MetricId::LateShipmentRate;
        let of_30 = h.records_csv(1, 30, late, Lang::En).unwrap();
        assert!(of_30.lines().count() > 1, "{of_30}");
        h.analyse(2, &at_60, &rulebooks).unwrap();
        assert_eq!(h.records_csv(1, 30, late, Lang::En), None);
        let of_60 = h.records_csv(2, 60, late, Lang::En).unwrap();
        assert!(of_60.lines().count() > of_30.lines().count());
        // Reading the same files again drops the lists: nothing is written for any analysis.
        h.begin(ReadRequest {
            again: true,
            ..request(&[])
        });
        assert_eq!(h.records_csv(2, 60, late, Lang::En), None);
    }

    /// Everything that crosses the worker boundary reads back as written (postcard).
    #[test]
    fn messages_round_trip_through_postcard() {
        let mut h = Held::default();
        let summary = h.sample();
        let rulebooks = storescore_core::rulebook::builtin();
        let mut analysis = h
            .analyse(1, &Settings::default(), &rulebooks)
            .expect("the sample analyses");
        // Where a violating record is among the worker's records does not cross (the page
        // has none of them).
        for v in analysis.records.values_mut() {
            *v = v
                .iter()
                .map(|x| storescore_core::metrics::Violation {
                    at: Default::default(),
                    ..x.clone()
                })
                .collect();
        }
        let messages = [
            Response::Loaded(summary),
            Response::Analysed {
                id: 7,
                analysis: Some(Box::new(analysis)),
                memory_bytes: 1 << 20,
                timing: Timing {
                    began_at: 1.8e12,
                    sent_at: 1.8e12 + 900.25,
                    busy_ms: 812.5,
                    waited_ms: 40.0,
                },
            },
            Response::Progress(ReadProgress::default()),
            Response::Cancelled { records_kept: true },
            import_rulebook(&rulebooks[2].to_json()),
            import_rulebook("{"),
            export_rulebook(&rulebooks[0]),
            open_link(include_str!("../../../tests/links/golden-v1.txt").trim()),
            open_link("v1.x"),
            Response::RecordsCsv {
                name: "x-records.csv".into(),
                csv: Some("record,what,hours\n".into()),
            },
            Response::RecordsCsv {
                name: "x-records.csv".into(),
                csv: None,
            },
        ];
        for m in messages {
            let bytes = postcard::to_allocvec(&m).unwrap();
            let back: Response = postcard::from_bytes(&bytes).unwrap();
            assert_eq!(back, m);
        }
        for req in [
            Request::Analyse {
                id: 1,
                settings: Settings::default(),
                rulebooks: rulebooks.clone(),
            },
            Request::Read(request(&[])),
            Request::Sample,
            Request::Cancel,
            Request::ImportRulebook("{}".into()),
            Request::ExportRulebook(Box::new(rulebooks[1].clone())),
            Request::RecordsCsv {
                name: "x-records.csv".into(),
                analysis: 4,
                window: 90,
                metric: MetricId::LateShipmentRate,
                lang: Lang::Zh,
            },
        ] {
            let bytes = postcard::to_allocvec(&req).unwrap();
            assert_eq!(postcard::from_bytes::<Request>(&bytes).unwrap(), req);
        }
    }
}
