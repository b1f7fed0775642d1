//! Articles as they flow from ingest to segmentation.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Input format an article was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Markdown,
    Html,
    Jsonl,
    Rss,
    Atom,
}

/// One article as read from its source, before cleaning.
///
/// `body` is the article text with markup already removed (HTML main-text
/// extraction, feed item content) but boilerplate still present.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RawDoc {
    /// File path (or `-` for stdin), with `:LINE` or `#ITEM` appended for
    /// records inside a JSONL file or a feed.
    pub path: String,
    pub format: Format,
    pub title: Option<String>,
    pub body: String,
    pub url: Option<String>,
    pub outlet: Option<String>,
    /// ISO 8601 date (`YYYY-MM-DD`) or date-time, when known.
    pub published: Option<String>,
    pub author: Option<String>,
    pub language: Option<String>,
}

impl RawDoc {
    /// A plain-text document with no metadata (title, URL, outlet, date…),
    /// as typed in or generated; set any metadata with struct update syntax.
    pub fn text(path: impl Into<String>, body: impl Into<String>) -> RawDoc {
        RawDoc {
            path: path.into(),
            format: Format::Text,
            title: None,
            body: body.into(),
            url: None,
            outlet: None,
            published: None,
            author: None,
            language: None,
        }
    }
}

/// A boilerplate line dropped by cleaning, kept so the user can audit it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RemovedLine {
    pub text: String,
    /// Why it was dropped: `share_prompt`, `caption`, `video_teaser`,
    /// `related_headline`, `section_label`, `dateline`, ...
    pub reason: String,
}

/// One sentence of an article's cleaned text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Sentence {
    /// Position in the article, from 0.
    pub index: usize,
    pub text: String,
    /// Byte offsets into [`Article::text`]; `text == article.text[start..end]`.
    pub start: usize,
    pub end: usize,
}

/// A cleaned, segmented article: the unit every later stage works on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Article {
    /// Stable content hash of the raw body (see [`content_id`]).
    pub id: String,
    pub path: String,
    pub format: Format,
    pub title: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub author: Option<String>,
    pub language: Option<String>,
    /// Place named in a leading dateline ("ISTANBUL:"), if any.
    pub dateline_place: Option<String>,
    /// Cleaned body text (boilerplate removed).
    pub text: String,
    pub removed: Vec<RemovedLine>,
    pub sentences: Vec<Sentence>,
}

/// A sentence of one article in a story, by position.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub struct SentenceRef {
    /// Index of the article in the story's article list.
    pub article: usize,
    /// Index of the sentence in that article.
    pub sentence: usize,
}

/// Stable id of an article: the first 16 hex digits of the SHA-256 of its
/// raw body with whitespace runs collapsed, so re-saving a file with other
/// line endings keeps its id.
pub fn content_id(body: &str) -> String {
    let mut hasher = Sha256::new();
    for (i, word) in body.split_whitespace().enumerate() {
        if i > 0 {
            hasher.update(b" ");
        }
        hasher.update(word.as_bytes());
    }
    hex::encode(&hasher.finalize()[..8])
}

impl Article {
    /// A plain-text article with no metadata (title, URL, outlet, date…),
    /// nothing removed by cleaning, the given sentences (whose spans must
    /// index `text`) and, as ingest gives it, the text's content hash as
    /// id; set any other field with struct update syntax. For tests,
    /// benchmarks and evaluations that build articles without ingest.
    pub fn plain(
        path: impl Into<String>,
        text: impl Into<String>,
        sentences: Vec<Sentence>,
    ) -> Article {
        let text = text.into();
        Article {
            id: content_id(&text),
            path: path.into(),
            format: Format::Text,
            title: None,
            url: None,
            outlet: None,
            published: None,
            author: None,
            language: None,
            dateline_place: None,
            text,
            removed: Vec::new(),
            sentences,
        }
    }

    /// Display name: outlet, else title, else file name.
    pub fn label(&self) -> String {
        if let Some(o) = self.outlet.as_deref().filter(|s| !s.is_empty()) {
            return o.to_string();
        }
        let file = self.path.rsplit(['/', '\\']).next().unwrap_or(&self.path);
        file.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_id_ignores_whitespace_layout() {
        assert_eq!(content_id("a  b\r\nc"), content_id("a b\nc"));
        assert_ne!(content_id("a b c"), content_id("a b d"));
        assert_eq!(content_id("x").len(), 16);
    }
}
