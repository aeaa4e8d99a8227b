//! The canonical record model (DOMAIN.md §2, METRICS.md canonical templates).
//!
//! Ids are text. Instants are absolute (`Ts`, seconds since the Unix epoch, UTC): the zone of a
//! file's naive timestamps is resolved at ingest, and calendar rules (review periods, the default
//! as-of day) take the user's zone explicitly. A missing value is `None`, never zero.

use serde::{Deserialize, Serialize};

/// An instant: whole seconds since 1970-01-01T00:00:00Z.
///
/// Stored with its sign bit flipped in a `NonZeroU64`: the order of instants is the order of
/// the stored numbers, and `Option<Ts>` takes 8 bytes instead of 16 (an order holds a dozen
/// of them; a million orders, 96 MB less). `i64::MIN`, the one value with no room, reads as
/// `i64::MIN + 1`. Serialized as the plain number of seconds.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ts(std::num::NonZeroU64);

const SIGN: u64 = 1 << 63;

/// Text with few distinct values in a file, shared between the records that hold it.
pub type Sym = std::sync::Arc<str>;

/// A value per text, for texts most records share ([`Sym`]: a file's currency cells): the
/// text met last is found by its address, a few more by their text, the rest in a hash map,
/// so that a record costs little work whatever the file holds. Each text has one value.
pub(crate) struct SharedTally<'a, V> {
    listed: Vec<(&'a str, V)>,
    last: usize,
    rest: rustc_hash::FxHashMap<&'a str, V>,
}

impl<'a, V: Default> SharedTally<'a, V> {
    /// Texts found by a search of the list before the hash map takes the others.
    const LISTED: usize = 8;

    pub(crate) fn new() -> Self {
        SharedTally {
            listed: Vec::new(),
            last: usize::MAX,
            rest: Default::default(),
        }
    }

    /// The value of `text` (its default when first met).
    pub(crate) fn entry(&mut self, text: &'a str) -> &mut V {
        let same = |(k, _): &(&str, V)| std::ptr::eq(*k, text) || *k == text;
        if !self.listed.get(self.last).is_some_and(same) {
            match self.listed.iter().position(same) {
                Some(i) => self.last = i,
                None if self.listed.len() < Self::LISTED => {
                    self.listed.push((text, V::default()));
                    self.last = self.listed.len() - 1;
                }
                None => return self.rest.entry(text).or_default(),
            }
        }
        match self.listed.get_mut(self.last) {
            Some((_, v)) => v,
            None => self.rest.entry(text).or_default(),
        }
    }

    /// Each text met and its value.
    pub(crate) fn into_iter(self) -> impl Iterator<Item = (&'a str, V)> {
        self.listed.into_iter().chain(self.rest)
    }
}

impl Ts {
    pub const fn new(secs: i64) -> Ts {
        let secs = if secs == i64::MIN { i64::MIN + 1 } else { secs };
        match std::num::NonZeroU64::new((secs as u64) ^ SIGN) {
            Some(n) => Ts(n),
            None => Ts(std::num::NonZeroU64::MIN),
        }
    }

    /// Seconds since the epoch.
    pub const fn secs(self) -> i64 {
        (self.0.get() ^ SIGN) as i64
    }
}

impl std::fmt::Debug for Ts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Ts({})", self.secs())
    }
}

impl Serialize for Ts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.secs())
    }
}

impl<'de> Deserialize<'de> for Ts {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Ts, D::Error> {
        i64::deserialize(d).map(Ts::new)
    }
}

pub const HOUR: i64 = 3600;
pub const DAY: i64 = 24 * HOUR;

impl Ts {
    /// Exact hours from `self` to `later` (negative when `later` is earlier).
    pub fn hours_until(self, later: Ts) -> f64 {
        (later.secs() - self.secs()) as f64 / HOUR as f64
    }
    pub fn plus_secs(self, secs: i64) -> Ts {
        Ts::new(self.secs().saturating_add(secs))
    }
    pub fn minus_days(self, days: u32) -> Ts {
        Ts::new(self.secs().saturating_sub(i64::from(days) * DAY))
    }
}

