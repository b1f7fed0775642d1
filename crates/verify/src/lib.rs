//! Verification and summary: what the sources do with each claim.
//!
//! In: the story's articles (cleaned, segmented), their alignment (claims,
//! source groups) and extraction (name variants). Out: a [`Verification`]
//! with
//! * `findings`: for every claim, `consensus` (two or more independent
//!   source groups agree), `divergence` (same fact, other figures, days,
//!   names or speaker), `contradiction` (meaning inverted: antonym,
//!   negation, swapped roles, changed modality) or `single_source`, the
//!   detail being a [`DifferenceKind`]; counts of one specific thing that
//!   independent sources give differently in sentences the aligner did not
//!   pair (same slot only); plus `name_variant` findings. Every finding
//!   carries evidence sentences with the exact differing byte spans;
//! * `disputed`: indices of the divergence and contradiction findings;
//! * `garble` and `fidelity` per article (see [`garble`] and [`fidelity`]);
//!   every threshold comes from the [`AnalysisConfig`] ([`verify_with`]);
//! * `verdicts`: per claim, which articles were found distorting it, for
//!   [`summarize`].
//!
//! [`summarize`] then picks 5-10 well-supported claims and, for each, the
//! best variant sentence, with citations.
//!
//! With a learned contradiction model ([`verify_with_scorer`], an NLI
//! cross-encoder), each pair of differently worded members of a claim in
//! which the rules found no contradiction is also scored; P(contradiction)
//! at or above [`AnalysisConfig::nli_threshold`] gives a `contradiction`
//! finding of detail `nli` with the probability. Without a model nothing
//! changes, and a model that fails leaves the rule findings as they are.
//!
//! Deterministic: the same inputs give the same findings in the same
//! order (no hash-map iteration reaches the output). Never panics on user
//! input: every index is checked.

pub mod claims;
pub mod compare;
mod context;
pub mod garble;
pub mod lexicon;
pub mod numbers;
pub mod summary;

use claims::{claim_groups_with, ClaimGroup};
use compare::{compare_sides, Difference, Severity, Side};
use context::{loose_key, StoryContext};
use corroborate_align::StoryAlignment;
use corroborate_core::{
    AnalysisConfig, Article, ContradictionScorer, DifferenceKind, Evidence, Finding, FindingKind,
    Span, SummarySentence,
};
use corroborate_extract::Extraction;
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub use summary::{summarize, summarize_with};

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

/// One difference found between two members of a claim.
struct PairDifference {
    x: (usize, usize),
    y: (usize, usize),
    diff: Difference,
    /// The contradiction model's probability (kind `Nli` only).
    probability: Option<f32>,
}

/// Verification with the default [`AnalysisConfig`].
pub fn verify(
    articles: &[Article],
    alignment: &StoryAlignment,
    extraction: &Extraction,
) -> Verification {
    verify_with(articles, alignment, extraction, &AnalysisConfig::default())
}

/// Verification with the given settings.
pub fn verify_with(
    articles: &[Article],
    alignment: &StoryAlignment,
    extraction: &Extraction,
    config: &AnalysisConfig,
) -> Verification {
    verify_with_scorer(articles, alignment, extraction, config, None)
}

