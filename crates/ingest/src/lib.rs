//! Ingest → clean → segment.
//!
//! In: paths (files or folders), bytes of unknown format, or a reader of
//! JSONL. Out: [`RawDoc`]s, then [`Article`]s with cleaned text, the removed
//! boilerplate and sentences with byte spans into the cleaned text. Bad
//! inputs become [`InputProblem`]s; one bad input never stops the others,
//! and no input makes this crate panic.
//!
//! * Formats: plain text and Markdown ([`plain`]), HTML pages ([`html`]),
//!   JSONL records and JSON arrays of records ([`jsonl`]), RSS/Atom/JSON
//!   feeds ([`feed`]). A known extension decides the format; otherwise the
//!   content is sniffed ([`ingest_bytes`]).
//! * Paths: a file keeps its path; a JSONL record is `file:LINE`, a feed
//!   item or JSON array element `file#N` (both counted from 1).
//! * Folders are read recursively in sorted order, hidden entries skipped;
//!   README/LICENSE-like files found in a folder are skipped with a problem
//!   (a file named on its own is read). A user-given `published` (JSONL,
//!   Markdown front matter) that is no date is left out with a problem.
//! * [`prepare`] gives each document its stable id ([`content_id`] of the
//!   raw body), cleans it ([`clean()`]) and segments it ([`segment()`]),
//!   within the bounds of [`limits`]: a body over
//!   [`limits::MAX_ARTICLE_BYTES`] is cut at a line break, a sentence over
//!   [`limits::MAX_SENTENCE_BYTES`] split at spaces;
//!   [`prepare_reporting`] reports each cut as an [`InputProblem`].

pub mod clean;
pub mod dates;
pub mod feed;
pub mod html;
pub mod jsonl;
pub mod limits;
pub mod plain;
pub mod segment;

pub use clean::{clean, Cleaned};
pub use segment::segment;

use corroborate_core::{content_id, Article, InputProblem, RawDoc};
use std::path::{Path, PathBuf};

/// What ingest read: the documents, and the inputs it had to skip.
#[derive(Debug, Default)]
pub struct Ingested {
    pub docs: Vec<RawDoc>,
    pub problems: Vec<InputProblem>,
}

impl Ingested {
    /// Appends what another read produced.
    pub fn extend(&mut self, other: Ingested) {
        self.docs.extend(other.docs);
        self.problems.extend(other.problems);
    }
}

/// Reads every supported file under `paths` (folders recursively, sorted).
pub fn ingest_paths(paths: &[PathBuf]) -> Ingested {
    let mut out = Ingested::default();
    for path in paths {
        let mut files = Vec::new();
        let mut visited = std::collections::HashSet::new();
        collect_files(path, &mut files, &mut visited, &mut out.problems);
        for file in files {
            out.extend(ingest_file(&file));
        }
    }
    out
}

/// Lists the files under `path` in sorted order. Hidden entries are
/// skipped, and a folder reached twice through links is read once (no
/// endless loop on a link to a parent folder).
fn collect_files(
    path: &Path,
    files: &mut Vec<PathBuf>,
    visited: &mut std::collections::HashSet<PathBuf>,
    problems: &mut Vec<InputProblem>,
) {
    if !path.is_dir() {
        files.push(path.to_path_buf());
        return;
    }
    let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    if !visited.insert(canonical) {
        return;
    }
    let entries = match std::fs::read_dir(path) {
        Ok(e) => e,
        Err(e) => {
            problems.push(InputProblem::new(
                path.display().to_string(),
                None,
                format!("cannot read folder: {e}"),
            ));
            return;
        }
    };
    let mut children: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .collect();
    children.sort();
    for child in children {
        if !child.is_dir() && is_project_file(&child) {
            problems.push(InputProblem::new(
                child.display().to_string(),
                None,
                "skipped: a README/LICENSE-like file in a folder is not an article \
                 (name the file itself to read it)",
            ));
            continue;
        }
        collect_files(&child, files, visited, problems);
    }
}

