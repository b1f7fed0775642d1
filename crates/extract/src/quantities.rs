//! Quantities: numbers with their scale and unit.
//!
//! In: a sentence's text and the time expressions already found in it
//! (numbers inside dates are not quantities). Out: [`Quantity`]s with byte
//! spans into the sentence text, sorted by start, never overlapping.
//!
//! Recognised: digits with separators and decimals ("1,500", "1.5"),
//! scale words and suffixes ("3 million", "$1.5bn", "10k"), currency
//! symbols, written numbers ("three", "twenty-five"), vague amounts
//! ("dozens", "hundreds", "tens of thousands", "hundreds of thousands"),
//! fractions ("a fifth", "half", "two-thirds"), percentages ("12 per
//! cent", "12%"), ranges ("10-20", "between 10 and 20"), and a following
//! unit noun ("400km", "30-day", "three years", "hundreds of miles").
//!
//! Values: `value` is the number (the lower bound of vague amounts and
//! ranges); `value_max` the upper bound ("tens of thousands" → 10 000 …
//! 99 999). `unit` is normalised: currencies to ISO codes (`USD`), `km`,
//! `mile`, `percent`, `fraction`, otherwise the singular noun ("year",
//! "day", "people").

use corroborate_core::text::{fold, is_stopword, number_word, Word};
use corroborate_core::{Quantity, TimeExpr};

use crate::times::word_list;

fn written_number(w: &str) -> Option<f64> {
    number_word(w).map(f64::from)
}

fn scale_word(w: &str) -> Option<f64> {
    Some(match w {
        "hundred" => 1e2,
        "thousand" => 1e3,
        "million" | "mn" | "m" => 1e6,
        "billion" | "bn" | "b" => 1e9,
        "trillion" | "tn" => 1e12,
        "k" => 1e3,
        _ => return None,
    })
}

/// Vague plural amounts and their ranges.
fn vague_amount(w: &str) -> Option<(f64, f64)> {
    Some(match w {
        "dozens" => (24.0, 99.0),
        "scores" => (40.0, 99.0),
        "hundreds" => (200.0, 999.0),
        "thousands" => (2_000.0, 9_999.0),
        "millions" => (2e6, 9.99e6),
        "billions" => (2e9, 9.99e9),
        _ => return None,
    })
}

fn fraction_word(w: &str) -> Option<f64> {
    Some(match w {
        "half" => 0.5,
        "third" | "thirds" => 1.0 / 3.0,
        "quarter" | "quarters" => 0.25,
        "fifth" | "fifths" => 0.2,
        "sixth" => 1.0 / 6.0,
        "tenth" | "tenths" => 0.1,
        _ => return None,
    })
}

/// Normalised unit of a unit word, or `None` when the word is not a unit.
fn unit_of(w: &str) -> Option<String> {
    let u = match w {
        "km" | "kilometre" | "kilometres" | "kilometer" | "kilometers" => "km",
        "mile" | "miles" | "mi" => "mile",
        "m" | "metre" | "metres" | "meter" | "meters" => "m",
        "kg" | "kilogram" | "kilograms" | "kilo" | "kilos" => "kg",
        "tonne" | "tonnes" | "ton" | "tons" => "tonne",
        "percent" | "pc" => "percent",
        "people" | "persons" => "people",
        _ => {
            if w.len() < 3
                || is_stopword(w)
                || w.ends_with("ly")
                || w.chars().any(|c| !c.is_alphabetic())
            {
                return None;
            }
            return Some(singular(w));
        }
    };
    Some(u.to_string())
}

/// Units recognised by name rather than by shape.
fn is_known_unit(w: &str) -> bool {
    matches!(
        w,
        "km" | "kilometre"
            | "kilometer"
            | "mile"
            | "mi"
            | "m"
            | "metre"
            | "meter"
            | "kg"
            | "kilogram"
            | "kilo"
            | "tonne"
            | "ton"
            | "percent"
            | "pc"
            | "people"
            | "day"
            | "week"
            | "month"
            | "year"
            | "hour"
            | "minute"
            | "second"
            | "km2"
            | "sq"
    )
}

