//! Verification and summary: what the sources do with each claim.
//!
//! In: the story's articles (cleaned, segmented), their alignment (claims,
//! source groups) and extraction (name variants). Out: a [`Verification`]
//! with
//! * `findings`: for every claim, `consensus` (two or more independent
//!   source groups agree), `divergence` (same fact, other figures, days or
//!   names), `contradiction` (meaning inverted: antonym, negation, swapped
//!   roles, changed modality) or `single_source`; plus `name_variant`
//!   findings. Every finding carries evidence sentences with the exact
//!   differing byte spans;
//! * `disputed`: indices of the divergence and contradiction findings;
//! * `garble` and `fidelity` per article (see [`garble`] and [`fidelity`]);
//! * `verdicts`: per claim, which articles were found distorting it, for
//!   [`summarize`].
//!
//! [`summarize`] then picks 5-10 well-supported claims and, for each, the
//! best variant sentence, with citations.
//!
//! Deterministic: the same inputs give the same findings in the same
//! order (no hash-map iteration reaches the output). Never panics on user
//! input: every index is checked.

pub mod claims;
pub mod compare;
pub mod eval;
pub mod facts;
pub mod garble;
pub mod lexicon;
pub mod numbers;
pub mod summary;

use claims::{claim_groups, ClaimGroup};
use compare::{compare, Difference, Severity};
use corroborate_align::StoryAlignment;
use corroborate_core::{Article, Evidence, Finding, FindingKind, Span, SummarySentence};
use corroborate_extract::Extraction;
use std::collections::{BTreeMap, BTreeSet};

pub use summary::summarize;

#[derive(Debug, Clone, Default)]
pub struct Verification {
    pub findings: Vec<Finding>,
    pub fidelity: Vec<Option<f32>>,
    pub garble: Vec<f32>,
    /// Indices into `findings` of the disputed points.
    pub disputed: Vec<usize>,
    /// What was decided about each claim (multi-article claims and
    /// singletons alike), for the summary.
    pub verdicts: Vec<ClaimVerdict>,
}

/// The verify stage's conclusion about one claim.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimVerdict {
    /// Report claim id, when the claim is one of the aligner's.
    pub claim: Option<usize>,
    /// `(article, sentence)` members.
    pub members: Vec<(usize, usize)>,
    /// Articles whose variant inverts the claim (blamed contradictions).
    pub contradicting: BTreeSet<usize>,
    /// Articles whose variant diverges from the others (blamed).
    pub diverging: BTreeSet<usize>,
    /// Independent source groups among the members.
    pub support: usize,
}

/// Two `(article, sentence)` positions compared with each other.
type SentencePair = ((usize, usize), (usize, usize));

/// One difference found between two members of a claim.
struct PairDifference {
    x: (usize, usize),
    y: (usize, usize),
    diff: Difference,
}

/// Weight of a blamed contradiction and divergence in the fidelity penalty.
const CONTRADICTION_WEIGHT: f32 = 1.0;
const DIVERGENCE_WEIGHT: f32 = 0.5;
/// Share of the fidelity given to clean language.
const GARBLE_WEIGHT: f32 = 0.5;
/// Shortest sentence (in words) worth a single-source finding.
const MIN_SINGLE_SOURCE_WORDS: usize = 6;

