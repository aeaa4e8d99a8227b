//! The page's one store: a `use_reducer` state with an `Action` enum, and a context handle with
//! intent methods. Only inputs live here (records, settings, rulebooks, slider positions);
//! every number shown is derived from them with `use_memo`, never stored.

use std::rc::Rc;

use chrono_tz::Tz;
use yew::prelude::*;

use crate::shared::Shared;
use crate::worker::{FromWorker, WorkerLink};
use link::{LinkError, LinkPayload};
pub use protocol::FileOptions;
use sources::schema::UserMapping;
use storescore_core::checks::Inputs;
use storescore_core::engine::Analysis;
use storescore_core::metrics::MetricId;
use storescore_core::rulebook::{
    choose_regions, regions_in_force, RegionFrom, RegionUse, Rulebook,
};
use storescore_core::whatif::{Baseline, Scenario};
use text::i18n::{Lang, T};

/// Files the user chose, as browser handles (their bytes stay on disk until sent).
pub type ChosenFiles = Shared<Vec<web_sys::File>>;
use protocol::{ReadProgress, ReadRequest, Request, Response, Summary};
use std::collections::BTreeMap;

/// What the worker is doing with the files, for the progress bar.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Phase {
    /// The files are handed to the worker (which may still be loading).
    Sending,
    /// The worker makes the sample store (no file to read).
    MakingSample,
    /// The worker reads rows into records.
    Reading,
    /// The worker builds the indexes the metrics read (after the last row).
    Preparing,
}

