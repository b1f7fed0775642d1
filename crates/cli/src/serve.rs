//! `corroborate serve`: the web app and JSON API (crate `corroborate-web`).
//!
//! In: an address (loopback by default), story folders to analyse at
//! start-up, and optionally a corpus store (`--db`, as `corroborate ingest`
//! fills it). Out: a server running until Ctrl-C; exit code 0 after a clean
//! stop. Refuses a non-loopback address unless `--allow-remote` (the server
//! has no authentication). See docs/WEB.md.
//!
//! Limits (all flags, defaults in [`WebConfig::default`]): analyses at once
//! (`--slots`), how long a request waits for a slot (`--queue-wait`, then
//! 503) and how long an analysis may run (`--analysis-budget`, then 504);
//! header and body read timeouts; connections at once. `--log LEVEL` shows
//! the request log (also `CORROBORATE_LOG` / `RUST_LOG` filters).
//!
//! With `--db`, stored stories are listed and searched through the store and
//! analysed when first opened, by the web app in one of its analysis slots
//! and within its budget like a submission (then cached); stories posted to
//! the server are kept in memory beside them and are not written to the store.

use anyhow::{Context, Result};
use clap::Args;
use corroborate_core::{RawDoc, Report};
use corroborate_pipeline::{analyze_paths, Options};
use corroborate_store::Store;
use corroborate_web::{MemoryStories, SourceError, StorySource, StorySummary, WebConfig};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on; only loopback addresses unless --allow-remote.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Allow a non-loopback address and any Host header. The server has no
    /// authentication: anyone who can reach it can read and add stories.
    #[arg(long)]
    pub allow_remote: bool,
    /// Story folder to analyse and list at start-up (each folder is one story; repeatable).
    #[arg(long = "story", visible_alias = "example", value_name = "DIR", num_args = 1..)]
    pub stories: Vec<PathBuf>,
    /// Corpus store to list, search and show stories from (`sqlite:PATH`, a
    /// path, or `postgres://...`), as filled by `corroborate ingest`.
    #[arg(long, value_name = "URL", env = "CORROBORATE_DB")]
    pub db: Option<String>,
    /// Largest request body accepted, in MiB (larger ones get 413).
    #[arg(long, default_value_t = 5, value_name = "MIB")]
    pub max_body_mib: usize,
    /// Analyses run at once; further requests wait for a slot.
    #[arg(long, default_value_t = 2, value_name = "N")]
    pub slots: usize,
    /// Seconds a request waits for an analysis slot before it gets 503.
    #[arg(long, default_value = "10", value_name = "SECS", value_parser = seconds)]
    pub queue_wait: Duration,
    /// Seconds one analysis may run before its request gets 504 and the
    /// analysis is cancelled.
    #[arg(long, default_value = "60", value_name = "SECS", value_parser = seconds)]
    pub analysis_budget: Duration,
    /// Seconds a client has to send a request's headers (idle keep-alive
    /// included) before the connection is closed.
    #[arg(long, default_value = "10", value_name = "SECS", value_parser = seconds)]
    pub header_timeout: Duration,
    /// Seconds a client has to send a request body before it gets 408.
    #[arg(long, default_value = "30", value_name = "SECS", value_parser = seconds)]
    pub body_timeout: Duration,
    /// Connections served at once; more wait in the listen backlog.
    #[arg(long, default_value_t = 256, value_name = "N")]
    pub max_connections: usize,
    /// Log level or filter for the server's log, e.g. `info` to see one line
    /// per request (method, path, status, latency). Default: warnings only,
    /// or the `CORROBORATE_LOG` / `RUST_LOG` filter when set.
    #[arg(long, value_name = "LEVEL", value_parser = log_filter)]
    pub log: Option<String>,
}

/// A valid `tracing` filter (`info`, `corroborate_web=info,warn`...).
fn log_filter(text: &str) -> Result<String, String> {
    tracing_subscriber::EnvFilter::try_new(text)
        .map(|_| text.to_string())
        .map_err(|e| format!("not a log filter: {e}"))
}

/// A positive, finite number of seconds (fractions allowed).
fn seconds(text: &str) -> Result<Duration, String> {
    let secs: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("not a number of seconds: {text}"))?;
    if secs.is_finite() && secs > 0.0 && secs <= 1e6 {
        Ok(Duration::from_secs_f64(secs))
    } else {
        Err(format!(
            "seconds must be above 0 and at most 1000000: {text}"
        ))
    }
}

