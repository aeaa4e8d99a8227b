//! The drop zone, file picker, sample button, template downloads and file diagnostics.

use text::decimal::{fixed, Dec};
use yew::prelude::*;

use crate::state::{FileOptions, LoadProgress, Phase, UserFormat};
use crate::{browser, shared::Shared};
use protocol::Summary;
use sources::diag::Severity;
use sources::schema::{fields, header_key, required, Field, Kind, Mapping, UserMapping};
use sources::FileReport;
use text::diag::summarize;
use text::i18n::{tr, Lang, T};

#[derive(Properties, PartialEq)]
pub struct IntakeProps {
    pub lang: Lang,
    /// A reading under way.
    pub progress: Option<LoadProgress>,
    /// Records are read and their analysis is being computed.
    pub analysing: bool,
    /// The records read hold nothing to score.
    pub nothing_to_score: bool,
    pub on_cancel: Callback<()>,
    pub files: Option<Shared<Summary>>,
    pub on_files: Callback<Vec<web_sys::File>>,
    pub on_sample: Callback<()>,
    /// Files are about to come (a drag enters, the file picker is pressed or focused): the
    /// worker can start loading meanwhile.
    pub on_intent: Callback<()>,
    /// A mapping made in the mapping step: (header set key, mapping).
    pub on_map: Callback<(String, UserMapping)>,
    /// Reading options changed for one file.
    pub on_file_options: Callback<(String, FileOptions)>,
    pub file_options: std::collections::BTreeMap<String, FileOptions>,
    /// The saved column mappings (by header set key) and the user's own formats.
    pub mappings: Shared<std::collections::BTreeMap<String, UserMapping>>,
    pub formats: Shared<Vec<UserFormat>>,
    pub on_forget_mapping: Callback<String>,
    pub on_export_mapping: Callback<String>,
    pub on_forget_format: Callback<String>,
    pub on_export_format: Callback<String>,
    /// The text of a format file the user chose.
    pub on_import_format: Callback<String>,
    /// Takes a file (by name) out of those loaded.
    pub on_remove_file: Callback<String>,
    /// Download the canonical template of a kind of record.
    pub on_template: Callback<Kind>,
}

