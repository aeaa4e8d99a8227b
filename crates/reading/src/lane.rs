//! A second lane of reading: on a machine with two cores or more, the page's worker hands some
//! of a reading's files to a parse-only worker (the `parser` crate), reads the others itself
//! meanwhile, and takes the second lane's records when they come. Host-neutral and tested
//! natively; the workers are the `worker` and `parser` crates.
//!
//! - [`plan`] says which files the second lane reads: the largest first, each to the lane with
//!   fewer bytes so far; the page's worker keeps the heavier lane (it starts at once; the
//!   second lane first starts its worker). Files kept from an earlier reading, empty or over
//!   the size limit cost no reading and stay; a second lane worth less than
//!   [`LANE_MIN_BYTES`] is not started.
//! - The second lane reads its files as the page's worker would ([`crate::held::Held`]) and
//!   sends each file's records, report and rows in postcard ([`encode`]) as a buffer the
//!   browser moves between the workers without a copy. Shared text ([`Sym`]: a conversation's
//!   thread, order and buyer; an order's currency and status) is written once in a table and
//!   referred to by number, so the records decoded ([`decode`]) share it as the read ones
//!   did: no more memory than reading the file in the page's worker would take. A file too
//!   large to be kept for the next reading sends its messages as their buyer turns alone
//!   ([`sends_turns_only`]), which is all the page's worker keeps of them.
//! - [`crate::held::Underway::merge_lane`] puts both lanes' files in the reading's order (the
//!   first orders row of an order wins across files, as in one lane).

use std::sync::Arc;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use ingest::RestMeta;
use sources::FileReport;
use storescore_core::model::{
    Dataset, Dispute, Facts, Initiator, Message, Order, Review, Sender, Sym, Ts,
};

use storescore_core::prepared::{Turn, TurnMark, Turns};

use crate::held::ReadFile;

/// The fewest bytes a second lane must read for it to be given any, when its worker is still
/// loading: its first word comes about 0.25 to 0.3 s after it is given its files (in the
/// browser benchmark), so below this the page's worker would read its own files before the
/// lane and wait for it (the 100k-order store, 17 MB for a second lane, measured 0.97 to
/// 1.11 s with it against 0.89 to 0.98 s without; the 1M-order store, 171 MB, 4.04 to 4.46 s
/// against 4.44 to 4.72 s).
pub const LANE_MIN_BYTES: u64 = 32 << 20;

/// The same, when the second lane's worker has loaded its wasm already (the page started it
/// when files were about to come, and the seller took a moment to choose them): its first word
/// then comes 0.09 to 0.13 s after it is given its files, and the 100k-order store's 17 MB of
/// messages in a second lane measured 593 to 607 ms against 636 to 672 ms without.
pub const READY_LANE_MIN_BYTES: u64 = 8 << 20;

/// A file of a reading, as [`plan`] weighs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ToRead {
    pub size: u64,
    /// Read for it: neither kept from an earlier reading, nor empty or over the size limit
    /// (refused by its size alone).
    pub read: bool,
}

/// What a byte read in the second lane costs the reading, against a byte read by the page's
/// worker: the lane writes its records for the page's worker, which reads them back, on top
/// of reading them (natively, on the 1M-order store's messages, reviews and disputes: reading
/// 1.0 to 1.2 s, writing 0.28 s, reading back 0.27 s). As a fraction, `LANE_COST.0 /
/// LANE_COST.1`.
pub const LANE_COST: (u64, u64) = (3, 2);

/// Which files a second lane reads (`true` at their places), with `cores` the machine's
/// logical processors (`navigator.hardwareConcurrency`) and `ready` whether the second lane's
/// worker has loaded: the largest file first, each to the lane that has cost less so far (a
/// second lane's bytes weighed by [`LANE_COST`]); none on one core, or when the second lane
/// would read fewer than [`LANE_MIN_BYTES`] ([`READY_LANE_MIN_BYTES`] when it is ready).
pub fn plan(files: &[ToRead], cores: u32, ready: bool) -> Vec<bool> {
    let mut theirs = vec![false; files.len()];
    if cores < 2 {
        return theirs;
    }
    let mut order: Vec<usize> = (0..files.len()).filter(|&i| files[i].read).collect();
    // Largest first; equal sizes in the files' order.
    order.sort_by_key(|&i| (std::cmp::Reverse(files[i].size), i));
    let (mut mine, mut other, mut bytes) = (0u64, 0u64, 0u64);
    let (num, den) = LANE_COST;
    for i in order {
        let size = files[i].size;
        if other.saturating_add(size.saturating_mul(num) / den) <= mine.saturating_add(size) {
            other = other.saturating_add(size.saturating_mul(num) / den);
            bytes += size;
            theirs[i] = true;
        } else {
            mine = mine.saturating_add(size);
        }
    }
    if bytes
        < if ready {
            READY_LANE_MIN_BYTES
        } else {
            LANE_MIN_BYTES
        }
    {
        theirs.fill(false);
    }
    theirs
}

/// Where a file is cut between the two lanes: the page's worker reads its rows before the
/// first row that starts at or after byte `at`, a second lane the rows from there
/// ([`crate::held::RestReading`], [`encode_rest`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CutAt {
    /// The file's place in the reading.
    pub file: usize,
    pub at: u64,
}

/// Where the page's worker cuts the one file it reads, when [`plan`] left it one file alone
/// (`theirs` what the second lane reads) as large as [`crate::held::CUT_BYTES`] or more: at
/// the byte that gives both lanes the same cost, the second lane's bytes weighed by
/// [`LANE_COST`] and its first piece read twice (it opens the file's loader on it, as the page's
/// worker does), and [`LANE_MIN_BYTES`] more when its worker is not `ready` (its start). None
/// on one core, or when the second lane's part would be less than half of `CUT_BYTES`, or the
/// cut would fall in the file's first piece. A seller's one big export (an Amazon orders
/// report of a million rows) is then read by both cores, not one.
pub fn cut_plan(files: &[ToRead], theirs: &[bool], cores: u32, ready: bool) -> Option<CutAt> {
    if cores < 2 {
        return None;
    }
    let mut mine =
        (0..files.len()).filter(|&i| files[i].read && !theirs.get(i).copied().unwrap_or(false));
    let (file, None) = (mine.next()?, mine.next()) else {
        return None;
    };
    let size = files[file].size;
    if size < crate::held::CUT_BYTES {
        return None;
    }
    let lane: u64 = (0..files.len())
        .filter(|&i| theirs.get(i).copied().unwrap_or(false))
        .map(|i| files[i].size)
        .fold(0, u64::saturating_add);
    let (num, den) = LANE_COST;
    let start = if ready { 0 } else { LANE_MIN_BYTES };
    // at = num * (lane + size - at) / den + head + start, for `at`.
    let at = (u128::from(num) * (u128::from(lane) + u128::from(size))
        + u128::from(den) * (crate::held::PIECE_BYTES as u128 + u128::from(start)))
        / u128::from(num + den);
    let at = u64::try_from(at).ok()?;
    let fits =
        at > crate::held::PIECE_BYTES as u64 && size.checked_sub(at)? >= crate::held::CUT_BYTES / 2;
    fits.then_some(CutAt { file, at })
}

