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
//! * [`predicates`]: predicate classes of a sentence and their actor (claims
//!   that share an actor and an event join across wording);
//! * [`lineage`]: copy detection between articles and source groups;
//! * [`minhash`]: MinHash signatures and an LSH index (also for corpus mode).
//!
//! The paraphrase-evaluation harness lives in the `corroborate-eval` crate.
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
pub mod collapse;
pub mod features;
pub mod lineage;
pub mod minhash;
pub mod predicates;
pub mod similarity;

use corroborate_core::{cosine, AlignedPair, Article, Claim, Encoder, LineageEdge, SentenceRef};
use rayon::prelude::*;
use std::collections::HashMap;

pub use claims::{CopyLink, ScoredPair};
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
    /// `representative[i]`: the article that article `i` is a near-copy of
    /// ([`collapse`]), `i` itself for a representative. Empty means every
    /// article represents itself.
    pub representative: Vec<usize>,
}

/// Least upper bound on the lexical score (from shared keys and key
/// prefixes) for a pair to be scored at all; below
/// [`similarity::RELATED_THRESHOLD`] by a margin for fuzzy name matches.
pub const CANDIDATE_MIN_SHARE: f32 = 0.22;

/// A sentence of the story, flattened.
struct StorySentence<'a> {
    at: SentenceRef,
    text: &'a str,
    /// The sentence belongs to a collapsed copy (see [`collapse`]).
    copy: bool,
}

/// Aligns the sentences of a story, groups them into claims and traces the
/// lineage of its articles (see the crate doc).
pub fn align_story(articles: &[Article], encoder: Option<&dyn Encoder>) -> StoryAlignment {
    let surfaces = lineage::surfaces(articles);
    let representative = collapse::representatives(articles, &surfaces);
    let sentences: Vec<StorySentence> = articles
        .iter()
        .enumerate()
        .flat_map(|(article, a)| {
            let copy = representative[article] != article;
            a.sentences
                .iter()
                .enumerate()
                .map(move |(sentence, s)| StorySentence {
                    at: SentenceRef { article, sentence },
                    text: s.text.as_str(),
                    copy,
                })
        })
        .collect();
    let features: Vec<SentenceFeatures> = sentences
        .par_iter()
        .map(|s| SentenceFeatures::new(s.text))
        .collect();
    // Word weights come from the representatives only: copies repeat the
    // words of their original and would make a story's own words look common.
    let ctx = ScoringContext::from_features(
        features
            .iter()
            .zip(&sentences)
            .filter(|(_, s)| !s.copy)
            .map(|(f, _)| f),
    );
    let weighted: Vec<WeightedSentence> = features
        .into_par_iter()
        .map(|f| WeightedSentence::new(f, &ctx))
        .collect();

    let index = CandidateIndex::new(&sentences, &weighted);
    let scored = score_story_pairs(&sentences, &weighted, &index, encoder);
    let copy_links = link_copies(&sentences, &weighted, &index, &representative);
    let mut all_pairs: Vec<ScoredPair> = scored
        .iter()
        .copied()
        .chain(copy_links.iter().map(CopyLink::pair))
        .collect();
    all_pairs.sort_by_key(|p| (p.a, p.b));

    let (lineage, source_group) =
        lineage::build_lineage(articles, &surfaces, &representative, &all_pairs);
    let claims = claims::build_claims(articles, &scored, &copy_links, &source_group);
    let pairs = all_pairs
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
        representative,
    }
}

