//! Programmatic distortions for evaluating the verify stage.
//!
//! In: an article's text. Out: a distorted copy with up to four injected
//! changes, each in a different sentence-like line: an antonym swap, an
//! inserted negation, a changed number and a changed person name, plus the
//! list of [`Injection`]s (what was changed, and the distorted line) so an
//! evaluation can check which ones the findings catch. Also a naive
//! [`plain_article`] builder for running the stage without ingest.
//!
//! Invariant: deterministic (the first applicable place is used); the
//! rest of the text is left byte for byte as it was.

use corroborate_core::{content_id, Article, Format, Sentence};

/// One injected change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Injection {
    /// `antonym`, `negation`, `number` or `name`.
    pub kind: &'static str,
    /// The words replaced and their replacement, for the report.
    pub before: String,
    pub after: String,
    /// Byte offset of the change in the distorted text.
    pub offset: usize,
}

/// Word swaps used to inject antonyms (each also fine read backwards).
const ANTONYM_SWAPS: &[(&str, &str)] = &[
    ("accept", "reject"),
    ("approved", "rejected"),
    ("won", "lost"),
    ("win", "lose"),
    ("rose", "fell"),
    ("support", "oppose"),
    ("legal", "illegal"),
    ("peaceful", "violent"),
    ("open", "closed"),
    ("guilty", "innocent"),
    ("allowed", "banned"),
    ("increase", "decrease"),
    ("higher", "lower"),
    ("defend", "attack"),
    ("protect", "attack"),
    ("first", "last"),
    ("received", "rejected"),
];

/// Names substituted for a person's surname.
const REPLACEMENT_NAMES: &[&str] = &["Hartmann", "Okonkwo", "Lindqvist"];

fn is_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// Paragraph ranges `(start, end)` of the text (non-empty lines).
fn lines(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == '\n' {
            if !text[start..i].trim().is_empty() {
                out.push((start, i));
            }
            start = i + 1;
        }
    }
    if !text[start..].trim().is_empty() {
        out.push((start, text.len()));
    }
    out
}

/// Injects up to four distortions, each in its own paragraph.
pub fn distort(text: &str) -> (String, Vec<Injection>) {
    let mut edits: Vec<(usize, usize, String, &'static str)> = Vec::new();
    let paragraphs = lines(text);
    let mut used = vec![false; paragraphs.len()];
    // Antonym.
    'antonym: for (p, &(s, e)) in paragraphs.iter().enumerate() {
        for &(x, y) in ANTONYM_SWAPS {
            for (from, to) in [(x, y), (y, x)] {
                if let Some(pos) = text[s..e].find(from) {
                    let (a, b) = (s + pos, s + pos + from.len());
                    if is_word_boundary(text, a, b) {
                        edits.push((a, b, to.to_string(), "antonym"));
                        used[p] = true;
                        break 'antonym;
                    }
                }
            }
        }
    }
    // Negation: "is/was/are/were/will/would/has/had/can" + " not".
    'negation: for (p, &(s, e)) in paragraphs.iter().enumerate() {
        if used[p] {
            continue;
        }
        for aux in [
            " is ", " was ", " are ", " were ", " will ", " would ", " has ", " had ",
        ] {
            if let Some(pos) = text[s..e].find(aux) {
                let after = s + pos + aux.len();
                if text[after..].starts_with("not ") || text[s..e].contains(" not ") {
                    continue;
                }
                edits.push((after, after, "not ".to_string(), "negation"));
                used[p] = true;
                break 'negation;
            }
        }
    }
    // Number: a digit run that is not a year, tripled.
    'number: for (p, &(s, e)) in paragraphs.iter().enumerate() {
        if used[p] {
            continue;
        }
        let para = &text[s..e];
        let mut i = 0;
        while i < para.len() {
            let rest = &para[i..];
            let Some(c) = rest.chars().next() else { break };
            if c.is_ascii_digit()
                && (i == 0
                    || !para[..i]
                        .ends_with(|c: char| c.is_alphanumeric() || matches!(c, '.' | ',' | ':')))
            {
                let len = rest
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(rest.len());
                let digits = &rest[..len];
                let next = rest[len..].chars().next();
                let value: u64 = digits.parse().unwrap_or(0);
                let year = digits.len() == 4 && (1900..=2100).contains(&value);
                let decimal = matches!(next, Some('.' | ',' | ':'))
                    && rest[len + 1..].starts_with(|c: char| c.is_ascii_digit());
                let clock = [" a.m", " p.m", " am", " pm", "am", "pm"]
                    .iter()
                    .any(|suffix| rest[len..].starts_with(suffix));
                if !year && !decimal && !clock && value > 0 {
                    edits.push((s + i, s + i + len, (value * 3).to_string(), "number"));
                    used[p] = true;
                    break 'number;
                }
                i += len;
                continue;
            }
            i += c.len_utf8();
        }
    }
    // Name: a capitalised surname used in two or more paragraphs, replaced
    // once in a later paragraph.
    let surnames: Vec<&str> = {
        let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
        for &(s, e) in &paragraphs {
            let mut seen = std::collections::BTreeSet::new();
            let ws = corroborate_core::text::words(&text[s..e]);
            for (k, w) in ws.iter().enumerate().skip(1) {
                // A surname follows a capitalised first name.
                let after_name = ws[k - 1]
                    .text
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase);
                if after_name
                    && w.text.len() >= 4
                    && w.text.chars().next().is_some_and(char::is_uppercase)
                    && w.text.chars().skip(1).all(char::is_lowercase)
                    && seen.insert(w.text)
                {
                    *counts.entry(w.text).or_insert(0) += 1;
                }
            }
        }
        let mut v: Vec<(&str, usize)> = counts.into_iter().filter(|(_, c)| *c >= 2).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        v.into_iter().map(|(w, _)| w).collect()
    };
    'name: for (p, &(s, e)) in paragraphs.iter().enumerate().skip(1) {
        if used[p] {
            continue;
        }
        for w in corroborate_core::text::words(&text[s..e])
            .into_iter()
            .skip(1)
        {
            if surnames.contains(&w.text) {
                let replacement = REPLACEMENT_NAMES
                    .iter()
                    .find(|r| !text.contains(*r))
                    .copied()
                    .unwrap_or("Hartmann");
                edits.push((s + w.start, s + w.end, replacement.to_string(), "name"));
                break 'name;
            }
        }
    }
    edits.sort_by_key(|e| e.0);
    let mut out = String::with_capacity(text.len() + 16);
    let mut injections = Vec::new();
    let mut last = 0;
    for (a, b, replacement, kind) in edits {
        out.push_str(&text[last..a]);
        injections.push(Injection {
            kind,
            before: text[a..b].to_string(),
            after: replacement.clone(),
            offset: out.len(),
        });
        out.push_str(&replacement);
        last = b;
    }
    out.push_str(&text[last..]);
    (out, injections)
}

