//! A dataset arranged for metric computation, independent of `as_of`: order units (METRICS.md
//! reading 5), buyer turns (reading 7) and the order unit each dispute and review belongs to.
//! Built once; every metric evaluation at any `as_of` reads it.

use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};

use crate::fork::{Fork, InTurn};
use crate::model::{Dataset, Dispute, Initiator, Message, Order, Review, Sender, Sym, Ts};

/// What the order map knows of a string: it is a kept order's id, a unit's key, or both; and
/// the unit it finds.
#[derive(Clone, Copy, Default)]
struct Slot {
    unit: usize,
    order: bool,
    key: bool,
}

/// One buyer turn: first buyer message after the thread start or the last seller reply, and the
/// next seller message that is not an auto-reply. Whether the answer "happened" depends on as_of.
#[derive(Clone, Debug, PartialEq)]
pub struct Turn {
    pub thread: Sym,
    pub start: Ts,
    pub answer: Option<Ts>,
    /// The order the thread is about, as its buyer's message says (shared, not copied).
    pub order: Option<Sym>,
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
    /// The order facts the files carry columns for (None: all of them).
    pub order_facts: Option<crate::model::Facts>,
    /// Per unit, read once from `units` when prepared: the columns every window's passes
    /// read, so that a pass reads 8 bytes or 1 of a unit, not the order's cache line and
    /// its tracking number's text ([`Prepared::paid_at`], [`Prepared::tracking_plausible`]).
    columns: UnitColumns,
}

/// Columns of the prepared units (see [`Prepared`]): made from the units, never changed.
#[derive(Clone, Debug, Default)]
struct UnitColumns {
    paid_at: Vec<Option<Ts>>,
    shipped_at: Vec<Option<Ts>>,
    ship_deadline: Vec<Option<Ts>>,
    delivered_at: Vec<Option<Ts>>,
    cancelled_at: Vec<Option<Ts>>,
    cancel_initiator: Vec<Option<Initiator>>,
    /// [`crate::metrics::plausible_tracking`] of the unit's tracking number (false without).
    tracking_plausible: Vec<bool>,
}

impl UnitColumns {
    /// One pass over the units (each order's cache lines read once for all the columns).
    fn of(units: &[Order]) -> UnitColumns {
        let n = units.len();
        let c = UnitColumns {
            paid_at: Vec::with_capacity(n),
            shipped_at: Vec::with_capacity(n),
            ship_deadline: Vec::with_capacity(n),
            delivered_at: Vec::with_capacity(n),
            cancelled_at: Vec::with_capacity(n),
            cancel_initiator: Vec::with_capacity(n),
            tracking_plausible: Vec::with_capacity(n),
        };
        // By blocks (`blocks::fold`): made once per reading, from every unit.
        crate::blocks::fold(units, c, |c: &mut UnitColumns, b: &[Order]| {
            for o in b {
                c.paid_at.push(o.paid_at);
                c.shipped_at.push(o.shipped_at);
                c.ship_deadline.push(o.ship_deadline);
                c.delivered_at.push(o.delivered_at);
                c.cancelled_at.push(o.cancelled_at);
                c.cancel_initiator.push(o.cancel_initiator);
                c.tracking_plausible.push(
                    o.tracking_number
                        .as_deref()
                        .is_some_and(crate::metrics::plausible_tracking),
                );
            }
        })
    }
}

impl Prepared {
    /// The first record's time: an order paid, a buyer's message, a dispute opened, a review.
    pub fn first_record(&self) -> Option<crate::model::Ts> {
        use crate::model::Ts;
        // By blocks (`blocks::fold`): once per analysis, over every unit and turn. A fold's
        // `min` of options would take None as the least: each block's first is kept apart.
        let units = crate::blocks::fold(&self.units, None, |m: &mut Option<Ts>, b: &[Order]| {
            let first = b.iter().filter_map(|o| o.paid_at.or(o.created_at)).min();
            *m = [*m, first].into_iter().flatten().min();
        });
        let turns = crate::blocks::fold(&self.turns, None, |m: &mut Option<Ts>, b: &[Turn]| {
            *m = [*m, b.iter().map(|t| t.start).min()]
                .into_iter()
                .flatten()
                .min();
        });
        let disputes = self.disputes.iter().filter_map(|(_, d)| d.opened_at);
        let reviews = self.reviews.iter().filter_map(|(_, r)| r.created_at);
        units
            .into_iter()
            .chain(turns)
            .chain(disputes)
            .chain(reviews)
            .min()
    }

    pub fn new(ds: Dataset) -> Prepared {
        Prepared::new_with_turns(ds, None, &InTurn)
    }

