//! Text helpers shared by every stage, so that all stages see the same words.
//!
//! In: text or single folded words. Out: Unicode words with byte spans
//! ([`words`]), folded forms ([`fold`]), the one table each of English
//! month names ([`MONTHS`], [`month_number`]), weekday names
//! ([`WEEKDAYS`], [`weekday_number`]), number words ([`NUMBER_WORDS`],
//! [`TENS_WORDS`], [`number_word`]) and function words ([`STOPWORDS`]),
//! and the one edit distance ([`edit_distance`]); in [`places`], the one
//! table of countries (adjectives, and the names standing for a country as
//! a party). A stage that needs one of these uses it from here rather than
//! keeping its own copy.
//!
//! Invariants: pure, deterministic functions of their input; the tables
//! are folded (lower case, no diacritics) and in calendar or numeric order.

pub mod places;

use unicode_segmentation::UnicodeSegmentation;

/// A word of a text with its byte span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
}

/// Unicode words (UAX #29) of `text` with their byte offsets; punctuation
/// and spaces are skipped, numbers are kept ("30-day" gives "30", "day").
pub fn words(text: &str) -> Vec<Word<'_>> {
    text.unicode_word_indices()
        .map(|(start, w)| Word {
            text: w,
            start,
            end: start + w.len(),
        })
        .collect()
}

/// Lower-cases and strips diacritics ("Erdoğan" → "erdogan", "Türkiye" →
/// "turkiye"); straight and curly apostrophes become `'`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{2019}' | '\u{2018}' | '`' => out.push('\''),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.push_str(&deunicode::deunicode_char(c).unwrap_or("").to_lowercase()),
        }
    }
    out
}

/// English month names, folded, January first.
pub const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// English weekday names, folded, Monday first.
pub const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Weekday number (1 = Monday … 7 = Sunday) of a folded English weekday
/// name; `None` for anything else.
pub fn weekday_number(folded: &str) -> Option<u32> {
    WEEKDAYS
        .iter()
        .position(|d| *d == folded)
        .map(|i| i as u32 + 1)
}

/// English number words below twenty, folded, "zero" first (index = value).
pub const NUMBER_WORDS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];

/// English words of the tens, folded, "twenty" first.
pub const TENS_WORDS: [&str; 8] = [
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// Value of a folded English number word of one word: "zero" … "nineteen"
/// and the tens ("twenty" … "ninety"); `None` for anything else
/// (compounds such as "twenty-one" are two words to the callers).
pub fn number_word(folded: &str) -> Option<u32> {
    if let Some(i) = NUMBER_WORDS.iter().position(|w| *w == folded) {
        return Some(i as u32);
    }
    TENS_WORDS
        .iter()
        .position(|w| *w == folded)
        .map(|i| (i as u32 + 2) * 10)
}

/// Month number (1-12) of an English month name or common abbreviation
/// ("March", "mar", "Sept.", "sep"), any case; `None` for anything else.
pub fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w == "sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() == 3 && m.starts_with(w.as_str())))
        .map(|i| i as u32 + 1)
}

/// Levenshtein distance of two strings, counted in `char`s. Without
/// allocation when both are ASCII and the second is at most 32 bytes (the
/// aligner calls it on every candidate pair of name keys).
pub fn edit_distance(a: &str, b: &str) -> usize {
    if a.is_ascii() && b.is_ascii() {
        levenshtein(a.as_bytes(), b.as_bytes())
    } else {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        levenshtein(&a, &b)
    }
}

fn levenshtein<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    const STACK: usize = 32;
    let mut stack = [0usize; 2 * (STACK + 1)];
    let mut heap = Vec::new();
    let rows: &mut [usize] = if b.len() <= STACK {
        &mut stack[..2 * (b.len() + 1)]
    } else {
        heap.resize(2 * (b.len() + 1), 0);
        &mut heap
    };
    let (mut prev, mut cur) = rows.split_at_mut(b.len() + 1);
    for (j, p) in prev.iter_mut().enumerate() {
        *p = j;
    }
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = prev[j] + usize::from(ca != cb);
            cur[j + 1] = substitution.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// English function words that carry no content for matching.
pub const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "even",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "me",
    "more",
    "most",
    "my",
    "myself",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "same",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "said",
    "says",
    "say",
    "told",
    "s",
    "t",
    "would",
    "may",
    "might",
    "must",
    "shall",
    "since",
    "still",
    "yet",
    "however",
    "although",
    "though",
    "whether",
    "either",
    "neither",
    "per",
    "via",
    "upon",
    "within",
    "without",
    "among",
    "amid",
    "across",
];

/// True when the folded word is a stop word.
pub fn is_stopword(folded: &str) -> bool {
    STOPWORDS.contains(&folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_strips_diacritics_and_case() {
        assert_eq!(fold("Erdoğan"), "erdogan");
        assert_eq!(fold("Türkiye"), "turkiye");
        assert_eq!(fold("Dolmabahçe"), "dolmabahce");
        assert_eq!(fold("Russia’s"), "russia's");
    }

    #[test]
    fn words_keep_spans() {
        let t = "Mr Zelenskyy, on Thursday: a 30-day truce.";
        for w in words(t) {
            assert_eq!(&t[w.start..w.end], w.text);
        }
        let ws: Vec<_> = words(t).iter().map(|w| w.text).collect();
        assert_eq!(
            ws,
            [
                "Mr",
                "Zelenskyy",
                "on",
                "Thursday",
                "a",
                "30",
                "day",
                "truce"
            ]
        );
    }

    #[test]
    fn month_numbers() {
        assert_eq!(month_number("March"), Some(3));
        assert_eq!(month_number("mar"), Some(3));
        assert_eq!(month_number("Sept."), Some(9));
        assert_eq!(month_number("may"), Some(5));
        assert_eq!(month_number("mayor"), None);
        assert_eq!(month_number("ma"), None);
    }

    #[test]
    fn edit_distance_counts_chars() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("Zelensky", "Zelenskyy"), 1);
        // One edit per char, not per byte.
        assert_eq!(edit_distance("Erdoğan", "Erdogan"), 1);
        assert_eq!(edit_distance("Dolmabahçe", "Dormabach"), 4);
        // Past the no-allocation buffer.
        let long_a = "a".repeat(100);
        let long_b = format!("{}b", "a".repeat(99));
        assert_eq!(edit_distance(&long_a, &long_b), 1);
        assert_eq!(edit_distance(&long_a, ""), 100);
    }

    #[test]
    fn weekday_and_number_words() {
        assert_eq!(weekday_number("monday"), Some(1));
        assert_eq!(weekday_number("sunday"), Some(7));
        assert_eq!(weekday_number("mon"), None);
        assert_eq!(number_word("zero"), Some(0));
        assert_eq!(number_word("nineteen"), Some(19));
        assert_eq!(number_word("twenty"), Some(20));
        assert_eq!(number_word("ninety"), Some(90));
        assert_eq!(number_word("hundred"), None);
        assert_eq!(number_word("twenty-one"), None);
    }

    #[test]
    fn stopwords() {
        assert!(is_stopword("the"));
        assert!(!is_stopword("ceasefire"));
    }
}
