//! The page's worker: it holds the dropped files' bytes and the records read from them, reads
//! them a chunk of rows at a time (reporting progress, hearing a cancel between chunks), and
//! runs the one pass over the records (`engine::analyse`). The page keeps only what the worker
//! sends back: each file's report, the counts and the analysis (aggregates plus violating
//! records), from which every what-if is computed on the page itself.
//!
//! This module is the protocol and the work, host-neutral and tested natively; `reactor` is the
//! yew-agent glue of the worker binary (`src/bin/worker.rs`), `crate::ui::worker` the page's end.

#[cfg(target_arch = "wasm32")]
pub mod reactor;

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::core::engine::{Analysis, RecordCounts, Settings};
use crate::core::model::Dataset;
use crate::core::rulebook::Rulebook;
use crate::ingest::schema::{header_key, UserMapping};
use crate::ingest::{FileReport, Loader, Options};
use crate::session::Loaded;

/// Bytes written in one piece (serde's `Vec<u8>` would go byte by byte).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Bytes(pub Vec<u8>);

impl Serialize for Bytes {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(&self.0)
    }
}

impl<'de> Deserialize<'de> for Bytes {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Bytes, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Bytes;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("bytes")
            }
            fn visit_bytes<E>(self, v: &[u8]) -> Result<Bytes, E> {
                Ok(Bytes(v.to_vec()))
            }
            fn visit_byte_buf<E>(self, v: Vec<u8>) -> Result<Bytes, E> {
                Ok(Bytes(v))
            }
        }
        d.deserialize_byte_buf(V)
    }
}

/// How the user asked one file to be read.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FileOptions {
    pub encoding: Option<String>,
    pub delimiter: Option<u8>,
    pub sheet: Option<String>,
}

/// Read the files held, each with its options and any remembered column mapping.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReadRequest {
    pub tz: Tz,
    pub options: Vec<(String, FileOptions)>,
    /// Column mappings by header set (`header_key`).
    pub mappings: Vec<(String, UserMapping)>,
}

impl ReadRequest {
    fn options_for(&self, name: &str) -> Options {
        let o = self
            .options
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, o)| o.clone())
            .unwrap_or_default();
        Options {
            tz: self.tz,
            encoding: o.encoding,
            delimiter: o.delimiter,
            sheet: o.sheet,
            mapping: None,
        }
    }

    fn mapping_for(&self, key: &str) -> Option<&UserMapping> {
        self.mappings.iter().find(|(k, _)| k == key).map(|(_, m)| m)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// A new set of files follows: forget the ones held.
    Clear,
    /// The next bytes of a file (the page sends each file a slice at a time as it reads it).
    Chunk {
        name: String,
        /// The whole file's size (room is made once).
        size: u64,
        bytes: Bytes,
    },
    /// Read the files held.
    Read(ReadRequest),
    /// Generate the sample store.
    Sample,
    /// Analyse the records read. `id` pairs the answer with the question.
    Analyse {
        id: u64,
        settings: Settings,
        /// The rulebooks as JSON (their serde form skips empty fields: JSON, not postcard).
        rulebooks: String,
    },
    /// Stop reading (between two chunks of rows).
    Cancel,
}

/// How far a reading is, over all its files.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReadProgress {
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
}

