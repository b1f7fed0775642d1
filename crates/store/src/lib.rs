//! Corpus mode: a persistent store of articles, grouped online into stories.
//!
//! In: [`RawDoc`]s from ingest. Out: stored articles, each assigned to a story
//! (near-duplicates to the story of their original), listable, searchable,
//! and analysable as one story with the same report as `analyze`.
//!
//! Two backends behind one [`Backend`] trait:
//! * SQLite (default, one local file, WAL journal so a reader can read while
//!   ingest writes; every batch is one transaction with `synchronous=FULL`,
//!   so an acknowledged batch survives a crash);
//! * PostgreSQL (`postgres://...`), where several `corroborate worker`
//!   processes share the work: ingest enqueues, workers claim batches with
//!   `FOR UPDATE SKIP LOCKED`, compute features outside any lock, and assign
//!   stories under one advisory lock, so no article is lost or processed twice.
//!
//! Story assignment is one protocol ([`protocol`]) over both engines;
//! clustering ([`cluster`]) does not depend on the pipeline, only the
//! analysis of stored stories does (`analysis`). With a sentence encoder
//! ([`Store::with_encoder`]) every clustered article also gets a vector,
//! stored with it, as an optional clustering signal.
//!
//! Pages that are not articles (sign-in walls, notification boxes, error
//! pages, link lists: [`junk`]) are stored `done` with a problem and no story,
//! and never enter clustering or the document frequencies.
//!
//! Invariants: an article id is its content hash, so re-ingesting is a no-op;
//! an article is `pending`, `claimed` (with a lease) or `done` (with a story,
//! or with a problem); the clustering state a worker holds (stories, seen
//! signatures, document frequencies) is synchronised from the database (by
//! change number) inside the assignment lock before it assigns anything, so
//! SQLite and PostgreSQL, one worker or many, run the same algorithm on the
//! same state.

mod analysis;
pub mod baseline;
pub mod bcubed;
pub mod cluster;
pub mod eval;
pub mod features;
pub mod junk;
#[cfg(feature = "postgres")]
mod postgres_backend;
pub mod protocol;
mod sqlite_backend;
pub mod synth;

use cluster::{day_number, Assignment, ClusterParams, Clusterer, StoryProfile};
use corroborate_core::{Encoder, Format, RawDoc};
use features::{article_features, ArticleFeatures};
use protocol::AssignTx;
use serde::Serialize;
use std::path::Path;
use std::sync::Arc;

