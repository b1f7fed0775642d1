//! Lineage: which articles copy, rewrite or share an origin with which.
//!
//! In: the story's articles, their surfaces, the near-copy collapse
//! ([`crate::collapse`]) and the scored sentence pairs. Out: one
//! [`LineageEdge`] per pair of articles (independent ones included) in a
//! story of at most [`ALL_PAIRS_MAX_ARTICLES`] articles; in a larger story
//! the related pairs among representatives and each copy's edge to its
//! representative, so the lineage grows with the story, not its square.
//! Also the source group of every article.
//!
//! Evidence, per pair of articles:
//! * `surface`: MinHash resemblance (128 hash functions) of the texts'
//!   3-word shingles; exact shingle *containment* of the shorter text in
//!   the longer is also computed, to catch excerpts and trimmed copies;
//! * `structural`: the longest chain of aligned (at least "related")
//!   sentence pairs that is increasing in both articles (an LCS-style
//!   dynamic programme), divided by the number of sentences (3+ words) of
//!   the shorter article. It stays high when the words change but the
//!   sequence of facts is kept: rewrites, translations, back-translations.
//!   Independent reports of one event share facts too, but fewer of them
//!   and not in one long run;
//! * `reuse = max(surface, structural)`.
//!
//! Relation (first rule that holds):
//! * `duplicate`: surface ≥ [`DUPLICATE_SURFACE`];
//! * `derived`: containment ≥ [`DERIVED_CONTAINMENT`] (much of one text is
//!   verbatim in the other);
//! * `shared_origin`: structural ≥ [`SHARED_ORIGIN_STRUCTURAL`] over a chain
//!   of at least [`SHARED_ORIGIN_MIN_CHAIN`] sentences (the same sentences
//!   in the same order, words differing);
//! * `independent` otherwise.
//!
//! `source` (older article by `published`) is set on duplicate and derived
//! edges when both dates are known and differ; shared-origin edges have no
//! source (neither copies the other).
//! Source groups: articles joined by any non-independent edge form one
//! group (union-find); groups are numbered 0.. in order of their first
//! article, so copies count once.

use corroborate_core::{Article, LineageEdge, Relation};
use rayon::prelude::*;

use crate::claims::ScoredPair;
use std::collections::HashMap;

use crate::minhash::{sorted_intersection, MinHasher, Signature};
use crate::similarity::RELATED_THRESHOLD;

/// Resemblance from which two articles are duplicates.
pub const DUPLICATE_SURFACE: f32 = 0.8;
/// Containment from which one article is derived from the other.
pub const DERIVED_CONTAINMENT: f32 = 0.4;
/// Structural reuse from which two articles share an origin.
pub const SHARED_ORIGIN_STRUCTURAL: f32 = 0.4;
/// Fewest sentences in the ordered chain for a shared origin, so that two
/// short briefs of one event do not pass on two or three common facts.
pub const SHARED_ORIGIN_MIN_CHAIN: f32 = 4.0;

/// Stories with at most this many articles list every pair of articles in
/// the lineage, independent pairs included (the full matrix a reader of a
/// small story wants); larger stories list only the related pairs, so the
/// report grows with the copies, not with the square of the story.
pub const ALL_PAIRS_MAX_ARTICLES: usize = 40;

const NUM_PERM: usize = 128;
const SHINGLE_WORDS: usize = 3;

/// What lineage and near-copy collapse know of an article's surface.
#[derive(Debug, Clone)]
pub struct ArticleSurface {
    pub signature: Signature,
    /// Sorted, deduplicated hashes of the text's 3-word shingles.
    pub shingles: Vec<u64>,
}

/// The surface of every article (in parallel).
pub fn surfaces(articles: &[Article]) -> Vec<ArticleSurface> {
    let hasher = MinHasher::new(NUM_PERM, SHINGLE_WORDS);
    articles
        .par_iter()
        .map(|a| ArticleSurface {
            signature: hasher.signature(&a.text),
            shingles: hasher.shingle_set(&a.text),
        })
        .collect()
}

