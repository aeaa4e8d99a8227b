//! Loops over every record, a block of records at a time, for the browser's compiler.
//!
//! V8 runs a wasm function in its quickly compiled baseline code until it has compiled it
//! optimised (in the background, once the function has run long), and then only from the
//! function's next call on: it cannot switch a running function over. A loop over a million
//! records in a function called once per reading therefore runs whole in baseline code, two
//! to three times slower. [`fold`] calls a function of its own on each block instead, so
//! that all but the first blocks run optimised. Natively it costs one call per block.

/// Records per block: small enough that the optimised code takes over early, large enough
/// that a call per block costs nothing.
pub const BLOCK: usize = 4_096;

/// `acc` through `f` on each block of `items`, in order: the same as `f` on all of them at
/// once, when `f` folds its records one by one. `f` stays a function of its own: it is
/// called through a pointer that neither LLVM nor wasm-opt can see through, so neither puts
/// its loop back into the caller's.
pub fn fold<'a, T, A>(items: &'a [T], mut acc: A, f: fn(&mut A, &'a [T])) -> A {
    let f = std::hint::black_box(f);
    for block in items.chunks(BLOCK) {
        f(&mut acc, block);
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every block, in order, once: a fold by blocks is the fold of the whole.
    #[test]
    fn a_fold_by_blocks_is_the_fold_of_all_records() {
        for n in [0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 3 * BLOCK + 5] {
            let items: Vec<u64> = (0..n as u64).map(|i| i * 7 % 13).collect();
            let seen = fold(&items, Vec::new(), |acc: &mut Vec<u64>, b| {
                acc.extend_from_slice(b)
            });
            assert_eq!(seen, items, "{n}");
            let blocks = fold(&items, 0usize, |acc: &mut usize, b| {
                assert!(!b.is_empty() && b.len() <= BLOCK);
                *acc += 1;
            });
            assert_eq!(blocks, n.div_ceil(BLOCK), "{n}");
        }
    }

    /// The passes made by blocks find the first and latest records and count the currencies
    /// wherever they are: in the last block only, after blocks without any time.
    #[test]
    fn the_first_and_latest_records_and_the_currencies_are_found_in_any_block() {
        use crate::model::{Dataset, Order, Ts};
        use crate::prepared::Prepared;
        let n = 3 * BLOCK + 7;
        let orders: Vec<Order> = (0..n)
            .map(|i| Order {
                order_id: format!("O{i}"),
                // Times only in the last block, the earliest and latest at its ends.
                created_at: (i >= 3 * BLOCK).then(|| Ts::new(1_000_000 + i as i64)),
                currency: Some(std::sync::Arc::from(if i % 3 == 0 {
                    "usd"
                } else {
                    "EUR "
                })),
                ..Order::default()
            })
            .collect();
        let ds = Dataset {
            orders,
            ..Dataset::default()
        };
        assert_eq!(ds.latest_event(), Some(Ts::new(1_000_000 + n as i64 - 1)));
        let usd = n.div_ceil(3) as u64;
        assert_eq!(
            ds.currencies(),
            vec![("EUR".to_owned(), n as u64 - usd), ("USD".to_owned(), usd)]
        );
        let p = Prepared::new(ds);
        assert_eq!(
            p.first_record(),
            Some(Ts::new(1_000_000 + 3 * BLOCK as i64))
        );
    }
}