#[cfg(feature = "postgres")]
pub use postgres_backend::PostgresBackend;
pub use sqlite_backend::SqliteBackend;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    Sqlite(#[from] rusqlite::Error),
    #[cfg(feature = "postgres")]
    #[error("{0}")]
    Postgres(#[from] postgres::Error),
    #[error("{0}")]
    Invalid(String),
    /// A read-only command was given a SQLite path where no store exists.
    #[error("no store at {0} (nothing ingested there yet: run `corroborate ingest PATH... --db {0}` first, or check --db / CORROBORATE_DB)")]
    Missing(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// An article waiting for (or under) story assignment.
#[derive(Debug, Clone)]
pub struct PendingArticle {
    pub id: String,
    pub title: Option<String>,
    pub body: String,
    pub published: Option<String>,
}

/// The outcome of assigning one claimed article.
#[derive(Debug, Clone)]
pub struct Assigned {
    pub id: String,
    /// `None` for a page that is not an article (see `problem`).
    pub story: Option<i64>,
    /// Why the page was kept out of clustering.
    pub problem: Option<String>,
    pub duplicate_of: Option<String>,
    pub signature: corroborate_align::minhash::Signature,
    /// The article's sentence-encoder vector; empty without an encoder.
    pub embedding: Vec<f32>,
}

/// One row of `corroborate stories`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StorySummary {
    pub id: i64,
    pub headline: Option<String>,
    pub size: usize,
    /// Independent sources as `analyze` counts them (copies and rewrites of
    /// one origin once) for stories of at most [`EXACT_SOURCES_MAX`]
    /// articles; above, distinct outlets (or files, when the outlet is
    /// unknown) with near-duplicates counted once.
    pub sources: usize,
    pub duplicates: usize,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
}

/// Counts of one ingest.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct IngestStats {
    pub added: usize,
    pub already_stored: usize,
}

/// What a storage engine must provide. Every method is one transaction.
pub trait Backend {
    /// Stores new articles as `pending`; ids already stored are left alone.
    fn enqueue(&mut self, docs: &[(String, RawDoc)]) -> Result<IngestStats>;
    /// Claims up to `limit` pending articles (or ones whose lease of
    /// `lease_secs` ran out) for `worker`.
    fn claim(&mut self, worker: &str, limit: usize, lease_secs: i64)
        -> Result<Vec<PendingArticle>>;
    /// Opens the store-wide assignment lock as one transaction and runs
    /// `body` in it (the [`protocol`]): commits when `body` returns true,
    /// rolls back when it returns false or fails. Returns what `body` did.
    fn locked(&mut self, body: &mut dyn FnMut(&mut dyn AssignTx) -> Result<bool>) -> Result<bool>;
    fn stories(&mut self, limit: usize) -> Result<Vec<StorySummary>>;
    fn search(&mut self, query: &str, limit: usize) -> Result<Vec<StorySummary>>;
    fn story_docs(&mut self, story: i64) -> Result<Vec<RawDoc>>;
    fn pending_count(&mut self) -> Result<usize>;
    /// (article id, story id) of every clustered article.
    fn article_stories(&mut self) -> Result<Vec<(String, i64)>>;
    /// (article id, problem) of every page kept out of clustering.
    fn problems(&mut self) -> Result<Vec<(String, String)>>;
    /// Articles held by each worker: (worker, count, earliest `claimed_at`
    /// in Unix seconds), by worker name.
    fn claims(&mut self) -> Result<Vec<(String, usize, i64)>>;
    /// Puts the articles `worker` holds back to `pending` (its process is
    /// known to be gone); returns how many.
    fn release(&mut self, worker: &str) -> Result<usize>;
}

#[cfg(feature = "postgres")]
fn postgres_backend(url: &str) -> Result<Box<dyn Backend + Send>> {
    Ok(Box::new(PostgresBackend::connect(url)?))
}

#[cfg(not(feature = "postgres"))]
fn postgres_backend(_url: &str) -> Result<Box<dyn Backend + Send>> {
    Err(StoreError::Invalid(
        "this corroborate was built without PostgreSQL support (cargo feature `postgres`); \
         use a SQLite path, or rebuild with the default features"
            .into(),
    ))
}

/// A store opened on a URL: `postgres://...`, `sqlite:PATH` or a plain path.
pub struct Store {
    backend: Box<dyn Backend + Send>,
    /// The sentence encoder whose vectors join the clustering signal.
    encoder: Option<Arc<dyn Encoder>>,
    clusterer: Clusterer,
    synced: i64,
    worker: String,
}

impl Store {
    pub fn open(url: &str) -> Result<Store> {
        let backend: Box<dyn Backend + Send> =
            if url.starts_with("postgres://") || url.starts_with("postgresql://") {
                postgres_backend(url)?
            } else {
                let path = url.strip_prefix("sqlite:").unwrap_or(url);
                Box::new(SqliteBackend::open(Path::new(path))?)
            };
        Ok(Store {
            backend,
            encoder: None,
            clusterer: Clusterer::new(ClusterParams::default()),
            synced: 0,
            worker: local_worker_name(std::process::id()),
        })
    }

    /// [`Store::open`] for reading only: a SQLite file that does not exist
    /// is an error naming the path, instead of a new empty store (a
    /// mistyped `--db` must not leave an empty database behind).
    /// PostgreSQL URLs open as usual.
    pub fn open_existing(url: &str) -> Result<Store> {
        if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
            let path = url.strip_prefix("sqlite:").unwrap_or(url);
            if !Path::new(path).is_file() {
                return Err(StoreError::Missing(path.to_string()));
            }
        }
        Store::open(url)
    }

    pub fn with_params(mut self, params: ClusterParams) -> Self {
        self.clusterer.params = params;
        self
    }

    /// Clusters with a sentence encoder as one more signal: every article
    /// processed from now on gets a vector (its title and the first
    /// [`ClusterParams::encoder_words`] words), stored with it, and stories
    /// keep the sum of their members' vectors. Without this (or with
    /// [`ClusterParams::encoder_weight`] 0) clustering is lexical.
    pub fn with_encoder(mut self, encoder: Arc<dyn Encoder>) -> Self {
        self.encoder = Some(encoder);
        self
    }

    /// Stores documents (duplicates by id are skipped) as pending. A
    /// document without a date gets the one its text gives (a dateline such
    /// as "date 2025-05-15"), as `analyze` does, so both show the same days.
    pub fn enqueue(&mut self, docs: Vec<RawDoc>) -> Result<IngestStats> {
        let keyed: Vec<(String, RawDoc)> = docs
            .into_iter()
            .map(|mut d| {
                let id = corroborate_core::content_id(&d.body);
                if d.published.is_none() {
                    d.published = corroborate_ingest::clean(&d.body, d.title.as_deref()).date;
                }
                (id, d)
            })
            .collect();
        self.backend.enqueue(&keyed)
    }

    /// Claims and clusters one batch; returns how many articles it assigned
    /// (0 when nothing is pending).
    pub fn process_batch(&mut self, limit: usize) -> Result<usize> {
        let claimed = self.backend.claim(&self.worker, limit, LEASE_SECS)?;
        if claimed.is_empty() {
            return Ok(0);
        }
        // Features are the expensive part and need no lock; they depend only
        // on the text, so they are computed in parallel.
        let features: Vec<(
            PendingArticle,
            Option<ArticleFeatures>,
            Option<&'static str>,
        )> = {
            use rayon::prelude::*;
            claimed
                .into_par_iter()
                .map(|a| match junk::non_article(&a.body) {
                    Some(problem) => (a, None, Some(problem)),
                    None => {
                        let f = article_features(a.title.as_deref().unwrap_or(""), &a.body);
                        (a, Some(f), None)
                    }
                })
                .collect()
        };
        let embeddings = self.embeddings(&features);
        let mut assign = |c: &mut Clusterer| {
            let mut out = features
                .iter()
                .zip(&embeddings)
                .map(|((a, f, problem), embedding)| match f {
                    None => Assigned {
                        id: a.id.clone(),
                        story: None,
                        problem: problem.map(str::to_string),
                        duplicate_of: None,
                        signature: corroborate_align::minhash::Signature { mins: Vec::new() },
                        embedding: Vec::new(),
                    },
                    Some(f) => {
                        let day = a.published.as_deref().and_then(day_number);
                        let outcome = c.assign_with(&a.id, f, embedding, day);
                        Assigned {
                            id: a.id.clone(),
                            story: Some(outcome.story()),
                            problem: None,
                            duplicate_of: match outcome {
                                Assignment::Duplicate { of, .. } => Some(of),
                                _ => None,
                            },
                            signature: f.signature.clone(),
                            embedding: embedding.clone(),
                        }
                    }
                })
                .collect::<Vec<Assigned>>();
            // A later article of the batch may have merged the story an
            // earlier one joined.
            for a in &mut out {
                a.story = a.story.map(|s| c.resolve(s));
            }
            out
        };
        protocol::assign(
            self.backend.as_mut(),
            &self.worker,
            &mut self.clusterer,
            &mut self.synced,
            &mut assign,
        )
    }

    /// The encoder's vector of every article of a batch that will be
    /// clustered (empty for the others, and for all without an encoder).
    /// Encoding needs no lock. When the encoder fails, the batch is
    /// clustered lexically rather than not at all.
    fn embeddings(
        &self,
        batch: &[(
            PendingArticle,
            Option<ArticleFeatures>,
            Option<&'static str>,
        )],
    ) -> Vec<Vec<f32>> {
        let mut out = vec![Vec::new(); batch.len()];
        let Some(encoder) = &self.encoder else {
            return out;
        };
        let words = self.clusterer.params.encoder_words;
        let (slots, texts): (Vec<usize>, Vec<String>) = batch
            .iter()
            .enumerate()
            .filter(|(_, (_, f, _))| f.is_some())
            .map(|(i, (a, _, _))| {
                (
                    i,
                    features::encoder_text(a.title.as_deref().unwrap_or(""), &a.body, words),
                )
            })
            .filter(|(_, t)| !t.trim().is_empty())
            .unzip();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        if let Ok(vectors) = encoder.encode(&refs) {
            for (slot, v) in slots.into_iter().zip(vectors) {
                out[slot] = v;
            }
        }
        out
    }

    /// Processes everything pending; `progress` is called with the running count.
    pub fn process_all(&mut self, batch: usize, progress: impl FnMut(usize)) -> Result<usize> {
        self.process_all_with(batch, progress, |_| {})
    }

    /// [`Store::process_all`], saying through `waiting` what it waits for
    /// when other workers hold the rest: a worker of this machine whose
    /// process is gone (killed) has its articles released at once instead
    /// of after its lease of [`LEASE_SECS`]; for a live or remote worker
    /// the message names it and when its lease runs out (said once per
    /// worker).
    pub fn process_all_with(
        &mut self,
        batch: usize,
        mut progress: impl FnMut(usize),
        mut waiting: impl FnMut(&str),
    ) -> Result<usize> {
        let mut total = 0;
        let mut told: Vec<String> = Vec::new();
        loop {
            let n = self.process_batch(batch)?;
            if n == 0 && self.backend.pending_count()? == 0 {
                return Ok(total);
            }
            total += n;
            progress(total);
            if n == 0 {
                let mut released = false;
                for (worker, count, since) in self.backend.claims()? {
                    if worker != self.worker && local_worker_is_dead(&worker) {
                        let freed = self.backend.release(&worker)?;
                        waiting(&format!(
                            "released {freed} articles held by worker {worker}, whose process is gone"
                        ));
                        released = true;
                    } else if !told.contains(&worker) {
                        let left = (since + LEASE_SECS - now_secs()).max(0);
                        waiting(&format!(
                            "waiting for {count} articles claimed by worker {worker} (done when it finishes, or when its lease runs out in {left} s)"
                        ));
                        told.push(worker);
                    }
                }
                if !released {
                    // Others hold the remaining claims; let them work.
                    std::thread::sleep(std::time::Duration::from_millis(200));
                }
            }
        }
    }

    pub fn stories(&mut self, limit: usize) -> Result<Vec<StorySummary>> {
        let stories = self.backend.stories(limit)?;
        self.count_independent_sources(stories)
    }

    pub fn search(&mut self, query: &str, limit: usize) -> Result<Vec<StorySummary>> {
        let stories = self.backend.search(query, limit)?;
        self.count_independent_sources(stories)
    }

    pub fn pending_count(&mut self) -> Result<usize> {
        self.backend.pending_count()
    }

    pub fn article_stories(&mut self) -> Result<Vec<(String, i64)>> {
        self.backend.article_stories()
    }

    /// (article id, problem) of every page kept out of clustering.
    pub fn problems(&mut self) -> Result<Vec<(String, String)>> {
        self.backend.problems()
    }

    pub fn story_docs(&mut self, story: i64) -> Result<Vec<RawDoc>> {
        self.backend.story_docs(story)
    }
}