/// Lineage edges and the source group of each article.
///
/// In a story of at most [`ALL_PAIRS_MAX_ARTICLES`] articles every pair of
/// articles gets an edge. In a larger one, edges are computed for every
/// pair of representatives and for each copy with its representative
/// (`representative` from [`crate::collapse`]), and only the
/// non-independent ones are returned. A copy always joins its
/// representative's source group. Edges are in (a, b) story order.
pub fn build_lineage(
    articles: &[Article],
    surfaces: &[ArticleSurface],
    representative: &[usize],
    pairs: &[ScoredPair],
) -> (Vec<LineageEdge>, Vec<usize>) {
    let n = articles.len();
    let content_sentences: Vec<usize> = articles
        .iter()
        .map(|a| {
            a.sentences
                .iter()
                .filter(|s| s.text.split_whitespace().count() >= 3)
                .count()
                .max(1)
        })
        .collect();

    // Aligned sentence pairs by article pair, for the structural chains.
    // Every aligned pair counts 1: the chain measures how much of the
    // sequence of sentences is kept, whatever the rewording.
    let mut by_article_pair: HashMap<(usize, usize), Vec<(usize, usize)>> = HashMap::new();
    for p in pairs.iter().filter(|p| p.score >= RELATED_THRESHOLD) {
        let (x, y) = if p.a.article < p.b.article {
            (p.a, p.b)
        } else {
            (p.b, p.a)
        };
        if x.article != y.article {
            by_article_pair
                .entry((x.article, y.article))
                .or_default()
                .push((x.sentence, y.sentence));
        }
    }

    // Small stories: every pair. Larger: pairs of representatives, and
    // each copy with its representative.
    let reps: Vec<usize> = (0..n)
        .filter(|&i| n <= ALL_PAIRS_MAX_ARTICLES || representative.get(i) == Some(&i))
        .collect();
    let mut article_pairs: Vec<(usize, usize)> = reps
        .iter()
        .enumerate()
        .flat_map(|(k, &i)| reps[k + 1..].iter().map(move |&j| (i, j)))
        .collect();
    article_pairs.extend((0..n).filter_map(|c| {
        let r = *representative.get(c)?;
        (r != c).then_some((c.min(r), c.max(r)))
    }));
    article_pairs.sort_unstable();
    article_pairs.dedup();

    let edges: Vec<LineageEdge> = article_pairs
        .par_iter()
        .map(|&(i, j)| {
            let (si, sj) = (&surfaces[i], &surfaces[j]);
            let surface = si.signature.jaccard(&sj.signature);
            let smaller = si.shingles.len().min(sj.shingles.len());
            let containment = if smaller == 0 {
                0.0
            } else {
                sorted_intersection(&si.shingles, &sj.shingles) as f32 / smaller as f32
            };
            let chain = by_article_pair
                .get(&(i, j))
                .map_or(0.0, |p| longest_monotone_chain(p) as f32);
            let structural =
                (chain / content_sentences[i].min(content_sentences[j]) as f32).min(1.0);
            let relation = if surface >= DUPLICATE_SURFACE {
                Relation::Duplicate
            } else if containment >= DERIVED_CONTAINMENT {
                Relation::Derived
            } else if structural >= SHARED_ORIGIN_STRUCTURAL && chain >= SHARED_ORIGIN_MIN_CHAIN {
                Relation::SharedOrigin
            } else {
                Relation::Independent
            };
            let source = match relation {
                Relation::Duplicate | Relation::Derived => older(&articles[i], &articles[j]),
                _ => None,
            };
            LineageEdge {
                a: articles[i].id.clone(),
                b: articles[j].id.clone(),
                reuse: surface.max(structural),
                surface,
                structural,
                relation,
                source,
            }
        })
        .collect();

    let mut parent: Vec<usize> = (0..n).collect();
    for (edge, &(i, j)) in edges.iter().zip(&article_pairs) {
        let copy_edge = representative.get(i) == Some(&j) || representative.get(j) == Some(&i);
        if edge.relation != Relation::Independent || copy_edge {
            let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
            if ri != rj {
                parent[ri.max(rj)] = ri.min(rj);
            }
        }
    }
    let mut group_of_root = vec![usize::MAX; n];
    let mut next_group = 0;
    let groups = (0..n)
        .map(|i| {
            let root = find(&mut parent, i);
            if group_of_root[root] == usize::MAX {
                group_of_root[root] = next_group;
                next_group += 1;
            }
            group_of_root[root]
        })
        .collect();
    let edges = if n <= ALL_PAIRS_MAX_ARTICLES {
        edges
    } else {
        edges
            .into_iter()
            .filter(|e| e.relation != Relation::Independent)
            .collect()
    };
    (edges, groups)
}

