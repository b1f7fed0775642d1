//! Sentence-pair similarity: the lexical score, its combination with an
//! extra encoder's cosine, and the alignment labels.
//!
//! In: two sentences (as text, or as [`WeightedSentence`]s prepared once per
//! story) and a [`ScoringContext`] of IDF weights. Out: a score in 0..1 and,
//! through [`label_for`], an [`AlignLabel`] (or none when unrelated).
//!
//! The lexical score is built to catch heavy paraphrase, not only shared
//! words:
//!
//! 1. every content token of one sentence is matched softly to its best
//!    token in the other: 1 for equal keys (keys already absorb case,
//!    diacritics, stems, exonyms, synonyms, transliteration and number
//!    formats), 0.8 for a shared 5-letter prefix (derivations the stemmer
//!    keeps apart: `negotiator`/`negotiations`), and the normalised edit
//!    similarity (at least 0.75) for proper names (`Dolmabahce`/`Dolmabahche`);
//! 2. precision `P` and recall `R` are the IDF-weighted shares of each
//!    sentence's tokens so matched, and `F = 2PR / (P + R)`;
//! 3. word order: `O` = share of the matched tokens that lie on the longest
//!    common increasing run (LIS of the match positions);
//! 4. `lexical = F · (1 - ORDER_WEIGHT + ORDER_WEIGHT · O)`.
//!
//! With an extra encoder (neural), the score is the probability that the
//! two sentences state the same fact under a small logistic model
//! ([`ENCODER_PAIR_MODEL`]) that reads the lexical parts above, the encoder
//! cosine and a few symmetric counts ([`PairFeatures`]: length ratio,
//! numbers and names found on one side only). Its coefficients were fitted
//! on the GLUE MRPC training split with all-MiniLM-L6-v2, chosen on the dev
//! split and reported on the test split (docs/eval/neural.md §2): that is
//! the calibration that lets [`PARAPHRASE_THRESHOLD`] (0.5) mean "more
//! likely the same fact than not" for both scorers. "Same" stays a lexical
//! property: with an encoder a pair scores at least
//! [`SAME_THRESHOLD`] only when its lexical score does.
//!
//! Invariants: scores are symmetric (`s(a, b) == s(b, a)`), in 0..1, 0 when
//! either sentence has no content token, deterministic.

use corroborate_core::text::edit_distance;
use corroborate_core::{cosine, AlignLabel, Encoder};
use rayon::prelude::*;

use crate::features::{ScoringContext, SentenceFeatures, Token, TokenKind};

/// Weight of word order in the lexical score.
pub const ORDER_WEIGHT: f32 = 0.1;
/// Score from which two sentences say the same thing in nearly the same words.
pub const SAME_THRESHOLD: f32 = 0.85;
/// Score from which two sentences are paraphrases (same fact).
pub const PARAPHRASE_THRESHOLD: f32 = 0.5;
/// Score from which two sentences are related (overlapping content).
pub const RELATED_THRESHOLD: f32 = 0.3;

/// The label of a score, `None` for unrelated sentences.
pub fn label_for(score: f32) -> Option<AlignLabel> {
    if score >= SAME_THRESHOLD {
        Some(AlignLabel::Same)
    } else if score >= PARAPHRASE_THRESHOLD {
        Some(AlignLabel::Paraphrase)
    } else if score >= RELATED_THRESHOLD {
        Some(AlignLabel::Related)
    } else {
        None
    }
}

/// A sentence's features with their IDF weights under one context.
#[derive(Debug, Clone, Default)]
pub struct WeightedSentence {
    pub features: SentenceFeatures,
    pub weights: Vec<f32>,
    /// Sum of `weights`.
    pub total: f32,
}

impl WeightedSentence {
    pub fn new(features: SentenceFeatures, ctx: &ScoringContext) -> Self {
        let weights: Vec<f32> = features.tokens.iter().map(|t| ctx.weight(t)).collect();
        let total = weights.iter().sum();
        Self {
            features,
            weights,
            total,
        }
    }

    pub fn from_text(text: &str, ctx: &ScoringContext) -> Self {
        Self::new(SentenceFeatures::new(text), ctx)
    }
}

/// Longest key compared by edit distance (longer names are compared by prefix only).
const MAX_EDIT_LEN: usize = 32;

