//! Text to a table of cells: the delimiter sniffed (`,` `;` tab) unless given, quoted fields,
//! ragged rows tolerated. The header row is found by the caller (eBay puts it on line 2).

/// One row's cells as text, stored contiguously (far less memory than a `String` per cell).
///
/// The text was checked once, when the file was decoded, not again per row (the csv crate's
/// `StringRecord` checks each cell of every row that is not all ASCII: 13 % of reading a file
/// with Chinese dates). A row is made only from text: `&str` cells, or a window of a `&str`
/// that the csv reader split at ASCII bytes (an ASCII delimiter, quotes, line ends) and took
/// ASCII bytes out of (quotes). Neither can make valid UTF-8 invalid: no byte of a multi-byte
/// character is ASCII. A delimiter that is not ASCII has each row checked (`Cursor`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Row(csv::ByteRecord);

impl Row {
    pub fn get(&self, i: usize) -> Option<&str> {
        self.0.get(i).map(text)
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator {
        self.0.iter().map(text)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The cells' bytes, one after the other.
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_slice()
    }
}

/// A cell of a [`Row`]: text, by the way rows are made (see there).
#[allow(unsafe_code)]
fn text(cell: &[u8]) -> &str {
    debug_assert!(std::str::from_utf8(cell).is_ok(), "a row's cell is text");
    // SAFETY: every row is made of valid UTF-8 (see `Row`); `rows_are_text` and the
    // ingest fuzz target check it on any text and any delimiter.
    unsafe { std::str::from_utf8_unchecked(cell) }
}

impl<'a> FromIterator<&'a str> for Row {
    fn from_iter<I: IntoIterator<Item = &'a str>>(cells: I) -> Row {
        Row(cells.into_iter().collect())
    }
}

impl From<Vec<String>> for Row {
    fn from(cells: Vec<String>) -> Row {
        cells.iter().map(String::as_str).collect()
    }
}

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

/// Reads delimited text a chunk of records at a time, each chunk resuming at the byte where the
/// last stopped, so a large file streams into records without a table of every row at once.
/// The text is passed to each call (the cursor holds offsets, never a borrow): the whole text,
/// or a window of it that starts at a given offset and ends after a complete record (a file
/// read as it arrives, see [`Cursor::next_rows_in`]).
#[derive(Debug)]
pub struct Cursor {
    pub delimiter: u8,
    /// Byte offset of the next record (in the whole text).
    pos: usize,
    /// Byte offsets of the newlines not yet passed: record offsets become 1-based line numbers.
    newlines: Vec<usize>,
    /// Newlines before `newlines[0]` that were forgotten (see `forget_passed`).
    newlines_passed: usize,
    /// How many of `newlines` lie before the last record read: records come in the order of
    /// their bytes, so each row's line is found by stepping on from the last (a binary search
    /// of a million newlines for each of a million rows was a fifth of reading the rows).
    newlines_before: usize,
    /// Non-blank rows read so far.
    pub rows_read: usize,
    pub rows_cut: bool,
    pub columns_cut: bool,
    done: bool,
}

impl Cursor {
    pub fn new(text: &str, delimiter: u8) -> Cursor {
        let mut c = Cursor {
            delimiter,
            pos: 0,
            newlines: Vec::new(),
            newlines_passed: 0,
            newlines_before: 0,
            rows_read: 0,
            rows_cut: false,
            columns_cut: false,
            done: false,
        };
        c.index(text, 0);
        c
    }

    /// A cursor for text that starts at byte `at` of a file, at a row's start, whose text
    /// comes later ([`Cursor::index`]); its rows' lines are counted from there.
    pub fn at(at: usize, delimiter: u8) -> Cursor {
        let mut c = Cursor::new("", delimiter);
        c.pos = at;
        c
    }