/// Scores the candidate pairs of representatives' sentences of different
/// articles; returns those at least related, sorted by (a, b).
fn score_story_pairs(
    sentences: &[StorySentence],
    weighted: &[WeightedSentence],
    index: &CandidateIndex,
    encoder: Option<&dyn Encoder>,
) -> Vec<ScoredPair> {
    let own: Vec<usize> = (0..sentences.len())
        .filter(|&i| !sentences[i].copy)
        .collect();
    // Pairs above the encoder's same-topic cosine are scored even without
    // shared words (the pair model then decides).
    let same_topic_cosine = encoder.map_or(1.0, |e| e.unrelated_cosine());
    // vectors[k]: the vector of sentence own[k].
    let vectors = encoder.and_then(|e| {
        let texts: Vec<&str> = own.iter().map(|&i| sentences[i].text).collect();
        e.encode(&texts).ok().filter(|v| v.len() == texts.len())
    });
    let slot_of = |i: usize| own.binary_search(&i).ok();

    let score_pair = |x: usize, y: usize| -> f32 {
        let cos = vectors.as_ref().and_then(|v| {
            let (kx, ky) = (slot_of(x)?, slot_of(y)?);
            Some(similarity::rescale_cosine(
                cosine(&v[kx], &v[ky]),
                same_topic_cosine,
            ))
        });
        similarity::pair_score(&weighted[x], &weighted[y], cos)
    };

    let mut scored: Vec<(usize, usize, f32)> = (0..own.len())
        .into_par_iter()
        .map_init(
            || index.scratch(),
            |scratch, kx| {
                let x = own[kx];
                let mut partners: Vec<usize> = index.candidates(x, x + 1, scratch);
                if let Some(v) = &vectors {
                    partners.extend(
                        (kx + 1..own.len())
                            .filter(|&ky| sentences[own[ky]].at.article != sentences[x].at.article)
                            .filter(|&ky| cosine(&v[kx], &v[ky]) >= same_topic_cosine)
                            .map(|ky| own[ky]),
                    );
                    partners.sort_unstable();
                    partners.dedup();
                }
                partners
                    .into_iter()
                    .map(|y| (x, y, score_pair(x, y)))
                    .filter(|&(_, _, s)| s >= similarity::RELATED_THRESHOLD)
                    .collect::<Vec<_>>()
            },
        )
        .flatten_iter()
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

/// Each sentence of a collapsed copy, paired with its best-scoring sentence
/// among all representatives' sentences (lexical score, at least related;
/// ties go to the copy's own representative, then to story order). A copy
/// is aligned to the story through these links only, so its cost is linear.
fn link_copies(
    sentences: &[StorySentence],
    weighted: &[WeightedSentence],
    index: &CandidateIndex,
    representative: &[usize],
) -> Vec<CopyLink> {
    let copies: Vec<usize> = (0..sentences.len())
        .filter(|&i| sentences[i].copy)
        .collect();
    let mut links: Vec<CopyLink> = copies
        .into_par_iter()
        .map_init(
            || index.scratch(),
            |scratch, x| {
                let own_rep = representative[sentences[x].at.article];
                index
                    .candidates(x, 0, scratch)
                    .into_iter()
                    .map(|y| (similarity::pair_score(&weighted[x], &weighted[y], None), y))
                    .filter(|&(s, _)| s >= similarity::RELATED_THRESHOLD)
                    .max_by(|p, q| {
                        p.0.total_cmp(&q.0)
                            .then_with(|| {
                                (sentences[p.1].at.article == own_rep)
                                    .cmp(&(sentences[q.1].at.article == own_rep))
                            })
                            .then(q.1.cmp(&p.1))
                    })
                    .map(|(score, y)| CopyLink {
                        copy: sentences[x].at,
                        partner: sentences[y].at,
                        score,
                    })
            },
        )
        .flatten_iter()
        .collect();
    links.sort_by_key(|l| l.copy);
    links
}

/// An inverted index over the representatives' sentences: token keys and
/// 5-letter key prefixes, each with the largest IDF weight it carries in
/// the sentence.
///
/// For a sentence `x` it proposes the indexed sentences `y` of other
/// articles whose shared key (or key prefix) weight bounds their lexical
/// score above [`CANDIDATE_MIN_SHARE`]: the shared weight of each side
/// bounds that side's soft-match share from above (exact and prefix
/// matches are indexed), so `2·px·py / (px + py)` bounds the lexical score.
/// The margin between that cut-off and
/// [`similarity::RELATED_THRESHOLD`] leaves room for the fuzzy name
/// matches the index cannot see.
struct CandidateIndex<'a> {
    sentences: &'a [StorySentence<'a>],
    weighted: &'a [WeightedSentence],
    keys: Vec<Vec<(u64, f32)>>,
    /// Postings of the representatives' sentences, in sentence order.
    postings: HashMap<u64, Vec<(usize, f32)>>,
}

impl<'a> CandidateIndex<'a> {
    fn new(sentences: &'a [StorySentence<'a>], weighted: &'a [WeightedSentence]) -> Self {
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
            if sentences[i].copy {
                continue;
            }
            for &(k, weight) in ks {
                postings.entry(k).or_default().push((i, weight));
            }
        }
        Self {
            sentences,
            weighted,
            keys,
            postings,
        }
    }

    /// Per-thread work space for [`Self::candidates`].
    fn scratch(&self) -> (Vec<(f32, f32)>, Vec<usize>) {
        (vec![(0.0, 0.0); self.sentences.len()], Vec::new())
    }

    /// The indexed sentences `y >= from` of other articles than `x`'s
    /// whose bound reaches [`CANDIDATE_MIN_SHARE`], sorted.
    fn candidates(
        &self,
        x: usize,
        from: usize,
        (shared, touched): &mut (Vec<(f32, f32)>, Vec<usize>),
    ) -> Vec<usize> {
        let article = self.sentences[x].at.article;
        for &(k, weight_x) in &self.keys[x] {
            let Some(list) = self.postings.get(&k) else {
                continue;
            };
            // Postings are sorted by sentence.
            let start = list.partition_point(|&(y, _)| y < from);
            for &(y, weight_y) in &list[start..] {
                if self.sentences[y].at.article == article {
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
            let (tx, ty) = (self.weighted[x].total, self.weighted[y].total);
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
    }
}
