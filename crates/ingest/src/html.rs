//! HTML pages and fragments to text plus metadata.
//!
//! In: an HTML document (a saved news page) or an HTML fragment (a feed
//! item's content, a JSONL `text` holding markup). Out: plain text in which
//! every block element (paragraph, heading, list item, caption…) is its own
//! paragraph, and for pages the metadata found in `<meta>` tags, JSON-LD and
//! `<time>` elements.
//!
//! Pages go through `dom_smoothie` (a port of Mozilla's readability) to keep
//! the main text only, after readers' comment sections are taken out; when
//! it finds little (under 200 letters), the JSON-LD `articleBody` is used if
//! the page has one, else the whole body with navigation, headers, footers,
//! asides, forms and scripts left out. The walk over the DOM is iterative,
//! so deeply nested markup cannot overflow the stack.
//!
//! Page and article-body text ([`page_to_doc`], [`fragment_to_body`]) puts
//! a hint in front of every line, a private-use character that cleaning
//! reads and strips ([`LINKS_HINT`]: nearly all link text; [`STRUCTURE_HINT`]:
//! a heading; [`ROW_HINT`]: a data-table row or definition; [`TEXT_HINT`]:
//! any other line). So the `body` of a page's `RawDoc` holds them, and its
//! article text never does. [`fragment_to_text`] (titles) has none.
//!
//! A nesting guard protects the parser from pathological markup: the tag
//! scan behind it reads scripts, styles and comments as text the way the
//! parser does (a `<` in a script opens no tag), and the tag-strip fallback
//! drops scripts, styles and other non-text elements with their content.

use corroborate_core::{Format, RawDoc};
use dom_query::{Document, NodeRef};

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
    fragment_text(html, TextBuilder::default())
}

/// Text of an HTML fragment that is an article body (a feed item's
/// content): as [`fragment_to_text`], with the line hints cleaning reads
/// ([`LINKS_HINT`], [`STRUCTURE_HINT`], [`ROW_HINT`]).
pub fn fragment_to_body(html: &str) -> String {
    fragment_text(html, TextBuilder::with_hints())
}

fn fragment_text(html: &str, mut out: TextBuilder) -> String {
    if estimated_depth(html) > MAX_NESTING {
        return strip_tags(html);
    }
    let doc = Document::fragment(html);
    walk(&doc.root(), &[], &mut out);
    out.finish()
}