    /// Notes the newlines of text that starts at byte `at` of the whole (text read as it
    /// arrives is indexed piece by piece). The csv crate's line counter drifts after blank
    /// lines: newlines before each record's byte offset are counted instead.
    pub fn index(&mut self, text: &str, at: usize) {
        self.newlines
            .extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + at));
    }

    /// Forgets the newlines before the next record (a window's text before it is dropped).
    pub fn forget_passed(&mut self) {
        let n = self.newlines.partition_point(|&i| i < self.pos);
        self.newlines.drain(..n);
        self.newlines_passed += n;
        self.newlines_before = self.newlines_before.saturating_sub(n);
    }

    /// True when the text is read to its end (or to the row limit, or a broken record).
    pub fn done(&self) -> bool {
        self.done
    }

    /// Bytes read so far.
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// Newlines in the text (so far): an upper bound of its rows.
    pub fn lines(&self) -> usize {
        self.newlines_passed + self.newlines.len() + 1
    }

    /// The 1-based line of the record at byte `byte` of the whole text (at or after the last
    /// record's); `window` starts at byte `base`.
    fn line_of(&mut self, window: &[u8], base: usize, mut byte: usize) -> usize {
        // A record's offset can point at blank lines skipped before it.
        while matches!(
            byte.checked_sub(base).and_then(|i| window.get(i)),
            Some(b'\n' | b'\r')
        ) {
            byte += 1;
        }
        let mut n = self.newlines_before;
        while self.newlines.get(n).is_some_and(|&i| i < byte) {
            n += 1;
        }
        self.newlines_before = n;
        self.newlines_passed + n + 1
    }

    /// The next rows (at most `max`), blank rows skipped, each with its line number.
    pub fn next_rows(&mut self, text: &str, max: usize) -> Table {
        self.next_rows_in(text, 0, true, max)
    }

    /// [`Cursor::next_rows`] from a window of the text that starts at byte `base` (at or before
    /// the next record) and ends after a complete record; `last` when it ends the text. The
    /// end of a window that is not the last is not the end of the text: reading stops there.
    pub fn next_rows_in(&mut self, window: &str, base: usize, last: bool, max: usize) -> Table {
        self.next_rows_pooled(window, base, last, max, &mut Vec::new())
    }

    /// [`Cursor::next_rows_in`], each row read into a record taken from `pool` when it has one:
    /// a file read chunk by chunk gives the last chunk's records back, so its rows cost no
    /// allocation or copy of their own (for 1M orders, two allocations per row less).
    pub fn next_rows_pooled(
        &mut self,
        window: &str,
        base: usize,
        last: bool,
        max: usize,
        pool: &mut Vec<Row>,
    ) -> Table {
        let mut t = Table::default();
        if self.done {
            return t;
        }
        let bytes = window.as_bytes();
        let rest = bytes
            .get(self.pos.saturating_sub(base)..)
            .unwrap_or_default();
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(self.delimiter)
            .has_headers(false)
            .flexible(true)
            .quoting(true)
            .from_reader(rest);
        let mut record = pool.pop().unwrap_or_default();
        let mut consumed = 0;
        while t.rows.len() < max {
            match rdr.read_byte_record(&mut record.0) {
                Ok(true) => {
                    consumed = rdr.position().byte() as usize;
                    if self.rows_read >= sources::limits::MAX_ROWS {
                        self.rows_cut = true;
                        self.done = true;
                        break;
                    }
                    let start = record.0.position().map_or(0, |p| p.byte() as usize);
                    let line = self.line_of(bytes, base, self.pos + start);
                    if !self.delimiter.is_ascii() {
                        // A delimiter that is not ASCII may split a character: the row checked.
                        record = record
                            .0
                            .iter()
                            .map(|c| String::from_utf8_lossy(c).into_owned())
                            .collect::<Vec<String>>()
                            .into();
                    }
                    let wide = record.len() > sources::limits::MAX_COLUMNS;
                    self.columns_cut |= wide;
                    if record.iter().all(|c| c.trim().is_empty()) {
                        continue;
                    }
                    if wide {
                        record = record.iter().take(sources::limits::MAX_COLUMNS).collect();
                    }
                    self.rows_read += 1;
                    // A clone is one exact allocation; a new record would grow cell by cell.
                    let row = match pool.pop() {
                        Some(spare) => std::mem::replace(&mut record, spare),
                        None => record.clone(),
                    };
                    t.rows.push((line, row));
                }
                Ok(false) => {
                    self.done = last;
                    consumed = rest.len();
                    break;
                }
                // A broken record (e.g. invalid quoting at the end): stop here, keep what was read.
                Err(_) => {
                    self.done = true;
                    break;
                }
            }
        }
        pool.push(record);
        self.pos += consumed;
        if last && self.pos >= base + bytes.len() {
            self.done = true;
        }
        t
    }
}

