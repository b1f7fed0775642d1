//! Garbled-language score of each article (0 clean .. 1 word salad).
//!
//! In: the story's articles. Out: one score per article, in article order.
//!
//! Machine back-translations and spun copies read as word salad: a
//! determiner followed by a word that can never follow one ("the of"),
//! the same content word twice within a few words ("for hours and waited
//! for hours"), unbalanced quotation marks, and odd collocations: a
//! modifier no other source uses, glued to a word every source uses
//! ("tasteless negotiations"), never seen together elsewhere. Each signal
//! is counted per 100 words; the other articles of the story are the
//! reference for what is ordinary, so no phrase list is needed.
//!
//! Invariants: scores lie in [0, 1]; an article's score depends on the
//! other articles only through word, bigram and name-spelling counts
//! (order-free), counted per independent source group when the groups are
//! given ([`garble_scores_grouped`]): a copy does not make its original's
//! odd collocations or lone spellings ordinary, nor its own.

use crate::lexicon::{tokens, Tok};
use corroborate_core::Article;
use std::collections::{BTreeMap, BTreeSet};

/// The signals counted for one article (per 100 words), for inspection.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct GarbleSignals {
    pub determiner_breaks: f32,
    pub near_repeats: f32,
    pub broken_quotes: f32,
    pub odd_collocations: f32,
    /// Names spelled in a way no other article uses, close to a spelling
    /// others do use ("Medesky" for "Medinsky"): mistranslation mangles
    /// names.
    pub lone_name_spellings: f32,
}

impl GarbleSignals {
    /// Weighted sum of the signals.
    pub fn raw(&self) -> f32 {
        1.0 * self.determiner_breaks
            + 0.6 * self.near_repeats
            + 0.2 * self.broken_quotes
            + 0.5 * self.odd_collocations
            + 1.5 * self.lone_name_spellings
    }
}

const DETERMINERS: &[&str] = &[
    "the", "a", "an", "its", "their", "his", "her", "our", "these", "those",
];

/// Words that never follow a determiner in well-formed English.
const NEVER_AFTER_DETERMINER: &[&str] = &[
    "of", "in", "to", "on", "with", "by", "from", "at", "is", "are", "was", "were", "and", "or",
    "but", "the", "a", "an", "he", "she", "they", "we", "i", "it", "that", "which", "who", "will",
    "would", "can", "could", "has", "have", "had", "not", "did", "does",
];

/// Garble score of every article with the default ordinary level.
pub fn garble_scores(articles: &[Article]) -> Vec<f32> {
    garble_scores_with(articles, ORDINARY_RAW)
}

/// Garble score of every article: the excess of its raw signal level over
/// `ordinary` (the level of fluent news text), squashed into [0, 1). The
/// level is fixed, not the story's median, so an article's score moves
/// with the folder only through the two signals that read other articles
/// (odd collocations, lone name spellings).
pub fn garble_scores_with(articles: &[Article], ordinary: f32) -> Vec<f32> {
    let groups: Vec<usize> = (0..articles.len()).collect();
    garble_scores_grouped(articles, ordinary, &groups)
}

/// [`garble_scores_with`], usage counted per source group (`groups[i]`:
/// the group of article `i`) rather than per article.
pub fn garble_scores_grouped(articles: &[Article], ordinary: f32, groups: &[usize]) -> Vec<f32> {
    let sig = signals_grouped(articles, groups);
    sig.iter()
        .map(GarbleSignals::raw)
        .map(|r| 1.0 - (-(r - ordinary).max(0.0) / 1.0).exp())
        .collect()
}

/// Raw signal level of fluent news text.
const ORDINARY_RAW: f32 = 0.3;

/// Garble signals of every article.
pub fn signals(articles: &[Article]) -> Vec<GarbleSignals> {
    let groups: Vec<usize> = (0..articles.len()).collect();
    signals_grouped(articles, &groups)
}

