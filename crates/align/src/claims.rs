//! Claims: groups of aligned sentences from different articles that report
//! the same fact.
//!
//! In: the story's sentences (as [`SentenceRef`]s, in story order), the
//! scored sentence pairs, and each article's source group. Out: claims.
//!
//! Method: greedy average-linkage clustering. Pairs scoring at least
//! [`CLAIM_THRESHOLD`] are taken best first; the clusters of the two
//! sentences merge only when
//! * they share no article (invariant: **at most one sentence per article
//!   per claim**), and
//! * at least [`MIN_LINK_DENSITY`] of the sentence pairs across the two
//!   clusters are themselves aligned (at least "related") — the guard
//!   against chaining A≈B≈C into one claim when A and C say different things.
//!
//! Reports of one fact in other words ("Putin skipped the talks" / "Putin
//! did not travel to Istanbul") share their actor and little else, so their
//! lexical score stays low. Two sentences of different representatives
//! with the same [`crate::predicates`] key (event class + actor name) are
//! linked at [`CLAIM_THRESHOLD`], after every pair the score itself puts
//! there, under the same two conditions; a key carried by more than
//! [`MAX_PREDICATE_BUCKET`] sentences is too common to tell one fact.
//!
//! Invariants: every sentence belongs to exactly one claim (single-sentence
//! claims included, so single-source facts can be reported); claims are
//! ordered by their first sentence in story order and numbered from 0;
//! inside a claim sentences are in article order. Deterministic.

use std::collections::{BTreeSet, HashMap};

use corroborate_core::{Article, Claim, ClaimSentence, SentenceRef};

use crate::similarity::{PARAPHRASE_THRESHOLD, RELATED_THRESHOLD};

/// Score from which an aligned pair may join two sentences into one claim.
pub const CLAIM_THRESHOLD: f32 = PARAPHRASE_THRESHOLD;
/// Share of cross pairs that must be aligned for two clusters to merge.
pub const MIN_LINK_DENSITY: f32 = 0.5;
/// Most sentences one predicate key may link (see the module doc).
pub const MAX_PREDICATE_BUCKET: usize = 24;

/// A scored pair of sentences of two different articles (`a < b` in story order).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoredPair {
    pub a: SentenceRef,
    pub b: SentenceRef,
    pub score: f32,
}

/// A sentence of a collapsed copy and its best sentence among the
/// representatives' (see [`crate::collapse`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CopyLink {
    pub copy: SentenceRef,
    pub partner: SentenceRef,
    pub score: f32,
}

impl CopyLink {
    /// The link as a scored pair in story order.
    pub fn pair(&self) -> ScoredPair {
        let (a, b) = if self.copy < self.partner {
            (self.copy, self.partner)
        } else {
            (self.partner, self.copy)
        };
        ScoredPair {
            a,
            b,
            score: self.score,
        }
    }
}

