//! Per-article features for online clustering.
//!
//! In: an article's title and body. Out: [`ArticleFeatures`]: raw term
//! counts of three kinds (folded, stemmed content words; capitalised names
//! and two-word names; numbers), person keys (two capitalised words that
//! name a person: a known given name followed by a capitalised word, "Jonathan
//! Burks"; or any two capitalised words followed by an age, "Anaiya
//! Montgomery, 3," — the way news introduces the people of an event), and a
//! MinHash signature of word shingles (`corroborate_align::minhash`) for
//! near-duplicate detection.
//!
//! What counts: the title twice, the lede (first [`LEDE_WORDS`] words of the
//! body) three times, the rest of the body once; body lines that look like
//! page furniture (short lines without sentence punctuation: menus, link
//! lists, video playlists, widgets) are skipped, because they are shared by
//! unrelated pages of one site and say nothing about the event.
//!
//! Invariants: features depend only on the text (no corpus statistics: the
//! clusterer weights them with its document frequencies), so an article's
//! features are the same whichever worker computes them and in whatever
//! order articles arrive; term ids are stable 32-bit hashes whose top two
//! bits give the [`TermKind`].

use corroborate_align::minhash::{MinHasher, Signature};
use corroborate_core::text::{fold, words, Word, STOPWORDS};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

/// Number of MinHash permutations in a signature.
pub const NUM_PERM: usize = 64;
/// Words per shingle.
pub const SHINGLE_WORDS: usize = 4;
/// Body words that form the lede, counted with extra weight: news puts who,
/// where and what in the first paragraph.
pub const LEDE_WORDS: usize = 60;
const TITLE_WEIGHT: f32 = 2.0;
const LEDE_EXTRA: f32 = 2.0;

thread_local! {
    static HASHER: MinHasher = MinHasher::new(NUM_PERM, SHINGLE_WORDS);
    /// Answers of the gazetteer's first-name lookup (a scan of a long list),
    /// per folded word; cleared when it grows past [`FIRST_NAME_MEMO`].
    static FIRST_NAMES: RefCell<HashMap<String, bool>> = RefCell::new(HashMap::new());
}

const FIRST_NAME_MEMO: usize = 100_000;

/// `corroborate_core::text::is_stopword` through a hash set: the same list,
/// looked up once per word of every article, where a scan of the list was
/// a tenth of the clustering time.
pub(crate) fn is_stopword(folded: &str) -> bool {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| STOPWORDS.iter().copied().collect())
        .contains(folded)
}

fn is_first_name(folded: &str) -> bool {
    FIRST_NAMES.with(|memo| {
        let mut memo = memo.borrow_mut();
        if let Some(known) = memo.get(folded) {
            return *known;
        }
        if memo.len() >= FIRST_NAME_MEMO {
            memo.clear();
        }
        let answer = corroborate_extract::gazetteer::is_first_name(folded);
        memo.insert(folded.to_string(), answer);
        answer
    })
}

/// What a term id stands for (its top two bits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermKind {
    Word = 0,
    Name = 1,
    Number = 2,
    Person = 3,
}

impl TermKind {
    pub fn of(id: u32) -> TermKind {
        match id >> 30 {
            0 => TermKind::Word,
            1 => TermKind::Name,
            2 => TermKind::Number,
            _ => TermKind::Person,
        }
    }
}

fn term_id(kind: TermKind, key: &str) -> u32 {
    (stable_hash(key.as_bytes(), kind as u64) as u32 & 0x3FFF_FFFF) | ((kind as u32) << 30)
}

