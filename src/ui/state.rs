//! The page's one store: a `use_reducer` state with an `Action` enum, and a context handle with
//! intent methods. Only inputs live here (records, settings, rulebooks, slider positions);
//! every number shown is derived from them with `use_memo`, never stored.

use std::rc::Rc;

use chrono_tz::Tz;
use yew::prelude::*;

use super::Shared;
use crate::core::checks::Inputs;
use crate::core::model::Ts;
use crate::core::rulebook::{builtin, Rulebook};
use crate::core::whatif::{Baseline, Scenario};
use crate::i18n::{Lang, T};
use crate::ingest::schema::UserMapping;
use crate::link::{LinkError, LinkPayload};
use crate::session::Loaded;
use std::collections::BTreeMap;

/// How the user asked one file to be read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FileOptions {
    pub encoding: Option<String>,
    pub delimiter: Option<u8>,
    pub sheet: Option<String>,
}

/// Files as read from disk: (name, bytes).
pub type RawFiles = Shared<Vec<(String, Vec<u8>)>>;

#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    Empty,
    Sample,
    Files(Vec<String>),
    Link { label: String },
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    pub as_of: Option<Ts>,
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
    pub source: Source,
    /// Records loaded from files or the sample (compared by identity: never changed in place).
    pub records: Option<Shared<Loaded>>,
    /// The aggregates of a scenario link (when the page was opened from one).
    pub link_baseline: Option<Rc<Baseline>>,
    pub settings: Settings,
    pub rulebooks: Rc<Vec<Rulebook>>,
    pub inputs: Inputs,
    pub scenario: Scenario,
    pub notice: Option<Notice>,
    pub loading: bool,
    /// The dropped files' bytes, kept in memory (never sent anywhere) so that a column mapping
    /// can read them again.
    pub raw_files: Option<RawFiles>,
    /// Column mappings by header set, remembered in local storage.
    pub mappings: BTreeMap<String, UserMapping>,
    /// Reading options the user set per file name.
    pub file_options: BTreeMap<String, FileOptions>,
}

impl State {
    pub fn new(lang: Lang) -> State {
        State {
            lang,
            source: Source::Empty,
            records: None,
            link_baseline: None,
            settings: Settings {
                as_of: None,
                window_days: 30,
                tz: crate::core::time::DEFAULT_ZONE,
                evaluation_days: 15,
            },
            rulebooks: Rc::new(builtin()),
            inputs: Inputs::new(),
            scenario: Scenario::default(),
            notice: None,
            loading: false,
            raw_files: None,
            mappings: super::browser::load_mappings(),
            file_options: BTreeMap::new(),
        }
    }
}

pub enum Action {
    SetLang(Lang),
    Loading,
    Loaded(Rc<Loaded>, Source),
    /// Files read from disk: kept for re-reading with a mapping.
    Read(RawFiles),
    SaveMapping(String, UserMapping),
    SetFileOptions(String, FileOptions),
    OpenLink(Box<LinkPayload>),
    LinkFailed(LinkError),
    SetWindow(u32),
    SetAsOf(Option<Ts>),
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
    Notify(Option<Notice>),
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::SetLang(l) => s.lang = l,
            Action::Loading => s.loading = true,
            Action::Read(files) => s.raw_files = Some(files),
            Action::SetFileOptions(name, o) => {
                s.file_options.insert(name, o);
            }
            Action::SaveMapping(key, m) => {
                s.mappings.insert(key, m);
                super::browser::save_mappings(&s.mappings);
            }
            Action::Loaded(loaded, source) => {
                if !matches!(source, Source::Files(_)) {
                    s.raw_files = None;
                }
                s.loading = false;
                s.records = Some(Shared(loaded));
                s.link_baseline = None;
                s.source = source;
                s.scenario = Scenario::default();
                s.settings.as_of = None;
            }
            Action::OpenLink(p) => {
                let p = *p;
                s.records = None;
                s.settings.window_days = p.baseline.main_window;
                s.link_baseline = Some(Rc::new(p.baseline));
                s.rulebooks = Rc::new(crate::link::apply_overrides(&p.overrides));
                s.inputs = p.inputs;
                s.scenario = p.scenario;
                s.source = Source::Link {
                    label: p.window_label,
                };
            }
            Action::LinkFailed(e) => {
                let t = match e {
                    LinkError::Malformed => T::LinkMalformed,
                    LinkError::UnknownVersion => T::LinkUnknownVersion,
                    LinkError::Oversized => T::LinkOversized,
                };
                s.notice = Some(Notice::Error(t, None));
            }
            Action::SetWindow(d) => s.settings.window_days = d.max(1),
            Action::SetAsOf(t) => s.settings.as_of = t,
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
                    crate::core::rulebook::builtin_by_id(&id),
                ) {
                    *slot = orig;
                }
                s.rulebooks = Rc::new(rbs);
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
}

