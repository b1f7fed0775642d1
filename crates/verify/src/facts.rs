//! Figures and event days compared across the whole story, beyond claims.
//!
//! In: the articles, the sentence pairs already compared inside claims and
//! the source group of each article. Out: `divergence` findings for
//!
//! * amounts of the same thing that do not agree ("Tens of thousands have
//!   been killed" vs "Hundreds of thousands have been killed and
//!   wounded"): amounts are keyed by the word they count; a generic head
//!   ("people", "days") must also share a content word nearby;
//! * the day of the same event ("talks begin on Friday" vs "talks could
//!   take place on Thursday or Friday" vs "talks either tonight or
//!   tomorrow"): time expressions are keyed by the event noun before them
//!   ("talks", "vote", "trial"), reporting days ("said on Thursday") left
//!   out.
//!
//! Sentences that state such facts often word the rest differently enough
//! that no aligner pairs them, which is why this pass exists. Pairs already
//! compared inside a claim are skipped, so nothing is reported twice.
//!
//! Invariant: one finding per fact key, evidence in article order.

use crate::compare::event_times;
use crate::lexicon::{canonical_stem, is_speech_verb, tokens, Tok};
use crate::numbers::{find_quantities, Qty, TimeMention};
use corroborate_core::{Article, Evidence, Finding, FindingKind, Span};
use std::collections::{BTreeMap, BTreeSet};

type Member = (usize, usize);

/// Heads too generic to key a figure on their own.
const GENERIC_HEADS: &[&str] = &[
    "people", "person", "year", "day", "time", "month", "week", "hour", "minut", "country",
    "member", "official", "other", "percent", "point", "part", "side", "way", "first", "last",
];

/// Nouns naming an event whose day sources may report differently.
const EVENT_NOUNS: &[&str] = &[
    "talk",
    "meet",
    "vote",
    "election",
    "trial",
    "hearing",
    "match",
    "game",
    "launch",
    "ceremony",
    "funeral",
    "conference",
    "visit",
    "strike",
    "protest",
    "rally",
    "session",
    "deadline",
    "release",
    "opening",
    "debate",
    "referendum",
    "inauguration",
    "sentencing",
];

struct NumberFact {
    member: Member,
    qty: Qty,
    context: BTreeSet<String>,
}

struct TimeFact {
    member: Member,
    times: Vec<TimeMention>,
}

/// Content stems within four words of token range `[first, last]`.
fn context(toks: &[Tok], first: usize, last: usize) -> BTreeSet<String> {
    let lo = first.saturating_sub(4);
    let hi = (last + 5).min(toks.len());
    toks[lo..hi]
        .iter()
        .enumerate()
        .filter(|(k, t)| {
            (lo + k < first || lo + k > last) && !t.function && !is_speech_verb(&t.folded)
        })
        .map(|(_, t)| t.stem.clone())
        .collect()
}

fn token_range(toks: &[Tok], start: usize, end: usize) -> (usize, usize) {
    let first = toks.iter().position(|t| t.start >= start).unwrap_or(0);
    let last = toks
        .iter()
        .rposition(|t| t.end <= end)
        .unwrap_or(first)
        .max(first);
    (first, last)
}

fn pair_key(x: Member, y: Member) -> (Member, Member) {
    (x.min(y), x.max(y))
}