/// True when `bytes` start like an HTML page (`<!doctype html`, `<html`).
pub fn looks_like_page(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let head = head.trim_start();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

/// Text of a page that is not valid UTF-8 and declares no other character
/// set: UTF-8 with the bad bytes replaced when most of its non-ASCII
/// sequences are valid UTF-8 (a stray byte in a UTF-8 page), else
/// windows-1252, the legacy default browsers use.
pub fn decode_undeclared(bytes: &[u8]) -> String {
    let lossy = String::from_utf8_lossy(bytes);
    let bad = lossy.chars().filter(|c| *c == '\u{FFFD}').count();
    let good = lossy
        .chars()
        .filter(|c| !c.is_ascii() && *c != '\u{FFFD}')
        .count();
    if good > bad {
        lossy.into_owned()
    } else {
        encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned()
    }
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

/// The document of a full page read from `path`: its main text as `body`
/// and its metadata.
pub fn page_to_doc(path: &str, html: &str) -> RawDoc {
    let page = RawDoc {
        format: Format::Html,
        ..RawDoc::text(path, String::new())
    };
    if estimated_depth(html) > MAX_NESTING {
        return RawDoc {
            body: strip_tags(html),
            ..page
        };
    }
    let doc = Document::from(html);
    let (page, ld_body) = metadata(&doc, page);
    remove_comment_sections(&doc);
    // Readability takes the parsed document over (and changes it).
    let readable = readability_text(doc);
    let substantial = |t: &String| t.chars().filter(|c| c.is_alphabetic()).count() >= 200;
    let fallback_needed = !readable.as_ref().is_some_and(substantial);
    let body = if fallback_needed && ld_body.as_ref().is_some_and(substantial) {
        ld_body.unwrap_or_default()
    } else if fallback_needed {
        let doc = Document::from(html);
        remove_comment_sections(&doc);
        let mut out = TextBuilder::with_hints();
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
    RawDoc { body, ..page }
}

/// True for an `id` or `class` name that marks a reader-comments section
/// (`comments`, `comment-list`, `commentlist`, `disqus_thread`, `respond`).
/// Readers' comments are not the article, but a long thread outweighs a
/// short post when readability scores the page.
fn is_comments_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase().replace('_', "-");
    let n = n.as_str();
    if matches!(
        n,
        "respond" | "disqus-thread" | "commentlist" | "comment-list" | "comments" | "comment"
    ) {
        return true;
    }
    let parts: Vec<&str> = n.split('-').filter(|p| !p.is_empty()).collect();
    // `comments-area`, `article-comments`, `user-comments`, `comment-thread`,
    // but not `comment-count` or `no-comments` (a link or a label).
    parts.iter().any(|p| *p == "comments" || *p == "comment")
        && parts.iter().all(|p| {
            matches!(
                *p,
                "comments"
                    | "comment"
                    | "area"
                    | "section"
                    | "list"
                    | "thread"
                    | "threads"
                    | "wrap"
                    | "wrapper"
                    | "container"
                    | "block"
                    | "box"
                    | "respond"
                    | "form"
                    | "user"
                    | "users"
                    | "reader"
                    | "readers"
                    | "article"
                    | "post"
                    | "blog"
                    | "main"
                    | "all"
                    | "entry"
                    | "body"
                    | "content"
                    | "holder"
                    | "widget"
                    | "module"
                    | "outer"
                    | "inner"
                    | "region"
                    | "panel"
                    | "js"
                    | "fb"
                    | "disqus"
                    | "livefyre"
                    | "open"
                    | "header"
                    | "footer"
                    | "info"
                    | "moderated"
                    | "subtext"
                    | "noscript"
                    | "error"
                    | "page"
                    | "story"
                    | "display"
            )
        })
}

/// Removes readers' comment sections (see [`is_comments_name`]) from a
/// parsed page.
fn remove_comment_sections(doc: &Document) {
    let Some(candidates) = doc.try_select("[id], [class]") else {
        return;
    };
    for node in candidates.nodes() {
        let marked = node.id_attr().is_some_and(|id| is_comments_name(&id))
            || node
                .class()
                .is_some_and(|c| c.split_whitespace().any(is_comments_name));
        let name = node.node_name().unwrap_or_default().to_ascii_lowercase();
        if marked && !matches!(name.as_str(), "html" | "body" | "main" | "article") {
            node.remove_from_parent();
        }
    }
}

/// The article text readability finds, rendered with paragraph breaks.
fn readability_text(doc: Document) -> Option<String> {
    // The page's JSON-LD is read by `metadata`; readability need not.
    let config = dom_smoothie::Config {
        disable_json_ld: true,
        ..dom_smoothie::Config::default()
    };
    let mut readability = dom_smoothie::Readability::with_document(doc, None, Some(config)).ok()?;
    let article = readability.parse().ok()?;
    let content = Document::fragment(article.content.to_string());
    let mut out = TextBuilder::with_hints();
    walk(&content.root(), FURNITURE, &mut out);
    let text = out.finish();
    (!text.trim().is_empty()).then_some(text)
}

/// Metadata from `<meta>` tags, JSON-LD, `<time>`, `<link rel=canonical>`
/// and `<html lang>` (the first source that has a value wins), and the
/// JSON-LD `articleBody` when the page has one; set on `page`.
fn metadata(doc: &Document, page: RawDoc) -> (RawDoc, Option<String>) {
    // One pass over the `<meta>` elements: (attribute, its value) → the
    // first non-empty content (a selector per key would scan the whole
    // page dozens of times).
    const META_ATTRS: [&str; 3] = ["property", "name", "itemprop"];
    let mut metas: std::collections::HashMap<(usize, String), String> =
        std::collections::HashMap::new();
    if let Some(sel) = doc.try_select("meta[content]") {
        for node in sel.nodes() {
            let Some(content) = node.attr("content").map(|c| clean_value(&c)) else {
                continue;
            };
            if content.is_empty() {
                continue;
            }
            for (i, attr) in META_ATTRS.iter().enumerate() {
                if let Some(key) = node.attr(attr) {
                    metas
                        .entry((i, key.to_string()))
                        .or_insert_with(|| content.clone());
                }
            }
        }
    }
    let meta = |keys: &[&str]| -> Option<String> {
        keys.iter().find_map(|key| {
            (0..META_ATTRS.len()).find_map(|i| metas.get(&(i, (*key).to_string())).cloned())
        })
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
    let title = title
        .map(|t| strip_outlet_suffix(&t, outlet.as_deref()))
        .filter(|t| crate::plain::has_readable_text(t));
    let page = RawDoc {
        title,
        url: first_attr("link[rel=canonical]", "href").or_else(|| meta(&["og:url"])),
        outlet,
        published,
        author,
        language: first_attr("html[lang]", "lang"),
        ..page
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

/// Marks a line whose text is mostly link text (a menu, a related-stories
/// list, a tag list). Cleaning removes such lines (reason `links`) and
/// strips the mark; it is a private-use character, so it never collides
/// with text.
pub const LINKS_HINT: char = '\u{E000}';

/// Marks a heading line (`<h1>`…`<h6>`): cleaning keeps it even when it
/// is short and unfinished, when text follows it.
pub const STRUCTURE_HINT: char = '\u{E001}';

/// Marks a row of a data table or a definition list (`<tr>`, `<dt>`,
/// `<dd>`): cleaning keeps it even when it is short and unfinished.
pub const ROW_HINT: char = '\u{E002}';

/// Marks any other line of a page: its markup showed it as a paragraph of
/// its own, so cleaning does not guess headlines from its length.
pub const TEXT_HINT: char = '\u{E003}';

/// Accumulates text with paragraph breaks; never emits runs of spaces or
/// more than one blank line. With `hints`, each line whose text is nearly
/// all inside links starts with [`LINKS_HINT`], each other line inside a
/// heading with [`STRUCTURE_HINT`], inside a data-table row or definition
/// list with [`ROW_HINT`].
#[derive(Default)]
struct TextBuilder {
    out: String,
    pending_space: bool,
    hints: bool,
    /// Where the current line starts in `out`.
    line_start: usize,
    /// Letters and digits of the current line, and how many were in links.
    line_chars: usize,
    line_linked: usize,
    /// The current line had text inside a heading, or a row.
    line_heading: bool,
    line_row: bool,
    /// Open `<a href>`, heading and row elements around the walk's position.
    link_depth: usize,
    heading_depth: usize,
    row_depth: usize,
}

impl TextBuilder {
    fn with_hints() -> Self {
        Self {
            hints: true,
            ..Self::default()
        }
    }

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
            if c.is_alphanumeric() {
                self.line_chars += 1;
                if self.link_depth > 0 {
                    self.line_linked += 1;
                }
            }
            self.line_heading |= self.heading_depth > 0;
            self.line_row |= self.row_depth > 0;
            self.out.push(c);
        }
    }

    /// Ends the current line: puts its hint in front of it.
    fn end_line(&mut self) {
        if self.hints && self.line_chars > 0 {
            // Nearly all link text: a line of links. A sentence or a list
            // item with a linked name in it is not.
            let hint = if self.line_linked * 10 >= self.line_chars * 9 {
                Some(LINKS_HINT)
            } else if self.line_heading {
                Some(STRUCTURE_HINT)
            } else if self.line_row {
                Some(ROW_HINT)
            } else {
                Some(TEXT_HINT)
            };
            if let Some(h) = hint {
                self.out.insert(self.line_start, h);
            }
        }
        self.line_chars = 0;
        self.line_linked = 0;
        self.line_heading = false;
        self.line_row = false;
    }

    fn line_break(&mut self) {
        self.pending_space = false;
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.end_line();
            self.out.push('\n');
        }
        self.line_start = self.out.len();
    }

    fn paragraph_break(&mut self) {
        self.line_break();
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
        self.line_start = self.out.len();
    }

    fn finish(mut self) -> String {
        self.line_break();
        self.out.trim().to_string()
    }
}

/// What to do when the walk leaves an element.
#[derive(Clone, Copy)]
enum Exit {
    Block,
    Link,
    Heading,
    Row,
}

const HEADINGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6"];

/// Blocks that make a table row a layout row rather than a data row.
const LAYOUT_IN_ROW: &[&str] = &[
    "table",
    "p",
    "div",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "form",
];

/// A table row holding only cells of text (no nested tables, paragraphs or
/// lists, which mark a table used for page layout).
fn is_data_row(node: &NodeRef) -> bool {
    !node.descendants().iter().any(|d| {
        d.node_name()
            .is_some_and(|n| LAYOUT_IN_ROW.contains(&n.to_ascii_lowercase().as_str()))
    })
}

/// Appends the text under `root` to `out`, leaving out [`SKIPPED`] elements
/// and `extra_skipped` ones.
fn walk(root: &NodeRef, extra_skipped: &[&str], out: &mut TextBuilder) {
    // (node, None) on entering; (node, Some(exit)) on leaving.
    let mut stack: Vec<(NodeRef, Option<Exit>)> = vec![(*root, None)];
    while let Some((node, exit)) = stack.pop() {
        match exit {
            Some(Exit::Block) => {
                out.paragraph_break();
                continue;
            }
            Some(Exit::Link) => {
                out.link_depth = out.link_depth.saturating_sub(1);
                continue;
            }
            Some(Exit::Heading) => {
                out.paragraph_break();
                out.heading_depth = out.heading_depth.saturating_sub(1);
                continue;
            }
            Some(Exit::Row) => {
                out.paragraph_break();
                out.row_depth = out.row_depth.saturating_sub(1);
                continue;
            }
            None => {}
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
            if matches!(name.as_str(), "td" | "th") {
                // Cells of a row are words apart, not glued together.
                out.pending_space = true;
            }
            if BLOCKS.contains(&name.as_str()) {
                out.paragraph_break();
                let exit = if HEADINGS.contains(&name.as_str()) {
                    out.heading_depth += 1;
                    Exit::Heading
                } else if matches!(name.as_str(), "dt" | "dd")
                    || (name == "tr" && is_data_row(&node))
                {
                    out.row_depth += 1;
                    Exit::Row
                } else {
                    Exit::Block
                };
                stack.push((node, Some(exit)));
                if name == "li" && !is_link_item(&node) {
                    // Marks list items as content for cleaning: a "key
                    // facts" bullet is not a related headline.
                    out.text(BULLET);
                }
            }
            if name == "a" && node.has_attr("href") {
                out.link_depth += 1;
                stack.push((node, Some(Exit::Link)));
            }
        } else if !(node.is_document() || node.is_fragment()) {
            continue; // comments, doctypes, processing instructions
        }
        let children = node.children();
        stack.extend(children.into_iter().rev().map(|c| (c, None)));
    }
}

/// Elements that never have a closing tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "option", "td", "tr", "th", "dt", "dd",
];

/// Elements whose content the HTML parser reads as raw text: a `<` inside
/// them (`if (a < b)` in a script) opens no tag.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
];