/// Why a second lane's records could not be taken (the page's worker then reads its files
/// itself).
#[derive(Debug, PartialEq, Eq)]
pub struct Unreadable(pub String);

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a second lane's records could not be read: {}", self.0)
    }
}

/// Postcard's output in a `Vec` made with room for it.
struct Room(Vec<u8>);

impl postcard::ser_flavors::Flavor for Room {
    type Output = Vec<u8>;
    fn try_extend(&mut self, data: &[u8]) -> postcard::Result<()> {
        self.0.extend_from_slice(data);
        Ok(())
    }
    fn try_push(&mut self, data: u8) -> postcard::Result<()> {
        self.0.push(data);
        Ok(())
    }
    fn finalize(self) -> postcard::Result<Vec<u8>> {
        Ok(self.0)
    }
}

/// A file read by a second lane, as it crosses to the page's worker: written from the
/// records read ([`Out`]), read into records of its own ([`In`]). The two are one layout
/// (postcard writes a slice as it writes a `Vec`, a `&str` as a `String`), field for field.
/// The messages follow, [`MESSAGE_BYTES`] each ([`put_message`]): millions of them, written
/// and read without a format's machinery.
#[derive(Serialize)]
struct Out<'a> {
    /// The file's place in the reading.
    index: u32,
    size: u64,
    rows: u64,
    report: &'a FileReport,
    /// The shared text the records refer to by number (0: none; n: `syms[n - 1]`).
    syms: Vec<&'a str>,
    /// How many orders follow the messages and turns ([`put_order`]), in how many bytes.
    orders: u64,
    order_bytes: u64,
    disputes: &'a [Dispute],
    reviews: &'a [Review],
    order_facts: Option<Facts>,
    /// The buyer turns of the file's messages, as marks, and the messages they leave out
    /// (none without messages): the page's worker takes them instead of building the turns
    /// when no other file of the reading has messages ([`crate::held::Underway::merge_lane`]).
    turns: Option<(Vec<TurnMark>, u64)>,
    /// The file's messages as their buyer turns alone, when they are not sent
    /// ([`sends_turns_only`]).
    turned: Option<WireTurned>,
    /// How many messages follow.
    messages: u64,
    /// The records are the rows of the rest of a file, from a row's start on
    /// ([`ingest::Rest`]): what it knows besides them.
    rest: Option<RestMeta>,
}

/// A file's messages as their buyer turns alone: how many turns follow the messages (each
/// [`TURN_BYTES`], [`put_turn`]), the messages left out of them, how many messages there were
/// and when the latest was sent.
#[derive(Serialize, Deserialize)]
struct WireTurned {
    turns: u64,
    unusable: u64,
    messages: u64,
    latest: Option<Ts>,
}

/// What [`Out`] wrote.
#[derive(Deserialize)]
struct In<'a> {
    index: u32,
    size: u64,
    rows: u64,
    report: FileReport,
    #[serde(borrow)]
    syms: Vec<&'a str>,
    orders: u64,
    order_bytes: u64,
    disputes: Vec<Dispute>,
    reviews: Vec<Review>,
    order_facts: Option<Facts>,
    turns: Option<(Vec<TurnMark>, u64)>,
    turned: Option<WireTurned>,
    messages: u64,
    rest: Option<RestMeta>,
}

/// An order's bytes, after the messages and turns: which of its optional fields it has (a
/// `u32` of [`OrderHas`] bits, little-endian), its id and the texts it has (each a `u32`
/// length and UTF-8 bytes), its four shared texts' numbers in the table (`u32`), its amounts
/// (`f64`), the cancel's initiator (a byte: 0 to 2) and its times (`i64` seconds), those it
/// has. Hundreds of thousands of orders cross when a large orders file is cut between the
/// lanes: written and read without a format's machinery (postcard took 0.35 s natively to
/// read back 428k orders, more than half the time to read them from the file).
struct OrderHas;

impl OrderHas {
    const PARENT: u32 = 1;
    const BUYER: u32 = 1 << 1;
    const TRACKING: u32 = 1 << 2;
    const PRODUCT: u32 = 1 << 3;
    const AMOUNT: u32 = 1 << 4;
    const SHIPPING: u32 = 1 << 5;
    const INITIATOR: u32 = 1 << 6;
    /// The first time's bit; the times follow in [`times_of`]'s order.
    const TIMES: u32 = 7;
}

/// An order's times, in the order they cross.
fn times_of(o: &Order) -> [Option<Ts>; ORDER_TIMES] {
    [
        o.created_at,
        o.paid_at,
        o.cancelled_at,
        o.ship_deadline,
        o.promised_delivery_by,
        o.shipped_at,
        o.first_carrier_scan_at,
        o.delivered_at,
        o.buyer_confirmed_at,
        o.completed_at,
    ]
}

/// How many times an order has.
const ORDER_TIMES: usize = 10;

fn put_text(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u32).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

