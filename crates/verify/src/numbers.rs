//! A small local scan for amounts and time expressions in one sentence.
//!
//! In: a sentence's text and its [`Tok`]s. Out: [`Qty`]s (an amount as a
//! value range, with the head word it counts: "tens of thousands killed"
//! → [10 000, 100 000) of "kill"; its dimension when it has a unit, in
//! base units: "5 miles" → 8 047 m of `length`; the words around it that
//! tell what it measures) and [`TimeMention`]s (weekdays,
//! relative days, day-and-month dates and years, with a comparable key).
//!
//! The verify stage keeps this scan of its own so that comparisons work
//! the same whatever the extraction stage finds; its only job is to tell
//! whether two sentences give the same figure or day for the same thing.
//!
//! Invariants: spans are byte offsets into the sentence text, on token
//! boundaries; ranges satisfy `lo <= hi`.

use crate::lexicon::Tok;

/// An amount in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Qty {
    pub start: usize,
    pub end: usize,
    pub lo: f64,
    pub hi: f64,
    /// Stem of the word the amount counts, when one follows closely.
    pub head: Option<String>,
    /// What the amount measures when it has a unit: `length` (values in
    /// metres), `mass` (kg), `duration` (hours), `area`, `%`, or the raw
    /// glued suffix ("-day" in "30-day"). `None` for a count.
    pub unit: Option<String>,
    /// Content stem right before the amount (speech verbs left out).
    pub before: Option<String>,
    /// Content stem after the head: often the predicate ("5 people were
    /// *killed*") or the person an age belongs to.
    pub after: Option<String>,
    /// The range as written, before hedges widened it.
    pub stated: (f64, f64),
    /// The head is a verb the amount is the subject of, reached over an
    /// auxiliary ("Tens of thousands *have been* killed").
    pub head_is_predicate: bool,
    /// The hedge before the amount: `>` (more than, at least, over), `<`
    /// (fewer than, up to), `~` (about, nearly).
    pub bound: Option<char>,
}

/// Unit words and abbreviations: dimension and factor to its base unit.
pub fn unit_of(folded: &str) -> Option<(&'static str, f64)> {
    let u = folded.trim_end_matches('.');
    Some(match u {
        "km" | "kms" | "kilometre" | "kilometres" | "kilometer" | "kilometers" => {
            ("length", 1000.0)
        }
        "m" | "metre" | "metres" | "meter" | "meters" => ("length", 1.0),
        "cm" | "centimetre" | "centimetres" | "centimeter" | "centimeters" => ("length", 0.01),
        "mm" | "millimetre" | "millimetres" | "millimeter" | "millimeters" => ("length", 0.001),
        "mile" | "miles" | "mi" => ("length", 1609.344),
        "ft" | "foot" | "feet" => ("length", 0.3048),
        "inch" | "inches" | "in" => ("length", 0.0254),
        "yard" | "yards" | "yd" | "yds" => ("length", 0.9144),
        "kg" | "kilogram" | "kilograms" | "kilo" | "kilos" => ("mass", 1.0),
        "g" | "gram" | "grams" => ("mass", 0.001),
        "lb" | "lbs" | "pound" | "pounds" => ("mass", 0.453_592),
        "tonne" | "tonnes" | "t" => ("mass", 1000.0),
        "ton" | "tons" => ("mass", 907.185),
        "minute" | "minutes" | "min" | "mins" => ("duration", 1.0 / 60.0),
        "hour" | "hours" | "hr" | "hrs" | "h" => ("duration", 1.0),
        "day" | "days" => ("duration", 24.0),
        "week" | "weeks" => ("duration", 168.0),
        "month" | "months" => ("duration", 730.0),
        "year" | "years" => ("duration", 8766.0),
        "acre" | "acres" => ("area", 4046.86),
        "hectare" | "hectares" | "ha" => ("area", 10_000.0),
        _ => return None,
    })
}

impl Qty {
    /// True when the ranges meet once each is widened by the relative
    /// tolerance `tol` (unit conversion and rounding: "8 km" / "5 miles").
    /// Two amounts with the same open bound ("more than 30 years" / "more
    /// than 90 years") are compared by the figures written.
    pub fn agrees_as_written(&self, other: &Qty, tol: f64) -> bool {
        if self.bound.is_some() && self.bound == other.bound && self.bound != Some('~') {
            let (a, b) = (self.stated.0, other.stated.0);
            let converted = matches!(
                self.unit.as_deref(),
                Some("length" | "mass" | "duration" | "area")
            );
            let tol = if converted { tol } else { 1e-9 };
            return (a - b).abs() <= tol * a.abs().max(b.abs());
        }
        self.agrees(other, tol)
    }

