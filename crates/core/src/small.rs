//! Ordering short collections without the standard library's sorts. `slice::sort_by` (and
//! `collect()` into a `BTreeMap` or `BTreeSet`, which sorts what it collects) adds a few
//! kilobytes of code to the page's wasm for each element type, nine of them in all; the page
//! orders lists of hundreds of items at most (a check's listed records, levers, indicators,
//! settings, mappings). These do it by binary insertion (stable) and by inserting one by one.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// Sorts `v` stably by `cmp`, as `v.sort_by(cmp)` would: for short slices (quadratic moves).
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    for i in 1..v.len() {
        // After every item not greater than v[i]: equal items keep their order.
        let (mut lo, mut hi) = (0, i);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if cmp(&v[mid], &v[i]) == Ordering::Greater {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        v[lo..=i].rotate_right(1);
    }
}

/// The map of `items`, the last value of a key winning (as `collect()` gives).
pub fn map<K: Ord, V>(items: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut m = BTreeMap::new();
    for (k, v) in items {
        m.insert(k, v);
    }
    m
}

/// The set of `items` (as `collect()` gives).
pub fn set<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut s = BTreeSet::new();
    for x in items {
        s.insert(x);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The same order as the standard library's stable sort, ties included (the second
        /// field tells equal keys apart).
        #[test]
        fn sorts_as_the_stable_sort_does(keys in proptest::collection::vec(0u8..8, 0..200)) {
            let v: Vec<(u8, usize)> = keys.into_iter().enumerate().map(|(i, k)| (k, i)).collect();
            let mut ours = v.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut std = v.clone();
            std.sort_by_key(|a| a.0);
            prop_assert_eq!(&ours, &std);
            let mut desc = v;
            sort_by(&mut desc, |a, b| b.0.cmp(&a.0));
            let mut std_desc = std.clone();
            std_desc.sort_by_key(|a| std::cmp::Reverse(a.0));
            prop_assert_eq!(desc, std_desc);
        }

        #[test]
        fn collects_as_collect_does(items in proptest::collection::vec((0u8..20, any::<u16>()), 0..60)) {
            prop_assert_eq!(map(items.clone()), items.iter().copied().collect::<BTreeMap<_, _>>());
            prop_assert_eq!(set(items.clone()), items.into_iter().collect::<BTreeSet<_>>());
        }
    }
}