/// Writes order `o`, its shared texts numbered `syms` (country, currency, status, carrier).
fn put_order(out: &mut Vec<u8>, o: &Order, syms: [u32; 4]) {
    let mut has = 0u32;
    let texts = [
        (OrderHas::PARENT, &o.parent_order_id),
        (OrderHas::BUYER, &o.buyer_id),
        (OrderHas::TRACKING, &o.tracking_number),
        (OrderHas::PRODUCT, &o.product_id),
    ];
    for (bit, t) in &texts {
        if t.is_some() {
            has |= bit;
        }
    }
    if o.amount.is_some() {
        has |= OrderHas::AMOUNT;
    }
    if o.shipping_fee.is_some() {
        has |= OrderHas::SHIPPING;
    }
    if o.cancel_initiator.is_some() {
        has |= OrderHas::INITIATOR;
    }
    let times = times_of(o);
    for (i, t) in times.iter().enumerate() {
        if t.is_some() {
            has |= 1 << (OrderHas::TIMES as usize + i);
        }
    }
    out.extend_from_slice(&has.to_le_bytes());
    put_text(out, &o.order_id);
    for (_, t) in texts {
        if let Some(t) = t {
            put_text(out, t);
        }
    }
    for n in syms {
        out.extend_from_slice(&n.to_le_bytes());
    }
    for v in [o.amount, o.shipping_fee].into_iter().flatten() {
        out.extend_from_slice(&v.to_le_bytes());
    }
    if let Some(i) = o.cancel_initiator {
        out.push(match i {
            Initiator::Buyer => 0,
            Initiator::Seller => 1,
            Initiator::System => 2,
        });
    }
    for t in times.into_iter().flatten() {
        out.extend_from_slice(&t.secs().to_le_bytes());
    }
}

/// Bytes taken at a time by [`Piecewise`].
const BYTES_AT_ONCE: usize = 1 << 20;

/// The body of a lane's message (its messages, turns and orders), read a few bytes at a time
/// and taken [`BYTES_AT_ONCE`] at a time by `take` (see [`decode_from`]).
struct Piecewise<'t, F> {
    take: &'t mut F,
    /// The next byte to take, and the part's end.
    next: usize,
    end: usize,
    /// The bytes taken, `buf[pos..filled]` not read yet (the buffer is made once and
    /// taken into again).
    buf: Vec<u8>,
    pos: usize,
    filled: usize,
}

impl<F: FnMut(usize, &mut [u8]) -> bool> Piecewise<'_, F> {
    fn new(take: &mut F, from: usize, end: usize) -> Piecewise<'_, F> {
        Piecewise {
            take,
            next: from,
            end,
            buf: Vec::new(),
            pos: 0,
            filled: 0,
        }
    }

    /// The next `n` bytes; None past the part's end, or when `take` cannot.
    fn get(&mut self, n: usize) -> Option<&[u8]> {
        if self.filled - self.pos < n {
            let kept = self.filled - self.pos;
            self.buf.copy_within(self.pos..self.filled, 0);
            self.pos = 0;
            let want = n - kept;
            let more = want.max(BYTES_AT_ONCE).min(self.end - self.next);
            if more < want {
                return None;
            }
            if self.buf.len() < kept + more {
                self.buf.resize(kept + more, 0);
            }
            if !(self.take)(self.next, &mut self.buf[kept..kept + more]) {
                return None;
            }
            self.next += more;
            self.filled = kept + more;
        }
        let at = self.pos;
        self.pos += n;
        self.buf.get(at..self.pos)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.get(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.get(8)?.try_into().ok()?))
    }

    fn text(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        std::str::from_utf8(self.get(n)?).ok().map(str::to_owned)
    }

    /// Whether all of the part was read.
    fn done(&self) -> bool {
        self.next == self.end && self.pos == self.filled
    }
}

/// An order as [`put_order`] wrote it, its shared texts found by `sym`.
fn order_of<F: FnMut(usize, &mut [u8]) -> bool>(
    b: &mut Piecewise<'_, F>,
    sym: &impl Fn(u32) -> Result<Option<Sym>, Unreadable>,
) -> Result<Order, Unreadable> {
    let bad = || Unreadable("an order".into());
    let has = b.u32().ok_or_else(bad)?;
    let order_id = b.text().ok_or_else(bad)?;
    let mut text = |bit: u32| -> Result<Option<String>, Unreadable> {
        match has & bit {
            0 => Ok(None),
            _ => b.text().map(Some).ok_or_else(bad),
        }
    };
    let parent_order_id = text(OrderHas::PARENT)?;
    let buyer_id = text(OrderHas::BUYER)?;
    let tracking_number = text(OrderHas::TRACKING)?;
    let product_id = text(OrderHas::PRODUCT)?;
    let mut syms = [0u32; 4];
    for n in &mut syms {
        *n = b.u32().ok_or_else(bad)?;
    }
    let mut number = |bit: u32| -> Result<Option<f64>, Unreadable> {
        match has & bit {
            0 => Ok(None),
            _ => b.u64().map(|v| Some(f64::from_bits(v))).ok_or_else(bad),
        }
    };
    let amount = number(OrderHas::AMOUNT)?;
    let shipping_fee = number(OrderHas::SHIPPING)?;
    let cancel_initiator = match has & OrderHas::INITIATOR {
        0 => None,
        _ => Some(match b.get(1).ok_or_else(bad)?[0] {
            0 => Initiator::Buyer,
            1 => Initiator::Seller,
            2 => Initiator::System,
            _ => return Err(bad()),
        }),
    };
    let mut times = [None; ORDER_TIMES];
    for (i, t) in times.iter_mut().enumerate() {
        if has & (1 << (OrderHas::TIMES as usize + i)) != 0 {
            *t = Some(Ts::new(b.u64().ok_or_else(bad)? as i64));
        }
    }
    let [created_at, paid_at, cancelled_at, ship_deadline, promised_delivery_by, shipped_at, first_carrier_scan_at, delivered_at, buyer_confirmed_at, completed_at] =
        times;
    Ok(Order {
        order_id,
        parent_order_id,
        buyer_id,
        buyer_country: sym(syms[0])?,
        created_at,
        paid_at,
        amount,
        currency: sym(syms[1])?,
        shipping_fee,
        status: sym(syms[2])?,
        cancelled_at,
        cancel_initiator,
        ship_deadline,
        promised_delivery_by,
        carrier: sym(syms[3])?,
        tracking_number,
        shipped_at,
        first_carrier_scan_at,
        delivered_at,
        buyer_confirmed_at,
        completed_at,
        product_id,
    })
}

/// Writes a file's orders ([`put_order`]), their shared texts numbered in `t`. By blocks
/// (`storescore_core::blocks`): once per file, over every order.
fn orders_written<'a>(orders: &'a [Order], t: Table<'a>) -> (Vec<u8>, Table<'a>) {
    let bytes = Vec::with_capacity(96 * orders.len());
    storescore_core::blocks::fold(orders, (bytes, t), |(bytes, t), block: &'a [Order]| {
        for o in block {
            let syms = [
                t.number(0, &o.buyer_country),
                t.number(1, &o.currency),
                t.number(2, &o.status),
                t.number(3, &o.carrier),
            ];
            put_order(bytes, o, syms);
        }
    })
}