    /// Counts, ages, money and percentages are exact: only rounding is
    /// tolerated.
    pub fn agrees(&self, other: &Qty, tol: f64) -> bool {
        let converted = |u: &Option<String>| {
            matches!(u.as_deref(), Some("length" | "mass" | "duration" | "area"))
        };
        if !converted(&self.unit) || !converted(&other.unit) {
            return self.overlaps(other);
        }
        let widen = |lo: f64, hi: f64| (lo * (1.0 - tol), hi * (1.0 + tol));
        let (alo, ahi) = widen(self.lo, self.hi);
        let (blo, bhi) = widen(other.lo, other.hi);
        alo <= bhi && blo <= ahi
    }

    /// True when the two ranges share a value (rounding tolerance only).
    pub fn overlaps(&self, other: &Qty) -> bool {
        let tol = |x: f64| x.abs() * 1e-9;
        self.lo <= other.hi + tol(other.hi) && other.lo <= self.hi + tol(self.hi)
    }
}

/// A time expression in a sentence.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TimeMention {
    pub start: usize,
    pub end: usize,
    /// Comparable key: `wd:5` (Friday), `rel:0` (today/tonight),
    /// `rel:1` (tomorrow), `md:05-15`, `y:2022`.
    pub key: String,
    /// `weekday`, `relative`, `date` or `year`.
    pub kind: &'static str,
    /// Token index range of the expression.
    pub first_token: usize,
    pub last_token: usize,
}

/// Weekday number (Monday = 1) of a folded word.
pub fn weekday(folded: &str) -> Option<u32> {
    corroborate_core::text::weekday_number(folded)
}

fn month(folded: &str) -> Option<u32> {
    corroborate_core::text::month_number(folded)
}

fn small_number_word(folded: &str) -> Option<f64> {
    if let Some(n) = corroborate_core::text::number_word(folded) {
        return Some(f64::from(n));
    }
    match folded {
        "dozen" => Some(12.0),
        _ => None,
    }
}

/// A word that writes a number ("one", "million", "dozens").
pub fn is_number_word(folded: &str) -> bool {
    small_number_word(folded).is_some() || multiplier(folded).is_some() || vague(folded).is_some()
}

fn multiplier(folded: &str) -> Option<f64> {
    match folded {
        "hundred" => Some(1e2),
        "thousand" => Some(1e3),
        "million" | "mn" | "m" => Some(1e6),
        "billion" | "bn" | "b" => Some(1e9),
        "trillion" | "tn" => Some(1e12),
        _ => None,
    }
}

/// Vague plural amounts: "hundreds" → [100, 1000).
fn vague(folded: &str) -> Option<(f64, f64)> {
    match folded {
        "dozens" => Some((24.0, 99.0)),
        "hundreds" => Some((100.0, 999.0)),
        "thousands" => Some((1e3, 9_999.0)),
        "millions" => Some((1e6, 9_999_999.0)),
        "billions" => Some((1e9, 9.999e9)),
        "tens" => Some((10.0, 99.0)),
        _ => None,
    }
}

/// Parses "1,200", "3.5", "400km", "25" into value and glued unit.
fn parse_numeric(token: &str) -> Option<(f64, Option<String>)> {
    let digits: String = token
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
        .collect();
    if digits.is_empty() || !digits.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let rest = &token[digits.len()..];
    let value: f64 = digits.replace(',', "").trim_end_matches('.').parse().ok()?;
    let unit = (!rest.is_empty()).then(|| rest.to_lowercase());
    Some((value, unit))
}

