//! Pairwise comparison of two sentences that report the same fact.
//!
//! In: two aligned sentences as [`Side`]s (text, tokens, event days
//! resolved against the article date when the extraction stage could) and
//! the [`AnalysisConfig`]. Out: the [`Difference`]s between them, each
//! with its [`DifferenceKind`] (which fixes the severity: contradiction,
//! the meaning is inverted; divergence, the same fact with other figures,
//! days or names) and the exact differing byte spans in each sentence.
//! Each kind is found by one rule of [`RULES`].
//!
//! The comparison is word-level: a longest-common-subsequence alignment of
//! the two sentences' stems splits them into shared words and differing
//! "hunks"; each check looks at what the hunks hold. Paraphrases differ
//! in many places, so every check also asks for local evidence that the
//! two differing pieces fill the same slot (a shared neighbour, the same
//! head word), which keeps false alarms down. Amounts are compared only
//! in the same slot ([`same_slot`]: dimension, counted word, predicate),
//! after unit conversion.
//!
//! Invariants: spans lie inside their sentence and on char boundaries;
//! the result depends only on the two sides and the configuration
//! (deterministic, symmetric up to swapping `a` and `b`).

use crate::lexicon::{
    are_antonyms, are_function_antonyms, country_of, is_certain_modal, is_hedged_modal,
    is_negation, is_negative, is_speech_verb, is_title, tokens, Tok,
};
use crate::numbers::{find_quantities, find_times, Qty, TimeMention};
use corroborate_core::{AnalysisConfig, DifferenceKind, FindingKind, Span, TimeExpr};
use std::collections::BTreeSet;

/// How serious a difference is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// One sentence inverts the other's meaning.
    Contradiction,
    /// Same fact, other figures, days, names or scope.
    Divergence,
}

impl Severity {
    /// The severity of a kind of difference.
    pub fn of(kind: DifferenceKind) -> Self {
        match kind.finding_kind() {
            FindingKind::Contradiction => Severity::Contradiction,
            _ => Severity::Divergence,
        }
    }
}

/// One difference between sentence `a` and sentence `b`.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// What differs; `severity` and `detail` are derived from it.
    pub kind: DifferenceKind,
    pub severity: Severity,
    /// `kind.as_str()`, kept for callers that group by the report's detail.
    pub detail: &'static str,
    /// Differing spans in `a` and in `b`.
    pub spans_a: Vec<Span>,
    pub spans_b: Vec<Span>,
    /// Short human-readable account, e.g. `"peace" vs "war"`.
    pub note: String,
}

impl Difference {
    fn new(kind: DifferenceKind, spans_a: Vec<Span>, spans_b: Vec<Span>, note: String) -> Self {
        Self {
            kind,
            severity: Severity::of(kind),
            detail: kind.as_str(),
            spans_a,
            spans_b,
            note,
        }
    }
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

/// The words of `toks` (consecutive tokens of `text`) as the sentence
/// writes them: a finding's note shows what the reader sees, never a
/// folded key, a stem or a canonical country.
fn surface<'t>(text: &'t str, toks: &[Tok]) -> &'t str {
    match (toks.first(), toks.last()) {
        (Some(first), Some(last)) => text.get(first.start..last.end).unwrap_or(""),
        _ => "",
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

/// One side of a comparison: a sentence, its tokens and its event times
/// (resolved against the article date when the extraction stage could).
pub struct Side<'a> {
    pub text: &'a str,
    pub toks: Vec<Tok>,
    pub times: Vec<TimeMention>,
    /// Days the statement was made ("said on Thursday"), compared apart.
    pub said: Vec<TimeMention>,
}

impl<'a> Side<'a> {
    /// A sentence with the extraction stage's time expressions.
    pub fn new(text: &'a str, resolved: &[TimeExpr]) -> Self {
        let times = resolved_event_times(text, resolved);
        let said = resolve(find_times(text, &tokens(text)), resolved)
            .into_iter()
            .filter(|t| !times.iter().any(|e| e.start == t.start))
            .collect();
        Self {
            text,
            toks: tokens(text),
            times,
            said,
        }
    }

