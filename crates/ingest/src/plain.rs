//! Plain text and Markdown documents.
//!
//! In: the text of a `.txt` or `.md` file (or pasted text). Out: a
//! [`RawDoc`] whose body is the text with Markdown syntax removed (headings,
//! emphasis, links and list markers become plain lines; images and raw HTML
//! are dropped) and whose title is the leading `# ` heading, the YAML front
//! matter's `title`, or a leading headline line: among the leading lines of
//! the first paragraph that do not end like a sentence, the first with at
//! least three words ("News" / "Zelensky sends team…" gives the latter; a
//! standfirst after the headline is not taken). The
//! title line stays in the body; cleaning removes it as a duplicate.

use crate::clean::{ends_like_sentence, paragraphs, word_count};
use crate::html::strip_site_suffix;
use corroborate_core::{Format, RawDoc};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// A plain-text document.
pub fn text_doc(name: &str, text: &str) -> RawDoc {
    RawDoc {
        path: name.to_string(),
        format: Format::Text,
        title: headline_of(text),
        body: text.to_string(),
        url: None,
        outlet: None,
        published: None,
        author: None,
        language: None,
    }
}

/// The headline line of a text, if it starts with one (see the module docs).
pub fn headline_of(text: &str) -> Option<String> {
    let paras = paragraphs(text);
    let first = paras.first()?;
    for line in first {
        if ends_like_sentence(line) || line.ends_with([':', '\u{FF1A}']) {
            break;
        }
        let line = line.trim_start_matches('#').trim_start();
        if !has_readable_text(line) {
            continue;
        }
        if (3..=30).contains(&word_count(line)) {
            return Some(strip_site_suffix(line));
        }
    }
    // A two-word line standing alone before the text ("Springfield storm")
    // is its headline too; one word alone ("News") is a section label.
    let line = first[0].trim_start_matches('#').trim_start();
    let alone_before_text = first.len() == 1 && paras.len() > 1;
    (alone_before_text
        && word_count(line) == 2
        && !ends_like_sentence(line)
        && !line.ends_with([':', '\u{FF1A}'])
        && has_readable_text(line))
    .then(|| line.to_string())
}

/// True when `s` has letters outside unexpanded entity references: a raw
/// `&lol9;` left by an XML entity bomb (never expanded) is no title.
pub(crate) fn has_readable_text(s: &str) -> bool {
    static ENTITY: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"&#?[A-Za-z0-9_]+;").expect("entity pattern is valid")
    });
    ENTITY
        .replace_all(s, " ")
        .chars()
        .filter(|c| c.is_alphabetic())
        .count()
        >= 2
}

/// A Markdown document.
pub fn markdown_doc(name: &str, text: &str) -> RawDoc {
    markdown_doc_checked(name, text).0
}

/// A Markdown document, and what was wrong with its front matter's date
/// (a value that is no date is left out).
pub fn markdown_doc_checked(name: &str, text: &str) -> (RawDoc, Option<String>) {
    let (front, content) = front_matter(text);
    let get = |keys: &[&str]| -> Option<String> {
        keys.iter().find_map(|k| {
            front
                .iter()
                .find(|(key, v)| key.eq_ignore_ascii_case(k) && !v.is_empty())
                .map(|(_, v)| v.clone())
        })
    };
    let (heading, body) = markdown_to_text(content);
    let (published, warning) = match get(&["published", "date", "pubdate"]) {
        Some(raw) => match crate::checked_published(&raw) {
            Ok(date) => (Some(date), None),
            Err(why) => (None, Some(why)),
        },
        None => (None, None),
    };
    let doc = RawDoc {
        path: name.to_string(),
        format: Format::Markdown,
        title: get(&["title", "headline"])
            .filter(|t| has_readable_text(t))
            .or(heading.filter(|t| has_readable_text(t)))
            .or_else(|| headline_of(&body)),
        body,
        url: get(&["url", "link", "canonical"]),
        outlet: get(&["outlet", "source", "site", "publisher"]),
        published,
        author: get(&["author", "byline"]),
        language: get(&["language", "lang"]),
    };
    (doc, warning)
}

/// Splits YAML front matter (`---` … `---` at the very top) into simple
/// `key: value` pairs; nested YAML is ignored.
fn front_matter(text: &str) -> (Vec<(String, String)>, &str) {
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return (Vec::new(), text);
    };
    let Some(end) = rest.find("\n---") else {
        return (Vec::new(), text);
    };
    let block = &rest[..end];
    let after = &rest[end + 4..];
    let after = after.split_once('\n').map_or("", |(_, r)| r);
    let pairs = block
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| {
            let v = v.trim().trim_matches(['"', '\'']).trim();
            (k.trim().to_string(), v.to_string())
        })
        .collect();
    (pairs, after)
}

