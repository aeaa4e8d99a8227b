//! Export formats as data: one JSON file per known export (platform, report, locale) in
//! `formats/`, embedded. A format says which kind of record its rows are, its columns and their
//! names, how its dates are written, what its values mean, which of its rows are not data, and
//! whether an order's items come as rows of their own. Recognition ([`best`]) scores every
//! format against a header row by the share of its columns found, and says how sure it is.
//!
//! A file no format fits is read by the generic aliases of `schema` (and the mapping step).

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};

use crate::schema::{normalize, Field, Kind, Mapping, Platform};

/// How to read an all-numeric date whose year is last (`05/09/2025`): decided per column from
/// all the values seen ([`decide`]); a value whose first number is over 12 is day first whatever
/// the column's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayOrder {
    /// The conventions of the exports seen: `MM/DD/YYYY` with slashes, `DD.MM.YYYY` and
    /// `DD-MM-YYYY` with dots and hyphens.
    #[default]
    Conventional,
    MonthFirst,
    DayFirst,
}

/// A known format offered to read a file as (the page's choice of format).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub id: String,
    pub platform: Platform,
    pub report: String,
    pub kind: Kind,
}

/// Every built-in format, for a choice.
pub fn choices() -> Vec<Choice> {
    builtin()
        .iter()
        .map(|f| Choice {
            id: f.id.clone(),
            platform: f.platform,
            report: f.report.clone(),
            kind: f.kind,
        })
        .collect()
}

/// One known export.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Format {
    pub id: String,
    pub platform: Platform,
    /// The report's name in the seller centre.
    pub report: String,
    /// The language of its headers (`en`, `zh`, `es`, `pt`...).
    pub locale: String,
    pub kind: Kind,
    /// Where a seller downloads it.
    pub download: String,
    /// Where its layout comes from, when that was checked, and how sure it is.
    pub source: FormatSource,
    /// Its header sits within this many rows of the top (titles and notices above it).
    #[serde(default = "header_within")]
    pub header_within: usize,
    /// Each field's column names, most specific first.
    pub columns: BTreeMap<Field, Vec<String>>,
    /// Column names that must all be there for this format to be chosen.
    #[serde(default)]
    pub evidence: Vec<String>,
    /// Columns that look like a field by name but are not (Amazon feedback's Yes/No answers
    /// are not star ratings): never mapped by the generic names.
    #[serde(default)]
    pub ignore: Vec<String>,
    #[serde(default)]
    pub dates: Dates,
    #[serde(default)]
    pub values: Values,
    /// Values every record of the file has (an FBA returns report's disputes are returns).
    #[serde(default)]
    pub constants: BTreeMap<Field, String>,
    /// Rows that are not data, by the text of their first non-empty cell.
    #[serde(default)]
    pub not_data: NotData,
    /// An order's items come as rows of their own (or a summary row and item rows) under the
    /// same order id: consecutive rows of one order are one record, each field from the first
    /// row that has it.
    #[serde(default)]
    pub item_rows: bool,
    /// With `item_rows`: the order's amount repeats on each of its rows (taken once), rather
    /// than each row carrying its item's amount (summed).
    #[serde(default)]
    pub amount_repeats: bool,
    /// Disputes the order rows carry too (a file may yield several kinds of record).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row_disputes: Option<RowDisputes>,
    /// The whole header row a user's column mapping was made for (a saved mapping exported as
    /// a format file): such a file reads back as that mapping.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<String>,
    /// The column names and the evidence, normalized once (recognition compares them with
    /// every header row it looks at).
    #[serde(skip)]
    normalized: Normalized,
}

#[derive(Clone, Debug, Default)]
struct Normalized {
    columns: Vec<(Field, Vec<String>)>,
    evidence: Vec<String>,
    ignore: Vec<String>,
}

/// Derived from the other fields: never what tells two formats apart.
impl PartialEq for Normalized {
    fn eq(&self, _: &Normalized) -> bool {
        true
    }
}

impl Format {
    /// Fills the normalized names (after reading a file, or making a format in code).
    fn with_normalized(mut self) -> Format {
        self.normalized = Normalized {
            columns: self
                .columns
                .iter()
                .map(|(f, names)| (*f, names.iter().map(|n| normalize(n)).collect()))
                .collect(),
            evidence: self.evidence.iter().map(|n| normalize(n)).collect(),
            ignore: self.ignore.iter().map(|n| normalize(n)).collect(),
        };
        self
    }
}

