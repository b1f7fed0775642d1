//! Dates, weekdays and relative days, resolved against the article date.
//!
//! In: a sentence's text and the article's reference date (its
//! `published` date; failing that, the first full date written in its
//! opening sentences; failing that, the date most articles of the story
//! share). Out: [`TimeExpr`]s with byte spans into the sentence text,
//! sorted by start, never overlapping.
//!
//! Kinds and resolution (`resolved` is ISO 8601, possibly reduced):
//! * `date`: "15 May 2025", "May 15, 2025", "2025-05-15", "May 15" (year
//!   of the reference date) → `YYYY-MM-DD`;
//! * `month`: "March 2022" → `YYYY-MM`; `year`: "in 2022" → `YYYY`;
//! * `relative`: today, tonight, tomorrow, yesterday, last night, this
//!   morning … → reference date ± 1;
//! * `weekday`: "Thursday evening", "late Thursday", "on Sunday". Rule:
//!   the reference date's own weekday is the reference date; "last X" is
//!   the X before it, "next X" the X after it, "this X" the X of the same
//!   Monday–Sunday week. Otherwise the verb decides: the nearest tense
//!   cue in the sentence (before the weekday first, then after it) —
//!   future (will, would, could, due, scheduled, expected, anticipated,
//!   until, "is … -ed to" …) picks the coming X within six days, past
//!   (said, was, announced, since, any other `-ed` verb …) the past X
//!   within six days; with no cue, the nearer of the two.
//! * `part_of_day`: "overnight", "by nightfall" (not resolved).

use chrono::{Datelike, NaiveDate, TimeDelta};
use corroborate_core::text::{fold, words, Word};
use corroborate_core::{Article, TimeExpr};

use crate::gazetteer::{month_number, weekday_number};

/// A calendar day (proleptic Gregorian); calendar arithmetic is chrono's.
pub type Day = NaiveDate;

/// The day `days` after (or before, when negative) `day`; `None` off
/// chrono's calendar (never for the years 1000–2999 dates are read in).
fn add_days(day: Day, days: i64) -> Option<Day> {
    day.checked_add_signed(TimeDelta::try_days(days)?)
}

/// ISO `YYYY-MM-DD` of a day.
pub fn iso(day: Day) -> String {
    format!("{:04}-{:02}-{:02}", day.year(), day.month(), day.day())
}

/// Weekday of a day, 0 = Monday.
pub fn weekday_of(day: Day) -> u32 {
    day.weekday().num_days_from_monday()
}

/// The day of a civil date, when it exists and its year is one news text
/// dates things in (1000–2999: four digits, so [`iso`] round-trips).
fn civil_date(y: i64, m: u32, d: u32) -> Option<Day> {
    if !(1000..=2999).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

/// Parses the leading `YYYY-MM-DD` of an ISO date or date-time.
pub fn parse_iso_date(s: &str) -> Option<Day> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i64 = s.get(0..4)?.parse().ok()?;
    let m: u32 = s.get(5..7)?.parse().ok()?;
    let d: u32 = s.get(8..10)?.parse().ok()?;
    civil_date(y, m, d)
}

/// Reference date of each article (see the module doc for the fallbacks).
pub fn reference_dates(articles: &[Article]) -> Vec<Option<Day>> {
    let mut refs: Vec<Option<Day>> = articles
        .iter()
        .map(|a| {
            a.published.as_deref().and_then(parse_iso_date).or_else(|| {
                a.sentences.iter().take(3).find_map(|s| {
                    find_times(&s.text, None)
                        .into_iter()
                        .find(|t| t.kind == "date" && t.resolved.is_some())
                        .and_then(|t| t.resolved.as_deref().and_then(parse_iso_date))
                })
            })
        })
        .collect();
    let mut counts: std::collections::BTreeMap<Day, usize> = Default::default();
    for d in refs.iter().flatten() {
        *counts.entry(*d).or_default() += 1;
    }
    let story_day = counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(d, _)| *d);
    for r in &mut refs {
        if r.is_none() {
            *r = story_day;
        }
    }
    refs
}

