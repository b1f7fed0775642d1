//! Where the server's stories come from: the [`StorySource`] trait and its
//! in-memory implementation [`MemoryStories`].
//!
//! In: analysed [`Report`]s (from `--story DIR` at start-up, the paste form
//! or `POST /api/analyze`). Out: story summaries for the list and search,
//! and the full report of one story by id.
//!
//! Invariants: a story's id is derived from the ids of its articles
//! ([`story_id`]), so analysing the same articles twice gives the same story
//! rather than a duplicate; listing order is newest first and does not depend
//! on hash-map order. The corpus store (`corroborate serve --db`) plugs in
//! by implementing [`StorySource`] too (`DbStories` in crates/cli/src/serve.rs).

use corroborate_core::{text::fold, FindingKind, RawDoc, Report};
use serde::Serialize;
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

/// One line of the story list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StorySummary {
    pub id: String,
    pub headline: Option<String>,
    pub article_count: usize,
    /// Independent source groups; `None` when the story was not analysed yet
    /// (a story listed from the corpus store is analysed when opened).
    pub independent_sources: Option<usize>,
    /// Distinct outlet names, in article order (may be empty when unknown).
    pub outlets: Vec<String>,
    pub first_published: Option<String>,
    pub last_published: Option<String>,
    /// Number of findings; `None` when not analysed yet.
    pub findings: Option<usize>,
    /// Number of contradictions among them; `None` when not analysed yet.
    pub contradictions: Option<usize>,
}

impl StorySummary {
    /// Summary of `report`, stored under `id`.
    pub fn of(id: &str, report: &Report) -> Self {
        let mut outlets: Vec<String> = Vec::new();
        for a in &report.articles {
            if let Some(o) = a.outlet.as_deref().filter(|o| !o.trim().is_empty()) {
                if !outlets.iter().any(|x| x == o) {
                    outlets.push(o.to_string());
                }
            }
        }
        Self {
            id: id.to_string(),
            headline: report.story.headline.clone(),
            article_count: report.articles.len(),
            independent_sources: Some(report.story.independent_sources),
            outlets,
            first_published: report.story.first_published.clone(),
            last_published: report.story.last_published.clone(),
            findings: Some(report.findings.len()),
            contradictions: Some(
                report
                    .findings
                    .iter()
                    .filter(|f| f.kind == FindingKind::Contradiction)
                    .count(),
            ),
        }
    }
}

/// A failure of the story backend itself (not "no such story").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceError(pub String);

impl std::fmt::Display for SourceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SourceError {}

/// A collection of analysed stories the web app shows and adds to.
///
/// Calls are synchronous and may block (database I/O, analysing a stored
/// story on first view): the handlers run them on tokio's blocking pool.
pub trait StorySource: Send + Sync {
    /// Stories matching `query` (every word, case and accents ignored), or
    /// all stories when `query` is `None` or blank; newest first.
    fn list(&self, query: Option<&str>) -> Result<Vec<StorySummary>, SourceError>;
    /// The analysed report of story `id`, or `None` when there is no such
    /// story or it has not been analysed yet (see [`StorySource::unanalysed`]).
    /// Cheap: never runs the pipeline.
    fn report(&self, id: &str) -> Result<Option<Arc<Report>>, SourceError>;
    /// The articles of story `id` when it is stored but not analysed yet.
    /// The web app runs them through the pipeline in one of its analysis
    /// slots, within its time budget (a stored story is as costly to open as
    /// a submitted one), and hands the result to [`StorySource::remember`].
    /// `None` when there is nothing to analyse (the default).
    fn unanalysed(&self, _id: &str) -> Result<Option<Vec<RawDoc>>, SourceError> {
        Ok(None)
    }
    /// Keeps the report of a story analysed from [`StorySource::unanalysed`]
    /// so that it is served by [`StorySource::report`] next time (the
    /// default keeps nothing).
    fn remember(&self, _id: &str, _report: Arc<Report>) {}
    /// Stores `report` and returns its story id (the existing id when the
    /// same articles were stored before).
    fn add(&self, report: Report) -> Result<String, SourceError>;
}

/// Id of the story made of `report`'s articles: a hash of their sorted
/// content ids, so it does not depend on input order or file names.
pub fn story_id(report: &Report) -> String {
    let mut ids: Vec<&str> = report.articles.iter().map(|a| a.id.as_str()).collect();
    ids.sort_unstable();
    corroborate_core::content_id(&ids.join(" "))
}

struct StoredStory {
    report: Arc<Report>,
    summary: StorySummary,
    /// Folded text searched by [`StorySource::list`].
    haystack: String,
}

#[derive(Default)]
struct MemoryInner {
    /// Story ids, oldest first.
    order: VecDeque<String>,
    stories: HashMap<String, StoredStory>,
}

/// Stories kept in memory, at most `capacity` of them; adding one more
/// forgets the oldest, so a long-running server cannot grow without bound.
pub struct MemoryStories {
    inner: Mutex<MemoryInner>,
    capacity: usize,
}

