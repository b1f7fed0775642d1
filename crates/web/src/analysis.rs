//! Turning submitted articles into a [`Report`], within the server's limits.
//!
//! In: articles from the JSON API ([`ApiArticle`]), from the paste form's
//! text boxes, from one bulk paste or from uploaded files (the last two are
//! sniffed by `corroborate_ingest::ingest_bytes`: text, Markdown, HTML,
//! JSONL, RSS/Atom). Out: the report, or [`AnalysisError`] when no article
//! could be analysed, no analysis slot came free in time (busy), the
//! analysis ran past its time budget, or it failed.
//!
//! Invariants: the CPU-bound pipeline runs on tokio's blocking pool, at most
//! [`crate::WebConfig::max_parallel_analyses`] at a time ([`Analyses`]). The
//! slot is owned by the blocking task, so it is given back when the pipeline
//! really stops, not when the request ends: a client that goes away, or a
//! request answered 504, cannot free a slot while its analysis still runs.
//! Such an analysis is cancelled and stops at its next stage boundary
//! (`corroborate_pipeline::Options::cancel`). A panic inside the pipeline
//! becomes a generic error for that request (its text goes to the log
//! only), never a dead server.

use axum::http::StatusCode;
use corroborate_core::{Format, InputProblem, RawDoc, Report};
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

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
    /// No analysis slot came free within the server's wait.
    Busy { slots: usize, waited: Duration },
    /// The analysis ran longer than the server's budget and was cancelled.
    OverBudget { budget: Duration },
    /// The pipeline failed (a bug); the request is dropped, the server lives.
    /// The text is for the user: never a panic message.
    Internal(String),
}

impl AnalysisError {
    /// The HTTP status this error is answered with.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::NothingAnalysable(_) | Self::TooManyArticles { .. } => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            Self::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
            Self::OverBudget { .. } => StatusCode::GATEWAY_TIMEOUT,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
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
            Self::Busy { slots, waited } => write!(
                f,
                "the server is busy: its {slots} analysis slot(s) stayed taken for {}; \
                 try again later",
                seconds(*waited)
            ),
            Self::OverBudget { budget } => write!(
                f,
                "the analysis took longer than the server allows ({}) and was stopped; \
                 try fewer or shorter articles",
                seconds(*budget)
            ),
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

/// A duration for people: `60 s`, `0.25 s`.
pub(crate) fn seconds(d: Duration) -> String {
    if d.subsec_nanos() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{} s", d.as_secs_f64())
    }
}

/// The server's analysis slots, its limits, and counters of what happened
/// to the analyses (served by `GET /api/health`).
pub struct Analyses {
    slots: Arc<Semaphore>,
    limit: usize,
    queue_wait: Duration,
    budget: Duration,
    running: AtomicUsize,
    waiting: AtomicUsize,
    peak: AtomicUsize,
    finished: AtomicU64,
    cancelled: AtomicU64,
    over_budget: AtomicU64,
    busy: AtomicU64,
    failed: AtomicU64,
}

/// A snapshot of [`Analyses`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalysisStats {
    /// Most analyses that run at once.
    pub slots: usize,
    /// Pipelines running now (a cancelled one counts until it has stopped).
    pub running: usize,
    /// Requests waiting for a slot now.
    pub waiting: usize,
    /// Most pipelines that ever ran at once since the server started.
    pub peak: usize,
    /// Analyses that ran to the end.
    pub finished: u64,
    /// Analyses whose request ended first (client gone or budget spent);
    /// they stopped at their next stage boundary.
    pub cancelled: u64,
    /// Requests answered 504.
    pub over_budget: u64,
    /// Requests answered 503 (no slot came free in time).
    pub busy: u64,
    /// Analyses that failed (panicked).
    pub failed: u64,
}

/// Holds a slot and counts a running pipeline until dropped, even by a
/// panic unwinding out of the pipeline.
struct Running {
    analyses: Arc<Analyses>,
    _permit: OwnedSemaphorePermit,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.analyses.running.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Asks the pipeline to stop when the request that started it ends, however
/// it ends (answered, budget spent, or dropped because the client left).
struct CancelOnDrop(Arc<AtomicBool>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Counts a request waiting for a slot while it waits.
struct Waiting<'a>(&'a AtomicUsize);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Analyses {
    /// `limit` analyses at once (at least one); a request waits at most
    /// `queue_wait` for a slot and its analysis may run for `budget`.
    pub fn new(limit: usize, queue_wait: Duration, budget: Duration) -> Self {
        let limit = limit.max(1);
        Self {
            slots: Arc::new(Semaphore::new(limit)),
            limit,
            queue_wait,
            budget,
            running: AtomicUsize::new(0),
            waiting: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
            finished: AtomicU64::new(0),
            cancelled: AtomicU64::new(0),
            over_budget: AtomicU64::new(0),
            busy: AtomicU64::new(0),
            failed: AtomicU64::new(0),
        }
    }

