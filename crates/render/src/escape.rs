//! HTML escaping: the one way report and article text reaches any HTML the
//! product shows (report.html, the web app's pages and forms).
//!
//! In: any string (article text, titles, outlets, URLs, file names, form
//! input; all of it hostile). Out: text safe to place between tags and
//! inside a single- or double-quoted attribute value ([`escape_html`]), an
//! `href` value ([`safe_href`]), an element id ([`anchor`]) or the inside
//! of a `<script type="application/json">` element ([`json_for_script`]).
//!
//! Invariant: every byte of report or user text an HTML writer of this
//! workspace emits goes through one of these functions; nothing else
//! writes it.

/// Escapes `&`, `<`, `>`, `"` and `'` (and turns NUL into U+FFFD), so the
/// result can never open a tag, close an attribute or start an entity.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    push_escaped(&mut out, text);
    out
}

/// [`escape_html`], appending to `out` (saves an allocation in loops).
pub fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Browsers turn NUL into U+FFFD anyway; doing it here keeps the
            // page bytes valid for every parser.
            '\0' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// `text` escaped, with its valid `spans` wrapped in `<mark>`; spans out of
/// range, reversed, overlapping or not on `char` boundaries are ignored
/// rather than trusted (see [`crate::common::valid_spans`]).
pub fn highlight(text: &str, spans: &[corroborate_core::Span]) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    for (piece, marked) in crate::common::split_by_spans(text, spans) {
        if marked {
            out.push_str("<mark>");
            push_escaped(&mut out, piece);
            out.push_str("</mark>");
        } else {
            push_escaped(&mut out, piece);
        }
    }
    out
}

/// The escaped URL when it is an absolute `http:` or `https:` URL without
/// whitespace or control characters, else `None`: `javascript:`, `data:`
/// and relative URLs from articles never become links.
pub fn safe_href(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let allowed = lower.starts_with("http://") || lower.starts_with("https://");
    if !allowed || url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return None;
    }
    Some(escape_html(url))
}

/// An id fragment safe in `id="..."`, `href="#..."` and CSS selectors:
/// anything but ASCII letters, digits, `-` and `_` becomes `_`.
pub fn anchor(raw: &str) -> String {
    raw.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// JSON safe inside `<script type="application/json">`: `<`, `>`, `&` and
/// the JS line separators are written as `\uXXXX` escapes (only possible
/// inside JSON strings, where they mean the same character), so no value
/// can end the element.
pub fn json_for_script(value: &serde_json::Value) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "[]".to_string());
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use corroborate_core::Span;

    #[test]
    fn escapes_tags_both_quote_kinds_and_nul() {
        assert_eq!(
            escape_html("<script>alert(\"x\")</script> & 'y'\0"),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;\u{FFFD}"
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
        let spans = [(10, 12), (3, 4), (99, 120), (12, 10)].map(|(start, end)| Span { start, end });
        assert_eq!(
            highlight(text, &spans),
            "Café &lt;b&gt; <mark>12</mark> dead"
        );
    }

    #[test]
    fn anchors_keep_only_safe_characters() {
        assert_eq!(anchor("ab12-_"), "ab12-_");
        assert_eq!(anchor(r#""><x"#), "___x");
    }

    #[test]
    fn script_json_cannot_close_its_element() {
        let value = serde_json::json!(["</script><b>&", "\u{2028}"]);
        let out = json_for_script(&value);
        assert!(!out.contains('<') && !out.contains('>') && !out.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back, value);
    }
}