fn header_within() -> usize {
    12
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormatSource {
    /// A page or repository a seller or developer can open.
    pub url: String,
    /// `YYYY-MM-DD`: when the layout was last checked against it.
    pub checked: String,
    /// H: the platform's own page or a real file; M: several secondary sources; L: one.
    pub confidence: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dates {
    /// The day order of all-numeric dates, when the export always writes one (values that tell
    /// otherwise still win, column by column).
    #[serde(default)]
    pub order: Option<DayOrder>,
}

/// What a format's values mean, mapped to the canonical values (`buyer`, `seller`, `system`;
/// dispute kinds `not_received`, `not_as_described`, `return`, `other`...). Keys are compared
/// case-insensitively.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Values {
    #[serde(default)]
    pub map: BTreeMap<Field, BTreeMap<String, String>>,
    /// Order statuses that mean the order was cancelled, by how they start (when no
    /// cancellation time is given, the order's creation time stands for it).
    #[serde(default)]
    pub cancelled_statuses: Vec<String>,
    /// Statuses that say who cancelled, by how they start (`Cancelada por el comprador`).
    #[serde(default)]
    pub cancelled_by: BTreeMap<String, String>,
}

/// A dispute of `kind` for each order row whose column (named by `columns`) holds one of
/// `yes` (Mercado Libre's `Reclamo abierto`: `Sí`), opened at the order's creation when the
/// report gives no time of its own.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowDisputes {
    pub columns: Vec<String>,
    pub yes: Vec<String>,
    /// A canonical dispute kind (`not_received`, `not_as_described`, `return`, `other`).
    pub kind: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotData {
    #[serde(default)]
    pub starts_with: Vec<String>,
    #[serde(default)]
    pub contains: Vec<String>,
    /// Rows whose status starts so are summaries of other rows (a package of sales).
    #[serde(default)]
    pub status_starts_with: Vec<String>,
}

impl Format {
    /// The value a format maps `cell` of `field` to, if it maps it.
    pub fn value<'a>(&'a self, field: Field, cell: &str) -> Option<&'a str> {
        let map = self.values.map.get(&field)?;
        let cell = cell.trim();
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(cell) || k.as_str() == cell)
            .map(|(_, v)| v.as_str())
    }

    /// Whether a column (its header normalized) is one the generic names must not map.
    pub fn ignores(&self, normalized: &str) -> bool {
        self.normalized.ignore.iter().any(|n| n == normalized)
    }

    /// Whether a status means cancelled, and who cancelled when it says (`buyer`, ...).
    pub fn cancelled_status(&self, cell: &str) -> Option<Option<&str>> {
        let cell = cell.trim();
        let starts = |p: &str| {
            cell.get(..p.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(p) || h == p)
        };
        if let Some((_, who)) = self.values.cancelled_by.iter().find(|(p, _)| starts(p)) {
            return Some(Some(who.as_str()));
        }
        self.values
            .cancelled_statuses
            .iter()
            .any(|p| starts(p))
            .then_some(None)
    }

    /// Whether a row with this status summarizes other rows (not a record of its own).
    pub fn summary_status(&self, cell: &str) -> bool {
        let cell = cell.trim();
        self.not_data
            .status_starts_with
            .iter()
            .any(|p| cell.starts_with(p.as_str()))
    }

    /// Whether a row whose first non-empty cell is `first` is a title, notice or footer.
    pub fn not_data(&self, first: &str) -> bool {
        let t = first.trim();
        self.not_data
            .starts_with
            .iter()
            .any(|p| t.starts_with(p.as_str()))
            || self
                .not_data
                .contains
                .iter()
                .any(|p| t.contains(p.as_str()))
    }
}

