//! Features → alignment → claims → lineage.
//!
//! In: the story's [`Article`]s and an optional extra [`Encoder`]. Out: a
//! [`StoryAlignment`]: aligned sentence pairs across articles, claims (sets of
//! sentences reporting the same fact), lineage edges between articles, and
//! the independent-source group of each article.
//!
//! Modules:
//! * [`features`]: normalised content tokens, IDF context, [`LexicalEncoder`];
//! * [`similarity`]: the pair score ([`sentence_similarity`]) and labels;
//! * [`claims`]: grouping aligned sentences into claims;
//! * [`lineage`]: copy detection between articles and source groups;
//! * [`minhash`]: MinHash signatures and an LSH index (also for corpus mode);
//! * [`eval`]: paraphrase-set evaluation helpers (threshold choice, F1).
//!
//! Alignment avoids scoring all sentence pairs: an inverted index over token
//! keys and 5-letter key prefixes proposes the pairs of sentences (from
//! different articles) whose shared IDF weight bounds their lexical score
//! above [`CANDIDATE_MIN_SHARE`]; only those are scored.
//! With an extra encoder every cross-article pair's cosine is computed too,
//! so pairs with no word in common can still align.
//!
//! Invariants: deterministic (same input → same output, whatever the thread
//! count); `pairs` only link sentences of different articles, each pair
//! once, with `a` the earlier article in story order; every sentence is in
//! exactly one claim; `source_group.len() == articles.len()`.

pub mod claims;
pub mod eval;
pub mod features;
pub mod lineage;
pub mod minhash;
pub mod similarity;

use corroborate_core::{cosine, AlignedPair, Article, Claim, Encoder, LineageEdge, SentenceRef};
use rayon::prelude::*;
use std::collections::HashMap;

pub use claims::ScoredPair;
pub use features::{LexicalEncoder, ScoringContext, SentenceFeatures};
pub use minhash::{LshIndex, MinHasher, Signature};
pub use similarity::{label_for, sentence_similarity, WeightedSentence};

#[derive(Debug, Clone, Default)]
pub struct StoryAlignment {
    pub pairs: Vec<AlignedPair>,
    pub claims: Vec<Claim>,
    pub lineage: Vec<LineageEdge>,
    /// `source_group[i]`: independent-source group of article `i`.
    pub source_group: Vec<usize>,
}

/// Least upper bound on the lexical score (from shared keys and key
/// prefixes) for a pair to be scored at all; below
/// [`similarity::RELATED_THRESHOLD`] by a margin for fuzzy name matches.
pub const CANDIDATE_MIN_SHARE: f32 = 0.22;

/// A sentence of the story, flattened.
struct StorySentence<'a> {
    at: SentenceRef,
    text: &'a str,
}

/// Aligns the sentences of a story, groups them into claims and traces the
/// lineage of its articles (see the crate doc).
pub fn align_story(articles: &[Article], encoder: Option<&dyn Encoder>) -> StoryAlignment {
    let sentences: Vec<StorySentence> = articles
        .iter()
        .enumerate()
        .flat_map(|(article, a)| {
            a.sentences
                .iter()
                .enumerate()
                .map(move |(sentence, s)| StorySentence {
                    at: SentenceRef { article, sentence },
                    text: s.text.as_str(),
                })
        })
        .collect();
    let features: Vec<SentenceFeatures> = sentences
        .par_iter()
        .map(|s| SentenceFeatures::new(s.text))
        .collect();
    let ctx = ScoringContext::from_features(&features);
    let weighted: Vec<WeightedSentence> = features
        .into_par_iter()
        .map(|f| WeightedSentence::new(f, &ctx))
        .collect();

    let scored = score_story_pairs(&sentences, &weighted, encoder);

    let (lineage, source_group) = lineage::build_lineage(articles, &scored);
    let claims = claims::build_claims(articles, &scored, &source_group);
    let pairs = scored
        .iter()
        .filter_map(|p| {
            let label = label_for(p.score)?;
            let (a, b) = (&articles[p.a.article], &articles[p.b.article]);
            Some(AlignedPair {
                a: a.id.clone(),
                a_sentence: a.sentences[p.a.sentence].index,
                b: b.id.clone(),
                b_sentence: b.sentences[p.b.sentence].index,
                score: p.score,
                label,
            })
        })
        .collect();
    StoryAlignment {
        pairs,
        claims,
        lineage,
        source_group,
    }
}

