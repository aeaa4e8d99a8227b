//! The JSON this project reads and writes: the rulebook files (import, export and the bundle
//! the core reads), and the output contract of docs/METRICS.md (the CLI's `--json`, the page's
//! download).

use std::collections::BTreeMap;

use serde::Serialize;
use storescore_core::checks::RulebookResult;
use storescore_core::engine::{Analysis, RecordCounts, Report};
use storescore_core::metrics::LeftOut;
use storescore_core::metrics::{MetricId, MetricValue};
use storescore_core::rulebook::{Rulebook, RulebookError};
use storescore_core::score::Series;
use storescore_core::score::{Forecast, ScoreResult};
use storescore_core::{checks, time};

/// The rulebook files, in display order: the source of the core's `BUNDLE`.
pub const JSON_FILES: &[&str] = &[
    include_str!("../../../rulebooks/aliexpress-service-score.json"),
    include_str!("../../../rulebooks/aliexpress-service-rules.json"),
    include_str!("../../../rulebooks/aliexpress-good-seller.json"),
    include_str!("../../../rulebooks/amazon-account-health.json"),
    include_str!("../../../rulebooks/ebay-seller-levels.json"),
    include_str!("../../../rulebooks/etsy-star-seller.json"),
    include_str!("../../../rulebooks/shopee-penalty-points.json"),
    include_str!("../../../rulebooks/tiktok-shop.json"),
    include_str!("../../../rulebooks/mercado-libre.json"),
];

/// The bundle of [`JSON_FILES`]: each file read and validated, all written with postcard.
pub fn bundle_from_json() -> Result<Vec<u8>, RulebookError> {
    let books = JSON_FILES
        .iter()
        .map(|text| Rulebook::from_json(text))
        .collect::<Result<Vec<_>, _>>()?;
    postcard::to_allocvec(&books).map_err(|e| RulebookError::Json(e.to_string()))
}

/// Rulebooks as JSON: the files of `rulebooks/`, a seller's export and import.
pub trait RulebookJson: Sized {
    fn from_json(text: &str) -> Result<Self, RulebookError>;
    fn to_json(&self) -> String;
}

impl RulebookJson for Rulebook {
    /// Imports a rulebook (an exported or hand-edited file) and validates it.
    fn from_json(text: &str) -> Result<Rulebook, RulebookError> {
        let rb: Rulebook =
            serde_json::from_str(text).map_err(|e| RulebookError::Json(e.to_string()))?;
        rb.validate()?;
        Ok(rb)
    }

    /// Pretty JSON, fields in their order, without what the files in `rulebooks/` leave out:
    /// the `null`s and the empty top-level lists the serde form writes for postcard's sake.
    fn to_json(&self) -> String {
        fn prune_nulls(v: &mut serde_json::Value) {
            match v {
                serde_json::Value::Object(map) => {
                    map.retain(|_, x| !x.is_null());
                    map.values_mut().for_each(prune_nulls);
                }
                serde_json::Value::Array(items) => items.iter_mut().for_each(prune_nulls),
                _ => {}
            }
        }
        let mut v = serde_json::to_value(self).unwrap_or_default();
        prune_nulls(&mut v);
        if let Some(map) = v.as_object_mut() {
            map.retain(|_, x| !x.as_array().is_some_and(Vec::is_empty));
        }
        serde_json::to_string_pretty(&v).unwrap_or_default()
    }
}

/// The output contract of METRICS.md, shared by the CLI's `--json` and the page's export.
#[derive(Clone, Debug, Serialize)]
pub struct Contract<'a> {
    pub window: WindowOut,
    pub counts: &'a RecordCounts,
    pub metrics: &'a BTreeMap<MetricId, MetricValue>,
    pub left_out: &'a [LeftOut],
    pub diagnostics: Vec<serde_json::Value>,
    pub score: Option<&'a ScoreResult>,
    pub level: Option<String>,
    pub monthly_level: Option<&'a str>,
    pub forecast: Option<&'a Forecast>,
    pub series: &'a Series,
    pub checks: Vec<ContractCheck<'a>>,
    pub rulebooks: &'a [RulebookResult],
}

#[derive(Clone, Debug, Serialize)]
pub struct WindowOut {
    pub as_of: String,
    pub start: String,
    pub days: u32,
    pub tz: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct ContractCheck<'a> {
    pub rulebook: &'a str,
    #[serde(flatten)]
    pub check: &'a checks::CheckResult,
}