impl MemoryStories {
    /// Default number of stories kept.
    pub const DEFAULT_CAPACITY: usize = 500;

    pub fn new(capacity: usize) -> Self {
        Self {
            inner: Mutex::new(MemoryInner::default()),
            capacity: capacity.max(1),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, MemoryInner> {
        // A panic while holding the lock leaves plain data behind, still
        // consistent enough to read: recover instead of failing forever.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Default for MemoryStories {
    fn default() -> Self {
        Self::new(Self::DEFAULT_CAPACITY)
    }
}

/// Everything a search may match: headline, titles, outlets, entity names
/// and variants, and the article sentences.
fn haystack(report: &Report) -> String {
    let mut parts: Vec<&str> = Vec::new();
    parts.extend(report.story.headline.as_deref());
    for a in &report.articles {
        parts.extend(a.title.as_deref());
        parts.extend(a.outlet.as_deref());
        parts.extend(a.sentences.iter().map(|s| s.text.as_str()));
    }
    for e in &report.entities {
        parts.push(&e.canonical);
        parts.extend(e.variants.iter().map(String::as_str));
    }
    fold(&parts.join("\n"))
}

/// Folded words of a search query.
fn query_words(query: Option<&str>) -> Vec<String> {
    fold(query.unwrap_or(""))
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

impl StorySource for MemoryStories {
    fn list(&self, query: Option<&str>) -> Result<Vec<StorySummary>, SourceError> {
        let words = query_words(query);
        let inner = self.lock();
        Ok(inner
            .order
            .iter()
            .rev()
            .filter_map(|id| inner.stories.get(id))
            .filter(|s| words.iter().all(|w| s.haystack.contains(w.as_str())))
            .map(|s| s.summary.clone())
            .collect())
    }

    fn report(&self, id: &str) -> Result<Option<Arc<Report>>, SourceError> {
        Ok(self.lock().stories.get(id).map(|s| s.report.clone()))
    }

    fn add(&self, report: Report) -> Result<String, SourceError> {
        let id = story_id(&report);
        let stored = StoredStory {
            summary: StorySummary::of(&id, &report),
            haystack: haystack(&report),
            report: Arc::new(report),
        };
        let mut inner = self.lock();
        if inner.stories.insert(id.clone(), stored).is_some() {
            // Re-analysed: move it to the front of the list.
            inner.order.retain(|x| x != &id);
        }
        inner.order.push_back(id.clone());
        while inner.order.len() > self.capacity {
            if let Some(oldest) = inner.order.pop_front() {
                inner.stories.remove(&oldest);
            }
        }
        Ok(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use corroborate_core::{ArticleReport, SentenceReport};

    fn report(headline: &str, ids: &[&str], sentence: &str) -> Report {
        let mut r = Report::default();
        r.story.headline = Some(headline.to_string());
        r.articles = ids
            .iter()
            .map(|id| ArticleReport {
                id: id.to_string(),
                path: format!("{id}.txt"),
                title: None,
                outlet: Some("Ōutlet".into()),
                url: None,
                published: None,
                author: None,
                dateline_place: None,
                removed: Vec::new(),
                sentences: vec![SentenceReport {
                    index: 0,
                    text: sentence.to_string(),
                    start: 0,
                    end: sentence.len(),
                    quantities: Vec::new(),
                    times: Vec::new(),
                }],
                fidelity: None,
                source_group: 0,
                garble: 0.0,
            })
            .collect();
        r
    }

    #[test]
    fn same_articles_give_same_story_whatever_the_order() {
        let store = MemoryStories::default();
        let a = store.add(report("A", &["1", "2"], "x")).unwrap();
        let b = store.add(report("A again", &["2", "1"], "x")).unwrap();
        assert_eq!(a, b);
        assert_eq!(store.list(None).unwrap().len(), 1);
    }

    #[test]
    fn search_folds_case_and_accents_and_needs_every_word() {
        let store = MemoryStories::default();
        store
            .add(report("Talks in İstanbul", &["1"], "The ceasefire failed."))
            .unwrap();
        store.add(report("Floods", &["2"], "Rivers rose.")).unwrap();
        let hits = store.list(Some("CEASEFIRE outlet")).unwrap();
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].headline.as_deref(), Some("Talks in İstanbul"));
        assert!(store.list(Some("ceasefire rivers")).unwrap().is_empty());
        assert_eq!(store.list(Some("  ")).unwrap().len(), 2);
    }

    #[test]
    fn list_is_newest_first_and_capacity_forgets_the_oldest() {
        let store = MemoryStories::new(2);
        let first = store.add(report("one", &["1"], "a")).unwrap();
        store.add(report("two", &["2"], "b")).unwrap();
        store.add(report("three", &["3"], "c")).unwrap();
        let heads: Vec<_> = store
            .list(None)
            .unwrap()
            .into_iter()
            .map(|s| s.headline.unwrap_or_default())
            .collect();
        assert_eq!(heads, ["three", "two"]);
        assert!(store.report(&first).unwrap().is_none());
    }
}
