//! Every metric of METRICS.md on its edge cases, through one check helper.
//! as_of is 2026-08-01 00:00 (Asia/Shanghai) and the window 30 days: [07-02 00:00, 08-01 00:00).

mod common;

use common::{at, dataset};
use storescore_core::metrics::{compute_all, MetricId, Params, ViolationKind};
use storescore_core::prepared::Prepared;

const AS_OF: &str = "2026-08-01 00:00:00";

fn params() -> Params {
    Params::new(at(AS_OF))
}

/// Computes `id` on the fixture and compares numerator, denominator and value.
fn check(fixture: &str, id: MetricId, num: f64, den: f64, value: Option<f64>) {
    let p = Prepared::new(dataset(fixture));
    let m = compute_all(&p, &params(), &[id]);
    let v = m.get(id);
    let close = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-9,
        (None, None) => true,
        _ => false,
    };
    assert!(
        v.numerator == num && v.denominator == den && close(v.value, value),
        "{id}: got {}/{} = {:?}, want {num}/{den} = {value:?}\nfixture:{fixture}",
        v.numerator,
        v.denominator,
        v.value
    );
}

fn rate(num: f64, den: f64) -> Option<f64> {
    Some(num / den)
}

#[test]
fn orders_paid_counts_units_paid_in_the_window() {
    check(
        "[orders]
        order_id,parent_order_id,paid_at
        A,,2026-07-10 10:00:00
        A,,2026-07-11 10:00:00
        B1,B,2026-07-12 10:00:00
        B2,B,2026-07-12 10:00:00
        C,,2026-07-01 23:59:59
        D,,2026-08-01 00:00:00
        E,,
        F,,2026-07-02 00:00:00",
        MetricId::OrdersPaid,
        3.0,
        1.0,
        Some(3.0),
    );
}

#[test]
fn non_fulfilment_counts_seller_and_system_cancellations_before_as_of() {
    check(
        "[orders]
        order_id,paid_at,cancelled_at,cancel_initiator
        A,2026-07-10 10:00:00,2026-07-12 10:00:00,seller
        B,2026-07-10 10:00:00,2026-07-12 10:00:00,system
        C,2026-07-10 10:00:00,2026-07-12 10:00:00,buyer
        D,2026-07-10 10:00:00,2026-08-01 00:00:00,seller
        E,2026-07-10 10:00:00,2026-07-12 10:00:00,
        F,2026-07-10 10:00:00,,",
        MetricId::NonFulfilmentRate,
        2.0,
        6.0,
        rate(2.0, 6.0),
    );
}

#[test]
fn empty_denominator_is_undefined_not_zero() {
    check(
        "[orders]
        order_id,paid_at
        A,2026-06-10 10:00:00",
        MetricId::NonFulfilmentRate,
        0.0,
        0.0,
        None,
    );
}

#[test]
fn late_shipment_edge_cases() {
    // A: shipped 1 s late. B: exactly at the deadline (on time). C: never shipped (late).
    // D: deadline exactly at as_of (not due). E: buyer cancelled (out of both).
    // F: seller cancelled unshipped, deadline passed (late). G: shipped after as_of (late).
    // H: no deadline (left out and reported).
    let fixture = "[orders]
        order_id,paid_at,ship_deadline,shipped_at,cancelled_at,cancel_initiator
        A,2026-07-10 10:00:00,2026-07-15 10:00:00,2026-07-15 10:00:01,,
        B,2026-07-10 10:00:00,2026-07-15 10:00:00,2026-07-15 10:00:00,,
        C,2026-07-10 10:00:00,2026-07-15 10:00:00,,,
        D,2026-07-25 10:00:00,2026-08-01 00:00:00,,,
        E,2026-07-10 10:00:00,2026-07-15 10:00:00,,2026-07-11 10:00:00,buyer
        F,2026-07-10 10:00:00,2026-07-15 10:00:00,,2026-07-16 10:00:00,seller
        G,2026-07-10 10:00:00,2026-07-15 10:00:00,2026-08-02 10:00:00,,
        H,2026-07-10 10:00:00,,2026-07-11 10:00:00,,";
    check(
        fixture,
        MetricId::LateShipmentRate,
        4.0,
        5.0,
        rate(4.0, 5.0),
    );
    let p = Prepared::new(dataset(fixture));
    let m = compute_all(&p, &params(), &[MetricId::LateShipmentRate]);
    let late: Vec<(&str, ViolationKind)> = m.violations[&MetricId::LateShipmentRate]
        .iter()
        .map(|v| (v.name(&p), v.what))
        .collect();
    assert_eq!(
        late,
        [
            ("A", ViolationKind::ShippedLate),
            ("C", ViolationKind::NotShipped),
            ("F", ViolationKind::NotShipped),
            ("G", ViolationKind::NotShipped)
        ]
    );
    assert_eq!(m.left_out.len(), 1);
    assert_eq!(m.left_out[0].count, 1);
}