/// How many shared texts a message has: its thread, order and buyer.
const MESSAGE_TEXTS: usize = 3;

/// Where a message's sender, time and reply flag are among its bytes.
const SENDER_AT: usize = 4 * MESSAGE_TEXTS;
const TIME_AT: usize = SENDER_AT + 1;
const REPLY_AT: usize = TIME_AT + 8;

/// A message's bytes: its shared texts' numbers (`u32`, little-endian), its sender (0: none,
/// 1 to 3: buyer, seller, system), when it was sent (`i64` seconds, `i64::MIN`: not known, a
/// value no `Ts` holds) and whether it was an automatic reply.
const MESSAGE_BYTES: usize = REPLY_AT + 1;

fn put_message(out: &mut Vec<u8>, texts: [u32; MESSAGE_TEXTS], m: &Message) {
    let mut b = [0u8; MESSAGE_BYTES];
    for (i, n) in texts.iter().enumerate() {
        b[4 * i..4 * i + 4].copy_from_slice(&n.to_le_bytes());
    }
    b[SENDER_AT] = match m.sender {
        None => 0,
        Some(Sender::Buyer) => 1,
        Some(Sender::Seller) => 2,
        Some(Sender::System) => 3,
    };
    let at = m.sent_at.map_or(i64::MIN, Ts::secs);
    b[TIME_AT..REPLY_AT].copy_from_slice(&at.to_le_bytes());
    b[REPLY_AT] = u8::from(m.is_auto_reply);
    out.extend_from_slice(&b);
}

/// A message as written: its texts' numbers, sender, time and reply flag.
type Written = ([u32; MESSAGE_TEXTS], Option<Sender>, Option<Ts>, bool);

/// A message from its bytes ([`put_message`]).
fn message_of(b: &[u8]) -> Option<Written> {
    let u32_at =
        |i: usize| -> Option<u32> { Some(u32::from_le_bytes(b.get(i..i + 4)?.try_into().ok()?)) };
    let texts = [u32_at(0)?, u32_at(4)?, u32_at(8)?];
    let sender = match b.get(SENDER_AT)? {
        0 => None,
        1 => Some(Sender::Buyer),
        2 => Some(Sender::Seller),
        3 => Some(Sender::System),
        _ => return None,
    };
    let at = i64::from_le_bytes(b.get(TIME_AT..REPLY_AT)?.try_into().ok()?);
    let reply = match b.get(REPLY_AT)? {
        0 => false,
        1 => true,
        _ => return None,
    };
    Some((texts, sender, (at != i64::MIN).then(|| Ts::new(at)), reply))
}

/// The shared text met while writing, by where it is held: the same `Arc` is one number.
#[derive(Default)]
struct Table<'a> {
    syms: Vec<&'a str>,
    at: FxHashMap<usize, u32>,
    /// The last text met in each field and its number (a conversation's rows repeat their
    /// thread, order and buyer).
    last: [(usize, u32); 4],
}

impl<'a> Table<'a> {
    /// The number of `s`, the record's `field`th shared text.
    fn number(&mut self, field: usize, s: &'a Option<Sym>) -> u32 {
        let Some(s) = s else { return 0 };
        let key = Arc::as_ptr(s).cast::<u8>() as usize;
        let last = &mut self.last[field % 4];
        if last.0 == key {
            return last.1;
        }
        let next = self.syms.len() as u32 + 1;
        let n = *self.at.entry(key).or_insert(next);
        if n == next {
            self.syms.push(s);
        }
        *last = (key, n);
        n
    }
}

/// A file's messages as [`encode`] writes them: fixed-width rows whose texts are numbers in
/// the table's `syms`.
struct MessagesWritten<'a> {
    syms: Vec<&'a str>,
    /// Each text field's last text and its number.
    last: [(usize, u32); MESSAGE_TEXTS],
    bytes: Vec<u8>,
}

impl<'a> MessagesWritten<'a> {
    /// The next messages. A message shares its texts with the message before (the reader
    /// shares a value with the row above): a text that is not the one before is new to the
    /// table.
    fn add(&mut self, block: &'a [Message]) {
        for m in block {
            let mut texts = [0u32; MESSAGE_TEXTS];
            for (i, s) in [&m.thread_id, &m.order_id, &m.buyer_id]
                .into_iter()
                .enumerate()
            {
                if let Some(s) = s {
                    texts[i] = self.number(i, s);
                }
            }
            put_message(&mut self.bytes, texts, m);
        }
    }

    /// The number of `s`, the `field`th text of a row: the last one's in that field when it
    /// is the same text, else a new one in the table.
    fn number(&mut self, field: usize, s: &'a Sym) -> u32 {
        let key = Arc::as_ptr(s).cast::<u8>() as usize;
        if self.last[field].0 != key {
            self.syms.push(s);
            self.last[field] = (key, self.syms.len() as u32);
        }
        self.last[field].1
    }
}

/// A turn's bytes: its thread's and order's numbers in the table (`u32`, little-endian; the
/// thread's never 0, the order's 0 for none), when it started and when it was answered
/// (`i64` seconds, `i64::MIN`: not answered).
const TURN_BYTES: usize = 4 + 4 + 8 + 8;

fn put_turn(out: &mut Vec<u8>, thread: u32, order: u32, t: &Turn) {
    let mut b = [0u8; TURN_BYTES];
    b[0..4].copy_from_slice(&thread.to_le_bytes());
    b[4..8].copy_from_slice(&order.to_le_bytes());
    b[8..16].copy_from_slice(&t.start.secs().to_le_bytes());
    b[16..24].copy_from_slice(&t.answer.map_or(i64::MIN, Ts::secs).to_le_bytes());
    out.extend_from_slice(&b);
}

