//! Boilerplate cleaning.
//!
//! In: a raw body (markup already removed) and the known title. Out: the
//! cleaned text — kept lines, one logical line per line, paragraphs separated
//! by a blank line — and every dropped line with the reason it was dropped.
//!
//! Invariants: the cleaned text has `\n` line ends only, no line with leading
//! or trailing spaces, no runs of spaces; every non-blank input line is either
//! in the text or in `removed` (a dateline prefix is moved to `removed` and
//! the rest of its line kept).

use crate::segment::is_soft_wrap;
use corroborate_core::RemovedLine;

/// Output of [`clean`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cleaned {
    pub text: String,
    pub removed: Vec<RemovedLine>,
    pub dateline_place: Option<String>,
    /// ISO date (`YYYY-MM-DD`) read from the dateline, if it had one.
    pub dateline_date: Option<String>,
}

/// Normalises one physical line: odd spaces become plain spaces, invisible
/// characters go, runs of spaces collapse, ends are trimmed.
pub(crate) fn normalize_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut pending_space = false;
    for c in line.chars() {
        match c {
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => {}
            c if c.is_whitespace() || c.is_control() => pending_space = true,
            c => {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                out.push(c);
            }
        }
    }
    out
}

/// Paragraphs of logical lines: blank lines separate paragraphs, soft wraps
/// are joined with a space.
pub(crate) fn paragraphs(body: &str) -> Vec<Vec<String>> {
    let mut paras: Vec<Vec<String>> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    for raw in body.split(['\n', '\r', '\u{2028}', '\u{2029}', '\u{0085}']) {
        let line = normalize_line(raw);
        if line.is_empty() {
            if !current.is_empty() {
                paras.push(std::mem::take(&mut current));
            }
            continue;
        }
        match current.last_mut() {
            Some(prev) if is_soft_wrap(prev, &line) => {
                prev.push(' ');
                prev.push_str(&line);
            }
            _ => current.push(line),
        }
    }
    if !current.is_empty() {
        paras.push(current);
    }
    paras
}

/// Cleans `body` (see the module docs).
pub fn clean(body: &str, title: Option<&str>) -> Cleaned {
    let paras = paragraphs(body);
    let mut removed = Vec::new();
    let mut kept: Vec<Vec<String>> = Vec::new();
    let title_key = title.map(comparable).filter(|t| !t.is_empty());
    let mut first_content_seen = false;
    for para in paras {
        let mut out = Vec::new();
        for line in para {
            if !first_content_seen {
                if let Some(t) = &title_key {
                    if comparable(&line) == *t {
                        removed.push(RemovedLine {
                            text: line,
                            reason: "title".into(),
                        });
                        continue;
                    }
                }
            }
            first_content_seen = true;
            out.push(line);
        }
        if !out.is_empty() {
            kept.push(out);
        }
    }
    let text = kept
        .iter()
        .map(|p| p.join("\n"))
        .collect::<Vec<_>>()
        .join("\n\n");
    Cleaned {
        text,
        removed,
        dateline_place: None,
        dateline_date: None,
    }
}

/// A line folded for comparison with the title: letters and digits only,
/// lower-cased.
fn comparable(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}