/// Builds the claims of a story (see the module doc). `copy_links` pair
/// each sentence of a collapsed copy with its best sentence among the
/// representatives (see [`crate::collapse`]); after clustering, a linked
/// copy sentence scoring at least [`CLAIM_THRESHOLD`] joins the claim of
/// its partner, unless that claim already holds a sentence of its article
/// (best link first).
pub fn build_claims(
    articles: &[Article],
    pairs: &[ScoredPair],
    copy_links: &[CopyLink],
    source_group: &[usize],
) -> Vec<Claim> {
    let refs: Vec<SentenceRef> = articles
        .iter()
        .enumerate()
        .flat_map(|(article, a)| {
            (0..a.sentences.len()).map(move |sentence| SentenceRef { article, sentence })
        })
        .collect();
    let slot: HashMap<SentenceRef, usize> = refs.iter().enumerate().map(|(i, r)| (*r, i)).collect();
    let predicate_pairs = predicate_links(articles, copy_links);
    let linked: HashMap<(usize, usize), f32> = pairs
        .iter()
        .chain(&predicate_pairs)
        .filter(|p| p.score >= RELATED_THRESHOLD)
        .filter_map(|p| {
            let (x, y) = (*slot.get(&p.a)?, *slot.get(&p.b)?);
            Some(((x.min(y), x.max(y)), p.score))
        })
        .collect();

    // Neighbours of each slot among the linked pairs, to count the aligned
    // pairs across two clusters from the smaller side only.
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); refs.len()];
    for &(x, y) in linked.keys() {
        neighbours[x].push(y);
        neighbours[y].push(x);
    }

    // cluster_of[slot] → cluster index; members[cluster] → slots;
    // articles_in[cluster] → its articles.
    let mut cluster_of: Vec<usize> = (0..refs.len()).collect();
    let mut members: Vec<Vec<usize>> = (0..refs.len()).map(|i| vec![i]).collect();
    let mut articles_in: Vec<BTreeSet<usize>> =
        refs.iter().map(|r| BTreeSet::from([r.article])).collect();

    let mut strong: Vec<&ScoredPair> = pairs
        .iter()
        .filter(|p| p.score >= CLAIM_THRESHOLD)
        .collect();
    strong.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then_with(|| (x.a, x.b).cmp(&(y.a, y.b)))
    });
    // After every scored pair: a pair the score puts in a claim wins.
    strong.extend(predicate_pairs.iter());
    // Each merge costs the smaller cluster's size (and its members' links),
    // and a slot is on the smaller side O(log n) times: no cross product.
    for pair in strong {
        let (Some(&x), Some(&y)) = (slot.get(&pair.a), slot.get(&pair.b)) else {
            continue;
        };
        let (cx, cy) = (cluster_of[x], cluster_of[y]);
        if cx == cy {
            continue;
        }
        let (small, large) = if members[cx].len() <= members[cy].len() {
            (cx, cy)
        } else {
            (cy, cx)
        };
        if articles_in[small]
            .iter()
            .any(|a| articles_in[large].contains(a))
        {
            continue;
        }
        let cross = members[small].len() * members[large].len();
        let aligned: usize = members[small]
            .iter()
            .map(|&m| {
                neighbours[m]
                    .iter()
                    .filter(|&&n| cluster_of[n] == large)
                    .count()
            })
            .sum();
        if (aligned as f32) < MIN_LINK_DENSITY * cross as f32 {
            continue;
        }
        // Merge the smaller cluster into the larger.
        let moved = std::mem::take(&mut members[small]);
        for &m in &moved {
            cluster_of[m] = large;
        }
        members[large].extend(moved);
        let moved_articles = std::mem::take(&mut articles_in[small]);
        articles_in[large].extend(moved_articles);
    }

    let mut links: Vec<&CopyLink> = copy_links
        .iter()
        .filter(|l| l.score >= CLAIM_THRESHOLD)
        .collect();
    links.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then_with(|| (x.copy, x.partner).cmp(&(y.copy, y.partner)))
    });
    for link in links {
        let (Some(&copy), Some(&partner)) = (slot.get(&link.copy), slot.get(&link.partner)) else {
            continue;
        };
        // A copy's sentence is in no scored pair, so it is still alone.
        if cluster_of[copy] != copy || members[copy].len() != 1 {
            continue;
        }
        let target = cluster_of[partner];
        let article = refs[copy].article;
        if target == copy || members[target].iter().any(|&m| refs[m].article == article) {
            continue;
        }
        members[copy].clear();
        cluster_of[copy] = target;
        members[target].push(copy);
    }

    let mut clusters: Vec<Vec<usize>> = members.into_iter().filter(|m| !m.is_empty()).collect();
    for c in &mut clusters {
        c.sort_unstable();
    }
    clusters.sort_by_key(|c| c[0]);
    clusters
        .into_iter()
        .enumerate()
        .map(|(id, slots)| {
            let sentences: Vec<ClaimSentence> = slots
                .iter()
                .map(|&s| {
                    let r = refs[s];
                    let article = &articles[r.article];
                    ClaimSentence {
                        article: article.id.clone(),
                        sentence: article.sentences[r.sentence].index,
                        text: article.sentences[r.sentence].text.clone(),
                    }
                })
                .collect();
            let mut article_indices: Vec<usize> = slots.iter().map(|&s| refs[s].article).collect();
            article_indices.dedup();
            let mut groups: Vec<usize> = article_indices
                .iter()
                .map(|&a| source_group.get(a).copied().unwrap_or(a))
                .collect();
            groups.sort_unstable();
            groups.dedup();
            Claim {
                id,
                sentences,
                articles: article_indices
                    .iter()
                    .map(|&a| articles[a].id.clone())
                    .collect(),
                independent_support: groups.len(),
            }
        })
        .collect()
}

/// Pairs of representatives' sentences (of different articles) that share
/// a predicate key, scored [`CLAIM_THRESHOLD`], in story order.
fn predicate_links(articles: &[Article], copy_links: &[CopyLink]) -> Vec<ScoredPair> {
    let copies: BTreeSet<usize> = copy_links.iter().map(|l| l.copy.article).collect();
    let names = crate::predicates::story_names(
        articles
            .iter()
            .flat_map(|a| a.sentences.iter().map(|s| s.text.as_str())),
    );
    let mut buckets: std::collections::BTreeMap<crate::predicates::PredicateKey, Vec<SentenceRef>> =
        Default::default();
    for (article, a) in articles.iter().enumerate() {
        if copies.contains(&article) {
            continue;
        }
        for (sentence, s) in a.sentences.iter().enumerate() {
            for key in crate::predicates::predicate_keys(&s.text, &names) {
                buckets
                    .entry(key)
                    .or_default()
                    .push(SentenceRef { article, sentence });
            }
        }
    }
    let mut out: BTreeSet<(SentenceRef, SentenceRef)> = BTreeSet::new();
    for members in buckets.values() {
        if members.len() > MAX_PREDICATE_BUCKET {
            continue;
        }
        for (i, &x) in members.iter().enumerate() {
            for &y in &members[i + 1..] {
                if x.article != y.article {
                    out.insert((x.min(y), x.max(y)));
                }
            }
        }
    }
    out.into_iter()
        .map(|(a, b)| ScoredPair {
            a,
            b,
            score: CLAIM_THRESHOLD,
        })
        .collect()
}
