//! Per-article features for online clustering.
//!
//! In: an article's title and body. Out: [`ArticleFeatures`]: a sparse,
//! L2-normalised term profile (folded content words and names, names weighted
//! up), the set of capitalised names, and a MinHash signature of word
//! shingles (`corroborate_align::minhash`) for near-duplicate detection.
//!
//! Invariants: features depend only on the text (no corpus statistics), so an
//! article's features are the same whichever worker computes them and in
//! whatever order articles arrive; term ids are stable 32-bit hashes.

use corroborate_align::minhash::{MinHasher, Signature};
use corroborate_core::text::{fold, is_stopword, words};
use std::collections::BTreeMap;

/// Number of MinHash permutations in a signature.
pub const NUM_PERM: usize = 64;
/// Words per shingle.
pub const SHINGLE_WORDS: usize = 4;

thread_local! {
    static HASHER: MinHasher = MinHasher::new(NUM_PERM, SHINGLE_WORDS);
}

#[derive(Debug, Clone, PartialEq)]
pub struct ArticleFeatures {
    /// (term id, weight), sorted by term id, L2 norm 1 (empty for an empty text).
    pub terms: Vec<(u32, f32)>,
    /// Folded capitalised names (term ids), sorted and deduplicated.
    pub names: Vec<u32>,
    pub signature: Signature,
}

/// FNV-1a: small, stable across platforms and releases (unlike `DefaultHasher`).
pub fn stable_hash(bytes: &[u8], seed: u64) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ seed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    // Final avalanche so that nearby inputs spread over all bits.
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h
}

/// Crude English stem: enough to make "talks"/"talk", "sanctions"/"sanction" meet.
fn stem(w: &str) -> &str {
    for suffix in ["ing", "ed", "es", "s"] {
        if w.len() > suffix.len() + 3 && w.ends_with(suffix) {
            return &w[..w.len() - suffix.len()];
        }
    }
    w
}

pub fn article_features(title: &str, body: &str) -> ArticleFeatures {
    let mut weights: BTreeMap<u32, f32> = BTreeMap::new();
    let mut names: Vec<u32> = Vec::new();
    // The title says what the story is about: count its words three times.
    for (text, boost) in [(title, 3.0f32), (body, 1.0)] {
        for w in words(text) {
            let f = fold(w.text);
            if f.len() < 3 || is_stopword(&f) || f.chars().all(|c| c.is_ascii_digit()) {
                continue;
            }
            let is_name = w.text.chars().next().is_some_and(char::is_uppercase);
            let id = stable_hash(stem(&f).as_bytes(), 0) as u32;
            *weights.entry(id).or_insert(0.0) += boost * if is_name { 2.0 } else { 1.0 };
            if is_name {
                names.push(id);
            }
        }
    }
    // Sublinear term frequency, then unit length.
    let mut terms: Vec<(u32, f32)> = weights
        .into_iter()
        .map(|(k, v)| (k, 1.0 + v.ln()))
        .collect();
    let norm = terms.iter().map(|(_, v)| v * v).sum::<f32>().sqrt();
    if norm > 0.0 {
        for t in &mut terms {
            t.1 /= norm;
        }
    }
    names.sort_unstable();
    names.dedup();
    ArticleFeatures {
        terms,
        names,
        signature: HASHER.with(|h| h.signature(body)),
    }
}

/// Dot product of two sorted sparse vectors.
pub fn sparse_dot(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let (mut i, mut j, mut dot) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    dot
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "Ukrainian President Volodymyr Zelenskyy said he had sent a team to Istanbul for the first direct peace talks with Russia in three years, but played down expectations of a breakthrough.";

    #[test]
    fn duplicates_resemble_and_unrelated_do_not() {
        let a = article_features("", A);
        let near = article_features("", &A.replace("three years", "3 years"));
        let other = article_features("", "The central bank raised interest rates by a quarter point on Wednesday, citing persistent inflation in services and housing.");
        assert!(a.signature.jaccard(&a.signature) == 1.0);
        assert!(a.signature.jaccard(&near.signature) > 0.6);
        assert!(a.signature.jaccard(&other.signature) < 0.1);
        assert!(sparse_dot(&a.terms, &near.terms) > 0.9);
        assert!(sparse_dot(&a.terms, &other.terms) < 0.2);
    }

    #[test]
    fn names_are_collected() {
        let f = article_features("", A);
        let id = stable_hash(b"zelenskyy", 0) as u32;
        assert!(f.names.contains(&id));
    }
}