/// Stories up to this size get the exact independent-source count of
/// `analyze` in listings (it costs one alignment per story).
pub const EXACT_SOURCES_MAX: usize = 40;

/// Seconds a claim holds before another worker may take the article.
pub const LEASE_SECS: i64 = 300;

/// Unix time in seconds.
fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// The name a worker of this process gets: `HOST-PID`.
pub fn local_worker_name(pid: u32) -> String {
    format!("{}-{pid}", hostname())
}

/// True when `worker` is `HOST-PID` of this machine and no process `PID`
/// exists (Linux `/proc`; elsewhere never, and the lease decides).
fn local_worker_is_dead(worker: &str) -> bool {
    let Some(pid) = worker
        .strip_prefix(&format!("{}-", hostname()))
        .and_then(|p| p.parse::<u32>().ok())
    else {
        return false;
    };
    cfg!(target_os = "linux")
        && Path::new("/proc/self").exists()
        && !Path::new(&format!("/proc/{pid}")).exists()
}

fn hostname() -> String {
    std::fs::read_to_string("/etc/hostname")
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|_| "host".into())
}

pub(crate) fn format_name(f: Format) -> &'static str {
    match f {
        Format::Text => "text",
        Format::Markdown => "markdown",
        Format::Html => "html",
        Format::Jsonl => "jsonl",
        Format::Rss => "rss",
        Format::Atom => "atom",
    }
}