    /// The same, with the orders and the messages prepared through `fork` (side by side
    /// natively: they share nothing), and maybe the buyer turns of `ds.messages` built before
    /// (natively, by the thread that read the messages while the other still read the
    /// orders). `turns` must be [`Turns::of`] these messages in this order; turns of another
    /// count of messages are not used, unless `ds` holds no messages: they are then the turns
    /// of messages not held (a second lane sent the turns alone).
    pub fn new_with_turns(ds: Dataset, turns: Option<Turns>, fork: &impl Fork) -> Prepared {
        let turns = turns.filter(|t| t.messages == ds.messages.len() || ds.messages.is_empty());
        let Dataset {
            orders,
            messages,
            disputes,
            reviews,
            order_facts,
        } = ds;
        // The order units take both lanes when the turns are built already, else one. The
        // turns come first: in one lane (the page's worker) the messages are gone before the
        // order units take their room, which is then the reading's peak.
        let given = turns.is_some();
        let ((turns, messages_unusable), (units, columns)) = fork.join(
            move || {
                let turns = turns.unwrap_or_else(|| Turns::of(&[&messages]));
                drop(messages);
                (turns.turns, turns.unusable)
            },
            || {
                let units = match given {
                    true => order_units(orders, &disputes, &reviews, fork),
                    false => order_units(orders, &disputes, &reviews, &InTurn),
                };
                let columns = UnitColumns::of(&units.units);
                (units, columns)
            },
        );
        Prepared {
            units: units.units,
            turns,
            disputes: units.dispute_units.into_iter().zip(disputes).collect(),
            reviews: units.review_units.into_iter().zip(reviews).collect(),
            messages_unusable,
            duplicate_order_rows: units.duplicate_order_rows,
            order_facts,
            columns,
        }
    }

    /// The unit's payment (its `paid_at`, from the column).
    pub fn paid_at(&self, unit: usize) -> Option<Ts> {
        self.columns.paid_at.get(unit).copied().flatten()
    }

    /// The unit's shipment (its `shipped_at`, from the column).
    pub fn shipped_at(&self, unit: usize) -> Option<Ts> {
        self.columns.shipped_at.get(unit).copied().flatten()
    }

    /// The unit's ship-by deadline (its `ship_deadline`, from the column).
    pub fn ship_deadline(&self, unit: usize) -> Option<Ts> {
        self.columns.ship_deadline.get(unit).copied().flatten()
    }

    /// The unit's delivery (its `delivered_at`, from the column).
    pub fn delivered_at(&self, unit: usize) -> Option<Ts> {
        self.columns.delivered_at.get(unit).copied().flatten()
    }

    /// The unit's cancellation and who cancelled (its `cancelled_at` and `cancel_initiator`,
    /// from the columns).
    pub fn cancelled(&self, unit: usize) -> (Option<Ts>, Option<Initiator>) {
        let c = &self.columns;
        (
            c.cancelled_at.get(unit).copied().flatten(),
            c.cancel_initiator.get(unit).copied().flatten(),
        )
    }

    /// Whether the unit's tracking number is plausible (reading 11; false without one).
    pub fn tracking_plausible(&self, unit: usize) -> bool {
        self.columns
            .tracking_plausible
            .get(unit)
            .copied()
            .unwrap_or(false)
    }

    /// The unit's payment, if it happened before `as_of`.
    pub fn paid_before(&self, unit: usize, as_of: Ts) -> Option<Ts> {
        self.paid_at(unit).filter(|t| *t < as_of)
    }

    /// A dispute or review is kept unless it names a known order that was not paid as of `as_of`
    /// (reading 6). Records naming orders absent from the files are kept.
    pub fn order_known_unpaid(&self, unit: Option<usize>, as_of: Ts) -> bool {
        unit.is_some_and(|u| self.paid_before(u, as_of).is_none())
    }
}

/// The order units (a unit's first row, with its children's amounts), and each dispute's and
/// review's unit.
struct OrderUnits {
    units: Vec<Order>,
    duplicate_order_rows: usize,
    dispute_units: Vec<Option<usize>>,
    review_units: Vec<Option<usize>>,
}

/// Occurrences of texts a partition holds, about: small enough that its table stays in the
/// caches, where one table of a million texts misses them on nearly every row.
const PARTITION_TEXTS: usize = 2048;

/// The texts that name orders, each an occurrence numbered in this order: every order row's
/// id, the parent ids present (in row order), every dispute's order id, the reviews' order ids
/// present. Equal texts are one class, named by its first occurrence ([`classes`]).
struct Texts<'a> {
    orders: &'a [Order],
    /// The rows with a parent id, in order.
    parents: Vec<usize>,
    disputes: &'a [Dispute],
    reviews: &'a [Review],
    /// The reviews with an order id, in order.
    reviewed: Vec<usize>,
}

impl<'a> Texts<'a> {
    fn new(orders: &'a [Order], disputes: &'a [Dispute], reviews: &'a [Review]) -> Texts<'a> {
        Texts {
            orders,
            parents: (0..orders.len())
                .filter(|&r| parent_of(&orders[r]).is_some())
                .collect(),
            disputes,
            reviews,
            reviewed: (0..reviews.len())
                .filter(|&j| reviews[j].order_id.is_some())
                .collect(),
        }
    }

    fn len(&self) -> usize {
        self.orders.len() + self.parents.len() + self.disputes.len() + self.reviewed.len()
    }

    /// Where the parents', the disputes' and the reviews' occurrences start.
    fn starts(&self) -> (usize, usize, usize) {
        let p = self.orders.len();
        let d = p + self.parents.len();
        (p, d, d + self.disputes.len())
    }

    fn get(&self, occ: usize) -> &'a str {
        let (p, d, r) = self.starts();
        if occ < p {
            &self.orders[occ].order_id
        } else if occ < d {
            parent_of(&self.orders[self.parents[occ - p]]).unwrap_or_default()
        } else if occ < r {
            &self.disputes[occ - d].order_id
        } else {
            self.reviews[self.reviewed[occ - r]]
                .order_id
                .as_deref()
                .unwrap_or_default()
        }
    }
}

