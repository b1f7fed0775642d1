//! Sentence segmentation with byte spans.
//!
//! In: any text (normally an article's cleaned text). Out: its sentences in
//! order, each with `start..end` byte offsets such that
//! `sentence.text == text[start..end]`, the text is trimmed (never starts or
//! ends with whitespace) and contains at least one letter or digit; spans
//! never overlap and fall on `char` boundaries.
//!
//! Rules, in the order they are applied:
//!
//! * a blank line, and any line break that is not a soft wrap (see
//!   [`is_soft_wrap`]), ends a sentence — so headings and one-sentence-per-line
//!   files split where the author split them;
//! * inside a line, a sentence ends after `.`, `!`, `?`, `…` (or `...`), plus
//!   any closing quotes or brackets glued to it (or separated by one space,
//!   as in `world. ”`), when the next word does not start with a lower-case
//!   letter;
//! * a full stop does *not* end a sentence after a title (`Mr.`, `Dr.`,
//!   `Gen.`), after `No.`/a month before a number (`No. 10`, `Jan. 5`), after
//!   `e.g.`/`i.e.`/`vs.`, nor after an initial, a dotted acronym or a company
//!   suffix (`W.`, `U.S.`, `Inc.`) unless the next word is a function word
//!   that typically starts a sentence (`in the U.S. The talks…`);
//! * a line wrapped right after a title or an initial (`…met Mr.` / `Smith`)
//!   is a soft wrap, not a sentence end;
//! * a full stop glued between a lower-case word and an upper-case letter
//!   (`talks.The`), as scraped text often has, ends a sentence; decimals
//!   (`3.5`) and domains (`x.com`) never do;
//! * a piece with no letter or digit (a lone dash) is merged into the
//!   sentence before it on the same line, or dropped;
//! * [`segment_bounded`] then splits a sentence longer than a limit at its
//!   last spaces before the limit (`prepare` uses
//!   [`crate::limits::MAX_SENTENCE_BYTES`]).
//!
//! Cost: linear in the text (the soft-wrap test looks back a bounded
//! distance, and every scan moves forward).

use corroborate_core::Sentence;

/// Titles written before a name: a full stop after them never ends a sentence.
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "mx", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "cpt", "cmdr", "adm",
    "maj", "gov", "sen", "rep", "rev", "hon", "pres", "st", "supt", "insp", "fr", "sr", "messrs",
    "mme", "mlle", "atty", "amb", "brig", "cdr", "cpl", "pvt", "rt", "mt",
];

/// Abbreviations that are followed by more of the same sentence.
const INNER_ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "vs", "cf", "viz", "approx", "ca", "fig", "al", "incl", "dept", "est", "nos",
    "pp", "vol", "ed", "eds", "ch", "sec", "art", "para",
];

/// Company suffixes: `Apple Inc. CEO` continues, `… Ltd. The` ends.
const COMPANY_SUFFIXES: &[&str] = &["inc", "corp", "ltd", "co", "plc", "llc", "bros"];

/// Abbreviations that only continue the sentence when a number follows.
const NUMBER_ABBREVIATIONS: &[&str] = &[
    "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "p",
    "nr", "op",
];

/// Words that, capitalised after an acronym or an initial, most likely start
/// a new sentence (`…in the U.S. The talks…`).
const SENTENCE_STARTERS: &[&str] = &[
    "the",
    "a",
    "an",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "but",
    "and",
    "in",
    "on",
    "at",
    "this",
    "that",
    "these",
    "those",
    "there",
    "his",
    "her",
    "their",
    "its",
    "our",
    "as",
    "after",
    "before",
    "when",
    "while",
    "if",
    "for",
    "so",
    "yet",
    "however",
    "meanwhile",
    "earlier",
    "later",
    "still",
    "then",
    "now",
    "some",
    "many",
    "most",
    "no",
    "not",
    "one",
    "two",
];

/// Characters that may close a sentence after its terminator.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '\u{201D}' | '\u{2019}' | '\u{00BB}' | '\u{203A}' | ')' | ']' | '}'
    )
}

