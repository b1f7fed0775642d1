//! Analysing stored stories: the part of the store that runs the pipeline.
//!
//! In: a story's stored documents. Out: its full cross-check report (as
//! `analyze` writes it), and listings whose `sources` count independent
//! sources the way `analyze` does. Clustering ([`crate::cluster`]) and the
//! assign protocol ([`crate::protocol`]) do not depend on this module, nor on
//! the pipeline crate.
//!
//! Invariants: read-only; a document that fails to prepare is left out of
//! the count, never an error.

use crate::{Result, Store, StorySummary, EXACT_SOURCES_MAX};
use corroborate_core::Report;

impl Store {
    /// `sources` as `analyze` (and `story ID`) counts them: the source
    /// groups of the story's alignment (copies and rewrites of one origin
    /// count once), for stories of at most [`EXACT_SOURCES_MAX`] articles;
    /// a larger story keeps the store's count of distinct outlets with
    /// near-duplicates counted once, so a listing stays fast.
    pub(crate) fn count_independent_sources(
        &mut self,
        mut stories: Vec<StorySummary>,
    ) -> Result<Vec<StorySummary>> {
        for s in stories.iter_mut().filter(|s| s.size <= EXACT_SOURCES_MAX) {
            let mut articles: Vec<corroborate_core::Article> = Vec::new();
            let mut seen = std::collections::HashSet::new();
            for doc in self.backend.story_docs(s.id)? {
                if let Ok(a) = corroborate_ingest::prepare(doc) {
                    if seen.insert(a.id.clone()) {
                        articles.push(a);
                    }
                }
            }
            if articles.is_empty() {
                continue;
            }
            // The order `analyze` uses, so the groups are the same.
            articles.sort_by(|a, b| a.path.cmp(&b.path));
            let mut groups = corroborate_align::align_story(&articles, None).source_group;
            groups.sort_unstable();
            groups.dedup();
            s.sources = groups.len();
        }
        Ok(stories)
    }

    /// The full cross-check report of one story, as `analyze` writes it.
    pub fn story_report(&mut self, story: i64) -> Result<Option<Report>> {
        let docs = self.backend.story_docs(story)?;
        if docs.is_empty() {
            return Ok(None);
        }
        Ok(Some(corroborate_pipeline::analyze_docs(
            docs,
            Vec::new(),
            &corroborate_pipeline::Options::default(),
        )))
    }
}