/// An order's parent id, when it has one (an empty text is none).
fn parent_of(o: &Order) -> Option<&str> {
    o.parent_order_id.as_deref().filter(|s| !s.is_empty())
}

/// How [`order_units`] finds equal texts: the hash of a text, and about how many occurrences
/// a partition holds. Tests choose a weak hash and small partitions.
struct Classing<H> {
    hash: H,
    per_partition: usize,
}

/// The class of every occurrence of `texts`: the number of the first occurrence of an equal
/// text. Each text is hashed once; the occurrences are sorted by hash into partitions, and
/// each partition finds its classes with a table of hashes that stays in the caches (texts
/// are compared only where hashes meet). The partitions' two halves go through `fork`.
fn classes(
    texts: &Texts,
    how: &Classing<impl Fn(&str) -> u64 + Sync>,
    fork: &impl Fork,
) -> Vec<usize> {
    use std::hash::BuildHasherDefault;
    let n = texts.len();
    let hash_of = |occ: usize| (how.hash)(texts.get(occ));
    let mut hashes = vec![0u64; n];
    {
        let (a, b) = hashes.split_at_mut(n / 2);
        let fill = |part: &mut [u64], from: usize| {
            for (i, h) in part.iter_mut().enumerate() {
                *h = hash_of(from + i);
            }
        };
        fork.join(|| fill(a, 0), || fill(b, n / 2));
    }
    // Partitions by the hash's high half; a partition's table keys its texts by the low half.
    let parts = (n / how.per_partition.max(1))
        .next_power_of_two()
        .clamp(1, 1 << 16);
    let part_of = |h: u64| (h >> 32) as usize & (parts - 1);
    let mut starts = vec![0usize; parts + 1];
    for &h in &hashes {
        starts[part_of(h) + 1] += 1;
    }
    for p in 0..parts {
        starts[p + 1] += starts[p];
    }
    // Each partition's occurrences in increasing order: a class's first is met first. With
    // the low half of their hash (8 bytes an occurrence in the page's worker, not 16).
    let mut sorted = vec![(0u32, 0usize); n];
    let mut next = starts.clone();
    for (occ, &h) in hashes.iter().enumerate() {
        let at = &mut next[part_of(h)];
        sorted[*at] = (h as u32, occ);
        *at += 1;
    }
    drop(hashes);
    // The partitions in two halves of about equal occurrences.
    let half = starts.partition_point(|&s| s < n / 2).min(parts);
    let classify = |range: std::ops::Range<usize>| -> Vec<usize> {
        let occs = &sorted[starts[range.start]..starts[range.end]];
        let mut out = Vec::with_capacity(occs.len());
        let mut first: std::collections::HashMap<u32, usize, BuildHasherDefault<HashIsKey>> =
            Default::default();
        let mut collided: HashMap<&str, usize> = HashMap::default();
        for p in range {
            first.clear();
            collided.clear();
            classify_partition(
                &sorted[starts[p]..starts[p + 1]],
                texts,
                &mut first,
                &mut collided,
                &mut out,
            );
        }
        out
    };
    let (a, b) = fork.join(|| classify(0..half), || classify(half..parts));
    let mut class = vec![0usize; n];
    for (&(_, occ), c) in sorted.iter().zip(a.into_iter().chain(b)) {
        class[occ] = c;
    }
    class
}

/// A hasher for keys that are (halves of) hashes already.
#[derive(Default)]
struct HashIsKey(u64);

/// The order units' first pass (`order_units_by`): which rows are kept (the first row per
/// order id) and their unit, a block of rows at a time.
struct FirstPass<'c> {
    /// Each occurrence's class.
    class: &'c [usize],
    slots: Vec<Slot>,
    /// Each row's unit, and whether it is the unit's first row; None for a repeated id.
    row_unit: Vec<Option<(usize, bool)>>,
    units: usize,
    /// The next parent id's occurrence.
    parent_occ: usize,
    duplicate_order_rows: usize,
}

impl FirstPass<'_> {
    /// The unit of a key: known, or the next number (first row of a new unit).
    fn unit_of_key(units: &mut usize, slot: &mut Slot) -> (usize, bool) {
        if slot.key {
            (slot.unit, false)
        } else {
            slot.key = true;
            slot.unit = *units;
            *units += 1;
            (slot.unit, true)
        }
    }

    /// The next rows (each row adds one to `row_unit`, so its length is the next row's
    /// number).
    fn rows(&mut self, block: &[Order]) {
        for o in block {
            let r = self.row_unit.len();
            let id = self.class[r];
            // The parent's occurrence, counted whether the row is kept or not.
            let parent = parent_of(o).map(|_| {
                self.parent_occ += 1;
                self.class[self.parent_occ - 1]
            });
            let slot = &mut self.slots[id];
            if slot.order {
                self.duplicate_order_rows += 1;
                self.row_unit.push(None);
                continue;
            }
            slot.order = true;
            let ru = match parent {
                None => Self::unit_of_key(&mut self.units, slot),
                Some(parent) => {
                    let ru = Self::unit_of_key(&mut self.units, &mut self.slots[parent]);
                    // The order id finds its unit too, unless it is itself a unit key.
                    let slot = &mut self.slots[id];
                    if !slot.key {
                        slot.unit = ru.0;
                    }
                    ru
                }
            };
            self.row_unit.push(Some(ru));
        }
    }
}