/// A turn as written: its texts' numbers, start and answer.
fn turn_of(b: &[u8]) -> Option<(u32, u32, Ts, Option<Ts>)> {
    let u32_at =
        |i: usize| -> Option<u32> { Some(u32::from_le_bytes(b.get(i..i + 4)?.try_into().ok()?)) };
    let i64_at =
        |i: usize| -> Option<i64> { Some(i64::from_le_bytes(b.get(i..i + 8)?.try_into().ok()?)) };
    let (start, answer) = (i64_at(8)?, i64_at(16)?);
    if start == i64::MIN {
        return None;
    }
    Some((
        u32_at(0)?,
        u32_at(4)?,
        Ts::new(start),
        (answer != i64::MIN).then(|| Ts::new(answer)),
    ))
}

/// The buyer turns of `messages` ([`Turns::of`]) as they cross: written into `w`'s bytes, their
/// texts numbered in its table (a thread's turns follow one another: a text that is not the
/// one before is new to the table), with the messages' count and latest time.
fn turned_of<'a>(
    messages: &[Message],
    turns: &'a Turns,
    w: &mut MessagesWritten<'a>,
) -> WireTurned {
    w.bytes = Vec::with_capacity(TURN_BYTES * turns.turns.len());
    for t in &turns.turns {
        let thread = w.number(0, &t.thread);
        let order = t.order.as_ref().map_or(0, |o| w.number(1, o));
        put_turn(&mut w.bytes, thread, order, t);
    }
    WireTurned {
        turns: turns.turns.len() as u64,
        unusable: turns.unusable as u64,
        messages: turns.messages as u64,
        latest: storescore_core::model::latest_sent(messages),
    }
}

/// Whether a second lane sends a file's messages as their buyer turns alone, not the messages
/// ([`LaneFile::turned`]): when the file is too large to be kept for the next reading (over
/// [`crate::held::KEEP_BYTES`]), so that the page's worker would drop the messages as soon as
/// it has their turns. It needs them only when another file of the reading has messages too
/// (the turns are then built from all of them): it then reads the lane's files again itself
/// ([`crate::held::Underway::takes_lane`]). On the 1M-order store the messages file is 2.08M
/// messages, about 46 MB to write, send and read back, and 83 MB in the worker.
pub fn sends_turns_only(size: u64) -> bool {
    size > crate::held::KEEP_BYTES
}

/// A second lane's file `f`, the `index`th of the reading, for the page's worker; its
/// messages as their turns alone when [`sends_turns_only`] says so.
pub fn encode(index: usize, f: &ReadFile) -> Result<Vec<u8>, Unreadable> {
    encode_with(index, f, sends_turns_only(f.key.size))
}

/// The same, the messages as their turns alone when `turned` (and there are messages).
pub(crate) fn encode_with(index: usize, f: &ReadFile, turned: bool) -> Result<Vec<u8>, Unreadable> {
    let file = Sent {
        size: f.key.size,
        rows: f.rows,
        report: &f.report,
        ds: &f.records,
        rest: None,
    };
    encode_written(index, &file, turned)
}

/// The rows of the rest of a file (`size` bytes, the `index`th of the reading), read by a
/// second lane from a row's start on while the page's worker reads the rows before
/// ([`crate::held::RestReading`]), for the page's worker, which joins them to its own
/// ([`crate::held::Held::join_rest`]); its messages always whole (the turns are built from
/// the whole file's).
pub fn encode_rest(index: usize, size: u64, rest: ingest::Rest) -> Result<Vec<u8>, Unreadable> {
    let (ds, report, meta) = rest.into_parts();
    let file = Sent {
        size,
        rows: meta.rows_read as u64,
        report: &report,
        ds: &ds,
        rest: Some(meta),
    };
    encode_written(index, &file, false)
}

/// What [`encode_written`] writes of a file.
struct Sent<'a> {
    size: u64,
    rows: u64,
    report: &'a FileReport,
    ds: &'a Dataset,
    rest: Option<RestMeta>,
}

fn encode_written(index: usize, f: &Sent<'_>, turned: bool) -> Result<Vec<u8>, Unreadable> {
    let ds = f.ds;
    // The turns first: the texts written borrow from them.
    let turns = (turned && !ds.messages.is_empty()).then(|| Turns::of(&[&ds.messages]));
    let turned = turns.is_some();
    let t = Table {
        syms: Vec::with_capacity(ds.messages.len()),
        ..Table::default()
    };
    let (order_bytes, mut t) = orders_written(&ds.orders, t);
    // The messages by blocks (`storescore_core::blocks`): once per file, over every message.
    let mut written = MessagesWritten {
        syms: std::mem::take(&mut t.syms),
        last: [(0, 0); MESSAGE_TEXTS],
        bytes: Vec::new(),
    };
    let wire_turned = match &turns {
        Some(turns) => Some(turned_of(&ds.messages, turns, &mut written)),
        None => {
            written.bytes = Vec::with_capacity(MESSAGE_BYTES * ds.messages.len());
            written = storescore_core::blocks::fold(&ds.messages, written, MessagesWritten::add);
            None
        }
    };
    t.syms = written.syms;
    let messages = written.bytes;
    let wire = Out {
        index: u32::try_from(index).map_err(|_| Unreadable("too many files".into()))?,
        size: f.size,
        rows: f.rows,
        report: f.report,
        syms: t.syms,
        orders: ds.orders.len() as u64,
        order_bytes: order_bytes.len() as u64,
        disputes: &ds.disputes,
        reviews: &ds.reviews,
        order_facts: ds.order_facts,
        // Built here, while the page's worker may still be reading its own files.
        turns: (!ds.messages.is_empty() && !turned).then(|| {
            let (marks, unusable) = Turns::marks_of(&[&ds.messages]);
            (marks, unusable as u64)
        }),
        messages: match turned {
            true => 0,
            false => ds.messages.len() as u64,
        },
        turned: wire_turned,
        rest: f.rest,
    };
    // Room for all of it at once (a 2M-message file writes about 70 MB).
    let room = messages.len()
        + order_bytes.len()
        + 96 * (ds.reviews.len() + ds.disputes.len())
        + wire.syms.iter().map(|s| s.len() + 2).sum::<usize>()
        + 4096;
    // The header's length first (4 bytes, little-endian), so that the page's worker takes the
    // header whole and the messages a piece at a time.
    let mut out = vec![0u8; 4];
    out.reserve_exact(room);
    let mut out =
        postcard::serialize_with_flavor(&wire, Room(out)).map_err(|e| Unreadable(e.to_string()))?;
    let head = u32::try_from(out.len() - 4).map_err(|_| Unreadable("a large header".into()))?;
    out[..4].copy_from_slice(&head.to_le_bytes());
    out.extend_from_slice(&messages);
    out.extend_from_slice(&order_bytes);
    Ok(out)
}