/// Characters that end a sentence.
fn is_terminator(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '\u{2026}' | '\u{203C}' | '\u{2047}' | '\u{2048}' | '\u{2049}'
    )
}

/// True when `line` (trimmed) ends like a finished sentence: a terminator,
/// possibly followed by closing quotes or brackets.
pub fn ends_with_terminator(line: &str) -> bool {
    let trimmed = line.trim_end().trim_end_matches(is_closer).trim_end();
    trimmed.ends_with(is_terminator)
}

/// Function words a wrapped line may end with (a heading rarely does).
const WRAP_TAIL_WORDS: &[&str] = &[
    "the", "a", "an", "of", "to", "in", "on", "at", "by", "for", "with", "and", "or", "but",
    "from", "that", "as", "is", "was", "were", "are", "be", "has", "had", "have", "his", "her",
    "their", "its", "who", "which", "than", "into", "over", "after", "before", "about", "said",
];

/// True when a line break between `prev` and `next` is a hard wrap inside
/// one paragraph rather than the end of a line of its own (a heading, a
/// one-sentence line). Conservative: when in doubt the break is kept.
///
/// `prev` may be a long logical line already joined from many; only its
/// last [`WRAP_LOOKBACK`] bytes are searched for a sentence end, so that
/// joining `n` lines costs O(n), not O(n²).
pub fn is_soft_wrap(prev: &str, next: &str) -> bool {
    let prev = prev.trim();
    let next = next.trim_start();
    if prev.is_empty() || next.is_empty() {
        return false;
    }
    if ends_with_terminator(prev) {
        // `…met Mr.` / `…George W.` wrapped before the name.
        return prev.len() >= 40 && ends_with_name_abbreviation(prev);
    }
    let Some(first) = next.chars().next() else {
        return false;
    };
    if first.is_lowercase() && !next.starts_with("http") && !next.starts_with("www.") {
        return true;
    }
    if prev.ends_with([',', ';', '-', '\u{2013}', '\u{2014}', '(', '/', '&']) {
        return true;
    }
    let last_word = prev
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    if WRAP_TAIL_WORDS.contains(&last_word) {
        return true;
    }
    // A long line that already holds a sentence end is prose, not a heading.
    let mut from = prev.len().saturating_sub(WRAP_LOOKBACK);
    while !prev.is_char_boundary(from) {
        from += 1;
    }
    prev.len() >= 50 && prev[from..].contains(". ") && next.chars().nth(19).is_some()
}

/// How far back from the end of a joined line [`is_soft_wrap`] looks for
/// a sentence end.
pub const WRAP_LOOKBACK: usize = 1024;

/// True when `line` ends with a title (`Mr.`) or an initial (`W.`), which
/// a name must follow.
fn ends_with_name_abbreviation(line: &str) -> bool {
    let Some(body) = line.strip_suffix('.') else {
        return false;
    };
    let token = body.rsplit(char::is_whitespace).next().unwrap_or("");
    let lower = token.to_lowercase();
    TITLES.contains(&lower.as_str())
        || (token.chars().count() == 1 && token.chars().all(char::is_uppercase))
}

/// Splits `text` into sentences with byte spans (see the module docs).
pub fn segment(text: &str) -> Vec<Sentence> {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for (line_start, line_end) in logical_lines(text) {
        split_line(text, line_start, line_end, &mut spans);
    }
    spans
        .into_iter()
        .enumerate()
        .map(|(index, (start, end))| Sentence {
            index,
            text: text[start..end].to_string(),
            start,
            end,
        })
        .collect()
}