pub fn verify(
    articles: &[Article],
    alignment: &StoryAlignment,
    extraction: &Extraction,
) -> Verification {
    let n = articles.len();
    let group_of = |a: usize| alignment.source_group.get(a).copied().unwrap_or(a);
    let garble = garble::garble_scores(articles);
    let groups = claim_groups(articles, alignment);
    let word_sentences = word_sentence_counts(articles);

    let mut findings: Vec<Finding> = Vec::new();
    let mut verdicts = Vec::with_capacity(groups.len());
    let mut blame = vec![0.0f32; n];
    let mut shared_claims = vec![0usize; n];
    let mut compared_pairs: BTreeSet<SentencePair> = BTreeSet::new();

    for group in &groups {
        let member_articles = group.articles();
        let support = member_articles
            .iter()
            .map(|&a| group_of(a))
            .collect::<BTreeSet<_>>()
            .len();
        let mut verdict = ClaimVerdict {
            claim: group.id,
            members: group.members.clone(),
            contradicting: BTreeSet::new(),
            diverging: BTreeSet::new(),
            support,
        };
        if member_articles.len() < 2 {
            if let Some(f) = single_source_finding(articles, group, support) {
                findings.push(f);
            }
            verdicts.push(verdict);
            continue;
        }
        for &a in &member_articles {
            shared_claims[a] += 1;
        }
        let diffs = claim_differences(articles, group, &mut compared_pairs);
        let blamed = assign_blame(articles, group, &diffs, &garble, &word_sentences);
        for (pd, who) in diffs.iter().zip(&blamed) {
            for &(a, share) in who {
                let weight = match pd.diff.severity {
                    Severity::Contradiction => CONTRADICTION_WEIGHT,
                    Severity::Divergence => DIVERGENCE_WEIGHT,
                };
                blame[a] += weight * share;
                match pd.diff.severity {
                    Severity::Contradiction => verdict.contradicting.insert(a),
                    Severity::Divergence => verdict.diverging.insert(a),
                };
            }
        }
        findings.extend(difference_findings(articles, group, &diffs, support));
        if support >= 2 {
            if let Some(f) = consensus_finding(articles, group, &diffs, &verdict, &group_of) {
                findings.push(f);
            } else if diffs.is_empty() {
                // Several groups, no agreeing pair found: still one fact.
            }
        } else if let Some(f) = single_source_finding(articles, group, support) {
            findings.push(f);
        }
        verdicts.push(verdict);
    }

    findings.extend(facts::cross_claim_findings(
        articles,
        &compared_pairs,
        &group_of,
    ));
    findings.extend(name_variant_findings(articles, extraction));

    // Stable order: contradictions, divergences, consensus, single source,
    // name variants; within a kind, by first evidence position.
    findings.sort_by_key(|f| {
        let rank = match f.kind {
            FindingKind::Contradiction => 0,
            FindingKind::Divergence => 1,
            FindingKind::Consensus => 2,
            FindingKind::SingleSource => 3,
            FindingKind::NameVariant => 4,
        };
        let first = f.evidence.first().map(|e| {
            let a = articles
                .iter()
                .position(|x| x.id == e.article)
                .unwrap_or(usize::MAX);
            (a, e.sentence)
        });
        (rank, first)
    });
    let disputed = findings
        .iter()
        .enumerate()
        .filter(|(_, f)| matches!(f.kind, FindingKind::Contradiction | FindingKind::Divergence))
        .map(|(i, _)| i)
        .collect();
    let fidelity = fidelity(&blame, &shared_claims, &garble);
    Verification {
        findings,
        fidelity,
        garble,
        disputed,
        verdicts,
    }
}

/// Fidelity of each article: 1 minus its blamed share of the claims it
/// shares with others (contradictions weigh double a divergence), minus
/// half its garble. `None` for an article that shares no claim.
pub fn fidelity(blame: &[f32], shared_claims: &[usize], garble: &[f32]) -> Vec<Option<f32>> {
    blame
        .iter()
        .zip(shared_claims)
        .zip(garble)
        .map(|((&b, &shared), &g)| {
            (shared > 0).then(|| {
                // A few shared claims should not make one slip fatal.
                let rate = b / shared.max(4) as f32;
                ((1.0 - 2.0 * rate) * (1.0 - GARBLE_WEIGHT * g)).clamp(0.0, 1.0)
            })
        })
        .collect()
}

/// Compares every pair of members from different articles.
fn claim_differences(
    articles: &[Article],
    group: &ClaimGroup,
    compared: &mut BTreeSet<SentencePair>,
) -> Vec<PairDifference> {
    let mut out = Vec::new();
    for (k, &x) in group.members.iter().enumerate() {
        for &y in &group.members[k + 1..] {
            if x.0 == y.0 {
                continue;
            }
            compared.insert((x, y));
            let (Some(sx), Some(sy)) = (sentence(articles, x), sentence(articles, y)) else {
                continue;
            };
            for diff in compare(sx, sy) {
                out.push(PairDifference { x, y, diff });
            }
        }
    }
    out
}

fn sentence(articles: &[Article], (a, s): (usize, usize)) -> Option<&str> {
    articles
        .get(a)
        .and_then(|art| art.sentences.get(s))
        .map(|s| s.text.as_str())
}

/// In how many sentences of the story each folded word occurs.
fn word_sentence_counts(articles: &[Article]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for a in articles {
        for s in &a.sentences {
            let words: BTreeSet<String> = corroborate_core::text::words(&s.text)
                .iter()
                .map(|w| corroborate_core::text::fold(w.text))
                .collect();
            for w in words {
                *counts.entry(w).or_insert(0) += 1;
            }
        }
    }
    counts
}