    /// A sentence alone (weekdays and relative days left unresolved).
    pub fn plain(text: &'a str) -> Self {
        Self::new(text, &[])
    }
}

/// Two sides and what every rule needs about them.
pub struct Pair<'s, 'a> {
    pub a: &'s Side<'a>,
    pub b: &'s Side<'a>,
    w: WordAlignment,
    overlap: f32,
    pub config: &'s AnalysisConfig,
}

/// A comparison rule: one kind of difference, looked for in a pair.
pub type Rule = fn(&Pair) -> Option<Difference>;

/// Every comparison rule, in the order their differences are listed.
pub const RULES: &[Rule] = &[
    |p| antonym(p.a, p.b, &p.w),
    |p| negation(p.a, p.b, &p.w, p.overlap, p.config),
    |p| role_swap(p.a, p.b),
    |p| modality(p.a, p.b, &p.w),
    |p| name_change(p.a, p.b, &p.w),
    |p| {
        numbers(p.a.text, p.b.text, &p.a.toks, &p.b.toks, p.config)
            .or_else(|| figure_in_place(p.a.text, p.b.text, &p.a.toks, &p.b.toks, &p.w))
    },
    |p| time_difference(p.a.text, &p.a.times, p.b.text, &p.b.times),
    |p| time_difference(p.a.text, &p.a.said, p.b.text, &p.b.said),
];

/// Compares two sentences reporting the same fact, with default settings
/// and unresolved days.
pub fn compare(a: &str, b: &str) -> Vec<Difference> {
    compare_sides(&Side::plain(a), &Side::plain(b), &AnalysisConfig::default())
}

/// Compares two sides with every rule of [`RULES`].
pub fn compare_sides(a: &Side, b: &Side, config: &AnalysisConfig) -> Vec<Difference> {
    if a.toks.is_empty() || b.toks.is_empty() {
        return Vec::new();
    }
    let pair = Pair {
        a,
        b,
        w: align_words(&a.toks, &b.toks),
        overlap: overlap_of(&a.toks, &b.toks),
        config,
    };
    let mut out: Vec<Difference> = RULES.iter().filter_map(|rule| rule(&pair)).collect();
    // Swapped parties explain the changed name in the same place.
    if out.iter().any(|d| d.kind == DifferenceKind::RoleSwap) {
        out.retain(|d| !matches!(d.kind, DifferenceKind::Name | DifferenceKind::Speaker));
    }
    out
}

/// True when the words of `a` inside `spans` are all matched, word for
/// word, by the alignment of `a` with `z` (the same word in the same place
/// of another report of the fact), not merely present somewhere in `z`.
pub fn spans_matched_in(a: &str, spans: &[Span], z: &str) -> bool {
    spans_matched_in_tokens(&tokens(a), spans, &tokens(z))
}