/// Length of the longest chain of `(i, j)` pairs strictly increasing in
/// both coordinates: a longest increasing subsequence over the pairs sorted
/// by `i` ascending and `j` descending, O(p log p) in the number of pairs
/// (the unit-weight case of [`best_monotone_chain`]).
pub fn longest_monotone_chain(pairs: &[(usize, usize)]) -> usize {
    let mut sorted = pairs.to_vec();
    sorted.sort_unstable_by(|x, y| x.0.cmp(&y.0).then(y.1.cmp(&x.1)));
    sorted.dedup();
    // tails[k]: smallest `j` that ends an increasing chain of length k+1.
    let mut tails: Vec<usize> = Vec::new();
    for (_, j) in sorted {
        let at = tails.partition_point(|&t| t < j);
        if at == tails.len() {
            tails.push(j);
        } else {
            tails[at] = j;
        }
    }
    tails.len()
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

/// Id of the older of two articles by ISO `published`, when both are known
/// and differ (a date and a date-time of the same day do not count as
/// different).
fn older(a: &Article, b: &Article) -> Option<String> {
    let (da, db) = (
        a.published.as_deref()?.trim(),
        b.published.as_deref()?.trim(),
    );
    // A bare date and a date-time of that day cannot be ordered.
    if da.is_empty() || db.is_empty() || da.starts_with(db) || db.starts_with(da) {
        return None;
    }
    match da.cmp(db) {
        std::cmp::Ordering::Less => Some(a.id.clone()),
        std::cmp::Ordering::Greater => Some(b.id.clone()),
        std::cmp::Ordering::Equal => None,
    }
}

/// Heaviest chain of `(i, j, weight)` strictly increasing in both `i` and
/// `j` (`i < rows`, `j < cols`; others are ignored); returns its total
/// weight. A weighted longest-common-subsequence DP, O(rows·cols).
pub fn best_monotone_chain(rows: usize, cols: usize, pairs: &[(usize, usize, f32)]) -> f32 {
    if pairs.is_empty() || rows == 0 || cols == 0 {
        return 0.0;
    }
    let mut weight = vec![0.0f32; rows * cols];
    for &(i, j, w) in pairs {
        if i < rows && j < cols {
            let cell = &mut weight[i * cols + j];
            *cell = cell.max(w);
        }
    }
    // prev[j] / cur[j]: best chain within rows ..=i-1 / ..=i and cols < j.
    let mut prev = vec![0.0f32; cols + 1];
    let mut cur = vec![0.0f32; cols + 1];
    for i in 0..rows {
        for j in 0..cols {
            let take = prev[j] + weight[i * cols + j];
            cur[j + 1] = take.max(prev[j + 1]).max(cur[j]);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[cols]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chain_is_monotone_in_both_articles() {
        // (0,0) (1,1) (2,2) in order; (3,0) crosses back.
        let pairs = [(0, 0, 1.0), (1, 1, 1.0), (2, 2, 0.5), (3, 0, 1.0)];
        assert!((best_monotone_chain(4, 3, &pairs) - 2.5).abs() < 1e-6);
        // One sentence may not be used twice in a chain.
        let pairs = [(0, 0, 1.0), (0, 1, 1.0), (1, 1, 1.0)];
        assert!((best_monotone_chain(2, 2, &pairs) - 2.0).abs() < 1e-6);
        // Out-of-range pairs are ignored, not a panic.
        assert_eq!(best_monotone_chain(1, 1, &[(5, 5, 1.0)]), 0.0);
        assert_eq!(best_monotone_chain(3, 3, &[]), 0.0);
    }

    #[test]
    fn unit_chain_matches_the_dynamic_programme() {
        let cases: [&[(usize, usize)]; 4] = [
            &[(0, 0), (1, 1), (2, 2), (3, 0)],
            &[(0, 0), (0, 1), (1, 1)],
            &[(2, 5), (1, 3), (0, 4), (3, 6), (3, 1), (4, 2), (5, 3)],
            &[],
        ];
        for pairs in cases {
            let weighted: Vec<(usize, usize, f32)> =
                pairs.iter().map(|&(i, j)| (i, j, 1.0)).collect();
            assert_eq!(
                longest_monotone_chain(pairs) as f32,
                best_monotone_chain(8, 8, &weighted),
                "{pairs:?}"
            );
        }
    }
}