/// Builds an article from plain text, one sentence per `. `/`? `/`! `
/// before a capital or quote, and per line.
pub fn plain_article(path: &str, text: &str) -> Article {
    let mut sentences = Vec::new();
    let bytes = text.as_bytes();
    let push = |s: usize, e: usize, out: &mut Vec<Sentence>| {
        let raw = &text[s..e];
        let t = raw.trim();
        if !t.is_empty() {
            let off = s + (raw.len() - raw.trim_start().len());
            out.push(Sentence {
                index: out.len(),
                text: t.to_string(),
                start: off,
                end: off + t.len(),
            });
        }
    };
    let mut start = 0;
    for (i, c) in text.char_indices() {
        let boundary = c == '\n'
            || (matches!(c, '.' | '?' | '!')
                && bytes.get(i + 1) == Some(&b' ')
                && bytes
                    .get(i + 2)
                    .is_some_and(|b| b.is_ascii_uppercase() || *b == b'"'));
        if boundary && i >= start {
            let end = if c == '\n' { i } else { i + 1 };
            push(start, end, &mut sentences);
            start = i + 1;
        }
    }
    push(start, text.len(), &mut sentences);
    Article {
        id: content_id(text),
        path: path.to_string(),
        format: Format::Text,
        title: None,
        url: None,
        outlet: None,
        published: None,
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
    fn distortions_change_only_their_words() {
        let text = "The council approved the plan on Monday.\nOfficials said the plan is popular.\nMayor Jan Smith spoke to 40 residents.\nLater Mr Smith left the room.";
        let (out, inj) = distort(text);
        let mut kinds: Vec<&str> = inj.iter().map(|i| i.kind).collect();
        kinds.sort_unstable();
        assert_eq!(kinds, ["antonym", "name", "negation", "number"]);
        assert!(out.contains("rejected"));
        assert!(out.contains("is not popular"));
        assert!(!out.contains(" 40 "));
        for i in &inj {
            assert!(out[i.offset..].starts_with(&i.after));
        }
    }

    #[test]
    fn plain_article_spans_match() {
        let a = plain_article(
            "x",
            "One sentence here. Another one! \"Quoted.\"\nLast line",
        );
        for s in &a.sentences {
            assert_eq!(&a.text[s.start..s.end], s.text);
        }
        assert_eq!(a.sentences.len(), 4);
    }
}
