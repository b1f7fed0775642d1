//! The sentence encoder interface.
//!
//! An encoder maps sentences to dense, L2-normalised vectors so that cosine
//! similarity (a dot product) measures closeness of meaning. The lexical
//! encoder (hashed IDF-weighted word features, `corroborate-align`) needs no
//! files; the neural encoder (`corroborate-neural`) loads a BERT-family model
//! from a local directory. Alignment and clustering accept any `Encoder`.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum EncoderError {
    #[error("model directory {dir}: {reason}")]
    Model { dir: String, reason: String },
    #[error("encoding failed: {0}")]
    Encode(String),
}

pub trait Encoder: Send + Sync {
    /// Short identifier recorded in reports, e.g. `lexical` or `minilm-l6-v2`.
    fn name(&self) -> &str;
    /// Length of every vector returned by [`Encoder::encode`].
    fn dim(&self) -> usize;
    /// Encodes a batch; returns one unit-length vector per input, in order.
    fn encode(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EncoderError>;
    /// Cosine this encoder typically gives two sentences on the same topic
    /// that state different facts; alignment scores sentence pairs above it
    /// even when they share no word (the pair model then decides). It is a
    /// property of the encoder: sentence transformers give any two
    /// sentences about one event 0.4-0.6, hashed word vectors nearly 0.
    fn unrelated_cosine(&self) -> f32 {
        0.2
    }
}

/// Cosine similarity of two vectors (0 when either is all zeros).
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let (mut dot, mut na, mut nb) = (0.0f32, 0.0f32, 0.0f32);
    for (x, y) in a.iter().zip(b) {
        dot += x * y;
        na += x * x;
        nb += y * y;
    }
    if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        dot / (na.sqrt() * nb.sqrt())
    }
}

/// A learned contradiction model (an NLI cross-encoder,
/// `corroborate_neural::CrossEncoder`): reads two sentences together and
/// says how likely the second contradicts the first. The verify stage asks
/// it about aligned claim pairs only; without one nothing changes.
pub trait ContradictionScorer: Send + Sync {
    /// Short identifier, e.g. the model directory's name.
    fn name(&self) -> &str;
    /// P(contradiction) in [0, 1] for each `(premise, hypothesis)` pair, in
    /// order.
    fn contradiction(&self, pairs: &[(&str, &str)]) -> Result<Vec<f32>, EncoderError>;
}