fn singular(w: &str) -> String {
    if let Some(stem) = w.strip_suffix("ies") {
        return format!("{stem}y");
    }
    if w.ends_with("ss") || w.ends_with("us") || w.ends_with("is") {
        return w.to_string();
    }
    w.strip_suffix('s').unwrap_or(w).to_string()
}

fn currency_of(c: char) -> Option<&'static str> {
    Some(match c {
        '$' => "USD",
        '\u{20ac}' => "EUR",
        '\u{a3}' => "GBP",
        '\u{a5}' => "JPY",
        '\u{20b4}' => "UAH",
        '\u{20bd}' => "RUB",
        _ => return None,
    })
}

/// Splits a numeric word ("1,500", "1.5bn", "400km") into value and
/// letter suffix.
fn parse_numeric(w: &str) -> Option<(f64, &str)> {
    let split = w
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == ',' || *c == '.'))
        .map(|(i, _)| i)
        .unwrap_or(w.len());
    if split == 0 {
        return None;
    }
    let digits: String = w[..split].chars().filter(|c| *c != ',').collect();
    let value: f64 = digits.parse().ok()?;
    Some((value, &w[split..]))
}

/// Finds the quantities of one sentence, skipping spans already taken by
/// `times`.
pub fn find_quantities(text: &str, times: &[TimeExpr]) -> Vec<Quantity> {
    let ws = word_list(text);
    let folded: Vec<String> = ws.iter().map(|w| fold(w.text)).collect();
    let in_time = |w: &Word| times.iter().any(|t| w.start < t.end && t.start < w.end);
    let gap = |a: usize, b: usize| -> &str { &text[ws[a].end..ws[b].start] };
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        if in_time(&ws[i]) {
            i += 1;
            continue;
        }
        let w = folded[i].as_str();
        let mut start = ws[i].start;
        let mut last = i;
        let mut value: Option<f64> = None;
        let mut value_max: Option<f64> = None;
        let mut unit: Option<String> = None;

        if let Some((v, suffix)) = parse_numeric(w) {
            if matches!(suffix, "st" | "nd" | "rd" | "th" | "s") {
                i += 1; // ordinal or decade
                continue;
            }
            let mut v = v;
            let before = text[..ws[i].start].chars().next_back();
            let currency = before.and_then(currency_of);
            if let Some(c) = currency {
                unit = Some(c.to_string());
                start = ws[i].start - before.map(char::len_utf8).unwrap_or(0);
                if text[..start].ends_with("US") {
                    start -= 2;
                }
            }
            if !suffix.is_empty() {
                if let Some(s) = scale_word(suffix).filter(|_| currency.is_some() || suffix != "m")
                {
                    v *= s;
                } else if let Some(u) = unit_of(suffix) {
                    unit = Some(u);
                } else {
                    i += 1;
                    continue;
                }
            }
            if let Some(s) = folded
                .get(i + 1)
                .and_then(|n| scale_word(n))
                .filter(|_| gap(i, i + 1) == " " && folded[i + 1].len() > 2)
            {
                v *= s;
                last = i + 1;
            }
            value = Some(v);
            // Range: "10-20", "10 to 20", "between 10 and 20".
            if let Some(next) = ws.get(last + 2) {
                let word_join = folded[last + 1].as_str();
                let between = i > 0 && folded[i - 1] == "between" && word_join == "and";
                if let Some((hi, "")) = parse_numeric(next.text) {
                    if (word_join == "to" || between) && !in_time(next) {
                        value_max = Some(hi);
                        last += 2;
                        if between {
                            start = ws[i - 1].start;
                        }
                    }
                }
            }
            if value_max.is_none() {
                if let Some(next) = ws.get(last + 1) {
                    if matches!(gap(last, last + 1), "-" | "\u{2013}") {
                        if let Some((hi, "")) = parse_numeric(next.text) {
                            if hi > v && !in_time(next) {
                                value_max = Some(hi);
                                last += 1;
                            }
                        }
                    }
                }
            }
            // Percent sign right after the number.
            if text[ws[last].end..].starts_with('%') {
                unit = Some("percent".into());
                push(
                    &mut out,
                    text,
                    start,
                    ws[last].end + 1,
                    value,
                    value_max,
                    unit,
                );
                i = last + 1;
                continue;
            }
        } else if let Some((lo, hi)) = vague_amount(w) {
            // "tens of thousands", "hundreds of thousands", "dozens".
            value = Some(lo);
            value_max = Some(hi);
            if matches!(w, "hundreds") && folded.get(i + 1).map(String::as_str) == Some("of") {
                if folded.get(i + 2).map(String::as_str) == Some("thousands") {
                    value = Some(1e5);
                    value_max = Some(999_999.0);
                    last = i + 2;
                } else if folded.get(i + 2).map(String::as_str) == Some("millions") {
                    value = Some(1e8);
                    value_max = Some(9.99e8);
                    last = i + 2;
                }
            }
        } else if w == "tens" && folded.get(i + 1).map(String::as_str) == Some("of") {
            let scale = match folded.get(i + 2).map(String::as_str) {
                Some("thousands") => 1e4,
                Some("millions") => 1e7,
                Some("billions") => 1e10,
                _ => {
                    i += 1;
                    continue;
                }
            };
            value = Some(scale);
            value_max = Some(scale * 10.0 - 1.0);
            last = i + 2;
        } else if (w == "a" || w == "one")
            && folded
                .get(i + 1)
                .is_some_and(|n| n == "dozen" || fraction_word(n).is_some())
        {
            let n = folded[i + 1].as_str();
            if n == "dozen" {
                value = Some(12.0);
            } else {
                value = fraction_word(n);
                unit = Some("fraction".into());
            }
            last = i + 1;
        } else if w == "half" && i > 0 && folded[i - 1] != "a" {
            value = Some(0.5);
            unit = Some("fraction".into());
        } else if let Some(mut v) = written_number(w) {
            // "twenty-five", "two-thirds", "three million".
            if v >= 20.0 {
                if let Some(u) = folded
                    .get(i + 1)
                    .and_then(|n| written_number(n))
                    .filter(|u| *u < 10.0)
                {
                    if gap(i, i + 1) == "-" {
                        v += u;
                        last = i + 1;
                    }
                }
            }
            if let Some(f) = folded.get(last + 1).and_then(|n| fraction_word(n)) {
                if gap(last, last + 1) == "-" {
                    value = Some(v * f);
                    unit = Some("fraction".into());
                    last += 1;
                }
            }
            if value.is_none() {
                if let Some(s) = folded
                    .get(last + 1)
                    .and_then(|n| scale_word(n))
                    .filter(|_| folded[last + 1].len() > 2)
                {
                    v *= s;
                    last += 1;
                }
                value = Some(v);
            }
            if w == "one" && last == i {
                // "one" is mostly a pronoun: keep it only before a unit noun.
                let unit_follows = folded.get(i + 1).is_some_and(|n| {
                    matches!(
                        n.as_str(),
                        "day"
                            | "week"
                            | "month"
                            | "year"
                            | "hour"
                            | "minute"
                            | "km"
                            | "mile"
                            | "percent"
                    )
                });
                if !unit_follows {
                    i += 1;
                    continue;
                }
            }
        } else {
            i += 1;
            continue;
        }

        // A unit noun after the amount: "400 km", "30-day", "three years",
        // "hundreds of miles", "12 per cent".
        if unit.is_none() {
            let mut k = last + 1;
            if folded.get(k).map(String::as_str) == Some("of")
                && value_max.is_some()
                && k + 1 < ws.len()
            {
                k += 1;
            }
            if k < ws.len() && matches!(gap(k - 1, k), " " | "-") && !in_time(&ws[k]) {
                if folded[k] == "per" && folded.get(k + 1).map(String::as_str) == Some("cent") {
                    unit = Some("percent".into());
                    last = k + 1;
                } else if ws[k].text.starts_with(char::is_lowercase) {
                    // A known unit, a hyphenated one ("30-day"), or a plural
                    // noun after an amount other than one ("three years");
                    // not "two top diplomats".
                    let hyphenated = gap(k - 1, k) == "-";
                    let plural_ok = folded[k].ends_with('s') || value == Some(1.0);
                    if let Some(u) = unit_of(&folded[k]) {
                        if hyphenated || plural_ok || is_known_unit(&folded[k]) {
                            unit = Some(u);
                            last = k;
                        }
                    }
                }
            }
        }
        push(&mut out, text, start, ws[last].end, value, value_max, unit);
        i = last + 1;
    }
    out
}

