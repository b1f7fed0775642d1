//! MinHash signatures of word shingles and a banded LSH index.
//!
//! In: texts (any language, any size). Out: fixed-length [`Signature`]s whose
//! agreement rate estimates the Jaccard resemblance of the texts' sets of
//! `shingle_words`-word shingles, and an [`LshIndex`] that returns, for a
//! signature, the ids of inserted signatures likely to be near-duplicates.
//!
//! Invariants:
//! * deterministic: the permutations come from fixed seeds, so the same text
//!   gives the same signature on every run, machine and thread count;
//! * words are case- and diacritic-folded (like [`corroborate_core::text::fold`])
//!   and punctuation is ignored, so layout or typography changes do not
//!   change a signature;
//! * a text with fewer words than `shingle_words` yields one shingle of all
//!   its words; a text with no word yields the empty signature (all
//!   `u64::MAX`), whose resemblance to anything is 0;
//! * allocation-light: hashing a text allocates only the signature (and a
//!   small string for the rare non-ASCII word).

use std::collections::HashMap;
use unicode_segmentation::UnicodeSegmentation;

/// Largest shingle size supported (the rolling window is a fixed array).
pub const MAX_SHINGLE_WORDS: usize = 16;

/// Computes MinHash signatures with `num_perm` hash functions over shingles
/// of `shingle_words` consecutive words.
#[derive(Debug, Clone)]
pub struct MinHasher {
    shingle_words: usize,
    /// Odd multipliers and offsets of the hash family `h_i(x) = a_i·x + b_i`
    /// (mod 2^64), applied to an already well-mixed 64-bit shingle hash.
    mul: Vec<u64>,
    add: Vec<u64>,
}

/// A MinHash signature: the minimum of each hash function over the shingles.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Signature {
    pub mins: Vec<u64>,
}

impl Signature {
    /// Estimated Jaccard resemblance (share of agreeing minima), 0..1.
    /// Signatures of different lengths are compared on their common prefix;
    /// empty signatures have resemblance 0.
    pub fn jaccard(&self, other: &Signature) -> f32 {
        let n = self.mins.len().min(other.mins.len());
        if n == 0 || self.is_empty() || other.is_empty() {
            return 0.0;
        }
        let equal = self.mins[..n]
            .iter()
            .zip(&other.mins[..n])
            .filter(|(a, b)| a == b)
            .count();
        equal as f32 / n as f32
    }

    /// True for the signature of a text without words.
    pub fn is_empty(&self) -> bool {
        self.mins.iter().all(|&m| m == u64::MAX)
    }
}

/// SplitMix64 finaliser: a fast, well-distributed 64-bit mixer.
#[inline]
pub(crate) fn mix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// FNV-1a hash of bytes, finished with [`mix64`].
#[inline]
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    mix64(h)
}