/// Soft similarity of two tokens, 0..1 (see the module doc).
pub fn token_similarity(a: &Token, b: &Token) -> f32 {
    if a.hash == b.hash {
        return 1.0;
    }
    if a.kind == TokenKind::Number || b.kind == TokenKind::Number {
        return 0.0;
    }
    let (ka, kb) = (a.key.as_bytes(), b.key.as_bytes());
    let prefix = ka.iter().zip(kb).take_while(|(x, y)| x == y).count();
    if prefix >= 5 {
        return 0.8;
    }
    let is_name = a.kind == TokenKind::Name || b.kind == TokenKind::Name;
    if is_name
        && ka.len() >= 5
        && kb.len() >= 5
        && ka.len() <= MAX_EDIT_LEN
        && kb.len() <= MAX_EDIT_LEN
        && ka.len().abs_diff(kb.len()) <= 3
        && ka[0] == kb[0]
    {
        let longest = ka.len().max(kb.len()) as f32;
        // Keys are folded ASCII: chars and bytes count alike.
        let similarity = 1.0 - edit_distance(&a.key, &b.key) as f32 / longest;
        if similarity >= 0.75 {
            return similarity;
        }
    }
    0.0
}

/// Length of the longest strictly increasing subsequence.
fn longest_increasing_run(values: &[usize]) -> usize {
    let mut tails: Vec<usize> = Vec::new();
    for &v in values {
        match tails.binary_search(&v) {
            Ok(_) => {}
            Err(pos) if pos == tails.len() => tails.push(v),
            Err(pos) => tails[pos] = v,
        }
    }
    tails.len()
}

/// The parts of a lexical comparison.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LexicalDetail {
    /// IDF-weighted share of `a`'s tokens matched in `b`.
    pub precision: f32,
    /// IDF-weighted share of `b`'s tokens matched in `a`.
    pub recall: f32,
    /// Share of matched tokens in the same order.
    pub order: f32,
    /// The lexical score.
    pub score: f32,
}

/// Minimum token similarity for a token to count as matched in the order term.
const ORDER_MATCH: f32 = 0.7;

/// Lexical comparison of two prepared sentences.
pub fn lexical_detail(a: &WeightedSentence, b: &WeightedSentence) -> LexicalDetail {
    let (ta, tb) = (&a.features.tokens, &b.features.tokens);
    if ta.is_empty() || tb.is_empty() || a.total <= 0.0 || b.total <= 0.0 {
        return LexicalDetail::default();
    }
    // Best match of every token of each side (similarity, position).
    let mut row_best = vec![(0.0f32, 0usize); ta.len()];
    let mut col_best = vec![(0.0f32, 0usize); tb.len()];
    // Among equally good matches the nearest position wins, so that a word
    // repeated in both sentences pairs up in order (a sentence then matches
    // itself fully; found by the property test `a_sentence_matches_itself_fully`).
    let nearer = |candidate: usize, current: usize, own: usize| {
        candidate.abs_diff(own) < current.abs_diff(own)
    };
    for (i, x) in ta.iter().enumerate() {
        for (j, y) in tb.iter().enumerate() {
            let s = token_similarity(x, y);
            if s > row_best[i].0 || (s > 0.0 && s == row_best[i].0 && nearer(j, row_best[i].1, i)) {
                row_best[i] = (s, j);
            }
            if s > col_best[j].0 || (s > 0.0 && s == col_best[j].0 && nearer(i, col_best[j].1, j)) {
                col_best[j] = (s, i);
            }
        }
    }
    let matched_a: f32 = row_best.iter().zip(&a.weights).map(|(m, w)| m.0 * w).sum();
    let matched_b: f32 = col_best.iter().zip(&b.weights).map(|(m, w)| m.0 * w).sum();
    let precision = (matched_a / a.total).min(1.0);
    let recall = (matched_b / b.total).min(1.0);
    if precision + recall <= 0.0 {
        return LexicalDetail::default();
    }
    let f = 2.0 * precision * recall / (precision + recall);
    // Order is read from the shorter side (both sides on a tie) so that the
    // score is symmetric.
    let order = match ta.len().cmp(&tb.len()) {
        std::cmp::Ordering::Less => order_share(&row_best),
        std::cmp::Ordering::Greater => order_share(&col_best),
        std::cmp::Ordering::Equal => 0.5 * (order_share(&row_best) + order_share(&col_best)),
    };
    let score = f * (1.0 - ORDER_WEIGHT + ORDER_WEIGHT * order);
    LexicalDetail {
        precision,
        recall,
        order,
        score: score.clamp(0.0, 1.0),
    }
}