/// Elements whose content a tag strip must drop with them.
const STRIP_SKIPPED: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
    "template", "svg", "head", "select", "button", "object",
];

/// One tag found by [`scan_tags`].
struct Tag {
    /// Lower-case name (`div`).
    name: String,
    closing: bool,
    self_closing: bool,
    /// Byte range of the tag itself (`<` to `>` inclusive, or to the end).
    start: usize,
    end: usize,
}

/// Walks the tags of `html` in order, the way an HTML tokenizer sees them:
/// comments and `<!doctype>`/`<?…>` are passed over, `<` not followed by a
/// letter (or `/` and a letter) is text, and the content of raw-text
/// elements ([`RAW_TEXT`]) is passed over up to their end tag. `visit`
/// gets each tag and returns how far to jump (`None`: just past the tag).
fn scan_tags(html: &str, mut visit: impl FnMut(&Tag) -> Option<usize>) {
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(offset) = bytes
        .get(i..)
        .and_then(|b| b.iter().position(|&c| c == b'<'))
    {
        let lt = i + offset;
        let after = lt + 1;
        if bytes[after..].starts_with(b"!--") {
            i = find_from(bytes, after + 3, b"-->").map_or(bytes.len(), |p| p + 3);
            continue;
        }
        if matches!(bytes.get(after), Some(b'!' | b'?')) {
            i = find_from(bytes, after, b">").map_or(bytes.len(), |p| p + 1);
            continue;
        }
        let closing = bytes.get(after) == Some(&b'/');
        let name_start = if closing { after + 1 } else { after };
        if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            i = after;
            continue;
        }
        let name_end = bytes[name_start..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || *b == b'-' || *b == b':'))
            .map_or(bytes.len(), |p| name_start + p);
        let tag_end = find_from(bytes, name_end, b">").map_or(bytes.len(), |p| p + 1);
        let name = html
            .get(name_start..name_end)
            .unwrap_or("")
            .to_ascii_lowercase();
        let self_closing = tag_end >= 2 && bytes.get(tag_end - 2) == Some(&b'/');
        let tag = Tag {
            name,
            closing,
            self_closing,
            start: lt,
            end: tag_end,
        };
        let mut next = visit(&tag).unwrap_or(tag_end);
        if !closing && !self_closing && RAW_TEXT.contains(&tag.name.as_str()) {
            next = next.max(end_of_element(bytes, tag_end, &tag.name).0);
        }
        i = next.max(after).min(bytes.len());
    }
}