/// The text has an odd number of quotes: one is never closed.
pub fn unclosed_quote(text: &str) -> bool {
    memchr::memchr_iter(b'"', text.as_bytes()).count() % 2 == 1
}

/// The whole text as one table (small files, tests).
pub fn read_delimited(text: &str, delimiter: Option<u8>) -> (Table, u8) {
    let d = delimiter.unwrap_or_else(|| sniff_delimiter(text));
    let mut c = Cursor::new(text, d);
    let mut t = c.next_rows(text, usize::MAX);
    t.rows_cut = c.rows_cut;
    t.columns_cut = c.columns_cut;
    t.unclosed_quote = unclosed_quote(text);
    (t, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Any text read with any delimiter (ASCII or not, as a forced delimiter can be) gives
        /// rows whose cells are valid UTF-8, and with an ASCII delimiter the csv crate's own
        /// checked rows: what `Row` relies on to skip the check per row.
        #[test]
        fn rows_are_text(
            cells in proptest::collection::vec("[a-z\"\n\r,;\t|é年€\u{1F600}]{0,8}", 0..40),
            delimiter in proptest::sample::select(vec![b',', b';', b'\t', b'|', b'"', 0x80, 0xA9, 0xE5]),
        ) {
            let text = cells.concat();
            let mut c = Cursor::new(&text, delimiter);
            let mut rows = Vec::new();
            while !c.done() {
                rows.extend(c.next_rows(&text, 7).rows);
            }
            for (_, row) in &rows {
                for cell in row.iter() {
                    proptest::prop_assert!(std::str::from_utf8(cell.as_bytes()).is_ok());
                }
                proptest::prop_assert!(std::str::from_utf8(row.as_bytes()).is_ok());
            }
            if delimiter.is_ascii() {
                let checked: Vec<Vec<String>> = csv::ReaderBuilder::new()
                    .delimiter(delimiter)
                    .has_headers(false)
                    .flexible(true)
                    .from_reader(text.as_bytes())
                    .records()
                    .map_while(Result::ok)
                    .filter(|r| !r.iter().all(|c| c.trim().is_empty()))
                    .map(|r| r.iter().take(sources::limits::MAX_COLUMNS).map(str::to_owned).collect())
                    .collect();
                let ours: Vec<Vec<String>> = rows
                    .iter()
                    .map(|(_, r)| r.iter().map(str::to_owned).collect())
                    .collect();
                proptest::prop_assert_eq!(ours, checked);
            }
        }
    }

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
        let ids: Vec<(usize, &str)> = t
            .rows
            .iter()
            .map(|(l, r)| (*l, r.get(0).unwrap_or_default()))
            .collect();
        assert_eq!(ids, [(1, "id"), (2, "1"), (4, "2"), (6, "3")]);
        assert_eq!(t.rows[1].1.get(1), Some("hello, world"));
    }

    #[test]
    fn chunked_reading_matches_whole_reading() {
        let texts = [
            "id,text\n1,\"hello, world\"\n\n2,\"two\nlines\"\n3,x\n",
            "a;b\r\n1;2\r\n\r\n3;\"x\r\ny\"\r\n4;5",
            "x\n\n\n,\n\"\"\n1\n",
            "h1,h2\n1,\"unclosed\n2,3\n",
        ];
        for text in texts {
            let (whole, d) = read_delimited(text, None);
            for size in [1, 2, 3] {
                let mut c = Cursor::new(text, d);
                let mut rows = Vec::new();
                while !c.done() {
                    rows.extend(c.next_rows(text, size).rows);
                }
                assert_eq!(rows, whole.rows, "{text:?} in chunks of {size}");
            }
        }
    }
}