pub(crate) fn parse_format(s: &str) -> Format {
    match s {
        "markdown" => Format::Markdown,
        "html" => Format::Html,
        "jsonl" => Format::Jsonl,
        "rss" => Format::Rss,
        "atom" => Format::Atom,
        _ => Format::Text,
    }
}

pub(crate) fn encode_signature(s: &corroborate_align::minhash::Signature) -> Vec<u8> {
    s.mins.iter().flat_map(|x| x.to_le_bytes()).collect()
}

pub(crate) fn decode_signature(b: &[u8]) -> corroborate_align::minhash::Signature {
    let mins = b
        .chunks_exact(8)
        .map(|c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
        .collect();
    corroborate_align::minhash::Signature { mins }
}

pub(crate) fn encode_u32s(v: &[u32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

pub(crate) fn encode_f32s(v: &[f32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

pub(crate) fn decode_f32s(b: &[u8]) -> Vec<f32> {
    b.chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

pub(crate) fn decode_u32s(b: &[u8]) -> Vec<u32> {
    b.chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

pub(crate) fn encode_terms(v: &[(u32, f32)]) -> Vec<u8> {
    v.iter()
        .flat_map(|(t, w)| t.to_le_bytes().into_iter().chain(w.to_le_bytes()))
        .collect()
}

pub(crate) fn decode_terms(b: &[u8]) -> Vec<(u32, f32)> {
    b.chunks_exact(8)
        .map(|c| {
            (
                u32::from_le_bytes([c[0], c[1], c[2], c[3]]),
                f32::from_le_bytes([c[4], c[5], c[6], c[7]]),
            )
        })
        .collect()
}

/// Story profiles touched by a batch, to be written back.
pub(crate) fn touched_profiles(clusterer: &Clusterer, assigned: &[Assigned]) -> Vec<StoryProfile> {
    let mut ids: Vec<i64> = assigned.iter().filter_map(|a| a.story).collect();
    ids.sort_unstable();
    ids.dedup();
    ids.into_iter()
        .filter_map(|id| clusterer.story(id).cloned())
        .collect()
}
