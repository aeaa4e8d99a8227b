//! Scenario links: a what-if scenario, the rulebook choice and overrides, the user's inputs and
//! the aggregate baseline, in the URL fragment (never the query, so it never reaches a server).
//! No order id, buyer id or raw row is ever in a link: only the aggregates a [`Baseline`] holds.
//!
//! Format: `v2.` + base64url(deflate(postcard)). Decoding checks the version first. `v1.` links
//! (JSON inside, made before November 2026) still open: the page has no JSON parser, so
//! [`decode`] says [`LinkError::Earlier`] and the worker reads them with [`decode_earlier`].
//! Postcard names no field and no metric: the golden links in the tests pin the wire, and a
//! change to `LinkPayload` or to the order of `MetricId` needs a new version.

#![deny(unsafe_code)]

use base64::Engine;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use storescore_core::checks::Inputs;
use storescore_core::rulebook::{builtin, shipped, Rulebook};
use storescore_core::whatif::{Baseline, Scenario};

pub const VERSION_PREFIX: &str = "v2.";
/// Links with JSON inside (read by the worker, [`decode_earlier`]).
pub const V1_PREFIX: &str = "v1.";
/// Longest fragment accepted (characters) and largest inflated payload (bytes).
pub const MAX_LINK_CHARS: usize = 16_384;
pub const MAX_PAYLOAD_BYTES: usize = 256 * 1024;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LinkPayload {
    #[serde(with = "compact")]
    pub baseline: Baseline,
    #[serde(default)]
    pub scenario: Scenario,
    /// Rulebook id, setting key, value: every setting that differs from the built-in rulebook.
    #[serde(default)]
    pub overrides: Vec<(String, String, f64)>,
    #[serde(default)]
    pub inputs: Inputs,
    /// The assessment window as shown to the user ("2026-10-02 to 2026-11-01, Asia/Shanghai").
    #[serde(default)]
    pub window_label: String,
}

#[derive(Clone, Debug, Error, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkError {
    #[error("unknown link version")]
    UnknownVersion,
    #[error("the link is too long")]
    Oversized,
    #[error("the link is damaged or incomplete")]
    Malformed,
    /// A `v1.` link: [`decode_earlier`] reads it (the worker, which has a JSON parser).
    #[error("the link is of an earlier version")]
    Earlier,
}

/// The baseline on the wire: each metric as `[numerator, denominator]`, plus the value only when
/// it is not exactly numerator ÷ denominator (percentiles, counts), so links stay short and
/// decode to the identical baseline.
mod compact {
    use std::collections::BTreeMap;

    use storescore_core::small;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use storescore_core::metrics::{MetricId, MetricValue};
    use storescore_core::score::Series;
    use storescore_core::whatif::{Baseline, ResponseHist};

    #[derive(Serialize, Deserialize)]
    struct Wire {
        w: u32,
        m: BTreeMap<u32, BTreeMap<MetricId, Vec<Option<f64>>>>,
        r: ResponseHist,
        s: Series,
    }

    fn pack(v: &MetricValue) -> Vec<Option<f64>> {
        let plain = MetricValue::ratio(v.numerator, v.denominator);
        let mut out = vec![Some(v.numerator), Some(v.denominator)];
        if plain.value.map(f64::to_bits) != v.value.map(f64::to_bits) {
            out.push(v.value);
        }
        out
    }

    fn unpack(x: &[Option<f64>]) -> Option<MetricValue> {
        let (n, d) = (x.first().copied()??, x.get(1).copied()??);
        let mut v = MetricValue::ratio(n, d);
        if let Some(value) = x.get(2) {
            v.value = *value;
        }
        Some(v)
    }