/// Nouns that are counted, so a four-digit number before them is an amount.
const COUNT_NOUNS: &[&str] = &[
    "people",
    "troops",
    "soldiers",
    "civilians",
    "residents",
    "children",
    "men",
    "women",
    "workers",
    "jobs",
    "homes",
    "houses",
    "units",
    "cases",
    "deaths",
    "votes",
    "refugees",
    "migrants",
    "members",
    "students",
    "employees",
    "staff",
    "police",
    "officers",
    "fighters",
    "prisoners",
    "hostages",
    "tonnes",
    "tons",
    "barrels",
    "km",
    "kilometres",
    "kilometers",
    "miles",
    "metres",
    "meters",
    "feet",
    "acres",
    "hectares",
    "dollars",
    "euros",
    "pounds",
    "rubles",
    "roubles",
    "yuan",
    "shares",
    "points",
    "drones",
    "missiles",
    "tanks",
    "vehicles",
    "flights",
    "passengers",
    "visitors",
    "copies",
    "words",
    "pages",
    "calories",
    "patients",
];

const FUTURE_CUES: &[&str] = &[
    "will",
    "would",
    "could",
    "shall",
    "ll",
    "going",
    "due",
    "expected",
    "anticipated",
    "slated",
    "projected",
    "predicted",
    "poised",
    "scheduled",
    "set",
    "plans",
    "plan",
    "planned",
    "until",
    "upcoming",
    "begin",
    "start",
    "might",
    "may",
    "hopes",
    "next",
    "intends",
    "ready",
];

const PAST_CUES: &[&str] = &[
    "was",
    "were",
    "had",
    "did",
    "said",
    "told",
    "met",
    "went",
    "came",
    "left",
    "made",
    "took",
    "began",
    "spoke",
    "sent",
    "held",
    "saw",
    "since",
    "ago",
    "last",
    "earlier",
    "fell",
    "flew",
    "arrived",
    "called",
    "announced",
    "rejected",
];

/// Tense of the words around position `i` of `folded`: `Some(true)` for
/// future, `Some(false)` for past, nearest cue first, before then after.
///
/// An `-ed` word is a past cue unless it looks ahead: a participle of
/// expectation in [`FUTURE_CUES`] ("expected", "anticipated", "slated" …;
/// synonyms must agree, or a rewritten copy moves the day a week), or any
/// participle between a present form of "be" and an infinitive ("is
/// required to", "are set to"): that is a present passive about what
/// comes next, not a past event.
fn tense_near(folded: &[String], i: usize) -> Option<bool> {
    let present_be = |k: usize| {
        k.checked_sub(1)
            .and_then(|p| folded.get(p))
            .is_some_and(|w| matches!(w.as_str(), "is" | "are" | "am" | "be" | "s" | "remains"))
    };
    let cue = |k: usize| -> Option<bool> {
        let w = folded[k].as_str();
        if FUTURE_CUES.contains(&w) {
            Some(true)
        } else if PAST_CUES.contains(&w) {
            Some(false)
        } else if w.len() > 4 && w.ends_with("ed") && !matches!(w, "planned" | "needed") {
            let looks_ahead = present_be(k) && folded.get(k + 1).is_some_and(|n| n == "to");
            Some(looks_ahead)
        } else {
            None
        }
    };
    (0..i)
        .rev()
        .find_map(cue)
        .or_else(|| (i + 1..folded.len()).find_map(cue))
}

