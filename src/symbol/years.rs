//! Which year each Security Council resolution number belongs to.
//!
//! Resolution numbers grow with time, so the table of the first and last
//! number adopted each year (`ontology/reference/resolution-numbers-by-year.csv`,
//! embedded) gives every number exactly one year. It dates a bare
//! "resolution 2391" and rejects an impossible "resolution 2531 (1990)".

use std::sync::LazyLock;

const TABLE_CSV: &str = include_str!("../../ontology/reference/resolution-numbers-by-year.csv");

/// `(year, first, last)` rows, in year order.
static TABLE: LazyLock<Vec<(u16, u32, u32)>> = LazyLock::new(|| parse(TABLE_CSV));

fn parse(csv: &str) -> Vec<(u16, u32, u32)> {
    let mut rows: Vec<(u16, u32, u32)> = csv
        .lines()
        .filter_map(|l| {
            let mut f = l.split(',').map(str::trim);
            let y = f.next()?.parse().ok()?;
            let a = f.next()?.parse().ok()?;
            let b = f.next()?.parse().ok()?;
            Some((y, a, b))
        })
        .collect();
    rows.sort_unstable();
    rows
}

/// The year resolution `n` was adopted, when the table knows it.
pub fn year_of(n: u32) -> Option<u16> {
    let t = &*TABLE;
    let i = t.partition_point(|&(_, _, last)| last < n);
    t.get(i).filter(|&&(_, first, _)| first <= n).map(|r| r.0)
}

/// The highest resolution number the table knows.
pub fn max_known() -> u32 {
    TABLE.last().map_or(0, |r| r.2)
}

/// Whether "resolution `n` (`y`)" can exist: the table gives `n` that
/// year, or `n` is newer than the table and `y` is not older than its last
/// year.
pub fn plausible(n: u32, y: u16) -> bool {
    if n == 0 {
        return false;
    }
    match year_of(n) {
        Some(yr) => yr == y,
        None => {
            let (last_year, last) = TABLE.last().map_or((0, 0), |r| (r.0, r.2));
            n > last && y >= last_year && y <= last_year + 5
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_of_known_numbers() {
        assert_eq!(year_of(2531), Some(2020));
        assert_eq!(year_of(1), Some(1946));
        assert_eq!(year_of(2391), Some(2017));
        assert!(plausible(2374, 2017));
        assert!(!plausible(2531, 1990));
        assert!(!plausible(182, 1999));
        assert!(max_known() >= 2800);
    }
}