/// The server's limits from the command line.
fn config(args: &ServeArgs) -> WebConfig {
    WebConfig {
        allow_remote: args.allow_remote,
        max_body_bytes: args.max_body_mib.max(1).saturating_mul(1024 * 1024),
        max_parallel_analyses: args.slots.max(1),
        analysis_queue_wait: args.queue_wait,
        analysis_budget: args.analysis_budget,
        header_read_timeout: args.header_timeout,
        body_read_timeout: args.body_timeout,
        max_connections: args.max_connections.max(1),
        ..WebConfig::default()
    }
}

pub fn run(args: ServeArgs) -> Result<i32> {
    let config = config(&args);
    // Check before spending time on analysis.
    corroborate_web::check_bind_addr(args.addr, config.allow_remote).map_err(anyhow::Error::msg)?;

    let added = MemoryStories::default();
    for dir in &args.stories {
        let report = analyze_paths(std::slice::from_ref(dir), &Options::default());
        for p in &report.problems {
            eprintln!("skipped {p}");
        }
        if report.articles.is_empty() {
            eprintln!("warning: no article could be analysed in {}", dir.display());
            continue;
        }
        let (count, headline) = (
            report.articles.len(),
            report.story.headline.clone().unwrap_or_default(),
        );
        let id = added
            .add(report)
            .map_err(anyhow::Error::msg)
            .with_context(|| format!("storing {}", dir.display()))?;
        eprintln!(
            "story {id}: {headline} ({count} articles, from {})",
            dir.display()
        );
    }

    let stories: Arc<dyn StorySource> = match &args.db {
        Some(url) => {
            // Serving only reads: a mistyped path must not create a store.
            let store =
                Store::open_existing(url).with_context(|| format!("opening store {url}"))?;
            Arc::new(DbStories::new(store, added))
        }
        None => Arc::new(added),
    };
    corroborate_web::run_blocking(args.addr, stories, config, |bound| {
        eprintln!("corroborate serve: listening on http://{bound}/ (Ctrl-C to stop)");
    })
    .with_context(|| format!("serving on {}", args.addr))?;
    Ok(0)
}

/// Most stored stories listed on one page or search.
const DB_LIST_LIMIT: usize = 200;
/// Reports of stored stories kept after analysis; beyond it the cache is
/// emptied (simple, and bounded).
const DB_REPORT_CACHE: usize = 64;

/// Stories from the corpus store, plus those posted to this server.
///
/// Ids: stored stories keep their store id (a decimal number); stories
/// posted here have the web app's 16-hex-digit ids and are looked up first.
struct DbStories {
    store: Mutex<Store>,
    /// Reports of stored stories analysed so far, by store id.
    analysed: Mutex<HashMap<i64, Arc<Report>>>,
    /// Stories from `--story` and from the form and API (memory only).
    added: MemoryStories,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // The guarded data stays usable after a panic elsewhere: recover it.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn store_error(e: corroborate_store::StoreError) -> SourceError {
    SourceError(format!("corpus store: {e}"))
}

impl DbStories {
    fn new(store: Store, added: MemoryStories) -> Self {
        Self {
            store: Mutex::new(store),
            analysed: Mutex::new(HashMap::new()),
            added,
        }
    }
}

/// A store row as a list entry; what only analysis tells is left `None`.
fn summary_of_row(row: corroborate_store::StorySummary) -> StorySummary {
    StorySummary {
        id: row.id.to_string(),
        headline: row.headline,
        article_count: row.size,
        independent_sources: None,
        outlets: Vec::new(),
        first_published: row.first_seen,
        last_published: row.last_seen,
        findings: None,
        contradictions: None,
    }
}

impl StorySource for DbStories {
    fn list(&self, query: Option<&str>) -> Result<Vec<StorySummary>, SourceError> {
        let mut out = self.added.list(query)?;
        let query = query.map(str::trim).filter(|q| !q.is_empty());
        let rows = {
            let mut store = lock(&self.store);
            match query {
                Some(q) => store.search(q, DB_LIST_LIMIT),
                None => store.stories(DB_LIST_LIMIT),
            }
        }
        .map_err(store_error)?;
        out.extend(rows.into_iter().map(summary_of_row));
        Ok(out)
    }

    fn report(&self, id: &str) -> Result<Option<Arc<Report>>, SourceError> {
        if let Some(report) = self.added.report(id)? {
            return Ok(Some(report));
        }
        let Ok(story) = id.parse::<i64>() else {
            return Ok(None);
        };
        Ok(lock(&self.analysed).get(&story).cloned())
    }

    fn unanalysed(&self, id: &str) -> Result<Option<Vec<RawDoc>>, SourceError> {
        let Ok(story) = id.parse::<i64>() else {
            return Ok(None);
        };
        // The web app analyses these in one of its slots, within its budget.
        let docs = lock(&self.store).story_docs(story).map_err(store_error)?;
        Ok((!docs.is_empty()).then_some(docs))
    }

