//! HTML escaping: the only way article text reaches a page.
//!
//! In: any string (article text, titles, outlets, URLs, file names, all of
//! them hostile). Out: text safe to place between tags *and* inside a
//! double- or single-quoted attribute value.
//!
//! Invariant: every byte of user-controlled text written by this crate goes
//! through [`esc`] (or [`safe_href`] for links). Nothing else writes it.

use std::fmt::Write;

/// Escapes `&`, `<`, `>`, `"` and `'`, so the result can never open a tag,
/// close an attribute or start an entity.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    push_esc(&mut out, text);
    out
}

/// [`esc`], appending to `out` (saves an allocation in loops).
pub fn push_esc(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // NUL is turned into U+FFFD by browsers anyway; doing it here keeps
            // the page bytes valid for every parser.
            '\0' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// The escaped URL when it is an absolute `http:` or `https:` URL, else
/// `None`: `javascript:`, `data:` and relative URLs from articles are never
/// turned into links.
pub fn safe_href(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let allowed = lower.starts_with("http://") || lower.starts_with("https://");
    if !allowed || url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return None;
    }
    Some(esc(url))
}

/// Text with the byte ranges `spans` wrapped in `<mark>`, all of it escaped.
/// Spans that are out of range, overlapping or not on `char` boundaries are
/// skipped rather than trusted: a bad span must not break the page.
pub fn highlighted(text: &str, spans: &[(usize, usize)]) -> String {
    let mut sorted: Vec<(usize, usize)> = spans.to_vec();
    sorted.sort_unstable();
    let mut out = String::with_capacity(text.len() + 32);
    let mut pos = 0;
    for (start, end) in sorted {
        if start < pos || start >= end {
            continue;
        }
        let (Some(before), Some(marked)) = (text.get(pos..start), text.get(start..end)) else {
            continue;
        };
        push_esc(&mut out, before);
        out.push_str("<mark>");
        push_esc(&mut out, marked);
        out.push_str("</mark>");
        pos = end;
    }
    push_esc(&mut out, text.get(pos..).unwrap_or(""));
    out
}

/// Formats a 0..1 share as a whole percentage ("83%").
pub fn percent(share: f32) -> String {
    let mut s = String::new();
    let _ = write!(s, "{:.0}%", (share.clamp(0.0, 1.0) * 100.0));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_tags_and_both_quote_kinds() {
        assert_eq!(
            esc(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
    }

    #[test]
    fn only_http_urls_become_links() {
        assert_eq!(
            safe_href("https://example.org/a?b=1&c=\"2\"").as_deref(),
            Some("https://example.org/a?b=1&amp;c=&quot;2&quot;")
        );
        assert_eq!(safe_href("javascript:alert(1)"), None);
        assert_eq!(safe_href("JaVaScRiPt:alert(1)"), None);
        assert_eq!(safe_href("data:text/html,<b>"), None);
        assert_eq!(safe_href("/relative"), None);
        assert_eq!(safe_href("https://a b"), None);
    }

    #[test]
    fn highlights_spans_and_skips_bad_ones() {
        let text = "Café <b> 12 dead";
        // "12" is at bytes 10..12 ("Café " is 6 bytes, "<b> " 4 more); 3..4
        // splits the "é", 99..120 is out of range, 12..10 is reversed.
        assert_eq!(
            highlighted(text, &[(10, 12), (3, 4), (99, 120), (12, 10)]),
            "Café &lt;b&gt; <mark>12</mark> dead"
        );
    }
}
