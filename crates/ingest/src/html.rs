//! HTML pages and fragments to text plus metadata.
//!
//! In: an HTML document (a saved news page) or an HTML fragment (a feed
//! item's content, a JSONL `text` holding markup). Out: plain text in which
//! every block element (paragraph, heading, list item, caption…) is its own
//! paragraph, and for pages the metadata found in `<meta>` tags, JSON-LD and
//! `<time>` elements.
//!
//! Pages go through `dom_smoothie` (a port of Mozilla's readability) to keep
//! the main text only; when it finds little (under 200 letters), the JSON-LD
//! `articleBody` is used if the page has one, else the whole body with
//! navigation, headers, footers, asides, forms and scripts left out. The walk over the DOM is iterative, so deeply nested markup cannot
//! overflow the stack.

use dom_query::{Document, NodeRef};

/// Text and metadata of one page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub text: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub author: Option<String>,
    pub language: Option<String>,
}

/// Elements whose content is never article text.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed",
    "button", "input", "select", "textarea", "option", "head", "title", "meta", "link", "video",
    "audio", "picture", "img", "map",
];

/// Page furniture left out when the whole body is used.
const FURNITURE: &[&str] = &["nav", "header", "footer", "aside", "form", "menu", "dialog"];

/// Elements that start and end a paragraph of their own.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "figure",
    "figcaption",
    "table",
    "tr",
    "pre",
    "hr",
    "address",
    "details",
    "summary",
    "caption",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "center",
    "fieldset",
    "legend",
];

/// Nesting beyond which the HTML parser's cost grows too fast (its scope
/// checks are linear in the depth); real pages stay far below it.
const MAX_NESTING: usize = 400;

/// Plain text of an HTML fragment (no readability pass, no metadata).
pub fn fragment_to_text(html: &str) -> String {
    if estimated_depth(html) > MAX_NESTING {
        return strip_tags(html);
    }
    let doc = Document::fragment(html);
    let mut out = TextBuilder::default();
    walk(&doc.root(), &[], &mut out);
    out.finish()
}

/// True when `s` most likely holds HTML markup rather than plain text.
pub fn looks_like_html(s: &str) -> bool {
    let lower_head: String = s.chars().take(2000).collect::<String>().to_lowercase();
    const TAGS: &[&str] = &[
        "<p>",
        "<p ",
        "</p>",
        "<br",
        "<div",
        "<span",
        "<a href",
        "<em>",
        "<strong>",
        "<li>",
        "<h1",
        "<h2",
        "<h3",
        "<img",
        "<figure",
        "<blockquote",
        "<html",
        "<body",
        "<!doctype html",
        "<article",
        "<table",
    ];
    TAGS.iter().any(|t| lower_head.contains(t))
}

/// Main text and metadata of a full page.
pub fn page_to_text(html: &str) -> Page {
    if estimated_depth(html) > MAX_NESTING {
        return Page {
            text: strip_tags(html),
            ..Page::default()
        };
    }
    let doc = Document::from(html);
    let (mut page, ld_body) = metadata(&doc);
    // Readability takes the parsed document over (and changes it).
    let readable = readability_text(doc);
    let substantial = |t: &String| t.chars().filter(|c| c.is_alphabetic()).count() >= 200;
    let fallback_needed = !readable.as_ref().is_some_and(substantial);
    page.text = if fallback_needed && ld_body.as_ref().is_some_and(substantial) {
        ld_body.unwrap_or_default()
    } else if fallback_needed {
        let doc = Document::from(html);
        let mut out = TextBuilder::default();
        let root = doc.body().unwrap_or_else(|| doc.root());
        walk(&root, FURNITURE, &mut out);
        let whole = out.finish();
        match readable {
            Some(r) if r.len() >= whole.len() / 2 => r,
            _ => whole,
        }
    } else {
        readable.unwrap_or_default()
    };
    page
}

/// The article text readability finds, rendered with paragraph breaks.
fn readability_text(doc: Document) -> Option<String> {
    let mut readability = dom_smoothie::Readability::with_document(doc, None, None).ok()?;
    let article = readability.parse().ok()?;
    let content = Document::fragment(article.content.to_string());
    let mut out = TextBuilder::default();
    walk(&content.root(), FURNITURE, &mut out);
    let text = out.finish();
    (!text.trim().is_empty()).then_some(text)
}