/// A file a second lane read: its place in the reading, size, rows, report and records.
#[derive(Debug, PartialEq)]
pub struct LaneFile {
    pub index: usize,
    pub size: u64,
    pub rows: u64,
    pub report: FileReport,
    pub records: Dataset,
    /// The buyer turns of `records.messages`, as marks, and the messages they leave out.
    pub turns: Option<(Vec<TurnMark>, usize)>,
    /// The file's messages as their turns alone ([`sends_turns_only`]): `records` then holds
    /// none of them.
    pub turned: Option<Turned>,
    /// The records are the rows of the rest of the file ([`encode_rest`]): what it knows
    /// besides them.
    pub rest: Option<RestMeta>,
}

impl LaneFile {
    /// The rows of the rest of a file it holds ([`encode_rest`]), else itself.
    pub fn into_rest(self) -> Result<ingest::Rest, Box<LaneFile>> {
        match self.rest {
            Some(meta) => Ok(ingest::Rest::from_parts(self.records, self.report, meta)),
            None => Err(Box::new(self)),
        }
    }
}

/// A file's messages as their buyer turns alone ([`Turns::of`] them, with their count and the
/// messages left out), and when the latest was sent.
#[derive(Debug, PartialEq)]
pub struct Turned {
    pub turns: Turns,
    pub latest: Option<Ts>,
}

/// `count` fixed-width rows of `width` bytes from `body`, each read by `row`. `Err(None)`: the
/// bytes could not be taken.
fn rows<T, F: FnMut(usize, &mut [u8]) -> bool>(
    count: u64,
    width: usize,
    body: &mut Piecewise<'_, F>,
    mut row: impl FnMut(&[u8]) -> Result<T, Unreadable>,
) -> Result<Vec<T>, Option<Unreadable>> {
    // `count` is within the body's bytes (checked against its length first).
    let mut left = count as usize;
    let mut out = Vec::with_capacity(left);
    // As many rows at a time as the body takes at once.
    let at_once = (BYTES_AT_ONCE / width.max(1)).max(1);
    while left > 0 {
        let n = left.min(at_once);
        for b in body.get(n * width).ok_or(None)?.chunks_exact(width) {
            out.push(row(b)?);
        }
        left -= n;
    }
    Ok(out)
}

/// What [`encode`] wrote.
pub fn decode(bytes: &[u8]) -> Result<LaneFile, Unreadable> {
    decode_from(bytes.len(), |at, buf| {
        let part = bytes.get(at..at.saturating_add(buf.len()));
        part.map(|p| buf.copy_from_slice(p)).is_some()
    })
}

