//! Rulebooks are data: one JSON file per rulebook under `rulebooks/`. Every threshold, weight,
//! window and curve anchor is a value here that a user can override, export and import.
//!
//! The program embeds them as one postcard bundle made from those files (so the page needs no
//! JSON parser for them); a test remakes the bundle and fails when the committed one is stale.
//! Their serde form writes every field (no skipped empty ones), so postcard can read it back.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::metrics::MetricId;

/// Text in both languages of the page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct I18n {
    pub en: String,
    pub zh: String,
}

impl I18n {
    /// Text in both languages, or one text for both: what a rulebook's `source` was before it
    /// had both (a rulebook exported then still imports). Only a self-describing format (JSON)
    /// can hold either; the embedded bundle (postcard) always holds both.
    fn either<'de, D: serde::Deserializer<'de>>(d: D) -> Result<I18n, D::Error> {
        struct TextOrBoth;
        impl<'de> serde::de::Visitor<'de> for TextOrBoth {
            type Value = I18n;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a text, or {\"en\": text, \"zh\": text}")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<I18n, E> {
                Ok(I18n {
                    en: s.to_owned(),
                    zh: s.to_owned(),
                })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<I18n, A::Error> {
                I18n::deserialize(serde::de::value::MapAccessDeserializer::new(map))
            }
        }
        if d.is_human_readable() {
            d.deserialize_any(TextOrBoth)
        } else {
            I18n::deserialize(d)
        }
    }
}

/// How sure we are of a rule (DOMAIN.md): platform page (H), several sources (M), one weak (L).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Confidence {
    H,
    M,
    L,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    #[serde(rename = ">=")]
    Ge,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = "<")]
    Lt,
}

impl Op {
    pub fn holds(self, value: f64, threshold: f64) -> bool {
        match self {
            Op::Ge => value >= threshold,
            Op::Le => value <= threshold,
            Op::Gt => value > threshold,
            Op::Lt => value < threshold,
        }
    }
    pub fn higher_is_better(self) -> bool {
        matches!(self, Op::Ge | Op::Gt)
    }
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Ge => ">=",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Lt => "<",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rulebook {
    pub id: String,
    pub name: I18n,
    pub platform: String,
    /// The default assessment window of the rulebook's checks, in days.
    pub window_days: u32,
    /// Where the rule comes from, and what of it is not modelled.
    #[serde(deserialize_with = "I18n::either")]
    pub source: I18n,
    #[serde(default)]
    pub score: Option<ScoreSpec>,
    #[serde(default)]
    pub checks: Vec<CheckSpec>,
    /// Ordered best first: the first tier whose checks all pass is the result.
    #[serde(default)]
    pub tiers: Vec<TierSpec>,
    /// Penalty-point tiers (Shopee): the number of these reached by the points total.
    #[serde(default)]
    pub penalty_tiers: Vec<f64>,
    /// What-if levers ranked by points gained ("biggest lever").
    #[serde(default)]
    pub levers: Vec<LeverSpec>,
    /// When the rules were last checked against [`Rulebook::sources`], `YYYY-MM-DD`.
    #[serde(default)]
    pub checked: String,
    /// The pages the rules come from, each a link a seller can open.
    #[serde(default)]
    pub sources: Vec<SourceRef>,
    /// Regional variants (sites, programmes, currencies): the first is the one the values above
    /// are for. Each sets the same settings; choosing one is setting them ([`Rulebook::in_region`]).
    #[serde(default)]
    pub regions: Vec<RegionSpec>,
    /// Facts no export carries that the checks read (a rating the platform shows, a benchmark
    /// the seller reads in the seller centre), typed in by the seller.
    #[serde(default)]
    pub inputs: Vec<InputSpec>,
}

/// A page a rule comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SourceRef {
    /// What checks cite it by ([`CheckSpec::cite`]).
    pub id: String,
    pub title: I18n,
    pub url: String,
    /// When it was read, `YYYY-MM-DD`; the page's own date, when it shows one, is in the title.
    pub checked: String,
    pub confidence: Confidence,
}

/// A regional variant of a rulebook: a site, programme or currency with its own thresholds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegionSpec {
    pub id: String,
    pub name: I18n,
    /// Currency codes whose orders belong to this region (how it is found from the files).
    #[serde(default)]
    pub currencies: Vec<String>,
    /// The settings (keys of [`Rulebook::settings`]) and their values in this region. Every
    /// region of a rulebook sets the same keys.
    pub settings: BTreeMap<String, f64>,
    /// What differs, and how sure.
    #[serde(deserialize_with = "I18n::either")]
    pub note: I18n,
}