    pub fn serialize<S: Serializer>(b: &Baseline, s: S) -> Result<S::Ok, S::Error> {
        let m = b
            .windows
            .iter()
            .map(|(w, ms)| (*w, small::map(ms.iter().map(|(id, v)| (*id, pack(v))))));
        let m = small::map(m);
        Wire {
            w: b.main_window,
            m,
            r: b.response.clone(),
            s: b.series.clone(),
        }
        .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Baseline, D::Error> {
        let wire = Wire::deserialize(d)?;
        let mut windows = BTreeMap::new();
        for (w, ms) in wire.m {
            let mut out = BTreeMap::new();
            for (id, x) in ms {
                let v = unpack(&x).ok_or_else(|| serde::de::Error::custom("bad metric"))?;
                out.insert(id, v);
            }
            windows.insert(w, out);
        }
        Ok(Baseline {
            main_window: wire.w,
            windows,
            response: wire.r,
            series: wire.s,
            unavailable: BTreeMap::new(),
            currency: None,
            covered: BTreeMap::new(),
        })
    }
}

/// The links' base64 (URL-safe, no padding); also what the page keeps in localStorage.
pub const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

pub fn encode(p: &LinkPayload) -> String {
    let wire = postcard::to_allocvec(p).unwrap_or_default();
    let packed = miniz_oxide::deflate::compress_to_vec(&wire, 9);
    format!("{VERSION_PREFIX}{}", B64.encode(packed))
}

/// Decodes a fragment (with or without the leading `#`). An empty fragment is `Ok(None)`; a
/// `v1.` link is [`LinkError::Earlier`] (see [`decode_earlier`]).
pub fn decode(fragment: &str) -> Result<Option<LinkPayload>, LinkError> {
    let Some(f) = fragment_of(fragment)? else {
        return Ok(None);
    };
    if f.starts_with(V1_PREFIX) {
        return Err(LinkError::Earlier);
    }
    let Some(body) = f.strip_prefix(VERSION_PREFIX) else {
        return Err(not_ours(f));
    };
    let wire = inflate(body)?;
    let (p, rest) =
        postcard::take_from_bytes::<LinkPayload>(&wire).map_err(|_| LinkError::Malformed)?;
    if !rest.is_empty() {
        return Err(LinkError::Malformed);
    }
    validate(&p)?;
    Ok(Some(p))
}

/// Decodes a link of any version this build knows, `v1.` (JSON) included: the worker's and the
/// CLI's decoder (it needs serde_json, which the page does not carry).
pub fn decode_earlier(fragment: &str) -> Result<Option<LinkPayload>, LinkError> {
    let Some(f) = fragment_of(fragment)? else {
        return Ok(None);
    };
    let Some(body) = f.strip_prefix(V1_PREFIX) else {
        return decode(f);
    };
    let json = inflate(body)?;
    let p: LinkPayload = serde_json::from_slice(&json).map_err(|_| LinkError::Malformed)?;
    validate(&p)?;
    Ok(Some(p))
}

/// The fragment without its `#` and spaces; `None` when empty.
fn fragment_of(fragment: &str) -> Result<Option<&str>, LinkError> {
    let f = fragment.trim().trim_start_matches('#');
    if f.is_empty() {
        return Ok(None);
    }
    if f.len() > MAX_LINK_CHARS {
        return Err(LinkError::Oversized);
    }
    Ok(Some(f))
}

/// Something that looks like a version we do not know, or not ours at all.
fn not_ours(f: &str) -> LinkError {
    if f.starts_with('v') && f.contains('.') {
        LinkError::UnknownVersion
    } else {
        LinkError::Malformed
    }
}

fn inflate(body: &str) -> Result<Vec<u8>, LinkError> {
    let packed = B64.decode(body).map_err(|_| LinkError::Malformed)?;
    miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_PAYLOAD_BYTES).map_err(|e| {
        match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => LinkError::Oversized,
            _ => LinkError::Malformed,
        }
    })
}

fn validate(p: &LinkPayload) -> Result<(), LinkError> {
    let b = &p.baseline;
    let finite = b.windows.values().flat_map(|m| m.values()).all(|v| {
        v.numerator.is_finite()
            && v.denominator.is_finite()
            && v.numerator >= 0.0
            && v.denominator >= 0.0
            && v.value.is_none_or(f64::is_finite)
    });
    let sane = b.windows.len() <= 16
        && b.windows.contains_key(&b.main_window)
        && b.response.bins.len() <= 1024
        && b.series.days.len() <= 400
        && p.scenario.reply_shift_hours.is_finite()
        && p.scenario.volume_factor.is_finite()
        && p.scenario.set.values().all(|x| x.is_finite())
        && p.overrides.len() <= 500;
    if finite && sane {
        Ok(())
    } else {
        Err(LinkError::Malformed)
    }
}

/// Settings of `current` that differ from the built-in rulebooks.
pub fn overrides_of(current: &[Rulebook]) -> Vec<(String, String, f64)> {
    let mut out = Vec::new();
    for rb in current {
        let Some(orig) = shipped().iter().find(|b| b.id == rb.id) else {
            continue;
        };
        let before = storescore_core::small::map(orig.settings());
        for (k, v) in rb.settings() {
            if before.get(&k) != Some(&v) {
                out.push((rb.id.clone(), k, v));
            }
        }
    }
    out
}

