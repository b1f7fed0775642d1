//! A plain text → [`Article`] builder for evaluation and tests that have
//! plain text but not the ingest stage's files.
//!
//! In: a name (the article's path), a text and an optional publication
//! date. Out: an [`Article`] whose sentences are the ingest stage's own
//! segmentation of the text ([`corroborate_ingest::segment::segment`]:
//! abbreviations, initials, quotes, ellipses, line breaks), so that an
//! evaluation measures a stage on the sentences the product would give
//! it. The text is not cleaned (no boilerplate removal, no dateline); the
//! id is the text's content hash, as ingest gives it.
//!
//! Invariant: every sentence satisfies `text == article.text[start..end]`.

use corroborate_core::Article;

/// Builds an article from plain text, split into sentences as ingest does.
pub fn plain_article(path: &str, text: &str, published: Option<&str>) -> Article {
    Article {
        published: published.map(str::to_string),
        ..Article::plain(path, text, corroborate_ingest::segment::segment(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use corroborate_core::content_id;

    #[test]
    fn splits_sentences_with_spans() {
        let t = "Mr. Smith arrived. \"It is fine,\" he said. The U.S. agreed on Jan. 5 with Dr. Jones.\nNew line here";
        let a = plain_article("x", t, Some("2025-05-15"));
        let texts: Vec<&str> = a.sentences.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Mr. Smith arrived.",
                "\"It is fine,\" he said.",
                "The U.S. agreed on Jan. 5 with Dr. Jones.",
                "New line here"
            ]
        );
        for (i, s) in a.sentences.iter().enumerate() {
            assert_eq!(&a.text[s.start..s.end], s.text);
            assert_eq!(s.index, i);
        }
        assert_eq!(a.path, "x");
        assert_eq!(a.published.as_deref(), Some("2025-05-15"));
        assert_eq!(a.id, content_id(t));
    }
}
