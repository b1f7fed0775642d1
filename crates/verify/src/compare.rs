//! Pairwise comparison of two sentences that report the same fact.
//!
//! In: the texts of two aligned sentences. Out: the [`Difference`]s
//! between them, each with a severity (contradiction: the meaning is
//! inverted; divergence: the same fact with other figures, days or names),
//! a `detail` (`antonym`, `negation`, `role_swap`, `modality`, `number`,
//! `date`, `weekday`, `name`) and the exact differing byte spans in each
//! sentence.
//!
//! The comparison is word-level: a longest-common-subsequence alignment of
//! the two sentences' stems splits them into shared words and differing
//! "hunks"; each check looks at what the hunks hold. Paraphrases differ
//! in many places, so every check also asks for local evidence that the
//! two differing pieces fill the same slot (a shared neighbour, the same
//! head word), which keeps false alarms down.
//!
//! Invariants: spans lie inside their sentence and on char boundaries;
//! the result depends only on the two texts (deterministic, symmetric up
//! to swapping `a` and `b`).

use crate::lexicon::{
    are_antonyms, country_of, is_certain_modal, is_hedged_modal, is_negation, is_negative_meaning,
    is_speech_verb, tokens, Tok,
};
use crate::numbers::{find_quantities, find_times, Qty, TimeMention};
use corroborate_core::Span;
use std::collections::BTreeSet;

/// How serious a difference is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// One sentence inverts the other's meaning.
    Contradiction,
    /// Same fact, other figures, days, names or scope.
    Divergence,
}

/// One difference between sentence `a` and sentence `b`.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    pub severity: Severity,
    /// `antonym`, `negation`, `role_swap`, `modality`, `number`, `date`,
    /// `weekday`, `name`.
    pub detail: &'static str,
    /// Differing spans in `a` and in `b`.
    pub spans_a: Vec<Span>,
    pub spans_b: Vec<Span>,
    /// Short human-readable account, e.g. `"peace" vs "war"`.
    pub note: String,
}

/// A run of words present in one sentence and not matched in the other,
/// as token index ranges `[a_start, a_end)` and `[b_start, b_end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Hunk {
    a_start: usize,
    a_end: usize,
    b_start: usize,
    b_end: usize,
}

/// Word alignment of two token lists: `matched_a[i]` is the index in `b`
/// that token `i` of `a` is aligned with.
struct WordAlignment {
    matched_a: Vec<Option<usize>>,
    matched_b: Vec<Option<usize>>,
    hunks: Vec<Hunk>,
}