/// The embedded format files, in `formats/`. A test holds this list equal to the folder.
pub const FILES: &[(&str, &str)] = &[
    (
        "aliexpress-orders-zh.json",
        include_str!("../../../formats/aliexpress-orders-zh.json"),
    ),
    (
        "aliexpress-orders-en.json",
        include_str!("../../../formats/aliexpress-orders-en.json"),
    ),
    (
        "amazon-all-orders.json",
        include_str!("../../../formats/amazon-all-orders.json"),
    ),
    (
        "amazon-unshipped-orders.json",
        include_str!("../../../formats/amazon-unshipped-orders.json"),
    ),
    (
        "amazon-fba-returns.json",
        include_str!("../../../formats/amazon-fba-returns.json"),
    ),
    (
        "amazon-feedback.json",
        include_str!("../../../formats/amazon-feedback.json"),
    ),
    (
        "amazon-fulfilled-shipments.json",
        include_str!("../../../formats/amazon-fulfilled-shipments.json"),
    ),
    (
        "ebay-orders.json",
        include_str!("../../../formats/ebay-orders.json"),
    ),
    (
        "etsy-sold-orders.json",
        include_str!("../../../formats/etsy-sold-orders.json"),
    ),
    (
        "etsy-sold-order-items.json",
        include_str!("../../../formats/etsy-sold-order-items.json"),
    ),
    (
        "shopee-orders-en.json",
        include_str!("../../../formats/shopee-orders-en.json"),
    ),
    (
        "shopee-orders-pt.json",
        include_str!("../../../formats/shopee-orders-pt.json"),
    ),
    (
        "shopee-orders-vi.json",
        include_str!("../../../formats/shopee-orders-vi.json"),
    ),
    (
        "shopee-orders-id.json",
        include_str!("../../../formats/shopee-orders-id.json"),
    ),
    (
        "tiktok-shop-orders.json",
        include_str!("../../../formats/tiktok-shop-orders.json"),
    ),
    (
        "mercadolibre-ventas-es.json",
        include_str!("../../../formats/mercadolibre-ventas-es.json"),
    ),
    (
        "mercadolivre-vendas-pt.json",
        include_str!("../../../formats/mercadolivre-vendas-pt.json"),
    ),
    (
        "temu-orders.json",
        include_str!("../../../formats/temu-orders.json"),
    ),
    (
        "walmart-orders.json",
        include_str!("../../../formats/walmart-orders.json"),
    ),
    (
        "lazada-orders.json",
        include_str!("../../../formats/lazada-orders.json"),
    ),
];

/// Reads a format file (the built-in ones, or a user's).
pub fn parse(json: &str) -> Result<Format, String> {
    let f: Format = serde_json::from_str(json).map_err(|e| e.to_string())?;
    if f.columns.is_empty() {
        return Err(format!("format `{}` names no column", f.id));
    }
    Ok(f.with_normalized())
}

/// The built-in formats, read once. A file that does not read is left out (a test holds that
/// every one reads).
pub fn builtin() -> &'static [Arc<Format>] {
    static ALL: OnceLock<Vec<Arc<Format>>> = OnceLock::new();
    ALL.get_or_init(|| {
        FILES
            .iter()
            .filter_map(|(_, j)| parse(j).ok().map(Arc::new))
            .collect()
    })
}

/// A format by id: one of the user's (`extra`) or a built-in one.
pub fn by_id(id: &str, extra: &[Arc<Format>]) -> Option<Arc<Format>> {
    extra.iter().chain(builtin()).find(|f| f.id == id).cloned()
}

/// The format file (JSON) of a format.
pub fn to_json(f: &Format) -> String {
    serde_json::to_string_pretty(f).unwrap_or_default()
}

/// A user's column mapping as a format file: each field named by its column's header, the
/// whole header row kept so that the file reads back as the same mapping.
pub fn from_user_mapping(headers: &[String], um: &crate::schema::UserMapping) -> Format {
    let columns = um
        .mapping
        .iter()
        .filter_map(|(f, c)| Some((*f, vec![headers.get(*c)?.clone()])))
        .collect::<BTreeMap<_, _>>();
    let evidence = columns.values().flatten().cloned().collect();
    Format {
        id: format!("my-{}-columns", um.kind.as_str()),
        platform: Platform::Unknown,
        report: "Saved column mapping".into(),
        locale: String::new(),
        kind: um.kind,
        download: String::new(),
        source: FormatSource {
            url: "made in Storescore's mapping step".into(),
            checked: String::new(),
            confidence: "H".into(),
            note: String::new(),
        },
        header_within: header_within(),
        columns,
        evidence,
        ignore: Vec::new(),
        dates: Dates::default(),
        values: Values::default(),
        constants: BTreeMap::new(),
        not_data: NotData::default(),
        item_rows: false,
        amount_repeats: false,
        row_disputes: None,
        headers: headers.to_vec(),
        normalized: Normalized::default(),
    }
    .with_normalized()
}