/// Names (before the first dot, any case) of the files that come with a
/// folder of documents rather than being documents: `README.md`,
/// `LICENSE`, `LICENSE-MIT`, `CHANGELOG.txt`.
const PROJECT_FILES: &[&str] = &[
    "readme",
    "license",
    "licence",
    "unlicense",
    "copying",
    "copyright",
    "notice",
    "changelog",
    "changes",
    "contributing",
    "contributors",
    "authors",
    "code_of_conduct",
    "security",
];

fn is_project_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let stem = name.split('.').next().unwrap_or("");
    PROJECT_FILES.iter().any(|p| {
        stem == *p
            || stem
                .strip_prefix(p)
                .is_some_and(|rest| rest.starts_with(['-', '_']))
    })
}

pub use limits::MAX_FILE_BYTES;

/// Reads one file.
fn ingest_file(path: &Path) -> Ingested {
    let name = path.display().to_string();
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.len() > MAX_FILE_BYTES {
            return Ingested {
                docs: Vec::new(),
                problems: vec![InputProblem::new(
                    name,
                    None,
                    format!("file too large ({} bytes), skipped", meta.len()),
                )],
            };
        }
    }
    match std::fs::read(path) {
        Ok(bytes) => ingest_bytes(&name, &bytes),
        Err(e) => Ingested {
            docs: Vec::new(),
            problems: vec![InputProblem::new(
                name,
                None,
                format!("cannot read file: {e}"),
            )],
        },
    }
}

/// Input kinds [`ingest_bytes`] tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Markdown,
    Html,
    Feed,
    Jsonl,
}

/// Extensions of files that are certainly not articles we can read.
const BINARY_EXTENSIONS: &[&str] = &[
    "pdf", "doc", "docx", "odt", "rtf", "png", "jpg", "jpeg", "gif", "webp", "svg", "ico", "zip",
    "gz", "tgz", "bz2", "xz", "7z", "tar", "exe", "dll", "so", "bin", "mp3", "mp4", "mov", "wav",
    "woff", "woff2", "ttf", "epub", "xls", "xlsx", "ppt", "pptx", "sqlite", "db",
];

/// Reads one input of unknown format named `name` (a path or a label such
/// as `pasted`): the extension decides when it is a known one, else the
/// content is sniffed (feed, HTML, JSONL, Markdown, else plain text).
pub fn ingest_bytes(name: &str, bytes: &[u8]) -> Ingested {
    let problem = |reason: String| Ingested {
        docs: Vec::new(),
        problems: vec![InputProblem::new(name, None, reason)],
    };
    let extension = Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if BINARY_EXTENSIONS.contains(&extension.as_str()) {
        return problem(format!("unsupported file type (.{extension}), skipped"));
    }
    let by_extension = match extension.as_str() {
        "txt" | "text" => Some(Kind::Text),
        "md" | "markdown" | "mdown" | "mkd" => Some(Kind::Markdown),
        "html" | "htm" | "xhtml" | "shtml" => Some(Kind::Html),
        "rss" | "atom" => Some(Kind::Feed),
        "jsonl" | "ndjson" => Some(Kind::Jsonl),
        "json" if looks_like_json_feed(bytes) => Some(Kind::Feed),
        _ => None,
    };
    // Feeds are decoded by the XML parser, which honours their declared
    // encoding; everything else must be UTF-8.
    if by_extension == Some(Kind::Feed) {
        return feed::ingest_feed(name, bytes);
    }
    let declared;
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.strip_prefix('\u{FEFF}').unwrap_or(t),
        Err(_)
            if by_extension.is_none_or(|k| k == Kind::Html)
                && declared_charset(bytes).is_some() =>
        {
            match declared_charset(bytes)
                .and_then(|enc| enc.decode_without_bom_handling_and_without_replacement(bytes))
            {
                Some(decoded) => {
                    declared = decoded.into_owned();
                    declared.as_str()
                }
                None => return problem("not valid in its declared character set".into()),
            }
        }
        // A page that declares no other character set but is not valid
        // UTF-8 (old pages, a stray byte): decoded the way browsers do.
        Err(_)
            if by_extension == Some(Kind::Html)
                || (by_extension.is_none() && html::looks_like_page(bytes)) =>
        {
            declared = html::decode_undeclared(bytes);
            declared.as_str()
        }
        Err(e) => {
            return problem(if by_extension.is_none() && !extension.is_empty() {
                format!("unsupported file type (.{extension}): not UTF-8 text")
            } else {
                format!("not valid UTF-8 ({e})")
            })
        }
    };
    if text.trim().is_empty() {
        return problem("empty input".into());
    }
    if by_extension.is_none() && text.trim_start().starts_with('[') {
        if let Ok(serde_json::Value::Array(items)) = serde_json::from_str(text) {
            if items.iter().any(serde_json::Value::is_object) {
                return jsonl::read_array(name, items);
            }
        }
    }
    let kind = by_extension.unwrap_or_else(|| sniff(text));
    match kind {
        Kind::Feed => feed::ingest_feed(name, text.as_bytes()),
        Kind::Jsonl => jsonl::read(name, text.as_bytes()),
        Kind::Html => one(html::page_to_doc(name, text)),
        Kind::Markdown => {
            let (doc, warning) = plain::markdown_doc_checked(name, text);
            let mut read = one(doc);
            read.problems
                .extend(warning.map(|w| InputProblem::new(name, None, w)));
            read
        }
        Kind::Text => one(plain::text_doc(name, text)),
    }
}