/// Like [`segment`], but a sentence longer than `max_bytes` is split into
/// pieces of at most `max_bytes` at its last spaces before the limit (at a
/// `char` boundary when a piece has no space); pieces without a letter or
/// digit are dropped. Returns the sentences, renumbered, and how many were
/// split. The span invariants of [`segment`] hold for every piece.
pub fn segment_bounded(text: &str, max_bytes: usize) -> (Vec<Sentence>, usize) {
    // A piece must be able to hold one character of any width.
    let max = max_bytes.max(8);
    let sentences = segment(text);
    if sentences.iter().all(|s| s.end - s.start <= max) {
        return (sentences, 0);
    }
    let mut spans: Vec<(usize, usize)> = Vec::with_capacity(sentences.len());
    let mut split = 0;
    for s in &sentences {
        if s.end - s.start <= max {
            spans.push((s.start, s.end));
            continue;
        }
        split += 1;
        let mut pos = s.start;
        while pos < s.end {
            let mut cut = (pos + max).min(s.end);
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            if cut < s.end {
                // Prefer the last space in the second half of the window.
                let mut half = pos + max / 2;
                while !text.is_char_boundary(half) {
                    half -= 1;
                }
                if let Some(space) = text[half..cut].rfind(char::is_whitespace) {
                    cut = half + space;
                }
            }
            let piece = &text[pos..cut];
            let lead = piece.len() - piece.trim_start().len();
            let trimmed = piece.trim();
            if trimmed.chars().any(char::is_alphanumeric) {
                spans.push((pos + lead, pos + lead + trimmed.len()));
            }
            pos = cut;
        }
    }
    let out = spans
        .into_iter()
        .enumerate()
        .map(|(index, (start, end))| Sentence {
            index,
            text: text[start..end].to_string(),
            start,
            end,
        })
        .collect();
    (out, split)
}

/// Byte ranges of the logical lines of `text`: physical lines joined across
/// soft wraps, blank lines dropped.
fn logical_lines(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    // (start, end, start of its first non-blank character): the soft-wrap
    // test gets the line from there, so it never re-trims a long indent.
    let mut current: Option<(usize, usize)> = None;
    let mut content_start = 0;
    let mut pos = 0;
    for raw in text.split_inclusive('\n') {
        let start = pos;
        pos += raw.len();
        let content = raw.trim_end_matches(['\n', '\r']);
        let end = start + content.len();
        if content.trim().is_empty() {
            if let Some(c) = current.take() {
                out.push(c);
            }
            continue;
        }
        current = match current {
            Some((s, e)) if is_soft_wrap(&text[content_start.max(s)..e], content) => Some((s, end)),
            Some(c) => {
                out.push(c);
                content_start = start + (content.len() - content.trim_start().len());
                Some((start, end))
            }
            None => {
                content_start = start + (content.len() - content.trim_start().len());
                Some((start, end))
            }
        };
    }
    if let Some(c) = current {
        out.push(c);
    }
    out
}

/// Splits one logical line `text[start..end]` into trimmed sentence spans.
fn split_line(text: &str, start: usize, end: usize, spans: &mut Vec<(usize, usize)>) {
    let line = &text[start..end];
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut sentence_start = 0usize;
    let mut line_spans: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (_, c) = chars[i];
        if !is_terminator(c) {
            i += 1;
            continue;
        }
        // Run of terminators ("?!", "...").
        let term_first = i;
        let mut j = i;
        while j < chars.len() && is_terminator(chars[j].1) {
            j += 1;
        }
        let term_last = j - 1;
        // Closers glued to the terminator.
        while j < chars.len() && is_closer(chars[j].1) {
            j += 1;
        }
        let mut boundary = if j < chars.len() {
            chars[j].0
        } else {
            line.len()
        };
        // Whitespace, then perhaps a lone closing quote (`world. ”`).
        let mut k = j;
        while k < chars.len() && chars[k].1.is_whitespace() {
            k += 1;
        }
        if k > j && k < chars.len() && matches!(chars[k].1, '\u{201D}' | '\u{00BB}' | '"') {
            let after = k + 1;
            if after >= chars.len() || chars[after].1.is_whitespace() {
                j = after;
                boundary = if after < chars.len() {
                    chars[after].0
                } else {
                    line.len()
                };
                k = after;
                while k < chars.len() && chars[k].1.is_whitespace() {
                    k += 1;
                }
            }
        }
        let glued = k == j; // no whitespace after the terminator (and closers)
        if k >= chars.len() {
            break; // end of line: the line end closes the sentence anyway
        }
        let next = chars[k].1;
        let ends = if glued {
            glued_full_stop_ends(&chars, term_first, term_last, j)
        } else {
            spaced_terminator_ends(line, &chars, term_first, term_last, k, next)
        };
        if ends {
            line_spans.push((sentence_start, boundary));
            sentence_start = boundary;
        }
        i = k.max(term_last + 1);
    }
    line_spans.push((sentence_start, line.len()));

    let first_of_line = spans.len();
    for (s, e) in line_spans {
        let piece = &line[s..e];
        let lead = piece.len() - piece.trim_start().len();
        let trimmed = piece.trim();
        if trimmed.is_empty() {
            continue;
        }
        let abs_start = start + s + lead;
        let abs_end = abs_start + trimmed.len();
        if !trimmed.chars().any(char::is_alphanumeric) {
            // Punctuation-only piece: glue it to the previous sentence of the line.
            if spans.len() > first_of_line {
                if let Some(last) = spans.last_mut() {
                    last.1 = abs_end;
                }
            }
            continue;
        }
        spans.push((abs_start, abs_end));
    }
}