#[test]
fn ship_within_48h_includes_the_limit() {
    check(
        "[orders]
        order_id,paid_at,shipped_at
        A,2026-07-10 10:00:00,2026-07-12 10:00:00
        B,2026-07-10 10:00:00,2026-07-12 10:00:01
        C,2026-07-10 10:00:00,
        D,2026-07-10 10:00:00,2026-08-01 00:00:00",
        MetricId::ShipWithin48hRate,
        1.0,
        2.0,
        rate(1.0, 2.0),
    );
}

#[test]
fn valid_tracking_needs_eight_plain_characters_not_all_alike() {
    check(
        "[orders]
        order_id,paid_at,shipped_at,tracking_number
        A,2026-07-10 10:00:00,2026-07-11 10:00:00,LX 1234-5678
        B,2026-07-10 10:00:00,2026-07-11 10:00:00,1111111111
        C,2026-07-10 10:00:00,2026-07-11 10:00:00,ABC1234
        D,2026-07-10 10:00:00,2026-07-11 10:00:00,LP1234#5678
        E,2026-07-10 10:00:00,2026-07-11 10:00:00,
        F,2026-07-10 10:00:00,,LP12345678CN
        G,2026-07-10 10:00:00,2026-07-11 10:00:00,LP12345678CN",
        MetricId::ValidTrackingRate,
        2.0,
        6.0,
        rate(2.0, 6.0),
    );
}

#[test]
fn online_within_7d_takes_orders_paid_7_days_before_as_of() {
    // A: paid exactly 7 days before as_of, scanned at the limit (in). B: paid 6 days before (out
    // of the denominator). C: scanned 1 s late. D: never scanned. E: buyer cancelled.
    check(
        "[orders]
        order_id,paid_at,first_carrier_scan_at,cancelled_at,cancel_initiator
        A,2026-07-25 00:00:00,2026-08-01 00:00:00,,
        B,2026-07-26 00:00:00,,,
        C,2026-07-10 00:00:00,2026-07-17 00:00:01,,
        D,2026-07-10 00:00:00,,,
        E,2026-07-10 00:00:00,,2026-07-11 00:00:00,buyer",
        MetricId::OnlineWithin7dRate,
        0.0,
        3.0,
        Some(0.0),
    );
    // The scan at exactly as_of has not happened yet; one second earlier it has.
    check(
        "[orders]
        order_id,paid_at,first_carrier_scan_at
        A,2026-07-24 23:59:59,2026-07-31 23:59:59",
        MetricId::OnlineWithin7dRate,
        1.0,
        1.0,
        Some(1.0),
    );
}

#[test]
fn on_time_delivery_includes_the_promised_instant() {
    check(
        "[orders]
        order_id,paid_at,promised_delivery_by,delivered_at
        A,2026-07-10 10:00:00,2026-07-20 00:00:00,2026-07-20 00:00:00
        B,2026-07-10 10:00:00,2026-07-20 00:00:00,2026-07-20 00:00:01
        C,2026-07-10 10:00:00,,2026-07-15 00:00:00
        D,2026-07-10 10:00:00,2026-07-20 00:00:00,",
        MetricId::OnTimeDeliveryRate,
        1.0,
        2.0,
        rate(1.0, 2.0),
    );
}