/// Finds the amounts of a sentence.
pub fn find_quantities(text: &str, toks: &[Tok]) -> Vec<Qty> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        let start_tok = i;
        let mut range: Option<(f64, f64)> = None;
        let mut unit = None;
        if let Some((v, u)) = parse_numeric(&t.folded) {
            // Years are dates, not amounts; ordinals ("3rd") are positions.
            let is_year = u.is_none() && (1900.0..=2100.0).contains(&v) && !t.folded.contains(',');
            let ordinal = matches!(u.as_deref(), Some("st" | "nd" | "rd" | "th"));
            // Clock times ("6:30 p.m.", "5 p.m.") are not amounts.
            let clock = text[t.end..].starts_with(':')
                || text[..t.start].ends_with(':')
                || toks
                    .get(i + 1)
                    .is_some_and(|n| matches!(n.folded.as_str(), "a.m" | "p.m" | "am" | "pm"));
            if is_year || ordinal || clock {
                i += 1;
                continue;
            }
            let mut value = v;
            match u.as_deref().and_then(multiplier) {
                Some(m) => value *= m,
                None => unit = u,
            }
            if let Some(m) = toks.get(i + 1).and_then(|n| multiplier(&n.folded)) {
                value *= m;
                i += 1;
            }
            range = Some((value, value));
        } else if let Some(v) = small_number_word(&t.folded) {
            let mut value = v;
            if let Some(m) = toks.get(i + 1).and_then(|n| multiplier(&n.folded)) {
                value *= m;
                i += 1;
            }
            // "one" alone is mostly a pronoun ("no one", "one of").
            if t.folded == "one" && value == 1.0 {
                i += 1;
                continue;
            }
            range = Some((value, value));
        } else if let Some((lo, hi)) = vague(&t.folded) {
            // "tens of thousands", "hundreds of thousands".
            let of_next = toks.get(i + 1).is_some_and(|n| n.folded == "of");
            let scale = toks
                .get(i + 2)
                .filter(|_| of_next)
                .and_then(|n| vague(&n.folded));
            match scale {
                Some((slo, _)) => {
                    // Upper bounds stay below the next order of magnitude,
                    // so "tens of thousands" and "hundreds of thousands"
                    // do not touch.
                    range = Some((lo * slo, (hi + 0.99) * slo));
                    i += 2;
                }
                None if t.folded == "tens" => {}
                None => range = Some((lo, hi)),
            }
        } else if t.folded == "percent" || t.folded == "per" {
            i += 1;
            continue;
        }
        let Some((mut lo, mut hi)) = range else {
            i += 1;
            continue;
        };
        let end_tok = i;
        // Hedges before the amount widen its range.
        let before = |k: usize| start_tok.checked_sub(k).map(|p| toks[p].folded.as_str());
        let stated = (lo, hi);
        let mut bound = None;
        match (before(2), before(1)) {
            (_, Some("about" | "around" | "approximately" | "roughly" | "some")) => {
                lo *= 0.8;
                hi *= 1.2;
                bound = Some('~');
            }
            (Some("more" | "over"), Some("than")) | (_, Some("over")) => {
                hi = f64::INFINITY;
                bound = Some('>');
            }
            (Some("at"), Some("least")) => {
                hi = f64::INFINITY;
                bound = Some('>');
            }
            (_, Some("nearly" | "almost")) => {
                lo *= 0.8;
                bound = Some('~');
            }
            (Some("up"), Some("to")) | (Some("fewer" | "less"), Some("than")) => {
                lo = 0.0;
                bound = Some('<');
            }
            _ => {}
        }
        // Percent sign right after the number.
        let after_end = toks[end_tok].end;
        if text[after_end..].starts_with('%')
            || toks.get(end_tok + 1).is_some_and(|n| n.folded == "percent")
            || (toks.get(end_tok + 1).is_some_and(|n| n.folded == "per")
                && toks.get(end_tok + 2).is_some_and(|n| n.folded == "cent"))
        {
            unit = Some("%".into());
        }
        // Money: a currency sign right before the amount.
        if text[..toks[start_tok].start].ends_with(['$', '£', '€', '¥']) {
            unit = Some("money".into());
        }
        let mut scale = 1.0;
        let mut k = end_tok + 1;
        // A unit glued ("400km") or written next ("5 miles", "8 km").
        if let Some((dim, f)) = unit.as_deref().and_then(unit_of) {
            unit = Some(dim.to_string());
            scale = f;
        } else if unit.is_none() {
            if let Some((dim, f)) = toks.get(k).and_then(|n| unit_of(&n.folded)) {
                // "29-year-old": an age, which belongs to the person after.
                let age = toks.get(k + 1).is_some_and(|n| n.folded == "old");
                if age {
                    k += 2;
                    unit = Some("age".into());
                } else {
                    unit = Some(dim.to_string());
                    scale = f;
                    k += 1;
                }
            }
        }
        let content = |t: &Tok| {
            !t.function && !matches!(t.folded.as_str(), "percent" | "per" | "cent" | "of" | "old")
        };
        let window: Vec<usize> = (k..(k + 4).min(toks.len()))
            .filter(|&j| content(&toks[j]) && parse_numeric(&toks[j].folded).is_none())
            .collect();
        // Skip a nationality or name before the counted noun ("Chinese
        // passengers"), unless nothing else follows.
        let head_at = window
            .iter()
            .copied()
            .find(|&j| !toks[j].capitalised)
            .or(window.first().copied());
        let head = head_at.map(|j| toks[j].stem.clone());
        let head_is_predicate = head_at.is_some_and(|h| {
            toks[k..h].iter().any(|t| {
                matches!(
                    t.folded.as_str(),
                    "is" | "are" | "was" | "were" | "have" | "has" | "had" | "been" | "be"
                )
            })
        });
        let after = head_at.and_then(|h| {
            toks[h + 1..]
                .iter()
                .take(4)
                .find(|t| content(t) && !crate::lexicon::is_speech_verb(&t.folded))
                .map(|t| t.stem.clone())
        });
        let before = toks[..start_tok]
            .iter()
            .rev()
            .take(3)
            .find(|t| content(t) && !crate::lexicon::is_speech_verb(&t.folded))
            .map(|t| t.stem.clone());
        if unit.as_deref() != Some("%") && scale != 1.0 {
            lo *= scale;
            hi *= scale;
        }
        out.push(Qty {
            start: toks[start_tok].start,
            end: toks[end_tok].end,
            lo,
            hi,
            head,
            unit,
            before,
            after,
            stated: (stated.0 * scale, stated.1 * scale),
            bound,
            head_is_predicate,
        });
        i = end_tok + 1;
    }
    out
}

