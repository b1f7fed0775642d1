//! A minimal text → [`Article`] builder for tests, evaluation and callers
//! that have plain text but not the ingest stage.
//!
//! In: a text, an id and an optional publication date. Out: an
//! [`Article`] whose sentences are split at paragraph breaks and at `.`,
//! `?`, `!` (optionally followed by a closing quote) before a space and a
//! capital letter, digit or opening quote. It is deliberately simple; the
//! real cleaning and segmentation live in the ingest crate.
//!
//! Invariant: every sentence satisfies `text == article.text[start..end]`.

use corroborate_core::{Article, Format, Sentence};

/// Builds an article from plain text with a naive sentence splitter.
pub fn plain_article(id: &str, text: &str, published: Option<&str>) -> Article {
    let mut sentences = Vec::new();
    let push = |start: usize, end: usize, sentences: &mut Vec<Sentence>| {
        let raw = &text[start..end];
        let lead = raw.len() - raw.trim_start().len();
        let trimmed = raw.trim();
        if !trimmed.is_empty() {
            let s = start + lead;
            sentences.push(Sentence {
                index: sentences.len(),
                text: trimmed.to_string(),
                start: s,
                end: s + trimmed.len(),
            });
        }
    };
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if c == '\n' {
            push(start, pos, &mut sentences);
            start = pos + 1;
            i += 1;
            continue;
        }
        if matches!(c, '.' | '?' | '!') {
            let mut k = i + 1;
            while k < chars.len() && matches!(chars[k].1, '"' | '\u{201d}' | '\u{2019}' | '\'') {
                k += 1;
            }
            let followed_by_break = k + 1 < chars.len()
                && chars[k].1 == ' '
                && (chars[k + 1].1.is_uppercase()
                    || chars[k + 1].1.is_ascii_digit()
                    || matches!(chars[k + 1].1, '"' | '\u{201c}' | '\u{2018}'));
            let abbreviation = {
                let before: String = text[start..pos]
                    .chars()
                    .rev()
                    .take_while(|c| c.is_alphabetic())
                    .collect();
                matches!(
                    before.as_str(),
                    "rM" | "srM" | "sM" | "rD" | "tS" | "S.U" | "S" | "K" | "U"
                ) || (before.len() == 1 && before.chars().all(|c| c.is_uppercase()))
            };
            if followed_by_break && !abbreviation {
                let end = if k < chars.len() {
                    chars[k].0
                } else {
                    text.len()
                };
                push(start, end, &mut sentences);
                start = end;
                i = k;
                continue;
            }
        }
        i += 1;
    }
    push(start, text.len(), &mut sentences);
    Article {
        id: id.to_string(),
        path: id.to_string(),
        format: Format::Text,
        title: None,
        url: None,
        outlet: None,
        published: published.map(str::to_string),
        author: None,
        language: None,
        dateline_place: None,
        text: text.to_string(),
        removed: Vec::new(),
        sentences,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_sentences_with_spans() {
        let t = "Mr Smith arrived. \"It is fine,\" he said. The U.S. agreed.\nNew line here";
        let a = plain_article("x", t, None);
        let texts: Vec<&str> = a.sentences.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Mr Smith arrived.",
                "\"It is fine,\" he said.",
                "The U.S. agreed.",
                "New line here"
            ]
        );
        for s in &a.sentences {
            assert_eq!(&a.text[s.start..s.end], s.text);
        }
    }
}