impl Summary {
    pub fn is_empty(&self) -> bool {
        let c = &self.counts;
        c.orders + c.messages + c.disputes + c.reviews == 0
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Response {
    Progress(ReadProgress),
    Loaded(Summary),
    Analysed {
        id: u64,
        analysis: Option<Box<Analysis>>,
        /// The worker's WebAssembly memory (its peak: linear memory only grows), for the
        /// browser benchmark.
        memory_bytes: u64,
    },
    /// A reading stopped. `records_kept`: the records read before are still held (a cancelled
    /// reading of new files); false when the held files were being read again.
    Cancelled {
        records_kept: bool,
    },
    /// A request the worker could not take (e.g. rulebooks that do not parse).
    Failed(String),
}

/// The worker's state: the files' bytes (kept to read again with other options) and the
/// records read from them. New files arrive in `incoming` and replace the held ones only once
/// read to the end: a cancelled reading leaves the files and records it found.
#[derive(Debug, Default)]
pub struct Held {
    pub files: Vec<(String, Vec<u8>)>,
    pub incoming: Vec<(String, Vec<u8>)>,
    pub loaded: Option<Loaded>,
}

impl Held {
    /// Forgets files being received (a new set follows, or the sending was cancelled).
    pub fn clear_incoming(&mut self) {
        self.incoming.clear();
    }

    /// Appends bytes to the named incoming file (a new name starts a new file).
    pub fn chunk(&mut self, name: String, size: u64, bytes: &[u8]) {
        match self.incoming.last_mut() {
            Some((n, b)) if *n == name => b.extend_from_slice(bytes),
            _ => {
                let mut b = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
                b.extend_from_slice(bytes);
                self.incoming.push((name, b));
            }
        }
    }

    /// The files a reading reads: the ones just received, else the held ones (read again).
    /// Give them back with `settle`. Reading the held files again drops their records first:
    /// two sets of records at once would double the worker's peak memory.
    pub fn take_files(&mut self) -> (Vec<(String, Vec<u8>)>, bool) {
        if self.incoming.is_empty() {
            self.loaded = None;
            (std::mem::take(&mut self.files), false)
        } else {
            (std::mem::take(&mut self.incoming), true)
        }
    }

    /// Ends a reading: read to the end, its files and records replace the held ones; cancelled,
    /// new files are dropped and the held ones (and their records, unless read again) stay.
    pub fn settle(
        &mut self,
        files: Vec<(String, Vec<u8>)>,
        new: bool,
        loaded: Option<Loaded>,
    ) -> Option<Summary> {
        match loaded {
            Some(l) => {
                self.files = files;
                Some(self.keep(l))
            }
            None => {
                if !new {
                    self.files = files;
                }
                None
            }
        }
    }

    pub fn sample(&mut self) -> Summary {
        self.files.clear();
        self.incoming.clear();
        let loaded = crate::session::sample();
        let s = summary(&loaded);
        self.loaded = Some(loaded);
        s
    }

    pub fn analyse(
        &self,
        settings: &Settings,
        rulebooks: &str,
    ) -> Result<Option<Analysis>, String> {
        let rbs: Vec<Rulebook> = serde_json::from_str(rulebooks).map_err(|e| e.to_string())?;
        Ok(self.loaded.as_ref().and_then(|l| l.analyse(settings, &rbs)))
    }

    fn keep(&mut self, loaded: Loaded) -> Summary {
        let s = summary(&loaded);
        self.loaded = Some(loaded);
        s
    }
}

pub fn summary(l: &Loaded) -> Summary {
    Summary {
        files: l.files.clone(),
        counts: l.counts.clone(),
    }
}

/// Files read one after another, each a chunk of rows at a time. A file whose columns need
/// mapping is read again with the user's mapping for its header set, when there is one.
pub struct Reading<'a> {
    files: &'a [(String, Vec<u8>)],
    req: &'a ReadRequest,
    next: usize,
    current: Option<Loader<'a>>,
    ds: Dataset,
    reports: Vec<FileReport>,
    bytes_before: u64,
    bytes_total: u64,
    rows_before: u64,
}

impl<'a> Reading<'a> {
    pub fn new(files: &'a [(String, Vec<u8>)], req: &'a ReadRequest) -> Reading<'a> {
        Reading {
            files,
            req,
            next: 0,
            current: None,
            ds: Dataset::default(),
            reports: Vec::new(),
            bytes_before: 0,
            bytes_total: files.iter().map(|(_, b)| b.len() as u64).sum(),
            rows_before: 0,
        }
    }