/// A format file that carries its header row, as the mapping it was made from: the header set
/// key and the mapping (each field to the first column its names find).
pub fn to_user_mapping(f: &Format) -> Option<(String, crate::schema::UserMapping)> {
    if f.headers.is_empty() {
        return None;
    }
    let normalized: Vec<String> = f.headers.iter().map(|h| normalize(h)).collect();
    Some((
        crate::schema::header_key(&f.headers),
        crate::schema::UserMapping {
            kind: f.kind,
            mapping: map(f, &normalized),
        },
    ))
}

/// How well a format fits a header row.
#[derive(Clone, Debug, PartialEq)]
pub struct Fit {
    pub format: Arc<Format>,
    pub mapping: Mapping,
    /// The share of the format's columns found, 0 to 1.
    pub confidence: f64,
}

/// The format's mapping of a header row: each field to the first column named by the field's
/// most specific name; a column serves one field.
pub fn map(format: &Format, normalized: &[String]) -> Mapping {
    crate::schema::map_names(
        format
            .normalized
            .columns
            .iter()
            .map(|(f, names)| (*f, names.as_slice())),
        normalized,
    )
}

/// The format that fits a header row best, if one fits at least half of its columns and all
/// of its evidence: the user's formats (`extra`) first, then the built-in ones.
pub fn best(headers: &[String], extra: &[Arc<Format>]) -> Option<Fit> {
    let normalized: Vec<String> = headers.iter().map(|h| normalize(h)).collect();
    let has = |n: &String| normalized.contains(n);
    let mut best: Option<Fit> = None;
    for f in extra.iter().chain(builtin()) {
        if !f.normalized.evidence.iter().all(has) {
            continue;
        }
        let fit = fit(f, &normalized);
        let key = |x: &Fit| (x.confidence, x.mapping.len());
        if fit.confidence >= 0.5 && best.as_ref().is_none_or(|b| key(&fit) > key(b)) {
            best = Some(fit);
        }
    }
    best
}

/// How one format fits a header row (normalized): its mapping, and the share of its columns
/// found.
pub fn fit(f: &Arc<Format>, normalized: &[String]) -> Fit {
    let mapping = map(f, normalized);
    let confidence = mapping.len() as f64 / f.columns.len() as f64;
    Fit {
        format: f.clone(),
        mapping,
        confidence,
    }
}

/// The known formats nearest to a header row (for a file no format fits): ids with the share
/// of their columns found, best first.
pub fn nearest(headers: &[String], n: usize) -> Vec<(&'static str, f64)> {
    let normalized: Vec<String> = headers.iter().map(|h| normalize(h)).collect();
    let mut all: Vec<(&'static str, f64)> = builtin()
        .iter()
        .map(|f| (f.id.as_str(), fit(f, &normalized).confidence))
        .filter(|(_, s)| *s > 0.0)
        .collect();
    all.sort_by(|a, b| b.1.total_cmp(&a.1));
    all.truncate(n);
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_file_reads_and_is_listed() {
        for (name, json) in FILES {
            let f = parse(json).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(format!("{}.json", f.id), *name);
            assert!(
                !f.source.url.is_empty() && f.source.checked.len() == 10,
                "{name}"
            );
            assert!(
                ["H", "M", "L"].contains(&f.source.confidence.as_str()),
                "{name}"
            );
            for field in f.columns.keys().chain(f.constants.keys()) {
                assert!(
                    crate::schema::fields(f.kind).contains(field),
                    "{name}: {field:?} is not a field of {:?}",
                    f.kind
                );
            }
        }
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../formats");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.ends_with(".json"))
            .collect();
        on_disk.sort();
        let mut listed: Vec<String> = FILES.iter().map(|(n, _)| n.to_string()).collect();
        listed.sort();
        assert_eq!(on_disk, listed);
        assert_eq!(builtin().len(), FILES.len());
    }
}