#[test]
fn free_shipping_share_over_known_fees() {
    check(
        "[orders]
        order_id,paid_at,shipping_fee
        A,2026-07-10 10:00:00,0
        B,2026-07-10 10:00:00,0.00
        C,2026-07-10 10:00:00,3.5
        D,2026-07-10 10:00:00,",
        MetricId::FreeShippingShare,
        2.0,
        3.0,
        rate(2.0, 3.0),
    );
}

/// Threads: t1 two buyer messages then a reply 24 h after the first (one turn, within 24 h);
/// t2 an auto-reply and a system message (no answer), still unanswered, 30 h old at as_of;
/// t3 unanswered exactly 24 h old (left out of the 24 h rate); t4 a seller message with no
/// open turn, then a buyer turn answered in 80 h; t5 started before the window; t6 answered
/// only after as_of (unanswered, 10 h old: young for both limits).
const MESSAGES: &str = "[messages]
    message_id,thread_id,order_id,buyer_id,sender,sent_at,is_auto_reply
    1,t1,,,buyer,2026-07-20 10:00:00,false
    2,t1,,,buyer,2026-07-20 12:00:00,false
    3,t1,,,seller,2026-07-21 10:00:00,false
    4,t2,,,buyer,2026-07-30 18:00:00,false
    5,t2,,,seller,2026-07-30 18:00:05,true
    6,t2,,,system,2026-07-30 19:00:00,false
    7,t3,,,buyer,2026-07-31 00:00:00,false
    8,t4,,,seller,2026-07-10 09:00:00,false
    9,t4,,,buyer,2026-07-10 10:00:00,false
    10,t4,,,seller,2026-07-13 18:00:00,false
    11,t5,,,buyer,2026-07-01 10:00:00,false
    12,t5,,,seller,2026-07-03 10:00:00,false
    13,t6,,,buyer,2026-07-31 14:00:00,false
    14,t6,,,seller,2026-08-01 09:00:00,false";

#[test]
fn response_within_24h_counts_old_unanswered_turns_as_misses() {
    // Turns in window: t1 (24 h, in), t2 (unanswered 30 h: miss), t3 (24 h old: left out),
    // t4 (80 h: miss), t6 (young: left out).
    check(
        MESSAGES,
        MetricId::ResponseWithin24hRate,
        1.0,
        3.0,
        rate(1.0, 3.0),
    );
}

#[test]
fn response_within_72h_leaves_turns_younger_than_72h_out() {
    // t1 in; t4 80 h miss; t2, t3, t6 unanswered and younger than 72 h: left out.
    check(
        MESSAGES,
        MetricId::ResponseWithin72hRate,
        1.0,
        2.0,
        rate(1.0, 2.0),
    );
}

#[test]
fn response_percentiles_interpolate_between_ranks() {
    // Answered turns in the window: 24 h (t1) and 80 h (t4).
    check(
        MESSAGES,
        MetricId::FirstResponseHoursP50,
        2.0,
        2.0,
        Some(52.0),
    );
    check(
        MESSAGES,
        MetricId::FirstResponseHoursP90,
        2.0,
        2.0,
        Some(24.0 + 0.9 * 56.0),
    );
    check(
        "[messages]
        thread_id,sender,sent_at
        a,buyer,2026-07-10 00:00:00
        a,seller,2026-07-10 01:00:00
        b,buyer,2026-07-10 00:00:00
        b,seller,2026-07-10 02:00:00
        c,buyer,2026-07-10 00:00:00
        c,seller,2026-07-10 03:00:00
        d,buyer,2026-07-10 00:00:00
        d,seller,2026-07-10 04:00:00",
        MetricId::FirstResponseHoursP90,
        4.0,
        4.0,
        Some(3.7),
    );
    check(
        "[messages]
        thread_id,sender,sent_at
        a,buyer,2026-07-10 00:00:00",
        MetricId::FirstResponseHoursP50,
        0.0,
        0.0,
        None,
    );
}