impl Store {
    pub fn lang(&self) -> Lang {
        self.state.lang
    }
    pub fn toggle_lang(&self) {
        let next = match self.state.lang {
            Lang::En => Lang::Zh,
            Lang::Zh => Lang::En,
        };
        super::browser::store_lang(next);
        self.state.dispatch(Action::SetLang(next));
    }
    pub fn load_sample(&self) {
        self.state.dispatch(Action::Loaded(
            Rc::new(crate::session::sample()),
            Source::Sample,
        ));
    }
    /// Reads the files' bytes (async in the browser), then ingests them.
    pub fn load_files(&self, files: Vec<web_sys::File>) {
        if files.is_empty() {
            return;
        }
        let store = self.clone();
        self.state.dispatch(Action::Loading);
        wasm_bindgen_futures::spawn_local(async move {
            let mut contents = Vec::new();
            for f in files {
                let bytes = super::browser::read_file(&f).await;
                contents.push((f.name(), bytes));
            }
            let tz = store.state.settings.tz;
            store.ingest(Shared::new(contents), None, None, tz);
        });
    }

    /// Ingests files already read, with the remembered mappings (plus one just made).
    fn ingest(
        &self,
        files: RawFiles,
        extra: Option<(String, UserMapping)>,
        file_options: Option<(String, FileOptions)>,
        tz: Tz,
    ) {
        let mut mappings = self.state.mappings.clone();
        mappings.extend(extra);
        let mut per_file = self.state.file_options.clone();
        per_file.extend(file_options);
        let options_for = |name: &str| {
            let o = per_file.get(name).cloned().unwrap_or_default();
            crate::ingest::Options {
                tz,
                encoding: o.encoding,
                delimiter: o.delimiter,
                sheet: o.sheet,
                mapping: None,
            }
        };
        let names = files.iter().map(|(n, _)| n.clone()).collect();
        let loaded = crate::session::load_mapped(
            files.iter().map(|(n, b)| (n.as_str(), b.as_slice())),
            &options_for,
            &|key| mappings.get(key).cloned(),
        );
        self.state.dispatch(Action::Read(files));
        self.state
            .dispatch(Action::Loaded(Rc::new(loaded), Source::Files(names)));
    }

    /// Remembers a column mapping for a header set and reads the files again with it.
    pub fn apply_mapping(&self, header_key: String, m: UserMapping) {
        self.state
            .dispatch(Action::SaveMapping(header_key.clone(), m.clone()));
        if let Some(files) = self.state.raw_files.clone() {
            self.ingest(files, Some((header_key, m)), None, self.state.settings.tz);
        }
    }

    /// Reads one file again with other options (encoding, delimiter, sheet).
    pub fn set_file_options(&self, name: String, o: FileOptions) {
        self.state
            .dispatch(Action::SetFileOptions(name.clone(), o.clone()));
        if let Some(files) = self.state.raw_files.clone() {
            self.ingest(files, None, Some((name, o)), self.state.settings.tz);
        }
    }
    /// Opens what the URL fragment names: `#sample` (the sample store) or a scenario link.
    pub fn open_fragment(&self, fragment: &str) {
        if fragment.trim_start_matches('#') == "sample" {
            self.load_sample();
            return;
        }
        match crate::link::decode(fragment) {
            Ok(Some(p)) => self.state.dispatch(Action::OpenLink(Box::new(p))),
            Ok(None) => {}
            Err(e) => self.state.dispatch(Action::LinkFailed(e)),
        }
    }
    pub fn set_window(&self, days: u32) {
        self.state.dispatch(Action::SetWindow(days));
    }
    pub fn set_as_of(&self, t: Option<Ts>) {
        self.state.dispatch(Action::SetAsOf(t));
    }
    /// The zone of timestamps that carry none: the files are read again in it.
    pub fn set_tz(&self, tz: Tz) {
        self.state.dispatch(Action::SetTz(tz));
        if let Some(files) = self.state.raw_files.clone() {
            self.ingest(files, None, None, tz);
        }
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
    pub fn import_rulebook(&self, text: &str) {
        let r = Rulebook::from_json(text).map_err(|e| e.to_string());
        self.state.dispatch(Action::ImportRulebook(r));
    }
    pub fn set_input(&self, name: &str, v: Option<f64>) {
        self.state.dispatch(Action::SetInput(name.to_owned(), v));
    }
    pub fn notify(&self, n: Option<Notice>) {
        self.state.dispatch(Action::Notify(n));
    }
}