/// The classes of one partition's occurrences (`classes`), in their order: a function of its
/// own, called per partition, so that the browser runs all but the first partitions in its
/// optimised code (see `blocks`: it cannot switch a running function over).
#[inline(never)]
fn classify_partition<'a>(
    occs: &[(u32, usize)],
    texts: &Texts<'a>,
    first: &mut std::collections::HashMap<u32, usize, std::hash::BuildHasherDefault<HashIsKey>>,
    collided: &mut HashMap<&'a str, usize>,
    out: &mut Vec<usize>,
) {
    for &(h, occ) in occs {
        let class = match first.entry(h) {
            std::collections::hash_map::Entry::Vacant(v) => *v.insert(occ),
            std::collections::hash_map::Entry::Occupied(o) => {
                let text = texts.get(occ);
                if texts.get(*o.get()) == text {
                    *o.get()
                } else {
                    // Another text with this hash (rare): classed by its text.
                    *collided.entry(text).or_insert(occ)
                }
            }
        };
        out.push(class);
    }
}

impl std::hash::Hasher for HashIsKey {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }

    fn write_u32(&mut self, h: u32) {
        // Spread over all 64 bits (the table reads the top seven too).
        self.0 = u64::from(h).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

fn order_units(
    orders: Vec<Order>,
    disputes: &[Dispute],
    reviews: &[Review],
    fork: &impl Fork,
) -> OrderUnits {
    let how = Classing {
        hash: |s: &str| {
            use std::hash::BuildHasher;
            rustc_hash::FxBuildHasher.hash_one(s)
        },
        per_partition: PARTITION_TEXTS,
    };
    order_units_by(orders, disputes, reviews, &how, fork)
}

fn order_units_by(
    orders: Vec<Order>,
    disputes: &[Dispute],
    reviews: &[Review],
    how: &Classing<impl Fn(&str) -> u64 + Sync>,
    fork: &impl Fork,
) -> OrderUnits {
    // Pass 1, borrowing: which rows are kept (first row per order id wins) and their unit.
    // Texts are classes of equal texts (numbers), and each class has a slot: whether it is a
    // kept order's id, a unit's key (a parent order id, or the order's own id), or both; and
    // the unit it finds.
    let texts = Texts::new(&orders, disputes, reviews);
    let class = classes(&texts, how, fork);
    let (parents_at, disputes_at, reviews_at) = texts.starts();
    let first = FirstPass {
        class: &class,
        slots: vec![Slot::default(); class.len()],
        row_unit: Vec::with_capacity(orders.len()),
        units: 0,
        parent_occ: parents_at,
        duplicate_order_rows: 0,
    };
    // By blocks (`blocks::fold`): once per reading, over every order row.
    let FirstPass {
        slots,
        row_unit,
        units,
        duplicate_order_rows,
        ..
    } = crate::blocks::fold(&orders, first, FirstPass::rows);
    // Every kept order id and every unit key finds its unit (a key's own unit first): the
    // units of the disputes and reviews, found before the orders move.
    let unit_of = |occ: usize| {
        let s = slots[class[occ]];
        (s.order || s.key).then_some(s.unit)
    };
    let dispute_units: Vec<Option<usize>> = (0..disputes.len())
        .map(|i| unit_of(disputes_at + i))
        .collect();
    let mut review_occ = reviews_at;
    let review_units: Vec<Option<usize>> = reviews
        .iter()
        .map(|r| {
            r.order_id.as_ref().and_then(|_| {
                review_occ += 1;
                unit_of(review_occ - 1)
            })
        })
        .collect();
    drop((slots, class, texts));
    // Pass 2, in place (no second copy of every order): units are numbered in order of first
    // appearance, so each unit's first row moves down to its number; further children add
    // their amount to it.
    let mut orders = orders;
    let mut write = 0;
    for (read, ru) in row_unit.into_iter().enumerate() {
        match ru {
            Some((_, true)) => {
                // Most rows are units of their own, already in place: a swap with itself
                // would still copy the order three times.
                if write != read {
                    orders.swap(write, read);
                }
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
    OrderUnits {
        units: orders,
        duplicate_order_rows,
        dispute_units,
        review_units,
    }
}

/// The buyer turns of a store's messages, and what was left out.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Turns {
    pub turns: Vec<Turn>,
    /// Messages without a usable time or sender.
    pub unusable: usize,
    /// The messages they were built from.
    pub messages: usize,
}

impl Turns {
    /// The turns of the messages of `parts`, read one after the other as one list (the
    /// messages files of a reading, in its order).
    pub fn of(parts: &[&[Message]]) -> Turns {
        let messages = Parts::new(parts);
        let mut unusable = 0;
        let turns = build_turns(&messages, &mut unusable);
        Turns {
            turns,
            unusable,
            messages: messages.len(),
        }
    }

    /// The marks of the turns [`Turns::of`] builds of `parts`, and the messages it leaves out:
    /// what a second lane that read the messages sends the page's worker, which then takes the
    /// rest of each turn from its own copy of them ([`Turns::from_marks`]).
    pub fn marks_of(parts: &[&[Message]]) -> (Vec<TurnMark>, usize) {
        let messages = Parts::new(parts);
        let mut unusable = 0;
        let marks = build_turns(&messages, &mut unusable);
        (marks, unusable)
    }

    /// The turns `marks` say, of the messages of `parts` (those [`Turns::marks_of`] read, with
    /// the `unusable` it counted): [`Turns::of`] these messages. None when a mark does not fit
    /// them (its opening is not a dated buyer's message of the list).
    pub fn from_marks(parts: &[&[Message]], marks: &[TurnMark], unusable: usize) -> Option<Turns> {
        let messages = Parts::new(parts);
        let mut turns = Vec::with_capacity(marks.len());
        for mark in marks {
            let i = mark.opening as usize;
            let m = messages.get(i)?;
            let (Some(t), Some(Sender::Buyer)) = (m.sent_at, m.sender) else {
                return None;
            };
            let mut turn = Turn::opened(m, i, t);
            turn.answer(mark.answer);
            turns.push(turn);
        }
        Some(Turns {
            turns,
            unusable,
            messages: messages.len(),
        })
    }
}

/// A buyer turn as its messages say it: where its opening (buyer's) message is in the list,
/// and when the seller answered it. The rest of the [`Turn`] is the opening message's.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TurnMark {
    pub opening: u32,
    pub answer: Option<Ts>,
}

/// A turn as [`build_turns`] makes it: opened by the buyer's message `m`, the `i`th of the
/// list, sent at `t`; then answered (or not).
trait Opened {
    fn opened(m: &Message, i: usize, t: Ts) -> Self;
    fn answer(&mut self, at: Option<Ts>);
}

impl Opened for Turn {
    fn opened(m: &Message, i: usize, t: Ts) -> Turn {
        Turn {
            thread: m
                .thread_key()
                .cloned()
                .unwrap_or_else(|| Sym::from(format!("#message-row-{}", i + 1))),
            start: t,
            answer: None,
            order: m.order_id.clone(),
        }
    }

    fn answer(&mut self, at: Option<Ts>) {
        self.answer = at;
    }
}

impl Opened for TurnMark {
    fn opened(_: &Message, i: usize, _: Ts) -> TurnMark {
        TurnMark {
            // `build_turns` numbers messages in u32.
            opening: i as u32,
            answer: None,
        }
    }

    fn answer(&mut self, at: Option<Ts>) {
        self.answer = at;
    }
}

/// Slices of messages as one list.
struct Parts<'a> {
    parts: &'a [&'a [Message]],
    /// Where each part starts in the list, and its end.
    starts: Vec<usize>,
}