    /// What the counters say now.
    pub fn stats(&self) -> AnalysisStats {
        AnalysisStats {
            slots: self.limit,
            running: self.running.load(Ordering::SeqCst),
            waiting: self.waiting.load(Ordering::SeqCst),
            peak: self.peak.load(Ordering::SeqCst),
            finished: self.finished.load(Ordering::SeqCst),
            cancelled: self.cancelled.load(Ordering::SeqCst),
            over_budget: self.over_budget.load(Ordering::SeqCst),
            busy: self.busy.load(Ordering::SeqCst),
            failed: self.failed.load(Ordering::SeqCst),
        }
    }

    /// A free slot, waiting at most `queue_wait` for one.
    async fn acquire(&self) -> Result<OwnedSemaphorePermit, AnalysisError> {
        self.waiting.fetch_add(1, Ordering::SeqCst);
        let _waiting = Waiting(&self.waiting);
        match tokio::time::timeout(self.queue_wait, self.slots.clone().acquire_owned()).await {
            Ok(Ok(permit)) => Ok(permit),
            Ok(Err(_)) => Err(AnalysisError::Internal(
                "the server is shutting down".into(),
            )),
            Err(_) => {
                self.busy.fetch_add(1, Ordering::SeqCst);
                Err(AnalysisError::Busy {
                    slots: self.limit,
                    waited: self.queue_wait,
                })
            }
        }
    }

    /// Counts a pipeline as running for as long as the result lives.
    fn start(self: &Arc<Self>, permit: OwnedSemaphorePermit) -> Running {
        let now = self.running.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(now, Ordering::SeqCst);
        Running {
            analyses: self.clone(),
            _permit: permit,
        }
    }
}

/// Runs the pipeline on `submission` off the async runtime, within the
/// limits of `analyses`.
pub async fn analyze(
    submission: Submission,
    analyses: Arc<Analyses>,
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
    let permit = analyses.acquire().await?;
    let cancel = Arc::new(AtomicBool::new(false));
    // Declared before the task so that it is dropped (and the pipeline
    // told to stop) whenever this future ends or is dropped.
    let _cancel_on_drop = CancelOnDrop(cancel.clone());
    let task = tokio::task::spawn_blocking({
        let analyses = analyses.clone();
        move || {
            // The slot moves into the task: it is freed when the pipeline
            // stops, whatever happened to the request meanwhile.
            let _running = analyses.start(permit);
            let options = corroborate_pipeline::Options {
                cancel: Some(&cancel),
                ..Default::default()
            };
            let report =
                corroborate_pipeline::analyze_docs(submission.docs, submission.problems, &options);
            let counter = if cancel.load(Ordering::Relaxed) {
                &analyses.cancelled
            } else {
                &analyses.finished
            };
            counter.fetch_add(1, Ordering::SeqCst);
            report
        }
    });
    let report = match tokio::time::timeout(analyses.budget, task).await {
        Ok(Ok(report)) => report,
        Ok(Err(e)) => {
            analyses.failed.fetch_add(1, Ordering::SeqCst);
            // The panic text stays in the server's log: it may quote input
            // and says nothing useful to the user.
            tracing::error!("analysis task failed: {e}");
            return Err(AnalysisError::Internal(
                "the analysis stopped unexpectedly".into(),
            ));
        }
        Err(_) => {
            analyses.over_budget.fetch_add(1, Ordering::SeqCst);
            tracing::warn!(
                "analysis over its budget of {}; cancelled",
                seconds(analyses.budget)
            );
            return Err(AnalysisError::OverBudget {
                budget: analyses.budget,
            });
        }
    };
    if report.articles.is_empty() {
        return Err(AnalysisError::NothingAnalysable(report.problems));
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_seconds() {
        assert_eq!(seconds(Duration::from_secs(60)), "60 s");
        assert_eq!(seconds(Duration::from_millis(250)), "0.25 s");
    }

    #[test]
    fn a_cancelled_pipeline_stops_with_a_problem_and_no_articles() {
        let mut submission = Submission::default();
        submission.add_fields(
            "article-001".into(),
            ApiArticle {
                text: "Officials met on Friday in Paris to discuss the plan.".into(),
                ..ApiArticle::default()
            },
        );
        let cancel = AtomicBool::new(true);
        let options = corroborate_pipeline::Options {
            cancel: Some(&cancel),
            ..Default::default()
        };
        let report =
            corroborate_pipeline::analyze_docs(submission.docs, submission.problems, &options);
        assert!(report.articles.is_empty());
        assert!(report
            .problems
            .last()
            .is_some_and(|p| p.reason.contains("cancelled")));
    }

    #[tokio::test]
    async fn a_full_server_answers_busy_after_its_wait() {
        let analyses = Arc::new(Analyses::new(
            1,
            Duration::from_millis(20),
            Duration::from_secs(600),
        ));
        let held = analyses.acquire().await.expect("the only slot is free");
        let mut submission = Submission::default();
        submission.add_fields(
            "article-001".into(),
            ApiArticle {
                text: "Officials met on Friday in Paris.".into(),
                ..ApiArticle::default()
            },
        );
        let result = analyze(submission, analyses.clone(), 10).await;
        assert!(matches!(result, Err(AnalysisError::Busy { slots: 1, .. })));
        assert_eq!(analyses.stats().busy, 1);
        assert_eq!(analyses.stats().waiting, 0);
        drop(held);
    }
}