fn push(
    out: &mut Vec<Quantity>,
    text: &str,
    start: usize,
    end: usize,
    value: Option<f64>,
    value_max: Option<f64>,
    unit: Option<String>,
) {
    out.push(Quantity {
        text: text[start..end].to_string(),
        start,
        end,
        value,
        value_max,
        unit,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Text, value, upper bound and unit of each quantity found.
    type Found = (String, Option<f64>, Option<f64>, Option<String>);

    fn q(text: &str) -> Vec<Found> {
        let times = crate::times::find_times(text, None);
        find_quantities(text, &times)
            .into_iter()
            .map(|q| {
                assert_eq!(&text[q.start..q.end], q.text);
                (q.text, q.value, q.value_max, q.unit)
            })
            .collect()
    }

    #[test]
    fn units_and_scales() {
        assert_eq!(
            q("About 400km away")[0],
            ("400km".into(), Some(400.0), None, Some("km".into()))
        );
        assert_eq!(
            q("a 30-day ceasefire")[0],
            ("30-day".into(), Some(30.0), None, Some("day".into()))
        );
        assert_eq!(
            q("aid of $1.5bn")[0],
            ("$1.5bn".into(), Some(1.5e9), None, Some("USD".into()))
        );
        assert_eq!(
            q("up 12 per cent")[0],
            (
                "12 per cent".into(),
                Some(12.0),
                None,
                Some("percent".into())
            )
        );
        assert_eq!(q("up 12% today")[0].3.as_deref(), Some("percent"));
        assert_eq!(
            q("after three years of war")[0],
            ("three years".into(), Some(3.0), None, Some("year".into()))
        );
        assert_eq!(q("some 3 million people")[0].1, Some(3e6));
    }

    #[test]
    fn vague_amounts_and_fractions() {
        let t = q("Tens of thousands have been killed");
        assert_eq!(t[0].0, "Tens of thousands");
        assert_eq!((t[0].1, t[0].2), (Some(10_000.0), Some(99_999.0)));
        let t = q("Hundreds of thousands have been killed");
        assert_eq!((t[0].1, t[0].2), (Some(100_000.0), Some(999_999.0)));
        let t = q("occupies about a fifth of Ukraine");
        assert_eq!(
            t[0],
            ("a fifth".into(), Some(0.2), None, Some("fraction".into()))
        );
        let t = q("cities hundreds of miles apart");
        assert_eq!(t[0].0, "hundreds of miles");
        assert_eq!(t[0].3.as_deref(), Some("mile"));
        assert_eq!(q("dozens of journalists")[0].1, Some(24.0));
    }

    #[test]
    fn dates_are_not_quantities_and_pronoun_one_is_skipped() {
        assert!(q("since March 2022 and 15 May 2025").is_empty());
        assert!(q("no one can say").is_empty());
        assert_eq!(q("between 10 and 20 drones")[0].2, Some(20.0));
        assert_eq!(q("twenty-five soldiers")[0].1, Some(25.0));
    }

    #[test]
    fn years_counts_and_units_by_shape() {
        // A year, not 2022 "talks".
        assert!(q("the failed 2022 talks").is_empty());
        assert_eq!(q("about 2000 people")[0].1, Some(2000.0));
        assert_eq!(q("2000 troops")[0].3.as_deref(), Some("troop"));
        // "top" is not the unit of "two".
        assert_eq!(
            q("his two top diplomats")[0],
            ("two".into(), Some(2.0), None, None)
        );
    }
}