/// Garble signals of every article, other articles' usage counted once per
/// source group (`groups[i]`: the group of article `i`; a missing entry is
/// a group of its own).
pub fn signals_grouped(articles: &[Article], groups: &[usize]) -> Vec<GarbleSignals> {
    let group = |i: usize| groups.get(i).copied().unwrap_or(usize::MAX - i);
    let toks: Vec<Vec<Vec<Tok>>> = articles
        .iter()
        .map(|a| a.sentences.iter().map(|s| tokens(&s.text)).collect())
        .collect();
    // Per article: content words and content bigrams used.
    let vocab: Vec<BTreeSet<&str>> = toks
        .iter()
        .map(|sents| {
            sents
                .iter()
                .flatten()
                .filter(|t| !t.function)
                .map(|t| t.stem.as_str())
                .collect()
        })
        .collect();
    let bigrams: Vec<BTreeSet<(&str, &str)>> = toks
        .iter()
        .map(|sents| {
            sents
                .iter()
                .flat_map(|s| {
                    s.windows(2)
                        .map(|w| (w[0].stem.as_str(), w[1].stem.as_str()))
                })
                .collect()
        })
        .collect();
    // "Articles" using a word or bigram: independent source groups.
    let mut word_articles: BTreeMap<&str, usize> = BTreeMap::new();
    let mut seen_words: BTreeSet<(usize, &str)> = BTreeSet::new();
    for (i, v) in vocab.iter().enumerate() {
        for w in v {
            if seen_words.insert((group(i), w)) {
                *word_articles.entry(w).or_insert(0) += 1;
            }
        }
    }
    let mut bigram_articles: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    let mut seen_pairs: BTreeSet<(usize, (&str, &str))> = BTreeSet::new();
    for (i, b) in bigrams.iter().enumerate() {
        for &pair in b {
            if seen_pairs.insert((group(i), pair)) {
                *bigram_articles.entry(pair).or_insert(0) += 1;
            }
        }
    }
    let n_articles = articles.len();
    let n = (0..n_articles).map(group).collect::<BTreeSet<_>>().len();
    let lone = if n >= 2 {
        let article_groups: Vec<usize> = (0..n_articles).map(group).collect();
        lone_name_spellings(&toks, &article_groups)
    } else {
        vec![0; n_articles]
    };
    (0..n_articles)
        .map(|ai| {
            let words: usize = toks[ai].iter().map(Vec::len).sum();
            if words == 0 {
                return GarbleSignals::default();
            }
            let per100 = |c: usize| c as f32 * 100.0 / words as f32;
            let mut det = 0;
            let mut repeats = 0;
            let mut odd = 0;
            for s in &toks[ai] {
                det += s
                    .windows(2)
                    .filter(|w| {
                        DETERMINERS.contains(&w[0].folded.as_str())
                            && NEVER_AFTER_DETERMINER.contains(&w[1].folded.as_str())
                    })
                    .count();
                repeats += near_repeats(s);
                if n >= 3 {
                    odd += odd_collocations(s, &word_articles, &bigram_articles, n);
                }
            }
            let broken_quotes = articles[ai]
                .sentences
                .iter()
                .filter(|s| {
                    let straight = s.text.matches('"').count();
                    let open = s.text.matches('\u{201c}').count();
                    let close = s.text.matches('\u{201d}').count();
                    straight % 2 == 1 || (open + close > 0 && open != close && straight == 0)
                })
                .count();
            let lone_names = lone[ai];
            GarbleSignals {
                lone_name_spellings: per100(lone_names),
                determiner_breaks: per100(det),
                near_repeats: per100(repeats),
                broken_quotes: per100(broken_quotes),
                odd_collocations: per100(odd),
            }
        })
        .collect()
}

/// Content words repeated within four words ("for hours and waited for
/// hours"), except idioms like "step by step" (one function word between).
fn near_repeats(s: &[Tok]) -> usize {
    let mut count = 0;
    for i in 0..s.len() {
        if s[i].function || s[i].capitalised || s[i].stem.len() < 3 {
            continue;
        }
        for j in i + 1..(i + 5).min(s.len()) {
            if s[j].stem == s[i].stem {
                let idiom = j == i + 2 && s[i + 1].function;
                if !idiom {
                    count += 1;
                }
                break;
            }
        }
    }
    count
}

