//! Turning submitted articles into a [`Report`].
//!
//! In: articles from the JSON API ([`ApiArticle`]), from the paste form's
//! text boxes, from one bulk paste or from uploaded files (the last two are
//! sniffed by `corroborate_ingest::ingest_bytes`: text, Markdown, HTML,
//! JSONL, RSS/Atom). Out: the report, or [`AnalysisError`] when no article
//! could be analysed.
//!
//! Invariants: the CPU-bound pipeline runs on tokio's blocking pool, at most
//! [`crate::WebConfig::max_parallel_analyses`] at a time, so a burst of
//! uploads cannot starve the pages; a panic inside the pipeline becomes an
//! error for that request, never a dead server.

use corroborate_core::{Format, InputProblem, RawDoc, Report};
use serde::Deserialize;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// One article of `POST /api/analyze`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ApiArticle {
    pub text: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub outlet: Option<String>,
    /// ISO 8601 date or date-time.
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
}

/// Body of `POST /api/analyze`.
#[derive(Debug, Clone, Deserialize)]
pub struct AnalyzeRequest {
    pub articles: Vec<ApiArticle>,
}

/// Why a submission produced no report.
#[derive(Debug, Clone, PartialEq)]
pub enum AnalysisError {
    /// Nothing could be analysed; the problems say why for each input.
    NothingAnalysable(Vec<InputProblem>),
    /// More articles than the server accepts in one request.
    TooManyArticles { given: usize, max: usize },
    /// The pipeline failed (a bug); the request is dropped, the server lives.
    Internal(String),
}

impl std::fmt::Display for AnalysisError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NothingAnalysable(p) if p.is_empty() => f.write_str("no article was given"),
            Self::NothingAnalysable(_) => f.write_str("no article could be analysed"),
            Self::TooManyArticles { given, max } => {
                write!(
                    f,
                    "too many articles: {given} given, at most {max} accepted"
                )
            }
            Self::Internal(m) => write!(f, "analysis failed: {m}"),
        }
    }
}

/// Blank fields count as absent, and surrounding white space is dropped.
fn field(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// A raw document from one typed-in article; `label` names it in problems
/// and stands in for a file name.
///
/// Without a title, the text is read the way a file would be (so a headline
/// on the first line becomes the title, and pasted HTML is reduced to its
/// text); fields that were given always win over what that reading found.
pub fn doc_from_fields(label: String, article: ApiArticle) -> RawDoc {
    let title = field(article.title);
    let mut doc = RawDoc {
        path: label,
        format: Format::Text,
        title: None,
        body: String::new(),
        url: None,
        outlet: None,
        published: None,
        author: None,
        language: None,
    };
    let read = if title.is_none() {
        let mut ingested = corroborate_ingest::ingest_bytes(&doc.path, article.text.as_bytes());
        // Only a single article is taken apart; a paste that reads as
        // several (JSONL, a feed) stays one body of text, as typed.
        match ingested.docs.len() {
            1 => ingested.docs.pop(),
            _ => None,
        }
    } else {
        None
    };
    match read {
        Some(found) => {
            doc = RawDoc {
                path: doc.path,
                ..found
            }
        }
        None => doc.body = article.text,
    }
    doc.title = title.or(doc.title);
    doc.url = field(article.url).or(doc.url);
    doc.outlet = field(article.outlet).or(doc.outlet);
    doc.published = field(article.published).or(doc.published);
    doc.author = field(article.author).or(doc.author);
    doc
}

/// Documents and problems gathered from one submission.
#[derive(Debug, Default)]
pub struct Submission {
    pub docs: Vec<RawDoc>,
    pub problems: Vec<InputProblem>,
}

impl Submission {
    /// Adds a typed-in article; a blank one is recorded as a problem.
    pub fn add_fields(&mut self, label: String, article: ApiArticle) {
        if article.text.trim().is_empty() {
            self.problems
                .push(InputProblem::new(label, None, "the article text is empty"));
        } else {
            self.docs.push(doc_from_fields(label, article));
        }
    }

    /// Adds a pasted or uploaded input of unknown format, named `name`.
    pub fn add_bytes(&mut self, name: &str, bytes: &[u8]) {
        let ingested = corroborate_ingest::ingest_bytes(name, bytes);
        self.docs.extend(ingested.docs);
        self.problems.extend(ingested.problems);
    }

    /// Adds the bulk paste box. A paste whose first line is a whole JSON
    /// object is named `pasted.jsonl`, so it is read as JSONL however long
    /// that line is (content sniffing only looks at the first few KiB).
    pub fn add_paste(&mut self, bytes: &[u8]) {
        let first_line = bytes
            .split(|b| *b == b'\n')
            .find(|line| !line.iter().all(u8::is_ascii_whitespace))
            .unwrap_or(&[]);
        let is_jsonl =
            serde_json::from_slice::<serde_json::Value>(first_line).is_ok_and(|v| v.is_object());
        self.add_bytes(if is_jsonl { "pasted.jsonl" } else { "pasted" }, bytes);
    }

    /// Articles of a JSON API request, labelled `article-001`, `article-002`...
    /// (zero-padded so the pipeline's path order is the request order).
    pub fn from_request(request: AnalyzeRequest) -> Self {
        let mut submission = Self::default();
        for (i, article) in request.articles.into_iter().enumerate() {
            submission.add_fields(format!("article-{:03}", i + 1), article);
        }
        submission
    }
}

/// Runs the pipeline on `submission` off the async runtime.
pub async fn analyze(
    submission: Submission,
    slots: Arc<Semaphore>,
    max_articles: usize,
) -> Result<Report, AnalysisError> {
    if submission.docs.len() > max_articles {
        return Err(AnalysisError::TooManyArticles {
            given: submission.docs.len(),
            max: max_articles,
        });
    }
    if submission.docs.is_empty() {
        return Err(AnalysisError::NothingAnalysable(submission.problems));
    }
    let _permit = slots
        .acquire_owned()
        .await
        .map_err(|_| AnalysisError::Internal("server is shutting down".into()))?;
    let report = tokio::task::spawn_blocking(move || {
        corroborate_pipeline::analyze_docs(
            submission.docs,
            submission.problems,
            &corroborate_pipeline::Options::default(),
        )
    })
    .await
    .map_err(|e| {
        tracing::error!("analysis task failed: {e}");
        AnalysisError::Internal("the analysis stopped unexpectedly".into())
    })?;
    if report.articles.is_empty() {
        return Err(AnalysisError::NothingAnalysable(report.problems));
    }
    Ok(report)
}
