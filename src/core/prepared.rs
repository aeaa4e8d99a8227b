//! A dataset arranged for metric computation, independent of `as_of`: order units (METRICS.md
//! reading 5), buyer turns (reading 7) and the order unit each dispute and review belongs to.
//! Built once; every metric evaluation at any `as_of` reads it.

use std::collections::HashMap;

use super::model::{Dataset, Dispute, Order, Review, Sender, Sym, Ts};

/// One buyer turn: first buyer message after the thread start or the last seller reply, and the
/// next seller message that is not an auto-reply. Whether the answer "happened" depends on as_of.
#[derive(Clone, Debug, PartialEq)]
pub struct Turn {
    pub thread: Sym,
    pub start: Ts,
    pub answer: Option<Ts>,
}

#[derive(Clone, Debug, Default)]
pub struct Prepared {
    /// Order units: the first row of each unit, `amount` summed over its distinct child orders.
    pub units: Vec<Order>,
    pub turns: Vec<Turn>,
    /// Disputes with their unit (None when the order is not in the files).
    pub disputes: Vec<(Option<usize>, Dispute)>,
    pub reviews: Vec<(Option<usize>, Review)>,
    /// Messages without a usable time or sender, left out of the turns.
    pub messages_unusable: usize,
    /// Duplicate order rows dropped (first row wins).
    pub duplicate_order_rows: usize,
}

impl Prepared {
    pub fn new(ds: Dataset) -> Prepared {
        let mut p = Prepared::default();
        // Pass 1, borrowing: which rows are kept (first row per order id wins) and their unit.
        let mut unit_by_key: HashMap<&str, usize> = HashMap::with_capacity(ds.orders.len());
        let mut seen: HashMap<&str, ()> = HashMap::with_capacity(ds.orders.len());
        let mut row_unit: Vec<Option<(usize, bool)>> = Vec::with_capacity(ds.orders.len());
        let mut units = 0;
        for o in &ds.orders {
            if seen.insert(o.order_id.as_str(), ()).is_some() {
                p.duplicate_order_rows += 1;
                row_unit.push(None);
                continue;
            }
            let key = o
                .parent_order_id
                .as_deref()
                .filter(|s| !s.is_empty())
                .unwrap_or(o.order_id.as_str());
            match unit_by_key.get(key) {
                Some(u) => row_unit.push(Some((*u, false))),
                None => {
                    unit_by_key.insert(key, units);
                    row_unit.push(Some((units, true)));
                    units += 1;
                }
            }
        }
        // Every kept order id and every parent key to its unit (keys first), borrowed: it only
        // finds the units of the disputes and reviews, before the orders move.
        drop(seen);
        let mut unit_of = unit_by_key;
        for (o, ru) in ds.orders.iter().zip(&row_unit) {
            if let Some((u, _)) = ru {
                unit_of.entry(o.order_id.as_str()).or_insert(*u);
            }
        }
        let dispute_units: Vec<Option<usize>> = ds
            .disputes
            .iter()
            .map(|d| unit_of.get(d.order_id.as_str()).copied())
            .collect();
        let review_units: Vec<Option<usize>> = ds
            .reviews
            .iter()
            .map(|r| {
                r.order_id
                    .as_deref()
                    .and_then(|id| unit_of.get(id).copied())
            })
            .collect();
        drop(unit_of);
        // Pass 2, in place (no second copy of every order): units are numbered in order of first
        // appearance, so each unit's first row moves down to its number; further children add
        // their amount to it.
        let mut orders = ds.orders;
        let mut write = 0;
        for (read, ru) in row_unit.into_iter().enumerate() {
            match ru {
                Some((_, true)) => {
                    orders.swap(write, read);
                    write += 1;
                }
                Some((u, false)) => {
                    let amount = orders[read].amount;
                    let unit = &mut orders[u];
                    unit.amount = match (unit.amount, amount) {
                        (Some(a), Some(b)) => Some(a + b),
                        (a, b) => a.or(b),
                    };
                }
                None => {}
            }
        }
        orders.truncate(write);
        orders.shrink_to_fit();
        debug_assert_eq!(orders.len(), units);
        p.units = orders;
        p.turns = build_turns(&ds.messages, &mut p.messages_unusable);
        drop(ds.messages);
        p.disputes = dispute_units.into_iter().zip(ds.disputes).collect();
        p.reviews = review_units.into_iter().zip(ds.reviews).collect();
        p
    }

    /// The unit's payment, if it happened before `as_of`.
    pub fn paid_before(&self, unit: usize, as_of: Ts) -> Option<Ts> {
        self.units[unit].paid_at.filter(|t| *t < as_of)
    }

    /// A dispute or review is kept unless it names a known order that was not paid as of `as_of`
    /// (reading 6). Records naming orders absent from the files are kept.
    pub fn order_known_unpaid(&self, unit: Option<usize>, as_of: Ts) -> bool {
        unit.is_some_and(|u| self.paid_before(u, as_of).is_none())
    }
}

fn build_turns(messages: &[super::model::Message], unusable: &mut usize) -> Vec<Turn> {
    // (thread key, sent_at, file index), borrowing the keys.
    let mut rows: Vec<(Option<&Sym>, Ts, usize)> = Vec::with_capacity(messages.len());
    let mut buyer_rows = 0;
    for (i, m) in messages.iter().enumerate() {
        let (Some(t), Some(sender)) = (m.sent_at, m.sender) else {
            *unusable += 1;
            continue;
        };
        buyer_rows += usize::from(sender == Sender::Buyer);
        rows.push((m.thread_key(), t, i));
    }
    // Messages with no thread, order or buyer stand alone (keyed by their row).
    rows.sort_unstable_by(|a, b| {
        (a.0.is_none(), a.0, a.1, a.2).cmp(&(b.0.is_none(), b.0, b.1, b.2))
    });
    // At most one turn per buyer message: room made once, the rest given back (a vector grown
    // by doubling holds two buffers at once, and the worker's memory never shrinks).
    let mut turns = Vec::with_capacity(buyer_rows);
    let mut open: Option<usize> = None;
    let mut current: Option<(Option<&Sym>, usize)> = None;
    for (key, t, i) in &rows {
        // A keyless message is its own thread.
        let thread = (*key, if key.is_none() { *i } else { usize::MAX });
        if current != Some(thread) {
            current = Some(thread);
            open = None;
        }
        let m = &messages[*i];
        match m.sender {
            Some(Sender::Buyer) if open.is_none() => {
                open = Some(turns.len());
                turns.push(Turn {
                    thread: key
                        .cloned()
                        .unwrap_or_else(|| Sym::from(format!("#message-row-{}", i + 1))),
                    start: *t,
                    answer: None,
                });
            }
            Some(Sender::Seller) if !m.is_auto_reply => {
                if let Some(idx) = open.take() {
                    turns[idx].answer = Some(*t);
                }
            }
            _ => {}
        }
    }
    turns.shrink_to_fit();
    turns
}