#[test]
fn messages_are_read_in_time_order_not_file_order() {
    check(
        "[messages]
        thread_id,sender,sent_at
        a,seller,2026-07-10 05:00:00
        a,buyer,2026-07-10 01:00:00",
        MetricId::ResponseWithin24hRate,
        1.0,
        1.0,
        Some(1.0),
    );
}

const DISPUTE_ORDERS: &str = "[orders]
    order_id,parent_order_id,paid_at,shipped_at
    A,,2026-07-05 10:00:00,2026-07-06 10:00:00
    B1,B,2026-07-05 10:00:00,2026-07-06 10:00:00
    C,,2026-06-01 10:00:00,2026-07-03 10:00:00
    D,,2026-07-20 10:00:00,
    E,,2026-06-01 10:00:00,2026-06-02 10:00:00
    U,,,2026-07-06 10:00:00
";

#[test]
fn nr_dispute_rate_counts_distinct_orders_over_orders_shipped_in_window() {
    // Shipped in window: A, B (via child B1), C (paid before the window) = 3; U is unpaid.
    // NR disputes: A twice (one order), B1 (the parent B), E (outside the denominator but
    // counted), D exempted (out), C opened before the window (out), U unpaid (out).
    let fixture = format!(
        "{DISPUTE_ORDERS}[disputes]
        dispute_id,order_id,kind,opened_at,exempted
        d1,A,not_received,2026-07-10 10:00:00,
        d2,A,not_received,2026-07-11 10:00:00,false
        d3,B1,not_received,2026-07-10 10:00:00,
        d4,E,not_received,2026-07-10 10:00:00,
        d5,D,not_received,2026-07-25 10:00:00,true
        d6,C,not_received,2026-06-30 10:00:00,
        d7,U,not_received,2026-07-10 10:00:00,
        d8,A,not_as_described,2026-07-10 10:00:00,"
    );
    check(&fixture, MetricId::NrDisputeRate, 3.0, 3.0, Some(1.0));
    check(
        &fixture,
        MetricId::SnadDisputeRate,
        1.0,
        3.0,
        rate(1.0, 3.0),
    );
}

#[test]
fn dispute_response_within_5d_per_dispute() {
    // d1 answered at exactly 5 days (in); d2 answered after 5 days (miss); d3 unanswered and
    // older than 5 days (miss); d4 unanswered, 2 days old (left out); d5 exempted still counts;
    // d6 answered after as_of, 6 days old (miss).
    check(
        "[disputes]
        dispute_id,order_id,kind,opened_at,seller_first_response_at,exempted
        d1,X,not_received,2026-07-10 00:00:00,2026-07-15 00:00:00,
        d2,X,other,2026-07-10 00:00:00,2026-07-15 00:00:01,
        d3,X,return,2026-07-10 00:00:00,,
        d4,X,other,2026-07-30 00:00:00,,
        d5,X,not_as_described,2026-07-10 00:00:00,2026-07-11 00:00:00,true
        d6,X,other,2026-07-26 00:00:00,2026-08-02 00:00:00,",
        MetricId::DisputeResponseWithin5dRate,
        2.0,
        5.0,
        rate(2.0, 5.0),
    );
}

#[test]
fn resolution_days_and_seller_protection_go_by_closed_at() {
    let fixture = "[disputes]
        dispute_id,order_id,kind,opened_at,closed_at,outcome,seller_at_fault
        d1,X,other,2026-06-20 00:00:00,2026-07-05 00:00:00,ruled_for_buyer,true
        d2,X,other,2026-07-10 00:00:00,2026-07-12 12:00:00,ruled_for_buyer,false
        d3,X,other,2026-07-10 00:00:00,2026-07-11 00:00:00,refunded,
        d4,X,other,2026-07-10 00:00:00,2026-08-01 00:00:00,ruled_for_buyer,true
        d5,X,other,2026-06-01 00:00:00,2026-06-05 00:00:00,agreed,";
    // Closed in window: d1 (15 days), d2 (2.5 days), d3 (1 day); d4 closes at as_of (open).
    check(
        fixture,
        MetricId::DisputeResolutionDaysP50,
        3.0,
        3.0,
        Some(2.5),
    );
    check(
        fixture,
        MetricId::SellerProtectionRate,
        2.0,
        3.0,
        rate(2.0, 3.0),
    );
}