    fn open(&self, index: usize) -> Loader<'a> {
        let (name, bytes) = &self.files[index];
        let opts = self.req.options_for(name);
        let l = Loader::new(name, bytes, &opts);
        if l.report().needs_mapping() {
            if let Some(m) = self.req.mapping_for(&header_key(&l.report().headers)) {
                let mapped = Options {
                    mapping: Some((m.kind, m.mapping.clone())),
                    ..opts
                };
                return Loader::new(name, bytes, &mapped);
            }
        }
        l
    }

    /// Reads up to `rows` more rows; false once every file is read.
    pub fn step(&mut self, rows: usize) -> bool {
        loop {
            let Some(l) = self.current.as_mut() else {
                if self.next >= self.files.len() {
                    return false;
                }
                self.current = Some(self.open(self.next));
                self.next += 1;
                continue;
            };
            if l.step(rows) {
                return true;
            }
            let Some(l) = self.current.take() else {
                return false;
            };
            let p = l.progress();
            self.bytes_before += p.bytes_total;
            self.rows_before += p.rows;
            let (d, r) = l.finish();
            self.ds.extend(d);
            self.reports.push(r);
            return self.next < self.files.len();
        }
    }

    pub fn progress(&self) -> ReadProgress {
        let p = self
            .current
            .as_ref()
            .map(|l| l.progress())
            .unwrap_or_default();
        let file = self
            .next
            .saturating_sub(usize::from(self.current.is_some()));
        ReadProgress {
            file: file.min(self.files.len().saturating_sub(1)),
            files: self.files.len(),
            name: self
                .files
                .get(file)
                .map(|(n, _)| n.clone())
                .unwrap_or_default(),
            bytes_done: (self.bytes_before + p.bytes_done).min(self.bytes_total),
            bytes_total: self.bytes_total,
            rows: self.rows_before + p.rows,
        }
    }

    /// The records of every file (reading what is left).
    pub fn finish(mut self) -> Loaded {
        while self.step(crate::ingest::STEP_ROWS) {}
        Loaded::from_dataset(self.ds, self.reports)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::schema::{Field, Kind, Mapping};

    fn read(files: &[(String, Vec<u8>)], req: &ReadRequest, rows: usize) -> Loaded {
        let mut r = Reading::new(files, req);
        let mut last = r.progress();
        while r.step(rows) {
            let p = r.progress();
            assert!(p.bytes_done >= last.bytes_done && p.rows >= last.rows);
            assert!(p.bytes_done <= p.bytes_total);
            last = p;
        }
        r.finish()
    }

    fn request() -> ReadRequest {
        ReadRequest {
            tz: crate::core::time::DEFAULT_ZONE,
            options: Vec::new(),
            mappings: Vec::new(),
        }
    }

    #[test]
    fn a_remembered_mapping_loads_unrecognized_columns() {
        let csv = "Nr,Bezahlt am\nA1,2026-07-10 10:00:00\nA2,2026-07-11 10:00:00\n";
        let files = vec![("x.csv".to_owned(), csv.as_bytes().to_vec())];
        let plain = read(&files, &request(), 1);
        assert!(plain.is_empty() && plain.files[0].needs_mapping());
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
            ..request()
        };
        let mapped = read(&files, &req, 1);
        assert_eq!(mapped.counts.orders, 2);
        assert!(!mapped.files[0].needs_mapping());
    }

    #[test]
    fn reading_in_steps_matches_the_cli_reading_and_ends_at_every_byte() {
        let files: Vec<(String, Vec<u8>)> = crate::sample::generate_csv(400, 5)
            .into_iter()
            .map(|(n, t)| (n, t.into_bytes()))
            .collect();
        let whole = crate::session::load(
            files.iter().map(|(n, b)| (n.as_str(), b.as_slice())),
            &Options::default(),
        );
        let req = request();
        let mut r = Reading::new(&files, &req);
        while r.step(50) {}
        let p = r.progress();
        assert_eq!(p.bytes_done, p.bytes_total);
        let stepped = r.finish();
        assert_eq!(stepped.files, whole.files);
        assert_eq!(stepped.counts, whole.counts);
        assert_eq!(stepped.latest_event, whole.latest_event);
    }

    #[test]
    fn chunks_rebuild_each_file() {
        let mut h = Held::default();
        h.chunk("a.csv".into(), 5, b"ab");
        h.chunk("a.csv".into(), 5, b"cde");
        h.chunk("b.csv".into(), 1, b"x");
        let first = vec![
            ("a.csv".into(), b"abcde".to_vec()),
            ("b.csv".into(), b"x".to_vec()),
        ];
        assert_eq!(h.incoming, first);
        let (files, new) = h.take_files();
        assert!(new);
        let loaded = crate::session::load([("a.csv", &b"abcde"[..])], &Options::default());
        assert!(h.settle(files, new, Some(loaded)).is_some());
        assert_eq!(h.files, first);
        // A cancelled reading of new files keeps the held ones and their records.
        h.chunk("c.csv".into(), 1, b"y");
        let (files, new) = h.take_files();
        assert_eq!(h.settle(files, new, None), None);
        assert_eq!(h.files, first);
        assert!(h.loaded.is_some() && h.incoming.is_empty());
        // Read again (no new files): the held ones, their old records dropped first.
        let (files, new) = h.take_files();
        assert!(!new && files == first && h.loaded.is_none());
        h.settle(files, new, None);
        assert_eq!(h.files, first);
    }

    /// Everything that crosses the worker boundary reads back as written (postcard).
    #[test]
    fn messages_round_trip_through_postcard() {
        let mut h = Held::default();
        let summary = h.sample();
        let rulebooks = serde_json::to_string(&crate::core::rulebook::builtin()).unwrap();
        let analysis = h
            .analyse(&Settings::default(), &rulebooks)
            .unwrap()
            .expect("the sample analyses");
        let messages = [
            Response::Loaded(summary),
            Response::Analysed {
                id: 7,
                analysis: Some(Box::new(analysis)),
                memory_bytes: 1 << 20,
            },
            Response::Progress(ReadProgress::default()),
        ];
        for m in messages {
            let bytes = postcard::to_allocvec(&m).unwrap();
            let back: Response = postcard::from_bytes(&bytes).unwrap();
            assert_eq!(back, m);
        }
        let req = Request::Chunk {
            name: "x.csv".into(),
            size: 3,
            bytes: Bytes(vec![0, 1, 255]),
        };
        let bytes = postcard::to_allocvec(&req).unwrap();
        // The bytes are written in one piece: name, size, length, 3 bytes, and the tag.
        assert!(bytes.len() < 16, "{}", bytes.len());
        assert_eq!(postcard::from_bytes::<Request>(&bytes).unwrap(), req);
        let req = Request::Analyse {
            id: 1,
            settings: Settings::default(),
            rulebooks,
        };
        let bytes = postcard::to_allocvec(&req).unwrap();
        assert_eq!(postcard::from_bytes::<Request>(&bytes).unwrap(), req);
    }
}