pub fn contract<'a>(
    a: &'a Analysis,
    r: &'a Report,
    diagnostics: Vec<serde_json::Value>,
) -> Contract<'a> {
    let tz = a.params.tz;
    Contract {
        window: WindowOut {
            as_of: time::format_local(tz, a.params.as_of),
            start: time::format_local(tz, a.params.window_start()),
            days: a.params.window_days,
            tz: tz.name().to_owned(),
        },
        counts: &a.counts,
        metrics: &r.metrics,
        left_out: &a.main.left_out,
        diagnostics,
        score: r.score.as_ref(),
        level: r.score.as_ref().and_then(|s| s.level.clone()),
        monthly_level: a.baseline.series.monthly_level.as_deref(),
        forecast: r.forecast.as_ref(),
        series: &a.baseline.series,
        checks: r
            .rulebooks
            .iter()
            .flat_map(|rb| {
                rb.checks.iter().map(|c| ContractCheck {
                    rulebook: rb.id.as_str(),
                    check: c,
                })
            })
            .collect(),
        rulebooks: &r.rulebooks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use storescore_core::model::{Order, Ts};
    use storescore_core::rulebook::{self, builtin, builtin_by_id};

    #[test]
    fn every_rulebook_file_parses_and_validates() {
        for text in JSON_FILES {
            let rb = Rulebook::from_json(text);
            assert!(rb.is_ok(), "{rb:?}");
        }
        assert_eq!(builtin().len(), JSON_FILES.len());
    }

    /// Rewrites `rulebooks/builtin.postcard` when it is not what the JSON files make, and fails
    /// so the change is seen (and committed): run the tests again after editing a rulebook.
    #[test]
    fn the_bundle_is_made_from_the_json_files() {
        let made = bundle_from_json().expect("every rulebook file is valid");
        if made != rulebook::BUNDLE {
            let path = concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../rulebooks/builtin.postcard"
            );
            std::fs::write(path, &made).unwrap();
            panic!("{path} was stale and is rewritten: run the tests again");
        }
        let parsed: Vec<Rulebook> = JSON_FILES
            .iter()
            .map(|t| Rulebook::from_json(t).unwrap())
            .collect();
        assert_eq!(builtin(), parsed);
    }

    /// A rulebook exported before its source notes had both languages still imports: the one
    /// text serves both.
    #[test]
    fn a_rulebook_with_one_text_for_its_sources_still_imports() {
        let mut v: serde_json::Value =
            serde_json::from_str(&builtin_by_id("ebay-seller-levels").unwrap().to_json()).unwrap();
        v["source"] = "DOMAIN.md 5".into();
        v["checks"][0]["source"] = "At most 0.5 %".into();
        let rb = Rulebook::from_json(&v.to_string()).unwrap();
        assert_eq!(rb.source.en, "DOMAIN.md 5");
        assert_eq!(rb.source.zh, "DOMAIN.md 5");
        assert_eq!(rb.checks[0].source.zh, "At most 0.5 %");
        assert_eq!(
            rb.checks[1],
            builtin_by_id("ebay-seller-levels").unwrap().checks[1]
        );
        // Neither a number nor half of the pair.
        v["source"] = 5.into();
        assert!(Rulebook::from_json(&v.to_string()).is_err());
        v["source"] = serde_json::json!({ "en": "only English" });
        let e = Rulebook::from_json(&v.to_string()).unwrap_err();
        assert!(e.to_string().contains("zh"), "{e}");
    }

    #[test]
    fn export_then_import_gives_the_same_rulebook() {
        for rb in builtin() {
            assert_eq!(Rulebook::from_json(&rb.to_json()).unwrap(), rb);
        }
    }

    /// An export reads like the shipped files: the fields in their order, no `null`, no `[]`.
    #[test]
    fn an_export_reads_like_the_files() {
        for rb in builtin() {
            let json = rb.to_json();
            assert!(json.starts_with("{\n  \"id\": "), "{json}");
            assert!(!json.contains("null"), "{json}");
            let v: serde_json::Value = serde_json::from_str(&json).unwrap();
            let top = v.as_object().unwrap();
            assert!(
                top.values()
                    .all(|x| x.as_array().is_none_or(|a| !a.is_empty())),
                "{json}"
            );
        }
        // A tier's empty list of checks is kept (the field is required).
        let mut rb = builtin_by_id("ebay-seller-levels").unwrap();
        assert!(!rb.tiers.is_empty());
        rb.tiers[0].checks.clear();
        assert!(rb.to_json().contains("\"checks\": []"));
        assert_eq!(Rulebook::from_json(&rb.to_json()).unwrap(), rb);
    }

    #[test]
    fn an_instant_serializes_as_its_seconds() {
        let t = Ts::new(1_785_000_000);
        assert_eq!(serde_json::to_string(&t).unwrap(), "1785000000");
        assert_eq!(serde_json::from_str::<Ts>("-3").unwrap(), Ts::new(-3));
        let o = Order {
            paid_at: Some(t),
            ..Order::default()
        };
        let back: Order = serde_json::from_str(&serde_json::to_string(&o).unwrap()).unwrap();
        assert_eq!(back, o);
    }
}