fn align_words(a: &[Tok], b: &[Tok]) -> WordAlignment {
    let (n, m) = (a.len(), b.len());
    // lcs[i][j]: LCS length of a[i..] and b[j..].
    let mut lcs = vec![vec![0u16; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i].stem == b[j].stem {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut matched_a = vec![None; n];
    let mut matched_b = vec![None; m];
    let mut hunks = Vec::new();
    let (mut i, mut j) = (0, 0);
    let (mut hunk_a, mut hunk_b) = (0, 0);
    while i < n && j < m {
        if a[i].stem == b[j].stem {
            if hunk_a < i || hunk_b < j {
                hunks.push(Hunk {
                    a_start: hunk_a,
                    a_end: i,
                    b_start: hunk_b,
                    b_end: j,
                });
            }
            matched_a[i] = Some(j);
            matched_b[j] = Some(i);
            i += 1;
            j += 1;
            hunk_a = i;
            hunk_b = j;
        } else if lcs[i + 1][j] >= lcs[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    if hunk_a < n || hunk_b < m {
        hunks.push(Hunk {
            a_start: hunk_a,
            a_end: n,
            b_start: hunk_b,
            b_end: m,
        });
    }
    WordAlignment {
        matched_a,
        matched_b,
        hunks,
    }
}

fn span(t: &Tok) -> Span {
    Span {
        start: t.start,
        end: t.end,
    }
}

fn content_stems(toks: &[Tok]) -> BTreeSet<&str> {
    toks.iter()
        .filter(|t| !t.function && t.stem.len() > 1)
        .map(|t| t.stem.as_str())
        .collect()
}

/// Share of the shorter sentence's content stems found in the other.
pub fn content_overlap(a: &str, b: &str) -> f32 {
    let (ta, tb) = (tokens(a), tokens(b));
    overlap_of(&ta, &tb)
}

fn overlap_of(ta: &[Tok], tb: &[Tok]) -> f32 {
    let (ca, cb) = (content_stems(ta), content_stems(tb));
    let shared = ca.intersection(&cb).count();
    let smaller = ca.len().min(cb.len());
    if smaller == 0 {
        0.0
    } else {
        shared as f32 / smaller as f32
    }
}

/// Compares two sentences reporting the same fact.
pub fn compare(a: &str, b: &str) -> Vec<Difference> {
    let ta = tokens(a);
    let tb = tokens(b);
    if ta.is_empty() || tb.is_empty() {
        return Vec::new();
    }
    let wa = align_words(&ta, &tb);
    let overlap = overlap_of(&ta, &tb);
    let mut out = Vec::new();
    if let Some(d) = antonym(&ta, &tb, &wa) {
        out.push(d);
    }
    if let Some(d) = negation(&ta, &tb, &wa, overlap) {
        out.push(d);
    }
    if let Some(d) = role_swap(&ta, &tb) {
        out.push(d);
    }
    if let Some(d) = modality(&ta, &tb, &wa) {
        out.push(d);
    }
    if !out.iter().any(|d| d.detail == "role_swap") {
        if let Some(d) = name_change(&ta, &tb, &wa) {
            out.push(d);
        }
    }
    out.extend(numbers(a, b, &ta, &tb, overlap));
    out.extend(times(a, b));
    out
}

/// Content stems within `window` content words before and after `i`.
fn neighbours(toks: &[Tok], i: usize, window: usize) -> BTreeSet<&str> {
    let mut set = BTreeSet::new();
    let mut k = 0;
    for t in toks[..i].iter().rev().filter(|t| !t.function) {
        if k == window {
            break;
        }
        set.insert(t.stem.as_str());
        k += 1;
    }
    k = 0;
    for t in toks[i + 1..].iter().filter(|t| !t.function) {
        if k == window {
            break;
        }
        set.insert(t.stem.as_str());
        k += 1;
    }
    set
}

/// A word of one sentence replaced by its antonym in the other, in the
/// same slot (same hunk, or a shared content neighbour).
fn antonym(ta: &[Tok], tb: &[Tok], w: &WordAlignment) -> Option<Difference> {
    let stems_a: BTreeSet<&str> = ta.iter().map(|t| t.stem.as_str()).collect();
    let stems_b: BTreeSet<&str> = tb.iter().map(|t| t.stem.as_str()).collect();
    for (i, x) in ta.iter().enumerate() {
        if w.matched_a[i].is_some() || x.function || stems_b.contains(x.stem.as_str()) {
            continue;
        }
        for (j, y) in tb.iter().enumerate() {
            if w.matched_b[j].is_some() || y.function || stems_a.contains(y.stem.as_str()) {
                continue;
            }
            if !are_antonyms(&x.folded, &y.folded) {
                continue;
            }
            // The two words must fill the same slot: a content word next
            // to them is shared ("committed to war" / "commitment to
            // peace"), not merely both present somewhere.
            let na = neighbours(ta, i, 3);
            let nb = neighbours(tb, j, 3);
            let shared_neighbour = na.intersection(&nb).next().is_some();
            if shared_neighbour {
                return Some(Difference {
                    severity: Severity::Contradiction,
                    detail: "antonym",
                    spans_a: vec![span(x)],
                    spans_b: vec![span(y)],
                    note: format!("\"{}\" vs \"{}\"", x.folded, y.folded),
                });
            }
        }
    }
    None
}

fn polarity(toks: &[Tok]) -> usize {
    toks.iter()
        .filter(|t| is_negation(&t.folded) || is_negative_meaning(&t.folded))
        .count()
}

/// A negation present in one sentence and absent from the other around
/// the same words: a small hunk holding the cue, the rest shared.
fn negation(ta: &[Tok], tb: &[Tok], w: &WordAlignment, overlap: f32) -> Option<Difference> {
    if polarity(ta) % 2 == polarity(tb) % 2 || overlap < 0.5 {
        return None;
    }
    for h in &w.hunks {
        let (len_a, len_b) = (h.a_end - h.a_start, h.b_end - h.b_start);
        if len_a > 3 || len_b > 3 {
            continue;
        }
        // The cue must be an explicit negation ("not", "never", "failed")
        // that the other sentence does not use anywhere: a reworded
        // sentence may move its "nothing" elsewhere.
        let explicit = |t: &Tok| is_negation(&t.folded) || t.stem == "fail";
        let absent_from = |t: &Tok, other: &[Tok]| !other.iter().any(|o| o.stem == t.stem);
        let cue_a = (h.a_start..h.a_end).find(|&i| explicit(&ta[i]) && absent_from(&ta[i], tb));
        let cue_b = (h.b_start..h.b_end).find(|&j| explicit(&tb[j]) && absent_from(&tb[j], ta));
        if cue_a.is_some() == cue_b.is_some() {
            continue;
        }
        // Highlight the cue, and on the other side the word it negates
        // (the first shared word after the hunk) or the replaced words.
        let (spans_a, spans_b, cue) = match (cue_a, cue_b) {
            (Some(i), None) => (
                vec![span(&ta[i])],
                other_side_spans(tb, h.b_start, h.b_end),
                ta[i].folded.clone(),
            ),
            (None, Some(j)) => (
                other_side_spans(ta, h.a_start, h.a_end),
                vec![span(&tb[j])],
                tb[j].folded.clone(),
            ),
            _ => continue,
        };
        return Some(Difference {
            severity: Severity::Contradiction,
            detail: "negation",
            spans_a,
            spans_b,
            note: format!("\"{cue}\" in one version only"),
        });
    }
    None
}

fn other_side_spans(toks: &[Tok], start: usize, end: usize) -> Vec<Span> {
    if start < end {
        return (start..end).map(|k| span(&toks[k])).collect();
    }
    toks.get(start).map(span).into_iter().collect()
}

/// Certain ("scheduled", "will") vs hedged ("could", "may") wording of the
/// same predicate: the content word after each cue must be shared.
fn modality(ta: &[Tok], tb: &[Tok], w: &WordAlignment) -> Option<Difference> {
    let next_content = |toks: &[Tok], i: usize| -> Option<String> {
        toks[i + 1..]
            .iter()
            .take(4)
            .find(|t| !t.function && !is_certain_modal(&t.folded) && !is_hedged_modal(&t.folded))
            .map(|t| t.stem.clone())
    };
    for (i, x) in ta.iter().enumerate() {
        if w.matched_a[i].is_some() {
            continue;
        }
        let x_certain = is_certain_modal(&x.folded);
        let x_hedged = is_hedged_modal(&x.folded);
        if !x_certain && !x_hedged {
            continue;
        }
        let Some(head_a) = next_content(ta, i) else {
            continue;
        };
        for (j, y) in tb.iter().enumerate() {
            if w.matched_b[j].is_some() {
                continue;
            }
            let opposite = (x_certain && is_hedged_modal(&y.folded))
                || (x_hedged && is_certain_modal(&y.folded));
            if !opposite {
                continue;
            }
            if next_content(tb, j).as_deref() == Some(head_a.as_str()) {
                return Some(Difference {
                    severity: Severity::Contradiction,
                    detail: "modality",
                    spans_a: vec![span(x)],
                    spans_b: vec![span(y)],
                    note: format!("\"{}\" vs \"{}\"", x.folded, y.folded),
                });
            }
        }
    }
    None
}

/// Country (or other proper name) keys of the capitalised words.
fn entity_keys(toks: &[Tok]) -> Vec<(usize, String)> {
    toks.iter()
        .enumerate()
        .filter(|(i, t)| {
            t.capitalised && !t.function && (*i > 0 || country_of(&t.folded).is_some())
        })
        .filter(|(_, t)| crate::numbers::weekday(&t.folded).is_none())
        .map(|(i, t)| {
            let key = country_of(&t.folded)
                .map(str::to_string)
                .unwrap_or_else(|| t.folded.clone());
            (i, key)
        })
        .collect()
}

/// The party a predicate word at `p` acts on, when the syntax makes it
/// plain: "sanctions on/against/in X", "pressure X with (tough) sanctions".
fn target_of(toks: &[Tok], keys: &[(usize, String)], p: usize) -> Option<(usize, String)> {
    const PREPOSITIONS: &[&str] = &[
        "on",
        "against",
        "in",
        "into",
        "at",
        "to",
        "targeting",
        "over",
    ];
    let key_at = |i: usize| keys.iter().find(|(k, _)| *k == i).cloned();
    if toks
        .get(p + 1)
        .is_some_and(|t| PREPOSITIONS.contains(&t.folded.as_str()))
    {
        // Allow one determiner or modifier between: "on the Kremlin".
        if let Some(k) = key_at(p + 2).or_else(|| key_at(p + 3)) {
            return Some(k);
        }
    }
    // "X with (adjective) P".
    for back in 2..=3 {
        let Some(with) = p.checked_sub(back - 1) else {
            break;
        };
        let Some(x) = p.checked_sub(back) else { break };
        if toks[with].folded == "with" || (back == 3 && toks[p - 2].folded == "with") {
            if let Some(k) = key_at(x).or_else(|| x.checked_sub(1).and_then(key_at)) {
                return Some(k);
            }
        }
    }
    None
}

/// The party doing the predicate at `p`: a name right before it, or
/// before one auxiliary ("Russia has sanctioned").
fn agent_of(toks: &[Tok], keys: &[(usize, String)], p: usize) -> Option<(usize, String)> {
    let key_at = |i: usize| keys.iter().find(|(k, _)| *k == i).cloned();
    let prev = p.checked_sub(1)?;
    key_at(prev).or_else(|| {
        let aux = &toks[prev];
        (aux.function && !matches!(aux.folded.as_str(), "with" | "of" | "in" | "on" | "to"))
            .then(|| prev.checked_sub(1).and_then(key_at))
            .flatten()
    })
}

/// The same predicate attached to different parties while both parties
/// appear in both sentences: who does what to whom was swapped
/// ("sanctions on Moscow" vs "sanctions in Kiev"; "X attacked Y" vs "Y
/// attacked X").
fn role_swap(ta: &[Tok], tb: &[Tok]) -> Option<Difference> {
    let (ka, kb) = (entity_keys(ta), entity_keys(tb));
    if ka.len() < 2 || kb.len() < 2 {
        return None;
    }
    let keys_a: BTreeSet<&str> = ka.iter().map(|(_, k)| k.as_str()).collect();
    let keys_b: BTreeSet<&str> = kb.iter().map(|(_, k)| k.as_str()).collect();
    for (i, x) in ta.iter().enumerate() {
        if x.function || x.capitalised || x.stem.len() < 4 {
            continue;
        }
        let in_a = ta.iter().filter(|t| t.stem == x.stem).count();
        let in_b: Vec<usize> = (0..tb.len()).filter(|&k| tb[k].stem == x.stem).collect();
        if in_a != 1 || in_b.len() != 1 {
            continue;
        }
        let j = in_b[0];
        let swapped = |pa: Option<(usize, String)>, pb: Option<(usize, String)>| {
            let ((ea, key_a), (eb, key_b)) = (pa?, pb?);
            (key_a != key_b && keys_a.contains(key_b.as_str()) && keys_b.contains(key_a.as_str()))
                .then_some((ea, key_a, eb, key_b))
        };
        // "X attacked Y" vs "Y attacked X": both parties named right
        // around the verb, in opposite places.
        let object = |toks: &[Tok], keys: &[(usize, String)], p: usize| {
            let _ = toks;
            keys.iter().find(|(k, _)| *k == p + 1).cloned()
        };
        let subject_object_swap = || {
            let (aa, oa) = (agent_of(ta, &ka, i)?, object(ta, &ka, i)?);
            let (ab, ob) = (agent_of(tb, &kb, j)?, object(tb, &kb, j)?);
            (aa.1 != oa.1 && aa.1 == ob.1 && oa.1 == ab.1).then_some((aa.0, aa.1, ab.0, ab.1))
        };
        let found =
            swapped(target_of(ta, &ka, i), target_of(tb, &kb, j)).or_else(subject_object_swap);
        if let Some((ea, key_a, eb, key_b)) = found {
            return Some(Difference {
                severity: Severity::Contradiction,
                detail: "role_swap",
                spans_a: vec![span(&ta[ea])],
                spans_b: vec![span(&tb[eb])],
                note: format!(
                    "\"{}\" attached to {} in one version, {} in the other",
                    x.folded, key_a, key_b
                ),
            });
        }
    }
    None
}

/// Edit distance of two short strings, by chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// True when two names are spellings of one another (Zelensky/Zelenskyy).
pub fn similar_spelling(a: &str, b: &str) -> bool {
    let longest = a.chars().count().max(b.chars().count()).max(1);
    a.starts_with(b) || b.starts_with(a) || (edit_distance(a, b) as f32 / longest as f32) <= 0.34
}

/// A proper name in one sentence replaced by a different one in the same
/// slot of the other (a hunk holding only capitalised words on each side).
fn name_change(ta: &[Tok], tb: &[Tok], w: &WordAlignment) -> Option<Difference> {
    let count = |keys: &[(usize, String)], k: &str| keys.iter().filter(|(_, x)| x == k).count();
    let (keys_a, keys_b) = (entity_keys(ta), entity_keys(tb));
    for h in &w.hunks {
        let (len_a, len_b) = (h.a_end - h.a_start, h.b_end - h.b_start);
        if !(1..=3).contains(&len_a) || !(1..=3).contains(&len_b) {
            continue;
        }
        // Both sides must sit between shared words (a real slot), and
        // not at the very start of the sentence.
        if h.a_start == 0 || h.b_start == 0 {
            continue;
        }
        let is_name =
            |t: &Tok| t.capitalised && !t.function && crate::numbers::weekday(&t.folded).is_none();
        let side_a = &ta[h.a_start..h.a_end];
        let side_b = &tb[h.b_start..h.b_end];
        if !side_a.iter().all(is_name) || !side_b.iter().all(is_name) {
            continue;
        }
        let key = |t: &Tok| {
            country_of(&t.folded)
                .map(str::to_string)
                .unwrap_or_else(|| t.folded.clone())
        };
        let whole = |side: &[Tok]| {
            let joined: Vec<&str> = side.iter().map(|t| t.folded.as_str()).collect();
            let joined = joined.join(" ");
            country_of(&joined).map(str::to_string)
        };
        let name_a: Vec<String> = whole(side_a)
            .map(|k| vec![k])
            .unwrap_or_else(|| side_a.iter().map(key).collect());
        let name_b: Vec<String> = whole(side_b)
            .map(|k| vec![k])
            .unwrap_or_else(|| side_b.iter().map(key).collect());
        let initials = |side: &[Tok]| -> String {
            side.iter()
                .filter_map(|t| t.folded.chars().next())
                .collect()
        };
        let letters = |side: &[Tok]| -> String {
            side.iter()
                .flat_map(|t| t.folded.chars().filter(|c| c.is_alphanumeric()))
                .collect()
        };
        let acronym = (side_a.len() > 1 && initials(side_a) == letters(side_b))
            || (side_b.len() > 1 && initials(side_b) == letters(side_a));
        let spelled_alike = name_a
            .iter()
            .any(|x| name_b.iter().any(|y| similar_spelling(x, y)));
        // A name that merely moved elsewhere in the sentence is as
        // frequent in the other sentence as in this one.
        let moved = name_a
            .iter()
            .any(|x| count(&keys_b, x) >= count(&keys_a, x))
            || name_b
                .iter()
                .any(|y| count(&keys_a, y) >= count(&keys_b, y));
        if spelled_alike || moved || acronym || name_a == name_b {
            continue;
        }
        return Some(Difference {
            severity: Severity::Divergence,
            detail: "name",
            spans_a: side_a.iter().map(span).collect(),
            spans_b: side_b.iter().map(span).collect(),
            note: format!("\"{}\" vs \"{}\"", name_a.join(" "), name_b.join(" ")),
        });
    }
    None
}

fn qty_span(q: &Qty) -> Span {
    Span {
        start: q.start,
        end: q.end,
    }
}

/// Amounts of the same thing (same head word, or the only amount of two
/// close sentences) whose ranges do not overlap.
fn numbers(a: &str, b: &str, ta: &[Tok], tb: &[Tok], overlap: f32) -> Vec<Difference> {
    let qa = find_quantities(a, ta);
    let qb = find_quantities(b, tb);
    let mut out = Vec::new();
    if qa.is_empty() || qb.is_empty() {
        return out;
    }
    let lone_pair = qa.len() == 1 && qb.len() == 1 && overlap >= 0.6;
    for x in &qa {
        let same_head: Vec<&Qty> = qb
            .iter()
            .filter(|y| {
                (x.head.is_some() && x.head == y.head && x.unit == y.unit)
                    || (lone_pair && x.unit == y.unit)
            })
            .collect();
        if same_head.is_empty() || same_head.iter().any(|y| x.overlaps(y)) {
            continue;
        }
        let y = same_head[0];
        out.push(Difference {
            severity: Severity::Divergence,
            detail: "number",
            spans_a: vec![qty_span(x)],
            spans_b: vec![qty_span(y)],
            note: format!("\"{}\" vs \"{}\"", &a[x.start..x.end], &b[y.start..y.end]),
        });
        break;
    }
    out
}

/// The event times of a sentence: its time mentions minus those that date
/// the reporting ("said on Thursday").
pub fn event_times(text: &str) -> Vec<TimeMention> {
    let toks = tokens(text);
    find_times(text, &toks)
        .into_iter()
        .filter(|t| {
            let speech_at = |k: Option<usize>| {
                k.and_then(|k| toks.get(k))
                    .is_some_and(|tok| is_speech_verb(&tok.folded))
            };
            let before = t.first_token.checked_sub(1);
            let on_before = before.filter(|&k| toks[k].folded == "on");
            // "said Thursday", "said on Thursday", "on Thursday said",
            // "Thursday hailed".
            let reporting = speech_at(before)
                || speech_at(on_before.and_then(|k| k.checked_sub(1)))
                || speech_at(Some(t.last_token + 1));
            !reporting
        })
        .collect()
}

/// Weekdays, dates and relative days that differ between the sentences.
fn times(a: &str, b: &str) -> Vec<Difference> {
    let ta = event_times(a);
    let tb = event_times(b);
    time_difference(a, &ta, b, &tb).into_iter().collect()
}

/// Compares two sets of event times; `None` when either is empty or they
/// name the same days.
pub fn time_difference(
    a: &str,
    ta: &[TimeMention],
    b: &str,
    tb: &[TimeMention],
) -> Option<Difference> {
    let days = |ts: &[TimeMention]| -> BTreeSet<String> {
        ts.iter()
            .filter(|t| t.kind != "year")
            .map(|t| t.key.clone())
            .collect()
    };
    let years = |ts: &[TimeMention]| -> BTreeSet<String> {
        ts.iter()
            .filter(|t| t.kind == "year")
            .map(|t| t.key.clone())
            .collect()
    };
    let (da, db) = (days(ta), days(tb));
    let (ya, yb) = (years(ta), years(tb));
    let (detail, differing_a, differing_b): (&'static str, Vec<&TimeMention>, Vec<&TimeMention>) =
        if !da.is_empty() && !db.is_empty() && da != db {
            let weekdayish = ta.iter().chain(tb).any(|t| t.kind != "date");
            (
                if weekdayish { "weekday" } else { "date" },
                ta.iter()
                    .filter(|t| t.kind != "year" && !db.contains(&t.key))
                    .collect(),
                tb.iter()
                    .filter(|t| t.kind != "year" && !da.contains(&t.key))
                    .collect(),
            )
        } else if !ya.is_empty() && !yb.is_empty() && ya.is_disjoint(&yb) {
            (
                "date",
                ta.iter().filter(|t| t.kind == "year").collect(),
                tb.iter().filter(|t| t.kind == "year").collect(),
            )
        } else {
            return None;
        };
    let spans = |v: &[&TimeMention]| -> Vec<Span> {
        v.iter()
            .map(|t| Span {
                start: t.start,
                end: t.end,
            })
            .collect()
    };
    let words = |text: &str, v: &[&TimeMention]| -> String {
        v.iter()
            .map(|t| &text[t.start..t.end])
            .collect::<Vec<_>>()
            .join(", ")
    };
    let all_a: Vec<&TimeMention> = ta.iter().collect();
    let all_b: Vec<&TimeMention> = tb.iter().collect();
    Some(Difference {
        severity: Severity::Divergence,
        detail,
        spans_a: spans(if differing_a.is_empty() {
            &all_a
        } else {
            &differing_a
        }),
        spans_b: spans(if differing_b.is_empty() {
            &all_b
        } else {
            &differing_b
        }),
        note: format!("\"{}\" vs \"{}\"", words(a, &all_a), words(b, &all_b)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn details(a: &str, b: &str) -> Vec<&'static str> {
        compare(a, b).into_iter().map(|d| d.detail).collect()
    }

    fn text_of<'a>(s: &'a str, spans: &[Span]) -> Vec<&'a str> {
        spans.iter().map(|sp| &s[sp.start..sp.end]).collect()
    }

    #[test]
    fn peace_turned_into_war_is_an_antonym_contradiction() {
        let a = "Zelenskyy said he decided to send a delegation to show that Ukraine remains firmly committed to the pursuit of war.";
        let b = "Zelenskyy explained that Ukraine would still attend to demonstrate its ongoing commitment to peace.";
        let diffs = compare(a, b);
        let d = diffs
            .iter()
            .find(|d| d.detail == "antonym")
            .expect("antonym");
        assert_eq!(d.severity, Severity::Contradiction);
        assert_eq!(text_of(a, &d.spans_a), ["war"]);
        assert_eq!(text_of(b, &d.spans_b), ["peace"]);
    }

    #[test]
    fn paraphrase_with_peace_and_war_in_other_slots_is_not_an_antonym() {
        let a = "Zelenskyy said Russia was not serious about ending the war.";
        let b = "Ukraine sent a team to the peace talks in Istanbul.";
        assert!(!details(a, b).contains(&"antonym"));
    }

    #[test]
    fn sanctions_target_swapped_is_a_role_swap() {
        let a = "The remarks will curb hopes Trump is ready to impose tough sanctions in Kiev and its European allies, and Moscow has little incentive to compromise.";
        let b = "These remarks have diminished hopes among Ukraine and its European allies that Trump might pressure Moscow with stronger sanctions if the negotiations fall apart.";
        let diffs = compare(a, b);
        let d = diffs
            .iter()
            .find(|d| d.detail == "role_swap")
            .expect("role swap");
        assert_eq!(text_of(a, &d.spans_a), ["Kiev"]);
        assert_eq!(text_of(b, &d.spans_b), ["Moscow"]);
    }

    #[test]
    fn swapped_agent_and_target_is_a_role_swap() {
        let a = "Officials said Russia attacked Ukraine overnight with drones.";
        let b = "Officials said Ukraine attacked Russia overnight with drones.";
        assert!(details(a, b).contains(&"role_swap"));
        assert!(!details(a, a).contains(&"role_swap"));
    }

    #[test]
    fn inserted_not_is_a_negation() {
        let a = "The Kremlin confirmed that Putin would attend the talks in Istanbul.";
        let b = "The Kremlin confirmed that Putin would not attend the talks in Istanbul.";
        let diffs = compare(a, b);
        let d = diffs
            .iter()
            .find(|d| d.detail == "negation")
            .expect("negation");
        assert_eq!(text_of(b, &d.spans_b), ["not"]);
        assert_eq!(text_of(a, &d.spans_a), ["attend"]);
    }

    #[test]
    fn negation_paraphrased_by_a_negative_verb_is_not_flagged() {
        let a = "The Kremlin confirmed that Putin would not attend the talks.";
        let b = "The Kremlin confirmed that Putin would skip the talks.";
        assert!(!details(a, b).contains(&"negation"));
    }

    #[test]
    fn vague_casualty_figures_diverge() {
        let a = "Tens of thousands have been killed since Moscow invaded Ukraine in February 2022.";
        let b = "Hundreds of thousands have been killed and wounded on both sides in the deadliest conflict in Europe.";
        let diffs = compare(a, b);
        let d = diffs.iter().find(|d| d.detail == "number").expect("number");
        assert_eq!(text_of(a, &d.spans_a), ["Tens of thousands"]);
        assert_eq!(text_of(b, &d.spans_b), ["Hundreds of thousands"]);
    }

    #[test]
    fn same_figures_written_differently_agree() {
        let a = "Ukraine wants an immediate 30-day ceasefire.";
        let b = "He wants an immediate 30-day ceasefire, something Putin rejected.";
        assert!(!details(a, b).contains(&"number"));
    }

    #[test]
    fn start_days_diverge_but_reporting_day_is_ignored() {
        let a = "Negotiations are scheduled to begin on Friday.";
        let b = "Zelenskyy announced that the talks could start as early as Thursday evening or Friday.";
        let diffs = compare(a, b);
        assert!(diffs.iter().any(|d| d.detail == "weekday"), "{diffs:?}");
        assert!(diffs.iter().any(|d| d.detail == "modality"), "{diffs:?}");
        let c = "Zelenskyy said on Thursday that the talks begin on Friday.";
        assert!(!details(a, c).contains(&"weekday"));
    }

    #[test]
    fn changed_name_in_same_slot_diverges_but_spelling_variant_does_not() {
        let a = "The Ukrainian delegation is being led by Defence Minister Rustem Umerov today.";
        let b = "The Ukrainian delegation is being led by Defence Minister Andriy Sybiha today.";
        assert!(details(a, b).contains(&"name"));
        let c = "The Ukrainian delegation is being led by Defence Minister Rustem Umerow today.";
        assert!(!details(a, c).contains(&"name"));
    }

    #[test]
    fn identical_sentences_have_no_difference() {
        let a =
            "Russia now occupies about a fifth of Ukraine's territory, officials said on Monday.";
        assert!(compare(a, a).is_empty());
    }
}
