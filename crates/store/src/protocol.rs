//! The assign protocol, written once for every storage engine.
//!
//! In: a [`Backend`] that can open the store-wide assignment lock as one
//! transaction ([`Backend::locked`]) and read and write the clustering state
//! through an [`AssignTx`]; the worker's in-memory [`Clusterer`] and the
//! change number it last synchronised to; the decision (`assign`). Out: the
//! decisions recorded, the touched stories, merges and document frequencies
//! written back, and the store's change number advanced by one, all in that
//! one transaction; or nothing at all.
//!
//! Steps, under the lock: read the store's change number; if others changed
//! the store since `synced`, load what changed (stories and merge tombstones,
//! clustered articles' signatures, document frequencies) into the clusterer;
//! let `decide` choose; record every decision, but only for articles this
//! worker still holds; write back; bump the change number.
//!
//! Invariants: a batch is recorded whole or not at all. When an article is no
//! longer ours (our lease ran out and another worker took it) or any step
//! fails, the transaction is rolled back and the clusterer is reset, so that
//! the next batch resynchronises from scratch: the in-memory state never
//! holds decisions the store does not.

use crate::cluster::{Clusterer, StoryProfile};
use crate::{touched_profiles, Assigned, Backend, Result};
use corroborate_align::minhash::Signature;

/// A story row as the store holds it: a live profile, or the tombstone of a
/// story merged into another (`merged_into`).
pub struct StoredStory {
    pub profile: StoryProfile,
    pub merged_into: Option<i64>,
}

/// What one engine supplies inside the assignment lock's transaction: the
/// reads and writes of the clustering state. Every call runs in the same
/// transaction; [`Backend::locked`] commits or rolls it back.
pub trait AssignTx {
    /// The store's change number.
    fn change(&mut self) -> Result<i64>;
    /// Story rows written after change `since`, by id.
    fn stories_since(&mut self, since: i64) -> Result<Vec<StoredStory>>;
    /// (id, story, MinHash signature) of articles clustered after change
    /// `since`, in the order they were recorded.
    fn articles_since(&mut self, since: i64) -> Result<Vec<(String, i64, Signature)>>;
    /// Clustered articles counted in the document frequencies.
    fn docs(&mut self) -> Result<u64>;
    /// (term, document frequency) of terms changed after change `since`.
    fn df_since(&mut self, since: i64) -> Result<Vec<(u32, u32)>>;
    /// Records one decision as of change `change` if `worker` still holds
    /// the article; false when it does not.
    fn record(&mut self, worker: &str, assigned: &Assigned, change: i64) -> Result<bool>;
    /// Writes a story profile (inserting it when new).
    fn save_story(&mut self, profile: &StoryProfile, change: i64) -> Result<()>;
    /// Moves the articles of story `from` to `into` and leaves a tombstone.
    fn save_merge(&mut self, from: i64, into: i64, change: i64) -> Result<()>;
    /// Writes changed document frequencies (absolute values).
    fn save_df(&mut self, changes: &[(u32, u32)], change: i64) -> Result<()>;
    /// Writes the document count and the new change number.
    fn finish(&mut self, docs: u64, change: i64) -> Result<()>;
}

/// Loads into `clusterer` what others changed since `since`.
fn sync(tx: &mut dyn AssignTx, clusterer: &mut Clusterer, since: i64) -> Result<()> {
    for s in tx.stories_since(since)? {
        match s.merged_into {
            Some(into) => clusterer.load_merge(s.profile.id, into),
            None => clusterer.load_story(s.profile),
        }
    }
    for (id, story, signature) in tx.articles_since(since)? {
        clusterer.load_article(id, story, signature);
    }
    let docs = tx.docs()?;
    let df = tx.df_since(since)?;
    clusterer.load_df(docs, df);
    Ok(())
}

/// Under the store-wide assignment lock: brings `clusterer` up to date with
/// changes made by others since `synced` (updated in place), lets `decide`
/// choose, and records the result. An article no longer claimed by `worker`
/// makes the whole batch roll back (returns 0; the clusterer is reset).
/// Returns how many were recorded.
pub fn assign(
    backend: &mut dyn Backend,
    worker: &str,
    clusterer: &mut Clusterer,
    synced: &mut i64,
    decide: &mut dyn FnMut(&mut Clusterer) -> Vec<Assigned>,
) -> Result<usize> {
    let params = clusterer.params;
    let mut recorded = 0;
    let mut next = None;
    let outcome = backend.locked(&mut |tx| {
        recorded = 0;
        let change = tx.change()?;
        if change > *synced {
            sync(tx, clusterer, *synced)?;
        }
        let assigned = decide(clusterer);
        let change = change + 1;
        for a in &assigned {
            if !tx.record(worker, a, change)? {
                // Our lease ran out and someone else took the article: our
                // in-memory state now disagrees with the store.
                return Ok(false);
            }
            recorded += 1;
        }
        for p in touched_profiles(clusterer, &assigned) {
            tx.save_story(&p, change)?;
        }
        for (from, into) in clusterer.take_merges() {
            tx.save_merge(from, into, change)?;
        }
        let df = clusterer.take_df_changes();
        if !df.is_empty() {
            tx.save_df(&df, change)?;
        }
        tx.finish(clusterer.docs(), change)?;
        next = Some(change);
        Ok(true)
    });
    match (outcome, next) {
        (Ok(true), Some(change)) => {
            *synced = change;
            Ok(recorded)
        }
        (outcome, _) => {
            // Rolled back: start over from the store on the next batch.
            *clusterer = Clusterer::new(params);
            *synced = 0;
            outcome.map(|_| 0)
        }
    }
}
