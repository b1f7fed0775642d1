//! Claims as the verify stage uses them: groups of sentences, by position.
//!
//! In: the articles and the alignment stage's [`StoryAlignment`]. Out:
//! [`ClaimGroup`]s, each a set of `(article index, sentence index)` that
//! report one fact, with the id of the report claim it came from.
//!
//! The alignment stage's claims are used when it produced any. When it
//! produced none (an empty alignment, or a story the aligner could not
//! handle) a local fallback groups sentences by IDF-weighted overlap of
//! content stems, mutual best matches across article pairs, so that the
//! findings never depend on another stage being finished. The fallback is
//! quadratic in sentences, so it runs only over the representatives (not
//! the near-copies collapsed onto them) and only when there are at most
//! [`FALLBACK_MAX_ARTICLES`] of them.
//!
//! Invariant: members are sorted and unique; a sentence index is always
//! valid for its article.

use crate::lexicon::tokens;
use corroborate_align::StoryAlignment;
use corroborate_core::Article;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One fact and the sentences that report it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimGroup {
    /// Id of the report's claim, when the group is one.
    pub id: Option<usize>,
    /// `(article, sentence)`, sorted.
    pub members: Vec<(usize, usize)>,
}

impl ClaimGroup {
    /// Distinct articles of the group.
    pub fn articles(&self) -> BTreeSet<usize> {
        self.members.iter().map(|(a, _)| *a).collect()
    }
}

/// Claims of the story: the aligner's, else the local fallback's; then a
/// singleton group for every sentence no claim holds.
pub fn claim_groups(articles: &[Article], alignment: &StoryAlignment) -> Vec<ClaimGroup> {
    claim_groups_with(
        articles,
        alignment,
        corroborate_core::AnalysisConfig::default().fallback_claim_threshold,
    )
}

/// [`claim_groups`] with the fallback's cosine threshold given.
pub fn claim_groups_with(
    articles: &[Article],
    alignment: &StoryAlignment,
    threshold: f32,
) -> Vec<ClaimGroup> {
    let index_of: HashMap<&str, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let mut groups: Vec<ClaimGroup> = alignment
        .claims
        .iter()
        .map(|c| {
            let mut members: Vec<(usize, usize)> = c
                .sentences
                .iter()
                .filter_map(|s| {
                    let a = *index_of.get(s.article.as_str())?;
                    (s.sentence < articles[a].sentences.len()).then_some((a, s.sentence))
                })
                .collect();
            members.sort_unstable();
            members.dedup();
            ClaimGroup {
                id: Some(c.id),
                members,
            }
        })
        .filter(|g| !g.members.is_empty())
        .collect();
    // The fallback compares every sentence with every sentence of every
    // other article: it runs on the representatives only, and only when they
    // are few enough. Near-copies' sentences are set aside first and then
    // follow the representatives' sentences they were claimed with, so a
    // story with copies groups its representatives exactly as without them.
    let is_representative = |a: usize| alignment.representative.get(a).is_none_or(|&r| r == a);
    let representatives: Vec<usize> = (0..articles.len())
        .filter(|&a| is_representative(a))
        .collect();
    if representatives.len() <= FALLBACK_MAX_ARTICLES {
        // Judged before copies are set aside: a claim shared by an
        // original and its copy is a claim of the aligner's.
        let aligner_found_none = groups.iter().all(|g| g.articles().len() < 2);
        // (copy member, a representative member of its claim, or none).
        type Member = (usize, usize);
        let mut copies: Vec<(Member, Option<Member>)> = Vec::new();
        for g in &mut groups {
            let anchor = g.members.iter().copied().find(|m| is_representative(m.0));
            g.members.retain(|m| {
                let keep = is_representative(m.0);
                if !keep {
                    copies.push((*m, anchor));
                }
                keep
            });
        }
        groups.retain(|g| !g.members.is_empty());
        let subset: Vec<Article> = representatives
            .iter()
            .map(|&i| articles[i].clone())
            .collect();
        let fallback: Vec<ClaimGroup> = local_claims_with(&subset, threshold)
            .into_iter()
            .map(|g| ClaimGroup {
                id: g.id,
                members: g
                    .members
                    .iter()
                    .map(|&(a, s)| (representatives[a], s))
                    .collect(),
            })
            .collect();
        if aligner_found_none {
            groups = fallback;
        } else {
            supplement(&mut groups, fallback);
        }
        groups.retain(|g| !g.members.is_empty());
        let group_of: BTreeMap<(usize, usize), usize> = groups
            .iter()
            .enumerate()
            .flat_map(|(gi, g)| g.members.iter().map(move |&m| (m, gi)))
            .collect();
        for (copy, anchor) in copies {
            let target = anchor.and_then(|a| group_of.get(&a).copied());
            match target {
                Some(gi) if !groups[gi].articles().contains(&copy.0) => {
                    groups[gi].members.push(copy);
                    groups[gi].members.sort_unstable();
                }
                _ => {}
            }
        }
    }
    groups.retain(|g| g.members.len() > 1 || g.id.is_some());
    let covered: BTreeSet<(usize, usize)> = groups
        .iter()
        .flat_map(|g| g.members.iter().copied())
        .collect();
    for (a, article) in articles.iter().enumerate() {
        for s in 0..article.sentences.len() {
            if !covered.contains(&(a, s)) {
                groups.push(ClaimGroup {
                    id: None,
                    members: vec![(a, s)],
                });
            }
        }
    }
    groups
}