#[component]
pub fn Intake(p: &IntakeProps) -> Html {
    let lang = p.lang;
    let over = use_state(|| false);
    // A file whose columns the seller opened again in the mapping step (to correct a mapping).
    let editing = use_state(|| None::<String>);
    let on_change = {
        let cb = p.on_files.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            cb.emit(browser::files_of(input.files()));
            input.set_value("");
        })
    };
    let on_drop = {
        let cb = p.on_files.clone();
        let over = over.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            over.set(false);
            cb.emit(browser::files_of(e.data_transfer().and_then(|d| d.files())));
        })
    };
    let on_drag_over = {
        let over = over.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            over.set(true);
        })
    };
    let on_drag_leave = {
        let over = over.clone();
        Callback::from(move |_: DragEvent| over.set(false))
    };
    let on_sample = {
        let cb = p.on_sample.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let on_intent = {
        let cb = p.on_intent.clone();
        move || cb.emit(())
    };
    let templates = Kind::ALL.iter().map(|k| {
        let k = *k;
        let on_template = p.on_template.clone();
        let onclick = Callback::from(move |_| on_template.emit(k));
        html! { <button class="link" {onclick}>{ format!("{}.csv", k.as_str()) }</button> }
    });
    let diagnostics = p.files.as_ref().map(|f| {
        let diags: Vec<_> = f.files.iter().flat_map(|r| r.diagnostics.clone()).collect();
        let choices = Shared::new(f.formats.clone());
        let files = f.files.iter().map(|r| {
            let kind = r.kind.map_or(text::i18n::tr(text::i18n::T::KindNotRecognized, lang), |k| text::i18n::kind_name(k, lang));
            let current = p.file_options.get(&r.name).cloned().unwrap_or_default();
            let comma = text::i18n::comma(lang);
            // Which export it was read as, and how sure: a seller sees what the reader took it for.
            let read_as = match (&r.format_report, r.mapped_by_user) {
                (_, true) => format!("{}{comma}", tr(T::MappedByUser, lang)),
                (Some(report), false) => format!(
                    "{} · {report}{}{comma}",
                    text::i18n::platform_name(r.platform, lang),
                    text::i18n::bracketed(&format!("{}% {}", fixed(r.confidence * 100.0, 0), tr(T::Sure, lang)), lang),
                ),
                (None, false) => String::new(),
            };
            // Rows that are an order's items or not data are said as such, not as rows lost.
            let mut rows = format!("{} / {} {}", r.loaded, r.data_rows, tr(T::RowsLoaded, lang));
            let not_data = r.not_data.iter().filter(|(line, _)| r.header_row.is_some_and(|h| *line > h)).count();
            if r.item_rows > 0 || not_data > 0 {
                rows = text::i18n::rows_read(r.loaded, r.data_rows, r.item_rows, not_data, lang);
            }
            let edit = (!r.headers.is_empty()).then(|| {
                let (editing, name) = (editing.clone(), r.name.clone());
                let onclick = Callback::from(move |_| editing.set(Some(name.clone())));
                html! { <button class="link" {onclick} data-testid={format!("edit-columns-{}", r.name)}>{ text::i18n::tr(text::i18n::T::WhichColumnHoldsWhat, lang) }</button> }
            });
            let remove = {
                let (cb, name) = (p.on_remove_file.clone(), r.name.clone());
                let onclick = Callback::from(move |_| cb.emit(name.clone()));
                html! { <button class="link" {onclick} data-testid={format!("remove-{}", r.name)} aria-label={format!("{} {}", tr(T::Remove, lang), r.name)}>{ tr(T::Remove, lang) }</button> }
            };
            html! {
                <li data-testid={format!("file-{}", r.name)} data-format={r.format.clone().unwrap_or_default()}>
                    { format!("{}{}{read_as}{kind}{comma}{rows}", r.name, text::i18n::colon(lang)) }
                    { for edit }
                    { remove }
                    <ReadOptions lang={lang} report={Shared::new(r.clone())} current={current} choices={choices.clone()} on_change={p.on_file_options.clone()} />
                </li>
            }
        });
        let lines = summarize(&diags, lang).into_iter().map(|l| html! { <li>{ l }</li> });
        let errors = diags.iter().any(|d| d.severity == Severity::Error);
        (!f.files.is_empty()).then(|| html! {
            <details class={classes!("diagnostics", errors.then_some("has-errors"))} open=true data-testid="diagnostics">
                <summary>{ tr(T::Diagnostics, lang) }</summary>
                <ul data-testid="file-list" data-files-read={f.files_read.to_string()}>{ for files }</ul>
                <ul class="diag-lines">{ for lines }</ul>
            </details>
        })
    });
    html! {
        <section class="intake no-print">
            <label
                class={classes!("dropzone", (*over).then_some("over"))}
                ondrop={on_drop}
                ondragover={on_drag_over}
                ondragleave={on_drag_leave}
                ondragenter={{ let f = on_intent.clone(); Callback::from(move |_: DragEvent| f()) }}
                onpointerdown={{ let f = on_intent.clone(); Callback::from(move |_: PointerEvent| f()) }}
                onfocusin={{ let f = on_intent; Callback::from(move |_: FocusEvent| f()) }}
                data-testid="dropzone"
            >
                <p>{ tr(T::DropHere, lang) }</p>
                <span class="button">{ tr(T::ChooseFiles, lang) }</span>
                <input
                    type="file"
                    multiple=true
                    accept=".csv,.tsv,.txt,.xlsx,.xls,.ods"
                    onchange={on_change}
                    data-testid="file-input"
                />
            </label>
            <div class="intake-actions">
                <button class="primary" data-testid="try-sample" onclick={on_sample}>{ tr(T::TrySample, lang) }</button>
                <span class="templates">{ tr(T::Templates, lang) }{ for templates }</span>
            </div>
            if let Some(lp) = &p.progress {
                <Progress lang={lang} progress={lp.clone()} on_cancel={p.on_cancel.clone()} />
            } else if p.analysing {
                <p class="loading" role="status" data-testid="analysing">{ tr(T::Analysing, lang) }</p>
            } else if p.nothing_to_score {
                <p class="nothing" role="status" data-testid="nothing-to-score">{ tr(T::NothingToScore, lang) }</p>
            }
            { for p.files.iter().flat_map(|f| f.files.iter().filter(|r| r.needs_mapping() || editing.as_deref() == Some(r.name.as_str())).map(|r| {
                let on_apply = {
                    let (cb, editing) = (p.on_map.clone(), editing.clone());
                    Callback::from(move |m| {
                        editing.set(None);
                        cb.emit(m);
                    })
                };
                html! { <MappingStep lang={lang} report={Shared::new(r.clone())} on_apply={on_apply} /> }
            }).collect::<Vec<_>>()) }
            { for diagnostics.flatten() }
            <SavedFormats
                lang={lang}
                mappings={p.mappings.clone()}
                formats={p.formats.clone()}
                on_forget_mapping={p.on_forget_mapping.clone()}
                on_export_mapping={p.on_export_mapping.clone()}
                on_forget_format={p.on_forget_format.clone()}
                on_export_format={p.on_export_format.clone()}
                on_import={p.on_import_format.clone()}
            />
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct ProgressProps {
    pub lang: Lang,
    pub progress: LoadProgress,
    pub on_cancel: Callback<()>,
}

fn megabytes(b: u64) -> String {
    let mb = b as f64 / 1_048_576.0;
    if mb < 10.0 {
        fixed(mb, 1)
    } else {
        fixed(mb, 0)
    }
}

/// 1234567 -> "1,234,567".
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Bytes and rows so far, the rate, the time left, and Cancel.
#[component]
pub fn Progress(p: &ProgressProps) -> Html {
    let lang = p.lang;
    let lp = &p.progress;
    let (done, total) = (lp.p.bytes_done, lp.p.bytes_total);
    let phase = match lp.phase {
        Phase::Sending => T::PhaseSending,
        Phase::MakingSample => T::PhaseMakingSample,
        Phase::Reading => T::PhaseReading,
        Phase::Preparing => T::PhasePreparing,
    };
    let seconds = ((js_sys::Date::now() - lp.since_ms) / 1000.0).max(0.001);
    let rate = done as f64 / seconds;
    let mut figures = Vec::new();
    if total > 0 && lp.phase != Phase::Preparing {
        figures.push(format!("{} / {} MB", megabytes(done), megabytes(total)));
    }
    if lp.p.rows > 0 {
        figures.push(format!("{} {}", grouped(lp.p.rows), tr(T::RowsRead, lang)));
    }
    if lp.phase != Phase::Preparing && seconds > 0.2 && rate > 0.0 {
        figures.push(format!("{:.0} MB/s", Dec(rate / 1_048_576.0)));
        let left = total.saturating_sub(done) as f64 / rate;
        figures.push(text::i18n::seconds_left(left, lang));
    }
    let name = if lp.p.files > 1 {
        format!(" ({} {}/{})", lp.p.name, lp.p.file + 1, lp.p.files)
    } else {
        String::new()
    };
    let bar = if lp.phase == Phase::Preparing || total == 0 {
        html! { <progress data-testid="progress-bar"></progress> }
    } else {
        let value = ((done as f64 / total as f64 * 1000.0).round() as u64).to_string();
        html! { <progress max="1000" value={value} data-testid="progress-bar"></progress> }
    };
    let cancel = {
        let cb = p.on_cancel.clone();
        Callback::from(move |_| cb.emit(()))
    };
    html! {
        <div class="progress" role="status" data-testid="progress">
            <p class="progress-phase">{ format!("{}{name}", tr(phase, lang)) }</p>
            { bar }
            <p class="progress-figures" data-testid="progress-figures">{ figures.join(" · ") }</p>
            <button class="secondary" data-testid="cancel" onclick={cancel}>{ tr(T::Cancel, lang) }</button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct MappingProps {
    pub lang: Lang,
    pub report: Shared<FileReport>,
    pub on_apply: Callback<(String, UserMapping)>,
}

/// The column-mapping step: pick the kind of records, then the column of each field, with a
/// preview of the values. The mapping is remembered for files with the same columns.
#[component]
pub fn MappingStep(p: &MappingProps) -> Html {
    let lang = p.lang;
    let r = &p.report;
    let kind = use_state(|| r.kind.unwrap_or(Kind::Orders));
    // The columns the names found, and for each time still missing a column whose values read
    // as dates (a proposal the seller confirms).
    let mapping = use_state(|| propose(r, r.kind.unwrap_or(Kind::Orders)));
    let preview = |col: usize| -> String {
        let vals: Vec<&str> = r
            .preview
            .iter()
            .filter_map(|row| row.get(col).map(String::as_str))
            .filter(|v| !v.is_empty())
            .take(3)
            .collect();
        vals.join(" · ")
    };
    let on_kind = {
        let (kind, mapping, r) = (kind.clone(), mapping.clone(), r.clone());
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(k) = Kind::from_name(&el.value()) {
                kind.set(k);
                mapping.set(propose(&r, k));
            }
        })
    };
    let req = required(*kind);
    let rows = fields(*kind).iter().map(|f| {
        let f: Field = *f;
        let current = mapping.get(&f).copied();
        let onchange = {
            let mapping = mapping.clone();
            Callback::from(move |e: Event| {
                let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
                let mut m = (*mapping).clone();
                match el.value().parse::<usize>() {
                    Ok(c) => { m.insert(f, c); }
                    Err(_) => { m.remove(&f); }
                }
                mapping.set(m);
            })
        };
        let star = if req.contains(&f) { " *" } else { "" };
        html! {
            <tr>
                <td>{ format!("{}{star} ", text::i18n::field_label(*kind, f, lang)) }<code class="muted">{ f.canonical() }</code></td>
                <td>
                    <select {onchange} data-testid={format!("map-{}", f.canonical())} aria-label={text::i18n::field_label(*kind, f, lang).to_owned()}>
                        <option value="" selected={current.is_none()}>{ "—" }</option>
                        { for r.headers.iter().enumerate().map(|(i, h)| {
                            let dates = if f.is_time() && r.date_columns.contains(&i) { text::i18n::tr(text::i18n::T::DatesMark, lang) } else { "" };
                            html! {
                                <option value={i.to_string()} selected={current == Some(i)}>{ format!("{h} ({}){dates}", preview(i)) }</option>
                            }
                        }) }
                    </select>
                </td>
            </tr>
        }
    });
    let ready = req.iter().all(|f| mapping.contains_key(f));
    let apply = {
        let (cb, kind, mapping) = (p.on_apply.clone(), kind.clone(), mapping.clone());
        let key = header_key(&r.headers);
        Callback::from(move |_| {
            cb.emit((
                key.clone(),
                UserMapping {
                    kind: *kind,
                    mapping: (*mapping).clone(),
                },
            ))
        })
    };
    html! {
        <div class="card mapping" data-testid="mapping-step">
            <h2 class="mapping-title">{ format!("{}{}{}", r.name, text::i18n::colon(lang), text::i18n::tr(text::i18n::T::WhichColumnHoldsWhatQ, lang)) }</h2>
            <label>{ text::i18n::tr(text::i18n::T::TheseRowsAre, lang) }
                <select onchange={on_kind} data-testid="map-kind">
                    { for Kind::ALL.iter().map(|k| html! { <option value={k.as_str()} selected={*k == *kind}>{ text::i18n::kind_name(*k, lang) }</option> }) }
                </select>
            </label>
            <table class="settings"><tbody>{ for rows }</tbody></table>
            <button class="primary" disabled={!ready} onclick={apply} data-testid="map-apply">
                { text::i18n::tr(text::i18n::T::UseTheseColumns, lang) }
            </button>
        </div>
    }
}

/// A first mapping for the mapping step: the columns the names found for this kind, and for
/// each time field still missing, in the kind's order, the next column whose values read as
/// dates that no field has.
fn propose(r: &FileReport, kind: Kind) -> Mapping {
    let mut m: Mapping = if r.kind == Some(kind) {
        r.mapping.clone()
    } else {
        Mapping::new()
    };
    let free: Vec<usize> = r
        .date_columns
        .iter()
        .copied()
        .filter(|c| !m.values().any(|v| v == c))
        .collect();
    let mut free = free.into_iter();
    for f in fields(kind).iter().filter(|f| f.is_time()) {
        if m.contains_key(f) {
            continue;
        }
        match free.next() {
            Some(c) => {
                m.insert(*f, c);
            }
            None => break,
        }
    }
    m
}

#[derive(Properties, PartialEq)]
pub struct ReadOptionsProps {
    pub lang: Lang,
    pub report: Shared<FileReport>,
    pub current: FileOptions,
    /// The formats a file can be read as.
    pub choices: Shared<Vec<sources::formats::Choice>>,
    pub on_change: Callback<(String, FileOptions)>,
}

const ENCODINGS: [&str; 9] = [
    "UTF-8",
    "GBK",
    "gb18030",
    "UTF-16LE",
    "UTF-16BE",
    "windows-1252",
    "Shift_JIS",
    "EUC-KR",
    "Big5",
];
const DELIMITERS: [(u8, &str); 4] = [
    (b',', ", (comma)"),
    (b';', "; (semicolon)"),
    (b'\t', "tab"),
    (b'|', "| (pipe)"),
];

/// Sets one reading option from a select's value.
type Edit = dyn Fn(&mut FileOptions, String);

/// How a file is read: its encoding and delimiter (text files) or its sheet (workbooks).
#[component]
pub fn ReadOptions(p: &ReadOptionsProps) -> Html {
    let lang = p.lang;
    let r = &p.report;
    let emit = |f: Box<Edit>| {
        let (cb, name, current) = (p.on_change.clone(), r.name.clone(), p.current.clone());
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let mut o = current.clone();
            f(&mut o, el.value());
            cb.emit((name.clone(), o));
        })
    };
    let auto = text::i18n::tr(text::i18n::T::Automatic, lang);
    let text = r.encoding.as_ref().map(|_| {
        let used = r.delimiter.unwrap_or(',');
        let on_enc = emit(Box::new(|o, v| o.encoding = (!v.is_empty()).then_some(v)));
        let on_delim = emit(Box::new(|o, v| o.delimiter = v.parse::<u8>().ok()));
        html! {
            <>
                <label>{ text::i18n::tr(text::i18n::T::EncodingLabel, lang) }
                    <select onchange={on_enc} data-testid={format!("encoding-{}", r.name)}>
                        <option value="" selected={p.current.encoding.is_none()}>{ format!("{auto} ({})", r.encoding.clone().unwrap_or_default()) }</option>
                        { for ENCODINGS.iter().map(|e| html! { <option value={*e} selected={p.current.encoding.as_deref() == Some(*e)}>{ *e }</option> }) }
                    </select>
                </label>
                <label>{ text::i18n::tr(text::i18n::T::DelimiterLabel, lang) }
                    <select onchange={on_delim} data-testid={format!("delimiter-{}", r.name)}>
                        <option value="" selected={p.current.delimiter.is_none()}>{ format!("{auto} ({})", if used == '\t' { "tab".to_owned() } else { used.to_string() }) }</option>
                        { for DELIMITERS.iter().map(|(b, label)| html! { <option value={b.to_string()} selected={p.current.delimiter == Some(*b)}>{ *label }</option> }) }
                    </select>
                </label>
            </>
        }
    });
    let sheets = (r.sheets.len() > 1).then(|| {
        let on_sheet = emit(Box::new(|o, v| o.sheet = (!v.is_empty()).then_some(v)));
        html! {
            <label>{ text::i18n::tr(text::i18n::T::SheetLabel, lang) }
                <select onchange={on_sheet} data-testid={format!("sheet-{}", r.name)}>
                    { for r.sheets.iter().map(|s| html! { <option value={s.clone()} selected={r.sheet.as_ref() == Some(s)}>{ s.clone() }</option> }) }
                </select>
            </label>
        }
    });
    // The export to read the file as: the one recognized, or another the seller names.
    let format = (!r.headers.is_empty()).then(|| {
        let on_format = emit(Box::new(|o, v| o.format = (!v.is_empty()).then_some(v)));
        let recognized = r.format_report.clone().unwrap_or_else(|| "—".into());
        html! {
            <label>{ format!(" {} ", tr(T::Format, lang)) }
                <select onchange={on_format} data-testid={format!("format-{}", r.name)} aria-label={format!("{} {}", tr(T::Format, lang), r.name)}>
                    <option value="" selected={p.current.format.is_none()}>{ format!("{}{}", tr(T::FormatAuto, lang), text::i18n::bracketed(&recognized, lang)) }</option>
                    { for p.choices.iter().map(|c| html! {
                        <option value={c.id.clone()} selected={p.current.format.as_deref() == Some(c.id.as_str())}>
                            { format!("{} · {} · {}", text::i18n::platform_name(c.platform, lang), c.report, text::i18n::kind_name(c.kind, lang)) }
                        </option>
                    }) }
                </select>
            </label>
        }
    });
    html! { <span class="read-options">{ for text }{ for sheets }{ for format }</span> }
}