/// Markdown to plain text with paragraph breaks, plus the text of the first
/// level-1 heading when it comes before any other block.
fn markdown_to_text(md: &str) -> (Option<String>, String) {
    let mut out = String::new();
    let mut heading: Option<String> = None;
    let mut in_first_h1 = false;
    let mut seen_block = false;
    let mut image_depth = 0usize;
    let mut current_h1 = String::new();
    // Open list items: (where the item starts in `out`, its text length,
    // the length of its linked text).
    let mut items: Vec<(usize, usize, usize)> = Vec::new();
    let mut link_depth = 0usize;
    let paragraph_break = |out: &mut String| {
        let trimmed = out.trim_end_matches([' ', '\n']).len();
        out.truncate(trimmed);
        if !out.is_empty() {
            out.push_str("\n\n");
        }
    };
    for event in Parser::new(md) {
        match event {
            Event::Start(Tag::Image { .. }) => image_depth += 1,
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            _ if image_depth > 0 => {}
            Event::Start(Tag::Heading { level, .. }) => {
                paragraph_break(&mut out);
                in_first_h1 = level == pulldown_cmark::HeadingLevel::H1 && !seen_block;
                seen_block = true;
            }
            Event::End(TagEnd::Heading(_)) => {
                if in_first_h1 && heading.is_none() {
                    heading = Some(current_h1.trim().to_string()).filter(|h| !h.is_empty());
                }
                in_first_h1 = false;
                paragraph_break(&mut out);
            }
            Event::Start(Tag::Item) => {
                seen_block = true;
                paragraph_break(&mut out);
                items.push((out.len(), 0, 0));
            }
            Event::End(TagEnd::Item) => {
                // A bullet marks list items as content for cleaning, unless
                // the item is just a link (a related-stories list).
                if let Some((at, text_len, link_len)) = items.pop() {
                    if text_len > 0 && link_len * 2 < text_len && out.is_char_boundary(at) {
                        out.insert_str(at, crate::html::BULLET);
                    }
                }
                paragraph_break(&mut out);
            }
            Event::Start(Tag::Link { .. }) => link_depth += 1,
            Event::End(TagEnd::Link) => link_depth = link_depth.saturating_sub(1),
            Event::Start(Tag::Paragraph | Tag::BlockQuote(_) | Tag::CodeBlock(_)) => {
                seen_block = true;
                paragraph_break(&mut out);
            }
            Event::End(TagEnd::Paragraph | TagEnd::BlockQuote(_) | TagEnd::CodeBlock) => {
                paragraph_break(&mut out)
            }
            Event::Text(t) | Event::Code(t) => {
                if in_first_h1 {
                    current_h1.push_str(&t);
                }
                if let Some(item) = items.last_mut() {
                    let n = t.trim().chars().count();
                    item.1 += n;
                    if link_depth > 0 {
                        item.2 += n;
                    }
                }
                out.push_str(&t);
            }
            Event::SoftBreak => out.push('\n'),
            Event::HardBreak => out.push('\n'),
            Event::Rule => paragraph_break(&mut out),
            _ => {}
        }
    }
    (heading, out.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_flattened() {
        let doc = markdown_doc(
            "a.md",
            "---\ntitle: \"Front title\"\ndate: 2025-05-15\n---\n# Big news\n\nSome **bold** [link](http://x) text.\n\n![img](a.png)\n\n- item one\n- item two\n",
        );
        assert_eq!(doc.title.as_deref(), Some("Front title"));
        assert_eq!(doc.published.as_deref(), Some("2025-05-15"));
        assert_eq!(
            doc.body,
            "Big news\n\nSome bold link text.\n\n\u{2022} item one\n\n\u{2022} item two"
        );
        let links = markdown_doc("b.md", "Text.\n\n- [Related story](http://x)\n");
        assert_eq!(links.body, "Text.\n\nRelated story");
    }

    #[test]
    fn markdown_heading_is_title() {
        let doc = markdown_doc("a.md", "# Talks open in Istanbul\n\nBody here.");
        assert_eq!(doc.title.as_deref(), Some("Talks open in Istanbul"));
    }

    #[test]
    fn text_headline_detection() {
        assert_eq!(
            headline_of("News\nZelensky sends team to peace talks\n\nBody.").as_deref(),
            Some("Zelensky sends team to peace talks")
        );
        assert_eq!(headline_of("A sentence that ends here.\nAnother."), None);
        assert_eq!(
            headline_of(
                "Talks open in Istanbul\nLeader says team is ready; Russia sends aides\n\nBody."
            )
            .as_deref(),
            Some("Talks open in Istanbul")
        );
        assert_eq!(
            headline_of("# Talks open in Istanbul\n\nBody.").as_deref(),
            Some("Talks open in Istanbul")
        );
        assert_eq!(
            headline_of("Teams meet in Istanbul | World\n\nBody.").as_deref(),
            Some("Teams meet in Istanbul")
        );
    }
}