impl<'a> Parts<'a> {
    fn new(parts: &'a [&'a [Message]]) -> Parts<'a> {
        let mut starts = Vec::with_capacity(parts.len() + 1);
        let mut at = 0;
        for p in parts {
            starts.push(at);
            at += p.len();
        }
        starts.push(at);
        Parts { parts, starts }
    }

    fn len(&self) -> usize {
        self.starts.last().copied().unwrap_or(0)
    }

    fn iter(&self) -> impl Iterator<Item = &'a Message> + '_ {
        self.parts.iter().flat_map(|p| p.iter())
    }

    fn get(&self, i: usize) -> Option<&'a Message> {
        let part = self.starts.partition_point(|s| *s <= i).checked_sub(1)?;
        self.parts.get(part)?.get(i - self.starts[part])
    }
}

fn build_turns<T: Opened>(messages: &Parts, unusable: &mut usize) -> Vec<T> {
    // Each thread key gets a number (a conversation's rows share one `Sym`, so mostly without
    // hashing), then its rank in the keys' order: rows sort by numbers, not strings, in the
    // order (key, time, row) with keyless rows last.
    let mut ids: HashMap<&str, u32> = HashMap::default();
    let mut keys: Vec<&Sym> = Vec::new();
    let mut last: Option<(&Sym, u32)> = None;
    // (thread number, sent_at, file index); keyless rows get u32::MAX.
    let mut rows: Vec<(u32, Ts, u32)> = Vec::with_capacity(messages.len());
    let mut buyer_rows = 0;
    for (i, m) in messages.iter().enumerate() {
        let (Some(t), Some(sender)) = (m.sent_at, m.sender) else {
            *unusable += 1;
            continue;
        };
        buyer_rows += usize::from(sender == Sender::Buyer);
        let id = match m.thread_key() {
            None => u32::MAX,
            Some(k) => match last {
                Some((prev, id)) if std::sync::Arc::ptr_eq(prev, k) => id,
                _ => {
                    let id = *ids.entry(k).or_insert_with(|| {
                        keys.push(k);
                        (keys.len() - 1) as u32
                    });
                    last = Some((k, id));
                    id
                }
            },
        };
        rows.push((id, t, i as u32));
    }
    drop(ids);
    let mut by_key: Vec<u32> = (0..keys.len() as u32).collect();
    by_key.sort_unstable_by(|a, b| keys[*a as usize].cmp(keys[*b as usize]));
    let mut rank = vec![0u32; keys.len()];
    for (r, id) in by_key.into_iter().enumerate() {
        rank[id as usize] = r as u32;
    }
    for row in &mut rows {
        if row.0 != u32::MAX {
            row.0 = rank[row.0 as usize];
        }
    }
    drop(rank);
    let rows = sorted_by_thread(rows, keys.len());
    // At most one turn per buyer message: room made once, the rest given back (a vector grown
    // by doubling holds two buffers at once, and the worker's memory never shrinks).
    let mut turns = Vec::with_capacity(buyer_rows);
    let mut open: Option<usize> = None;
    let mut current: Option<(u32, u32)> = None;
    for &(rank, t, i) in &rows {
        // A keyless message is its own thread.
        let thread = (rank, if rank == u32::MAX { i } else { u32::MAX });
        if current != Some(thread) {
            current = Some(thread);
            open = None;
        }
        take_message(&mut turns, &mut open, messages, i as usize, t);
    }
    turns.shrink_to_fit();
    turns
}