/// A terminator glued to the next character ends a sentence only in the
/// scraped-text pattern `word.Next`: a single full stop (or `!`/`?`) after a
/// lower-case word of two or more letters, before an upper-case letter.
fn glued_full_stop_ends(chars: &[(usize, char)], first: usize, last: usize, next: usize) -> bool {
    if next >= chars.len() || first != last || next != last + 1 {
        return false;
    }
    let Some(&(_, after)) = chars.get(next) else {
        return false;
    };
    if !after.is_uppercase() {
        return false;
    }
    let mut letters = 0;
    let mut p = first;
    while p > 0 {
        let c = chars[p - 1].1;
        if !c.is_alphabetic() {
            break;
        }
        if !c.is_lowercase() {
            return false;
        }
        letters += 1;
        p -= 1;
    }
    // The word must be at the start of the text or follow a space, and the
    // text after must be a word (not `example.Com/path`).
    let word_starts_clean = p == 0 || chars[p - 1].1.is_whitespace() || is_closer(chars[p - 1].1);
    let following_is_word = chars[next..]
        .iter()
        .skip(1)
        .take_while(|(_, c)| !c.is_whitespace())
        .all(|(_, c)| c.is_alphabetic() || matches!(c, ',' | '\'' | '\u{2019}'));
    letters >= 2 && word_starts_clean && following_is_word
}

/// Decides a terminator (run `first..=last`) followed by whitespace and then
/// `next` at `chars[next_pos]`.
fn spaced_terminator_ends(
    line: &str,
    chars: &[(usize, char)],
    first: usize,
    last: usize,
    next_pos: usize,
    next: char,
) -> bool {
    if next.is_lowercase() {
        return false;
    }
    // Only a single full stop can be an abbreviation's.
    if first != last || chars[first].1 != '.' {
        return true;
    }
    let token = token_before(line, chars, first);
    let lower = token.to_lowercase();
    let bare = lower.trim_start_matches(|c: char| !c.is_alphanumeric());
    if TITLES.contains(&bare) {
        return false;
    }
    if INNER_ABBREVIATIONS.contains(&bare) {
        return false;
    }
    if NUMBER_ABBREVIATIONS.contains(&bare) && next.is_ascii_digit() {
        return false;
    }
    let next_word = word_at(line, chars, next_pos);
    if is_initial_or_acronym(bare, token) || COMPANY_SUFFIXES.contains(&bare) {
        // `George W. Bush`, `U.S. President` continue; `the U.S. The` ends.
        return SENTENCE_STARTERS.contains(&next_word.to_lowercase().as_str());
    }
    true
}

/// The non-space token that ends just before `chars[pos]` (the full stop).
fn token_before<'a>(line: &'a str, chars: &[(usize, char)], pos: usize) -> &'a str {
    let end = chars[pos].0;
    let mut p = pos;
    while p > 0
        && !chars[p - 1].1.is_whitespace()
        && !matches!(chars[p - 1].1, '(' | '"' | '\u{201C}' | '\u{2018}')
    {
        p -= 1;
    }
    &line[chars.get(p).map_or(end, |c| c.0)..end]
}