/// True when every differing word of one side occurs in some other
/// sentence of the story: the wording is corroborated elsewhere.
fn corroborated_elsewhere(
    text: &str,
    spans: &[Span],
    word_sentences: &BTreeMap<String, usize>,
) -> bool {
    let words: Vec<String> = spans
        .iter()
        .filter_map(|s| text.get(s.start..s.end))
        .flat_map(|t| {
            corroborate_core::text::words(t)
                .into_iter()
                .map(|w| corroborate_core::text::fold(w.text))
                .collect::<Vec<_>>()
        })
        .collect();
    !words.is_empty()
        && words
            .iter()
            .all(|w| word_sentences.get(w).copied().unwrap_or(0) > 1)
}

/// For each difference, how many other members of the claim back each
/// side: `backers(side, other, detail)` counts the members `z` from
/// articles other than `side`'s and `other`'s with no difference of that
/// `detail` between `side` and `z`.
///
/// Counted from indexes built once per claim (members per article, and per
/// `(detail, member)` the members it differs from, per article), so a
/// claim with `m` members and `d` differences costs O((m + d) log d)
/// instead of the O(d² m) of testing every member against every difference.
/// `(article, sentence)` of a claim member.
type Member = (usize, usize);

/// Members (with multiplicity) in total and per article.
#[derive(Default)]
struct MemberCounts {
    total: usize,
    per_article: BTreeMap<usize, usize>,
}