/// Adjacent content words where the first is used by no other article,
/// the second by most, and the pair by no other.
fn odd_collocations(
    s: &[Tok],
    word_articles: &BTreeMap<&str, usize>,
    bigram_articles: &BTreeMap<(&str, &str), usize>,
    n: usize,
) -> usize {
    // Counts include the sentence's own article, so "used elsewhere" is a
    // count of at least two.
    s.windows(2)
        .filter(|w| {
            let (x, y) = (&w[0], &w[1]);
            if x.function || y.function || x.capitalised || y.capitalised {
                return false;
            }
            if x.folded.chars().any(|c| c.is_ascii_digit()) {
                return false;
            }
            let x_elsewhere = word_articles.get(x.stem.as_str()).copied().unwrap_or(0) >= 2;
            let y_spread = word_articles.get(y.stem.as_str()).copied().unwrap_or(0);
            let pair = (x.stem.as_str(), y.stem.as_str());
            let pair_elsewhere = bigram_articles.get(&pair).copied().unwrap_or(0) >= 2;
            !x_elsewhere && !pair_elsewhere && y_spread * 2 > n
        })
        .count()
}

/// Capitalised words (not sentence-initial) of each article spelled in a
/// way no other article uses but close to a spelling another article does
/// use. One pass over the story: each spelling's set of articles is built
/// once, so the cost is linear in the story plus (lone spellings ×
/// spellings).
fn lone_name_spellings(toks: &[Vec<Vec<Tok>>], groups: &[usize]) -> Vec<usize> {
    let names: Vec<BTreeSet<&str>> = toks
        .iter()
        .map(|sents| {
            sents
                .iter()
                .flat_map(|s| s.iter().skip(1))
                .filter(|t| t.capitalised && !t.function && t.folded.len() >= 4)
                .map(|t| t.folded.as_str())
                .collect()
        })
        .collect();
    // Spelling → (number of source groups using it, the first of them).
    let mut users: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut seen: BTreeSet<(usize, &str)> = BTreeSet::new();
    for (a, own) in names.iter().enumerate() {
        for &w in own {
            if seen.insert((groups[a], w)) {
                users.entry(w).or_insert((0, groups[a])).0 += 1;
            }
        }
    }
    names
        .iter()
        .enumerate()
        .map(|(ai, own)| {
            // A spelling another group uses: used by two groups or more, or
            // by one other group.
            let used_by_other = |w: &str| {
                users
                    .get(w)
                    .is_some_and(|&(count, first)| count > 1 || first != groups[ai])
            };
            own.iter()
                .filter(|w| !used_by_other(w))
                .filter(|w| {
                    users.keys().any(|o| {
                        used_by_other(o)
                            && crate::compare::similar_spelling(w, o)
                            && !o.starts_with(*w)
                            && !w.starts_with(o)
                    })
                })
                .count()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use corroborate_core::Sentence;

    fn article(sentences: &[&str]) -> Article {
        let text = sentences.join(" ");
        let mut at = 0;
        let sentences = sentences
            .iter()
            .enumerate()
            .map(|(index, s)| {
                let start = text[at..].find(s).map_or(at, |k| at + k);
                at = start + s.len();
                Sentence {
                    index,
                    text: s.to_string(),
                    start,
                    end: at,
                }
            })
            .collect();
        Article::plain("", text, sentences)
    }

    #[test]
    fn a_copy_does_not_make_its_originals_lone_spelling_ordinary() {
        // (Sentences of the example story; "Medesky" is the garbled
        // back-translation's spelling of "Medinsky".)
        let garbled = article(&[
            "The Russian delegation is led by presidential aide Vladimir Medesky.",
            "Medesky said the delegation was ready for serious work.",
        ]);
        let other = article(&[
            "The Russian delegation is headed by Kremlin aide Vladimir Medinsky.",
            "Medinsky said Moscow was ready for serious talks.",
        ]);
        let third = article(&[
            "Vladimir Medinsky, an aide to Putin, leads the Russian team.",
            "Ukraine sent its defence minister to Istanbul.",
        ]);
        let alone = signals(&[garbled.clone(), other.clone(), third.clone()]);
        assert!(alone[0].lone_name_spellings > 0.0);
        let with_copy = [garbled.clone(), other, third, garbled];
        // Counted per article the copy vouches for the spelling ...
        assert_eq!(signals(&with_copy)[0].lone_name_spellings, 0.0);
        // ... counted per source group it does not.
        let grouped = signals_grouped(&with_copy, &[0, 1, 2, 0]);
        assert_eq!(grouped[0], alone[0]);
        assert_eq!(grouped[3], alone[0]);
    }
}