/// Adds the fallback's matches for sentences the aligner left alone: a
/// lone sentence joins the aligner's claim its fallback partner is in
/// (when its article is not there yet), and lone sentences matched only
/// with each other form a new group. The aligner's multi-article claims
/// are never split or merged.
fn supplement(groups: &mut Vec<ClaimGroup>, fallback: Vec<ClaimGroup>) {
    let mut claim_of: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for (gi, g) in groups.iter().enumerate() {
        for &m in &g.members {
            claim_of.insert(m, gi);
        }
    }
    let is_alone = |groups: &[ClaimGroup], claim_of: &BTreeMap<(usize, usize), usize>, m| !matches!(claim_of.get(&m), Some(&gi) if groups[gi].members.len() > 1);
    for fb in fallback {
        let alone: Vec<(usize, usize)> = fb
            .members
            .iter()
            .copied()
            .filter(|&m| is_alone(groups, &claim_of, m))
            .collect();
        if alone.is_empty() {
            continue;
        }
        let host = fb
            .members
            .iter()
            .filter(|&&m| !is_alone(groups, &claim_of, m))
            .find_map(|m| claim_of.get(m).copied());
        match host {
            Some(gi) => {
                for m in alone {
                    if groups[gi].articles().contains(&m.0) {
                        continue;
                    }
                    groups[gi].members.push(m);
                    groups[gi].members.sort_unstable();
                    if let Some(&old) = claim_of.get(&m) {
                        groups[old].members.clear();
                    }
                    claim_of.insert(m, gi);
                }
            }
            None if alone.iter().map(|m| m.0).collect::<BTreeSet<_>>().len() > 1 => {
                let gi = groups.len();
                for &m in &alone {
                    if let Some(&old) = claim_of.get(&m) {
                        groups[old].members.clear();
                    }
                    claim_of.insert(m, gi);
                }
                groups.push(ClaimGroup {
                    id: None,
                    members: alone,
                });
            }
            None => {}
        }
    }
    groups.retain(|g| !g.members.is_empty());
}

/// Sparse IDF-weighted vector of a sentence's content stems.
fn vector(text: &str, idf: &BTreeMap<String, f32>) -> BTreeMap<String, f32> {
    let mut v = BTreeMap::new();
    for t in tokens(text) {
        if t.function || t.stem.len() < 2 {
            continue;
        }
        let w = idf.get(&t.stem).copied().unwrap_or(1.0);
        *v.entry(t.stem).or_insert(0.0) += w;
    }
    let norm: f32 = v.values().map(|x: &f32| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.values_mut().for_each(|x| *x /= norm);
    }
    v
}