struct Backing {
    members: usize,
    /// Members per article.
    per_article: BTreeMap<usize, usize>,
    /// `(detail, member)` → members (with multiplicity) it differs from in
    /// that detail, in total and per article.
    differing: BTreeMap<(&'static str, Member), MemberCounts>,
}

impl Backing {
    fn new(group: &ClaimGroup, diffs: &[PairDifference]) -> Self {
        let mut per_article: BTreeMap<usize, usize> = BTreeMap::new();
        let mut multiplicity: BTreeMap<(usize, usize), usize> = BTreeMap::new();
        for &z in &group.members {
            *per_article.entry(z.0).or_default() += 1;
            *multiplicity.entry(z).or_default() += 1;
        }
        // Distinct partners first: one pair found twice differs once.
        let mut partners: BTreeSet<(&'static str, Member, Member)> = BTreeSet::new();
        for d in diffs {
            partners.insert((d.diff.detail, d.x, d.y));
            partners.insert((d.diff.detail, d.y, d.x));
        }
        let mut differing: BTreeMap<_, MemberCounts> = BTreeMap::new();
        for (detail, p, q) in partners {
            let Some(&k) = multiplicity.get(&q) else {
                continue; // not a member: never counted as a backer anyway
            };
            let entry = differing.entry((detail, p)).or_default();
            entry.total += k;
            *entry.per_article.entry(q.0).or_default() += k;
        }
        Self {
            members: group.members.len(),
            per_article,
            differing,
        }
    }

    fn backers(&self, side: Member, other: Member, detail: &'static str) -> usize {
        let in_articles = |counts: &BTreeMap<usize, usize>| {
            let own = counts.get(&side.0).copied().unwrap_or(0);
            let others = if other.0 == side.0 {
                0
            } else {
                counts.get(&other.0).copied().unwrap_or(0)
            };
            own + others
        };
        let eligible = self.members - in_articles(&self.per_article);
        let against = self
            .differing
            .get(&(detail, side))
            .map_or(0, |c| c.total - in_articles(&c.per_article));
        eligible - against
    }
}

/// Who is to blame for each difference: the side the other members of the
/// claim do not back; on a tie the side whose differing words occur
/// nowhere else in the story (a lone "Hartmann" against a "Nutter" used
/// throughout); then the more garbled side; else both, half each.
fn assign_blame(
    articles: &[Article],
    group: &ClaimGroup,
    diffs: &[PairDifference],
    garble: &[f32],
    word_sentences: &BTreeMap<String, usize>,
) -> Vec<Vec<(usize, f32)>> {
    let backing = Backing::new(group, diffs);
    diffs
        .iter()
        .map(|d| {
            let (bx, by) = (
                backing.backers(d.x, d.y, d.diff.detail),
                backing.backers(d.y, d.x, d.diff.detail),
            );
            let (gx, gy) = (
                garble.get(d.x.0).copied().unwrap_or(0.0),
                garble.get(d.y.0).copied().unwrap_or(0.0),
            );
            // Only where the spans are the two compared values (a name, a
            // figure); a negation's span on the plain side is just the
            // negated word.
            let values_compared = matches!(d.diff.detail, "name" | "number" | "date" | "weekday");
            let lone = |m: (usize, usize), spans: &[Span]| {
                values_compared
                    && sentence(articles, m)
                        .is_some_and(|t| !corroborated_elsewhere(t, spans, word_sentences))
            };
            let (lone_x, lone_y) = (lone(d.x, &d.diff.spans_a), lone(d.y, &d.diff.spans_b));
            let blame_x = by > bx
                || (bx == by && lone_x && !lone_y)
                || (bx == by && lone_x == lone_y && gx > gy + 0.05);
            let blame_y = bx > by
                || (bx == by && lone_y && !lone_x)
                || (bx == by && lone_x == lone_y && gy > gx + 0.05);
            match (blame_x, blame_y) {
                (true, false) => vec![(d.x.0, 1.0)],
                (false, true) => vec![(d.y.0, 1.0)],
                _ => vec![(d.x.0, 0.5), (d.y.0, 0.5)],
            }
        })
        .collect()
}

fn evidence(articles: &[Article], (a, s): (usize, usize), spans: Vec<Span>) -> Option<Evidence> {
    let article = articles.get(a)?;
    let sentence = article.sentences.get(s)?;
    Some(Evidence {
        article: article.id.clone(),
        sentence: sentence.index,
        text: sentence.text.clone(),
        spans,
    })
}

/// One finding per (severity, detail) in the claim, with every member
/// involved as evidence and its differing spans.
fn difference_findings(
    articles: &[Article],
    group: &ClaimGroup,
    diffs: &[PairDifference],
    support: usize,
) -> Vec<Finding> {
    let mut by_detail: BTreeMap<(Severity, &'static str), Vec<&PairDifference>> = BTreeMap::new();
    for d in diffs {
        by_detail
            .entry((d.diff.severity, d.diff.detail))
            .or_default()
            .push(d);
    }
    by_detail
        .into_iter()
        .map(|((severity, detail), ds)| {
            let mut spans: BTreeMap<(usize, usize), Vec<Span>> = BTreeMap::new();
            for d in &ds {
                let ex = spans.entry(d.x).or_default();
                for s in &d.diff.spans_a {
                    if !ex.contains(s) {
                        ex.push(*s);
                    }
                }
                let ey = spans.entry(d.y).or_default();
                for s in &d.diff.spans_b {
                    if !ey.contains(s) {
                        ey.push(*s);
                    }
                }
            }
            let evidence: Vec<Evidence> = spans
                .into_iter()
                .filter_map(|(m, mut sp)| {
                    sp.sort_by_key(|s| (s.start, s.end));
                    evidence(articles, m, sp)
                })
                .collect();
            let first = ds[0];
            let label =
                |m: (usize, usize)| articles.get(m.0).map(|a| a.label()).unwrap_or_default();
            let kind = match severity {
                Severity::Contradiction => FindingKind::Contradiction,
                Severity::Divergence => FindingKind::Divergence,
            };
            let summary = format!(
                "{} ({}): {} vs {}: {}",
                match severity {
                    Severity::Contradiction => "Sources contradict each other",
                    Severity::Divergence => "Sources diverge",
                },
                detail.replace('_', " "),
                label(first.x),
                label(first.y),
                first.diff.note
            );
            Finding {
                kind,
                summary,
                evidence,
                support,
                claim: group.id,
                detail: Some(detail.to_string()),
            }
        })
        .collect()
}

/// Consensus: members from two or more source groups with no difference
/// between them (members blamed for a contradiction are left out).
fn consensus_finding(
    articles: &[Article],
    group: &ClaimGroup,
    diffs: &[PairDifference],
    verdict: &ClaimVerdict,
    group_of: &dyn Fn(usize) -> usize,
) -> Option<Finding> {
    let agreeing: Vec<(usize, usize)> = group
        .members
        .iter()
        .copied()
        .filter(|m| !verdict.contradicting.contains(&m.0) && !verdict.diverging.contains(&m.0))
        .collect();
    let groups: BTreeSet<usize> = agreeing.iter().map(|m| group_of(m.0)).collect();
    if groups.len() < 2 {
        return None;
    }
    // Some pair across groups must be free of differences.
    let any_clean_pair = agreeing.iter().enumerate().any(|(k, &x)| {
        agreeing[k + 1..].iter().any(|&y| {
            group_of(x.0) != group_of(y.0)
                && !diffs
                    .iter()
                    .any(|d| (d.x == x && d.y == y) || (d.x == y && d.y == x))
        })
    });
    if !any_clean_pair {
        return None;
    }
    let evidence: Vec<Evidence> = agreeing
        .iter()
        .filter_map(|&m| evidence(articles, m, Vec::new()))
        .collect();
    let text = evidence.first().map(|e| e.text.clone()).unwrap_or_default();
    Some(Finding {
        kind: FindingKind::Consensus,
        summary: format!("{} independent sources agree: {}", groups.len(), text),
        evidence,
        support: groups.len(),
        claim: group.id,
        detail: None,
    })
}

/// Single source: the claim comes from one source group only.
fn single_source_finding(
    articles: &[Article],
    group: &ClaimGroup,
    support: usize,
) -> Option<Finding> {
    let first = *group.members.first()?;
    let text = sentence(articles, first)?;
    if corroborate_core::text::words(text).len() < MIN_SINGLE_SOURCE_WORDS {
        return None;
    }
    let evidence: Vec<Evidence> = group
        .members
        .iter()
        .filter_map(|&m| evidence(articles, m, Vec::new()))
        .collect();
    let who = articles.get(first.0).map(|a| a.label()).unwrap_or_default();
    Some(Finding {
        kind: FindingKind::SingleSource,
        summary: format!("Only {who} reports: {text}"),
        evidence,
        support: support.max(1),
        claim: group.id,
        detail: None,
    })
}

/// `name_variant` findings from the extraction's lone spellings.
fn name_variant_findings(articles: &[Article], extraction: &Extraction) -> Vec<Finding> {
    extraction
        .name_variants
        .iter()
        .filter_map(|nv| {
            let article = articles.get(nv.article)?;
            let evidence: Vec<Evidence> = nv
                .sentences
                .iter()
                .filter(|r| r.article == nv.article)
                .filter_map(|r| {
                    let s = article.sentences.get(r.sentence)?;
                    let spans = s
                        .text
                        .match_indices(nv.variant.as_str())
                        .map(|(start, m)| Span {
                            start,
                            end: start + m.len(),
                        })
                        .collect();
                    evidence(articles, (nv.article, r.sentence), spans)
                })
                .collect();
            if evidence.is_empty() {
                return None;
            }
            Some(Finding {
                kind: FindingKind::NameVariant,
                summary: format!(
                    "{} spells {} as \"{}\" ({})",
                    article.label(),
                    nv.canonical,
                    nv.variant,
                    nv.reason
                ),
                evidence,
                support: 1,
                claim: None,
                detail: Some(nv.reason.clone()),
            })
        })
        .collect()
}

/// Re-exported for callers that build summaries without a report.
pub type Summary = Vec<SummarySentence>;

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition `Backing` must agree with: every member tested
    /// against every difference.
    fn backers_by_definition(
        group: &ClaimGroup,
        diffs: &[PairDifference],
        side: (usize, usize),
        other: (usize, usize),
        detail: &str,
    ) -> usize {
        let differs = |p: (usize, usize), q: (usize, usize)| {
            diffs.iter().any(|d| {
                d.diff.detail == detail && ((d.x == p && d.y == q) || (d.x == q && d.y == p))
            })
        };
        group
            .members
            .iter()
            .filter(|&&z| z.0 != side.0 && z.0 != other.0)
            .filter(|&&z| !differs(side, z))
            .count()
    }

    fn difference(x: (usize, usize), y: (usize, usize), detail: &'static str) -> PairDifference {
        PairDifference {
            x,
            y,
            diff: Difference {
                severity: Severity::Divergence,
                detail,
                spans_a: Vec::new(),
                spans_b: Vec::new(),
                note: String::new(),
            },
        }
    }

    #[test]
    fn backing_counts_match_the_definition() {
        // Claims of up to 12 members over up to 6 articles (so several
        // members may share an article, and a member may repeat), with
        // random differences in two details, some repeated, some naming a
        // sentence outside the claim.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for _ in 0..400 {
            let members: Vec<(usize, usize)> =
                (0..1 + next(12)).map(|_| (next(6), next(3))).collect();
            let group = ClaimGroup { id: None, members };
            let pick = |k: usize| group.members[k % group.members.len()];
            let diffs: Vec<PairDifference> = (0..next(20))
                .map(|_| {
                    let x = pick(next(64));
                    let y = if next(8) == 0 {
                        (next(6), 9)
                    } else {
                        pick(next(64))
                    };
                    difference(x, y, if next(2) == 0 { "number" } else { "name" })
                })
                .collect();
            let backing = Backing::new(&group, &diffs);
            for d in &diffs {
                for (side, other) in [(d.x, d.y), (d.y, d.x)] {
                    assert_eq!(
                        backing.backers(side, other, d.diff.detail),
                        backers_by_definition(&group, &diffs, side, other, d.diff.detail),
                        "{:?} {side:?} {other:?}",
                        group.members
                    );
                }
            }
        }
    }
}