/// Hash of a word after case and diacritic folding.
#[inline]
fn folded_word_hash(word: &str) -> u64 {
    if word.is_ascii() {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in word.bytes() {
            h ^= u64::from(b.to_ascii_lowercase());
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        mix64(h)
    } else {
        hash_bytes(corroborate_core::text::fold(word).as_bytes())
    }
}

impl MinHasher {
    /// `num_perm` hash functions (at least 1) over shingles of
    /// `shingle_words` words (clamped to 1..=[`MAX_SHINGLE_WORDS`]).
    pub fn new(num_perm: usize, shingle_words: usize) -> Self {
        let num_perm = num_perm.max(1);
        let mut mul = Vec::with_capacity(num_perm);
        let mut add = Vec::with_capacity(num_perm);
        // Fixed seed: signatures must be comparable across runs and machines.
        let mut state: u64 = 0x5EED_0FC0_0B0B_A7E5;
        for _ in 0..num_perm {
            state = mix64(state);
            mul.push(state | 1);
            state = mix64(state);
            add.push(state);
        }
        Self {
            shingle_words: shingle_words.clamp(1, MAX_SHINGLE_WORDS),
            mul,
            add,
        }
    }

    pub fn num_perm(&self) -> usize {
        self.mul.len()
    }

    pub fn shingle_words(&self) -> usize {
        self.shingle_words
    }

    /// Calls `f` with the hash of every shingle of `text` (with repeats).
    /// Returns the number of shingles produced.
    pub fn for_each_shingle(&self, text: &str, mut f: impl FnMut(u64)) -> usize {
        let k = self.shingle_words;
        let mut window = [0u64; MAX_SHINGLE_WORDS];
        let mut seen = 0usize;
        let mut produced = 0usize;
        for word in text.unicode_words() {
            window[seen % k] = folded_word_hash(word);
            seen += 1;
            if seen >= k {
                f(combine_window(&window, seen, k, k));
                produced += 1;
            }
        }
        if seen > 0 && seen < k {
            // Short text: one shingle of all its words.
            f(combine_window(&window, seen, k, seen));
            produced += 1;
        }
        produced
    }

    /// The signature of `text`.
    pub fn signature(&self, text: &str) -> Signature {
        let mut mins = vec![u64::MAX; self.mul.len()];
        self.for_each_shingle(text, |x| {
            for ((m, &a), &b) in mins.iter_mut().zip(&self.mul).zip(&self.add) {
                let h = x.wrapping_mul(a).wrapping_add(b);
                if h < *m {
                    *m = h;
                }
            }
        });
        Signature { mins }
    }

    /// The distinct shingle hashes of `text`, sorted (for exact Jaccard and
    /// containment on small collections).
    pub fn shingle_set(&self, text: &str) -> Vec<u64> {
        let mut set = Vec::new();
        self.for_each_shingle(text, |x| set.push(x));
        set.sort_unstable();
        set.dedup();
        set
    }
}

/// Order-sensitive hash of the last `len` words of a ring buffer of size
/// `k` that has received `seen` words (word `n` sits at `window[n % k]`).
#[inline]
fn combine_window(window: &[u64; MAX_SHINGLE_WORDS], seen: usize, k: usize, len: usize) -> u64 {
    let mut h: u64 = 0x243F_6A88_85A3_08D3;
    for n in seen - len..seen {
        h = mix64(h ^ window[n % k]);
    }
    h
}

/// Size of the intersection of two sorted, deduplicated hash lists.
pub fn sorted_intersection(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Banded locality-sensitive hashing over MinHash signatures: two
/// signatures become candidates when all `rows` minima of at least one of
/// the `bands` bands agree. With resemblance `s` the chance of that is
/// `1 - (1 - s^rows)^bands`.
#[derive(Debug, Clone)]
pub struct LshIndex {
    bands: usize,
    rows: usize,
    tables: Vec<HashMap<u64, Vec<u64>>>,
}

impl LshIndex {
    /// An index of `bands` bands of `rows` rows each (both at least 1); the
    /// signatures inserted should have at least `bands * rows` minima
    /// (bands past the end of a shorter signature are skipped).
    pub fn new(bands: usize, rows: usize) -> Self {
        let bands = bands.max(1);
        Self {
            bands,
            rows: rows.max(1),
            tables: (0..bands).map(|_| HashMap::new()).collect(),
        }
    }

    fn band_keys<'s>(&self, sig: &'s Signature) -> impl Iterator<Item = (usize, u64)> + 's {
        let rows = self.rows;
        let usable = (sig.mins.len() / rows).min(self.bands);
        let empty = sig.is_empty();
        (0..usable).filter(move |_| !empty).map(move |band| {
            let mut h = band as u64;
            for &m in &sig.mins[band * rows..(band + 1) * rows] {
                h = mix64(h ^ m);
            }
            (band, h)
        })
    }

    /// Adds a signature under `id`. Empty signatures are not indexed.
    pub fn insert(&mut self, id: u64, sig: &Signature) {
        let keys: Vec<(usize, u64)> = self.band_keys(sig).collect();
        for (band, key) in keys {
            self.tables[band].entry(key).or_default().push(id);
        }
    }

    /// Ids sharing at least one band with `sig`, sorted and deduplicated.
    pub fn candidates(&self, sig: &Signature) -> Vec<u64> {
        let mut out = Vec::new();
        for (band, key) in self.band_keys(sig) {
            if let Some(ids) = self.tables[band].get(&key) {
                out.extend_from_slice(ids);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    pub fn len_bands(&self) -> usize {
        self.bands
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGINAL: &str = "Ukrainian President Volodymyr Zelenskyy has sent a delegation to \
        Istanbul for peace talks with Russia, marking the first direct negotiations between the \
        two nations since March 2022. However, reports say that expectations for a breakthrough \
        remain low. This is especially as U.S. officials suggest that meaningful progress is \
        unlikely without a meeting between Donald Trump and Vladimir Putin.";

    const EDITED: &str = "Ukrainian President Volodymyr Zelenskyy has sent a delegation to \
        Istanbul for peace talks with Russia, marking the first direct negotiations between the \
        two nations since March 2022. However, reports say that hopes for a breakthrough \
        remain low. This is especially as U.S. officials suggest that real progress is \
        unlikely without a meeting between Donald Trump and Vladimir Putin.";

    const OTHER: &str = "The Centers for Disease Control and Prevention said there were 19 \
        reported cases of measles in the United States in 2002, and health officials urged \
        parents to vaccinate their children before the start of the school year.";

    #[test]
    fn exact_duplicate_has_resemblance_one_and_ignores_layout() {
        let mh = MinHasher::new(128, 3);
        let a = mh.signature(ORIGINAL);
        let relaid = ORIGINAL.to_uppercase().replace(' ', "\n  ");
        assert_eq!(a.jaccard(&mh.signature(&relaid)), 1.0);
    }

    #[test]
    fn near_duplicate_scores_between_and_close_to_exact_jaccard() {
        let mh = MinHasher::new(256, 3);
        let est = mh.signature(ORIGINAL).jaccard(&mh.signature(EDITED));
        let (sa, sb) = (mh.shingle_set(ORIGINAL), mh.shingle_set(EDITED));
        let inter = sorted_intersection(&sa, &sb) as f32;
        let exact_j = inter / (sa.len() as f32 + sb.len() as f32 - inter);
        assert!(est > 0.5 && est < 1.0, "estimate {est}");
        assert!(
            (est - exact_j).abs() < 0.12,
            "estimate {est} vs exact {exact_j}"
        );
    }

    #[test]
    fn unrelated_texts_have_low_resemblance() {
        let mh = MinHasher::new(128, 3);
        let est = mh.signature(ORIGINAL).jaccard(&mh.signature(OTHER));
        assert!(est < 0.05, "estimate {est}");
    }

    #[test]
    fn empty_and_short_texts() {
        let mh = MinHasher::new(64, 5);
        let empty = mh.signature("  ,, ");
        assert!(empty.is_empty());
        assert_eq!(empty.jaccard(&empty), 0.0);
        let short = mh.signature("Peace talks");
        assert!(!short.is_empty());
        assert_eq!(short.jaccard(&mh.signature("peace TALKS!")), 1.0);
    }

    #[test]
    fn signatures_are_deterministic() {
        let a = MinHasher::new(32, 4).signature(ORIGINAL);
        let b = MinHasher::new(32, 4).signature(ORIGINAL);
        assert_eq!(a, b);
    }

    #[test]
    fn lsh_finds_near_duplicates_and_skips_unrelated() {
        let mh = MinHasher::new(128, 3);
        let mut index = LshIndex::new(32, 4);
        index.insert(1, &mh.signature(ORIGINAL));
        index.insert(2, &mh.signature(OTHER));
        index.insert(3, &mh.signature(""));
        assert_eq!(index.candidates(&mh.signature(EDITED)), vec![1]);
        assert_eq!(index.candidates(&mh.signature(OTHER)), vec![2]);
        assert!(index.candidates(&mh.signature("")).is_empty());
    }
}