#[derive(Debug, Clone, PartialEq)]
pub struct ArticleFeatures {
    /// (term id, weighted count), sorted by term id (empty for an empty text).
    pub terms: Vec<(u32, f32)>,
    /// Person keys (term ids of kind [`TermKind::Person`]), sorted and deduplicated.
    pub persons: Vec<u32>,
    /// The person keys introduced with an age ("Jonathan Burks, 30,"): the
    /// victims, suspects and witnesses of an event rather than officials or
    /// reporters. A subset of `persons`, sorted.
    pub aged_persons: Vec<u32>,
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
///
/// Kept apart from alignment's Snowball stemmer on purpose: its output is
/// hashed into the term ids that a store keeps (story vectors, the
/// `term_df` table, the baseline's terms), so another stemmer would give an
/// existing store's stories other ids than its new articles. Changing it
/// means bumping the schema version and re-featurising stored articles.
pub(crate) fn stem(w: &str) -> &str {
    for suffix in ["ing", "ed", "es", "s"] {
        if w.len() > suffix.len() + 3 && w.ends_with(suffix) {
            return &w[..w.len() - suffix.len()];
        }
    }
    w
}

/// True for a body line that reads as prose rather than page furniture.
fn is_prose_line(line: &str) -> bool {
    let n = line.split_whitespace().count();
    n >= 8
        || (n >= 4
            && line
                .trim_end()
                .ends_with(['.', '!', '?', '"', '\u{201d}', '\'', '\u{2019}']))
}

/// The body without its furniture lines; the whole body when nothing is left.
fn prose(body: &str) -> String {
    let kept: Vec<&str> = body
        .lines()
        .map(str::trim)
        .filter(|l| is_prose_line(l))
        .collect();
    if kept.is_empty() {
        body.to_string()
    } else {
        kept.join("\n")
    }
}

/// The text a sentence encoder reads for an article: the title, then the
/// first `words` words of the body's prose (furniture lines out), where news
/// says who, where and what. A body that begins with its title (a headline
/// given as both) does not repeat it.
pub fn encoder_text(title: &str, body: &str, words: usize) -> String {
    let title = title.trim();
    let prose = prose(body);
    let mut body_words = prose.split_whitespace().peekable();
    let mut out = String::new();
    let title_words: Vec<&str> = title.split_whitespace().collect();
    let repeats = !title_words.is_empty()
        && prose
            .split_whitespace()
            .take(title_words.len())
            .eq(title_words.iter().copied());
    if !title.is_empty() && !repeats {
        out.push_str(title);
        if !title.ends_with(['.', '!', '?', ':']) && body_words.peek().is_some() {
            out.push('.');
        }
    }
    for w in body_words.take(words.max(title_words.len())) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Person keys found while counting.
#[derive(Default)]
struct People {
    named: Vec<u32>,
    aged: Vec<u32>,
}

/// Adds the terms of `words` (the words of `text`) with `boost`.
fn count(
    text: &str,
    words: &[Word<'_>],
    boost: f32,
    weights: &mut BTreeMap<u32, f32>,
    people: &mut People,
) {
    // The previous word when it was a capitalised content word: two in a
    // row make a two-word name ("Fort Worth", "Jonathan Burks").
    let mut previous: Option<(String, bool, bool)> = None;
    // The two-word name that ended at the previous word (key, byte end, and
    // whether its first word reads as a first name: capitalised, not all caps).
    let mut last_pair: Option<(String, usize, bool)> = None;
    for w in words {
        let pair_before = last_pair.take();
        let mut f = fold(w.text);
        if let Some(stripped) = f.strip_suffix("'s") {
            f.truncate(stripped.len());
        }
        if f.bytes().all(|b| b.is_ascii_digit()) {
            *weights.entry(term_id(TermKind::Number, &f)).or_insert(0.0) += boost;
            if let Some((pair, end, true)) = pair_before {
                // "Name Surname, 30": a person introduced with an age.
                if f.len() <= 3 && text.get(end..w.start).is_some_and(|g| g.trim() == ",") {
                    let id = term_id(TermKind::Person, &pair);
                    people.aged.push(id);
                    people.named.push(id);
                }
            }
            previous = None;
            continue;
        }
        if f.len() < 3 || is_stopword(&f) {
            previous = None;
            continue;
        }
        let capitalised = w.text.chars().next().is_some_and(char::is_uppercase);
        let stemmed = stem(&f);
        *weights
            .entry(term_id(TermKind::Word, stemmed))
            .or_insert(0.0) += boost;
        if !capitalised {
            previous = None;
            continue;
        }
        *weights
            .entry(term_id(TermKind::Name, stemmed))
            .or_insert(0.0) += boost;
        // All-capital words are datelines and acronyms, not surnames.
        let all_caps = !w.text.chars().any(char::is_lowercase);
        if let Some((prev, prev_given, prev_caps)) = &previous {
            let pair = format!("{prev} {stemmed}");
            *weights.entry(term_id(TermKind::Name, &pair)).or_insert(0.0) += boost;
            if *prev_given && !all_caps {
                people.named.push(term_id(TermKind::Person, &pair));
            }
            last_pair = Some((pair, w.end, !prev_caps && !all_caps));
        }
        let given = !all_caps && is_first_name(&f);
        previous = Some((stemmed.to_string(), given, all_caps));
    }
}

pub fn article_features(title: &str, body: &str) -> ArticleFeatures {
    let mut weights: BTreeMap<u32, f32> = BTreeMap::new();
    let mut people = People::default();
    let body_prose = prose(body);
    count(
        title,
        &words(title),
        TITLE_WEIGHT,
        &mut weights,
        &mut people,
    );
    // Tokenised once: the lede is the first words of the same list.
    let body_words = words(&body_prose);
    let lede = &body_words[..body_words.len().min(LEDE_WORDS)];
    count(&body_prose, lede, LEDE_EXTRA, &mut weights, &mut people);
    count(&body_prose, &body_words, 1.0, &mut weights, &mut people);
    for list in [&mut people.named, &mut people.aged] {
        list.sort_unstable();
        list.dedup();
    }
    ArticleFeatures {
        terms: weights.into_iter().collect(),
        persons: people.named,
        aged_persons: people.aged,
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
        let cos = |x: &ArticleFeatures, y: &ArticleFeatures| {
            let n = |v: &[(u32, f32)]| v.iter().map(|t| t.1 * t.1).sum::<f32>().sqrt();
            sparse_dot(&x.terms, &y.terms) / (n(&x.terms) * n(&y.terms))
        };
        assert!(cos(&a, &near) > 0.9);
        assert!(cos(&a, &other) < 0.2);
    }

    #[test]
    fn names_numbers_and_persons_are_collected() {
        let f = article_features(
            "Man gets 20 years in Easter death of Detroit girl",
            "Jonathan Burks, 30, of Detroit, will spend 20 to 42 years in prison. DETROIT Police said.",
        );
        let has = |id: u32| f.terms.iter().any(|(t, _)| *t == id);
        assert!(has(term_id(TermKind::Name, "detroit")));
        assert!(has(term_id(TermKind::Name, "jonathan burk")));
        assert!(has(term_id(TermKind::Number, "42")));
        assert!(has(term_id(TermKind::Word, "prison")));
        assert_eq!(f.persons, vec![term_id(TermKind::Person, "jonathan burk")]);
        assert_eq!(f.aged_persons, f.persons, "introduced with an age");
        assert_eq!(TermKind::of(f.persons[0]), TermKind::Person);
        let g = article_features(
            "",
            "Anaiya Montgomery, 3, died. Officer Ron Gaines said DETROIT Police, 30, and Wayne County 42 were there.",
        );
        assert_eq!(
            g.aged_persons,
            vec![term_id(TermKind::Person, "anaiya montgomery")]
        );
        assert!(g.persons.contains(&term_id(TermKind::Person, "ron gain")));
        // "Detroit Police" is a name but no person: "detroit" is no given name.
        assert!(has(term_id(TermKind::Name, "detroit police")));
    }

    #[test]
    fn encoder_text_is_title_and_lede_without_repeats() {
        let body = "Home | News | Sports\nA man was shot on Main Street on Friday night, police said. He was taken to hospital.";
        assert_eq!(
            encoder_text("Man shot on Main Street", body, 6),
            "Man shot on Main Street. A man was shot on Main"
        );
        // A headline given as title and body is read once.
        assert_eq!(
            encoder_text(
                "Stocks slip on news from Asia",
                "Stocks slip on news from Asia",
                60
            ),
            "Stocks slip on news from Asia"
        );
        assert_eq!(encoder_text("", "", 60), "");
    }

    #[test]
    fn furniture_lines_do_not_count() {
        let body = "Watch the video\nSign up for newsletters\nMore Stories\n\
                    A man was shot on Main Street in Springfield on Tuesday, police said.";
        let f = article_features("", body);
        assert!(!f
            .terms
            .iter()
            .any(|(t, _)| *t == term_id(TermKind::Word, "newsletter")));
        assert!(f
            .terms
            .iter()
            .any(|(t, _)| *t == term_id(TermKind::Word, "springfield")));
    }
}