/// What a reading will be shown as once loaded: its source, and the files (for reading again).
#[derive(Clone, Debug, PartialEq)]
pub struct Pending {
    pub source: Shown,
    pub files: Option<ChosenFiles>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LoadProgress {
    pub phase: Phase,
    pub p: ReadProgress,
    /// When the phase began (ms since the epoch, the browser's clock).
    pub since_ms: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Shown {
    Empty,
    Sample,
    Files(Vec<String>),
    /// Aggregates only: a scenario link, or (`saved`) the last session kept in this browser.
    Link {
        label: String,
        saved: bool,
    },
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Assessment {
    /// The last day of the window the user picked (None: the data's latest day).
    pub last_day: Option<chrono::NaiveDate>,
    pub window_days: u32,
    pub tz: Tz,
    pub evaluation_days: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    Info(T),
    Error(T, Option<String>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub lang: Lang,
    pub source: Shown,
    /// What the worker read from the files or the sample (the records stay in the worker).
    pub records: Option<Shared<Summary>>,
    /// The worker's analysis of those records for the current settings and rulebooks; every
    /// number shown is derived from it (or from a link's baseline) with `use_memo`.
    pub analysis: Option<Shared<Analysis>>,
    /// The latest analysis asked for: an older answer is dropped.
    pub analysis_id: u64,
    /// The request the analysis shown answers (behind `analysis_id` while the worker computes;
    /// None until the first answer for the records shown). The answer may be no analysis: the
    /// records hold no dated event to score.
    pub analysis_of: Option<u64>,
    /// The recovery calendar, targets and previous window of the analysis shown (the worker
    /// computes them after each analysis, and again when the inputs change).
    pub outlook: Option<Shared<protocol::Outlook>>,
    /// The seller asked for the outlook of a large store (a small one's is computed by itself).
    pub outlook_wanted: bool,
    /// The aggregates of a scenario link (when the page was opened from one).
    pub link_baseline: Option<Rc<Baseline>>,
    pub settings: Assessment,
    pub rulebooks: Rc<Vec<Rulebook>>,
    /// The region each rulebook with regions judges by, and how it was chosen.
    pub regions: Vec<RegionUse>,
    /// The regions the user chose, by rulebook (kept in this browser).
    pub regions_chosen: BTreeMap<String, String>,
    pub inputs: Inputs,
    pub scenario: Scenario,
    pub notice: Option<Notice>,
    /// A reading under way (files or the sample).
    pub progress: Option<LoadProgress>,
    /// What the reading under way will be shown as once loaded.
    pub pending: Option<Pending>,
    /// The files shown (handles, not their bytes): sent to the worker again to be read again.
    pub chosen: Option<ChosenFiles>,
    /// Column mappings by header set, remembered in local storage.
    pub mappings: BTreeMap<String, UserMapping>,
    /// Reading options the user set per file name.
    pub file_options: BTreeMap<String, FileOptions>,
    /// The user's own format files (imported), remembered in local storage.
    pub formats: Vec<UserFormat>,
    /// The store the files are of, when the seller asked this browser to keep its numbers
    /// day by day ("since your last visit", the stores table).
    pub remember: Option<String>,
    /// The stores kept, as stored.
    pub visits: Rc<Vec<link::Visit>>,
}

/// A format file the user imported: recognized before the built-in formats.
#[derive(Clone, Debug, PartialEq)]
pub struct UserFormat {
    pub id: String,
    pub kind: sources::schema::Kind,
    pub report: String,
    /// The file, as the worker reads it (sent with every reading).
    pub json: String,
}

impl State {
    /// Records are read and the worker is computing their analysis (the first, or one for
    /// changed settings or rulebooks: the numbers shown are then the previous ones).
    pub fn analysing(&self) -> bool {
        self.records.is_some() && self.analysis_of != Some(self.analysis_id)
    }

    /// The worker answered for the records shown, and they hold nothing to score (no dated
    /// record: columns still to map, or files of headers only).
    pub fn nothing_to_score(&self) -> bool {
        self.records.is_some() && !self.analysing() && self.analysis.is_none()
    }

    /// Sets each rulebook's region: the one chosen, else the one of the records' currency.
    fn apply_regions(&mut self) {
        let currencies = self
            .records
            .as_ref()
            .map(|r| r.counts.currencies.clone())
            .unwrap_or_default();
        let mut rbs = (*self.rulebooks).clone();
        match choose_regions(&mut rbs, &currencies, &self.regions_chosen) {
            Ok(uses) => {
                self.regions = uses;
                if rbs != *self.rulebooks {
                    self.rulebooks = Rc::new(rbs);
                }
            }
            // A choice no rulebook has any more (an imported rulebook without it): forgotten.
            Err(_) => {
                self.regions_chosen.clear();
                self.regions = regions_in_force(&self.rulebooks, RegionFrom::Default);
            }
        }
    }

    /// Other records, or none: the analysis shown and the answer it was goes with them.
    fn forget_analysis(&mut self) {
        self.analysis = None;
        self.analysis_of = None;
        self.outlook = None;
    }

    pub fn new(lang: Lang) -> State {
        let kept = crate::browser::load_choices();
        State {
            lang,
            source: Shown::Empty,
            records: None,
            analysis: None,
            analysis_id: 0,
            analysis_of: None,
            outlook: None,
            outlook_wanted: false,
            link_baseline: None,
            settings: Assessment {
                last_day: None,
                window_days: 30,
                tz: storescore_core::time::DEFAULT_ZONE,
                evaluation_days: 15,
            },
            rulebooks: Rc::new(link::apply_overrides(&kept.overrides)),
            regions: Vec::new(),
            regions_chosen: kept.regions,
            inputs: kept.inputs,
            scenario: Scenario::default(),
            notice: None,
            progress: None,
            pending: None,
            chosen: None,
            mappings: crate::browser::load_mappings(),
            file_options: BTreeMap::new(),
            formats: crate::browser::load_formats(),
            remember: crate::browser::remembered_store(),
            visits: Rc::new(crate::browser::load_visits()),
        }
    }
}

pub enum Action {
    SetLang(Lang),
    /// Keep the numbers of the store the files are of under this name (None: stop).
    Remember(Option<String>),
    /// The stores kept, as just stored.
    Visits(Vec<link::Visit>),
    /// A reading starts; what it will be shown as once loaded.
    /// A reading starts (at this time, ms): what it will be shown as once loaded.
    Loading(Pending, f64),
    Progress(Phase, ReadProgress),
    Loaded(Rc<Summary>),
    Cancelled,
    /// A cancelled reading of the held files again: their records are gone too.
    RecordsForgotten,
    AnalysisRequested(u64),
    Analysed(u64, Option<Box<Analysis>>),
    /// The worker stopped (out of memory?): its records are gone.
    WorkerLost(String),
    /// The last file was taken out.
    ClearFiles,
    SaveMapping(String, UserMapping),
    /// A saved mapping is forgotten: files with its columns go back to the mapping step.
    ForgetMapping(String),
    /// A format file read by the worker: a saved mapping (it carries its header row) or a
    /// layout of the user's own.
    FormatImported(Result<protocol::ImportedFormat, String>),
    ForgetFormat(String),
    SetFileOptions(String, FileOptions),
    /// A link's aggregates opened (`true`: the last session, kept in this browser).
    OpenLink(Box<LinkPayload>, bool),
    /// Everything kept in this browser is forgotten, and the page starts over.
    ForgetEverything,
    LinkFailed(LinkError),
    SetWindow(u32),
    SetLastDay(Option<chrono::NaiveDate>),
    SetTz(Tz),
    SetEvaluationDays(u32),
    SetScenario(Scenario),
    ResetScenario,
    SetRule {
        rulebook: String,
        key: String,
        value: f64,
    },
    ResetRulebook(String),
    ImportRulebook(Result<Rulebook, String>),
    SetInput(String, Option<f64>),
    /// The user chose a rulebook's region.
    SetRegion(String, String),
    /// The seller asks for the outlook of a large store.
    WantOutlook,
    /// The worker's outlook of an analysis (dropped unless of the analysis shown).
    OutlookArrived(Option<Box<protocol::Outlook>>),
    Notify(Option<Notice>),
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::SetLang(l) => s.lang = l,
            Action::Loading(pending, now) => {
                let phase = match pending.source {
                    Shown::Sample => Phase::MakingSample,
                    _ => Phase::Sending,
                };
                s.pending = Some(pending);
                s.progress = Some(LoadProgress {
                    phase,
                    p: ReadProgress::default(),
                    since_ms: now,
                });
            }
            // The rate is over the whole reading, from the moment the files were handed over.
            Action::Progress(phase, p) => {
                if let Some(cur) = &s.progress {
                    let since_ms = cur.since_ms;
                    s.progress = Some(LoadProgress { phase, p, since_ms });
                }
            }
            // Said once: at the click (the worker's own word follows).
            Action::Cancelled => {
                // The reading's files are not shown: files added next add to those shown.
                s.pending = None;
                if s.progress.take().is_some() {
                    s.notice = Some(Notice::Info(T::ReadingCancelled));
                }
            }
            Action::RecordsForgotten => {
                s.pending = None;
                s.progress = None;
                s.records = None;
                s.forget_analysis();
                s.source = Shown::Empty;
                s.notice = Some(Notice::Info(T::ReadingCancelledDropped));
            }
            Action::AnalysisRequested(id) => s.analysis_id = id,
            Action::Analysed(id, a) => {
                if id == s.analysis_id {
                    s.analysis = a.map(|a| Shared(Rc::new(*a)));
                    s.analysis_of = Some(id);
                }
            }
            Action::ClearFiles => {
                s.progress = None;
                s.records = None;
                s.forget_analysis();
                s.source = Shown::Empty;
                s.chosen = None;
            }
            Action::WorkerLost(e) => {
                s.progress = None;
                s.records = None;
                s.forget_analysis();
                s.source = Shown::Empty;
                s.notice = Some(Notice::Error(T::WorkerLost, Some(e)));
            }
            Action::SetFileOptions(name, o) => {
                s.file_options.insert(name, o);
            }
            Action::SaveMapping(key, m) => {
                s.mappings.insert(key, m);
            }
            Action::ForgetMapping(key) => {
                s.mappings.remove(&key);
            }
            Action::FormatImported(Ok(f)) => {
                match f.mapping {
                    Some((key, m)) => {
                        s.mappings.insert(key, m);
                    }
                    None => {
                        s.formats.retain(|u| u.id != f.id);
                        s.formats.push(UserFormat {
                            id: f.id,
                            kind: f.kind,
                            report: f.report,
                            json: f.json,
                        });
                    }
                }
                s.notice = Some(Notice::Info(T::FormatImported));
            }
            Action::FormatImported(Err(e)) => {
                s.notice = Some(Notice::Error(T::FormatInvalid, Some(e)));
            }
            Action::ForgetFormat(id) => {
                s.formats.retain(|u| u.id != id);
            }
            Action::Loaded(summary) => {
                s.progress = None;
                s.records = Some(Shared(summary));
                s.outlook_wanted = false;
                s.forget_analysis();
                s.link_baseline = None;
                match s.pending.take() {
                    Some(Pending { source, files }) => {
                        s.chosen = files;
                        if s.source != source {
                            s.scenario = Scenario::default();
                            s.settings.last_day = None;
                        }
                        s.source = source;
                    }
                    None => s.chosen = None,
                }
                s.apply_regions();
            }
            Action::OpenLink(p, saved) => {
                let p = *p;
                s.records = None;
                s.forget_analysis();
                s.settings.window_days = p.baseline.main_window;
                s.link_baseline = Some(Rc::new(p.baseline));
                s.rulebooks = Rc::new(link::apply_overrides(&p.overrides));
                s.regions = regions_in_force(&s.rulebooks, RegionFrom::Link);
                s.inputs = p.inputs;
                s.scenario = p.scenario;
                s.source = Shown::Link {
                    label: p.window_label,
                    saved,
                };
            }
            Action::LinkFailed(e) => {
                let t = match e {
                    // The worker reads earlier links: never said to the user.
                    LinkError::Malformed | LinkError::Earlier => T::LinkMalformed,
                    LinkError::UnknownVersion => T::LinkUnknownVersion,
                    LinkError::Oversized => T::LinkOversized,
                };
                s.notice = Some(Notice::Error(t, None));
            }
            Action::SetWindow(d) => s.settings.window_days = d.max(1),
            Action::SetLastDay(d) => s.settings.last_day = d,
            Action::SetTz(tz) => s.settings.tz = tz,
            Action::SetEvaluationDays(d) => s.settings.evaluation_days = d.max(1),
            Action::SetScenario(sc) => s.scenario = sc,
            Action::ResetScenario => s.scenario = Scenario::default(),
            Action::SetRule {
                rulebook,
                key,
                value,
            } => {
                let mut rbs = (*s.rulebooks).clone();
                if let Some(rb) = rbs.iter_mut().find(|r| r.id == rulebook) {
                    if let Err(e) = rb.set(&key, value) {
                        s.notice = Some(Notice::Error(T::RulebookInvalid, Some(e.to_string())));
                    }
                }
                s.rulebooks = Rc::new(rbs);
            }
            Action::ResetRulebook(id) => {
                let mut rbs = (*s.rulebooks).clone();
                if let (Some(slot), Ok(orig)) = (
                    rbs.iter_mut().find(|r| r.id == id),
                    storescore_core::rulebook::builtin_by_id(&id),
                ) {
                    *slot = orig;
                }
                s.rulebooks = Rc::new(rbs);
                s.regions_chosen.remove(&id);
                s.apply_regions();
            }
            Action::ForgetEverything => {
                let mut fresh = State::new(s.lang);
                fresh.notice = Some(Notice::Info(T::Forgotten));
                s = fresh;
            }
            Action::Remember(name) => s.remember = name.filter(|n| !n.trim().is_empty()),
            Action::Visits(v) => s.visits = Rc::new(v),
            Action::WantOutlook => s.outlook_wanted = true,
            Action::OutlookArrived(o) => {
                if let Some(o) = o.filter(|o| Some(o.analysis) == s.analysis_of) {
                    s.outlook = Some(Shared(Rc::new(*o)));
                }
            }
            Action::SetRegion(rulebook, region) => {
                s.regions_chosen.insert(rulebook, region);
                s.apply_regions();
            }
            Action::ImportRulebook(r) => match r {
                Ok(rb) => {
                    let mut rbs = (*s.rulebooks).clone();
                    match rbs.iter_mut().find(|r| r.id == rb.id) {
                        Some(slot) => *slot = rb,
                        None => rbs.push(rb),
                    }
                    s.rulebooks = Rc::new(rbs);
                    s.notice = Some(Notice::Info(T::RulebookImported));
                }
                Err(e) => s.notice = Some(Notice::Error(T::RulebookInvalid, Some(e))),
            },
            Action::SetInput(name, v) => match v {
                Some(v) => {
                    s.inputs.insert(name, v);
                }
                None => {
                    s.inputs.remove(&name);
                }
            },
            Action::Notify(n) => s.notice = n,
        }
        Rc::new(s)
    }
}

/// The context handle: views call intents, never `dispatch` directly.
#[derive(Clone, PartialEq)]
pub struct Store {
    pub state: UseReducerHandle<State>,
    pub worker: WorkerLink,
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

impl Store {
    pub fn lang(&self) -> Lang {
        self.state.lang
    }
    pub fn toggle_lang(&self) {
        let next = self.state.lang.other();
        crate::browser::store_lang(next);
        self.state.dispatch(Action::SetLang(next));
    }
    /// Where the worker's answers go: store actions.
    pub fn connect(&self) {
        let dispatcher = self.state.dispatcher();
        self.worker
            .set_handler(Callback::from(move |h: FromWorker| {
                let r = match h {
                    FromWorker::Response(r) => r,
                    FromWorker::Lost(msg) => return dispatcher.dispatch(Action::WorkerLost(msg)),
                };
                dispatcher.dispatch(match r {
                    Response::Progress(p) => {
                        let phase = if p.bytes_done >= p.bytes_total {
                            Phase::Preparing
                        } else {
                            Phase::Reading
                        };
                        Action::Progress(phase, p)
                    }
                    Response::Loaded(s) => Action::Loaded(Rc::new(s)),
                    Response::Analysed {
                        id,
                        analysis,
                        memory_bytes,
                        timing,
                    } => {
                        crate::browser::note_worker(memory_bytes, timing);
                        Action::Analysed(id, analysis)
                    }
                    Response::Cancelled { records_kept } => {
                        if records_kept {
                            Action::Cancelled
                        } else {
                            Action::RecordsForgotten
                        }
                    }
                    Response::RulebookImported(r) => Action::ImportRulebook(r.map(|rb| *rb)),
                    Response::Outlook(o) => Action::OutlookArrived(o),
                    Response::LinkOpened(Ok(Some(p))) => Action::OpenLink(p, false),
                    Response::LinkOpened(Ok(None)) => return,
                    Response::LinkOpened(Err(e)) => Action::LinkFailed(e),
                    Response::RecordsCsv {
                        name,
                        csv: Some(csv),
                    } => {
                        crate::browser::download(&name, "text/csv;charset=utf-8", &csv);
                        return;
                    }
                    Response::RecordsCsv { csv: None, .. } => {
                        Action::Notify(Some(Notice::Info(T::RecordsRecomputed)))
                    }
                    Response::RulebookExported { id, json } => {
                        crate::browser::download(&format!("{id}.json"), "application/json", &json);
                        return;
                    }
                    Response::FormatImported(r) => Action::FormatImported(r),
                    Response::MappingExported { name, json } => {
                        crate::browser::download(&name, "application/json", &json);
                        return;
                    }
                })
            }));
    }

    /// Starts loading the worker (files are about to come), if it is not loaded.
    pub fn warm_worker(&self) {
        self.worker.warm();
    }

    pub fn load_sample(&self) {
        self.worker.abandon();
        self.state.dispatch(Action::Loading(
            Pending {
                source: Shown::Sample,
                files: None,
            },
            now_ms(),
        ));
        self.worker.send(Request::Sample);
    }

    /// Has the worker read the chosen files with those already shown: files add up, as a
    /// seller downloads them one at a time. A file of the same name replaces the one shown;
    /// the very same file again (name, size and date) is said, not read again.
    pub fn load_files(&self, files: Vec<web_sys::File>) {
        if files.is_empty() {
            return;
        }
        // The files being read (a reading under way), else those shown.
        let pending = self
            .state
            .pending
            .as_ref()
            .filter(|p| matches!(p.source, Shown::Files(_)))
            .and_then(|p| p.files.clone());
        let shown: Vec<web_sys::File> = match (pending, &self.state.source, &self.state.chosen) {
            (Some(p), _, _) => p.iter().cloned().collect(),
            (None, Shown::Files(_), Some(d)) => d.iter().cloned().collect(),
            _ => Vec::new(),
        };
        let same = |a: &web_sys::File, b: &web_sys::File| {
            a.name() == b.name() && a.size() == b.size() && a.last_modified() == b.last_modified()
        };
        if files.iter().all(|f| shown.iter().any(|g| same(f, g))) {
            self.state
                .dispatch(Action::Notify(Some(Notice::Info(T::AlreadyLoaded))));
            return;
        }
        let mut all = shown;
        for f in files {
            all.retain(|g| g.name() != f.name());
            all.push(f);
        }
        self.read(Shared::new(all), false, None, None, self.state.settings.tz);
    }

    /// Takes one file out of those shown; the others are read again (none left: the page is
    /// as it was before any file).
    pub fn remove_file(&self, name: &str) {
        let Some(d) = &self.state.chosen else {
            return;
        };
        let rest: Vec<web_sys::File> = d.iter().filter(|f| f.name() != name).cloned().collect();
        if rest.is_empty() {
            self.worker.abandon();
            self.state.dispatch(Action::ClearFiles);
            return;
        }
        self.read(Shared::new(rest), true, None, None, self.state.settings.tz);
    }

    /// Has the worker read `files` with the remembered mappings and reading options (plus one
    /// just made). `again`: the same files as shown, read again.
    fn read(
        &self,
        files: ChosenFiles,
        again: bool,
        extra: Option<(String, UserMapping)>,
        file_options: Option<(String, FileOptions)>,
        tz: Tz,
    ) {
        let names = files.iter().map(|f| f.name()).collect();
        self.state.dispatch(Action::Loading(
            Pending {
                source: Shown::Files(names),
                files: Some(files.clone()),
            },
            now_ms(),
        ));
        let mut mappings = self.state.mappings.clone();
        mappings.extend(extra);
        let mut options = self.state.file_options.clone();
        options.extend(file_options);
        let req = ReadRequest {
            id: 0, // set by `read_files`
            tz,
            options: options.into_iter().collect(),
            mappings: mappings.into_iter().collect(),
            formats: self.state.formats.iter().map(|f| f.json.clone()).collect(),
            files: files.len(),
            bytes_total: files.iter().map(|f| f.size() as u64).sum(),
            again,
            modified: files
                .iter()
                .map(|f| (f.name(), f.last_modified()))
                .collect(),
        };
        self.worker.read_files(&files, req);
    }

    /// Reads the chosen files again (after a mapping, an option or the zone changed).
    fn reread(
        &self,
        extra: Option<(String, UserMapping)>,
        file_options: Option<(String, FileOptions)>,
        tz: Tz,
    ) {
        if let (Shown::Files(_), Some(files)) = (&self.state.source, &self.state.chosen) {
            self.read(files.clone(), true, extra, file_options, tz);
        }
    }

    /// Stops a reading between two chunks of rows; what was shown before stays.
    pub fn cancel(&self) {
        self.worker.cancel();
        self.state.dispatch(Action::Cancelled);
    }

    /// Asks the worker for the analysis of its records under these settings and rulebooks.
    pub fn request_analysis(
        &self,
        settings: storescore_core::engine::Settings,
        rulebooks: &[Rulebook],
    ) {
        let id = self.worker.next_id();
        self.state.dispatch(Action::AnalysisRequested(id));
        self.worker.send(Request::Analyse {
            id,
            settings,
            rulebooks: rulebooks.to_vec(),
        });
    }

    /// Asks the worker for the outlook of the analysis shown, judged with these rulebooks and
    /// inputs.
    pub fn request_outlook(&self, analysis: u64, rulebooks: &[Rulebook], inputs: &Inputs) {
        self.worker.send(Request::Outlook {
            analysis,
            rulebooks: rulebooks.to_vec(),
            inputs: inputs.clone(),
        });
    }

    /// Remembers a column mapping for a header set and reads the files again with it.
    pub fn apply_mapping(&self, header_key: String, m: UserMapping) {
        self.state
            .dispatch(Action::SaveMapping(header_key.clone(), m.clone()));
        self.reread(Some((header_key, m)), None, self.state.settings.tz);
    }

    /// Forgets a saved mapping; the files are read again (those with its columns go back to
    /// the mapping step).
    pub fn forget_mapping(&self, header_key: String) {
        self.state.dispatch(Action::ForgetMapping(header_key));
        self.reread(None, None, self.state.settings.tz);
    }

    /// The worker writes a saved mapping as a format file; the page downloads it.
    pub fn export_mapping(&self, header_key: String) {
        if let Some(m) = self.state.mappings.get(&header_key) {
            self.worker
                .send(Request::ExportMapping(header_key, m.clone()));
        }
    }

    /// The worker reads a format file the user chose; its answer is `FormatImported`.
    pub fn import_format(&self, text: String) {
        self.worker.send(Request::ImportFormat(text));
    }

    /// Forgets a format of the user's own; the files are read again without it.
    pub fn forget_format(&self, id: String) {
        self.state.dispatch(Action::ForgetFormat(id));
        self.reread(None, None, self.state.settings.tz);
    }

    /// Downloads a format of the user's own, as it was imported.
    pub fn export_format(&self, id: &str) {
        if let Some(f) = self.state.formats.iter().find(|f| f.id == id) {
            crate::browser::download(&format!("{id}.json"), "application/json", &f.json);
        }
    }

    /// Reads one file again with other options (encoding, delimiter, sheet).
    pub fn set_file_options(&self, name: String, o: FileOptions) {
        self.state
            .dispatch(Action::SetFileOptions(name.clone(), o.clone()));
        self.reread(None, Some((name, o)), self.state.settings.tz);
    }
    /// Opens what the URL fragment names: `#sample` (the sample store) or a scenario link.
    pub fn open_fragment(&self, fragment: &str) {
        if fragment.trim_start_matches('#') == "sample" {
            self.load_sample();
            return;
        }
        // No link: the last session kept in this browser, if any.
        if fragment.trim_start_matches('#').is_empty() {
            if let Some(p) =
                crate::browser::load_session().and_then(|f| link::decode(&f).ok().flatten())
            {
                self.state.dispatch(Action::OpenLink(Box::new(p), true));
            }
            return;
        }
        match link::decode(fragment) {
            Ok(Some(p)) => self.state.dispatch(Action::OpenLink(Box::new(p), false)),
            Ok(None) => {}
            // JSON inside: the worker reads it (its answer is `OpenLink` or `LinkFailed`).
            Err(LinkError::Earlier) => self.worker.send(Request::OpenLink(fragment.to_owned())),
            Err(e) => self.state.dispatch(Action::LinkFailed(e)),
        }
    }
    pub fn want_outlook(&self) {
        self.state.dispatch(Action::WantOutlook);
    }
    /// Keeps (or stops keeping) the numbers of the store the files are of, by name.
    pub fn remember(&self, name: Option<String>) {
        crate::browser::set_remembered_store(name.as_deref());
        self.state.dispatch(Action::Remember(name));
    }
    /// Opens a kept store's numbers (as a saved link).
    pub fn open_visit(&self, fragment: &str) {
        match link::decode(fragment) {
            Ok(Some(p)) => {
                self.worker.abandon();
                self.state.dispatch(Action::OpenLink(Box::new(p), true));
            }
            Ok(None) => {}
            Err(e) => self.state.dispatch(Action::LinkFailed(e)),
        }
    }
    pub fn forget_everything(&self) {
        crate::browser::forget_everything();
        self.state.dispatch(Action::ForgetEverything);
    }
    pub fn set_window(&self, days: u32) {
        self.state.dispatch(Action::SetWindow(days));
    }
    pub fn set_last_day(&self, d: Option<chrono::NaiveDate>) {
        self.state.dispatch(Action::SetLastDay(d));
    }
    /// The zone of timestamps that carry none: the files are read again in it.
    pub fn set_tz(&self, tz: Tz) {
        self.state.dispatch(Action::SetTz(tz));
        self.reread(None, None, tz);
    }
    pub fn set_evaluation_days(&self, d: u32) {
        self.state.dispatch(Action::SetEvaluationDays(d));
    }
    pub fn set_scenario(&self, s: Scenario) {
        self.state.dispatch(Action::SetScenario(s));
    }
    pub fn reset_scenario(&self) {
        self.state.dispatch(Action::ResetScenario);
    }
    pub fn set_rule(&self, rulebook: &str, key: &str, value: f64) {
        self.state.dispatch(Action::SetRule {
            rulebook: rulebook.to_owned(),
            key: key.to_owned(),
            value,
        });
    }
    pub fn reset_rulebook(&self, id: &str) {
        self.state.dispatch(Action::ResetRulebook(id.to_owned()));
    }
    /// The worker reads the file (the page has no JSON parser); its answer is `ImportRulebook`.
    pub fn import_rulebook(&self, text: String) {
        self.worker.send(Request::ImportRulebook(text));
    }
    /// The worker writes the JSON and the page downloads it.
    pub fn export_rulebook(&self, id: &str) {
        if let Some(rb) = self.state.rulebooks.iter().find(|r| r.id == id) {
            self.worker
                .send(Request::ExportRulebook(Box::new(rb.clone())));
        }
    }
    /// The worker holds the violating records (the page only those its tables show) and
    /// writes the CSV of all of them; the page downloads it. `shown` is the analysis the
    /// page shows ([`State::analysis_of`]): the worker writes its records, or says it has
    /// newer ones. Needs only the worker handle and that id: a callback made of them stays
    /// the same across renders (slider moves).
    pub fn download_records(
        worker: &WorkerLink,
        shown: Option<u64>,
        name: String,
        (window, metric): (u32, MetricId),
        lang: Lang,
    ) {
        let Some(analysis) = shown else { return };
        worker.send(Request::RecordsCsv {
            name,
            analysis,
            window,
            metric,
            lang,
        });
    }
    pub fn set_region(&self, rulebook: &str, region: &str) {
        self.state
            .dispatch(Action::SetRegion(rulebook.to_owned(), region.to_owned()));
    }
    pub fn set_input(&self, name: &str, v: Option<f64>) {
        self.state.dispatch(Action::SetInput(name.to_owned(), v));
    }
    /// One part of the report alone on paper (a check's records: its anchor).
    pub fn print_part(anchor: &str) {
        crate::browser::print_part(anchor);
    }
    /// A scenario's link: into the address bar, and its address to the clipboard.
    pub fn share(&self, fragment: &str) {
        if let Some(url) = crate::browser::set_fragment(fragment) {
            crate::browser::copy_text(&url);
        }
    }
    /// The canonical CSV template of a kind of record, as a download.
    pub fn download_template(&self, kind: sources::schema::Kind) {
        crate::browser::download(
            &format!("{}.csv", kind.as_str()),
            "text/csv;charset=utf-8",
            &sources::schema::template(kind),
        );
    }
    pub fn notify(&self, n: Option<Notice>) {
        self.state.dispatch(Action::Notify(n));
    }
}