/// Divergence findings on figures and event days across the story.
pub fn cross_claim_findings(
    articles: &[Article],
    compared: &BTreeSet<(Member, Member)>,
    group_of: &dyn Fn(usize) -> usize,
) -> Vec<Finding> {
    let mut numbers: BTreeMap<(String, Option<String>), Vec<NumberFact>> = BTreeMap::new();
    let mut days: BTreeMap<String, Vec<TimeFact>> = BTreeMap::new();
    for (a, article) in articles.iter().enumerate() {
        for (s, sentence) in article.sentences.iter().enumerate() {
            let toks = tokens(&sentence.text);
            for q in find_quantities(&sentence.text, &toks) {
                let Some(head) = q.head.clone() else { continue };
                let (first, last) = token_range(&toks, q.start, q.end);
                let ctx = context(&toks, first, last);
                numbers
                    .entry((head, q.unit.clone()))
                    .or_default()
                    .push(NumberFact {
                        member: (a, s),
                        qty: q,
                        context: ctx,
                    });
            }
            let times = event_times(&sentence.text);
            if let Some(t0) = times.first() {
                let lo = t0.first_token.saturating_sub(6);
                let event = toks[lo..t0.first_token]
                    .iter()
                    .rev()
                    .map(|t| canonical_stem(&t.folded))
                    .find(|st| EVENT_NOUNS.contains(&st.as_str()));
                if let Some(event) = event {
                    days.entry(event).or_default().push(TimeFact {
                        member: (a, s),
                        times,
                    });
                }
            }
        }
    }
    let mut out = Vec::new();
    for ((head, _unit), facts) in &numbers {
        let generic = GENERIC_HEADS.iter().any(|g| canonical_stem(g) == *head);
        let mut involved: BTreeMap<Member, Vec<Span>> = BTreeMap::new();
        let mut note = String::new();
        for (k, x) in facts.iter().enumerate() {
            for y in &facts[k + 1..] {
                // Copies of one original are compared claim by claim;
                // across the story only independent sources are set
                // against each other.
                if group_of(x.member.0) == group_of(y.member.0)
                    || compared.contains(&pair_key(x.member, y.member))
                {
                    continue;
                }
                if x.qty.overlaps(&y.qty) {
                    continue;
                }
                if generic && x.context.intersection(&y.context).next().is_none() {
                    continue;
                }
                let text = |m: Member, q: &Qty| {
                    articles[m.0].sentences[m.1].text[q.start..q.end].to_string()
                };
                if note.is_empty() {
                    note = format!(
                        "\"{}\" ({}) vs \"{}\" ({})",
                        text(x.member, &x.qty),
                        articles[x.member.0].label(),
                        text(y.member, &y.qty),
                        articles[y.member.0].label()
                    );
                }
                for f in [x, y] {
                    let spans = involved.entry(f.member).or_default();
                    let sp = Span {
                        start: f.qty.start,
                        end: f.qty.end,
                    };
                    if !spans.contains(&sp) {
                        spans.push(sp);
                    }
                }
            }
        }
        if let Some(f) = finding(
            articles,
            involved,
            group_of,
            "number",
            &format!("Sources diverge (number): figures for \"{head}\": {note}"),
        ) {
            out.push(f);
        }
    }
    for (event, facts) in &days {
        let key_set = |f: &TimeFact| -> BTreeSet<String> {
            f.times
                .iter()
                .filter(|t| t.kind != "year")
                .map(|t| t.key.clone())
                .collect()
        };
        let mut involved: BTreeMap<Member, Vec<Span>> = BTreeMap::new();
        let mut variants: BTreeSet<String> = BTreeSet::new();
        for (k, x) in facts.iter().enumerate() {
            for y in &facts[k + 1..] {
                if x.member.0 == y.member.0 || compared.contains(&pair_key(x.member, y.member)) {
                    continue;
                }
                let (kx, ky) = (key_set(x), key_set(y));
                if kx.is_empty() || ky.is_empty() || kx == ky {
                    continue;
                }
                for f in [x, y] {
                    let sentence = &articles[f.member.0].sentences[f.member.1].text;
                    let words: Vec<&str> = f
                        .times
                        .iter()
                        .filter(|t| t.kind != "year")
                        .map(|t| &sentence[t.start..t.end])
                        .collect();
                    variants.insert(format!("\"{}\"", words.join(" / ")));
                    let spans = involved.entry(f.member).or_default();
                    for t in f.times.iter().filter(|t| t.kind != "year") {
                        let sp = Span {
                            start: t.start,
                            end: t.end,
                        };
                        if !spans.contains(&sp) {
                            spans.push(sp);
                        }
                    }
                }
            }
        }
        let summary = format!(
            "Sources diverge (weekday): when the {event} happen: {}",
            variants.into_iter().collect::<Vec<_>>().join(" vs ")
        );
        if let Some(f) = finding(articles, involved, group_of, "weekday", &summary) {
            out.push(f);
        }
    }
    out
}

fn finding(
    articles: &[Article],
    involved: BTreeMap<Member, Vec<Span>>,
    group_of: &dyn Fn(usize) -> usize,
    detail: &str,
    summary: &str,
) -> Option<Finding> {
    if involved.is_empty() {
        return None;
    }
    let support = involved
        .keys()
        .map(|m| group_of(m.0))
        .collect::<BTreeSet<_>>()
        .len();
    let evidence = involved
        .into_iter()
        .filter_map(|((a, s), mut spans)| {
            let sentence = articles.get(a)?.sentences.get(s)?;
            spans.sort_by_key(|sp| (sp.start, sp.end));
            Some(Evidence {
                article: articles[a].id.clone(),
                sentence: sentence.index,
                text: sentence.text.clone(),
                spans,
            })
        })
        .collect();
    Some(Finding {
        kind: FindingKind::Divergence,
        summary: summary.to_string(),
        evidence,
        support,
        claim: None,
        detail: Some(detail.to_string()),
    })
}