#[derive(Properties, PartialEq)]
pub struct SavedFormatsProps {
    pub lang: Lang,
    pub mappings: Shared<std::collections::BTreeMap<String, UserMapping>>,
    pub formats: Shared<Vec<UserFormat>>,
    pub on_forget_mapping: Callback<String>,
    pub on_export_mapping: Callback<String>,
    pub on_forget_format: Callback<String>,
    pub on_export_format: Callback<String>,
    pub on_import: Callback<String>,
}

/// The column mappings the seller made and the format files they imported: each can be
/// exported as a format file, or forgotten (a wrong mapping is never stuck); a format file
/// can be imported (a saved mapping from another browser, or a layout of their own).
#[component]
pub fn SavedFormats(p: &SavedFormatsProps) -> Html {
    let lang = p.lang;
    let on_import = browser::texts_chosen(p.on_import.clone());
    let mappings = p.mappings.iter().enumerate().map(|(i, (key, m))| {
        let headers: Vec<&str> = key.split('|').collect();
        let cols: Vec<String> = m
            .mapping
            .iter()
            .map(|(f, c)| format!("{} ← {}", text::i18n::field_label(m.kind, *f, lang), headers.get(*c).copied().unwrap_or("?")))
            .collect();
        let (export, forget) = {
            let (e, f, k) = (p.on_export_mapping.clone(), p.on_forget_mapping.clone(), key.clone());
            let k2 = k.clone();
            (Callback::from(move |_| e.emit(k.clone())), Callback::from(move |_| f.emit(k2.clone())))
        };
        html! {
            <li data-testid={format!("saved-mapping-{i}")}>
                <strong>{ text::i18n::kind_name(m.kind, lang) }</strong>{ text::i18n::colon(lang) }{ cols.join(text::i18n::list_sep(lang)) }
                <button class="link" onclick={export} data-testid={format!("export-mapping-{i}")}>{ tr(T::Export, lang) }</button>
                <button class="link" onclick={forget} data-testid={format!("forget-mapping-{i}")}>{ tr(T::Forget, lang) }</button>
            </li>
        }
    });
    let formats = p.formats.iter().map(|f| {
        let (export, forget) = {
            let (e, g, id) = (p.on_export_format.clone(), p.on_forget_format.clone(), f.id.clone());
            let id2 = id.clone();
            (Callback::from(move |_| e.emit(id.clone())), Callback::from(move |_| g.emit(id2.clone())))
        };
        html! {
            <li data-testid={format!("saved-format-{}", f.id)}>
                <strong>{ f.report.clone() }</strong>{ format!(" ({}, {})", f.id, text::i18n::kind_name(f.kind, lang)) }
                <button class="link" onclick={export}>{ tr(T::Export, lang) }</button>
                <button class="link" onclick={forget}>{ tr(T::Forget, lang) }</button>
            </li>
        }
    });
    let none = p.mappings.is_empty() && p.formats.is_empty();
    html! {
        <details class="saved-formats" data-testid="saved-formats">
            <summary>{ tr(T::SavedFormats, lang) }</summary>
            if none {
                <p class="muted small">{ tr(T::SavedFormatsNone, lang) }</p>
            }
            <ul>{ for mappings }{ for formats }</ul>
            <label class="import">{ tr(T::ImportFormat, lang) }
                <input type="file" accept=".json,application/json" onchange={on_import} data-testid="import-format" />
            </label>
        </details>
    }
}