/// Share of the well-matched tokens whose match positions increase (LIS).
fn order_share(best: &[(f32, usize)]) -> f32 {
    let positions: Vec<usize> = best
        .iter()
        .filter(|m| m.0 >= ORDER_MATCH)
        .map(|m| m.1)
        .collect();
    if positions.len() < 2 {
        return 1.0;
    }
    longest_increasing_run(&positions) as f32 / positions.len() as f32
}

/// The lexical score of two prepared sentences.
pub fn lexical_score(a: &WeightedSentence, b: &WeightedSentence) -> f32 {
    lexical_detail(a, b).score
}

/// Number of [`PairFeatures`].
pub const PAIR_FEATURE_COUNT: usize = 9;

/// What the encoder-backed pair model reads of two sentences: the lexical
/// comparison's parts, the encoder cosine and counts of content the other
/// side lacks. Every feature is symmetric in the two sentences, so the
/// model's score is too.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PairFeatures {
    /// The lexical score.
    pub lexical: f32,
    /// The smaller of the two IDF-weighted coverages (lexical precision and
    /// recall): low when one sentence adds much the other lacks.
    pub min_coverage: f32,
    /// The larger of the two coverages.
    pub max_coverage: f32,
    /// Share of matched tokens in the same order.
    pub order: f32,
    /// Content tokens of the shorter sentence over those of the longer.
    pub length_ratio: f32,
    /// Number tokens of either sentence with no equal number in the other.
    pub unmatched_numbers: f32,
    /// Name tokens of either sentence with no equal key in the other.
    pub unmatched_names: f32,
    /// `unmatched_numbers` over all number tokens of both (0 without numbers).
    pub unmatched_number_share: f32,
    /// Cosine of the two sentences' encoder vectors, rescaled above the
    /// encoder's same-topic level ([`rescale_cosine`]): 0 at
    /// [`Encoder::unrelated_cosine`], 1 for equal vectors, negative below.
    pub rescaled_cosine: f32,
}

impl PairFeatures {
    /// Feature names, in the order of [`PairFeatures::to_array`].
    pub const NAMES: [&'static str; PAIR_FEATURE_COUNT] = [
        "lexical",
        "min_coverage",
        "max_coverage",
        "order",
        "length_ratio",
        "unmatched_numbers",
        "unmatched_names",
        "unmatched_number_share",
        "rescaled_cosine",
    ];

    /// The features of two prepared sentences whose encoder cosine,
    /// rescaled by [`rescale_cosine`], is `rescaled_cosine`.
    pub fn new(a: &WeightedSentence, b: &WeightedSentence, rescaled_cosine: f32) -> Self {
        let detail = lexical_detail(a, b);
        let (ta, tb) = (&a.features.tokens, &b.features.tokens);
        let longer = ta.len().max(tb.len());
        let lacking = |x: &[Token], y: &[Token], kind: TokenKind| {
            x.iter()
                .filter(|t| t.kind == kind && !y.iter().any(|u| u.hash == t.hash))
                .count()
        };
        let unmatched = |kind| lacking(ta, tb, kind) + lacking(tb, ta, kind);
        let numbers = ta
            .iter()
            .chain(tb)
            .filter(|t| t.kind == TokenKind::Number)
            .count();
        let unmatched_numbers = unmatched(TokenKind::Number);
        PairFeatures {
            lexical: detail.score,
            min_coverage: detail.precision.min(detail.recall),
            max_coverage: detail.precision.max(detail.recall),
            order: detail.order,
            length_ratio: if longer == 0 {
                0.0
            } else {
                ta.len().min(tb.len()) as f32 / longer as f32
            },
            unmatched_numbers: unmatched_numbers as f32,
            unmatched_names: unmatched(TokenKind::Name) as f32,
            unmatched_number_share: if numbers == 0 {
                0.0
            } else {
                unmatched_numbers as f32 / numbers as f32
            },
            rescaled_cosine,
        }
    }