/// Where the element `name` whose content starts at `from` ends: (just past
/// its end tag, where its end tag starts), or the end of the input.
fn end_of_element(bytes: &[u8], from: usize, name: &str) -> (usize, usize) {
    let needle = format!("</{name}");
    let mut at = from;
    while let Some(p) = find_from_ignore_case(bytes, at, needle.as_bytes()) {
        let next = bytes.get(p + needle.len());
        if next.is_none_or(|b| !b.is_ascii_alphanumeric()) {
            let end = find_from(bytes, p, b">").map_or(bytes.len(), |q| q + 1);
            return (end, p);
        }
        at = p + needle.len();
    }
    (bytes.len(), bytes.len())
}

fn find_from(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if let [byte] = needle {
        return bytes
            .get(from..)?
            .iter()
            .position(|b| b == byte)
            .map(|p| from + p);
    }
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

fn find_from_ignore_case(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| from + p)
}

/// Upper estimate of the element nesting of `html`, from a scan of its tags
/// (optional-end tags such as `<p>` and `<li>` are not counted, nor
/// anything inside scripts, styles and comments).
fn estimated_depth(html: &str) -> usize {
    let mut depth = 0usize;
    let mut max = 0usize;
    scan_tags(html, |tag| {
        if !VOID.contains(&tag.name.as_str()) && !tag.self_closing {
            if tag.closing {
                depth = depth.saturating_sub(1);
            } else if !RAW_TEXT.contains(&tag.name.as_str()) {
                depth += 1;
                max = max.max(depth);
            }
        }
        None
    });
    max
}