fn cosine(a: &BTreeMap<String, f32>, b: &BTreeMap<String, f32>) -> f32 {
    a.iter().filter_map(|(k, x)| b.get(k).map(|y| x * y)).sum()
}

/// Most representatives (articles that are no near-copy of another) the
/// quadratic fallback runs on; the aligner's claims alone serve more.
pub const FALLBACK_MAX_ARTICLES: usize = 40;

/// Fallback claims with the default threshold.
pub fn local_claims(articles: &[Article]) -> Vec<ClaimGroup> {
    local_claims_with(
        articles,
        corroborate_core::AnalysisConfig::default().fallback_claim_threshold,
    )
}

/// Fallback claims: mutual best matches across each pair of articles above
/// a cosine threshold, joined transitively (union-find).
pub fn local_claims_with(articles: &[Article], threshold: f32) -> Vec<ClaimGroup> {
    let mut df: BTreeMap<String, usize> = BTreeMap::new();
    let mut total = 0usize;
    for a in articles {
        for s in &a.sentences {
            total += 1;
            let stems: BTreeSet<String> = tokens(&s.text)
                .into_iter()
                .filter(|t| !t.function)
                .map(|t| t.stem)
                .collect();
            for st in stems {
                *df.entry(st).or_insert(0) += 1;
            }
        }
    }
    let idf: BTreeMap<String, f32> = df
        .into_iter()
        .map(|(k, n)| (k, ((1 + total) as f32 / (1 + n) as f32).ln() + 1.0))
        .collect();
    let vectors: Vec<Vec<BTreeMap<String, f32>>> = articles
        .iter()
        .map(|a| a.sentences.iter().map(|s| vector(&s.text, &idf)).collect())
        .collect();
    let offsets: Vec<usize> = articles
        .iter()
        .scan(0, |acc, a| {
            let o = *acc;
            *acc += a.sentences.len();
            Some(o)
        })
        .collect();
    let mut parent: Vec<usize> = (0..total).collect();
    fn find(parent: &mut [usize], x: usize) -> usize {
        let mut r = x;
        while parent[r] != r {
            r = parent[r];
        }
        let mut y = x;
        while parent[y] != r {
            let next = parent[y];
            parent[y] = r;
            y = next;
        }
        r
    }
    for a in 0..articles.len() {
        for b in a + 1..articles.len() {
            let best_in = |from: &[BTreeMap<String, f32>], to: &[BTreeMap<String, f32>]| {
                from.iter()
                    .map(|v| {
                        to.iter().enumerate().map(|(j, w)| (j, cosine(v, w))).fold(
                            None,
                            |best: Option<(usize, f32)>, (j, c)| match best {
                                Some((_, bc)) if bc >= c => best,
                                _ => Some((j, c)),
                            },
                        )
                    })
                    .collect::<Vec<_>>()
            };
            let best_ab = best_in(&vectors[a], &vectors[b]);
            let best_ba = best_in(&vectors[b], &vectors[a]);
            for (i, best) in best_ab.iter().enumerate() {
                let Some((j, c)) = *best else { continue };
                let mutual = best_ba[j].is_some_and(|(back, _)| back == i);
                if mutual && c >= threshold {
                    let (x, y) = (offsets[a] + i, offsets[b] + j);
                    let (rx, ry) = (find(&mut parent, x), find(&mut parent, y));
                    if rx != ry {
                        parent[rx.max(ry)] = rx.min(ry);
                    }
                }
            }
        }
    }
    let mut by_root: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
    for (a, article) in articles.iter().enumerate() {
        for s in 0..article.sentences.len() {
            let r = find(&mut parent, offsets[a] + s);
            by_root.entry(r).or_default().push((a, s));
        }
    }
    by_root
        .into_values()
        .filter(|m| m.len() > 1)
        .map(|mut members| {
            members.sort_unstable();
            ClaimGroup { id: None, members }
        })
        .collect()
}
