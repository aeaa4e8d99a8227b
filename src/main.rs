//! The native CLI: the same ingest and core as the page, for batch use.
//!
//! `storescore report [--rulebook ID]... [--as-of DATE] [--window-days N] [--tz ZONE] [--json] FILE...`
//! Exit 0 when a report was produced (even with row diagnostics), 2 for a usage error, 3 when
//! no input was readable.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(cli::run(std::env::args_os().collect()));
}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::ffi::OsString;
    use std::path::PathBuf;

    use clap::{Parser, Subcommand};
    use reading::held::{FileOptions, Held, ReadRequest};
    use reading::json::{self, RulebookJson};
    use reading::threads::Threads;
    use sources::diag;
    use sources::schema::Kind;
    use std::collections::BTreeMap;
    use storescore_core::checks::Inputs;
    use storescore_core::engine::{self, Settings};
    use storescore_core::rulebook::{builtin, choose_regions, Rulebook};
    use storescore_core::time;
    use storescore_core::{changes, evidence, recovery, targets};
    use text::diag::{summarize, DiagnosticText};
    use text::i18n::Lang;

    #[derive(Parser)]
    #[command(
        name = "storescore",
        version,
        about = "Store service score from marketplace export files"
    )]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    #[derive(Subcommand)]
    enum Command {
        /// Score export files (orders, messages, disputes, reviews; CSV, TSV or Excel).
        Report(Box<ReportArgs>),
        /// Score several stores, one folder of export files each, one after another (bounded
        /// memory): one line of `report --json` per folder, plus "store" (the folder's name).
        /// Takes the options of `report`; the folders come where `report` takes files.
        Stores(Box<StoresArgs>),
        /// Evidence for an appeal, as CSV: every record a check counts against the store with
        /// the times that decide it and why, then the records its metric exempted and why.
        /// Takes the options of `report`.
        Records(Box<RecordsArgs>),
        /// Print the canonical CSV template of a record kind (orders, messages, disputes, reviews).
        Template { kind: String },
        /// Print a built-in rulebook as JSON (to edit and pass back with --rulebook-file).
        Rulebook { id: String },
        /// Write a deterministic synthetic store: orders, messages, disputes and reviews CSVs.
        Generate {
            /// Number of orders.
            #[arg(long, default_value_t = 3000)]
            orders: usize,
            #[arg(long, default_value_t = 7)]
            seed: u64,
            /// Output folder.
            #[arg(long, default_value = ".")]
            out: PathBuf,
        },
    }

    #[derive(clap::Args)]
    struct StoresArgs {
        /// One JSON object per line (the only output this command has; said for the reader).
        #[arg(long)]
        jsonl: bool,
        #[command(flatten)]
        report: ReportArgs,
    }

    #[derive(clap::Args)]
    struct RecordsArgs {
        /// The check, RULEBOOK/ID (e.g. aliexpress-service-rules/ship-before-deadline).
        #[arg(long, value_name = "RULEBOOK/ID")]
        check: String,
        #[command(flatten)]
        report: ReportArgs,
    }

    /// What `report` prints.
    enum Output<'a> {
        /// The readable report, or the JSON contract with `--json`.
        Report,
        /// One line of the JSON contract naming the store.
        Store(&'a str),
        /// The evidence of one check (rulebook, check id), as CSV.
        Records(&'a str, &'a str),
    }

    #[derive(clap::Args, Clone)]
    struct ReportArgs {
        /// Rulebooks to report (default: all built-in).
        #[arg(long = "rulebook", value_name = "ID")]
        rulebooks: Vec<String>,
        /// A rulebook JSON file replacing the built-in one with the same id.
        #[arg(long = "rulebook-file", value_name = "PATH")]
        rulebook_files: Vec<PathBuf>,
        /// Assessment date YYYY-MM-DD: the start of that day in --tz (default: the day after the
        /// latest event in the files).
        #[arg(long)]
        as_of: Option<String>,
        #[arg(long, default_value_t = 30)]
        window_days: u32,
        /// Days after completion within which a review counts.
        #[arg(long, default_value_t = 15)]
        evaluation_days: u32,
        /// Zone of timestamps that carry none.
        #[arg(long, default_value = "Asia/Shanghai")]
        tz: String,
        /// Print the METRICS.md output contract as JSON.
        #[arg(long)]
        json: bool,
        /// Language of the readable report and the diagnostics: en or zh.
        #[arg(long, default_value = "en")]
        lang: String,
        /// Force the text encoding of CSV files (e.g. gbk, utf-16le).
        #[arg(long)]
        encoding: Option<String>,
        /// Force the delimiter of CSV files: comma, semicolon, tab or pipe.
        #[arg(long)]
        delimiter: Option<String>,
        /// Read this sheet of each workbook (default: the first recognizable one).
        #[arg(long)]
        sheet: Option<String>,
        /// Read every file as this known export format (an id of formats/, e.g.
        /// tiktok-shop-orders), instead of the one recognized.
        #[arg(long, value_name = "ID")]
        format: Option<String>,
        /// A format file of your own (a layout the built-in formats do not know, or a saved
        /// column mapping), tried before the built-in formats. May be given several times.
        #[arg(long = "format-file", value_name = "PATH")]
        format_files: Vec<PathBuf>,
        /// A user-stated fact for input checks, NAME=VALUE (e.g. compliance_documents=1,
        /// amazon_account_health_rating=230; percents as fractions: ebay_inr_peer_rate=0.012).
        #[arg(long = "input", value_name = "NAME=VALUE")]
        inputs: Vec<String>,
        /// Judge by a region's rules: REGION for every rulebook that has it (e.g. BR, EU), or
        /// RULEBOOK=REGION. By default each rulebook takes the region of most orders' currency.
        #[arg(long = "region", value_name = "[RULEBOOK=]REGION")]
        regions: Vec<String>,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    }

    const USAGE: i32 = 2;
    const NO_INPUT: i32 = 3;

    pub fn run(args: Vec<OsString>) -> i32 {
        let cli = match Cli::try_parse_from(args) {
            Ok(c) => c,
            Err(e) => {
                let _ = e.print();
                return if e.use_stderr() { USAGE } else { 0 };
            }
        };
        match cli.command {
            Command::Report(a) => report(*a, Output::Report),
            Command::Stores(a) => stores(a.report),
            Command::Records(a) => match a.check.split_once('/') {
                Some((rb, id)) => report(a.report, Output::Records(rb, id)),
                None => usage(&format!("--check takes RULEBOOK/ID, not {}", a.check)),
            },
            Command::Template { kind } => match Kind::from_name(&kind) {
                Some(k) => {
                    print!("{}", ingest::schema::template(k));
                    0
                }
                None => usage(&format!(
                    "unknown kind {kind}: orders, messages, disputes or reviews"
                )),
            },
            Command::Rulebook { id } => match storescore_core::rulebook::builtin_by_id(&id) {
                Ok(rb) => {
                    println!("{}", rb.to_json());
                    0
                }
                Err(e) => usage(&e.to_string()),
            },
            Command::Generate { orders, seed, out } => {
                let files = reading::sample::generate_csv(orders, seed);
                for (name, text) in files {
                    let path = out.join(name);
                    if let Err(e) = std::fs::write(&path, text) {
                        eprintln!("storescore: cannot write {}: {e}", path.display());
                        return 1;
                    }
                    eprintln!("wrote {}", path.display());
                }
                0
            }
        }
    }

    fn usage(msg: &str) -> i32 {
        eprintln!("storescore: {msg}");
        USAGE
    }

    /// The files of a store's folder: its regular, not hidden files, by name.
    fn store_files(dir: &std::path::Path) -> std::io::Result<Vec<PathBuf>> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .map(|e| e.path())
            .collect();
        files.sort();
        Ok(files)
    }

    /// Each folder scored as `report --json` would, one line each, in the order given. A
    /// folder that cannot be read, or holds nothing to score, is a line with an "error".
    fn stores(a: ReportArgs) -> i32 {
        for dir in &a.files {
            let store = dir.file_name().map_or_else(
                || dir.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            let files = match store_files(dir) {
                Ok(f) if !f.is_empty() => f,
                Ok(_) => {
                    println!(
                        "{}",
                        serde_json::json!({"store": store, "error": "no files"})
                    );
                    continue;
                }
                Err(e) => {
                    println!(
                        "{}",
                        serde_json::json!({"store": store, "error": e.to_string()})
                    );
                    continue;
                }
            };
            let one = ReportArgs {
                files,
                json: true,
                ..a.clone()
            };
            match report(one, Output::Store(&store)) {
                0 => {}
                NO_INPUT => println!(
                    "{}",
                    serde_json::json!({"store": store, "error": "no records could be read"})
                ),
                code => return code,
            }
        }
        0
    }

    /// The report of the files, printed as `out` says.
    fn report(a: ReportArgs, out: Output) -> i32 {
        let store = match out {
            Output::Store(s) => Some(s),
            _ => None,
        };
        let Some(lang) = Lang::parse(&a.lang) else {
            return usage("--lang takes en or zh");
        };
        let Some(tz) = time::parse_zone(&a.tz) else {
            return usage(&format!("unknown time zone {}", a.tz));
        };
        if a.window_days == 0 {
            return usage("--window-days must be at least 1");
        }
        let as_of = match &a.as_of {
            None => None,
            // The page's date reader: the same dates, in the same form, work in both.
            Some(d) => match time::parse_ymd(d).and_then(|d| time::start_of_date(tz, d)) {
                Some(t) => Some(t),
                None => return usage(&format!("--as-of takes YYYY-MM-DD, not {d}")),
            },
        };
        let mut inputs = Inputs::new();
        for kv in &a.inputs {
            match kv
                .split_once('=')
                .and_then(|(k, v)| Some((k, v.trim().parse::<f64>().ok()?)))
            {
                Some((k, v)) => {
                    inputs.insert(k.trim().to_owned(), v);
                }
                None => return usage(&format!("--input takes NAME=NUMBER, not {kv}")),
            }
        }
        let mut rulebooks = builtin();
        for path in &a.rulebook_files {
            let text = match std::fs::read_to_string(path) {
                Ok(t) => t,
                Err(e) => return usage(&format!("cannot read {}: {e}", path.display())),
            };
            match Rulebook::from_json(&text) {
                Ok(rb) => match rulebooks.iter_mut().find(|r| r.id == rb.id) {
                    Some(slot) => *slot = rb,
                    None => rulebooks.push(rb),
                },
                Err(e) => return usage(&format!("{}: {e}", path.display())),
            }
        }
        if !a.rulebooks.is_empty() {
            if let Some(bad) = a
                .rulebooks
                .iter()
                .find(|id| !rulebooks.iter().any(|r| &r.id == *id))
            {
                let known: Vec<&str> = rulebooks.iter().map(|r| r.id.as_str()).collect();
                return usage(&format!(
                    "unknown rulebook {bad}; known: {}",
                    known.join(", ")
                ));
            }
            rulebooks.retain(|r| a.rulebooks.contains(&r.id));
        }
        if let Some(e) = &a.encoding {
            if ingest::decode::encoding_for(e).is_none() {
                return usage(&format!("unknown encoding {e}"));
            }
        }
        let delimiter = match a.delimiter.as_deref() {
            None => None,
            Some("comma" | ",") => Some(b','),
            Some("semicolon" | ";") => Some(b';'),
            Some("tab" | "\t") => Some(b'\t'),
            Some("pipe" | "|") => Some(b'|'),
            Some(other) => {
                return usage(&format!(
                    "--delimiter takes comma, semicolon, tab or pipe, not {other}"
                ))
            }
        };
        // Each file read as the page's worker reads one: in pieces, a text file's rows as
        // they come, so its bytes are never all in memory (436 MB of CSV for 1M orders).
        let (mut opened, mut paths) = (Vec::new(), Vec::new());
        for path in &a.files {
            let file = std::fs::File::open(path).and_then(|f| Ok((f.metadata()?, f)));
            match file {
                Ok((m, f)) if m.is_file() => {
                    opened.push((path.display().to_string(), m.len(), f));
                    paths.push(path);
                }
                Ok(_) => eprintln!("storescore: cannot read {}: not a file", path.display()),
                Err(e) => eprintln!("storescore: cannot read {}: {e}", path.display()),
            }
        }
        let mut own = Vec::new();
        let mut own_formats = Vec::new();
        for path in &a.format_files {
            let text = match std::fs::read_to_string(path) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("storescore: cannot read {}: {e}", path.display());
                    return USAGE;
                }
            };
            match ingest::formats::parse(&text) {
                Ok(f) => own_formats.push(std::sync::Arc::new(f)),
                Err(e) => {
                    eprintln!("storescore: {}: not a format file: {e}", path.display());
                    return USAGE;
                }
            }
            own.push(text);
        }
        if let Some(id) = &a.format {
            if ingest::formats::by_id(id, &own_formats).is_none() {
                let ids: Vec<&str> = own_formats
                    .iter()
                    .chain(ingest::formats::builtin())
                    .map(|f| f.id.as_str())
                    .collect();
                eprintln!(
                    "storescore: unknown format `{id}`; known: {}",
                    ids.join(", ")
                );
                return USAGE;
            }
        }
        let every = FileOptions {
            encoding: a.encoding.clone(),
            delimiter,
            sheet: a.sheet.clone(),
            format: a.format.clone(),
        };
        let mut held = Held::default();
        held.begin(ReadRequest {
            id: 0,
            tz,
            options: opened
                .iter()
                .map(|(name, _, _)| (name.clone(), every.clone()))
                .collect(),
            mappings: Vec::new(),
            formats: own,
            files: opened.len(),
            bytes_total: opened.iter().map(|(_, size, _)| size).sum(),
            again: false,
            modified: Vec::new(),
        });
        // Files read, records prepared and windows analysed on two threads (`Threads`).
        // A file is opened again to read its second half in the other lane.
        let reopen = |i: usize, at: u64| {
            use std::io::{Seek, SeekFrom};
            let mut f = std::fs::File::open(paths.get(i)?).ok()?;
            f.seek(SeekFrom::Start(at)).ok()?;
            Some(f)
        };
        held.read_files(opened, &reopen, &Threads);
        // The records themselves: the page's summary of them (`Held::finish`) is not needed.
        let Some(loaded) = held.session.take().map(|s| s.finish(&Threads)) else {
            return NO_INPUT;
        };
        let diags: Vec<diag::Diagnostic> = loaded
            .files
            .iter()
            .flat_map(|r| r.diagnostics.clone())
            .collect();
        if loaded.is_empty() {
            for line in summarize(&diags, lang) {
                eprintln!("{line}");
            }
            eprintln!("storescore: no records could be read from the files given");
            return NO_INPUT;
        }
        let chosen: BTreeMap<String, String> = a
            .regions
            .iter()
            .map(|r| match r.split_once('=') {
                Some((rb, region)) => (rb.trim().to_owned(), region.trim().to_owned()),
                None => ("*".to_owned(), r.trim().to_owned()),
            })
            .collect();
        let regions = match choose_regions(&mut rulebooks, &loaded.counts.currencies, &chosen) {
            Ok(r) => r,
            Err(e) => return usage(&e.to_string()),
        };
        let settings = Settings {
            as_of,
            window_days: a.window_days,
            evaluation_window_days: a.evaluation_days,
            tz,
            ..Settings::default()
        };
        let Some(mut analysis) = loaded.analyse_with(&settings, &rulebooks, &Threads) else {
            eprintln!("storescore: the files hold no timestamps; pass --as-of");
            return NO_INPUT;
        };
        if a.json {
            // The JSON writes every violating record by name (the text report none of them).
            analysis.name_records(&loaded.prepared);
        }
        let mut rep = engine::report(&analysis.baseline, &rulebooks, &inputs, &Default::default());
        engine::attach_records(&mut rep, &analysis);
        if let Output::Records(rb, id) = out {
            let Some(c) = rep
                .rulebook(rb)
                .and_then(|r| r.checks.iter().find(|c| c.id == id))
            else {
                let known: Vec<String> = rep
                    .rulebooks
                    .iter()
                    .flat_map(|r| r.checks.iter().map(move |c| format!("{}/{}", r.id, c.id)))
                    .collect();
                return usage(&format!("no check {rb}/{id}; known: {}", known.join(", ")));
            };
            let rows = match c.metric {
                Some(m) => evidence::evidence(&loaded.prepared, &analysis.params, m, &c.records),
                None => Vec::new(),
            };
            print!("{}", reading::export::evidence_csv(&rows, tz, lang));
            return 0;
        }
        if a.json {
            // The window that ends where today's starts, read by the same settings.
            let previous_settings = Settings {
                as_of: Some(
                    analysis
                        .params
                        .as_of
                        .minus_days(analysis.params.window_days),
                ),
                last_day: None,
                ..settings.clone()
            };
            let previous = loaded.analyse_with(&previous_settings, &rulebooks, &Threads);
            let previous_report = previous
                .as_ref()
                .map(|p| engine::report(&p.baseline, &rulebooks, &inputs, &Default::default()));
            let recovery = recovery::recovery_with(
                &loaded.prepared,
                &analysis.params,
                &analysis.baseline,
                &rulebooks,
                &inputs,
                &rep,
                recovery::DAYS,
                &Threads,
            );
            let diag_json: Vec<serde_json::Value> = diags
                .iter()
                .map(|d| {
                    let mut v = serde_json::to_value(d).unwrap_or_default();
                    if let Some(o) = v.as_object_mut() {
                        o.insert("message".into(), d.message(lang).into());
                    }
                    v
                })
                .collect();
            let out = json::contract(&analysis, &rep, diag_json);
            let mut out = serde_json::to_value(&out).unwrap_or_default();
            if let Some(o) = out.as_object_mut() {
                o.insert("files".into(), files_json(&loaded.files));
                o.insert(
                    "regions".into(),
                    serde_json::to_value(&regions).unwrap_or_default(),
                );
                o.insert(
                    "recovery".into(),
                    serde_json::to_value(&recovery).unwrap_or_default(),
                );
                o.insert(
                    "targets".into(),
                    serde_json::to_value(targets::targets(&analysis.baseline, &rulebooks, &inputs))
                        .unwrap_or_default(),
                );
                if let (Some(pa), Some(pr)) = (&previous, &previous_report) {
                    let contract = json::contract(pa, pr, Vec::new());
                    o.insert(
                        "previous".into(),
                        serde_json::to_value(&contract).unwrap_or_default(),
                    );
                    o.insert(
                        "changes".into(),
                        serde_json::to_value(changes::changes(pr, &rep)).unwrap_or_default(),
                    );
                }
            }
            if let (Some(o), Some(name)) = (out.as_object_mut(), store) {
                o.insert("store".into(), name.into());
            }
            let text = match store {
                Some(_) => serde_json::to_string(&out),
                None => serde_json::to_string_pretty(&out),
            };
            match text {
                Ok(s) => println!("{s}"),
                Err(e) => {
                    eprintln!("storescore: {e}");
                    return 1;
                }
            }
        } else {
            print!(
                "{}",
                text::report::readable(
                    &analysis,
                    &rep,
                    &rulebooks,
                    &regions,
                    &diags,
                    &loaded.files,
                    lang
                )
            );
        }
        if matches!(out, Output::Report) {
            // The process ends with this report: the system takes its memory back at once,
            // where freeing a 1M-order store's records one by one takes a tenth of a second.
            std::mem::forget((loaded, analysis, rep));
        }
        0
    }

    /// What was read of each file: the export recognized and how sure, its kind and platform,
    /// the column read for each field, and its rows.
    fn files_json(files: &[ingest::FileReport]) -> serde_json::Value {
        files
            .iter()
            .map(|f| {
                let mapping: serde_json::Map<String, serde_json::Value> = f
                    .mapping
                    .iter()
                    .map(|(field, col)| {
                        let header = f.headers.get(*col).cloned().unwrap_or_default();
                        (field.canonical().to_owned(), header.into())
                    })
                    .collect();
                serde_json::json!({
                    "name": f.name,
                    "format": f.format,
                    "platform": f.platform.as_str(),
                    "kind": f.kind.map(|k| k.as_str()),
                    "also": f.also.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
                    "confidence": f.confidence,
                    "sheet": f.sheet,
                    "header_row": f.header_row,
                    "mapping": mapping,
                    "data_rows": f.data_rows,
                    "loaded": f.loaded,
                    "item_rows": f.item_rows,
                    "not_data": f.not_data.len(),
                })
            })
            .collect()
    }
}