/// Finds the time expressions of one sentence.
pub fn find_times(text: &str, reference: Option<Day>) -> Vec<TimeExpr> {
    let ws = words(text);
    let folded: Vec<String> = ws.iter().map(|w| fold(w.text)).collect();
    let mut out: Vec<TimeExpr> = Vec::new();
    let mut i = 0;
    let push =
        |out: &mut Vec<TimeExpr>, s: usize, e: usize, kind: &str, resolved: Option<String>| {
            out.push(TimeExpr {
                text: text[s..e].to_string(),
                start: s,
                end: e,
                kind: kind.to_string(),
                resolved,
            });
        };
    let num = |k: usize| -> Option<u32> {
        let t = ws.get(k)?.text;
        let t = t
            .trim_end_matches("st")
            .trim_end_matches("nd")
            .trim_end_matches("rd")
            .trim_end_matches("th");
        (t.len() <= 4 && !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    let is_year = |k: usize| -> Option<i64> {
        let t = ws.get(k)?.text;
        (t.len() == 4 && t.chars().all(|c| c.is_ascii_digit()))
            .then(|| t.parse::<i64>().ok())
            .flatten()
            .filter(|y| (1900..=2100).contains(y))
    };
    let gap = |a: usize, b: usize| -> &str { &text[ws[a].end..ws[b].start] };
    let ref_year = reference.map(|d| i64::from(d.year()));
    // A day and a month in words `i` and `i + 1` (either order), with the
    // year of word `i + 2` when one follows ("15 May 2025", "May 15, 2025"),
    // else the reference date's: the date, and the last word it takes.
    let day_and_month = |i: usize, m: u32, d: u32| -> (Option<String>, usize) {
        let (year, last) = match is_year(i + 2) {
            Some(y) if matches!(gap(i + 1, i + 2), " " | ", ") => (Some(y), i + 2),
            _ => (ref_year, i + 1),
        };
        (year.and_then(|y| civil_date(y, m, d)).map(iso), last)
    };
    while i < ws.len() {
        let w = &folded[i];
        // ISO date: 2025-05-15 comes as words "2025", "05", "15".
        if let (Some(y), Some(m), Some(d)) = (is_year(i), num(i + 1), num(i + 2)) {
            let date =
                civil_date(y, m, d).filter(|_| gap(i, i + 1) == "-" && gap(i + 1, i + 2) == "-");
            if let Some(date) = date {
                push(
                    &mut out,
                    ws[i].start,
                    ws[i + 2].end,
                    "date",
                    Some(iso(date)),
                );
                i += 3;
                continue;
            }
        }
        // Day Month [Year]: "15 May 2025".
        if let Some(d) = num(i).filter(|d| (1..=31).contains(d)) {
            if let Some(m) = folded
                .get(i + 1)
                .and_then(|m| month_number(m))
                .filter(|_| is_capitalised(ws[i + 1].text) && gap(i, i + 1) == " ")
            {
                let (resolved, last) = day_and_month(i, m, d);
                push(&mut out, ws[i].start, ws[last].end, "date", resolved);
                i = last + 1;
                continue;
            }
        }
        if let Some(m) = month_number(w).filter(|_| is_capitalised(ws[i].text) && w.len() >= 3) {
            // Month Day[, Year]: "May 15, 2025".
            if let Some(d) =
                num(i + 1).filter(|d| (1..=31).contains(d) && ws[i + 1].text.len() <= 4)
            {
                if gap(i, i + 1) == " " {
                    let (resolved, last) = day_and_month(i, m, d);
                    push(&mut out, ws[i].start, ws[last].end, "date", resolved);
                    i = last + 1;
                    continue;
                }
            }
            // Month Year: "March 2022".
            if let Some(y) = is_year(i + 1).filter(|_| gap(i, i + 1) == " ") {
                push(
                    &mut out,
                    ws[i].start,
                    ws[i + 1].end,
                    "month",
                    Some(format!("{y:04}-{m:02}")),
                );
                i += 2;
                continue;
            }
            // A month alone, after a preposition ("in March"); "may" the
            // verb is lower case and never gets here.
            let prev = i.checked_sub(1).map(|p| folded[p].as_str());
            if matches!(
                prev,
                Some(
                    "in" | "since"
                        | "until"
                        | "by"
                        | "early"
                        | "late"
                        | "mid"
                        | "last"
                        | "next"
                        | "this"
                        | "of"
                )
            ) && w != "may"
            {
                push(&mut out, ws[i].start, ws[i].end, "month", None);
                i += 1;
                continue;
            }
        }
        if let Some(y) = is_year(i) {
            // "2,000 troops", "about 2000 people" are counts, not years;
            // "the failed 2022 talks" is a year.
            let counted_noun = folded
                .get(i + 1)
                .is_some_and(|n| COUNT_NOUNS.contains(&n.as_str()))
                && gap(i, i + 1) == " ";
            let amount_cue = i > 0
                && matches!(
                    folded[i - 1].as_str(),
                    "about"
                        | "some"
                        | "over"
                        | "nearly"
                        | "almost"
                        | "than"
                        | "around"
                        | "approximately"
                        | "least"
                        | "roughly"
                        | "between"
                        | "only"
                        | "just"
                );
            let next_plural_noun = counted_noun || amount_cue;
            let part_of_number = i > 0 && matches!(gap(i - 1, i), "," | ".");
            if !next_plural_noun && !part_of_number {
                push(
                    &mut out,
                    ws[i].start,
                    ws[i].end,
                    "year",
                    Some(format!("{y:04}")),
                );
                i += 1;
                continue;
            }
        }
        if let Some(wd) = weekday_number(w).filter(|_| is_capitalised(ws[i].text)) {
            let mut s = i;
            let modifier = i
                .checked_sub(1)
                .map(|p| folded[p].as_str())
                .filter(|m| matches!(*m, "late" | "early" | "last" | "next" | "this" | "mid"));
            if modifier.is_some() {
                s = i - 1;
            }
            let mut e = i;
            if folded.get(i + 1).is_some_and(|p| {
                matches!(p.as_str(), "morning" | "afternoon" | "evening" | "night")
            }) {
                e = i + 1;
            }
            let resolved = reference.and_then(|r| {
                let today = weekday_of(r) as i64;
                let ahead = (wd as i64 - today).rem_euclid(7); // 0..=6 days forward
                let behind = (today - wd as i64).rem_euclid(7); // 0..=6 days back
                let offset = match modifier {
                    Some("last") => -(if behind == 0 { 7 } else { behind }),
                    Some("next") => {
                        if ahead == 0 {
                            7
                        } else {
                            ahead
                        }
                    }
                    Some("this") => wd as i64 - today,
                    _ if ahead == 0 => 0,
                    _ => match tense_near(&folded, i) {
                        Some(true) => ahead,
                        Some(false) => -behind,
                        None => {
                            if ahead < behind {
                                ahead
                            } else {
                                -behind
                            }
                        }
                    },
                };
                add_days(r, offset).map(iso)
            });
            push(&mut out, ws[s].start, ws[e].end, "weekday", resolved);
            i = e + 1;
            continue;
        }
        if let Some((len, delta)) = relative_day(&folded, i) {
            let resolved = reference.and_then(|r| add_days(r, delta)).map(iso);
            push(
                &mut out,
                ws[i].start,
                ws[i + len - 1].end,
                "relative",
                resolved,
            );
            i += len;
            continue;
        }
        if matches!(
            w.as_str(),
            "overnight" | "nightfall" | "midnight" | "dawn" | "daybreak"
        ) {
            push(&mut out, ws[i].start, ws[i].end, "part_of_day", None);
        }
        i += 1;
    }
    out
}

fn is_capitalised(w: &str) -> bool {
    w.starts_with(char::is_uppercase)
}

/// Relative day phrase at `i`: its length in words and its offset in days.
fn relative_day(folded: &[String], i: usize) -> Option<(usize, i64)> {
    let w = folded[i].as_str();
    let next = folded.get(i + 1).map(String::as_str);
    match (w, next) {
        ("today" | "tonight", _) => Some((1, 0)),
        ("tomorrow", _) => Some((1, 1)),
        ("yesterday", _) => Some((1, -1)),
        ("last", Some("night")) => Some((2, -1)),
        ("this", Some("morning" | "afternoon" | "evening")) => Some((2, 0)),
        _ => None,
    }
}

/// Words of a text, re-exported for the quantity finder.
pub(crate) fn word_list(text: &str) -> Vec<Word<'_>> {
    words(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Option<Day> {
        parse_iso_date(s)
    }

    fn resolved(text: &str, reference: &str) -> Vec<(String, String, Option<String>)> {
        find_times(text, day(reference))
            .into_iter()
            .map(|t| (t.text, t.kind, t.resolved))
            .collect()
    }

    #[test]
    fn civil_round_trip() {
        let d = civil_date(2025, 5, 15).unwrap();
        assert_eq!(iso(d), "2025-05-15");
        assert_eq!(weekday_of(d), 3, "15 May 2025 was a Thursday");
        assert_eq!(add_days(d, -7).map(iso).as_deref(), Some("2025-05-08"));
        assert_eq!(
            add_days(civil_date(2024, 2, 29).unwrap(), 1)
                .map(iso)
                .as_deref(),
            Some("2024-03-01")
        );
        assert!(parse_iso_date("2025-02-30").is_none());
        assert!(parse_iso_date("0999-01-01").is_none());
        assert_eq!(
            parse_iso_date("2024-02-29T10:00:00Z").map(iso).as_deref(),
            Some("2024-02-29")
        );
    }

    #[test]
    fn explicit_dates() {
        let r = resolved(
            "Talks began on 15 May 2025 and resumed May 16.",
            "2025-05-20",
        );
        assert_eq!(
            r[0],
            (
                "15 May 2025".into(),
                "date".into(),
                Some("2025-05-15".into())
            )
        );
        assert_eq!(
            r[1],
            ("May 16".into(), "date".into(), Some("2025-05-16".into()))
        );
        let r = resolved(
            "the first talks since March 2022, and 2025-05-15 too",
            "2025-05-15",
        );
        assert_eq!(r[0].2.as_deref(), Some("2022-03"));
        assert_eq!(r[1].2.as_deref(), Some("2025-05-15"));
        let r = resolved("He may go, as in 2022.", "2025-05-15");
        assert_eq!(r, vec![("2022".into(), "year".into(), Some("2022".into()))]);
    }

    #[test]
    fn weekdays_follow_tense() {
        // Reference: Thursday 15 May 2025.
        let r = resolved(
            "The Kremlin announced Wednesday night that Putin would skip.",
            "2025-05-15",
        );
        assert_eq!(
            r[0],
            (
                "Wednesday night".into(),
                "weekday".into(),
                Some("2025-05-14".into())
            )
        );
        let r = resolved(
            "Talks could take place on Thursday or Friday.",
            "2025-05-15",
        );
        assert_eq!(r[0].2.as_deref(), Some("2025-05-15"));
        assert_eq!(r[1].2.as_deref(), Some("2025-05-16"));
        let r = resolved(
            "Rubio told reporters late Thursday that it was clear.",
            "2025-05-15",
        );
        assert_eq!(r[0].0, "late Thursday");
        let r = resolved(
            "There had been speculation since Sunday, when Putin called.",
            "2025-05-15",
        );
        assert_eq!(r[0].2.as_deref(), Some("2025-05-11"));
        // A synonym of "expected" is as future as "expected" is (a
        // rewritten copy must not move the day back a week).
        // (A sentence of the example story, as `synth::grow_story`
        // rewrites it.)
        for verb in ["expected", "anticipated", "slated"] {
            let r = resolved(
                &format!(
                    "Trump's envoy, Steve Witkoff, and Secretary of State Marco Rubio are also {verb} in Istanbul on Friday, though their specific roles remain unclear."
                ),
                "2025-05-15",
            );
            assert_eq!(r[0].2.as_deref(), Some("2025-05-16"), "{verb}");
        }
        let r = resolved(
            "Negotiators are required to hand over the draft by Friday.",
            "2025-05-15",
        );
        assert_eq!(r[0].2.as_deref(), Some("2025-05-16"));
        // A past participle of a past event still looks back.
        let r = resolved("Talks were postponed on Monday.", "2025-05-15");
        assert_eq!(r[0].2.as_deref(), Some("2025-05-12"));
        let r = resolved("They will meet next Monday.", "2025-05-15");
        assert_eq!(r[0].2.as_deref(), Some("2025-05-19"));
    }

    #[test]
    fn relative_days() {
        let r = resolved("ready for talks either tonight or tomorrow", "2025-05-15");
        assert_eq!(
            r[0],
            (
                "tonight".into(),
                "relative".into(),
                Some("2025-05-15".into())
            )
        );
        assert_eq!(
            r[1],
            (
                "tomorrow".into(),
                "relative".into(),
                Some("2025-05-16".into())
            )
        );
        assert!(find_times("tomorrow", None)[0].resolved.is_none());
    }
}