/// Metadata from `<meta>` tags, JSON-LD, `<time>`, `<link rel=canonical>`
/// and `<html lang>` (the first source that has a value wins), and the
/// JSON-LD `articleBody` when the page has one.
fn metadata(doc: &Document) -> (Page, Option<String>) {
    let meta = |keys: &[&str]| -> Option<String> {
        for key in keys {
            for attr in ["property", "name", "itemprop"] {
                let selector = format!("meta[{attr}=\"{key}\"]");
                if let Some(sel) = doc.try_select(&selector) {
                    for node in sel.nodes() {
                        if let Some(v) = node.attr("content").map(|c| clean_value(&c)) {
                            if !v.is_empty() {
                                return Some(v);
                            }
                        }
                    }
                }
            }
        }
        None
    };
    let ld = json_ld(doc);
    let first_text = |selector: &str| -> Option<String> {
        doc.try_select(selector)
            .and_then(|s| s.nodes().first().map(|n| clean_value(&n.text())))
            .filter(|s| !s.is_empty())
    };
    let first_attr = |selector: &str, attr: &str| -> Option<String> {
        doc.try_select(selector)
            .and_then(|s| s.nodes().iter().find_map(|n| n.attr(attr)))
            .map(|v| clean_value(&v))
            .filter(|s| !s.is_empty())
    };

    let title = meta(&["og:title", "twitter:title", "dc.title", "headline"])
        .or(ld.headline.clone())
        .or_else(|| first_text("h1"))
        .or_else(|| first_text("title").map(|t| strip_site_suffix(&t)));
    let author = meta(&[
        "author",
        "article:author",
        "byl",
        "dc.creator",
        "parsely-author",
    ])
    .filter(|a| !a.starts_with("http"))
    .or(ld.author.clone())
    .or_else(|| first_text("[rel=author]"))
    .map(|a| {
        a.trim_start_matches("By ")
            .trim_start_matches("by ")
            .to_string()
    });
    let published = meta(&[
        "article:published_time",
        "datePublished",
        "date",
        "dc.date",
        "dc.date.issued",
        "pubdate",
        "publishdate",
        "og:published_time",
        "sailthru.date",
    ])
    .or(ld.published.clone())
    .or_else(|| first_attr("time[datetime]", "datetime"))
    .and_then(|d| crate::dates::normalize(&d));
    let outlet = meta(&["og:site_name", "application-name", "publisher"]).or(ld.publisher);
    let title = title.map(|t| strip_outlet_suffix(&t, outlet.as_deref()));
    let page = Page {
        text: String::new(),
        title,
        url: first_attr("link[rel=canonical]", "href").or_else(|| meta(&["og:url"])),
        outlet,
        published,
        author,
        language: first_attr("html[lang]", "lang"),
    };
    (page, ld.body)
}

/// Fields of a schema.org `NewsArticle` (or similar) JSON-LD block.
#[derive(Default)]
struct LinkedData {
    headline: Option<String>,
    /// `articleBody`: the full text some pages carry for search engines.
    body: Option<String>,
    published: Option<String>,
    author: Option<String>,
    publisher: Option<String>,
}

fn json_ld(doc: &Document) -> LinkedData {
    let mut out = LinkedData::default();
    let Some(scripts) = doc.try_select("script[type=\"application/ld+json\"]") else {
        return out;
    };
    for node in scripts.nodes() {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(node.text().trim()) else {
            continue;
        };
        let mut stack = vec![&value];
        while let Some(v) = stack.pop() {
            match v {
                serde_json::Value::Array(items) => stack.extend(items.iter().rev()),
                serde_json::Value::Object(map) => {
                    if let Some(graph) = map.get("@graph") {
                        stack.push(graph);
                    }
                    let is_article = map.get("@type").is_some_and(|t| {
                        let types = t.to_string().to_lowercase();
                        types.contains("article") || types.contains("posting")
                    });
                    if !is_article {
                        continue;
                    }
                    let name_of = |v: &serde_json::Value| -> Option<String> {
                        match v {
                            serde_json::Value::String(s) => Some(clean_value(s)),
                            serde_json::Value::Object(m) => {
                                m.get("name").and_then(|n| n.as_str()).map(clean_value)
                            }
                            serde_json::Value::Array(a) => {
                                let names: Vec<String> = a
                                    .iter()
                                    .filter_map(|x| match x {
                                        serde_json::Value::String(s) => Some(clean_value(s)),
                                        serde_json::Value::Object(m) => {
                                            m.get("name").and_then(|n| n.as_str()).map(clean_value)
                                        }
                                        _ => None,
                                    })
                                    .collect();
                                (!names.is_empty()).then(|| names.join(", "))
                            }
                            _ => None,
                        }
                    };
                    let string = |key: &str| map.get(key).and_then(|v| v.as_str()).map(clean_value);
                    out.headline = out.headline.or_else(|| string("headline"));
                    out.body = out.body.or_else(|| {
                        map.get("articleBody")
                            .and_then(|v| v.as_str())
                            .map(|b| b.trim().to_string())
                            .filter(|b| !b.is_empty())
                    });
                    out.published = out.published.or_else(|| string("datePublished"));
                    out.author = out.author.or_else(|| map.get("author").and_then(name_of));
                    out.publisher = out
                        .publisher
                        .or_else(|| map.get("publisher").and_then(name_of));
                }
                _ => {}
            }
        }
    }
    out
}