    /// The features in the order of [`PairFeatures::NAMES`].
    pub fn to_array(&self) -> [f32; PAIR_FEATURE_COUNT] {
        [
            self.lexical,
            self.min_coverage,
            self.max_coverage,
            self.order,
            self.length_ratio,
            self.unmatched_numbers,
            self.unmatched_names,
            self.unmatched_number_share,
            self.rescaled_cosine,
        ]
    }
}

/// A logistic model of "same fact" on [`PairFeatures`]:
/// `P = σ(intercept + Σ weights_j · feature_j)` on raw feature values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairModel {
    pub intercept: f32,
    pub weights: [f32; PAIR_FEATURE_COUNT],
}

impl PairModel {
    /// The probability that the pair states the same fact.
    pub fn probability(&self, features: &PairFeatures) -> f32 {
        let z = self.intercept
            + self
                .weights
                .iter()
                .zip(features.to_array())
                .map(|(w, x)| w * x)
                .sum::<f32>();
        1.0 / (1.0 + (-z).exp())
    }
}

/// The pair model used with an encoder. Fitted (logistic regression,
/// Newton's method, L2 penalty chosen on the dev split) on the GLUE MRPC
/// training split (3,668 pairs) with all-MiniLM-L6-v2 vectors; printed by
/// `cargo run -p corroborate-neural --release --example
/// paraphrase_eval_neural -- MODEL_DIR`, which refits it and checks it
/// against these values (docs/eval/neural.md §2). Another encoder has other
/// cosines: refit with that example before relying on it.
pub const ENCODER_PAIR_MODEL: PairModel = PairModel {
    intercept: -3.730024,
    // lexical, min_coverage, max_coverage, order, length_ratio,
    // unmatched_numbers, unmatched_names, unmatched_number_share, rescaled_cosine
    weights: [
        0.426467, 2.404545, 0.622598, 0.032683, 1.272074, -0.158917, 0.075885, 0.109183, 2.160069,
    ],
};

/// An encoder cosine on a common scale for all encoders: `(cos − floor) /
/// (1 − floor)` with `floor` the encoder's [`Encoder::unrelated_cosine`]
/// (its typical cosine for same-topic sentences that state different
/// facts), so that 0 means "same topic only" whatever the encoder. Not
/// clamped: the pair model reads how far below that level a pair is, too.
pub fn rescale_cosine(cos: f32, floor: f32) -> f32 {
    let floor = floor.clamp(-0.99, 0.99);
    (cos - floor) / (1.0 - floor)
}

/// The similarity of two prepared sentences: the lexical score, or with
/// an encoder cosine (rescaled, [`rescale_cosine`]) the
/// [`ENCODER_PAIR_MODEL`] probability, bounded so
/// that only a lexical score of at least [`SAME_THRESHOLD`] reaches it
/// (near-verbatim wording is what "same" means; the model cannot see it).
pub fn pair_score(a: &WeightedSentence, b: &WeightedSentence, rescaled_cosine: Option<f32>) -> f32 {
    match rescaled_cosine {
        None => lexical_score(a, b),
        Some(c) => {
            let features = PairFeatures::new(a, b, c);
            score_from_features(&features)
        }
    }
}

/// [`pair_score`] of already computed features.
pub fn score_from_features(features: &PairFeatures) -> f32 {
    // A sentence without content tokens scores 0 with any scorer (module
    // invariant); only then is the length ratio 0.
    if features.length_ratio == 0.0 {
        return 0.0;
    }
    let p = ENCODER_PAIR_MODEL.probability(features);
    if features.lexical >= SAME_THRESHOLD {
        p.max(features.lexical)
    } else {
        p.min(BELOW_SAME)
    }
    .clamp(0.0, 1.0)
}

/// The largest score below [`SAME_THRESHOLD`].
const BELOW_SAME: f32 = SAME_THRESHOLD - 1e-4;