#[test]
fn positive_feedback_exclusions_and_ten_day_buckets() {
    // o1 under US$5 (out); o2 escalated before as_of (out); o3 in CNY at 4 (kept: no rate set);
    // buyer b gives 2 positives on 07-11 and 07-20 (one period: counted once) and one on 07-21
    // (next period); buyer c a neutral and a negative; a review without stars is not counted.
    check(
        "[orders]
        order_id,buyer_id,paid_at,amount,currency
        o1,a,2026-07-05 10:00:00,4.99,USD
        o2,a,2026-07-05 10:00:00,50,USD
        o3,b,2026-07-05 10:00:00,4,CNY
        o4,b,2026-07-05 10:00:00,20,USD
        o5,b,2026-07-05 10:00:00,20,USD
        o6,c,2026-07-05 10:00:00,20,USD
        o7,c,2026-07-05 10:00:00,
        [disputes]
        order_id,kind,opened_at,escalated_at
        o2,other,2026-07-06 10:00:00,2026-07-08 10:00:00
        [reviews]
        review_id,order_id,buyer_id,created_at,stars
        r1,o1,a,2026-07-11 10:00:00,5
        r2,o2,a,2026-07-11 10:00:00,1
        r3,o3,b,2026-07-11 10:00:00,5
        r4,o4,b,2026-07-20 23:00:00,4
        r5,o5,b,2026-07-21 10:00:00,5
        r6,o6,c,2026-07-12 10:00:00,3
        r7,o7,c,2026-07-12 10:00:00,2
        r8,o7,c,2026-07-13 10:00:00,",
        MetricId::PositiveFeedbackRate,
        2.0,
        4.0,
        rate(2.0, 4.0),
    );
}

#[test]
fn averages_take_every_review_and_skip_missing_stars() {
    let fixture = "[reviews]
        review_id,order_id,created_at,stars,dsr_item,dsr_communication,dsr_shipping
        r1,o1,2026-07-11 10:00:00,5,5,,4
        r2,o1,2026-07-12 10:00:00,2,3,,
        r3,o2,2026-06-12 10:00:00,1,1,1,1";
    check(fixture, MetricId::AverageRating, 7.0, 2.0, Some(3.5));
    check(fixture, MetricId::DsrItemAvg, 8.0, 2.0, Some(4.0));
    check(fixture, MetricId::DsrCommunicationAvg, 0.0, 0.0, None);
    check(fixture, MetricId::DsrShippingAvg, 4.0, 1.0, Some(4.0));
}

#[test]
fn review_in_window_uses_confirmation_else_completion() {
    // o1 confirmed 07-10, reviewed 15 days later exactly (in). o2 reviewed 16 days after (out).
    // o3 confirmation after as_of, completed 07-10: reviewed 07-12 (in). o4 never completed
    // (out of the denominator). o5 reviewed before completion (out). r6 names no known order.
    check(
        "[orders]
        order_id,paid_at,buyer_confirmed_at,completed_at
        o1,2026-07-03 10:00:00,2026-07-10 00:00:00,
        o2,2026-07-03 10:00:00,2026-07-10 00:00:00,
        o3,2026-07-03 10:00:00,2026-08-02 00:00:00,2026-07-10 00:00:00
        o4,2026-07-03 10:00:00,,
        o5,2026-07-03 10:00:00,,2026-07-20 00:00:00
        [reviews]
        review_id,order_id,created_at,stars
        r1,o1,2026-07-25 00:00:00,5
        r2,o2,2026-07-26 00:00:00,5
        r3,o3,2026-07-12 00:00:00,5
        r4,o4,2026-07-12 00:00:00,5
        r5,o5,2026-07-19 00:00:00,5
        r6,zz,2026-07-19 00:00:00,5",
        MetricId::ReviewInWindowRate,
        2.0,
        4.0,
        rate(2.0, 4.0),
    );
}