/// Collapses whitespace and decodes nothing further (the parser already
/// decoded entities).
fn clean_value(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `Headline | Outlet` or `Headline - Outlet` → `Headline`, when the suffix
/// is short and the headline keeps at least three words.
pub fn strip_site_suffix(title: &str) -> String {
    for sep in [" | ", " - ", " — ", " – "] {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            if tail.split_whitespace().count() <= 4 && head.split_whitespace().count() >= 3 {
                return head.trim().to_string();
            }
        }
    }
    title.trim().to_string()
}

/// `Headline | Outlet` → `Headline` when the suffix names the outlet.
fn strip_outlet_suffix(title: &str, outlet: Option<&str>) -> String {
    let Some(outlet) = outlet else {
        return title.to_string();
    };
    let key = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    for sep in [" | ", " - ", " — ", " – "] {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            if !head.trim().is_empty() && key(tail) == key(outlet) {
                return head.trim().to_string();
            }
        }
    }
    title.to_string()
}

/// Accumulates text with paragraph breaks; never emits runs of spaces or
/// more than one blank line.
#[derive(Default)]
struct TextBuilder {
    out: String,
    pending_space: bool,
}

impl TextBuilder {
    fn text(&mut self, s: &str) {
        for c in s.chars() {
            if c.is_whitespace() {
                self.pending_space = true;
                continue;
            }
            if self.pending_space && !self.out.is_empty() && !self.out.ends_with('\n') {
                self.out.push(' ');
            }
            self.pending_space = false;
            self.out.push(c);
        }
    }