/// `rows` (thread rank, time, row) in order, keyless rows (`u32::MAX`) last: put in their
/// thread's place by counting (ranks are below `threads`), then each thread's rows sorted by
/// time and row where they are not already (a thread's messages mostly come in time order),
/// instead of one sort of every row.
fn sorted_by_thread(rows: Vec<(u32, Ts, u32)>, threads: usize) -> Vec<(u32, Ts, u32)> {
    let place = |rank: u32| (rank as usize).min(threads);
    let mut starts = vec![0usize; threads + 2];
    for r in &rows {
        starts[place(r.0) + 1] += 1;
    }
    for k in 0..=threads {
        starts[k + 1] += starts[k];
    }
    let mut sorted = vec![(0u32, Ts::new(0), 0u32); rows.len()];
    let mut next = starts.clone();
    for r in rows {
        let at = &mut next[place(r.0)];
        sorted[*at] = r;
        *at += 1;
    }
    for k in 0..=threads {
        let thread = &mut sorted[starts[k]..starts[k + 1]];
        if !thread.is_sorted() {
            thread.sort_unstable();
        }
    }
    sorted
}

/// One message of a thread, in time order: a buyer's opens a turn unless one is open, a seller's
/// (not an auto-reply) answers the open one.
fn take_message<T: Opened>(
    turns: &mut Vec<T>,
    open: &mut Option<usize>,
    messages: &Parts,
    i: usize,
    t: Ts,
) {
    let Some(m) = messages.get(i) else {
        return;
    };
    match m.sender {
        Some(Sender::Buyer) if open.is_none() => {
            *open = Some(turns.len());
            turns.push(T::opened(m, i, t));
        }
        Some(Sender::Seller) if !m.is_auto_reply => {
            if let Some(idx) = open.take() {
                turns[idx].answer(Some(t));
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap as StdMap;

    use proptest::prelude::*;

    use super::*;
    use crate::fork::InTurn;
    use crate::model::{DisputeKind, Message};

    /// A fork that runs its second job first.
    struct Reversed;

    impl Fork for Reversed {
        fn join<A: Send, B: Send>(
            &self,
            a: impl FnOnce() -> A + Send,
            b: impl FnOnce() -> B + Send,
        ) -> (A, B) {
            let b = b();
            (a(), b)
        }
    }

    /// Each unit's first order id and summed amount.
    type Units = Vec<(String, Option<f64>)>;

    /// The units, duplicate rows, dispute units and review units as they were found before
    /// the one-map pass: a set of seen order ids, a map of unit keys, then every kept order id
    /// added to it.
    fn units_before(ds: &Dataset) -> (Units, usize, Vec<Option<usize>>, Vec<Option<usize>>) {
        let mut seen = std::collections::HashSet::new();
        let mut by_key: StdMap<&str, usize> = StdMap::new();
        let mut rows = Vec::new();
        let mut units: Units = Vec::new();
        let mut dups = 0;
        for o in &ds.orders {
            if !seen.insert(o.order_id.as_str()) {
                dups += 1;
                continue;
            }
            let key = o
                .parent_order_id
                .as_deref()
                .filter(|s| !s.is_empty())
                .unwrap_or(&o.order_id);
            match by_key.get(key) {
                Some(&u) => {
                    let unit = &mut units[u];
                    unit.1 = match (unit.1, o.amount) {
                        (Some(a), Some(b)) => Some(a + b),
                        (a, b) => a.or(b),
                    };
                }
                None => {
                    by_key.insert(key, units.len());
                    units.push((o.order_id.clone(), o.amount));
                }
            }
            rows.push((o.order_id.as_str(), by_key[key]));
        }
        for (id, u) in rows {
            by_key.entry(id).or_insert(u);
        }
        let disputes = ds
            .disputes
            .iter()
            .map(|d| by_key.get(d.order_id.as_str()).copied())
            .collect();
        let reviews = ds
            .reviews
            .iter()
            .map(|r| r.order_id.as_deref().and_then(|id| by_key.get(id).copied()))
            .collect();
        (units, dups, disputes, reviews)
    }

    /// Turns as they were found before threads were numbered: rows sorted by the key's text.
    fn turns_before(messages: &[Message]) -> Vec<Turn> {
        let mut rows: Vec<(Option<&Sym>, Ts, usize)> = messages
            .iter()
            .enumerate()
            .filter(|(_, m)| m.sent_at.is_some() && m.sender.is_some())
            .map(|(i, m)| (m.thread_key(), m.sent_at.unwrap_or(Ts::new(0)), i))
            .collect();
        rows.sort_by(|a, b| (a.0.is_none(), a.0, a.1, a.2).cmp(&(b.0.is_none(), b.0, b.1, b.2)));
        let mut turns: Vec<Turn> = Vec::new();
        let (mut open, mut current) = (None, None);
        let whole = [messages];
        let messages = Parts::new(&whole);
        for (key, t, i) in rows {
            let thread = (key, if key.is_none() { i } else { usize::MAX });
            if current != Some(thread) {
                current = Some(thread);
                open = None;
            }
            take_message(&mut turns, &mut open, &messages, i, t);
        }
        turns
    }

    fn ids() -> impl Strategy<Value = String> {
        prop::sample::select(vec!["A", "B", "C", "D", "E", ""]).prop_map(String::from)
    }

    fn dataset() -> impl Strategy<Value = Dataset> {
        let order = (ids(), prop::option::of(ids()), prop::option::of(1u8..9));
        let dispute = ids();
        // A conversation's rows share one `Sym` as the reader makes them; some rows do not.
        let message = (
            prop::option::of(0usize..3),
            prop::option::of(0usize..3),
            prop::option::of(any::<bool>()),
            prop::option::of(0i64..5),
            any::<bool>(),
            any::<bool>(),
        );
        (
            prop::collection::vec(order, 0..14),
            prop::collection::vec(dispute, 0..5),
            prop::collection::vec(message, 0..24),
            prop::collection::vec(prop::option::of(ids()), 0..5),
        )
            .prop_map(|(orders, disputes, messages, reviews)| {
                let shared: Vec<Sym> = ["t1", "t2", "t0"].into_iter().map(Sym::from).collect();
                Dataset {
                    orders: orders
                        .into_iter()
                        .map(|(id, parent, amount)| Order {
                            order_id: id,
                            parent_order_id: parent,
                            amount: amount.map(f64::from),
                            ..Default::default()
                        })
                        .collect(),
                    disputes: disputes
                        .into_iter()
                        .map(|id| Dispute {
                            dispute_id: None,
                            order_id: id,
                            kind: DisputeKind::NotReceived,
                            reason: None,
                            opened_at: None,
                            seller_first_response_at: None,
                            escalated_at: None,
                            closed_at: None,
                            outcome: None,
                            seller_at_fault: false,
                            exempted: false,
                            refund_amount: None,
                        })
                        .collect(),
                    messages: messages
                        .into_iter()
                        .map(|(thread, buyer, sender, t, auto, fresh)| Message {
                            // Some keys are equal text in another allocation.
                            thread_id: thread.map(|k| {
                                if fresh {
                                    Sym::from(&*shared[k])
                                } else {
                                    shared[k].clone()
                                }
                            }),
                            buyer_id: buyer.map(|k| Sym::from(format!("b{k}"))),
                            sender: sender.map(|b| if b { Sender::Buyer } else { Sender::Seller }),
                            sent_at: t.map(|t| Ts::new(t * 3600)),
                            is_auto_reply: auto,
                            ..Default::default()
                        })
                        .collect(),
                    reviews: reviews
                        .into_iter()
                        .map(|order_id| Review {
                            order_id,
                            ..Default::default()
                        })
                        .collect(),
                    ..Default::default()
                }
            })
    }

    proptest! {
        /// The one-map pass and the numbered threads give what the string-keyed way gave.
        #[test]
        fn prepared_as_before(ds in dataset()) {
            let (units, dups, dispute_units, review_units) = units_before(&ds);
            let turns = turns_before(&ds.messages);
            let p = Prepared::new(ds);
            let got: Units = p.units.iter().map(|o| (o.order_id.clone(), o.amount)).collect();
            prop_assert_eq!(got, units);
            prop_assert_eq!(p.duplicate_order_rows, dups);
            let got: Vec<Option<usize>> = p.disputes.iter().map(|(u, _)| *u).collect();
            prop_assert_eq!(got, dispute_units);
            let got: Vec<Option<usize>> = p.reviews.iter().map(|(u, _)| *u).collect();
            prop_assert_eq!(got, review_units);
            prop_assert_eq!(p.turns, turns);
        }

        /// Equal texts are found whatever the partitions, the hash and the order the fork runs
        /// its jobs in: a hash that gives many texts one value (every text compared with the
        /// first of its hash), one partition per text, the partitions' halves in either order.
        #[test]
        fn units_found_alike_by_any_partitions_hash_or_fork(
            ds in dataset(),
            per_partition in 1usize..6,
            weak in 0u64..3,
            reversed: bool,
        ) {
            let (units, dups, dispute_units, review_units) = units_before(&ds);
            let how = Classing {
                // 0: every text one hash; 1: by length, in partitions; 2: the real hash.
                hash: |s: &str| match weak {
                    0 => 7,
                    1 => (s.len() as u64) << 32 | 1,
                    _ => {
                        use std::hash::BuildHasher;
                        rustc_hash::FxBuildHasher.hash_one(s)
                    }
                },
                per_partition,
            };
            let Dataset { orders, disputes, reviews, .. } = ds;
            let got = match reversed {
                true => order_units_by(orders, &disputes, &reviews, &how, &Reversed),
                false => order_units_by(orders, &disputes, &reviews, &how, &InTurn),
            };
            let got_units: Units = got.units.iter().map(|o| (o.order_id.clone(), o.amount)).collect();
            prop_assert_eq!(got_units, units);
            prop_assert_eq!(got.duplicate_order_rows, dups);
            prop_assert_eq!(got.dispute_units, dispute_units);
            prop_assert_eq!(got.review_units, review_units);
        }

        /// Turns built from the messages cut into parts (the files a lane read) are the turns
        /// of the whole list, and preparing with them gives what preparing builds itself.
        #[test]
        fn turns_of_parts_are_the_turns_of_the_whole(ds in dataset(), cuts in prop::collection::vec(0usize..40, 0..4)) {
            let whole = Turns::of(&[&ds.messages]);
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(ds.messages.len())).collect();
            cuts.sort_unstable();
            let mut parts: Vec<&[Message]> = Vec::new();
            let mut from = 0;
            for c in cuts.into_iter().chain([ds.messages.len()]) {
                parts.push(&ds.messages[from..c]);
                from = c;
            }
            let cut = Turns::of(&parts);
            prop_assert_eq!(&cut, &whole);
            let built = Prepared::new(ds.clone());
            let given = Prepared::new_with_turns(ds, Some(cut), &InTurn);
            prop_assert_eq!(given.turns, built.turns);
            prop_assert_eq!(given.messages_unusable, built.messages_unusable);
        }

        /// The turns a second lane's marks say, taken from the page's worker's copy of the
        /// messages, are the turns built from the messages; marks that do not fit the
        /// messages (another file's, or damaged) say none, never wrong turns.
        #[test]
        fn turns_from_their_marks_are_the_turns(ds in dataset(), other in dataset(), cut in 0usize..40) {
            let whole = Turns::of(&[&ds.messages]);
            let (marks, unusable) = Turns::marks_of(&[&ds.messages]);
            prop_assert_eq!(marks.len(), whole.turns.len());
            let from = Turns::from_marks(&[&ds.messages], &marks, unusable);
            prop_assert_eq!(from.as_ref(), Some(&whole));
            // The same list in two parts.
            let cut = cut.min(ds.messages.len());
            let (a, b) = ds.messages.split_at(cut);
            let parted = Turns::from_marks(&[a, b], &marks, unusable);
            prop_assert_eq!(parted.as_ref(), Some(&whole));
            // Marks of other messages: none, or exactly what they would say of these.
            if let Some(t) = Turns::from_marks(&[&other.messages], &marks, unusable) {
                prop_assert_eq!(t.turns.len(), marks.len());
                for (turn, mark) in t.turns.iter().zip(&marks) {
                    let m = &other.messages[mark.opening as usize];
                    prop_assert_eq!(Some(turn.start), m.sent_at);
                    prop_assert_eq!(m.sender, Some(Sender::Buyer));
                }
            }
        }
    }

    proptest! {
        /// The columns the windows' passes read are the units' own fields, unit by unit,
        /// whatever duplicates and child orders moved the units about.
        #[test]
        fn the_unit_columns_are_the_units_fields(
            rows in prop::collection::vec((ids(), prop::option::of(ids()), 0u8..16), 0..14)
        ) {
            let at = |bits: u8, bit: u8, base: i64| {
                (bits & (1 << bit) != 0).then(|| Ts::new(base + i64::from(bits)))
            };
            let orders = rows
                .into_iter()
                .enumerate()
                .map(|(i, (id, parent, bits))| Order {
                    order_id: id,
                    parent_order_id: parent,
                    paid_at: at(bits, 0, 100 * i as i64),
                    shipped_at: at(bits, 1, 200 * i as i64),
                    ship_deadline: at(bits, 2, 300 * i as i64),
                    delivered_at: at(bits, 3, 400 * i as i64),
                    cancelled_at: at(bits, 1, 500 * i as i64),
                    cancel_initiator: (bits % 3 == 0).then_some(Initiator::Seller),
                    tracking_number: match bits % 4 {
                        0 => None,
                        1 => Some("LX028673501CN".into()),
                        2 => Some("1111111111".into()),
                        _ => Some(format!("TN{i}")),
                    },
                    ..Default::default()
                })
                .collect();
            let p = Prepared::new(Dataset { orders, ..Default::default() });
            for (u, o) in p.units.iter().enumerate() {
                prop_assert_eq!(p.paid_at(u), o.paid_at);
                prop_assert_eq!(p.shipped_at(u), o.shipped_at);
                prop_assert_eq!(p.ship_deadline(u), o.ship_deadline);
                prop_assert_eq!(p.delivered_at(u), o.delivered_at);
                prop_assert_eq!(p.cancelled(u), (o.cancelled_at, o.cancel_initiator));
                prop_assert_eq!(
                    p.tracking_plausible(u),
                    o.tracking_number.as_deref().is_some_and(crate::metrics::plausible_tracking)
                );
            }
            // Past the last unit, nothing.
            let n = p.units.len();
            prop_assert_eq!((p.paid_at(n), p.tracking_plausible(n)), (None, false));
        }
    }
}