/// Similarity of two sentences, 0..1: [`pair_score`] under `ctx`, with
/// `encoder`'s cosine when one is given (an encoder error falls back to
/// the lexical score).
pub fn sentence_similarity(
    a: &str,
    b: &str,
    ctx: &ScoringContext,
    encoder: Option<&dyn Encoder>,
) -> f32 {
    let (a_w, b_w) = (
        WeightedSentence::from_text(a, ctx),
        WeightedSentence::from_text(b, ctx),
    );
    let cos = encoder.and_then(|e| {
        e.encode(&[a, b])
            .ok()
            .filter(|v| v.len() == 2)
            .map(|v| rescale_cosine(cosine(&v[0], &v[1]), e.unrelated_cosine()))
    });
    pair_score(&a_w, &b_w, cos)
}

/// Encoder cosines of many pairs, rescaled ([`rescale_cosine`]), encoded in
/// batches of `ENCODE_BATCH` pairs; `None` for a pair whose batch failed.
pub fn pair_rescaled_cosines(pairs: &[(&str, &str)], encoder: &dyn Encoder) -> Vec<Option<f32>> {
    const ENCODE_BATCH: usize = 64;
    let mut out = vec![None; pairs.len()];
    for (chunk_index, chunk) in pairs.chunks(ENCODE_BATCH).enumerate() {
        let texts: Vec<&str> = chunk.iter().flat_map(|(a, b)| [*a, *b]).collect();
        let Ok(vectors) = encoder.encode(&texts) else {
            continue;
        };
        if vectors.len() != texts.len() {
            continue;
        }
        for (k, v) in vectors.chunks(2).enumerate() {
            out[chunk_index * ENCODE_BATCH + k] = Some(rescale_cosine(
                cosine(&v[0], &v[1]),
                encoder.unrelated_cosine(),
            ));
        }
    }
    out
}