/// The built-in rulebooks with a link's overrides applied (unknown ones are skipped).
pub fn apply_overrides(overrides: &[(String, String, f64)]) -> Vec<Rulebook> {
    let mut rbs = builtin();
    for (id, key, value) in overrides {
        if let Some(rb) = rbs.iter_mut().find(|r| &r.id == id) {
            let _ = rb.set(key, *value);
        }
    }
    rbs
}

/// A store's numbers kept in this browser, when the seller asks (its aggregates as a link's
/// fragment, never a record): the latest day's, and the last earlier day's, which "since your
/// last visit" compares with.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Visit {
    /// The name the seller gave the store.
    pub store: String,
    /// The day kept (`YYYY-MM-DD`, the browser's) and its fragment.
    pub day: String,
    pub fragment: String,
    /// The next level the recovery calendar projects, and its day (`level id`, `YYYY-MM-DD`).
    pub recovery: Option<(String, String)>,
    /// The last day before `day` the store was seen, and its fragment.
    pub earlier: Option<(String, String)>,
}

/// The stores kept, as this browser stores them (base64url of postcard).
pub fn encode_visits(v: &[Visit]) -> String {
    B64.encode(postcard::to_allocvec(v).unwrap_or_default())
}

/// The stores kept; none when the text is not theirs.
pub fn decode_visits(text: &str) -> Vec<Visit> {
    B64.decode(text)
        .ok()
        .and_then(|bytes| postcard::from_bytes(&bytes).ok())
        .unwrap_or_default()
}

