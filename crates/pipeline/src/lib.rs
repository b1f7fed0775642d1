//! The corroborate pipeline, as one call.
//!
//! ```text
//! ingest → clean → segment → align (features, claims, lineage)
//!        → extract → verify → summarize → Report → render
//! ```
//!
//! In: paths or already-read [`RawDoc`]s. Out: a [`Report`] (the public JSON
//! contract) plus the problems met on the way. Deterministic: the same input
//! gives the same report byte for byte (articles are ordered by path, and no
//! stage depends on hash-map iteration order or on the thread count).

use corroborate_core::{
    ArticleReport, Encoder, InputProblem, RawDoc, Report, SentenceReport, StoryInfo, FORMAT_VERSION,
};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

pub use corroborate_core as core;
pub use corroborate_ingest as ingest;
pub use corroborate_render as render;

pub mod bench;
pub mod invariants;
pub mod stories;
pub mod synth;

/// Options of one analysis.
#[derive(Default)]
pub struct Options<'a> {
    /// Extra sentence encoder (neural); `None` keeps the lexical default.
    pub encoder: Option<&'a dyn Encoder>,
    /// Learned contradiction model (NLI cross-encoder, `--nli-model`);
    /// `None`: contradictions come from the rules alone.
    pub nli: Option<&'a dyn corroborate_core::ContradictionScorer>,
    /// Thresholds and weights of the verify stage (recorded in the report).
    pub config: corroborate_core::AnalysisConfig,
    /// Set by another thread to stop the analysis early (a server whose
    /// client went away or whose time budget ran out). Checked between
    /// stages; a cancelled analysis returns a report without articles whose
    /// last problem says it was cancelled.
    pub cancel: Option<&'a AtomicBool>,
}

impl Options<'_> {
    fn cancelled(&self) -> bool {
        self.cancel.is_some_and(|c| c.load(Ordering::Relaxed))
    }
}

/// What a cancelled analysis returns: only the problems met so far.
fn cancelled_report(mut problems: Vec<InputProblem>) -> Report {
    problems.push(InputProblem::new(
        String::new(),
        None,
        "the analysis was cancelled before it finished",
    ));
    Report {
        format_version: FORMAT_VERSION,
        problems,
        ..Report::default()
    }
}

/// Reads, cleans and analyses the articles under `paths` as one story.
pub fn analyze_paths(paths: &[PathBuf], options: &Options) -> Report {
    let ingested = corroborate_ingest::ingest_paths(paths);
    analyze_docs(ingested.docs, ingested.problems, options)
}

/// Cleans and analyses already-read documents as one story. `problems`
/// are carried into the report next to those met while cleaning.
pub fn analyze_docs(docs: Vec<RawDoc>, problems: Vec<InputProblem>, options: &Options) -> Report {
    analyze_docs_timed(docs, problems, options).0
}

/// Wall-clock time spent in each stage of one analysis, in pipeline order
/// (for benchmarks and request logs; never part of the report).
#[derive(Debug, Clone, Default)]
pub struct StageTimes {
    pub stages: Vec<(&'static str, Duration)>,
}

impl StageTimes {
    /// Runs `f` and records its time under `stage`.
    fn time<T>(&mut self, stage: &'static str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = f();
        self.stages.push((stage, start.elapsed()));
        out
    }