/// Verification with the given settings and, optionally, a learned
/// contradiction model (see the module documentation).
pub fn verify_with_scorer(
    articles: &[Article],
    alignment: &StoryAlignment,
    extraction: &Extraction,
    config: &AnalysisConfig,
    scorer: Option<&dyn ContradictionScorer>,
) -> Verification {
    let n = articles.len();
    let group_of = |a: usize| alignment.source_group.get(a).copied().unwrap_or(a);
    let groups_of_articles: Vec<usize> = (0..n).map(group_of).collect();
    let garble =
        garble::garble_scores_grouped(articles, config.garble_ordinary_raw, &groups_of_articles);
    let groups = claim_groups_with(articles, alignment, config.fallback_claim_threshold);
    let word_sentences = word_sentence_counts(articles, &group_of);
    let story = StoryContext::new(articles, &group_of);

    let mut findings: Vec<Finding> = Vec::new();
    let mut verdicts = Vec::with_capacity(groups.len());
    let mut blame = vec![0.0f32; n];
    let mut shared_claims = vec![0usize; n];
    // The rules' differences of every claim first, so that the model (one
    // batch for the whole story) only reads pairs the rules left alone.
    let (mut group_diffs, group_partial): (Vec<Vec<PairDifference>>, Vec<_>) = groups
        .iter()
        .map(|g| {
            if g.articles().len() < 2 {
                (Vec::new(), BTreeSet::new())
            } else {
                claim_differences(articles, extraction, g, config)
            }
        })
        .unzip();
    if let Some(scorer) = scorer {
        model_differences(articles, &groups, &mut group_diffs, scorer, config);
    }

    for ((group, diffs), partial) in groups.iter().zip(group_diffs).zip(group_partial) {
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
            if let Some(f) = single_source_finding(articles, group, support, config) {
                findings.push(f);
            }
            verdicts.push(verdict);
            continue;
        }
        for &a in &member_articles {
            shared_claims[a] += 1;
        }
        let blamed = assign_blame(
            articles,
            group,
            &diffs,
            &partial,
            &garble,
            &word_sentences,
            &group_of,
        );
        let majority = majority_blame(articles, group, &diffs, &blamed, &group_of, &story);
        // An article is blamed once per kind of difference in a claim,
        // however many other members it differs from: otherwise every copy
        // in the claim would multiply the blame.
        let mut claim_blame: BTreeMap<(usize, DifferenceKind), f32> = BTreeMap::new();
        for (pd, Blame { who, .. }) in diffs.iter().zip(&majority) {
            // No majority between two independent reports: a dispute shown
            // as a finding, not a departure from the majority.
            if who.len() == 2 && group_of(who[0].0) != group_of(who[1].0) {
                continue;
            }
            for &(a, share) in who {
                let slot = claim_blame.entry((a, pd.diff.kind)).or_insert(0.0);
                *slot = slot.max(pd.diff.kind.severity() * share);
            }
        }
        for ((a, _), b) in claim_blame {
            blame[a] += b;
        }
        for (pd, who) in diffs.iter().zip(&blamed) {
            for &(a, _) in who {
                match pd.diff.severity {
                    Severity::Contradiction => verdict.contradicting.insert(a),
                    Severity::Divergence => verdict.diverging.insert(a),
                };
            }
        }
        findings.extend(difference_findings(
            articles, group, &diffs, &majority, support,
        ));
        if support >= 2 {
            if let Some(f) = consensus_finding(articles, group, &diffs, &verdict, &group_of) {
                findings.push(f);
            } else if diffs.is_empty() {
                // Several groups, no agreeing pair found: still one fact.
            }
        } else if let Some(f) = single_source_finding(articles, group, support, config) {
            findings.push(f);
        }
        verdicts.push(verdict);
    }

    findings.extend(unaligned_count_findings(
        articles, &groups, &group_of, config,
    ));
    findings.extend(name_variant_findings(articles, extraction));

    // Stable order: by kind in display order (`FindingKind::ALL`: disputed
    // kinds first); within a kind, by first evidence position.
    findings.sort_by_key(|f| {
        let rank = FindingKind::ALL.iter().position(|&k| k == f.kind);
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
    let fidelity = fidelity(&blame, &shared_claims, &garble, config);
    Verification {
        findings,
        fidelity,
        garble,
        disputed,
        verdicts,
    }
}

/// Fidelity of each article: the share of the claims it shares with
/// other articles on which it agrees with the majority, each blamed
/// disagreement weighted by its kind's severity (a difference between two
/// independent source groups that nothing settles is a dispute, shown as
/// a finding, and blames neither: there is no majority to depart from)
/// ([`DifferenceKind::severity`]); then, if `garble_weight` is set,
/// scaled down by garble. Content no other article reports is not
/// counted (it is single-source, not unfaithful). `None` for an article
/// that shares no claim.
pub fn fidelity(
    blame: &[f32],
    shared_claims: &[usize],
    garble: &[f32],
    config: &AnalysisConfig,
) -> Vec<Option<f32>> {
    blame
        .iter()
        .zip(shared_claims)
        .zip(garble)
        .map(|((&b, &shared), &g)| {
            (shared > 0).then(|| {
                // A few shared claims should not make one slip fatal.
                let rate = b / shared.max(config.fidelity_min_shared) as f32;
                ((1.0 - rate) * (1.0 - config.garble_weight * g)).clamp(0.0, 1.0)
            })
        })
        .collect()
}

/// Who departed from the majority on one difference, with their share of
/// the blame.
struct Blame {
    who: Vec<(usize, f32)>,
    /// Decided by [`later`] only: nothing the sources say tells which of
    /// an original and its near-copy holds the change.
    by_convention: bool,
}

impl Blame {
    fn evident(who: Vec<(usize, f32)>) -> Self {
        Self {
            who,
            by_convention: false,
        }
    }
}

/// Who a difference counts against for fidelity: [`assign_blame`]'s
/// verdict where it picked a side; where it split the blame, the side the
/// other independent source groups of the claim do not back (one voice per
/// group, neither side's own group voting for its own member, but a group
/// whose members word the point differently voting once against its member
/// that departs): a member backs a side when it negates the negated word
/// as that side does, or (without that word) its sentence has the same
/// polarity (negation), or, aligned word by word with the side's sentence,
/// matches the side's differing words and not the other side's; if that
/// ties (a paraphrase moves words), a member backs the side whose differing
/// words its sentence holds anywhere, and not the other's. When both
/// sides are in one group (an original and its near-copy) and that ties,
/// the group's other differently worded members vote; still tied, the
/// rest of the story votes ([`context`]: each other source group's
/// sentences that share the fact's context, and the two sides' own other
/// sentences); still tied, the later member ([`later`]: published later,
/// or with no dates to tell, given later) is blamed: a convention, the
/// copy being the derived text, that decides only when nothing the sources
/// say does. (The
/// representative of a collapsed group was tried first and is the wrong
/// pick whenever the edit makes the copy longer: an inserted "not" makes
/// the copy the representative.) Between different groups, still tied:
/// half each (word counts across the story were tried and mislead: the
/// word a distortion brings in is often common elsewhere).
fn majority_blame(
    articles: &[Article],
    group: &ClaimGroup,
    diffs: &[PairDifference],
    blamed: &[Vec<(usize, f32)>],
    group_of: &dyn Fn(usize) -> usize,
    story: &StoryContext,
) -> Vec<Blame> {
    // Every distinct member sentence tokenised once per claim: a claim of
    // thousands of reports would otherwise tokenise each voter per vote.
    let mut token_cache: HashMap<&str, Vec<lexicon::Tok>> = HashMap::new();
    for &m in &group.members {
        if let Some(t) = sentence(articles, m) {
            token_cache.entry(t).or_insert_with(|| lexicon::tokens(t));
        }
    }
    let tok = |t: &str| -> &[lexicon::Tok] { token_cache.get(t).map_or(&[], Vec::as_slice) };
    let negated = |text: &str| {
        tok(text)
            .iter()
            .filter(|t| lexicon::is_negation(&t.folded))
            .count()
            % 2
    };
    // A negation's negated word, and whether each side negates it.
    let negated_predicate = |d: &PairDifference, tx: &str, ty: &str| {
        if d.diff.kind != DifferenceKind::Negation {
            return None;
        }
        let mut stems = span_stems(tok(tx), &d.diff.spans_a);
        stems.extend(span_stems(tok(ty), &d.diff.spans_b));
        let p = stems.into_iter().find(|w| !lexicon::is_negation(w))?;
        let (px, py) = (negated_before(tok(tx), &p)?, negated_before(tok(ty), &p)?);
        (px != py).then_some((p, px, py))
    };
    // The backers' votes depend only on the two sides' words, the kind and
    // the two sides' source groups: copies repeat them, so each distinct
    // case is counted once.
    // (side x, side y, kind, group x, group y) → votes for x and for y.
    type Case<'t> = (&'t str, &'t str, DifferenceKind, usize, usize);
    let mut votes: HashMap<Case, (usize, usize)> = HashMap::new();
    diffs
        .iter()
        .zip(blamed)
        .map(|(d, who)| {
            if who.len() != 2 {
                return Blame::evident(who.clone());
            }
            let (Some(tx), Some(ty)) = (sentence(articles, d.x), sentence(articles, d.y)) else {
                return Blame::evident(who.clone());
            };
            let (gx, gy) = (group_of(d.x.0), group_of(d.y.0));
            let (bx, by) = *votes
                .entry((tx, ty, d.diff.kind, gx, gy))
                .or_insert_with(|| {
                    let predicate = negated_predicate(d, tx, ty);
                    // Does report `z` use each side's differing words
                    // (anywhere, metonyms merged)?
                    let (wx, wy) = (
                        span_stems(tok(tx), &d.diff.spans_a),
                        span_stems(tok(ty), &d.diff.spans_b),
                    );
                    let holds = |z: &str| -> (bool, bool) {
                        let zs: BTreeSet<String> = tok(z).iter().map(loose_key).collect();
                        (
                            !wx.is_empty() && wx.is_subset(&zs),
                            !wy.is_empty() && wy.is_subset(&zs),
                        )
                    };
                    // Does report `z` back side x, side y (or neither)?
                    let vote = |z: &str| -> (bool, bool) {
                        if let Some((p, px, py)) = &predicate {
                            // Polarity of the same predicate: an unrelated
                            // "not" elsewhere in the sentence says nothing.
                            match negated_before(tok(z), p) {
                                Some(pz) => (pz == *px, pz == *py),
                                None => (false, false),
                            }
                        } else if d.diff.kind == DifferenceKind::Negation {
                            (negated(z) == negated(tx), negated(z) == negated(ty))
                        } else {
                            // The other report has this side's word in the
                            // same place (word alignment), and neither the
                            // other side's there nor its words (metonyms
                            // merged) anywhere: "from Moscow and Kyiv" backs
                            // neither "from Ukraine and Russia" nor "from
                            // Moscow and Russia".
                            let (mx, my) = (
                                compare::spans_matched_in_tokens(tok(tx), &d.diff.spans_a, tok(z)),
                                compare::spans_matched_in_tokens(tok(ty), &d.diff.spans_b, tok(z)),
                            );
                            let (hx, hy) = holds(z);
                            (mx && !my && !hy, my && !mx && !hx)
                        }
                    };
                    // One voice per independent source group other than the
                    // two sides': copies do not vote. Members of a side's
                    // own group that word it differently are kept apart.
                    let mut voters: BTreeMap<usize, &str> = BTreeMap::new();
                    let (mut own_x, mut own_y): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
                    for &m in &group.members {
                        let g = group_of(m.0);
                        let Some(text) = sentence(articles, m) else {
                            continue;
                        };
                        if g != gx && g != gy {
                            voters.entry(g).or_insert(text);
                        } else if text != tx && text != ty {
                            if g == gx {
                                own_x.push(text);
                            }
                            if g == gy && gy != gx {
                                own_y.push(text);
                            }
                        }
                    }
                    let count = |vote: &dyn Fn(&str) -> (bool, bool)| {
                        let (mut bx, mut by) = (0usize, 0usize);
                        for z in voters.values() {
                            let (vx, vy) = vote(z);
                            bx += usize::from(vx);
                            by += usize::from(vy);
                        }
                        if gx != gy {
                            // A group split on the point speaks (once)
                            // against its own member, never for it.
                            by += usize::from(own_x.iter().any(|z| vote(z) == (false, true)));
                            bx += usize::from(own_y.iter().any(|z| vote(z) == (true, false)));
                        } else if bx == by {
                            // Original and copy, and no other outlet
                            // settles it: the group's other members do.
                            for z in &own_x {
                                let (vx, vy) = vote(z);
                                bx += usize::from(vx);
                                by += usize::from(vy);
                            }
                        }
                        (bx, by)
                    };
                    let (bx, by) = count(&vote);
                    if bx != by || d.diff.kind == DifferenceKind::Negation {
                        return (bx, by);
                    }
                    // A paraphrase rarely keeps the word in the same place:
                    // then a report backs the side whose differing words
                    // it uses anywhere in its sentence, and not the other's.
                    let loose = |z: &str| -> (bool, bool) {
                        let (hx, hy) = holds(z);
                        (hx && !hy, hy && !hx)
                    };
                    count(&loose)
                });
            match bx.cmp(&by) {
                std::cmp::Ordering::Greater => Blame::evident(vec![(d.y.0, 1.0)]),
                std::cmp::Ordering::Less => Blame::evident(vec![(d.x.0, 1.0)]),
                // Nothing the sources say decides between two members of
                // one source group (an original and its copy): the later
                // one is taken to have departed from the earlier.
                std::cmp::Ordering::Equal if gx == gy && d.x.0 != d.y.0 => {
                    let (wx, wy) = (
                        span_stems(tok(tx), &d.diff.spans_a),
                        span_stems(tok(ty), &d.diff.spans_b),
                    );
                    let shared: BTreeSet<String> = context::content_keys(tok(tx))
                        .intersection(&context::content_keys(tok(ty)))
                        .filter(|k| !wx.contains(*k) && !wy.contains(*k))
                        .cloned()
                        .collect();
                    // The same tests as the claim's own voters: the negated
                    // predicate's polarity, else one side's differing words
                    // and not the other's.
                    let story_votes = if d.diff.kind == DifferenceKind::Negation {
                        negated_predicate(d, tx, ty).and_then(|(p, px, py)| {
                            let judge = |toks: &[lexicon::Tok], _: &BTreeSet<String>| {
                                negated_before(toks, &p)
                                    .map_or((false, false), |pz| (pz == px, pz == py))
                            };
                            story.votes(gx, d.x, d.y, &shared, &judge)
                        })
                    } else if wx.is_empty() || wy.is_empty() {
                        None
                    } else {
                        let judge = |_: &[lexicon::Tok], keys: &BTreeSet<String>| {
                            let (hx, hy) = (wx.is_subset(keys), wy.is_subset(keys));
                            (hx && !hy, hy && !hx)
                        };
                        story.votes(gx, d.x, d.y, &shared, &judge)
                    };
                    match story_votes {
                        Some((vx, vy)) if vx > vy => Blame::evident(vec![(d.y.0, 1.0)]),
                        Some((vx, vy)) if vy > vx => Blame::evident(vec![(d.x.0, 1.0)]),
                        _ => Blame {
                            who: vec![(later(articles, d.x.0, d.y.0), 1.0)],
                            by_convention: true,
                        },
                    }
                }
                std::cmp::Ordering::Equal => Blame::evident(who.clone()),
            }
        })
        .collect()
}

/// Distinct sides (words and resolved days) a claim may hold before its
/// comparisons are capped: with more, every distinct side is compared with
/// the [`PAIRWISE_ANCHORS`] most repeated ones (and those with each other)
/// instead of with every other side.
pub const PAIRWISE_MAX_SIDES: usize = 64;

/// How many of the most repeated distinct sides every other side is
/// compared with in a claim over [`PAIRWISE_MAX_SIDES`].
pub const PAIRWISE_ANCHORS: usize = 16;

/// Compares the members from different articles, each with its event days
/// resolved against its article's date.
///
/// Members with the same words and resolved days form one side class,
/// compared once per pair of classes (copies repeat the same sentence many
/// times). Every pair of classes is compared while the claim has at most
/// [`PAIRWISE_MAX_SIDES`] classes; beyond that only pairs that involve one
/// of the [`PAIRWISE_ANCHORS`] classes with most members (ties: first in
/// the claim), so a claim of `k` distinct sides costs O(k) comparisons, not
/// O(k²): a side is still reported against the claim's common versions,
/// but two rare variants are not compared with each other. Also returns
/// the members of the classes not compared with every other (empty when
/// all were): only the anchors may back them ([`Backing`]).
fn claim_differences(
    articles: &[Article],
    extraction: &Extraction,
    group: &ClaimGroup,
    config: &AnalysisConfig,
) -> (Vec<PairDifference>, BTreeSet<Member>) {
    let side = |(a, s): (usize, usize)| -> Option<Side> {
        let text = sentence(articles, (a, s))?;
        let times = extraction
            .times
            .get(a)
            .and_then(|v| v.get(s))
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        Some(Side::new(text, times))
    };
    let sides: Vec<Option<Side>> = group.members.iter().map(|&m| side(m)).collect();
    // The members of each class, in claim order; classes numbered by first
    // member.
    let mut class_index: HashMap<(&str, &[numbers::TimeMention], &[numbers::TimeMention]), usize> =
        HashMap::new();
    let mut classes: Vec<Vec<usize>> = Vec::new();
    for (k, s) in sides.iter().enumerate() {
        let Some(s) = s else { continue };
        let c = *class_index
            .entry((s.text, s.times.as_slice(), s.said.as_slice()))
            .or_insert_with(|| {
                classes.push(Vec::new());
                classes.len() - 1
            });
        classes[c].push(k);
    }
    let anchors: Vec<bool> = if classes.len() <= PAIRWISE_MAX_SIDES {
        vec![true; classes.len()]
    } else {
        let mut by_size: Vec<usize> = (0..classes.len()).collect();
        by_size.sort_by_key(|&c| (std::cmp::Reverse(classes[c].len()), c));
        let mut anchor = vec![false; classes.len()];
        for &c in by_size.iter().take(PAIRWISE_ANCHORS) {
            anchor[c] = true;
        }
        anchor
    };
    // (member index x, member index y, difference), x before y in the claim
    // and compared in that order (spans and note are oriented).
    let mut out: Vec<(usize, usize, PairDifference)> = Vec::new();
    for (ci, members_i) in classes.iter().enumerate() {
        for (cj, members_j) in classes.iter().enumerate().skip(ci + 1) {
            if !anchors[ci] && !anchors[cj] {
                continue;
            }
            let (Some(si), Some(sj)) = (&sides[members_i[0]], &sides[members_j[0]]) else {
                continue;
            };
            let (mut forward, mut backward) = (None, None);
            for &k in members_i {
                for &l in members_j {
                    // The earlier member is compared first.
                    let (k, l, found) = if k < l {
                        let f = forward.get_or_insert_with(|| compare_sides(si, sj, config));
                        (k, l, &*f)
                    } else {
                        let f = backward.get_or_insert_with(|| compare_sides(sj, si, config));
                        (l, k, &*f)
                    };
                    let (x, y) = (group.members[k], group.members[l]);
                    if x.0 == y.0 {
                        continue;
                    }
                    for diff in found.iter() {
                        out.push((
                            k,
                            l,
                            PairDifference {
                                x,
                                y,
                                diff: diff.clone(),
                                probability: None,
                            },
                        ));
                    }
                }
            }
        }
    }
    // Claim order of pairs, as comparing every pair in turn gives.
    out.sort_by_key(|&(k, l, _)| (k, l));
    let partial: BTreeSet<Member> = classes
        .iter()
        .zip(&anchors)
        .filter(|(_, &a)| !a)
        .flat_map(|(c, _)| c.iter().map(|&k| group.members[k]))
        .collect();
    (out.into_iter().map(|(_, _, d)| d).collect(), partial)
}

/// Of two articles, the one taken to be derived from the other: the later
/// `published` date when both are known and differ, else the one given
/// later in the input (people list a report before its republications more
/// often than after; a convention, not evidence).
fn later(articles: &[Article], a: usize, b: usize) -> usize {
    let date = |i: usize| {
        articles
            .get(i)
            .and_then(|x| x.published.as_deref())
            .and_then(corroborate_extract::times::parse_iso_date)
    };
    match (date(a), date(b)) {
        (Some(x), Some(y)) if x != y => {
            if x > y {
                a
            } else {
                b
            }
        }
        _ => a.max(b),
    }
}

/// Whether the first word of a sentence's tokens with stem `predicate` is
/// negated (a negation within the three words before it); `None` when the
/// sentence lacks the word.
fn negated_before(toks: &[lexicon::Tok], predicate: &str) -> Option<bool> {
    let at = toks.iter().position(|t| t.stem == predicate)?;
    Some(
        toks[at.saturating_sub(3)..at]
            .iter()
            .any(|t| lexicon::is_negation(&t.folded) || t.stem == "fail"),
    )
}

/// Keys ([`loose_key`]) of the content words of a sentence inside `spans`
/// (all its words there when none is a content word: "more than" /
/// "fewer than").
fn span_stems(toks: &[lexicon::Tok], spans: &[Span]) -> BTreeSet<String> {
    let inside: Vec<&lexicon::Tok> = toks
        .iter()
        .filter(|t| spans.iter().any(|s| s.start <= t.start && t.end <= s.end))
        .collect();
    let content = inside.iter().any(|t| !t.function);
    inside
        .into_iter()
        .filter(|t| !content || !t.function)
        .map(loose_key)
        .collect()
}

/// The words of a sentence, folded, punctuation and case ignored: two
/// members with the same words say the same thing to the model's eyes.
fn folded_words(text: &str) -> Vec<String> {
    corroborate_core::text::words(text)
        .iter()
        .map(|w| corroborate_core::text::fold(w.text))
        .collect()
}

/// Spans of the words of `a` that `b` lacks (all of `a` when none).
fn words_not_in(a: &str, b: &str) -> Vec<Span> {
    let other: BTreeSet<String> = folded_words(b).into_iter().collect();
    let spans: Vec<Span> = corroborate_core::text::words(a)
        .iter()
        .filter(|w| !other.contains(&corroborate_core::text::fold(w.text)))
        .map(|w| Span {
            start: w.start,
            end: w.end,
        })
        .collect();
    if spans.is_empty() {
        vec![Span {
            start: 0,
            end: a.len(),
        }]
    } else {
        spans
    }
}

/// Adds the contradiction model's findings: every pair of members of a
/// claim (different articles, different words) in which the rules found no
/// contradiction is scored, all claims in one batch, each distinct pair of
/// texts once; pairs at or above the threshold become `Nli` differences.
/// A model error adds nothing (the rule findings stand).
fn model_differences(
    articles: &[Article],
    groups: &[ClaimGroup],
    group_diffs: &mut [Vec<PairDifference>],
    scorer: &dyn ContradictionScorer,
    config: &AnalysisConfig,
) {
    // (group, x, y, text pair) of each candidate, and the distinct text pairs.
    type Member = (usize, usize);
    let mut candidates: Vec<(usize, Member, Member, usize)> = Vec::new();
    let mut texts: Vec<(&str, &str)> = Vec::new();
    let mut index: HashMap<(&str, &str), usize> = HashMap::new();
    for (g, group) in groups.iter().enumerate() {
        if group.articles().len() < 2 {
            continue;
        }
        let contradicted: BTreeSet<((usize, usize), (usize, usize))> = group_diffs[g]
            .iter()
            .filter(|d| d.diff.severity == Severity::Contradiction)
            .map(|d| (d.x, d.y))
            .collect();
        for (k, &x) in group.members.iter().enumerate() {
            for &y in group.members.iter().skip(k + 1) {
                if x.0 == y.0 || contradicted.contains(&(x, y)) {
                    continue;
                }
                let (Some(tx), Some(ty)) = (sentence(articles, x), sentence(articles, y)) else {
                    continue;
                };
                // A copy that changes nothing cannot contradict.
                if folded_words(tx) == folded_words(ty) {
                    continue;
                }
                let key = if tx <= ty { (tx, ty) } else { (ty, tx) };
                let next = texts.len();
                let i = *index.entry(key).or_insert_with(|| {
                    texts.push(key);
                    next
                });
                candidates.push((g, x, y, i));
            }
        }
    }
    if texts.is_empty() {
        return;
    }
    let Ok(probs) = scorer.contradiction(&texts) else {
        return;
    };
    if probs.len() != texts.len() {
        return;
    }
    let threshold = config.nli_threshold();
    for (g, x, y, i) in candidates {
        let p = probs[i];
        // NaN never fires.
        if p.is_nan() || p < threshold {
            continue;
        }
        let (Some(tx), Some(ty)) = (sentence(articles, x), sentence(articles, y)) else {
            continue;
        };
        group_diffs[g].push(PairDifference {
            x,
            y,
            diff: Difference {
                kind: DifferenceKind::Nli,
                severity: Severity::Contradiction,
                detail: DifferenceKind::Nli.as_str(),
                spans_a: words_not_in(tx, ty),
                spans_b: words_not_in(ty, tx),
                note: format!("read as contradicting by {} (p = {p:.2})", scorer.name()),
            },
            probability: Some(p),
        });
    }
}

fn sentence(articles: &[Article], (a, s): (usize, usize)) -> Option<&str> {
    articles
        .get(a)
        .and_then(|art| art.sentences.get(s))
        .map(|s| s.text.as_str())
}

/// In how many sentences of the story each folded word occurs, a sentence
/// repeated word for word within one source group (a copy's untouched
/// sentence) counted once: copies must not corroborate their original's
/// wording.
fn word_sentence_counts(
    articles: &[Article],
    group_of: &dyn Fn(usize) -> usize,
) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    let mut seen: HashMap<(usize, &str), ()> = HashMap::new();
    for (i, a) in articles.iter().enumerate() {
        for s in &a.sentences {
            if seen.insert((group_of(i), s.text.as_str()), ()).is_some() {
                continue;
            }
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

/// For each difference, how many independent source groups of the claim
/// back each side: `backers(side, other, detail)` counts the source groups
/// other than `side`'s and `other`'s that hold a member with no difference
/// of that `detail` from `side` (copies of either side do not back it).
///
/// Counted from indexes built once per claim (members per group, and per
/// `(detail, member)` the members it differs from, per group), so a claim
/// costs O((m + d) log d + d·g) for `m` members, `d` differences and `g`
/// groups instead of the O(d² m) of testing every member against every
/// difference.
/// `(article, sentence)` of a claim member.
type Member = (usize, usize);

struct Backing {
    /// Members (with multiplicity) per source group.
    per_group: BTreeMap<usize, usize>,
    /// The same, counting only members compared with every other
    /// (`per_group` when the claim was compared in full).
    anchors_per_group: BTreeMap<usize, usize>,
    /// Members compared only with the anchors ([`claim_differences`]):
    /// a member never compared with them cannot back them.
    partial: BTreeSet<Member>,
    /// `(detail, member)` → members (with multiplicity) it differs from in
    /// that detail, per source group.
    differing: BTreeMap<(&'static str, Member), BTreeMap<usize, usize>>,
}

impl Backing {
    fn new(
        group: &ClaimGroup,
        diffs: &[PairDifference],
        partial: &BTreeSet<Member>,
        group_of: &dyn Fn(usize) -> usize,
    ) -> Self {
        let mut per_group: BTreeMap<usize, usize> = BTreeMap::new();
        let mut anchors_per_group: BTreeMap<usize, usize> = BTreeMap::new();
        let mut multiplicity: BTreeMap<(usize, usize), usize> = BTreeMap::new();
        for &z in &group.members {
            *per_group.entry(group_of(z.0)).or_default() += 1;
            if !partial.contains(&z) {
                *anchors_per_group.entry(group_of(z.0)).or_default() += 1;
            }
            *multiplicity.entry(z).or_default() += 1;
        }
        // Distinct partners first: one pair found twice differs once.
        let mut partners: BTreeSet<(&'static str, Member, Member)> = BTreeSet::new();
        for d in diffs {
            partners.insert((d.diff.detail, d.x, d.y));
            partners.insert((d.diff.detail, d.y, d.x));
        }
        let mut differing: BTreeMap<_, BTreeMap<usize, usize>> = BTreeMap::new();
        for (detail, p, q) in partners {
            let Some(&k) = multiplicity.get(&q) else {
                continue; // not a member: never counted as a backer anyway
            };
            *differing
                .entry((detail, p))
                .or_default()
                .entry(group_of(q.0))
                .or_default() += k;
        }
        Self {
            per_group,
            anchors_per_group,
            partial: partial.clone(),
            differing,
        }
    }

    /// Members per group that were compared with `m`.
    fn pool(&self, m: Member) -> &BTreeMap<usize, usize> {
        if self.partial.contains(&m) {
            &self.anchors_per_group
        } else {
            &self.per_group
        }
    }

    fn backers(
        &self,
        side: Member,
        other: Member,
        detail: &'static str,
        group_of: &dyn Fn(usize) -> usize,
    ) -> usize {
        let (own, theirs) = (group_of(side.0), group_of(other.0));
        let against = self.differing.get(&(detail, side));
        self.pool(side)
            .iter()
            .filter(|(&g, _)| g != own && g != theirs)
            .filter(|(g, &n)| n > against.and_then(|a| a.get(g)).copied().unwrap_or(0))
            .count()
    }

    /// Members of `g` that differ from `m` in `detail`.
    fn differing_in(&self, m: Member, detail: &'static str, g: usize) -> usize {
        self.differing
            .get(&(detail, m))
            .and_then(|a| a.get(&g))
            .copied()
            .unwrap_or(0)
    }

    /// The voice of `other`'s own source group for `side`, when that group
    /// is split on the point: it holds a member that differs from `other`
    /// in `detail` and a member that does not differ from `side` (an
    /// original that the other outlets agree with, against its distorted
    /// copy). 0 or 1, added to [`Backing::backers`]; 0 when both sides are
    /// in one group (see [`Backing::within_group`]). Copies that repeat
    /// `other` never vote for it: a group only ever speaks against its own
    /// member here.
    fn split_vote(
        &self,
        side: Member,
        other: Member,
        detail: &'static str,
        group_of: &dyn Fn(usize) -> usize,
    ) -> usize {
        let (own, theirs) = (group_of(side.0), group_of(other.0));
        if own == theirs {
            return 0;
        }
        let n = self.pool(side).get(&theirs).copied().unwrap_or(0);
        usize::from(
            self.differing_in(other, detail, theirs) > 0
                && n > self.differing_in(side, detail, theirs),
        )
    }

    /// Both sides in one source group (an original and its copy): how many
    /// other members of that group do not differ from `side` in `detail`.
    /// Compared between the two sides only, so members that differ from
    /// neither (or both) cancel out.
    fn within_group(
        &self,
        side: Member,
        detail: &'static str,
        group_of: &dyn Fn(usize) -> usize,
    ) -> usize {
        let g = group_of(side.0);
        let n = self.pool(side).get(&g).copied().unwrap_or(0);
        n.saturating_sub(self.differing_in(side, detail, g) + 1)
    }
}

/// Who is to blame for each difference: the side fewer independent source
/// groups of the claim back (neither side's own group counts for its own
/// member, but a group split on the point speaks against its member that
/// departs from it: [`Backing::split_vote`]); when both sides are in one
/// group, on a tie the side fewer of the group's other members back; on a
/// tie the
/// side whose differing words occur nowhere else in the story (a lone
/// "Hartmann" against a "Nutter" used throughout); then the more garbled
/// side; else both, half each.
fn assign_blame(
    articles: &[Article],
    group: &ClaimGroup,
    diffs: &[PairDifference],
    partial: &BTreeSet<Member>,
    garble: &[f32],
    word_sentences: &BTreeMap<String, usize>,
    group_of: &dyn Fn(usize) -> usize,
) -> Vec<Vec<(usize, f32)>> {
    let backing = Backing::new(group, diffs, partial, group_of);
    diffs
        .iter()
        .map(|d| {
            let (mut bx, mut by) = (
                backing.backers(d.x, d.y, d.diff.detail, group_of)
                    + backing.split_vote(d.x, d.y, d.diff.detail, group_of),
                backing.backers(d.y, d.x, d.diff.detail, group_of)
                    + backing.split_vote(d.y, d.x, d.diff.detail, group_of),
            );
            if bx == by && group_of(d.x.0) == group_of(d.y.0) {
                // The independent outlets do not settle it: the group's
                // other members do.
                (bx, by) = (
                    backing.within_group(d.x, d.diff.detail, group_of),
                    backing.within_group(d.y, d.diff.detail, group_of),
                );
            }
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
    blame: &[Blame],
    support: usize,
) -> Vec<Finding> {
    type Blamed<'a> = Vec<(&'a PairDifference, &'a Blame)>;
    let mut by_kind: BTreeMap<(Severity, DifferenceKind), Blamed> = BTreeMap::new();
    for (d, b) in diffs.iter().zip(blame) {
        by_kind
            .entry((d.diff.severity, d.diff.kind))
            .or_default()
            .push((d, b));
    }
    by_kind
        .into_iter()
        .map(|((severity, kind), blamed)| {
            // The articles blamed by convention alone: the finding says so,
            // since its fidelity scores rest on a presumption, not on the
            // sources.
            let presumed: BTreeSet<usize> = blamed
                .iter()
                .filter(|(_, b)| b.by_convention)
                .flat_map(|(_, b)| b.who.iter().map(|w| w.0))
                .collect();
            let ds: Vec<&PairDifference> = blamed.iter().map(|(d, _)| *d).collect();
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
            let mut summary = format!(
                "{} ({}): {} vs {}: {}",
                match severity {
                    Severity::Contradiction => "Sources contradict each other",
                    Severity::Divergence => "Sources diverge",
                },
                kind.as_str().replace('_', " "),
                label(first.x),
                label(first.y),
                first.diff.note
            );
            if !presumed.is_empty() {
                let names: Vec<String> = presumed
                    .iter()
                    .filter_map(|&a| articles.get(a).map(|x| x.label()))
                    .collect();
                summary.push_str(&format!(
                    ". No other source tells which of the two versions is the original; \
                     fidelity presumes the later one ({}) changed it",
                    names.join(", ")
                ));
            }
            Finding {
                kind: kind.finding_kind(),
                summary,
                evidence,
                support,
                claim: group.id,
                detail: Some(kind.as_str().to_string()),
                probability: ds.iter().filter_map(|d| d.probability).reduce(f32::max),
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
        probability: None,
    })
}

/// Single source: the claim comes from one source group only.
fn single_source_finding(
    articles: &[Article],
    group: &ClaimGroup,
    support: usize,
    config: &AnalysisConfig,
) -> Option<Finding> {
    let first = *group.members.first()?;
    let text = sentence(articles, first)?;
    if corroborate_core::text::words(text).len() < config.min_single_source_words {
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
        probability: None,
    })
}

/// Counts of one specific thing told differently by independent sources
/// in sentences the aligner did not pair ("Tens of thousands have been
/// killed" / "Hundreds of thousands have been killed and wounded"). Only
/// amounts in the same slot ([`compare::same_slot`]) of a specific counted
/// word ([`compare::specific_count`]: no "people", "years", units) are
/// compared, and the two sentences must share content words besides the
/// figures: the counted verb when the amount is its subject, three when
/// the amount counts a noun. One finding per pair of independent source
/// groups and counted thing, naming both amounts.
fn unaligned_count_findings(
    articles: &[Article],
    groups: &[ClaimGroup],
    group_of: &dyn Fn(usize) -> usize,
    config: &AnalysisConfig,
) -> Vec<Finding> {
    type Member = (usize, usize);
    let mut same_claim: BTreeSet<(Member, Member)> = BTreeSet::new();
    for g in groups {
        for &x in &g.members {
            for &y in &g.members {
                same_claim.insert((x, y));
            }
        }
    }
    struct Fact {
        member: Member,
        qty: numbers::Qty,
        stems: BTreeSet<String>,
    }
    let mut facts: Vec<Fact> = Vec::new();
    for (a, article) in articles.iter().enumerate() {
        for (s, sentence) in article.sentences.iter().enumerate() {
            let toks = lexicon::tokens(&sentence.text);
            let stems: BTreeSet<String> = toks
                .iter()
                .filter(|t| !t.function && t.stem.len() > 2)
                .filter(|t| !t.folded.chars().any(|c| c.is_ascii_digit()))
                .filter(|t| !numbers::is_number_word(&t.folded))
                .map(|t| t.stem.clone())
                .collect();
            for q in numbers::find_quantities(&sentence.text, &toks) {
                if compare::specific_count(&q) {
                    facts.push(Fact {
                        member: (a, s),
                        qty: q,
                        stems: stems.clone(),
                    });
                }
            }
        }
    }
    let mut out = Vec::new();
    let mut reported: BTreeSet<(usize, usize, String)> = BTreeSet::new();
    for (k, x) in facts.iter().enumerate() {
        for y in &facts[k + 1..] {
            let (mx, my) = (x.member, y.member);
            if group_of(mx.0) == group_of(my.0) || same_claim.contains(&(mx, my)) {
                continue;
            }
            if !compare::same_slot(&x.qty, &y.qty) || x.qty.agrees(&y.qty, config.unit_tolerance) {
                continue;
            }
            // Content words in common besides the figures and number
            // words: the verb itself when the amount is its subject ("…
            // have been killed"); three for a counted noun ("8,000
            // customers"), whose scope (where, when, which part) often
            // differs.
            let needed = if x.qty.head_is_predicate && y.qty.head_is_predicate {
                1
            } else {
                3
            };
            if x.stems.intersection(&y.stems).count() < needed {
                continue;
            }
            // A vague amount ("dozens") against an exact one is a matter
            // of scope, not a disagreement.
            let vague = |q: &numbers::Qty, m: Member| {
                let text = sentence(articles, m).unwrap_or("");
                let amount = text.get(q.start..q.end).unwrap_or("").to_lowercase();
                let before = text.get(..q.start).unwrap_or("").trim_end().to_lowercase();
                [
                    "dozens",
                    "hundreds",
                    "thousands",
                    "millions",
                    "billions",
                    "tens",
                ]
                .iter()
                .any(|v| amount.starts_with(v))
                    || ["several", "few", "some", "many"]
                        .iter()
                        .any(|v| before.ends_with(v))
            };
            if vague(&x.qty, mx) != vague(&y.qty, my) {
                continue;
            }
            // The other sentence also gives the figure (for another part
            // of the whole): the two reports tell both.
            let also_gives = |q: &numbers::Qty, m: Member| {
                let text = sentence(articles, m).unwrap_or("");
                numbers::find_quantities(text, &lexicon::tokens(text))
                    .iter()
                    .any(|o| o.agrees(q, config.unit_tolerance))
            };
            if also_gives(&x.qty, my) || also_gives(&y.qty, mx) {
                continue;
            }
            // One finding per pair of independent sources and counted
            // thing: copies of the two reports repeat the same difference.
            let head = x.qty.head.clone().unwrap_or_default();
            let (gx, gy) = (group_of(mx.0), group_of(my.0));
            if !reported.insert((gx.min(gy), gx.max(gy), head)) {
                continue;
            }
            let (Some(tx), Some(ty)) = (sentence(articles, mx), sentence(articles, my)) else {
                continue;
            };
            let span = |q: &numbers::Qty| Span {
                start: q.start,
                end: q.end,
            };
            let evidence: Vec<Evidence> = [(mx, &x.qty), (my, &y.qty)]
                .into_iter()
                .filter_map(|(m, q)| evidence(articles, m, vec![span(q)]))
                .collect();
            let label = |a: usize| articles.get(a).map(|x| x.label()).unwrap_or_default();
            out.push(Finding {
                kind: FindingKind::Divergence,
                summary: format!(
                    "Sources diverge (number): {} vs {}: \"{}\" vs \"{}\"",
                    label(mx.0),
                    label(my.0),
                    &tx[x.qty.start..x.qty.end],
                    &ty[y.qty.start..y.qty.end]
                ),
                evidence,
                support: 2,
                claim: None,
                detail: Some(DifferenceKind::Number.as_str().to_string()),
                probability: None,
            });
        }
    }
    out
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
                probability: None,
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
    /// against every difference, counted by distinct source group outside
    /// the two sides' groups.
    fn backers_by_definition(
        group: &ClaimGroup,
        diffs: &[PairDifference],
        side: (usize, usize),
        other: (usize, usize),
        detail: &str,
        group_of: &dyn Fn(usize) -> usize,
    ) -> usize {
        let differs = |p: (usize, usize), q: (usize, usize)| {
            diffs.iter().any(|d| {
                d.diff.detail == detail && ((d.x == p && d.y == q) || (d.x == q && d.y == p))
            })
        };
        let (own, theirs) = (group_of(side.0), group_of(other.0));
        group
            .members
            .iter()
            .filter(|&&z| group_of(z.0) != own && group_of(z.0) != theirs)
            .filter(|&&z| !differs(side, z))
            .map(|&z| group_of(z.0))
            .collect::<BTreeSet<usize>>()
            .len()
    }

    fn difference(x: (usize, usize), y: (usize, usize), detail: &'static str) -> PairDifference {
        PairDifference {
            x,
            y,
            diff: Difference {
                kind: if detail == "number" {
                    DifferenceKind::Number
                } else {
                    DifferenceKind::Name
                },
                severity: Severity::Divergence,
                detail,
                spans_a: Vec::new(),
                spans_b: Vec::new(),
                note: String::new(),
            },
            probability: None,
        }
    }

    fn one_sentence_article(text: &str) -> Article {
        Article::plain(
            "",
            text,
            vec![corroborate_core::Sentence {
                index: 0,
                text: text.to_string(),
                start: 0,
                end: text.len(),
            }],
        )
    }

    #[test]
    fn a_claim_of_many_distinct_figures_is_compared_with_its_common_versions_only() {
        // 30 reports of the common figure, then 100 distinct rare figures:
        // over PAIRWISE_MAX_SIDES distinct sides, so each rare one is
        // compared with the most repeated sides, not with every other.
        let mut texts =
            vec!["At least 12 people were killed in the attack on the market.".to_string(); 30];
        texts.extend((0..100).map(|i| {
            format!(
                "At least {} people were killed in the attack on the market.",
                100 + i
            )
        }));
        let articles: Vec<Article> = texts.iter().map(|t| one_sentence_article(t)).collect();
        let group = ClaimGroup {
            id: Some(0),
            members: (0..articles.len()).map(|a| (a, 0)).collect(),
        };
        let (diffs, partial) = claim_differences(
            &articles,
            &Extraction::default(),
            &group,
            &AnalysisConfig::default(),
        );
        assert_eq!(partial.len(), 85);
        // Every rare figure differs from each of the 30 common reports (the
        // one anchor with more than one member) and from the 15 rare
        // anchors; the 85 rare non-anchors are not compared pairwise.
        let rare_pairs = 15 * 14 / 2 + 15 * 85;
        assert_eq!(diffs.len(), 100 * 30 + rare_pairs);
        assert!(diffs.iter().all(|d| d.diff.detail == "number"));
        // Claim order, earlier member first.
        assert!(diffs
            .windows(2)
            .all(|w| (w[0].x, w[0].y) <= (w[1].x, w[1].y)));
        // The common figure carries the claim: every rare report is blamed,
        // none of the 30.
        let garble = vec![0.0; articles.len()];
        let words = word_sentence_counts(&articles, &|a| a);
        let group_of = |a: usize| a;
        let blamed = assign_blame(
            &articles, &group, &diffs, &partial, &garble, &words, &group_of,
        );
        for (d, who) in diffs.iter().zip(&blamed) {
            if d.x.0 < 30 {
                assert_eq!(who, &vec![(d.y.0, 1.0)]);
            }
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
            // Six articles in three source groups (copies share a group).
            let group_of = |a: usize| a % 3;
            let backing = Backing::new(&group, &diffs, &BTreeSet::new(), &group_of);
            for d in &diffs {
                for (side, other) in [(d.x, d.y), (d.y, d.x)] {
                    assert_eq!(
                        backing.backers(side, other, d.diff.detail, &group_of),
                        backers_by_definition(
                            &group,
                            &diffs,
                            side,
                            other,
                            d.diff.detail,
                            &group_of
                        ),
                        "{:?} {side:?} {other:?}",
                        group.members
                    );
                }
            }
        }
    }
}