/// The run of letters starting at `chars[pos]`.
fn word_at<'a>(line: &'a str, chars: &[(usize, char)], pos: usize) -> &'a str {
    let start = chars[pos].0;
    let mut p = pos;
    while p < chars.len() && chars[p].1.is_alphabetic() {
        p += 1;
    }
    let end = chars.get(p).map_or(line.len(), |c| c.0);
    &line[start..end]
}

/// `W` (an initial) or `U.S`/`U.K`/`a.m` (a dotted acronym, the final full
/// stop excluded).
fn is_initial_or_acronym(bare_lower: &str, token: &str) -> bool {
    let letters: Vec<char> = token.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() == 1 && token.chars().count() == 1 && letters[0].is_uppercase() {
        return true;
    }
    let parts: Vec<&str> = bare_lower.split('.').collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<String> {
        let s = segment(t);
        for x in &s {
            assert_eq!(&t[x.start..x.end], x.text);
        }
        s.into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn splits_simple_sentences() {
        assert_eq!(
            texts("One here. Two there! Three? Four"),
            ["One here.", "Two there!", "Three?", "Four"]
        );
    }

    #[test]
    fn keeps_titles_and_acronyms() {
        assert_eq!(
            texts("Mr. Smith met Dr. Jones in the U.S. capital on Jan. 5 at No. 10 Downing St. with Gen. Milley. Then they left."),
            [
                "Mr. Smith met Dr. Jones in the U.S. capital on Jan. 5 at No. 10 Downing St. with Gen. Milley.",
                "Then they left."
            ]
        );
    }

    #[test]
    fn acronym_before_sentence_starter_ends() {
        assert_eq!(
            texts("He flew to the U.S. The talks failed."),
            ["He flew to the U.S.", "The talks failed."]
        );
        assert_eq!(
            texts("Former President George W. Bush spoke."),
            ["Former President George W. Bush spoke."]
        );
    }

    #[test]
    fn closing_quote_belongs_to_sentence() {
        assert_eq!(
            texts("“Nothing will happen,” he said. “We are ready.” Talks begin Friday."),
            [
                "“Nothing will happen,” he said.",
                "“We are ready.”",
                "Talks begin Friday."
            ]
        );
        assert_eq!(
            texts("He added: \"We can't look for Putin around the world. ” Then silence."),
            [
                "He added: \"We can't look for Putin around the world. ”",
                "Then silence."
            ]
        );
    }

    #[test]
    fn decimals_ellipses_and_lowercase_continuations() {
        assert_eq!(
            texts("Growth was 3.5 percent... Analysts said. Is it over? he asked."),
            [
                "Growth was 3.5 percent...",
                "Analysts said.",
                "Is it over? he asked."
            ]
        );
        assert_eq!(
            texts("e.g. this and i.e. that. Fine."),
            ["e.g. this and i.e. that.", "Fine."]
        );
    }

    #[test]
    fn lines_and_wraps() {
        assert_eq!(
            texts("Heading Without Stop\nFirst line of a wrapped\nparagraph ends here.\n\nNext."),
            [
                "Heading Without Stop",
                "First line of a wrapped\nparagraph ends here.",
                "Next."
            ]
        );
    }

    #[test]
    fn wrap_after_title_is_joined() {
        assert_eq!(
            texts(
                "The delegation was received on Thursday by Mr.\nErdogan in Ankara. Then it left."
            ),
            [
                "The delegation was received on Thursday by Mr.\nErdogan in Ankara.",
                "Then it left."
            ]
        );
    }

    #[test]
    fn glued_stop() {
        assert_eq!(
            texts("talks ended.The next day"),
            ["talks ended.", "The next day"]
        );
        assert_eq!(
            texts("visit example.com today"),
            ["visit example.com today"]
        );
    }
}