#[test]
fn reviews_and_disputes_of_unpaid_orders_leave_every_metric() {
    check(
        "[orders]
        order_id,paid_at
        o1,
        o2,2026-07-05 10:00:00
        [reviews]
        order_id,created_at,stars
        o1,2026-07-12 10:00:00,1
        o2,2026-07-12 10:00:00,5",
        MetricId::AverageRating,
        5.0,
        1.0,
        Some(5.0),
    );
}

#[test]
fn the_default_as_of_is_the_day_after_the_latest_event_not_a_deadline() {
    let ds = dataset(
        "[orders]
        order_id,paid_at,ship_deadline,promised_delivery_by
        A,2026-07-31 15:00:00,2026-09-01 00:00:00,2026-10-01 00:00:00",
    );
    let latest = ds.latest_event().unwrap();
    let as_of =
        storescore_core::time::start_of_next_day(storescore_core::time::DEFAULT_ZONE, latest);
    assert_eq!(as_of, Some(at(AS_OF)));
}

/// Regression: every `compute_all` counted the window's response hours, a pass over every
/// turn that only the main window's what-if and charts read; the daily series made it once a
/// day (62 passes: about 0.7 s of the browser worker's 4.8 s on a 1M-order store). Now
/// `compute_with_turns` alone makes it, with the same values.
#[test]
fn only_the_main_window_counts_response_hours() {
    use storescore_core::metrics::compute_with_turns;
    let loaded = reading::session::sample();
    let p = &loaded.prepared;
    let params = Params::new(loaded.latest_event.expect("a latest event"));
    let plain = compute_all(p, &params, MetricId::ALL);
    let with = compute_with_turns(p, &params, MetricId::ALL);
    assert!(plain.turns.answered_hours.is_empty() && plain.turns.unanswered_ages.is_empty());
    assert!(!with.turns.answered_hours.is_empty());
    assert_eq!(with.values, plain.values);
    assert_eq!(with.violations, plain.violations);
    // And the analysis hands them to the what-if.
    let a = loaded
        .analyse(&Default::default(), storescore_core::rulebook::shipped())
        .expect("an analysis");
    assert_eq!(
        a.baseline.response,
        storescore_core::whatif::ResponseHist::from_turns(
            &compute_with_turns(p, &a.params, MetricId::ALL).turns
        )
    );
}

/// A message's buyer names its conversation where it has neither thread nor order (the reader
/// keeps it only there): the buyer's messages are one conversation, an order's another, and
/// a thread's a third, whoever its buyer is.
#[test]
fn a_conversation_without_thread_or_order_is_its_buyers() {
    // b1 answered after 30 h (a miss); b2 after 10 h: the seller's messages about o1 and in
    // t1, sooner, are other conversations, whose buyer is not theirs.
    let fixture = "[messages]
        thread_id,order_id,buyer_id,sender,sent_at
        ,,b1,buyer,2026-07-10 00:00:00
        ,,b1,seller,2026-07-11 06:00:00
        ,,b2,buyer,2026-07-10 00:00:00
        ,o1,b2,seller,2026-07-10 01:00:00
        t1,,b2,seller,2026-07-10 02:00:00
        ,,b2,seller,2026-07-10 10:00:00";
    check(
        fixture,
        MetricId::ResponseWithin24hRate,
        1.0,
        2.0,
        rate(1.0, 2.0),
    );
    let p = Prepared::new(dataset(fixture));
    let mut named: Vec<&str> = p.turns.iter().map(|t| &*t.thread).collect();
    named.sort_unstable();
    assert_eq!(named, ["b1", "b2"]);
}

/// Checks the names of the records `id` finds against on the fixture (in their order), as
/// the page, the downloads and the JSON report show them.
fn check_names(fixture: &str, id: MetricId, want: &[&str]) {
    let p = Prepared::new(dataset(fixture));
    let m = compute_all(&p, &params(), &[id]);
    let found = m.violations.get(&id).map_or(&[][..], |v| &v[..]);
    let names: Vec<&str> = found.iter().map(|v| v.name(&p)).collect();
    assert_eq!(names, want, "{id}\nfixture:{fixture}");
    // Found by where they are, named when shown: none carries a name of its own.
    assert!(found.iter().all(|v| v.record.is_empty()), "{id}");
    let named: Vec<String> = found.iter().map(|v| v.named(&p).record).collect();
    assert_eq!(named, want, "{id}");
}