/// Keeps `fragment` as store `store`'s numbers of `day`: a later day moves the day kept to
/// `earlier`; the same day replaces it (a reload, another setting). Stores stay in the order
/// they were first kept.
pub fn record_visit(
    visits: &mut Vec<Visit>,
    store: &str,
    day: &str,
    fragment: String,
    recovery: Option<(String, String)>,
) {
    let store = store.trim();
    if store.is_empty() {
        return;
    }
    match visits.iter_mut().find(|v| v.store == store) {
        Some(v) => {
            if v.day.as_str() < day {
                v.earlier = Some((std::mem::take(&mut v.day), std::mem::take(&mut v.fragment)));
            }
            v.day = day.to_owned();
            v.fragment = fragment;
            v.recovery = recovery;
        }
        None => visits.push(Visit {
            store: store.to_owned(),
            day: day.to_owned(),
            fragment,
            recovery,
            earlier: None,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use storescore_core::metrics::{MetricId, MetricValue};

    fn payload() -> LinkPayload {
        let mut b = Baseline {
            main_window: 30,
            ..Default::default()
        };
        b.windows
            .entry(30)
            .or_default()
            .insert(MetricId::LateShipmentRate, MetricValue::ratio(27.0, 808.0));
        let mut scenario = Scenario::default();
        scenario.set.insert(MetricId::DsrItemAvg, 4.7);
        LinkPayload {
            baseline: b,
            scenario,
            overrides: vec![(
                "aliexpress-good-seller".into(),
                "check.sh-on-time.threshold".into(),
                0.03,
            )],
            inputs: Inputs::new(),
            window_label: "test".into(),
        }
    }

    /// `payload()` as `encode` wrote it when links became postcard. It must still decode to the
    /// same payload: if this fails, the wire changed (a field, or the order of `MetricId`'s
    /// variants) and links already shared would open with wrong numbers. Give the new wire a
    /// new version instead, and keep this one decoding.
    const GOLDEN_V2: &str = include_str!("../../../tests/links/golden-v2.txt");
    /// `payload()` as the JSON encoder of `v1.` links wrote it.
    const GOLDEN_V1: &str = include_str!("../../../tests/links/golden-v1.txt");

    #[test]
    fn round_trip() {
        let p = payload();
        let link = encode(&p);
        assert!(link.starts_with("v2."));
        assert_eq!(decode(&format!("#{link}")), Ok(Some(p.clone())));
        assert_eq!(decode_earlier(&link), Ok(Some(p)));
        assert_eq!(decode(""), Ok(None));
        assert_eq!(decode("#"), Ok(None));
        assert_eq!(decode_earlier(" # "), Ok(None));
    }

    #[test]
    fn links_already_shared_still_open() {
        assert_eq!(decode(GOLDEN_V2.trim()), Ok(Some(payload())));
        assert_eq!(decode(GOLDEN_V1.trim()), Err(LinkError::Earlier));
        assert_eq!(decode_earlier(GOLDEN_V1.trim()), Ok(Some(payload())));
        // A v2 link is shorter than the same payload as v1 (JSON).
        assert!(encode(&payload()).len() < GOLDEN_V1.trim().len());
    }

    #[test]
    fn damaged_links_are_told_apart() {
        let link = encode(&payload());
        assert_eq!(decode(&link[..link.len() / 2]), Err(LinkError::Malformed));
        assert_eq!(decode("v9.abc"), Err(LinkError::UnknownVersion));
        assert_eq!(decode_earlier("v9.abc"), Err(LinkError::UnknownVersion));
        assert_eq!(decode("hello"), Err(LinkError::Malformed));
        assert_eq!(decode("v2.!!!!"), Err(LinkError::Malformed));
        assert_eq!(decode_earlier("v1.!!!!"), Err(LinkError::Malformed));
        assert_eq!(decode(&"v2.".repeat(10_000)), Err(LinkError::Oversized));
        // A deflate bomb: small on the wire, over the payload limit once inflated.
        let bomb = B64.encode(miniz_oxide::deflate::compress_to_vec(
            &vec![b' '; MAX_PAYLOAD_BYTES * 4],
            9,
        ));
        assert_eq!(decode(&format!("v2.{bomb}")), Err(LinkError::Oversized));
        assert_eq!(
            decode_earlier(&format!("v1.{bomb}")),
            Err(LinkError::Oversized)
        );
        // Valid JSON that is not a payload; a payload with bytes after it.
        let other = miniz_oxide::deflate::compress_to_vec(b"{\"x\":1}", 9);
        assert_eq!(
            decode_earlier(&format!("v1.{}", B64.encode(other))),
            Err(LinkError::Malformed)
        );
        let mut wire = postcard::to_allocvec(&payload()).unwrap();
        wire.push(0);
        let trailing = B64.encode(miniz_oxide::deflate::compress_to_vec(&wire, 9));
        assert_eq!(decode(&format!("v2.{trailing}")), Err(LinkError::Malformed));
    }

    #[test]
    fn a_region_rides_in_a_link_as_its_settings() {
        let mut rbs = builtin();
        let meli = rbs.iter_mut().find(|r| r.id == "mercado-libre").unwrap();
        *meli = meli.in_region("BR").unwrap();
        let there = apply_overrides(&overrides_of(&rbs));
        assert_eq!(there, rbs);
        let meli = there.iter().find(|r| r.id == "mercado-libre").unwrap();
        assert_eq!(meli.region_in_force().unwrap().id, "BR");
    }

    #[test]
    fn overrides_round_trip_through_the_builtin_rulebooks() {
        let mut rbs = builtin();
        rbs[2].set("check.sh-on-time.threshold", 0.03).unwrap();
        let ov = overrides_of(&rbs);
        assert_eq!(ov.len(), 1);
        assert_eq!(apply_overrides(&ov), rbs);
    }

    #[test]
    fn a_visit_on_a_later_day_keeps_the_earlier_one() {
        let mut v = Vec::new();
        record_visit(&mut v, " Shop A ", "2026-12-01", "a1".into(), None);
        record_visit(&mut v, "Shop B", "2026-12-01", "b1".into(), None);
        // The same day again: replaced, nothing earlier.
        record_visit(&mut v, "Shop A", "2026-12-01", "a2".into(), None);
        assert_eq!((v[0].fragment.as_str(), v[0].earlier.clone()), ("a2", None));
        // A later day: the day before becomes the earlier one, and stays through the day.
        record_visit(
            &mut v,
            "Shop A",
            "2026-12-06",
            "a3".into(),
            Some(("good".into(), "2026-12-20".into())),
        );
        record_visit(&mut v, "Shop A", "2026-12-06", "a4".into(), None);
        assert_eq!(v[0].earlier, Some(("2026-12-01".into(), "a2".into())));
        assert_eq!(
            (v[0].day.as_str(), v[0].fragment.as_str()),
            ("2026-12-06", "a4")
        );
        assert_eq!(
            v.iter().map(|v| v.store.as_str()).collect::<Vec<_>>(),
            ["Shop A", "Shop B"]
        );
        // No name, nothing kept.
        record_visit(&mut v, "  ", "2026-12-06", "x".into(), None);
        assert_eq!(v.len(), 2);
        assert_eq!(decode_visits(&encode_visits(&v)), v);
        assert_eq!(decode_visits("not ours"), []);
    }
}