/// Scores the candidate pairs of sentences of different articles; returns
/// those at least related, sorted by (a, b).
fn score_story_pairs(
    sentences: &[StorySentence],
    weighted: &[WeightedSentence],
    encoder: Option<&dyn Encoder>,
) -> Vec<ScoredPair> {
    let candidates = lexical_candidates(sentences, weighted);
    // Pairs above the encoder's same-topic cosine are scored even without
    // shared words (the pair model then decides).
    let same_topic_cosine = encoder.map_or(1.0, |e| e.unrelated_cosine());
    let vectors = encoder.and_then(|e| {
        let texts: Vec<&str> = sentences.iter().map(|s| s.text).collect();
        e.encode(&texts).ok().filter(|v| v.len() == texts.len())
    });

    let score_pair = |x: usize, y: usize| -> f32 {
        let cos = vectors
            .as_ref()
            .map(|v| similarity::rescale_cosine(cosine(&v[x], &v[y]), same_topic_cosine));
        similarity::pair_score(&weighted[x], &weighted[y], cos)
    };

    let mut scored: Vec<(usize, usize, f32)> = (0..sentences.len())
        .into_par_iter()
        .flat_map_iter(|x| {
            let mut partners: Vec<usize> = candidates[x].clone();
            if let Some(v) = &vectors {
                partners.extend(
                    (x + 1..sentences.len())
                        .filter(|&y| sentences[y].at.article != sentences[x].at.article)
                        .filter(|&y| cosine(&v[x], &v[y]) >= same_topic_cosine),
                );
                partners.sort_unstable();
                partners.dedup();
            }
            partners
                .into_iter()
                .map(move |y| (x, y, score_pair(x, y)))
                .filter(|&(_, _, s)| s >= similarity::RELATED_THRESHOLD)
                .collect::<Vec<_>>()
        })
        .collect();
    scored.sort_by_key(|&(x, y, _)| (x, y));
    scored
        .into_iter()
        .map(|(x, y, score)| ScoredPair {
            a: sentences[x].at,
            b: sentences[y].at,
            score,
        })
        .collect()
}

/// For each sentence `x`, the later sentences `y > x` of other articles that
/// may reach [`similarity::RELATED_THRESHOLD`].
///
/// The shared key (or key prefix) weight of each side bounds that side's
/// soft-match share from above (exact and prefix matches are indexed), so
/// `2·px·py / (px + py)` bounds the lexical score; pairs whose bound is under
/// [`CANDIDATE_MIN_SHARE`] are never scored. The margin between the two
/// thresholds leaves room for the fuzzy name matches the index cannot see.
fn lexical_candidates(
    sentences: &[StorySentence],
    weighted: &[WeightedSentence],
) -> Vec<Vec<usize>> {
    // Index keys: each token's key, plus its 5-letter prefix for long words.
    let index_keys = |w: &WeightedSentence| -> Vec<(u64, f32)> {
        let mut keys: Vec<(u64, f32)> = Vec::with_capacity(w.features.tokens.len() * 2);
        for (t, &weight) in w.features.tokens.iter().zip(&w.weights) {
            keys.push((t.hash, weight));
            if t.key.len() >= 6 && t.key.is_char_boundary(5) {
                keys.push((
                    minhash::hash_bytes(&t.key.as_bytes()[..5]) ^ 0x5052_4546,
                    weight,
                ));
            }
        }
        // One entry per key, with the largest weight it carries.
        keys.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
        keys.dedup_by_key(|k| k.0);
        keys
    };
    let keys: Vec<Vec<(u64, f32)>> = weighted.par_iter().map(index_keys).collect();
    let mut postings: HashMap<u64, Vec<(usize, f32)>> = HashMap::new();
    for (i, ks) in keys.iter().enumerate() {
        for &(k, weight) in ks {
            postings.entry(k).or_default().push((i, weight));
        }
    }
    (0..sentences.len())
        .into_par_iter()
        .map_init(
            || (vec![(0.0f32, 0.0f32); sentences.len()], Vec::<usize>::new()),
            |(shared, touched), x| {
                for &(k, weight_x) in &keys[x] {
                    let Some(list) = postings.get(&k) else {
                        continue;
                    };
                    // Postings are sorted; only later sentences are needed.
                    let start = list.partition_point(|&(y, _)| y <= x);
                    for &(y, weight_y) in &list[start..] {
                        if sentences[y].at.article == sentences[x].at.article {
                            continue;
                        }
                        let slot = &mut shared[y];
                        if slot.0 == 0.0 {
                            touched.push(y);
                        }
                        slot.0 += weight_x;
                        slot.1 += weight_y;
                    }
                }
                let mut out = Vec::new();
                for &y in touched.iter() {
                    let (sx, sy) = shared[y];
                    let (tx, ty) = (weighted[x].total, weighted[y].total);
                    if tx > 0.0 && ty > 0.0 {
                        let (px, py) = ((sx / tx).min(1.0), (sy / ty).min(1.0));
                        let bound = 2.0 * px * py / (px + py);
                        if bound >= CANDIDATE_MIN_SHARE {
                            out.push(y);
                        }
                    }
                    shared[y] = (0.0, 0.0);
                }
                touched.clear();
                out.sort_unstable();
                out
            },
        )
        .collect()
}