/// One document, or a problem when it has no text.
fn one(doc: RawDoc) -> Ingested {
    if doc.body.trim().is_empty() {
        return Ingested {
            docs: Vec::new(),
            problems: vec![InputProblem::new(doc.path, None, "no readable text")],
        };
    }
    Ingested {
        docs: vec![doc],
        problems: Vec::new(),
    }
}

/// The character set an HTML page declares in its first bytes
/// (`<meta charset="windows-1252">` or an `http-equiv` content type), when
/// it is one other than UTF-8.
fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    if !head.trim_start().starts_with('<') {
        return None;
    }
    let at = head.find("charset=")? + "charset=".len();
    let label: String = head[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    encoding_rs::Encoding::for_label(label.as_bytes()).filter(|e| *e != encoding_rs::UTF_8)
}

fn looks_like_json_feed(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    String::from_utf8_lossy(head).contains("jsonfeed.org/version")
}

/// Guesses the kind of a text from its first characters.
fn sniff(text: &str) -> Kind {
    let head: String = text.trim_start().chars().take(4096).collect();
    let lower = head.to_lowercase();
    if lower.starts_with('<') {
        let feed_marker = ["<rss", "<feed", "<rdf:rdf"]
            .iter()
            .any(|m| lower.contains(m));
        if feed_marker && !lower.contains("<html") {
            return Kind::Feed;
        }
        if lower.starts_with("<?xml") && !lower.contains("<html") {
            return Kind::Feed; // other XML is then reported as "not a feed"
        }
        return Kind::Html;
    }
    if lower.starts_with('{') && lower.contains("jsonfeed.org/version") {
        return Kind::Feed;
    }
    if lower.starts_with('{') {
        // The whole first line, however long: one JSONL record can be far
        // longer than the sniffed head.
        let first_line = text.trim_start().lines().next().unwrap_or("");
        if serde_json::from_str::<serde_json::Value>(first_line).is_ok_and(|v| v.is_object()) {
            return Kind::Jsonl;
        }
    }
    if html::looks_like_html(&head) && lower.contains("</p>") {
        return Kind::Html;
    }
    let markdown_signs = head.lines().take(40).any(|l| {
        let t = l.trim_start();
        t.starts_with("# ") || t.starts_with("## ") || (t.starts_with("```"))
    }) || head.starts_with("---\n")
        || head.contains("](");
    if markdown_signs {
        Kind::Markdown
    } else {
        Kind::Text
    }
}

/// Ingests and prepares every document under `paths`, ordered by path,
/// skipping those that cannot be read or leave no text (for tools, tests
/// and examples; the pipeline reports such documents as problems instead).
pub fn prepared_articles(paths: &[PathBuf]) -> Vec<Article> {
    let mut articles: Vec<Article> = ingest_paths(paths)
        .docs
        .into_iter()
        .filter_map(|d| prepare(d).ok())
        .collect();
    articles.sort_by(|a, b| a.path.cmp(&b.path));
    articles
}

