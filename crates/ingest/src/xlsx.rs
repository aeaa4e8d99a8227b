//! Workbooks (.xlsx, .xls, .ods) from bytes with calamine: every sheet becomes a table of text
//! cells. Numbers keep their exact digits (16-digit ids survive when Excel stored them exactly;
//! larger ones are marked imprecise), date cells become `YYYY-MM-DD HH:MM:SS` wall-clock text.

use std::io::{Cursor, Read};

use calamine::{open_workbook_auto_from_rs, Data, Reader};

use crate::table::Table;
use crate::values::excel_serial;
use sources::diag::Code;
use sources::limits;

#[derive(Debug)]
pub enum WorkbookError {
    Encrypted,
    TooLarge(u64),
    Unreadable(String),
}

impl WorkbookError {
    pub fn code(&self) -> Code {
        match self {
            WorkbookError::Encrypted => Code::Encrypted,
            WorkbookError::TooLarge(_) => Code::TooLarge,
            WorkbookError::Unreadable(_) => Code::NotASpreadsheet,
        }
    }
    pub fn detail(&self) -> Option<String> {
        match self {
            WorkbookError::Encrypted => None,
            WorkbookError::TooLarge(n) => Some(format!("{} MB unpacked", n >> 20)),
            WorkbookError::Unreadable(e) => Some(sources::diag::shorten(e)),
        }
    }
}

/// Password-protected Office files are OLE containers holding an `EncryptedPackage` stream.
fn is_encrypted(bytes: &[u8]) -> bool {
    let needle: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

/// The sum of the sizes the zip's entries unpack to, read from the central directory, and a
/// check that no entry unpacks to more than it declares (a zip bomb can lie in its directory).
fn unpacked_size(bytes: &[u8]) -> Result<u64, WorkbookError> {
    // calamine depends on the zip crate; its archive reader gives declared sizes.
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| WorkbookError::Unreadable(e.to_string()))?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive
            .by_index(i)
            .map_err(|e| WorkbookError::Unreadable(e.to_string()))?;
        let declared = entry.size();
        total = total.saturating_add(declared);
        if total > limits::MAX_XLSX_UNPACKED {
            return Err(WorkbookError::TooLarge(total));
        }
        // Read at most one byte past the declared size: more means the directory lied.
        let mut limited = entry.take(declared.saturating_add(1));
        let read = std::io::copy(&mut limited, &mut std::io::sink())
            .map_err(|e| WorkbookError::Unreadable(e.to_string()))?;
        if read > declared {
            return Err(WorkbookError::TooLarge(read));
        }
    }
    Ok(total)
}

pub fn read_workbook(bytes: &[u8]) -> Result<Vec<Table>, WorkbookError> {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) && is_encrypted(bytes) {
        return Err(WorkbookError::Encrypted);
    }
    if bytes.starts_with(b"PK") {
        unpacked_size(bytes)?;
    }
    let mut wb = open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| WorkbookError::Unreadable(e.to_string()))?;
    let names = wb.sheet_names().to_vec();
    let mut tables = Vec::new();
    for name in names {
        let Ok(range) = wb.worksheet_range(&name) else {
            continue;
        };
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let mut t = Table {
            sheet: Some(name.clone()),
            ..Default::default()
        };
        for (r, row) in range.rows().enumerate() {
            if t.rows.len() >= limits::MAX_ROWS {
                t.rows_cut = true;
                break;
            }
            if row.len() > limits::MAX_COLUMNS {
                t.columns_cut = true;
            }
            let mut cells = Vec::with_capacity(row.len().min(limits::MAX_COLUMNS) + col0 as usize);
            cells.extend(std::iter::repeat_n(String::new(), col0 as usize));
            let mut imprecise_cols = Vec::new();
            for cell in row.iter().take(limits::MAX_COLUMNS) {
                let (text, imprecise) = cell_text(cell);
                if imprecise {
                    imprecise_cols.push(cells.len());
                }
                cells.push(text);
            }
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let index = t.rows.len();
            t.imprecise
                .extend(imprecise_cols.into_iter().map(|c| (index, c)));
            t.rows
                .push((row0 as usize + r + 1, crate::table::Row::from(cells)));
        }
        tables.push(t);
    }
    if tables.is_empty() {
        return Err(WorkbookError::Unreadable("no readable sheet".into()));
    }
    Ok(tables)
}

/// 2^53: integers above it are not exact in a float cell.
const EXACT_INT: f64 = 9_007_199_254_740_992.0;

fn cell_text(cell: &Data) -> (String, bool) {
    match cell {
        Data::Empty => (String::new(), false),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => (s.clone(), false),
        Data::Int(i) => (i.to_string(), false),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => (b.to_string(), false),
        Data::DateTime(dt) => match excel_serial(dt.as_f64()) {
            Some(n) => (n.format("%Y-%m-%d %H:%M:%S").to_string(), false),
            None => (dt.as_f64().to_string(), false),
        },
        Data::Error(e) => (format!("#{e:?}"), false),
    }
}

fn float_text(f: f64) -> (String, bool) {
    if f.fract() == 0.0 && f.abs() < 1e21 {
        (format!("{f:.0}"), f.abs() > EXACT_INT)
    } else {
        (f.to_string(), false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixteen_digit_ids_stay_exact_and_larger_ones_are_flagged() {
        assert_eq!(
            float_text(8123456789012345.0),
            ("8123456789012345".into(), false)
        );
        assert!(float_text(81234567890123456.0).1);
        assert_eq!(float_text(12.5), ("12.5".into(), false));
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(read_workbook(b"PK\x03\x04 not really a zip").is_err());
        assert!(read_workbook(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]).is_err());
    }
}