/// Finds weekdays, relative days, dates and years.
pub fn find_times(_text: &str, toks: &[Tok]) -> Vec<TimeMention> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        let f = t.folded.as_str();
        let mut push = |key: String, kind: &'static str, first: usize, last: usize| {
            out.push(TimeMention {
                start: toks[first].start,
                end: toks[last].end,
                key,
                kind,
                first_token: first,
                last_token: last,
            })
        };
        if let Some(d) = weekday(f) {
            push(format!("wd:{d}"), "weekday", i, i);
        } else if matches!(f, "today" | "tonight") {
            push("rel:0".into(), "relative", i, i);
        } else if f == "tomorrow" {
            push("rel:1".into(), "relative", i, i);
        } else if f == "yesterday" {
            push("rel:-1".into(), "relative", i, i);
        } else if f == "this"
            && toks
                .get(i + 1)
                .is_some_and(|n| matches!(n.folded.as_str(), "evening" | "morning" | "afternoon"))
        {
            push("rel:0".into(), "relative", i, i + 1);
            i += 1;
        } else if let Some(m) = month(f).filter(|_| t.capitalised) {
            // "May 15" or "15 May"; a bare month is too vague to compare.
            let day_after = toks
                .get(i + 1)
                .and_then(|n| n.folded.parse::<u32>().ok())
                .filter(|d| (1..=31).contains(d));
            let day_before = i
                .checked_sub(1)
                .and_then(|p| toks[p].folded.parse::<u32>().ok())
                .filter(|d| (1..=31).contains(d));
            if let Some(d) = day_after {
                push(format!("md:{m:02}-{d:02}"), "date", i, i + 1);
                i += 1;
            } else if let Some(d) = day_before {
                push(format!("md:{m:02}-{d:02}"), "date", i - 1, i);
            }
        } else if f.len() == 4 && f.chars().all(|c| c.is_ascii_digit()) {
            if let Ok(y) = f.parse::<u32>() {
                if (1900..=2100).contains(&y) {
                    push(format!("y:{y}"), "year", i, i);
                }
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::tokens;

    fn qs(text: &str) -> Vec<(String, f64, f64, Option<String>)> {
        find_quantities(text, &tokens(text))
            .into_iter()
            .map(|q| (text[q.start..q.end].to_string(), q.lo, q.hi, q.head))
            .collect()
    }

    #[test]
    fn vague_and_exact_amounts() {
        let q = qs("Tens of thousands have been killed.");
        assert_eq!(q[0].0, "Tens of thousands");
        assert_eq!(q[0].1, 1e4);
        assert!(q[0].2 < 1e5);
        assert_eq!(q[0].3.as_deref(), Some("kill"));
        let q = qs("About 400km away, 1,200 people and 3.5 million dollars.");
        assert_eq!(q[0].0, "400km");
        assert_eq!(q[1].0, "1,200");
        assert_eq!(q[1].3, Some(crate::lexicon::stem("people")));
        assert_eq!(q[2].1, 3.5e6);
    }

    #[test]
    fn years_and_pronoun_one_are_not_amounts() {
        assert!(qs("Since March 2022 no one came.").is_empty());
    }

    #[test]
    fn times_found_with_keys() {
        let text = "Talks could happen tonight or on Friday, May 16, as in 2022.";
        let keys: Vec<String> = find_times(text, &tokens(text))
            .into_iter()
            .map(|t| t.key)
            .collect();
        assert_eq!(keys, ["rel:0", "wd:5", "md:05-16", "y:2022"]);
    }
}