    fn remember(&self, id: &str, report: Arc<Report>) {
        let Ok(story) = id.parse::<i64>() else {
            return;
        };
        let mut cache = lock(&self.analysed);
        if cache.len() >= DB_REPORT_CACHE {
            cache.clear();
        }
        cache.insert(story, report);
    }

    fn add(&self, report: Report) -> Result<String, SourceError> {
        self.added.add(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example_dir() -> PathBuf {
        let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples");
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(&examples)
            .expect("examples/ exists")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        dirs.remove(0)
    }

    #[test]
    fn limits_come_from_the_flags_and_default_to_the_documented_values() {
        use clap::Parser;
        #[derive(Parser)]
        struct Cli {
            #[command(flatten)]
            serve: ServeArgs,
        }
        let defaults = config(&Cli::parse_from(["serve"]).serve);
        let documented = WebConfig::default();
        assert_eq!(
            defaults.max_parallel_analyses,
            documented.max_parallel_analyses
        );
        assert_eq!(defaults.analysis_queue_wait, documented.analysis_queue_wait);
        assert_eq!(defaults.analysis_budget, documented.analysis_budget);
        assert_eq!(defaults.header_read_timeout, documented.header_read_timeout);
        assert_eq!(defaults.body_read_timeout, documented.body_read_timeout);
        assert_eq!(defaults.max_connections, documented.max_connections);
        assert_eq!(defaults.max_body_bytes, documented.max_body_bytes);

        let set = config(
            &Cli::parse_from([
                "serve",
                "--slots",
                "3",
                "--queue-wait",
                "0.5",
                "--analysis-budget",
                "90",
                "--header-timeout",
                "2",
                "--body-timeout",
                "4",
                "--max-connections",
                "16",
            ])
            .serve,
        );
        assert_eq!(set.max_parallel_analyses, 3);
        assert_eq!(set.analysis_queue_wait, Duration::from_millis(500));
        assert_eq!(set.analysis_budget, Duration::from_secs(90));
        assert_eq!(set.header_read_timeout, Duration::from_secs(2));
        assert_eq!(set.body_read_timeout, Duration::from_secs(4));
        assert_eq!(set.max_connections, 16);
        for bad in ["0", "-1", "NaN", "inf", "soon"] {
            assert!(seconds(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn stored_stories_are_listed_searched_and_analysed_on_demand() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("corpus.sqlite");
        let mut store = Store::open(path.to_str().unwrap()).unwrap();
        let ingested = corroborate_ingest::ingest_paths(&[example_dir()]);
        let count = ingested.docs.len();
        assert!(count > 0);
        store.enqueue(ingested.docs).unwrap();
        store.process_all(100, |_| {}).unwrap();

        let stories = DbStories::new(store, MemoryStories::default());
        let listed = stories.list(None).unwrap();
        assert!(!listed.is_empty());
        assert_eq!(listed.iter().map(|s| s.article_count).sum::<usize>(), count);
        assert!(listed.iter().all(|s| s.findings.is_none()));

        // Searching goes through the store; user text is never query syntax.
        let word = listed[0]
            .headline
            .as_deref()
            .unwrap_or("")
            .split(|c: char| !c.is_alphanumeric())
            .find(|w| w.len() > 4)
            .expect("a headline word")
            .to_string();
        assert!(stories
            .list(Some(&word))
            .unwrap()
            .iter()
            .any(|s| s.id == listed[0].id));
        assert!(stories.list(Some("\"unbalanced * OR (")).is_ok());

        // A stored story is not analysed by the source itself: it hands its
        // articles to the web app, which analyses them in a slot.
        let first = &listed[0];
        assert!(stories.report(&first.id).unwrap().is_none());
        let docs = stories
            .unanalysed(&first.id)
            .unwrap()
            .expect("stored story");
        assert_eq!(docs.len(), first.article_count);
        let report = Arc::new(corroborate_pipeline::analyze_docs(
            docs,
            Vec::new(),
            &Options::default(),
        ));
        stories.remember(&first.id, report.clone());
        // Served from the cache afterwards: the very same report.
        let again = stories.report(&first.id).unwrap().unwrap();
        assert!(Arc::ptr_eq(&report, &again));
        assert!(stories.unanalysed("999999").unwrap().is_none());
        assert!(stories.report("999999").unwrap().is_none());
        assert!(stories.report("not-an-id").unwrap().is_none());
        assert!(stories.unanalysed("not-an-id").unwrap().is_none());

        // Stories posted to the server are listed first and found by id.
        let posted = stories.add((*report).clone()).unwrap();
        assert_eq!(stories.list(None).unwrap()[0].id, posted);
        assert!(stories.report(&posted).unwrap().is_some());
    }
}