/// What [`encode`] wrote, `len` bytes, taken by `take(at, buf)` (which fills `buf` with the
/// bytes from `at`, or says it cannot): the header whole, the messages, turns and orders
/// [`BYTES_AT_ONCE`] at a time ([`Piecewise`]). The page's worker takes them so out of the
/// browser's buffer: its memory never holds their bytes whole.
pub fn decode_from(
    len: usize,
    mut take: impl FnMut(usize, &mut [u8]) -> bool,
) -> Result<LaneFile, Unreadable> {
    let cut = |what: &str| Unreadable(format!("{what} is cut short"));
    let mut head_len = [0u8; 4];
    if !take(0, &mut head_len) {
        return Err(cut("the header's length"));
    }
    let head_len = u32::from_le_bytes(head_len) as usize;
    let Some(messages_len) = len.checked_sub(4).and_then(|l| l.checked_sub(head_len)) else {
        return Err(cut("the header"));
    };
    let mut head = vec![0u8; head_len];
    if !take(4, &mut head) {
        return Err(cut("the header"));
    }
    let wire: In<'_> = postcard::from_bytes(&head).map_err(|e| Unreadable(e.to_string()))?;
    // The body: the messages, then the turns of messages sent as their turns alone, then the
    // orders.
    let turn_count = wire.turned.as_ref().map_or(0, |t| t.turns);
    let body = (wire.messages as u128) * MESSAGE_BYTES as u128
        + turn_count as u128 * TURN_BYTES as u128
        + wire.order_bytes as u128;
    if body != messages_len as u128 {
        return Err(Unreadable(format!(
            "{messages_len} bytes of messages, turns and orders"
        )));
    }
    let syms: Vec<Sym> = wire.syms.iter().map(|s| Sym::from(*s)).collect();
    let sym = |n: u32| -> Result<Option<Sym>, Unreadable> {
        match n {
            0 => Ok(None),
            n => syms
                .get(n as usize - 1)
                .cloned()
                .map(Some)
                .ok_or_else(|| Unreadable(format!("text {n} of {}", syms.len()))),
        }
    };
    let mut body = Piecewise::new(&mut take, 4 + head_len, len);
    let messages = rows(wire.messages, MESSAGE_BYTES, &mut body, |b| {
        let ([thread, order, buyer], sender, sent_at, is_auto_reply) =
            message_of(b).ok_or_else(|| Unreadable("a message".into()))?;
        Ok(Message {
            thread_id: sym(thread)?,
            order_id: sym(order)?,
            buyer_id: sym(buyer)?,
            sender,
            sent_at,
            is_auto_reply,
        })
    })
    .map_err(|e| e.unwrap_or_else(|| cut("the messages")))?;
    let turned = match wire.turned {
        None => None,
        Some(t) => {
            let turns = rows(t.turns, TURN_BYTES, &mut body, |b| {
                let (thread, order, start, answer) =
                    turn_of(b).ok_or_else(|| Unreadable("a turn".into()))?;
                Ok(Turn {
                    thread: sym(thread)?.ok_or_else(|| Unreadable("a turn's thread".into()))?,
                    start,
                    answer,
                    order: sym(order)?,
                })
            })
            .map_err(|e| e.unwrap_or_else(|| cut("the turns")))?;
            Some(Turned {
                turns: Turns {
                    turns,
                    unusable: t.unusable as usize,
                    messages: t.messages as usize,
                },
                latest: t.latest,
            })
        }
    };
    // Room by what the bytes can hold (an order takes 12 bytes or more), not by what a
    // damaged count says.
    let mut orders = Vec::with_capacity((wire.orders as usize).min(wire.order_bytes as usize / 12));
    for _ in 0..wire.orders {
        orders.push(order_of(&mut body, &sym)?);
    }
    if !body.done() {
        return Err(Unreadable(format!("{} bytes of orders", wire.order_bytes)));
    }
    Ok(LaneFile {
        index: wire.index as usize,
        size: wire.size,
        rows: wire.rows,
        report: wire.report,
        records: Dataset {
            orders,
            messages,
            disputes: wire.disputes,
            reviews: wire.reviews,
            order_facts: wire.order_facts,
        },
        turns: wire.turns.map(|(m, u)| (m, u as usize)),
        turned,
        rest: wire.rest,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::held::Held;
    use protocol::ReadRequest;

    fn to_read(sizes: &[u64]) -> Vec<ToRead> {
        sizes
            .iter()
            .map(|&size| ToRead { size, read: true })
            .collect()
    }

    const MB: u64 = 1 << 20;

    #[test]
    fn a_second_lane_reads_what_costs_as_much_as_the_rest_when_it_is_worth_starting() {
        // The 1M-order store: orders, messages, reviews, disputes. The messages and disputes
        // (171 MB, weighed 256) against the orders and reviews (265).
        let store = to_read(&[245 * MB, 167 * MB, 20 * MB, 4 * MB]);
        assert_eq!(plan(&store, 2, false), [false, true, false, true]);
        assert_eq!(plan(&store, 8, false), [false, true, false, true]);
        // One core: one lane.
        assert_eq!(plan(&store, 1, false), [false; 4]);
        assert_eq!(plan(&store, 0, false), [false; 4]);
        // A small store: not worth a second worker still loading (the 100k-order store's
        // 17 MB), worth one loaded already; below 8 MB, not worth one at all.
        assert_eq!(
            plan(&to_read(&[24 * MB, 17 * MB, 2 * MB]), 2, false),
            [false; 3]
        );
        assert_eq!(
            plan(&to_read(&[24 * MB, 17 * MB, 2 * MB]), 2, true),
            [false, true, false]
        );
        assert_eq!(plan(&to_read(&[12 * MB, 7 * MB]), 2, true), [false; 2]);
        assert_eq!(plan(&to_read(&[24 * MB, 17 * MB]), 1, true), [false; 2]);
        assert_eq!(
            plan(&to_read(&[48 * MB, 34 * MB, 4 * MB]), 2, false),
            [false, true, false]
        );
        // One file: nothing to share.
        assert_eq!(plan(&to_read(&[400 * MB]), 2, false), [false]);
        // Files kept or refused cost nothing: they stay, and do not weigh.
        let mut kept = to_read(&[245 * MB, 167 * MB, 60 * MB]);
        kept[1].read = false;
        assert_eq!(plan(&kept, 2, false), [false, false, true]);
        kept[2].size = 20 * MB;
        assert_eq!(plan(&kept, 2, false), [false; 3]);
        // Two equal files: one each (the second lane's 75 against 100 for both here).
        assert_eq!(plan(&to_read(&[50 * MB, 50 * MB]), 2, false), [false, true]);
        assert_eq!(
            plan(&to_read(&[50 * MB, 40 * MB, 30 * MB]), 2, false),
            [false, true, false]
        );
        // Sizes near the limits do not overflow.
        assert_eq!(plan(&to_read(&[u64::MAX, u64::MAX / 2]), 2, false).len(), 2);
    }

    #[test]
    fn one_large_file_is_cut_where_both_lanes_cost_the_same() {
        // A 213 MB orders report alone: the page's worker reads 3/5 of it (the second lane's
        // bytes weigh 3/2), less the second lane's first piece and start.
        let one = to_read(&[213 * MB]);
        let cut = |files: &[ToRead], ready| cut_plan(files, &plan(files, 2, ready), 2, ready);
        let ready = cut(&one, true).expect("a cut");
        assert_eq!(ready.file, 0);
        assert_eq!(ready.at, (3 * 213 * MB + 2 * 4 * MB) / 5);
        let loading = cut(&one, false).expect("a cut");
        assert_eq!(loading.at, (3 * 213 * MB + 2 * (4 + 32) * MB) / 5);
        // Where the lanes' costs meet: 3/2 of the second lane's part, with its extra piece.
        let lane_cost = (213 * MB - ready.at) * 3 / 2 + 4 * MB;
        assert!(
            ready.at.abs_diff(lane_cost) <= 2,
            "{} against {lane_cost}",
            ready.at
        );
        // Not on one core; not below the size a cut is worth.
        assert_eq!(cut_plan(&one, &[false], 1, true), None);
        assert_eq!(cut(&to_read(&[31 * MB]), true), None);
        assert!(
            cut(&to_read(&[32 * MB]), true).is_none(),
            "a second lane's part under 16 MB"
        );
        assert!(cut(&to_read(&[48 * MB]), true).is_some());
        // The page's worker reads one file and the second lane others: the cut weighs them.
        let store = to_read(&[245 * MB, 30 * MB, 20 * MB]);
        let theirs = plan(&store, 2, true);
        assert_eq!(theirs, [false, true, true]);
        let c = cut_plan(&store, &theirs, 2, true).expect("a cut");
        assert_eq!(c.at, (3 * (245 + 50) * MB + 2 * 4 * MB) / 5);
        // Two files for the page's worker (the 1M-order store): none is cut.
        let store = to_read(&[245 * MB, 167 * MB, 20 * MB, 4 * MB]);
        assert_eq!(cut_plan(&store, &plan(&store, 2, true), 2, true), None);
        // A file kept from before or refused is not read: nothing to cut.
        let mut kept = to_read(&[213 * MB]);
        kept[0].read = false;
        assert_eq!(cut_plan(&kept, &[false], 2, true), None);
        // Sizes near the limits do not overflow.
        let _ = cut(&to_read(&[u64::MAX]), true);
    }

    fn request(files: &[(String, Vec<u8>)]) -> ReadRequest {
        let sizes: Vec<u64> = files.iter().map(|(_, b)| b.len() as u64).collect();
        ReadRequest::plain(1, storescore_core::time::DEFAULT_ZONE, &sizes)
    }

    /// How many distinct shared texts records hold (by where they are held).
    fn shared(ds: &Dataset) -> usize {
        let mut at = std::collections::HashSet::new();
        for m in &ds.messages {
            for s in [&m.thread_id, &m.order_id, &m.buyer_id]
                .into_iter()
                .flatten()
            {
                at.insert(Arc::as_ptr(s).cast::<u8>() as usize);
            }
        }
        for o in &ds.orders {
            for s in [&o.buyer_country, &o.currency, &o.status, &o.carrier]
                .into_iter()
                .flatten()
            {
                at.insert(Arc::as_ptr(s).cast::<u8>() as usize);
            }
        }
        at.len()
    }

    /// Every file of the generated store and of the real exports crosses from a second lane
    /// with its records, report and rows as read, and its shared text as shared.
    #[test]
    fn a_files_records_cross_between_lanes_as_read() {
        let mut files: Vec<(String, Vec<u8>)> = crate::sample::generate_csv(300, 3)
            .into_iter()
            .map(|(n, t)| (n, t.into_bytes()))
            .collect();
        let exports = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/exports");
        let mut dirs: Vec<_> = std::fs::read_dir(&exports)
            .expect("tests/exports")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        for dir in dirs {
            let mut names: Vec<_> = std::fs::read_dir(&dir)
                .expect("a folder")
                .flatten()
                .collect();
            names.sort_by_key(|e| e.file_name());
            for e in names {
                let name = e.file_name().to_string_lossy().into_owned();
                files.push((name, std::fs::read(e.path()).expect("a file")));
            }
        }
        assert!(files.len() > 20, "{} files", files.len());
        let mut held = Held::default();
        held.begin(request(&files));
        for (name, bytes) in &files {
            held.read_file(name, bytes.len() as u64, &bytes[..]);
        }
        let places: Vec<usize> = (0..files.len()).map(|i| i * 2 + 1).collect();
        let sent = held.lane_files(&places).expect("encoded");
        let read = &held.session.as_ref().expect("a reading").files;
        assert_eq!(sent.len(), files.len());
        let (mut with_records, mut with_turns) = (0, 0);
        for ((bytes, f), place) in sent.iter().zip(read).zip(&places) {
            let got = decode(bytes).expect("decoded");
            let name = &f.report.name;
            assert_eq!(got.index, *place, "{name}");
            assert_eq!(got.size, f.key.size, "{name}");
            assert_eq!(got.rows, f.rows, "{name}");
            assert_eq!(got.report, f.report, "{name}");
            assert_eq!(got.records, f.records, "{name}");
            assert_eq!(shared(&got.records), shared(&f.records), "{name}");
            with_records += usize::from(got.records != Dataset::default());
            // A file's messages come with their buyer turns, as the worker would build them.
            let messages = &f.records.messages;
            match &got.turns {
                Some((marks, unusable)) => {
                    let turns = Turns::from_marks(&[&got.records.messages], marks, *unusable);
                    assert_eq!(turns, Some(Turns::of(&[messages])), "{name}");
                    with_turns += 1;
                }
                None => assert!(messages.is_empty(), "{name}"),
            }
        }
        assert!(with_records > 20, "{with_records} files with records");
        // The generated store's messages: no real export among the fixtures carries messages.
        assert_eq!(with_turns, 1, "files with turns");
    }

    #[test]
    fn a_damaged_lane_message_is_an_error_not_a_panic() {
        let (files, _) = (
            vec![(
                "messages.csv".to_owned(),
                b"thread_id,order_id,sender,sent_at\nT1,O1,buyer,2026-01-02 03:04:05\n".to_vec(),
            )],
            (),
        );
        let mut held = Held::default();
        held.begin(request(&files));
        held.read_file(&files[0].0, files[0].1.len() as u64, &files[0].1[..]);
        let sent = held.lane_files(&[0]).expect("encoded").remove(0);
        assert_eq!(decode(&sent).expect("decoded").records.messages.len(), 1);
        for cut in 0..sent.len() {
            assert!(decode(&sent[..cut]).is_err(), "cut at {cut}");
        }
        assert!(decode(b"").is_err());
    }

    /// Orders cross as rows of their own ([`put_order`]): every field, present or not, and
    /// shared texts shared; a message cut short anywhere in its orders, or with a damaged byte,
    /// is an error or other records, never a panic.
    #[test]
    fn an_orders_every_field_crosses_present_or_absent() {
        let t = |s: i64| Some(Ts::new(1_780_000_000 + s));
        let usd: Sym = Sym::from("USD");
        let full = Order {
            order_id: "A-1".into(),
            parent_order_id: Some("P-1".into()),
            buyer_id: Some("买家 7".into()),
            buyer_country: Some(Sym::from("ES")),
            created_at: t(1),
            paid_at: t(2),
            amount: Some(12.5),
            currency: Some(usd.clone()),
            shipping_fee: Some(-0.0),
            status: Some(Sym::from("cancelled")),
            cancelled_at: t(3),
            cancel_initiator: Some(Initiator::System),
            ship_deadline: t(4),
            promised_delivery_by: t(5),
            carrier: Some(Sym::from("Correos")),
            tracking_number: Some(String::new()),
            shipped_at: t(6),
            first_carrier_scan_at: t(-7),
            delivered_at: t(8),
            buyer_confirmed_at: t(9),
            completed_at: t(10),
            product_id: Some("SKU,\"9\"\n".into()),
        };
        let bare = Order {
            order_id: String::new(),
            currency: Some(usd),
            ..Order::default()
        };
        let ds = Dataset {
            orders: vec![full, bare.clone(), bare],
            ..Dataset::default()
        };
        let report = FileReport::new("orders.csv");
        let file = Sent {
            size: 99,
            rows: 3,
            report: &report,
            ds: &ds,
            rest: None,
        };
        let sent = encode_written(4, &file, false).expect("written");
        let got = decode(&sent).expect("read back");
        assert_eq!(got.records, ds);
        assert_eq!((got.index, got.size, got.rows), (4, 99, 3));
        let currencies: Vec<_> = got
            .records
            .orders
            .iter()
            .map(|o| o.currency.clone())
            .collect();
        assert!(currencies.windows(2).all(|w| match (&w[0], &w[1]) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }));
        for cut in 0..sent.len() {
            assert!(decode(&sent[..cut]).is_err(), "cut at {cut}");
        }
        for at in 0..sent.len() {
            let mut damaged = sent.clone();
            damaged[at] ^= 0x5a;
            let _ = decode(&damaged);
        }
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_decode_or_fail_without_a_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..512)) {
            let _ = decode(&bytes);
        }
    }
}