    fn line_break(&mut self) {
        self.pending_space = false;
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    fn paragraph_break(&mut self) {
        self.line_break();
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    fn finish(self) -> String {
        self.out.trim().to_string()
    }
}

/// Appends the text under `root` to `out`, leaving out [`SKIPPED`] elements
/// and `extra_skipped` ones.
fn walk(root: &NodeRef, extra_skipped: &[&str], out: &mut TextBuilder) {
    // (node, entering): on leaving a block element, a paragraph break.
    let mut stack: Vec<(NodeRef, bool)> = vec![(*root, true)];
    while let Some((node, entering)) = stack.pop() {
        if !entering {
            out.paragraph_break();
            continue;
        }
        if node.is_text() {
            out.text(&node.text());
            continue;
        }
        if node.is_element() {
            let name = node
                .node_name()
                .map(|n| n.to_ascii_lowercase())
                .unwrap_or_default();
            if SKIPPED.contains(&name.as_str()) || extra_skipped.contains(&name.as_str()) {
                continue;
            }
            if is_hidden(&node) {
                continue;
            }
            if name == "br" {
                out.line_break();
                continue;
            }
            if BLOCKS.contains(&name.as_str()) {
                out.paragraph_break();
                stack.push((node, false));
                if name == "li" && !is_link_item(&node) {
                    // Marks list items as content for cleaning: a "key
                    // facts" bullet is not a related headline.
                    out.text(BULLET);
                }
            }
        } else if !(node.is_document() || node.is_fragment()) {
            continue; // comments, doctypes, processing instructions
        }
        let children = node.children();
        stack.extend(children.into_iter().rev().map(|c| (c, true)));
    }
}

/// Elements that never have a closing tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "option", "td", "tr", "th", "dt", "dd",
];

/// Upper estimate of the element nesting of `html`, from a scan of its tags
/// (optional-end tags such as `<p>` and `<li>` are not counted).
fn estimated_depth(html: &str) -> usize {
    let mut depth = 0usize;
    let mut max = 0usize;
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(offset) = bytes[i..].iter().position(|&b| b == b'<') {
        let start = i + offset + 1;
        let closing = bytes.get(start) == Some(&b'/');
        let name_start = if closing { start + 1 } else { start };
        let name_end = bytes[name_start..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .map_or(bytes.len(), |p| name_start + p);
        let tag_end = bytes[name_end..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(bytes.len(), |p| name_end + p);
        let name = html
            .get(name_start..name_end)
            .unwrap_or("")
            .to_ascii_lowercase();
        let self_closing = tag_end > 0 && bytes.get(tag_end - 1) == Some(&b'/');
        if !name.is_empty() && !VOID.contains(&name.as_str()) && !self_closing {
            if closing {
                depth = depth.saturating_sub(1);
            } else {
                depth += 1;
                max = max.max(depth);
            }
        }
        i = (name_end).max(start).min(bytes.len());
        if i >= bytes.len() {
            break;
        }
    }
    max
}

/// Fallback for pathological markup: tags removed (block tags become
/// paragraph breaks), the common entities decoded.
fn strip_tags(html: &str) -> String {
    let mut out = TextBuilder::default();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.text(&decode_entities(&rest[..open]));
        let after = &rest[open + 1..];
        let close = after.find('>').map_or(after.len(), |c| c + 1);
        let tag = after[..close].trim_start_matches('/').to_ascii_lowercase();
        let name: String = tag
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        if name == "br" {
            out.line_break();
        } else if BLOCKS.contains(&name.as_str()) {
            out.paragraph_break();
        }
        rest = &after[close.min(after.len())..];
    }
    out.text(&decode_entities(rest));
    out.finish()
}

fn decode_entities(s: &str) -> String {
    s.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Prefix of list items in the text, so cleaning can tell them apart.
pub const BULLET: &str = "\u{2022} ";

/// A list item whose text is mostly a link (a related-stories list).
fn is_link_item(node: &NodeRef) -> bool {
    let total = node.text().trim().chars().count();
    let linked: usize = node
        .descendants()
        .iter()
        .filter(|d| d.node_name().is_some_and(|n| n.eq_ignore_ascii_case("a")))
        .map(|d| d.text().trim().chars().count())
        .sum();
    total == 0 || linked * 2 >= total
}

/// Elements hidden from readers (`hidden`, `aria-hidden`, `display:none`).
fn is_hidden(node: &NodeRef) -> bool {
    node.has_attr("hidden")
        || node.attr("aria-hidden").is_some_and(|v| &*v == "true")
        || node
            .attr("style")
            .is_some_and(|s| s.replace(' ', "").to_lowercase().contains("display:none"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragment_blocks_become_paragraphs() {
        let t =
            fragment_to_text("<p>One <b>bold</b> move.</p><p>Two<br>lines</p><script>x()</script>");
        assert_eq!(t, "One bold move.\n\nTwo\nlines");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = "<div>".repeat(100_000) + "deep" + &"</div>".repeat(100_000);
        assert_eq!(fragment_to_text(&html), "deep");
        let html = "<p>One</p>".to_string() + &"<span>".repeat(100_000) + "two";
        assert_eq!(fragment_to_text(&html), "One\n\ntwo");
    }

    #[test]
    fn site_suffix() {
        assert_eq!(
            strip_site_suffix("Talks open in Istanbul | The Daily"),
            "Talks open in Istanbul"
        );
        assert_eq!(strip_site_suffix("A | B"), "A | B");
    }
}

#[cfg(test)]
mod page_tests {
    use super::*;

    #[test]
    fn json_ld_article_body_when_the_page_shows_little() {
        let body = "The talks ended without a deal on Friday, officials said. ".repeat(8);
        let html = format!(
            r#"<html><head><script type="application/ld+json">{{"@type": "NewsArticle", "headline": "Talks end", "articleBody": "{body}"}}</script></head><body><div id="app">Loading…</div></body></html>"#
        );
        let page = page_to_text(&html);
        assert_eq!(page.title.as_deref(), Some("Talks end"));
        assert_eq!(page.text, body.trim());
    }

    #[test]
    fn deeply_nested_page_does_not_overflow() {
        let html = format!(
            "<html><body>{}<p>The talks ended without a deal on Friday, officials said.</p>{}</body></html>",
            "<div>".repeat(100_000),
            "</div>".repeat(100_000)
        );
        let page = page_to_text(&html);
        assert_eq!(
            page.text,
            "The talks ended without a deal on Friday, officials said."
        );
    }
}