/// What a typed-in fact is measured in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InputUnit {
    /// Typed as a percent, held as a fraction.
    Percent,
    Count,
    /// A rating or score on the platform's own scale.
    Points,
    /// Yes (1) or no (0).
    Flag,
}

/// A fact the seller types in, read by checks ([`Reads::Input`], [`CheckSpec::threshold_input`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InputSpec {
    pub id: String,
    pub name: I18n,
    pub unit: InputUnit,
    pub min: f64,
    pub max: f64,
    /// Where the seller reads it.
    #[serde(deserialize_with = "I18n::either")]
    pub help: I18n,
}

impl InputSpec {
    /// The value as held (a fraction for a percent), or why a typed value is refused.
    pub fn accept(&self, typed: f64) -> Result<f64, (f64, f64)> {
        if typed.is_finite() && (self.min..=self.max).contains(&typed) {
            Ok(match self.unit {
                InputUnit::Percent => typed / 100.0,
                _ => typed,
            })
        } else {
            Err((self.min, self.max))
        }
    }
    /// The held value as typed (a percent for a fraction).
    pub fn shown(&self, held: f64) -> f64 {
        match self.unit {
            InputUnit::Percent => held * 100.0,
            _ => held,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScoreSpec {
    pub indicators: Vec<IndicatorSpec>,
    /// Level bands, highest first: a score at or above `min` earns the level.
    pub levels: Vec<LevelSpec>,
    /// Below this many paid orders in the window the store is not assessed.
    pub min_orders: f64,
    pub min_orders_confidence: Confidence,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorSpec {
    pub id: String,
    pub name: I18n,
    pub metric: MetricId,
    /// Read when `metric` is undefined (DSR estimated from overall stars), and said so.
    #[serde(default)]
    pub fallback_metric: Option<MetricId>,
    pub max_points: f64,
    /// Piecewise-linear anchors `[metric value, points]`, ascending in value; clamped outside.
    pub curve: Vec<[f64; 2]>,
    /// Points when the metric (and its fallback) is undefined.
    pub undefined_points: f64,
    /// The category average the curve is anchored on: the x of one of its anchors. The seller
    /// centre shows the store's category value and the points it earns; typing them in
    /// (`indicator.<id>.category.value` and `.points`) moves the curve onto them.
    #[serde(default)]
    pub category_average: Option<f64>,
    pub confidence: Confidence,
    /// Where the rule comes from, and what of it is not modelled.
    #[serde(deserialize_with = "I18n::either")]
    pub source: I18n,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LevelSpec {
    pub id: String,
    pub name: I18n,
    pub min: f64,
}

/// What a check reads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reads {
    /// A metric of METRICS.md.
    Metric(MetricId),
    /// A fact the user states (a ticked checklist, a count typed in).
    Input(String),
    /// The total of the AliExpress service score.
    ServiceScore,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckSpec {
    pub id: String,
    pub name: I18n,
    pub reads: Reads,
    pub op: Op,
    pub threshold: f64,
    /// Overrides the rulebook's window for this check.
    #[serde(default)]
    pub window_days: Option<u32>,
    /// Also passes when the number of violating records is at most this (eBay's count floors).
    #[serde(default)]
    pub count_allowance: Option<f64>,
    /// A longer window for a store with few orders (eBay: 12 months under 400 transactions in
    /// 3; Mercado Libre: 365 days under 10 sales in 60).
    #[serde(default)]
    pub low_volume: Option<LowVolume>,
    /// Not assessed below this many records in the denominator.
    #[serde(default)]
    pub min_denominator: Option<f64>,
    /// Penalty points when the check fails (Shopee).
    #[serde(default)]
    pub penalty_points: Option<f64>,
    /// Not a rule where the rulebook's region is (eBay's Above Standard late-shipment limit
    /// holds in the Global programme only): not judged, not shown.
    #[serde(default)]
    pub off: bool,
    /// The threshold is a value the seller types in (a peer or category benchmark shown in the
    /// seller centre): the input's id. Until it is typed the check is not assessed.
    #[serde(default)]
    pub threshold_input: Option<String>,
    /// The ids of the rulebook's [`Rulebook::sources`] the rule comes from.
    #[serde(default)]
    pub cite: Vec<String>,
    pub confidence: Confidence,
    /// Where the rule comes from, and what of it is not modelled.
    #[serde(deserialize_with = "I18n::either")]
    pub source: I18n,
}

impl CheckSpec {
    pub fn metric(&self) -> Option<MetricId> {
        match self.reads {
            Reads::Metric(m) => Some(m),
            _ => None,
        }
    }
}

/// Below `below` paid orders in the check's own window, the check reads `window_days` days.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct LowVolume {
    pub below: f64,
    pub window_days: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TierSpec {
    pub id: String,
    pub name: I18n,
    pub checks: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LeverSpec {
    pub metric: MetricId,
    /// One step of the lever in the metric's unit (negative lowers the metric).
    pub step: f64,
}

#[derive(Debug, Error, PartialEq)]
pub enum RulebookError {
    #[error("rulebook is not valid JSON: {0}")]
    Json(String),
    #[error("rulebook {rulebook}: {what}")]
    Invalid { rulebook: String, what: String },
    #[error("no rulebook named {0}")]
    Unknown(String),
    #[error("override {0}: no such setting")]
    NoSuchSetting(String),
}

/// The shipped rulebooks written with postcard: made from the JSON files of `rulebooks/` by
/// `reading::json::bundle_from_json` (its test `the_bundle_is_made_from_the_json_files`
/// rewrites this file when a rulebook changed). The core reads no JSON.
pub const BUNDLE: &[u8] = include_bytes!("../../../rulebooks/builtin.postcard");

pub const SERVICE_SCORE: &str = "aliexpress-service-score";

/// The shipped rulebooks, in display order (read from the bundle once), to own and edit.
pub fn builtin() -> Vec<Rulebook> {
    shipped().to_vec()
}

/// The shipped rulebooks, borrowed (to compare with, nothing copied).
pub fn shipped() -> &'static [Rulebook] {
    static SHIPPED: std::sync::OnceLock<Vec<Rulebook>> = std::sync::OnceLock::new();
    SHIPPED.get_or_init(|| postcard::from_bytes(BUNDLE).unwrap_or_default())
}

pub fn builtin_by_id(id: &str) -> Result<Rulebook, RulebookError> {
    shipped()
        .iter()
        .find(|r| r.id == id)
        .cloned()
        .ok_or_else(|| RulebookError::Unknown(id.to_owned()))
}

impl Rulebook {
    pub fn validate(&self) -> Result<(), RulebookError> {
        let bad = |what: String| RulebookError::Invalid {
            rulebook: self.id.clone(),
            what,
        };
        if self.window_days == 0 {
            return Err(bad("window_days must be at least 1".into()));
        }
        if let Some(score) = &self.score {
            for ind in &score.indicators {
                if ind.curve.is_empty() {
                    return Err(bad(format!("indicator {} has no curve anchors", ind.id)));
                }
                if ind.curve.iter().flatten().any(|x| !x.is_finite()) {
                    return Err(bad(format!(
                        "indicator {}: anchors must be numbers",
                        ind.id
                    )));
                }
                if ind.curve.windows(2).any(|w| w[0][0] >= w[1][0]) {
                    return Err(bad(format!(
                        "indicator {}: anchor values must increase",
                        ind.id
                    )));
                }
                // A monotone curve: improving a metric never lowers the score.
                let up = ind.curve.windows(2).all(|w| w[0][1] <= w[1][1]);
                let down = ind.curve.windows(2).all(|w| w[0][1] >= w[1][1]);
                if !up && !down {
                    return Err(bad(format!(
                        "indicator {}: points must rise or fall steadily along the curve",
                        ind.id
                    )));
                }
                if ind.curve.iter().any(|a| a[1] > ind.max_points) {
                    return Err(bad(format!(
                        "indicator {}: a curve anchor exceeds max_points",
                        ind.id
                    )));
                }
            }
            if score.levels.windows(2).any(|w| w[0].min <= w[1].min) {
                return Err(bad("levels must be listed highest first".into()));
            }
        }
        let mut ids = std::collections::HashSet::new();
        for c in &self.checks {
            if !ids.insert(c.id.as_str()) {
                return Err(bad(format!("check id {} appears twice", c.id)));
            }
            if !c.threshold.is_finite() {
                return Err(bad(format!("check {}: threshold must be a number", c.id)));
            }
            if c.low_volume.is_some_and(|lv| lv.window_days == 0) {
                return Err(bad(format!(
                    "check {}: low_volume window_days must be at least 1",
                    c.id
                )));
            }
            if c.window_days == Some(0) {
                return Err(bad(format!(
                    "check {}: window_days must be at least 1",
                    c.id
                )));
            }
        }
        for t in &self.tiers {
            if let Some(missing) = t.checks.iter().find(|id| !ids.contains(id.as_str())) {
                return Err(bad(format!("tier {} names unknown check {missing}", t.id)));
            }
        }
        for c in &self.checks {
            if let Some(i) = c
                .threshold_input
                .as_ref()
                .filter(|i| self.input(i).is_none())
            {
                return Err(bad(format!(
                    "check {}: no input {i} for its threshold",
                    c.id
                )));
            }
            if let Some(s) = c
                .cite
                .iter()
                .find(|s| !self.sources.iter().any(|x| &x.id == *s))
            {
                return Err(bad(format!("check {} cites unknown source {s}", c.id)));
            }
        }
        if let Some(i) = self
            .inputs
            .iter()
            .find(|i| i.min.partial_cmp(&i.max).is_none_or(|o| o.is_gt()))
        {
            return Err(bad(format!("input {}: min must not exceed max", i.id)));
        }
        if let Some(first) = self.regions.first() {
            let keys: Vec<&String> = first.settings.keys().collect();
            for (n, r) in self.regions.iter().enumerate() {
                if let Some(twin) = self.regions[..n].iter().find(|x| x.settings == r.settings) {
                    return Err(bad(format!(
                        "regions {} and {} set the same values: make them one",
                        twin.id, r.id
                    )));
                }
                if r.settings.keys().collect::<Vec<_>>() != keys {
                    return Err(bad(format!(
                        "region {} must set the same settings as region {}",
                        r.id, first.id
                    )));
                }
                let mut probe = self.clone();
                probe.regions.clear();
                for (k, v) in &r.settings {
                    probe
                        .set_unchecked(k, *v)
                        .map_err(|_| bad(format!("region {}: no setting {k}", r.id)))?;
                }
                probe
                    .validate()
                    .map_err(|e| bad(format!("region {}: {e}", r.id)))?;
            }
        }
        Ok(())
    }

    /// The window of a check.
    pub fn window_of(&self, check: &CheckSpec) -> u32 {
        check.window_days.unwrap_or(self.window_days)
    }

    /// Every (window, metric) the rulebook reads.
    pub fn needs(&self, main_window: u32) -> Vec<(u32, MetricId)> {
        let mut out = Vec::new();
        if let Some(score) = &self.score {
            out.push((main_window, MetricId::OrdersPaid));
            for ind in &score.indicators {
                out.push((main_window, ind.metric));
                out.extend(ind.fallback_metric.map(|m| (main_window, m)));
            }
        }
        for c in &self.checks {
            if let Some(m) = c.metric() {
                out.push((self.window_of(c), m));
                if let Some(lv) = c.low_volume {
                    out.push((self.window_of(c), MetricId::OrdersPaid));
                    out.push((lv.window_days, m));
                }
            }
        }
        out
    }

    /// Sets one value by its key (the keys are listed by [`Rulebook::settings`]). A change that
    /// would make the rulebook invalid is refused and leaves it as it was.
    pub fn set(&mut self, key: &str, value: f64) -> Result<(), RulebookError> {
        let mut next = self.clone();
        next.set_unchecked(key, value)?;
        next.validate()?;
        *self = next;
        Ok(())
    }

    fn set_unchecked(&mut self, key: &str, value: f64) -> Result<(), RulebookError> {
        let none = || RulebookError::NoSuchSetting(key.to_owned());
        let parts: Vec<&str> = key.split('.').collect();
        if !value.is_finite() {
            return Err(none());
        }
        match parts.as_slice() {
            ["window_days"] => self.window_days = days(value).ok_or_else(none)?,
            ["min_orders"] => self.score.as_mut().ok_or_else(none)?.min_orders = value,
            ["level", id, "min"] => {
                let score = self.score.as_mut().ok_or_else(none)?;
                let l = score
                    .levels
                    .iter_mut()
                    .find(|l| l.id == *id)
                    .ok_or_else(none)?;
                l.min = value;
            }
            ["indicator", id, field @ ..] => {
                let score = self.score.as_mut().ok_or_else(none)?;
                let ind = score
                    .indicators
                    .iter_mut()
                    .find(|i| i.id == *id)
                    .ok_or_else(none)?;
                match field {
                    ["category", "value"] => ind.move_category_to(value).ok_or_else(none)?,
                    ["category", "points"] => {
                        let k = ind.category_anchor().ok_or_else(none)?;
                        ind.curve[k][1] = value;
                    }
                    ["max_points"] => ind.max_points = value,
                    ["undefined_points"] => ind.undefined_points = value,
                    ["curve", n, xy] => {
                        let n: usize = n.parse().map_err(|_| none())?;
                        let anchor = ind.curve.get_mut(n).ok_or_else(none)?;
                        match *xy {
                            "x" => anchor[0] = value,
                            "y" => anchor[1] = value,
                            _ => return Err(none()),
                        }
                    }
                    _ => return Err(none()),
                }
            }
            ["check", id, field] => {
                let c = self
                    .checks
                    .iter_mut()
                    .find(|c| c.id == *id)
                    .ok_or_else(none)?;
                match *field {
                    "threshold" => c.threshold = value,
                    "window_days" => c.window_days = Some(days(value).ok_or_else(none)?),
                    "count_allowance" => c.count_allowance = Some(value),
                    "min_denominator" => c.min_denominator = Some(value),
                    "low_volume_below" => {
                        c.low_volume.as_mut().ok_or_else(none)?.below = value.max(0.0)
                    }
                    "low_volume_window_days" => {
                        c.low_volume.as_mut().ok_or_else(none)?.window_days =
                            days(value).ok_or_else(none)?
                    }
                    "off" if value == 0.0 || value == 1.0 => c.off = value == 1.0,
                    "penalty_points" => c.penalty_points = Some(value),
                    _ => return Err(none()),
                }
            }
            _ => return Err(none()),
        }
        Ok(())
    }

    /// Every editable setting with its current value: (key, value).
    pub fn settings(&self) -> Vec<(String, f64)> {
        let mut out = vec![("window_days".to_owned(), f64::from(self.window_days))];
        if let Some(s) = &self.score {
            out.push(("min_orders".into(), s.min_orders));
            for l in &s.levels {
                out.push((format!("level.{}.min", l.id), l.min));
            }
            for i in &s.indicators {
                out.push((format!("indicator.{}.max_points", i.id), i.max_points));
                // Before the anchors: moving the category moves them (a link sets these first).
                if let Some(k) = i.category_anchor() {
                    out.push((format!("indicator.{}.category.value", i.id), i.curve[k][0]));
                    out.push((format!("indicator.{}.category.points", i.id), i.curve[k][1]));
                }
                for (n, a) in i.curve.iter().enumerate() {
                    out.push((format!("indicator.{}.curve.{n}.x", i.id), a[0]));
                    out.push((format!("indicator.{}.curve.{n}.y", i.id), a[1]));
                }
            }
        }
        for c in &self.checks {
            out.push((format!("check.{}.threshold", c.id), c.threshold));
            out.push((
                format!("check.{}.window_days", c.id),
                f64::from(self.window_of(c)),
            ));
            if let Some(n) = c.count_allowance {
                out.push((format!("check.{}.count_allowance", c.id), n));
            }
            if let Some(n) = c.min_denominator {
                out.push((format!("check.{}.min_denominator", c.id), n));
            }
            if let Some(lv) = c.low_volume {
                out.push((format!("check.{}.low_volume_below", c.id), lv.below));
                out.push((
                    format!("check.{}.low_volume_window_days", c.id),
                    f64::from(lv.window_days),
                ));
            }
            if self
                .regions
                .iter()
                .any(|r| r.settings.contains_key(&format!("check.{}.off", c.id)))
            {
                out.push((format!("check.{}.off", c.id), f64::from(u8::from(c.off))));
            }
        }
        out
    }
}

impl IndicatorSpec {
    /// The curve anchor at the category average.
    pub fn category_anchor(&self) -> Option<usize> {
        let avg = self.category_average?;
        self.curve.iter().position(|a| (a[0] - avg).abs() < 1e-12)
    }

    /// Moves the curve so that its category anchor sits at `value`: a rate curve starting at 0
    /// is stretched (its shape kept), any other is moved between its fixed end anchors.
    fn move_category_to(&mut self, value: f64) -> Option<()> {
        let k = self.category_anchor()?;
        let old = self.curve[k][0];
        let (first, last) = (self.curve[0][0], self.curve[self.curve.len() - 1][0]);
        if first == 0.0 && old > 0.0 {
            if value <= 0.0 {
                return None;
            }
            let f = value / old;
            self.curve.iter_mut().for_each(|a| a[0] *= f);
        } else {
            if k == 0 || k + 1 == self.curve.len() || value <= first || value >= last {
                return None;
            }
            for a in &mut self.curve {
                a[0] = if a[0] <= old {
                    first + (a[0] - first) * (value - first) / (old - first)
                } else {
                    value + (a[0] - old) * (last - value) / (last - old)
                };
            }
        }
        self.curve[k][0] = value;
        self.category_average = Some(value);
        Some(())
    }
}

impl Rulebook {
    /// The rulebook with `region`'s settings set (the rules of that site or programme).
    pub fn in_region(&self, region: &str) -> Result<Rulebook, RulebookError> {
        let r = self
            .regions
            .iter()
            .find(|r| r.id == region)
            .ok_or_else(|| RulebookError::Unknown(format!("{} region {region}", self.id)))?;
        let mut next = self.clone();
        for (key, value) in &r.settings {
            next.set_unchecked(key, *value)?;
        }
        next.validate()?;
        Ok(next)
    }

    /// The region whose settings all hold: the one in force (None when a setting a region sets
    /// was changed by hand, or there are no regions).
    pub fn region_in_force(&self) -> Option<&RegionSpec> {
        let now: BTreeMap<String, f64> = crate::small::map(self.settings());
        self.regions.iter().find(|r| {
            r.settings
                .iter()
                .all(|(k, v)| now.get(k).is_some_and(|x| (x - v).abs() < 1e-12))
        })
    }

    /// The region most of the orders belong to, by their currency, with that currency; None
    /// when no order's currency names a region.
    pub fn region_for<'a>(
        &self,
        currencies: &'a [(String, u64)],
    ) -> Option<(&RegionSpec, &'a str)> {
        let mut best: Option<(&RegionSpec, &str, u64)> = None;
        for r in &self.regions {
            let (n, top) = currencies
                .iter()
                .filter(|(c, _)| r.currencies.iter().any(|rc| rc.eq_ignore_ascii_case(c)))
                .fold((0, None::<&(String, u64)>), |(n, top), cur| {
                    let top = match top {
                        Some(t) if t.1 >= cur.1 => Some(t),
                        _ => Some(cur),
                    };
                    (n + cur.1, top)
                });
            if let Some(top) = top.filter(|_| n > best.map_or(0, |b| b.2)) {
                best = Some((r, top.0.as_str(), n));
            }
        }
        best.map(|(r, c, _)| (r, c))
    }

    pub fn input(&self, id: &str) -> Option<&InputSpec> {
        self.inputs.iter().find(|i| i.id == id)
    }
}

/// How the region a rulebook is judged by was chosen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "by", content = "currency")]
pub enum RegionFrom {
    /// Most orders are in this currency, one of the region's.
    Files(String),
    /// The user chose it.
    Chosen,
    /// The files name no currency of a region: the rulebook's first.
    Default,
    /// The settings a scenario link carries.
    Link,
}

/// The region a rulebook is judged by, and how it was chosen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionUse {
    pub rulebook: String,
    pub region: String,
    pub from: RegionFrom,
}

/// The region each rulebook's settings are of (a link's rulebooks: their settings say it).
pub fn regions_in_force(rulebooks: &[Rulebook], from: RegionFrom) -> Vec<RegionUse> {
    rulebooks
        .iter()
        .filter_map(|rb| {
            Some(RegionUse {
                rulebook: rb.id.clone(),
                region: rb.region_in_force()?.id.clone(),
                from: from.clone(),
            })
        })
        .collect()
}

/// Sets each rulebook with regions to one: the one `chosen` names for it (by rulebook id, or
/// for every rulebook that has a region of that id under the key `*`), else the one most
/// orders' currency belongs to, else it stays as it is (its first region, unless edited).
/// A choice no rulebook knows is an error.
pub fn choose_regions(
    rulebooks: &mut [Rulebook],
    currencies: &[(String, u64)],
    chosen: &BTreeMap<String, String>,
) -> Result<Vec<RegionUse>, RulebookError> {
    for (rb, region) in chosen {
        let known = if rb == "*" {
            rulebooks
                .iter()
                .any(|r| r.regions.iter().any(|x| &x.id == region))
        } else {
            let r = rulebooks.iter().find(|r| &r.id == rb);
            let r = r.ok_or_else(|| RulebookError::Unknown(rb.clone()))?;
            r.regions.iter().any(|x| &x.id == region)
        };
        if !known {
            return Err(RulebookError::Unknown(format!("{rb} region {region}")));
        }
    }
    let mut out = Vec::new();
    for rb in rulebooks.iter_mut().filter(|r| !r.regions.is_empty()) {
        let pick = chosen
            .get(&rb.id)
            .or_else(|| chosen.get("*"))
            .filter(|id| rb.regions.iter().any(|r| &r.id == *id));
        let (region, from) = match pick {
            Some(id) => (id.clone(), RegionFrom::Chosen),
            None => match rb.region_for(currencies) {
                Some((r, c)) => (r.id.clone(), RegionFrom::Files(c.to_owned())),
                None => match rb.region_in_force() {
                    Some(r) => (r.id.clone(), RegionFrom::Default),
                    None => continue, // edited by hand: left as it is
                },
            },
        };
        *rb = rb.in_region(&region)?;
        out.push(RegionUse {
            rulebook: rb.id.clone(),
            region,
            from,
        });
    }
    Ok(out)
}

fn days(value: f64) -> Option<u32> {
    ((1.0..=3650.0).contains(&value) && value.fract() == 0.0).then_some(value as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rulebook_reads_back_through_postcard() {
        for rb in builtin() {
            let bytes = postcard::to_allocvec(&rb).unwrap();
            assert_eq!(postcard::from_bytes::<Rulebook>(&bytes).unwrap(), rb);
        }
    }

    /// Every text the page shows of a shipped rulebook is there in both languages: the
    /// Chinese page once showed every source note in English.
    #[test]
    fn every_shipped_text_is_in_both_languages() {
        let citation_only = |t: &I18n| {
            t.en.strip_prefix("DOMAIN.md ")
                .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit() || c == '.'))
        };
        for rb in builtin() {
            let mut texts = vec![(&rb.name, false), (&rb.source, true)];
            for c in &rb.checks {
                texts.extend([(&c.name, false), (&c.source, true)]);
            }
            if let Some(score) = &rb.score {
                for i in &score.indicators {
                    texts.extend([(&i.name, false), (&i.source, true)]);
                }
                texts.extend(score.levels.iter().map(|l| (&l.name, false)));
            }
            texts.extend(rb.tiers.iter().map(|t| (&t.name, false)));
            for (t, is_source) in texts {
                assert!(!t.en.is_empty() && !t.zh.is_empty(), "{}: {t:?}", rb.id);
                if is_source && !citation_only(t) {
                    assert_ne!(t.en, t.zh, "{}: a source note not translated", rb.id);
                }
            }
        }
    }

    #[test]
    fn the_service_score_has_six_indicators_worth_100_points() {
        let rb = builtin_by_id(SERVICE_SCORE).unwrap();
        let s = rb.score.unwrap();
        let points: Vec<f64> = s.indicators.iter().map(|i| i.max_points).collect();
        assert_eq!(points, vec![10.0, 15.0, 15.0, 30.0, 15.0, 15.0]);
    }

    #[test]
    fn check_ids_are_unique_across_rulebooks() {
        let mut seen = std::collections::HashSet::new();
        for rb in builtin() {
            for c in &rb.checks {
                assert!(seen.insert(c.id.clone()), "check id {} appears twice", c.id);
            }
        }
    }

    #[test]
    fn every_listed_setting_can_be_set_back_to_its_value() {
        for mut rb in builtin() {
            for (key, value) in rb.settings() {
                assert_eq!(rb.set(&key, value), Ok(()), "{} {key}", rb.id);
            }
        }
    }

    #[test]
    fn a_non_monotone_curve_is_refused() {
        let mut rb = builtin_by_id(SERVICE_SCORE).unwrap();
        let r = rb.set("indicator.dsr_item.curve.1.y", 100.0);
        assert!(matches!(r, Err(RulebookError::Invalid { .. })), "{r:?}");
    }

    #[test]
    fn an_unknown_setting_is_named() {
        let mut rb = builtin_by_id("amazon-account-health").unwrap();
        assert_eq!(
            rb.set("check.nope.threshold", 1.0),
            Err(RulebookError::NoSuchSetting("check.nope.threshold".into()))
        );
    }
}
