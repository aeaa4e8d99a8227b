//! Text to a table of cells: the delimiter sniffed (`,` `;` tab) unless given, quoted fields,
//! ragged rows tolerated. The header row is found by the caller (eBay puts it on line 2).

/// One row's cells, stored contiguously (far less memory than a `String` per cell).
pub type Row = csv::StringRecord;

/// A grid of cells as text, with the 1-based file row number of each row.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub sheet: Option<String>,
    pub rows: Vec<(usize, Row)>,
    /// Cells (row index in `rows`, column) holding a number too large to be exact (ids).
    pub imprecise: Vec<(usize, usize)>,
    /// Rows past the row limit were not read.
    pub rows_cut: bool,
    /// Columns past the column limit were not read.
    pub columns_cut: bool,
    /// The text has an odd number of quotes: one is never closed, and rows after it merged.
    pub unclosed_quote: bool,
}

/// The delimiter that splits the first lines most consistently.
pub fn sniff_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(10)
        .collect();
    let mut best = (b',', 0usize);
    for d in [b',', b';', b'\t', b'|'] {
        let counts: Vec<usize> = lines.iter().map(|l| count_outside_quotes(l, d)).collect();
        let Some(&max) = counts.iter().max() else {
            continue;
        };
        if max == 0 {
            continue;
        }
        // Lines sharing the most common count, weighted by that count.
        let mut freq = std::collections::HashMap::new();
        for c in &counts {
            *freq.entry(*c).or_insert(0usize) += 1;
        }
        let (mode, n) = freq
            .into_iter()
            .filter(|(c, _)| *c > 0)
            .max_by_key(|(c, n)| (*n, *c))
            .unwrap_or((0, 0));
        let score = n * 1000 + mode;
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

fn count_outside_quotes(line: &str, d: u8) -> usize {
    let mut quoted = false;
    let mut n = 0;
    for b in line.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if b == d && !quoted {
            n += 1;
        }
    }
    n
}

pub fn read_delimited(text: &str, delimiter: Option<u8>) -> (Table, u8) {
    let d = delimiter.unwrap_or_else(|| sniff_delimiter(text));
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(d)
        .has_headers(false)
        .flexible(true)
        .quoting(true)
        .from_reader(text.as_bytes());
    // The csv crate's line counter drifts after blank lines: count newlines before each
    // record's byte offset instead.
    let newlines: Vec<usize> = text
        .bytes()
        .enumerate()
        .filter(|(_, b)| *b == b'\n')
        .map(|(i, _)| i)
        .collect();
    let bytes = text.as_bytes();
    let line_of = |mut byte: usize| {
        // A record's offset can point at blank lines skipped before it.
        while matches!(bytes.get(byte), Some(b'\n' | b'\r')) {
            byte += 1;
        }
        newlines.partition_point(|&i| i < byte) + 1
    };
    let mut t = Table {
        unclosed_quote: text.bytes().filter(|b| *b == b'"').count() % 2 == 1,
        ..Table::default()
    };
    let mut record = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut record) {
            Ok(true) => {
                if t.rows.len() >= super::limits::MAX_ROWS {
                    t.rows_cut = true;
                    break;
                }
                let line = record.position().map_or(0, |p| line_of(p.byte() as usize));
                if record.len() > super::limits::MAX_COLUMNS {
                    t.columns_cut = true;
                }
                let cells: Row = record.iter().take(super::limits::MAX_COLUMNS).collect();
                if cells.iter().all(|c| c.trim().is_empty()) {
                    continue;
                }
                t.rows.push((line, cells));
            }
            Ok(false) => break,
            // A broken record (e.g. invalid quoting at the end): stop here, keep what was read.
            Err(_) => break,
        }
    }
    (t, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters_are_sniffed() {
        assert_eq!(sniff_delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(sniff_delimiter("a;b;c\n1,5;2,5;3\n"), b';');
        assert_eq!(sniff_delimiter("a\tb\tc\n1\t2\t3\n"), b'\t');
        assert_eq!(sniff_delimiter("\"a,x\";b;c\n1;2;3\n"), b';');
    }

    #[test]
    fn quoted_fields_and_line_numbers() {
        let (t, _) = read_delimited(
            "id,text\n1,\"hello, world\"\n\n2,\"two\nlines\"\n3,x\n",
            None,
        );
        let ids: Vec<(usize, &str)> = t.rows.iter().map(|(l, r)| (*l, &r[0])).collect();
        assert_eq!(ids, [(1, "id"), (2, "1"), (4, "2"), (6, "3")]);
        assert_eq!(&t.rows[1].1[1], "hello, world");
    }
}