    /// Sum over all stages.
    pub fn total(&self) -> Duration {
        self.stages.iter().map(|(_, d)| *d).sum()
    }
}

/// [`analyze_docs`], also returning the time each stage took.
pub fn analyze_docs_timed(
    docs: Vec<RawDoc>,
    mut problems: Vec<InputProblem>,
    options: &Options,
) -> (Report, StageTimes) {
    let mut times = StageTimes::default();
    let articles = times.time("clean+segment", || prepare_all(docs, &mut problems));
    if options.cancelled() {
        return (cancelled_report(problems), times);
    }
    let alignment = times.time("align", || {
        corroborate_align::align_story(&articles, options.encoder)
    });
    if options.cancelled() {
        return (cancelled_report(problems), times);
    }
    // Source groups let copies of one original vote once for an entity's canonical name.
    let extraction = times.time("extract", || {
        corroborate_extract::extract_story_grouped(&articles, Some(&alignment.source_group))
    });
    if options.cancelled() {
        return (cancelled_report(problems), times);
    }
    let verification = times.time("verify", || {
        corroborate_verify::verify_with_scorer(
            &articles,
            &alignment,
            &extraction,
            &options.config,
            options.nli,
        )
    });
    let summary = times.time("summarize", || {
        corroborate_verify::summarize_with(
            &articles,
            &alignment,
            &extraction,
            &verification,
            &options.config,
        )
    });
    let report = times.time("report", || {
        let mut report = build_report(
            articles,
            problems,
            alignment,
            extraction,
            verification,
            summary,
            options,
        );
        report.problems.extend(stories::multiple_stories(&report));
        report
    });
    (report, times)
}

/// Cleans and segments every document, dropping repeats of an article
/// already read; problems go to `problems`. Ordered by path.
fn prepare_all(
    docs: Vec<RawDoc>,
    problems: &mut Vec<InputProblem>,
) -> Vec<corroborate_core::Article> {
    let mut articles = Vec::with_capacity(docs.len());
    let mut seen = std::collections::HashSet::new();
    for doc in docs {
        match corroborate_ingest::prepare_reporting(doc, problems) {
            Ok(article) => {
                if seen.insert(article.id.clone()) {
                    articles.push(article);
                } else {
                    problems.push(InputProblem::new(
                        article.path.clone(),
                        None,
                        format!(
                            "same text as an article already read (id {}), skipped",
                            article.id
                        ),
                    ));
                }
            }
            Err(problem) => problems.push(problem),
        }
    }
    articles.sort_by(|a, b| a.path.cmp(&b.path));
    articles
}

/// Assembles the report from the stages' products.
fn build_report(
    articles: Vec<corroborate_core::Article>,
    problems: Vec<InputProblem>,
    alignment: corroborate_align::StoryAlignment,
    extraction: corroborate_extract::Extraction,
    verification: corroborate_verify::Verification,
    summary: Vec<corroborate_core::SummarySentence>,
    options: &Options,
) -> Report {
    let article_reports: Vec<ArticleReport> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| ArticleReport {
            id: a.id.clone(),
            path: a.path.clone(),
            title: a.title.clone(),
            outlet: a.outlet.clone(),
            url: a.url.clone(),
            published: a.published.clone(),
            author: a.author.clone(),
            dateline_place: a.dateline_place.clone(),
            removed: a.removed.clone(),
            sentences: a
                .sentences
                .iter()
                .map(|s| {
                    let mut r = SentenceReport::from(s);
                    if let Some(q) = extraction.quantities.get(i).and_then(|v| v.get(s.index)) {
                        r.quantities = q.clone();
                    }
                    if let Some(t) = extraction.times.get(i).and_then(|v| v.get(s.index)) {
                        r.times = t.clone();
                    }
                    r
                })
                .collect(),
            fidelity: verification.fidelity.get(i).copied().flatten(),
            source_group: alignment.source_group.get(i).copied().unwrap_or(i),
            garble: verification.garble.get(i).copied().unwrap_or(0.0),
        })
        .collect();

    let mut dates: Vec<&str> = articles
        .iter()
        .filter_map(|a| a.published.as_deref())
        .collect();
    dates.sort_unstable();
    let independent_sources = {
        let mut g: Vec<usize> = alignment.source_group.clone();
        g.sort_unstable();
        g.dedup();
        g.len()
    };

    Report {
        format_version: FORMAT_VERSION,
        story: StoryInfo {
            headline: pick_headline(&articles),
            article_count: articles.len(),
            independent_sources,
            encoder: options
                .encoder
                .map(|e| e.name().to_string())
                .unwrap_or_else(|| "lexical".into()),
            first_published: dates.first().map(|s| s.to_string()),
            last_published: dates.last().map(|s| s.to_string()),
        },
        articles: article_reports,
        problems,
        entities: extraction.entities,
        quotes: extraction.quotes,
        claims: alignment.claims,
        findings: verification.findings,
        lineage: alignment.lineage,
        alignments: alignment.pairs,
        summary,
        disputed: verification.disputed,
        config: options.config.clone(),
    }
}

/// The headline of the story: the shortest title among the articles
/// (wire-style titles are the plainest), ties broken by path order.
fn pick_headline(articles: &[corroborate_core::Article]) -> Option<String> {
    articles
        .iter()
        .filter_map(|a| a.title.as_deref())
        .filter(|t| !t.trim().is_empty())
        .min_by_key(|t| t.len())
        .map(str::to_string)
}
