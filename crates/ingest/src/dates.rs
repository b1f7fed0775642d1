//! Date normalisation.
//!
//! In: a date as found in metadata or a dateline (`2025-05-15T10:02:00Z`,
//! `Thu, 15 May 2025 10:02:00 GMT`, `May 15, 2025`, `15 May 2025`). Out: an
//! ISO 8601 string — the RFC 3339 date-time when a time is known, else
//! `YYYY-MM-DD` — or `None` when the text is not a recognisable date.

use chrono::{DateTime, NaiveDate, NaiveDateTime};

/// English month names and abbreviations to month numbers (shared with
/// the other stages through `corroborate_core::text`).
pub(crate) fn month_number(word: &str) -> Option<u32> {
    corroborate_core::text::month_number(word)
}

/// Normalises a date string (see the module docs).
pub fn normalize(raw: &str) -> Option<String> {
    let s = raw.trim();
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(dt.to_rfc3339());
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
        return Some(dt.to_rfc3339());
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(dt.format("%Y-%m-%dT%H:%M:%S").to_string());
        }
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%dT%H:%M:%S%z"] {
        if let Ok(dt) = DateTime::parse_from_str(s, fmt) {
            return Some(dt.to_rfc3339());
        }
    }
    // A date-time we cannot read fully: keep its ISO date part.
    if let Some(date) = s
        .get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    {
        return Some(date.format("%Y-%m-%d").to_string());
    }
    words_date(s, None).map(|d| d.format("%Y-%m-%d").to_string())
}

/// Reads `May 15, 2025`, `15 May 2025`, `Thursday 15 May 2025`, `May 15`
/// (the latter only with `default_year`).
pub(crate) fn words_date(s: &str, default_year: Option<i32>) -> Option<NaiveDate> {
    let tokens: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
        .collect();
    let mut month = None;
    let mut day = None;
    let mut year = None;
    for t in tokens {
        if let Some(m) = month_number(t) {
            if month.is_none() {
                month = Some(m);
            }
            continue;
        }
        let digits = t.trim_end_matches(|c: char| c.is_alphabetic() || c == '.');
        if let Ok(n) = digits.parse::<u32>() {
            if digits.len() == 4 && year.is_none() {
                year = Some(n as i32);
            } else if (1..=31).contains(&n) && day.is_none() {
                day = Some(n);
            }
        }
    }
    NaiveDate::from_ymd_opt(year.or(default_year)?, month?, day?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_common_forms() {
        assert_eq!(normalize("2025-05-15").as_deref(), Some("2025-05-15"));
        assert_eq!(
            normalize("2025-05-15T10:02:00Z").as_deref(),
            Some("2025-05-15T10:02:00+00:00")
        );
        assert_eq!(
            normalize("Thu, 15 May 2025 10:02:00 GMT").as_deref(),
            Some("2025-05-15T10:02:00+00:00")
        );
        assert_eq!(normalize("May 15, 2025").as_deref(), Some("2025-05-15"));
        assert_eq!(normalize("15 May 2025").as_deref(), Some("2025-05-15"));
        assert_eq!(normalize("yesterday"), None);
        assert_eq!(normalize("May 45, 2025"), None);
    }
}
