//! The cited summary.
//!
//! In: the articles, their alignment (source groups) and the
//! [`Verification`] (claim verdicts, fidelity, garble). Out: 5-10
//! [`SummarySentence`]s in story order.
//!
//! Claims backed by two or more independent source groups come first,
//! ranked by support, then by how many articles carry them, then by how
//! early they appear. For each chosen claim the sentence shown is the
//! variant of the most faithful article among those not found distorting
//! it (highest fidelity, then least garbled, then a readable length).
//! Citations list every article carrying the claim except those whose
//! variant contradicts it; `support` counts their source groups. When
//! fewer than five claims are corroborated, the lead sentences of the most
//! faithful article fill up, each citing that article alone.
//!
//! Invariants: no sentence is taken from an article blamed for
//! contradicting or diverging on that claim; no two summary sentences say
//! nearly the same thing; output order is deterministic.

use crate::compare::content_overlap;
use crate::{ClaimVerdict, Verification};
use corroborate_align::StoryAlignment;
use corroborate_core::{Article, SummarySentence};
use std::collections::BTreeSet;

/// Most and fewest sentences in a summary (fewer only when the story has
/// fewer sentences worth telling).
const MAX_SENTENCES: usize = 10;
const MIN_SENTENCES: usize = 5;
/// Above this content overlap two summary sentences count as repeats.
const REPEAT_OVERLAP: f32 = 0.6;
/// Articles this garbled never give a summary sentence when another
/// variant exists.
const GARBLED: f32 = 0.3;

struct Pick {
    text: String,
    citations: Vec<usize>,
    claim: Option<usize>,
    position: f32,
}

pub fn summarize(
    articles: &[Article],
    alignment: &StoryAlignment,
    verification: &Verification,
) -> Vec<SummarySentence> {
    let group_of = |a: usize| alignment.source_group.get(a).copied().unwrap_or(a);
    let fidelity = |a: usize| {
        verification
            .fidelity
            .get(a)
            .copied()
            .flatten()
            .unwrap_or(0.5)
    };
    let garble = |a: usize| verification.garble.get(a).copied().unwrap_or(0.0);
    let relative_position = |(a, s): (usize, usize)| {
        let len = articles
            .get(a)
            .map(|x| x.sentences.len())
            .unwrap_or(1)
            .max(1);
        s as f32 / len as f32
    };

    let mut corroborated: Vec<&ClaimVerdict> = verification
        .verdicts
        .iter()
        .filter(|v| v.support >= 2)
        .collect();
    let mean_position = |v: &ClaimVerdict| {
        v.members.iter().map(|&m| relative_position(m)).sum::<f32>() / v.members.len().max(1) as f32
    };
    corroborated.sort_by(|x, y| {
        let articles_of =
            |v: &ClaimVerdict| v.members.iter().map(|m| m.0).collect::<BTreeSet<_>>().len();
        y.support
            .cmp(&x.support)
            .then(articles_of(y).cmp(&articles_of(x)))
            .then(mean_position(x).total_cmp(&mean_position(y)))
    });

    let mut picks: Vec<Pick> = Vec::new();
    for v in corroborated {
        if picks.len() == MAX_SENTENCES {
            break;
        }
        let blamed = |a: usize| v.contradicting.contains(&a) || v.diverging.contains(&a);
        let candidates: Vec<(usize, usize)> =
            v.members.iter().copied().filter(|m| !blamed(m.0)).collect();
        let clean: Vec<(usize, usize)> = candidates
            .iter()
            .copied()
            .filter(|m| garble(m.0) < GARBLED)
            .collect();
        let pool = if clean.is_empty() {
            &candidates
        } else {
            &clean
        };
        let Some(best) = pool.iter().copied().max_by(|&x, &y| {
            rank(articles, x, &fidelity, &garble)
                .total_cmp(&rank(articles, y, &fidelity, &garble))
                .then(y.cmp(&x))
        }) else {
            continue;
        };
        let Some(text) = sentence_text(articles, best) else {
            continue;
        };
        if picks
            .iter()
            .any(|p| content_overlap(&p.text, text) >= REPEAT_OVERLAP)
        {
            continue;
        }
        let citations: Vec<usize> = v
            .members
            .iter()
            .map(|m| m.0)
            .filter(|&a| !v.contradicting.contains(&a))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        picks.push(Pick {
            text: text.to_string(),
            citations,
            claim: v.claim,
            position: mean_position(v),
        });
    }

    if picks.len() < MIN_SENTENCES {
        fill_from_best_article(articles, verification, &fidelity, &garble, &mut picks);
    }

    picks.sort_by(|x, y| x.position.total_cmp(&y.position));
    picks
        .into_iter()
        .map(|p| SummarySentence {
            support: p
                .citations
                .iter()
                .map(|&a| group_of(a))
                .collect::<BTreeSet<_>>()
                .len(),
            citations: p
                .citations
                .iter()
                .filter_map(|&a| articles.get(a).map(|x| x.id.clone()))
                .collect(),
            text: p.text,
            claim: p.claim,
        })
        .collect()
}

fn sentence_text(articles: &[Article], (a, s): (usize, usize)) -> Option<&str> {
    articles.get(a)?.sentences.get(s).map(|x| x.text.as_str())
}

/// Preference for a variant: faithful article, clean language, a length
/// that reads well as a summary sentence, balanced quotation marks.
fn rank(
    articles: &[Article],
    m: (usize, usize),
    fidelity: &dyn Fn(usize) -> f32,
    garble: &dyn Fn(usize) -> f32,
) -> f32 {
    let Some(text) = sentence_text(articles, m) else {
        return f32::MIN;
    };
    let words = corroborate_core::text::words(text).len();
    let length_fit = if (10..=40).contains(&words) { 0.2 } else { 0.0 };
    let balanced = if text.matches('"').count() % 2 == 0 {
        0.1
    } else {
        -0.3
    };
    fidelity(m.0) - garble(m.0) + length_fit + balanced
}

/// Adds lead sentences of the most faithful, least garbled article until
/// the summary has [`MIN_SENTENCES`] (or the article runs out).
fn fill_from_best_article(
    articles: &[Article],
    verification: &Verification,
    fidelity: &dyn Fn(usize) -> f32,
    garble: &dyn Fn(usize) -> f32,
    picks: &mut Vec<Pick>,
) {
    let Some(best) = (0..articles.len()).max_by(|&x, &y| {
        (fidelity(x) - garble(x))
            .total_cmp(&(fidelity(y) - garble(y)))
            .then(y.cmp(&x))
    }) else {
        return;
    };
    let distorted: BTreeSet<(usize, usize)> = verification
        .verdicts
        .iter()
        .filter(|v| v.contradicting.contains(&best) || v.diverging.contains(&best))
        .flat_map(|v| v.members.iter().copied().filter(|m| m.0 == best))
        .collect();
    let article = &articles[best];
    for (s, sentence) in article.sentences.iter().enumerate() {
        if picks.len() >= MIN_SENTENCES {
            break;
        }
        let words = corroborate_core::text::words(&sentence.text).len();
        if words < 8 || distorted.contains(&(best, s)) {
            continue;
        }
        if picks
            .iter()
            .any(|p| content_overlap(&p.text, &sentence.text) >= REPEAT_OVERLAP)
        {
            continue;
        }
        let claim = verification
            .verdicts
            .iter()
            .find(|v| v.members.contains(&(best, s)))
            .and_then(|v| v.claim);
        picks.push(Pick {
            text: sentence.text.clone(),
            citations: vec![best],
            claim,
            position: s as f32 / article.sentences.len().max(1) as f32,
        });
    }
}