/// Scores many pairs at once (lexical parts in parallel, encoder vectors in
/// batches): the same results as [`sentence_similarity`] on each pair.
pub fn score_pairs(
    pairs: &[(&str, &str)],
    ctx: &ScoringContext,
    encoder: Option<&dyn Encoder>,
) -> Vec<f32> {
    let cosines = match encoder {
        Some(e) => pair_rescaled_cosines(pairs, e),
        None => vec![None; pairs.len()],
    };
    pairs
        .par_iter()
        .zip(cosines)
        .map(|((a, b), cos)| {
            pair_score(
                &WeightedSentence::from_text(a, ctx),
                &WeightedSentence::from_text(b, ctx),
                cos,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::LexicalEncoder;

    fn sim(a: &str, b: &str) -> f32 {
        sentence_similarity(a, b, &ScoringContext::background(), None)
    }

    #[test]
    fn identical_sentences_score_one() {
        let s = "Ukraine's main goal is to secure an immediate 30-day ceasefire.";
        assert!((sim(s, s) - 1.0).abs() < 1e-5);
    }

    #[test]
    fn heavy_paraphrase_scores_as_paraphrase() {
        // From the MRPC test set (labelled paraphrase).
        let a = "The settling companies would also assign their possible claims against the underwriters to the investor plaintiffs, he added.";
        let b = "Under the agreement, the settling companies will also assign their potential claims against the underwriters to the investors, he added.";
        assert!(sim(a, b) >= PARAPHRASE_THRESHOLD, "{}", sim(a, b));
        let a = "Zelenskyy said Kiev will focus on an immediate truce of 30 days.";
        let b = "Zelensky said Ukraine's main goal is to secure an immediate 30-day ceasefire.";
        assert!(sim(a, b) >= RELATED_THRESHOLD, "{}", sim(a, b));
    }

    #[test]
    fn unrelated_sentences_score_low() {
        let a = "The broader Standard & Poor's 500 Index was 0.46 points lower at 997.02.";
        let b = "Moroccan police have arrested 33 suspects, a government official said.";
        assert!(sim(a, b) < RELATED_THRESHOLD, "{}", sim(a, b));
        assert_eq!(sim("", b), 0.0);
        assert_eq!(sim("the of and", b), 0.0);
    }

    #[test]
    fn scores_are_symmetric_and_bounded() {
        let texts = [
            "Negotiations will be held at the Dolmabahce Palace on the Bosphorus.",
            "The peace talks are being held at the Dolmabahçe Palace, where failed negotiations occurred in 2022.",
            "Trump's envoy Steve Witkoff is expected in Istanbul on Friday.",
        ];
        for a in texts {
            for b in texts {
                let (x, y) = (sim(a, b), sim(b, a));
                assert!((x - y).abs() < 1e-5, "{a} / {b}: {x} vs {y}");
                assert!((0.0..=1.0).contains(&x));
            }
        }
    }

    #[test]
    fn word_order_matters_a_little() {
        let a = "Russia accused Ukraine of shelling the city.";
        let b = "Ukraine accused Russia of shelling the city.";
        let swapped = sim(a, b);
        assert!(swapped < 1.0 && swapped > PARAPHRASE_THRESHOLD, "{swapped}");
    }

    #[test]
    fn encoder_scores_single_and_batch_agree() {
        let enc = LexicalEncoder::default();
        let ctx = ScoringContext::background();
        let pairs = [
            (
                "Zelenskyy sent a delegation to Istanbul.",
                "Zelensky sent his team to Istanbul.",
            ),
            (
                "Stocks fell sharply on Monday.",
                "Measles cases rose in 2002.",
            ),
        ];
        let batch = score_pairs(&pairs, &ctx, Some(&enc));
        for ((a, b), s) in pairs.iter().zip(&batch) {
            let single = sentence_similarity(a, b, &ctx, Some(&enc));
            assert!((single - s).abs() < 1e-5);
        }
        assert!(batch[0] > batch[1]);
    }

    fn features(a: &str, b: &str, cos: f32) -> PairFeatures {
        let ctx = ScoringContext::background();
        PairFeatures::new(
            &WeightedSentence::from_text(a, &ctx),
            &WeightedSentence::from_text(b, &ctx),
            cos,
        )
    }

    #[test]
    fn pair_features_are_symmetric_and_count_what_one_side_lacks() {
        let a = "Shares of Acme rose 12 percent to $45.10 on Monday, analysts in Boston said.";
        let b = "Acme shares rose 12 percent on Monday.";
        let (ab, ba) = (features(a, b, 0.8), features(b, a, 0.8));
        assert_eq!(ab, ba);
        // $45.10 is on one side only; 12 on both.
        assert_eq!(ab.unmatched_numbers, 1.0);
        assert!((ab.unmatched_number_share - 1.0 / 3.0).abs() < 1e-6);
        // Boston is a name the short sentence lacks.
        assert!(ab.unmatched_names >= 1.0, "{ab:?}");
        assert!(ab.length_ratio < 1.0 && ab.min_coverage < ab.max_coverage);
        assert_eq!(ab.rescaled_cosine, 0.8);
        let same = features(a, a, 1.0);
        assert_eq!((same.unmatched_numbers, same.unmatched_names), (0.0, 0.0));
        // No content token on one side: 0, whatever the cosine says.
        let empty = features(a, "the of and", 1.0);
        assert_eq!(empty.length_ratio, 0.0);
        assert_eq!(score_from_features(&empty), 0.0);
        assert_eq!((same.length_ratio, same.min_coverage), (1.0, 1.0));
    }

    #[test]
    fn encoder_score_follows_the_cosine_and_keeps_same_lexical() {
        let a = "The company said it would cut 5,500 jobs over four years.";
        let b = "The firm plans to eliminate 5,500 positions within four years.";
        let (close, far) = (features(a, b, 0.9), features(a, b, 0.3));
        assert!(score_from_features(&close) > score_from_features(&far));
        // A high cosine alone never makes two differently worded sentences "same".
        let mut reworded = close;
        reworded.rescaled_cosine = 1.0;
        assert!(score_from_features(&reworded) < SAME_THRESHOLD);
        // Identical wording is "same" whatever the model says.
        let identical = features(a, a, 1.0);
        assert!(score_from_features(&identical) >= SAME_THRESHOLD);
        assert_eq!(
            label_for(score_from_features(&identical)),
            Some(AlignLabel::Same)
        );
        // A different number with the same wording lowers the probability.
        let other_number = features(a, &a.replace("5,500", "2,000"), 0.97);
        let same_number = features(a, a, 0.97);
        assert!(
            ENCODER_PAIR_MODEL.probability(&other_number)
                < ENCODER_PAIR_MODEL.probability(&same_number)
        );
    }
}