/// Cleans and segments one document, within the [`limits`]. What a limit
/// cut is not reported here: use [`prepare_reporting`] to hear about it.
pub fn prepare(doc: RawDoc) -> Result<Article, InputProblem> {
    prepare_reporting(doc, &mut Vec::new())
}

/// Cleans and segments one document. A body over
/// [`limits::MAX_ARTICLE_BYTES`] is cut, sentences over
/// [`limits::MAX_SENTENCE_BYTES`] are split, and each cut is pushed to
/// `problems` (the article itself is still returned). The id is the
/// content hash of the whole body, before any cut.
pub fn prepare_reporting(
    doc: RawDoc,
    problems: &mut Vec<InputProblem>,
) -> Result<Article, InputProblem> {
    let id = content_id(&doc.body);
    let body = match truncate_at_break(&doc.body, limits::MAX_ARTICLE_BYTES) {
        Some(cut) => {
            problems.push(InputProblem::new(
                doc.path.clone(),
                None,
                format!(
                    "article too long ({} bytes): analysed its first {} bytes only (limit {})",
                    doc.body.len(),
                    cut.len(),
                    limits::MAX_ARTICLE_BYTES
                ),
            ));
            cut
        }
        None => doc.body.as_str(),
    };
    let cleaned = clean(body, doc.title.as_deref());
    let (sentences, split) = segment::segment_bounded(&cleaned.text, limits::MAX_SENTENCE_BYTES);
    if sentences.is_empty() {
        return Err(InputProblem::new(
            doc.path,
            None,
            "no text left after cleaning",
        ));
    }
    if split > 0 {
        problems.push(InputProblem::new(
            doc.path.clone(),
            None,
            format!(
                "{split} sentence(s) longer than {} bytes split into pieces at spaces",
                limits::MAX_SENTENCE_BYTES
            ),
        ));
    }
    Ok(Article {
        id,
        path: doc.path,
        format: doc.format,
        title: doc.title,
        url: doc.url,
        outlet: doc.outlet,
        published: doc.published.or(cleaned.date),
        author: doc.author.or(cleaned.byline),
        language: doc.language,
        dateline_place: cleaned.dateline_place,
        text: cleaned.text,
        removed: cleaned.removed,
        sentences,
    })
}

/// Years a publication date may fall in; outside them a date is a typo or
/// a placeholder (`0001-01-01`, `9999-12-31`).
const PUBLISHED_YEARS: std::ops::RangeInclusive<i32> = 1800..=2200;

/// A user-given publication date (JSONL field, Markdown front matter) made
/// ISO 8601, or why it is not taken: a value that is not a date, or one
/// with an implausible year.
pub(crate) fn checked_published(raw: &str) -> Result<String, String> {
    let shown: String = raw.chars().take(40).collect();
    let date = dates::normalize(raw).ok_or_else(|| {
        format!(
            "published {shown:?} is not a date (ISO 8601 expected, e.g. 2025-05-15 or \
             2025-05-15T10:00:00Z); left out"
        )
    })?;
    let year = date.get(..4).and_then(|y| y.parse::<i32>().ok());
    if year.is_none_or(|y| !PUBLISHED_YEARS.contains(&y)) {
        return Err(format!(
            "published {shown:?} has an implausible year (ISO 8601 date expected); left out"
        ));
    }
    Ok(date)
}

/// `text` cut to at most `max` bytes at its last line break before the
/// limit (else its last space, else a `char` boundary), or `None` when it
/// is short enough.
fn truncate_at_break(text: &str, max: usize) -> Option<&str> {
    if text.len() <= max {
        return None;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    // Only look back a little: a break far before the limit wastes text.
    let floor = end.saturating_sub(64 * 1024);
    let cut = head
        .rfind('\n')
        .filter(|&i| i >= floor)
        .or_else(|| head.rfind(' ').filter(|&i| i >= floor))
        .unwrap_or(end);
    Some(&text[..cut])
}

/// Reads JSONL records (one object per line, `text` required) from a reader.
pub fn ingest_jsonl_reader(name: &str, reader: impl std::io::BufRead) -> Ingested {
    jsonl::read(name, reader)
}