/// [`spans_matched_in`] on sentences already tokenised.
pub fn spans_matched_in_tokens(ta: &[Tok], spans: &[Span], tz: &[Tok]) -> bool {
    let w = align_words(ta, tz);
    let inside: Vec<usize> = (0..ta.len())
        .filter(|&i| {
            spans
                .iter()
                .any(|s| s.start <= ta[i].start && ta[i].end <= s.end)
        })
        .collect();
    !inside.is_empty() && inside.iter().all(|&i| w.matched_a[i].is_some())
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

/// True when `toks[i]` is "last" used as a verb ("the mission will last
/// 24 hours", "lasted", "lasting"): that sense has no antonym "first".
fn verb_last(toks: &[Tok], i: usize) -> bool {
    let t = &toks[i];
    if !t.folded.starts_with("last") {
        return false;
    }
    if t.folded != "last" {
        return true;
    }
    let before = i.checked_sub(1).map(|k| toks[k].folded.as_str());
    let after = toks.get(i + 1).map(|n| n.folded.as_str());
    matches!(
        before,
        Some(
            "will"
                | "would"
                | "could"
                | "may"
                | "might"
                | "can"
                | "should"
                | "must"
                | "to"
                | "did"
                | "does"
                | "do"
                | "won't"
                | "didn't"
        )
    ) || matches!(
        after,
        Some("for" | "until" | "through" | "longer" | "about")
    )
}

/// A word of one sentence replaced by its antonym in the other, in the
/// same slot (same hunk, or a shared content neighbour). Small function
/// words ("before"/"after", "more"/"fewer") only count when they are the
/// whole of a short hunk on both sides: the rest of the sentence is the
/// same.
fn antonym(a: &Side, b: &Side, w: &WordAlignment) -> Option<Difference> {
    let (ta, tb) = (a.toks.as_slice(), b.toks.as_slice());
    let stems_a: BTreeSet<&str> = ta.iter().map(|t| t.stem.as_str()).collect();
    let stems_b: BTreeSet<&str> = tb.iter().map(|t| t.stem.as_str()).collect();
    let found = |x: &Tok, y: &Tok| {
        Some(Difference::new(
            DifferenceKind::Antonym,
            vec![span(x)],
            vec![span(y)],
            format!(
                "\"{}\" vs \"{}\"",
                surface(a.text, std::slice::from_ref(x)),
                surface(b.text, std::slice::from_ref(y))
            ),
        ))
    };
    for h in &w.hunks {
        if h.a_end - h.a_start > 2 || h.b_end - h.b_start > 2 {
            continue;
        }
        for i in h.a_start..h.a_end {
            for j in h.b_start..h.b_end {
                let (x, y) = (&ta[i], &tb[j]);
                if are_function_antonyms(&x.folded, &y.folded)
                    && !verb_last(ta, i)
                    && !verb_last(tb, j)
                {
                    return found(x, y);
                }
            }
        }
    }
    for (i, x) in ta.iter().enumerate() {
        if w.matched_a[i].is_some() || x.function || stems_b.contains(x.stem.as_str()) {
            continue;
        }
        for (j, y) in tb.iter().enumerate() {
            if w.matched_b[j].is_some() || y.function || stems_a.contains(y.stem.as_str()) {
                continue;
            }
            if !are_antonyms(&x.folded, &y.folded) || verb_last(ta, i) || verb_last(tb, j) {
                continue;
            }
            // "making peace" / "ending the war": a word an ending verb
            // governs means its opposite, so the pair says the same.
            if ended(ta, i) != ended(tb, j) {
                continue;
            }
            // The two words must fill the same slot: a content word next
            // to them is shared ("committed to war" / "commitment to
            // peace"), not merely both present somewhere.
            let na = neighbours(ta, i, 3);
            let nb = neighbours(tb, j, 3);
            let shared_neighbour = na.intersection(&nb).next().is_some();
            if shared_neighbour {
                return found(x, y);
            }
        }
    }
    None
}

/// Verbs that end what they govern ("ending the war", "halt the fighting").
const ENDING_VERBS: &[&str] = &[
    "end", "ends", "ended", "ending", "stop", "stops", "stopped", "stopping", "halt", "halts",
    "halted", "halting", "cease", "ceased", "ceasing",
];

/// Whether the word at `i` is the object of an ending verb: the nearest
/// content word before it, function words only between ("end the war";
/// not "ending this bloody war": "bloody" is content).
fn ended(toks: &[Tok], i: usize) -> bool {
    toks[..i]
        .iter()
        .rev()
        .take(3)
        .find(|t| !t.function)
        .is_some_and(|t| ENDING_VERBS.contains(&t.folded.as_str()))
}

fn polarity(toks: &[Tok]) -> usize {
    toks.iter().filter(|t| is_negative(&t.folded)).count()
}

/// A negation present in one sentence and absent from the other around
/// the same words: a small hunk holding the cue, the rest shared.
fn negation(
    a: &Side,
    b: &Side,
    w: &WordAlignment,
    overlap: f32,
    config: &AnalysisConfig,
) -> Option<Difference> {
    let (ta, tb) = (a.toks.as_slice(), b.toks.as_slice());
    if polarity(ta) % 2 == polarity(tb) % 2 || overlap < config.negation_min_overlap {
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
                surface(a.text, &ta[i..=i]),
            ),
            (None, Some(j)) => (
                other_side_spans(ta, h.a_start, h.a_end),
                vec![span(&tb[j])],
                surface(b.text, &tb[j..=j]),
            ),
            _ => continue,
        };
        return Some(Difference {
            kind: DifferenceKind::Negation,
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
fn modality(a: &Side, b: &Side, w: &WordAlignment) -> Option<Difference> {
    let (ta, tb) = (a.toks.as_slice(), b.toks.as_slice());
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
                    kind: DifferenceKind::Modality,
                    severity: Severity::Contradiction,
                    detail: "modality",
                    spans_a: vec![span(x)],
                    spans_b: vec![span(y)],
                    note: format!(
                        "\"{}\" vs \"{}\"",
                        surface(a.text, &ta[i..=i]),
                        surface(b.text, &tb[j..=j])
                    ),
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
fn role_swap(a: &Side, b: &Side) -> Option<Difference> {
    let (ta, tb) = (a.toks.as_slice(), b.toks.as_slice());
    // Parties are countries and their metonyms: other capitalised words
    // ("International", "Prime") are too often parts of names and titles
    // for their place around a verb to tell who does what.
    let parties = |toks: &[Tok]| -> Vec<(usize, String)> {
        entity_keys(toks)
            .into_iter()
            .filter(|(i, _)| country_of(&toks[*i].folded).is_some())
            .collect()
    };
    let (ka, kb) = (parties(ta), parties(tb));
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
        if let Some((ea, _, eb, _)) = found {
            return Some(Difference {
                kind: DifferenceKind::RoleSwap,
                severity: Severity::Contradiction,
                detail: "role_swap",
                spans_a: vec![span(&ta[ea])],
                spans_b: vec![span(&tb[eb])],
                note: format!(
                    "\"{}\" attached to {} in one version, {} in the other",
                    surface(a.text, &ta[i..=i]),
                    surface(a.text, &ta[ea..=ea]),
                    surface(b.text, &tb[eb..=eb])
                ),
            });
        }
    }
    None
}

/// True when two names are spellings of one another (Zelensky/Zelenskyy).
pub fn similar_spelling(a: &str, b: &str) -> bool {
    let longest = a.chars().count().max(b.chars().count()).max(1);
    a.starts_with(b)
        || b.starts_with(a)
        || (corroborate_core::text::edit_distance(a, b) as f32 / longest as f32) <= 0.34
}

/// A proper name in one sentence replaced by a different one in the same
/// slot of the other (a hunk holding only capitalised words on each side).
fn name_change(a: &Side, b: &Side, w: &WordAlignment) -> Option<Difference> {
    let (ta, tb) = (a.toks.as_slice(), b.toks.as_slice());
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
        let is_name = |t: &Tok| {
            t.capitalised
                && !t.function
                && !is_title(&t.folded)
                && crate::numbers::weekday(&t.folded).is_none()
        };
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
        // (A name of several words, "Saudi Arabia", is no single word's
        // key: it occurs at least once, here.)
        let moved = name_a
            .iter()
            .any(|x| count(&keys_b, x) >= count(&keys_a, x).max(1))
            || name_b
                .iter()
                .any(|y| count(&keys_a, y) >= count(&keys_b, y).max(1));
        if spelled_alike || moved || acronym || name_a == name_b {
            continue;
        }
        // Next to a verb of saying the name is the speaker: the same words
        // given to someone else.
        let speech_next_to = |toks: &[Tok], start: usize, end: usize| {
            let near = |k: Option<usize>| {
                k.and_then(|k| toks.get(k))
                    .is_some_and(|t| is_speech_verb(&t.folded) || t.folded == "according")
            };
            near(start.checked_sub(1)) || near(Some(end)) || near(start.checked_sub(2))
        };
        let kind =
            if speech_next_to(ta, h.a_start, h.a_end) || speech_next_to(tb, h.b_start, h.b_end) {
                DifferenceKind::Speaker
            } else {
                DifferenceKind::Name
            };
        return Some(Difference::new(
            kind,
            side_a.iter().map(span).collect(),
            side_b.iter().map(span).collect(),
            format!(
                "\"{}\" vs \"{}\"",
                surface(a.text, side_a),
                surface(b.text, side_b)
            ),
        ));
    }
    None
}

fn qty_span(q: &Qty) -> Span {
    Span {
        start: q.start,
        end: q.end,
    }
}

/// Heads too generic to say alone what is counted ("5 people", "3
/// years"): the word after them (the predicate, "killed" / "wounded", or
/// the person an age belongs to) must not differ.
const GENERIC_HEADS: &[&str] = &[
    "people", "person", "other", "time", "member", "official", "part", "side", "way", "case",
    "more", "number", "total", "many", "group",
];

/// True when two amounts measure the same thing: the same dimension
/// (a count, a length, a duration, an age…), the same counted word, and
/// no conflicting word around them.
pub fn same_slot(x: &Qty, y: &Qty) -> bool {
    if x.unit != y.unit {
        return false;
    }
    let conflict =
        |p: &Option<String>, q: &Option<String>| matches!((p, q), (Some(p), Some(q)) if p != q);
    let generic = |h: &str| {
        GENERIC_HEADS
            .iter()
            .any(|g| crate::lexicon::canonical_stem(g) == h)
    };
    let measured = x.unit.is_some();
    match (&x.head, &y.head) {
        (Some(hx), Some(hy)) if hx == hy => {
            if generic(hx) || measured {
                !conflict(&x.after, &y.after) && (x.after == y.after || x.before == y.before)
            } else {
                true
            }
        }
        // A measure alone ("22.5 cm", "more than 30 cm") of the same
        // thing: what comes before it must match.
        (None, None) => measured && x.before.is_some() && x.before == y.before,
        _ => false,
    }
}

/// True when an amount's head is specific enough to stand for the fact
/// across the story: a non-generic counted word, no unit.
pub fn specific_count(q: &Qty) -> bool {
    q.unit.is_none()
        && q.head.as_deref().is_some_and(|h| {
            h.len() > 2
                && !GENERIC_HEADS
                    .iter()
                    .any(|g| crate::lexicon::canonical_stem(g) == h)
        })
}

/// Amounts of the same thing whose values do not agree (after unit
/// conversion, within the configured tolerance). The finding names the
/// two amounts that differ.
fn numbers(
    a: &str,
    b: &str,
    ta: &[Tok],
    tb: &[Tok],
    config: &AnalysisConfig,
) -> Option<Difference> {
    let qa = find_quantities(a, ta);
    let qb = find_quantities(b, tb);
    for x in &qa {
        let same: Vec<&Qty> = qb.iter().filter(|y| same_slot(x, y)).collect();
        if same.is_empty()
            || same
                .iter()
                .any(|y| x.agrees_as_written(y, config.unit_tolerance))
        {
            continue;
        }
        // The amount of `a` may also be matched by another of `b` that
        // reads the same on the other side (two figures, one sentence).
        if qb.iter().any(|y| {
            y.unit == x.unit && x.agrees_as_written(y, config.unit_tolerance) && y.head == x.head
        }) {
            continue;
        }
        let y = same[0];
        return Some(Difference::new(
            DifferenceKind::Number,
            vec![qty_span(x)],
            vec![qty_span(y)],
            format!("\"{}\" vs \"{}\"", &a[x.start..x.end], &b[y.start..y.end]),
        ));
    }
    None
}

/// A figure written in digits replaced by another in the same place, the
/// words on both sides of it shared ("along Highway 12, where" / "along
/// Highway 36, where", a phone number's area code): an identifier or an
/// amount with no counted word [`numbers`] accepts. Years are left to the
/// time rules, and a figure of an amount with a counted word or a unit to
/// [`numbers`].
fn figure_in_place(
    a: &str,
    b: &str,
    ta: &[Tok],
    tb: &[Tok],
    w: &WordAlignment,
) -> Option<Difference> {
    let digits = |t: &Tok| !t.folded.is_empty() && t.folded.bytes().all(|c| c.is_ascii_digit());
    let year = |t: &Tok| {
        t.folded.len() == 4 && (1000..=2999).contains(&t.folded.parse::<u32>().unwrap_or(0))
    };
    let (qa, qb) = (find_quantities(a, ta), find_quantities(b, tb));
    // An amount that counts or measures something (a head or a unit) is
    // [`numbers`]' to judge: "the 29-year-old suspect" / "the 18-year-old
    // victim" are two people, not a changed figure.
    let counted = |t: &Tok, q: &[Qty]| {
        q.iter()
            .any(|x| x.start <= t.start && t.end <= x.end && (x.head.is_some() || x.unit.is_some()))
    };
    for h in &w.hunks {
        if h.a_end != h.a_start + 1 || h.b_end != h.b_start + 1 || h.a_start == 0 || h.b_start == 0
        {
            continue;
        }
        // Shared words on both sides: a word after it too, unless the
        // figure ends both sentences.
        let (x, y) = (&ta[h.a_start], &tb[h.b_start]);
        let ends = h.a_end == ta.len() && h.b_end == tb.len();
        let followed = h.a_end < ta.len() && w.matched_a[h.a_end].is_some();
        if !(ends || followed) || !digits(x) || !digits(y) || x.folded == y.folded {
            continue;
        }
        if year(x) || year(y) || counted(x, &qa) || counted(y, &qb) {
            continue;
        }
        // "1,000" against "1000": the same value in other digits.
        if x.folded.trim_start_matches('0') == y.folded.trim_start_matches('0') {
            continue;
        }
        return Some(Difference::new(
            DifferenceKind::Number,
            vec![span(x)],
            vec![span(y)],
            format!("\"{}\" vs \"{}\"", &a[x.start..x.end], &b[y.start..y.end]),
        ));
    }
    None
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

/// Event times of one side, with weekdays and relative days replaced by
/// the calendar day the extraction stage resolved them to (against the
/// article's date), so "Thursday or Friday" and "tonight or tomorrow"
/// written on a Thursday name the same days.
pub fn resolved_event_times(text: &str, resolved: &[TimeExpr]) -> Vec<TimeMention> {
    resolve(event_times(text), resolved)
}

fn resolve(mut ts: Vec<TimeMention>, resolved: &[TimeExpr]) -> Vec<TimeMention> {
    for t in &mut ts {
        if t.kind == "year" {
            continue;
        }
        let day = resolved
            .iter()
            .filter(|r| r.start < t.end && t.start < r.end)
            .find_map(|r| r.resolved.as_deref().filter(|d| d.len() == 10));
        if let Some(day) = day {
            t.key = format!("day:{day}");
        }
    }
    ts
}

/// Days and years the two sentences give for their event that share no
/// value: "Friday" vs "Thursday or Friday" agree (one is a hedge of the
/// other), "Friday" vs "Saturday" do not.
pub fn time_difference(
    a: &str,
    ta: &[TimeMention],
    b: &str,
    tb: &[TimeMention],
) -> Option<Difference> {
    let keys = |ts: &[TimeMention], year: bool| -> BTreeSet<String> {
        ts.iter()
            .filter(|t| (t.kind == "year") == year)
            .map(|t| t.key.clone())
            .collect()
    };
    let (da, db) = (keys(ta, false), keys(tb, false));
    let (ya, yb) = (keys(ta, true), keys(tb, true));
    // Keys of different families ("wd:5" unresolved vs "day:…") cannot be
    // compared: only disjoint sets of one family are a difference.
    let family = |k: &str| k.split(':').next().unwrap_or("").to_string();
    let families = |ks: &BTreeSet<String>| ks.iter().map(|k| family(k)).collect::<BTreeSet<_>>();
    let comparable_days = !da.is_empty()
        && !db.is_empty()
        && families(&da) == families(&db)
        && families(&da).len() == 1;
    // As many days on each side: compared in order ("Sunday after a
    // meeting Thursday" / "Sunday after a meeting Saturday"); otherwise
    // one side hedges or adds days, and only disjoint sets differ.
    let days_a: Vec<&TimeMention> = ta.iter().filter(|t| t.kind != "year").collect();
    let days_b: Vec<&TimeMention> = tb.iter().filter(|t| t.kind != "year").collect();
    let in_order_differ =
        days_a.len() == days_b.len() && days_a.iter().zip(&days_b).any(|(x, y)| x.key != y.key);
    let (kind, differing_a, differing_b): (DifferenceKind, Vec<&TimeMention>, Vec<&TimeMention>) =
        if comparable_days && (da.is_disjoint(&db) || in_order_differ) {
            let weekdayish = ta
                .iter()
                .chain(tb)
                .any(|t| t.kind != "date" && t.kind != "year");
            (
                if weekdayish {
                    DifferenceKind::Weekday
                } else {
                    DifferenceKind::Date
                },
                ta.iter()
                    .filter(|t| t.kind != "year" && !db.contains(&t.key))
                    .collect(),
                tb.iter()
                    .filter(|t| t.kind != "year" && !da.contains(&t.key))
                    .collect(),
            )
        } else if !ya.is_empty() && !yb.is_empty() && ya.is_disjoint(&yb) && da == db {
            (
                DifferenceKind::Date,
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
    Some(Difference::new(
        kind,
        spans(&differing_a),
        spans(&differing_b),
        format!(
            "\"{}\" vs \"{}\"",
            words(a, &differing_a),
            words(b, &differing_b)
        ),
    ))
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
    fn a_figure_changed_in_the_same_place_is_a_number_divergence() {
        // (Sentences of a dev story; no counted word after the figures.)
        let a = "A canine tracking team indicated Kristan may have walked west from the National Guard Armory where the prom was held for a short distance to a nearby parking lot along Highway 12, where he may have gotten into a car.";
        let b = a.replace("Highway 12", "Highway 36");
        let d = compare(a, &b);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].detail, "number");
        assert_eq!(text_of(a, &d[0].spans_a), vec!["12"]);
        assert_eq!(text_of(&b, &d[0].spans_b), vec!["36"]);
        let a =
            "Anyone with information should contact the Orofino Police Department at 208-476-5551.";
        let b = a.replace("208-", "624-");
        assert_eq!(details(a, &b), vec!["number"]);
        // The same figure, the same sentence: nothing.
        assert!(compare(a, a).is_empty());
        // Figures in different places, or a year, are not this rule's.
        assert!(details(
            "The bridge on Route 9 reopened in 2019.",
            "The bridge on Route 9 reopened in 2021."
        )
        .iter()
        .all(|&d| d != "number"));
    }

    #[test]
    fn a_country_of_two_words_replaced_by_another_place_is_a_name_divergence() {
        let a = "There is no doubt that low oil prices is the main reason why Saudi Arabia is undertaking reforms to diversify its economy.";
        let b = a.replace("Saudi Arabia", "Abu Dhabi");
        assert_eq!(details(a, &b), vec!["name"]);
        // A metonym of the same country is not a change.
        let c = a.replace("Saudi Arabia", "Riyadh");
        assert!(details(a, &c).is_empty(), "{:?}", compare(a, &c));
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
    fn ending_a_war_is_making_peace() {
        let a = "Zelenskyy said that Russia was not serious about making peace.";
        let b = "Zelenskyy said the Russian leader was not serious about ending the war.";
        assert!(!details(a, b).contains(&"antonym"), "{:?}", details(a, b));
        // Both ended: the words still oppose.
        let a = "Zelenskyy said Russia was serious about ending the war.";
        let b = "Zelenskyy said Russia was serious about ending the peace.";
        assert!(details(a, b).contains(&"antonym"), "{:?}", details(a, b));
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
        let a = "Negotiations are scheduled to begin on Saturday.";
        let b = "Zelenskyy announced that the talks could start as early as Thursday evening or Friday.";
        let diffs = compare(a, b);
        assert!(diffs.iter().any(|d| d.detail == "weekday"), "{diffs:?}");
        assert!(diffs.iter().any(|d| d.detail == "modality"), "{diffs:?}");
        let c = "Zelenskyy said on Thursday that the talks begin on Saturday.";
        assert!(!details(a, c).contains(&"weekday"));
        // One day of a hedged pair is not a different day.
        let d = "Negotiations are scheduled to begin on Friday.";
        assert!(!details(d, b).contains(&"weekday"));
    }

    #[test]
    fn relative_days_resolved_against_the_article_date_agree() {
        let when = |text: &str, start: usize, end: usize, day: &str| TimeExpr {
            text: text[start..end].to_string(),
            start,
            end,
            kind: "weekday".into(),
            resolved: Some(day.into()),
        };
        let a = "Talks could take place on Thursday or Friday, Zelenskyy added.";
        let b = "His team would be ready for talks either tonight or tomorrow.";
        let ta = [when(a, 26, 34, "2025-05-15"), when(a, 38, 44, "2025-05-16")];
        let tb = [when(b, 42, 49, "2025-05-15"), when(b, 53, 61, "2025-05-16")];
        let cfg = AnalysisConfig::default();
        let diffs = compare_sides(&Side::new(a, &ta), &Side::new(b, &tb), &cfg);
        assert!(
            !diffs.iter().any(|d| d.kind == DifferenceKind::Weekday),
            "{diffs:?}"
        );
        // Resolved to other days, they differ.
        let tb2 = [when(b, 42, 49, "2025-05-17"), when(b, 53, 61, "2025-05-18")];
        let diffs = compare_sides(&Side::new(a, &ta), &Side::new(b, &tb2), &cfg);
        assert!(
            diffs.iter().any(|d| d.kind == DifferenceKind::Weekday),
            "{diffs:?}"
        );
    }

    #[test]
    fn verb_last_is_not_the_antonym_of_first() {
        let a = "The first mission will last 24 hours, officials said.";
        let b = "The first mission will first 24 hours, officials said.";
        assert!(!details(a, b).contains(&"antonym"));
        let c = "It was the last mission of the crew, officials said.";
        let d = "It was the first mission of the crew, officials said.";
        assert!(details(c, d).contains(&"antonym"));
    }

    #[test]
    fn small_word_antonyms_in_one_slot_contradict() {
        for (x, y) in [("before", "after"), ("more", "fewer"), ("above", "below")] {
            let a = format!("The plant was closed {x} the storm reached the coast.");
            let b = format!("The plant was closed {y} the storm reached the coast.");
            assert!(details(&a, &b).contains(&"antonym"), "{x}/{y}");
        }
        let a = "At least 30 people were arrested in the capital on Sunday.";
        let b = "At most 30 people were arrested in the capital on Sunday.";
        assert!(details(a, b).contains(&"antonym"));
        let a = "The rebels started the ceasefire in the north.";
        let b = "The rebels stopped the ceasefire in the north.";
        assert!(details(a, b).contains(&"antonym"));
    }

    #[test]
    fn amounts_of_different_things_are_not_compared() {
        // Dead vs wounded, two nations vs three years, ages of two people.
        let a = "Four rebels were killed in the fighting, the group said.";
        let b = "Four rebels were wounded in the fighting, the group said.";
        assert!(!details(a, b).contains(&"number"));
        let a = "The war between the two nations goes on.";
        let b = "The war goes on after three years.";
        assert!(!details(a, b).contains(&"number"));
        let a = "Police said the 29-year-old suspect was arrested.";
        let b = "Police said the 18-year-old victim was arrested.";
        assert!(!details(a, b).contains(&"number"));
        let a = "Police said the 29-year-old suspect was arrested.";
        let b = "Police said the 31-year-old suspect was arrested.";
        assert!(details(a, b).contains(&"number"));
    }

    #[test]
    fn amounts_compare_across_units() {
        let a = "The shot hit a target 8 km away, the army said.";
        let b = "The shot hit a target 5 miles away, the army said.";
        assert!(!details(a, b).contains(&"number"));
        let a = "Snow of more than 30 cm fell on the town overnight.";
        let b = "Snow of 22.5 cm fell on the town overnight.";
        assert!(details(a, b).contains(&"number"));
        let a = "About 1,000 people marched through the city.";
        let b = "One-thousand people marched through the city.";
        assert!(!details(a, b).contains(&"number"));
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