/// Fallback for pathological markup: tags removed (block tags become
/// paragraph breaks), scripts, styles and other non-text elements dropped
/// with their content, the common entities decoded.
fn strip_tags(html: &str) -> String {
    let mut out = TextBuilder::default();
    let bytes = html.as_bytes();
    let mut text_from = 0usize;
    scan_tags(html, |tag| {
        out.text(&decode_entities(&without_markup_declarations(
            html.get(text_from..tag.start).unwrap_or(""),
        )));
        let mut next = tag.end;
        if tag.name == "br" {
            out.line_break();
        } else if BLOCKS.contains(&tag.name.as_str()) {
            out.paragraph_break();
        }
        if !tag.closing && !tag.self_closing && STRIP_SKIPPED.contains(&tag.name.as_str()) {
            next = end_of_element(bytes, tag.end, &tag.name).0;
        }
        text_from = next;
        Some(next)
    });
    out.text(&decode_entities(&without_markup_declarations(
        html.get(text_from..).unwrap_or(""),
    )));
    out.finish()
}

/// `s` without comments, doctypes and processing instructions (which
/// [`scan_tags`] passes over as no tags).
fn without_markup_declarations(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = [rest.find("<!"), rest.find("<?")]
        .into_iter()
        .flatten()
        .min()
    {
        out.push_str(&rest[..p]);
        let end = if rest[p..].starts_with("<!--") {
            rest[p..].find("-->").map_or(rest.len(), |e| p + e + 3)
        } else {
            rest[p..].find('>').map_or(rest.len(), |e| p + e + 1)
        };
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
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
    fn comment_section_names() {
        for name in [
            "comments",
            "comment",
            "commentlist",
            "comments-area",
            "article_comments",
            "disqus_thread",
            "respond",
            "comments-open-content",
        ] {
            assert!(is_comments_name(name), "{name}");
        }
        for name in [
            "comment-count",
            "no-comments-link",
            "article-body",
            "content",
            "commentary",
        ] {
            assert!(!is_comments_name(name), "{name}");
        }
    }

    #[test]
    fn script_content_is_not_markup() {
        let html = format!(
            "<html><body><script>{}</script><p>Text.</p></body></html>",
            "if (a < b && c <d) {}".repeat(1_000)
        );
        assert!(estimated_depth(&html) < 5);
        let stripped = strip_tags(
            "<style>p { color: red }</style><!-- note --><p>Kept</p><script>var x = a < b;</script>",
        );
        assert_eq!(stripped, "Kept");
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
        let page = page_to_doc("page.html", &html);
        assert_eq!(page.title.as_deref(), Some("Talks end"));
        assert_eq!(page.body, body.trim());
        assert_eq!(
            (page.path.as_str(), page.format),
            ("page.html", Format::Html)
        );
    }

    #[test]
    fn deeply_nested_page_does_not_overflow() {
        let html = format!(
            "<html><body>{}<p>The talks ended without a deal on Friday, officials said.</p>{}</body></html>",
            "<div>".repeat(100_000),
            "</div>".repeat(100_000)
        );
        let page = page_to_doc("page.html", &html);
        assert_eq!(
            page.body,
            "The talks ended without a deal on Friday, officials said."
        );
    }
}