/// `Some(t)` with `t < as_of`: the event has happened as of `as_of` (METRICS.md conventions).
pub fn happened(t: Option<Ts>, as_of: Ts) -> Option<Ts> {
    t.filter(|t| *t < as_of)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Initiator {
    Buyer,
    Seller,
    System,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sender {
    Buyer,
    Seller,
    System,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisputeKind {
    NotReceived,
    NotAsDescribed,
    Return,
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Open,
    BuyerCancelled,
    Agreed,
    Refunded,
    RuledForBuyer,
    RuledForSeller,
}

/// One order row (an order export row may also carry the shipment, as the canonical template does).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Order {
    pub order_id: String,
    pub parent_order_id: Option<String>,
    pub buyer_id: Option<String>,
    /// Few distinct values in a file (countries, currencies, statuses, carriers): shared, one
    /// allocation per value and file instead of one per order (`Sym`).
    pub buyer_country: Option<Sym>,
    pub created_at: Option<Ts>,
    pub paid_at: Option<Ts>,
    pub amount: Option<f64>,
    pub currency: Option<Sym>,
    pub shipping_fee: Option<f64>,
    pub status: Option<Sym>,
    pub cancelled_at: Option<Ts>,
    pub cancel_initiator: Option<Initiator>,
    pub ship_deadline: Option<Ts>,
    pub promised_delivery_by: Option<Ts>,
    pub carrier: Option<Sym>,
    pub tracking_number: Option<String>,
    pub shipped_at: Option<Ts>,
    pub first_carrier_scan_at: Option<Ts>,
    pub delivered_at: Option<Ts>,
    pub buyer_confirmed_at: Option<Ts>,
    pub completed_at: Option<Ts>,
    /// Product id or SKU when the export has one (not scored; used to group problems).
    pub product_id: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Message {
    // Shared, not owned: a conversation's rows repeat its thread, order and buyer, and a large
    // store has millions of messages (the reader shares a value with the row before). A
    // message's own id is not kept: nothing reads it, and it is one text per message.
    pub thread_id: Option<Sym>,
    pub order_id: Option<Sym>,
    /// Kept by the reader only where the message has neither thread nor order: it then names
    /// the conversation ([`Message::thread_key`]), and is read for nothing else.
    pub buyer_id: Option<Sym>,
    pub sender: Option<Sender>,
    pub sent_at: Option<Ts>,
    pub is_auto_reply: bool,
}

impl Message {
    /// The conversation a message belongs to: its thread, else its order, else its buyer.
    pub fn thread_key(&self) -> Option<&Sym> {
        self.thread_id
            .as_ref()
            .or(self.order_id.as_ref())
            .or(self.buyer_id.as_ref())
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dispute {
    pub dispute_id: Option<String>,
    pub order_id: String,
    pub kind: DisputeKind,
    pub reason: Option<String>,
    pub opened_at: Option<Ts>,
    pub seller_first_response_at: Option<Ts>,
    pub escalated_at: Option<Ts>,
    pub closed_at: Option<Ts>,
    pub outcome: Option<Outcome>,
    pub seller_at_fault: bool,
    pub exempted: bool,
    pub refund_amount: Option<f64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub review_id: Option<String>,
    pub order_id: Option<String>,
    pub buyer_id: Option<String>,
    pub created_at: Option<Ts>,
    pub stars: Option<u8>,
    pub dsr_item: Option<u8>,
    pub dsr_communication: Option<u8>,
    pub dsr_shipping: Option<u8>,
    pub text: Option<String>,
}

/// An order fact a metric needs a column for. A metric whose fact no orders file carries is
/// not assessed (never 0% with every order a violation).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fact {
    /// A cancellation time, who cancelled, or a status that says so.
    Cancellation,
    ShipDeadline,
    /// When the order was shipped (tracking uploaded).
    Shipped,
    TrackingNumber,
    /// The carrier's first scan ("online").
    FirstCarrierScan,
    Delivered,
    PromisedDelivery,
    ShippingFee,
    /// The order's amount (what the buyer paid).
    Amount,
}

impl Fact {
    pub const ALL: [Fact; 9] = [
        Fact::Cancellation,
        Fact::ShipDeadline,
        Fact::Shipped,
        Fact::TrackingNumber,
        Fact::FirstCarrierScan,
        Fact::Delivered,
        Fact::PromisedDelivery,
        Fact::ShippingFee,
        Fact::Amount,
    ];
}

/// The order facts some orders file carries a column for (a bit per [`Fact`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts(u16);

impl Facts {
    pub fn with(self, f: Fact) -> Facts {
        Facts(self.0 | 1 << f as u16)
    }
    pub fn has(self, f: Fact) -> bool {
        self.0 & 1 << f as u16 != 0
    }
    pub fn union(self, o: Facts) -> Facts {
        Facts(self.0 | o.0)
    }
}

/// Everything loaded from the user's files, in file order.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    pub orders: Vec<Order>,
    pub messages: Vec<Message>,
    pub disputes: Vec<Dispute>,
    pub reviews: Vec<Review>,
    /// The order facts the orders files carry columns for; None when not known (records made
    /// in code): every fact then counts as carried.
    #[serde(default)]
    pub order_facts: Option<Facts>,
}

/// When the latest of `messages` was sent (part of [`Dataset::latest_event`]). By blocks
/// (`blocks::fold`): called once per reading, over every message.
pub fn latest_sent(messages: &[Message]) -> Option<Ts> {
    crate::blocks::fold(messages, None, |m: &mut Option<Ts>, b: &[Message]| {
        *m = (*m).max(b.iter().filter_map(|x| x.sent_at).max());
    })
}

impl Dataset {
    /// The orders' currencies (upper case) and how many orders each, most first.
    pub fn currencies(&self) -> Vec<(String, u64)> {
        // Counted by the cell's text first (shared: no hashing per order), trimmed and in
        // upper case at the end: no allocation per order.
        // By blocks (`blocks::fold`): called once per reading, over every order.
        let cells = crate::blocks::fold(
            &self.orders,
            SharedTally::<u64>::new(),
            |cells: &mut SharedTally<u64>, b: &[Order]| {
                for o in b {
                    if let Some(c) = &o.currency {
                        *cells.entry(c) += 1;
                    }
                }
            },
        );
        let mut n: std::collections::BTreeMap<String, u64> = Default::default();
        for (c, k) in cells.into_iter() {
            let c = c.trim();
            if !c.is_empty() {
                *n.entry(c.to_ascii_uppercase()).or_default() += k;
            }
        }
        let mut v: Vec<(String, u64)> = n.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v
    }

    /// Adds another file's records, moving (not copying) them when there are none yet.
    pub fn extend(&mut self, other: Dataset) {
        // A fact is carried when some orders file carries it; orders of unknown facts carry all.
        self.order_facts = match (self.order_facts, other.order_facts) {
            (Some(a), Some(b)) => Some(a.union(b)),
            (None, b) if self.orders.is_empty() => b,
            (None, _) => None,
            (a, None) if other.orders.is_empty() => a,
            (_, None) => None,
        };
        fn join<T>(into: &mut Vec<T>, mut from: Vec<T>) {
            if into.is_empty() {
                *into = from;
            } else {
                into.append(&mut from);
            }
        }
        join(&mut self.orders, other.orders);
        join(&mut self.messages, other.messages);
        join(&mut self.disputes, other.disputes);
        join(&mut self.reviews, other.reviews);
    }

    /// Gives back spare room (see `ingest::Loader`).
    pub fn shrink_to_fit(&mut self) {
        self.orders.shrink_to_fit();
        self.messages.shrink_to_fit();
        self.disputes.shrink_to_fit();
        self.reviews.shrink_to_fit();
    }

    pub fn is_empty(&self) -> bool {
        self.orders.is_empty()
            && self.messages.is_empty()
            && self.disputes.is_empty()
            && self.reviews.is_empty()
    }

    /// The latest *event* timestamp (never a deadline or a promised date), METRICS.md conventions.
    pub fn latest_event(&self) -> Option<Ts> {
        // By blocks (`blocks::fold`): called once per reading, over every record.
        use crate::blocks::fold;
        let orders = fold(&self.orders, None, |m: &mut Option<Ts>, b: &[Order]| {
            let latest = b.iter().flat_map(|o| {
                [
                    o.created_at,
                    o.paid_at,
                    o.shipped_at,
                    o.first_carrier_scan_at,
                    o.delivered_at,
                    o.buyer_confirmed_at,
                    o.completed_at,
                    o.cancelled_at,
                ]
            });
            *m = (*m).max(latest.flatten().max());
        });
        let messages = latest_sent(&self.messages);
        let disputes = self.disputes.iter().flat_map(|d| {
            [
                d.opened_at,
                d.seller_first_response_at,
                d.escalated_at,
                d.closed_at,
            ]
        });
        let reviews = self.reviews.iter().map(|r| r.created_at);
        [orders, messages]
            .into_iter()
            .chain(disputes)
            .chain(reviews)
            .flatten()
            .max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The currencies counted by their texts, as they were counted before shared texts were
    /// counted by their address.
    fn currencies_by_text(ds: &Dataset) -> Vec<(String, u64)> {
        let mut n: std::collections::BTreeMap<String, u64> = Default::default();
        for o in &ds.orders {
            if let Some(c) = o
                .currency
                .as_deref()
                .map(str::trim)
                .filter(|c| !c.is_empty())
            {
                *n.entry(c.to_ascii_uppercase()).or_default() += 1;
            }
        }
        let mut v: Vec<(String, u64)> = n.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v
    }

    #[test]
    fn currencies_count_shared_and_unshared_texts_alike() {
        let usd = Sym::from("USD");
        let eur = Sym::from(" eur ");
        let mut orders = Vec::new();
        for i in 0..300u32 {
            let currency = match i % 7 {
                0..=2 => Some(usd.clone()),
                3 => Some(eur.clone()),
                // Records made one by one: a text of its own per order, past the list.
                4 => Some(Sym::from(format!("C{}", i % 50).as_str())),
                5 => Some(Sym::from(if i % 2 == 0 { "usd" } else { " " })),
                _ => None,
            };
            orders.push(Order {
                currency,
                ..Default::default()
            });
        }
        let ds = Dataset {
            orders,
            ..Default::default()
        };
        let got = ds.currencies();
        assert_eq!(got, currencies_by_text(&ds));
        assert_eq!(got[0], ("USD".to_string(), 150));
    }

    #[test]
    fn an_optional_instant_takes_eight_bytes() {
        assert_eq!(std::mem::size_of::<Option<Ts>>(), 8);
    }

    #[test]
    fn instants_keep_their_order_and_value_across_the_sign() {
        let secs = [i64::MIN + 1, -86_400, -1, 0, 1, 1_785_000_000, i64::MAX];
        for w in secs.windows(2) {
            assert!(Ts::new(w[0]) < Ts::new(w[1]), "{w:?}");
        }
        for s in secs {
            assert_eq!(Ts::new(s).secs(), s);
        }
        // The one value with no room reads as its neighbour.
        assert_eq!(Ts::new(i64::MIN).secs(), i64::MIN + 1);
        assert_eq!(Ts::new(5).minus_days(1).secs(), 5 - DAY);
    }
}