/// A violating record is named by what it is against its metric: an order by its unit's
/// order id, a thread by its id, an opened dispute by its order (once per order), a dispute
/// answered late, unanswered or ruled against the seller by its own id (its order's where it
/// has none), a review outside the window by its order, another review by its order id or
/// its own id.
#[test]
fn violating_records_are_named_by_what_they_are() {
    let nr = format!(
        "{DISPUTE_ORDERS}[disputes]
        dispute_id,order_id,kind,opened_at
        d1,A,not_received,2026-07-10 10:00:00
        d2,A,not_received,2026-07-11 10:00:00
        d3,B1,not_received,2026-07-10 10:00:00
        d4,Z,not_received,2026-07-10 10:00:00"
    );
    check_names(&nr, MetricId::NrDisputeRate, &["A", "B1", "Z"]);
    check_names(
        "[disputes]
        dispute_id,order_id,kind,opened_at,seller_first_response_at
        d1,X,other,2026-07-10 00:00:00,2026-07-15 00:00:01
        ,Y,other,2026-07-10 00:00:00,
        d3,W,other,2026-07-10 00:00:00,2026-07-11 00:00:00",
        MetricId::DisputeResponseWithin5dRate,
        &["d1", "Y"],
    );
    check_names(
        "[reviews]
        review_id,order_id,buyer_id,created_at,stars
        r1,o1,a,2026-07-11 10:00:00,1
        r2,,b,2026-07-11 10:00:00,2
        r3,o3,c,2026-07-11 10:00:00,5",
        MetricId::PositiveFeedbackRate,
        &["o1", "r2"],
    );
    check_names(
        "[orders]
        order_id,paid_at,buyer_confirmed_at
        o1,2026-07-03 10:00:00,2026-07-10 00:00:00
        o2,2026-07-03 10:00:00,2026-07-10 00:00:00
        [reviews]
        review_id,order_id,created_at,stars
        r1,o1,2026-07-29 00:00:00,5
        r2,o2,2026-07-11 00:00:00,5",
        MetricId::ReviewInWindowRate,
        &["o1"],
    );
    check_names(MESSAGES, MetricId::ResponseWithin24hRate, &["t2", "t4"]);
    check_names(
        "[orders]
        order_id,parent_order_id,paid_at,ship_deadline,shipped_at
        A1,A,2026-07-10 10:00:00,2026-07-15 10:00:00,2026-07-16 10:00:00
        A2,A,2026-07-10 10:00:00,2026-07-15 10:00:00,2026-07-16 10:00:00
        B,,2026-07-10 10:00:00,2026-07-15 10:00:00,",
        MetricId::LateShipmentRate,
        &["A1", "B"],
    );
}

#[test]
fn the_series_index_gives_the_values_in_windows_of_any_length() {
    use storescore_core::series_index::SeriesIndex;
    let ds = reading::sample::generate(3_000, 13);
    let latest = ds.latest_event().expect("a dated record");
    let p = Prepared::new(ds);
    let index = SeriesIndex::new(&p);
    let mut seen = Vec::new();
    let mut stamp = 0;
    let mut assessed = 0;
    for days_back in [0, 9, 40] {
        let as_of = latest.minus_days(days_back);
        for w in [0, 1, 2, 13, 29, 30, 31, 59, 60, 89, 90, 365] {
            let params = Params::new(as_of).with_window(w);
            stamp += 1;
            let from_index = index.metrics(
                SeriesIndex::SUPPORTED,
                params.window_start(),
                params.as_of,
                &mut seen,
                stamp,
            );
            let computed = compute_all(&p, &params, SeriesIndex::SUPPORTED);
            for (id, v) in &from_index {
                assert_eq!(
                    *v,
                    computed.get(*id),
                    "{id}, window {w}, {days_back} days back"
                );
                assessed += usize::from(v.value.is_some());
            }
        }
    }
    assert!(assessed > 100, "{assessed}");
}
