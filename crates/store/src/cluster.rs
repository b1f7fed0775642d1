//! Online story clustering.
//!
//! In: one article at a time (id, [`ArticleFeatures`], day number). Out: an
//! [`Assignment`]: a near-duplicate of an article already seen (joins its
//! story), a member of the best-matching existing story, or a new story.
//!
//! How:
//! * **Near-duplicates** first, by MinHash LSH (syndicated copies).
//! * **Term weights that follow the stream.** The clusterer keeps document
//!   frequencies of every term seen so far (persisted by the store), and
//!   weights an article's terms by `(1 + ln tf) · idf^p · kind`, with
//!   `idf = ln(1 + (N + N0) / df)` (`N0` a prior count of documents, so a
//!   young store does not yet treat its first terms as common) and
//!   `p = idf_power > 1`, so terms every other
//!   article uses ("police", "shot", "hospital") count for little and rare
//!   ones (a town, a victim's name, "Bourbon Street") for much. Names and
//!   numbers are extra features on top of the words.
//! * **A story cannot drift.** A story is the sum of its members' unit
//!   vectors, cut to its [`CENTROID_TERMS`] heaviest terms; since weights are
//!   IDF-weighted, what a story keeps is what is specific to it, and a big
//!   story does not grow more attractive (cosine to the sum is scale-free).
//! * **Time.** A story is open for [`ClusterParams::active_days`] after its
//!   last article, with a threshold that rises as the story goes quiet; after
//!   that, only a follow-up that names the same (rare) person, e.g. an arrest
//!   or a sentencing months later, can join it, within
//!   [`ClusterParams::follow_up_days`]. A busy generic story stays open but
//!   cannot absorb unrelated articles, because its vector holds only its
//!   specific terms.
//!
//! * **Sentence-encoder vectors (optional).** When the store was given an
//!   encoder, an article comes with one unit vector (its title and lede) and
//!   a story keeps the sum of its members' vectors (a running mean: fixed
//!   size, and one member cannot pull it far). The score to a story is then
//!   the lexical cosine plus [`ClusterParams::encoder_weight`] times the
//!   encoder cosine's distance from [`ClusterParams::encoder_center`]: a
//!   boost above the cosine any two reports on one kind of event get, a
//!   penalty below. An article or story without a vector is scored
//!   lexically, so a store ingested partly without a model still works.
//!
//! * **Merges.** An article that reaches two stories whose vectors are close
//!   (cosine ≥ [`ClusterParams::merge_threshold`], scaled down for short texts
//!   like the join thresholds) merges them into the older one: single-pass
//!   clustering opens a second story whenever an early article misses the
//!   first, and a later article that bridges both shows they are one. The
//!   merged story's id resolves to the survivor ([`Clusterer::resolve`]); the
//!   store re-labels its articles and keeps a tombstone for other workers.
//!
//! Candidates come from an inverted index over each story's heaviest terms
//! and person keys (posting lists capped, most recently touched stories
//! kept), so the cost per article does not grow with the corpus.
//!
//! Invariants: assignment depends only on the order of arrival, the features
//! and the state (no randomness, no hash-map iteration order); a story's
//! centroid keeps at most [`CENTROID_TERMS`] terms; document frequencies
//! count every clustered article exactly once; a story is only ever merged
//! into an older one (smaller id), so redirects never form a cycle.

use crate::features::{sparse_dot, ArticleFeatures, TermKind, NUM_PERM};
use corroborate_align::minhash::{LshIndex, Signature};
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

/// Hasher for keys that are already hashes or small ids (term ids, story
/// ids): one multiply instead of SipHash, whose cost showed in the
/// clusterer's serial section. Lookups only: nothing iterates these maps in
/// an order that matters.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_i64(&mut self, n: i64) {
        self.write_u64(n as u64);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0 ^ n)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(29);
    }
}

type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

/// Sum of two sparse vectors sorted by term id (sorted result).
fn sparse_add(a: &[(u32, f32)], b: &[(u32, f32)]) -> Vec<(u32, f32)> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => {
                out.push(a[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(b[j]);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push((a[i].0, a[i].1 + b[j].1));
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

pub const CENTROID_TERMS: usize = 200;
const INDEXED_TERMS: usize = 32;
const QUERY_TERMS: usize = 16;
const POSTING_CAP: usize = 64;
/// Stories scored per article, those sharing the most query terms first.
const MAX_CANDIDATES: usize = 48;
/// Person keys kept per story (the earliest seen; the ones that name the event).
const STORY_PERSONS: usize = 64;
const LSH_BANDS: usize = 16;
const LSH_ROWS: usize = NUM_PERM / LSH_BANDS;

/// Tunable thresholds of the clusterer (defaults chosen on the development
/// half of the GVA stream, docs/eval/clustering.md).
#[derive(Debug, Clone, Copy)]
pub struct ClusterParams {
    /// MinHash resemblance above which an article is a near-duplicate.
    pub duplicate_resemblance: f32,
    /// Cosine to a story's vector above which an article joins a fresh story.
    pub join_threshold: f32,
    /// How much the threshold rises over `active_days` of silence.
    pub quiet_rise: f32,
    /// Days after a story's last article during which anything may join it.
    pub active_days: i64,
    /// Cosine a follow-up needs after that when it introduces, with an age,
    /// a (rare) person the story named ("Jonathan Burks, 30,").
    pub follow_up_threshold: f32,
    /// Cosine a follow-up needs when it shares only a (rare) person named
    /// without an age: officials and reporters are named that way too.
    pub named_follow_up_threshold: f32,
    /// Days after a story's last article during which follow-ups may join.
    pub follow_up_days: i64,
    /// A person key seen in more articles than this names an official or a
    /// celebrity, not the people of one event.
    pub person_max_df: u32,
    /// Exponent of the IDF (above 1 damps generic terms harder).
    pub idf_power: f32,
    /// Documents in which no term occurs, added to the count: a new store
    /// has no evidence yet that a term is common, so its first articles are
    /// weighed as if the stream were already this long.
    pub idf_prior_docs: f32,
    /// Weight of name features (on top of the words they are made of).
    pub name_weight: f32,
    /// Weight of number features.
    pub number_weight: f32,
    /// Distinct words below which a text counts as short (a headline, a
    /// brief): its thresholds are scaled by `sqrt(words / short_text_words)`,
    /// because a text of few words can share only a few of them with a story
    /// and its cosine to the story's vector stays low even when it is on topic.
    pub short_text_words: usize,
    /// Cosine between two stories' vectors at or above which an article that
    /// reaches both merges them: the second story was opened by an early
    /// article that happened to miss the first, and the bridge shows it.
    /// Above 1: never merge.
    pub merge_threshold: f32,
    /// Weight of the sentence-encoder cosine in the score to a story (only
    /// where both the article and the story have a vector); 0 turns the
    /// signal off.
    pub encoder_weight: f32,
    /// Encoder cosine at which the signal neither adds nor takes away.
    pub encoder_center: f32,
    /// Words of the body (after the title) that the store encodes.
    pub encoder_words: usize,
    /// Most recently active stories with a vector that are also scored when
    /// the encoder cosine to them is above `encoder_center`, even if they
    /// share none of the article's key terms (a paraphrase).
    pub encoder_candidates: usize,
}

impl Default for ClusterParams {
    fn default() -> Self {
        Self {
            duplicate_resemblance: 0.7,
            join_threshold: 0.17,
            quiet_rise: 0.10,
            active_days: 14,
            follow_up_threshold: 0.20,
            named_follow_up_threshold: 0.30,
            follow_up_days: 365,
            person_max_df: 5,
            idf_power: 1.5,
            idf_prior_docs: 1000.0,
            name_weight: 0.5,
            number_weight: 0.5,
            short_text_words: 40,
            merge_threshold: 0.5,
            encoder_weight: 0.0,
            encoder_center: 0.5,
            encoder_words: 60,
            encoder_candidates: 64,
        }
    }
}

impl ClusterParams {
    /// Sets one parameter by name (for sensitivity runs from the command line).
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        let bad = |e: String| format!("{key}={value}: {e}");
        let float = || value.parse::<f32>().map_err(|e| bad(e.to_string()));
        let int = || value.parse::<i64>().map_err(|e| bad(e.to_string()));
        match key {
            "duplicate_resemblance" => self.duplicate_resemblance = float()?,
            "join_threshold" => self.join_threshold = float()?,
            "quiet_rise" => self.quiet_rise = float()?,
            "active_days" => self.active_days = int()?,
            "follow_up_threshold" => self.follow_up_threshold = float()?,
            "named_follow_up_threshold" => self.named_follow_up_threshold = float()?,
            "follow_up_days" => self.follow_up_days = int()?,
            "person_max_df" => self.person_max_df = int()?.clamp(0, u32::MAX as i64) as u32,
            "idf_power" => self.idf_power = float()?,
            "idf_prior_docs" => self.idf_prior_docs = float()?,
            "name_weight" => self.name_weight = float()?,
            "number_weight" => self.number_weight = float()?,
            "short_text_words" => self.short_text_words = int()?.max(0) as usize,
            "merge_threshold" => self.merge_threshold = float()?,
            "encoder_weight" => self.encoder_weight = float()?,
            "encoder_center" => self.encoder_center = float()?,
            "encoder_words" => self.encoder_words = int()?.max(0) as usize,
            "encoder_candidates" => self.encoder_candidates = int()?.max(0) as usize,
            _ => return Err(format!("unknown clustering parameter {key}")),
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Assignment {
    Duplicate {
        of: String,
        story: i64,
        resemblance: f32,
    },
    Joined {
        story: i64,
        score: f32,
    },
    New {
        story: i64,
    },
}

impl Assignment {
    pub fn story(&self) -> i64 {
        match self {
            Assignment::Duplicate { story, .. }
            | Assignment::Joined { story, .. }
            | Assignment::New { story } => *story,
        }
    }
}

/// A story as the clusterer sees it; persisted by the store so a later run
/// (or another worker) can resume.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryProfile {
    pub id: i64,
    /// Sum of member unit vectors, truncated to the heaviest terms, sorted by term id.
    pub centroid: Vec<(u32, f32)>,
    /// Rare person keys of the members, sorted.
    pub persons: Vec<u32>,
    pub size: usize,
    pub first_day: Option<i64>,
    pub last_day: Option<i64>,
    /// Sum of the members' sentence-encoder vectors (members encoded
    /// without a model add nothing); empty when none had one.
    pub embedding: Vec<f32>,
}

/// Adds `v` into the vector sum `sum` (empty: none yet). A vector of
/// another length (a different model) is ignored.
fn add_embedding(sum: &mut Vec<f32>, v: &[f32]) {
    if v.is_empty() {
        return;
    }
    if sum.is_empty() {
        sum.extend_from_slice(v);
    } else if sum.len() == v.len() {
        for (s, x) in sum.iter_mut().zip(v) {
            *s += x;
        }
    }
}

impl StoryProfile {
    fn norm(&self) -> f32 {
        self.centroid.iter().map(|(_, w)| w * w).sum::<f32>().sqrt()
    }

    fn absorb(
        &mut self,
        vector: &[(u32, f32)],
        embedding: &[f32],
        persons: &[u32],
        day: Option<i64>,
    ) {
        self.centroid = top_terms(sparse_add(&self.centroid, vector), CENTROID_TERMS);
        add_embedding(&mut self.embedding, embedding);
        for p in persons {
            if self.persons.len() >= STORY_PERSONS {
                break;
            }
            if let Err(at) = self.persons.binary_search(p) {
                self.persons.insert(at, *p);
            }
        }
        self.size += 1;
        if let Some(d) = day {
            self.first_day = Some(self.first_day.map_or(d, |x| x.min(d)));
            self.last_day = Some(self.last_day.map_or(d, |x| x.max(d)));
        }
    }

    /// Takes in every member of `other` (a story merged into this one).
    fn absorb_story(&mut self, other: &StoryProfile) {
        self.centroid = top_terms(sparse_add(&self.centroid, &other.centroid), CENTROID_TERMS);
        add_embedding(&mut self.embedding, &other.embedding);
        for p in &other.persons {
            if self.persons.len() >= STORY_PERSONS {
                break;
            }
            if let Err(at) = self.persons.binary_search(p) {
                self.persons.insert(at, *p);
            }
        }
        self.size += other.size;
        for d in [other.first_day, other.last_day].into_iter().flatten() {
            self.first_day = Some(self.first_day.map_or(d, |x| x.min(d)));
            self.last_day = Some(self.last_day.map_or(d, |x| x.max(d)));
        }
    }
}

/// Keeps the `k` heaviest terms, sorted by term id again.
fn top_terms(mut terms: Vec<(u32, f32)>, k: usize) -> Vec<(u32, f32)> {
    if terms.len() > k {
        terms.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        terms.truncate(k);
        terms.sort_by_key(|t| t.0);
    }
    terms
}

fn intersects(a: &[u32], b: &[u32]) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

struct SeenArticle {
    id: String,
    story: i64,
    signature: Signature,
}

/// The in-memory clustering state.
#[derive(Default)]
pub struct Clusterer {
    pub params: ClusterParams,
    stories: IdMap<i64, StoryProfile>,
    postings: IdMap<u32, Vec<i64>>,
    lsh: Option<LshIndex>,
    seen: Vec<SeenArticle>,
    next_story: i64,
    /// Document frequency of every term (all kinds) over clustered articles.
    df: IdMap<u32, u32>,
    /// Articles counted in `df`.
    docs: u64,
    /// Terms whose frequency changed since the store last took them.
    /// (Unsorted, with repeats: sorted and deduplicated when taken.)
    df_changed: Vec<u32>,
    /// Stories merged into another (from → into); ids of merged stories
    /// still held by seen articles resolve through it.
    merged_into: IdMap<i64, i64>,
    /// Norm of every story's vector, kept with its postings.
    norms: IdMap<i64, f32>,
    /// Merges made since the store last took them, in order.
    merges: Vec<(i64, i64)>,
    /// Stories with an encoder vector by last activity (tick → story), and
    /// each one's tick: the recent ones are the encoder's extra candidates.
    recent: BTreeMap<u64, i64>,
    recent_tick: IdMap<i64, u64>,
    tick: u64,
}

impl Clusterer {
    pub fn new(params: ClusterParams) -> Self {
        Self {
            params,
            next_story: 1,
            ..Default::default()
        }
    }

    pub fn story(&self, id: i64) -> Option<&StoryProfile> {
        self.stories.get(&id)
    }

    pub fn story_count(&self) -> usize {
        self.stories.len()
    }

    /// Articles counted in the document frequencies.
    pub fn docs(&self) -> u64 {
        self.docs
    }

    /// Restores (or refreshes) a story profile loaded from the store.
    pub fn load_story(&mut self, profile: StoryProfile) {
        self.next_story = self.next_story.max(profile.id + 1);
        self.index_story_terms(&profile);
        self.stories.insert(profile.id, profile);
    }

    /// Restores an article already assigned, for near-duplicate lookups.
    pub fn load_article(&mut self, id: String, story: i64, signature: Signature) {
        let idx = self.seen.len() as u64;
        self.lsh
            .get_or_insert_with(|| LshIndex::new(LSH_BANDS, LSH_ROWS))
            .insert(idx, &signature);
        self.seen.push(SeenArticle {
            id,
            story,
            signature,
        });
    }

    /// Restores document frequencies written by the store (absolute values).
    pub fn load_df(&mut self, docs: u64, terms: impl IntoIterator<Item = (u32, u32)>) {
        self.docs = docs;
        self.df.extend(terms);
    }

    /// The document frequencies changed since the last call, for write-back.
    pub fn take_df_changes(&mut self) -> Vec<(u32, u32)> {
        let mut changed = std::mem::take(&mut self.df_changed);
        changed.sort_unstable();
        changed.dedup();
        changed
            .into_iter()
            .map(|t| (t, self.df.get(&t).copied().unwrap_or(0)))
            .collect()
    }

    /// The story a (possibly merged) story id now stands for.
    pub fn resolve(&self, mut id: i64) -> i64 {
        // Merges always go into an older story, so the chain ends.
        while let Some(&into) = self.merged_into.get(&id) {
            id = into;
        }
        id
    }

    /// The merges (from, into) made since the last call, for write-back.
    pub fn take_merges(&mut self) -> Vec<(i64, i64)> {
        std::mem::take(&mut self.merges)
    }

    /// Records a merge made by another worker (its surviving story is
    /// loaded with [`Clusterer::load_story`]).
    pub fn load_merge(&mut self, from: i64, into: i64) {
        self.next_story = self.next_story.max(from + 1);
        self.stories.remove(&from);
        self.forget(from);
        if from != into {
            self.merged_into.insert(from, into);
        }
    }

    fn merge(&mut self, from: i64, into: i64) {
        let Some(gone) = self.stories.remove(&from) else {
            return;
        };
        let Some(kept) = self.stories.get_mut(&into) else {
            self.stories.insert(from, gone);
            return;
        };
        kept.absorb_story(&gone);
        let kept = kept.clone();
        self.forget(from);
        self.index_story_terms(&kept);
        self.merged_into.insert(from, into);
        self.merges.push((from, into));
    }

    /// Makes sure new story ids never collide with ids allocated elsewhere.
    pub fn reserve_story_ids(&mut self, above: i64) {
        self.next_story = self.next_story.max(above + 1);
    }

    /// Marks a story with a vector as just active (stories without one are
    /// never the encoder's candidates, so lexical clustering pays nothing).
    fn touch(&mut self, profile: &StoryProfile) {
        if profile.embedding.is_empty() {
            return;
        }
        self.tick += 1;
        if let Some(old) = self.recent_tick.insert(profile.id, self.tick) {
            self.recent.remove(&old);
        }
        self.recent.insert(self.tick, profile.id);
    }

    fn forget(&mut self, id: i64) {
        if let Some(old) = self.recent_tick.remove(&id) {
            self.recent.remove(&old);
        }
    }

    fn index_story_terms(&mut self, profile: &StoryProfile) {
        self.touch(profile);
        self.norms.insert(profile.id, profile.norm());
        let mut strongest = profile.centroid.clone();
        strongest.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let keys = strongest
            .into_iter()
            .take(INDEXED_TERMS)
            .map(|(t, _)| t)
            .chain(profile.persons.iter().copied());
        for term in keys {
            let list = self.postings.entry(term).or_default();
            // Most recently touched last; the least recently touched fall out
            // first, so a long-running common term never makes every lookup
            // scan the whole history.
            if let Some(at) = list.iter().position(|s| *s == profile.id) {
                list.remove(at);
            }
            list.push(profile.id);
            if list.len() > POSTING_CAP {
                list.remove(0);
            }
        }
    }

    fn find_duplicate(&self, f: &ArticleFeatures) -> Option<(usize, f32)> {
        let mut best: Option<(usize, f32)> = None;
        for idx in self.lsh.as_ref()?.candidates(&f.signature) {
            let r = f.signature.jaccard(&self.seen[idx as usize].signature);
            if r >= self.params.duplicate_resemblance
                && best.is_none_or(|(b_idx, b)| r > b || (r == b && (idx as usize) < b_idx))
            {
                best = Some((idx as usize, r));
            }
        }
        best
    }

    /// Counts the article in the document frequencies.
    fn count_terms(&mut self, f: &ArticleFeatures) {
        self.docs += 1;
        for t in f
            .terms
            .iter()
            .map(|(t, _)| *t)
            .chain(f.persons.iter().copied())
        {
            *self.df.entry(t).or_insert(0) += 1;
            self.df_changed.push(t);
        }
    }

    fn idf(&self, term: u32) -> f32 {
        let df = self.df.get(&term).copied().unwrap_or(0).max(1) as f32;
        (1.0 + (self.docs as f32 + self.params.idf_prior_docs.max(0.0)) / df).ln()
    }

    /// The article's unit vector under the current document frequencies.
    pub fn weigh(&self, f: &ArticleFeatures) -> Vec<(u32, f32)> {
        let p = self.params;
        let mut v: Vec<(u32, f32)> = f
            .terms
            .iter()
            .filter_map(|&(t, tf)| {
                let kind = match TermKind::of(t) {
                    TermKind::Word => 1.0,
                    TermKind::Name => p.name_weight,
                    TermKind::Number => p.number_weight,
                    TermKind::Person => return None,
                };
                (kind > 0.0 && tf > 0.0)
                    .then(|| (t, (1.0 + tf.ln()) * self.idf(t).powf(p.idf_power) * kind))
            })
            .collect();
        let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            for t in &mut v {
                t.1 /= norm;
            }
        }
        v
    }

    /// The threshold an article of `day` must reach to join `story`, if it
    /// may join at all.
    fn threshold(
        &self,
        story: &StoryProfile,
        day: Option<i64>,
        persons: &[u32],
        aged: &[u32],
    ) -> Option<f32> {
        let p = self.params;
        let (Some(d), Some(first), Some(last)) = (day, story.first_day, story.last_day) else {
            return Some(p.join_threshold);
        };
        if d < first - p.active_days {
            // Arrived late from long before the story began.
            return None;
        }
        let quiet = (d - last).max(0);
        if quiet <= p.active_days {
            let rise = p.quiet_rise * quiet as f32 / p.active_days.max(1) as f32;
            return Some(p.join_threshold + rise);
        }
        if quiet > p.follow_up_days {
            None
        } else if intersects(aged, &story.persons) {
            Some(p.follow_up_threshold)
        } else if intersects(persons, &story.persons) {
            Some(p.named_follow_up_threshold)
        } else {
            None
        }
    }

    /// Merges into one the stories the article reaches (`passing`) whose
    /// vectors are close to its best story's; returns the surviving id (the
    /// oldest, so that merges never form a cycle).
    fn merge_bridged(&mut self, best: i64, passing: &[(i64, f32, f32)], scale: f32) -> i64 {
        if self.params.merge_threshold > 1.0 || passing.len() < 2 {
            return best;
        }
        // Stories of short texts share few words even when on one event, as
        // a short text does with a story: the same scaling applies.
        let threshold = scale * self.params.merge_threshold;
        if threshold <= 0.0 {
            return best;
        }
        let Some(b) = self.stories.get(&best) else {
            return best;
        };
        let b_norm = b.norm();
        let mut group: Vec<i64> = passing
            .iter()
            .filter(|(id, _, _)| *id != best)
            .filter_map(|(id, _, _)| self.stories.get(id))
            .filter(|s| {
                let n = s.norm() * b_norm;
                n > 0.0 && sparse_dot(&s.centroid, &b.centroid) / n >= threshold
            })
            .map(|s| s.id)
            .collect();
        if group.is_empty() {
            return best;
        }
        group.push(best);
        group.sort_unstable();
        let into = group[0];
        for from in group.into_iter().skip(1) {
            self.merge(from, into);
        }
        into
    }

    /// Assigns one article and updates the state.
    pub fn assign(&mut self, id: &str, f: &ArticleFeatures, day: Option<i64>) -> Assignment {
        self.assign_with(id, f, &[], day)
    }

    /// The encoder's part of the score to `story`: 0 without a vector on
    /// either side or with the signal off.
    fn encoder_score(&self, embedding: &[f32], story: &StoryProfile) -> f32 {
        let w = self.params.encoder_weight;
        if w == 0.0 || embedding.is_empty() || story.embedding.len() != embedding.len() {
            return 0.0;
        }
        w * (corroborate_core::encoder::cosine(embedding, &story.embedding)
            - self.params.encoder_center)
    }

    /// [`Clusterer::assign`] with the article's sentence-encoder vector
    /// (unit length; empty when there is none).
    pub fn assign_with(
        &mut self,
        id: &str,
        f: &ArticleFeatures,
        embedding: &[f32],
        day: Option<i64>,
    ) -> Assignment {
        self.count_terms(f);
        let vector = self.weigh(f);
        let max_df = self.params.person_max_df;
        let persons: Vec<u32> = f
            .persons
            .iter()
            .copied()
            .filter(|p| self.df.get(p).copied().unwrap_or(0) <= max_df)
            .collect();
        let aged: Vec<u32> = f
            .aged_persons
            .iter()
            .copied()
            .filter(|p| persons.binary_search(p).is_ok())
            .collect();
        let assignment = if let Some((idx, r)) = self.find_duplicate(f) {
            let seen = &self.seen[idx];
            Assignment::Duplicate {
                of: seen.id.clone(),
                story: self.resolve(seen.story),
                resemblance: r,
            }
        } else {
            let mut query = vector.clone();
            query.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let mut candidates: Vec<i64> = query
                .iter()
                .take(QUERY_TERMS)
                .map(|(t, _)| *t)
                .chain(persons.iter().copied())
                .flat_map(|t| self.postings.get(&t).into_iter().flatten().copied())
                .collect();
            candidates.sort_unstable();
            // Score only the stories that share the most of the article's
            // key terms: a story reached through one common term of sixteen
            // almost never passes, and scoring every one of them grew to be
            // most of the clusterer's time as posting lists filled up.
            let mut hits: Vec<(usize, i64)> = Vec::with_capacity(candidates.len());
            for sid in candidates {
                match hits.last_mut() {
                    Some((n, last)) if *last == sid => *n += 1,
                    _ => hits.push((1, sid)),
                }
            }
            if hits.len() > MAX_CANDIDATES {
                hits.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
                hits.truncate(MAX_CANDIDATES);
            }
            let mut candidates: Vec<i64> = hits.into_iter().map(|(_, sid)| sid).collect();
            if !embedding.is_empty() && self.params.encoder_weight > 0.0 {
                // Paraphrases share few key terms: recent stories the
                // encoder finds close are scored too.
                let extra: Vec<i64> = self
                    .recent
                    .values()
                    .rev()
                    .take(self.params.encoder_candidates)
                    .filter(|sid| !candidates.contains(sid))
                    .filter(|sid| {
                        self.stories
                            .get(sid)
                            .is_some_and(|s| self.encoder_score(embedding, s) > 0.0)
                    })
                    .copied()
                    .collect();
                candidates.extend(extra);
            }
            let words = f
                .terms
                .iter()
                .filter(|(t, _)| TermKind::of(*t) == TermKind::Word)
                .count();
            let short = self.params.short_text_words.max(1);
            let scale = (words.min(short) as f32 / short as f32).sqrt();
            let passing: Vec<(i64, f32, f32)> = candidates
                .iter()
                .filter_map(|sid| self.stories.get(sid))
                .filter_map(|s| {
                    let threshold = scale * self.threshold(s, day, &persons, &aged)?;
                    let norm = self.norms.get(&s.id).copied().unwrap_or(0.0);
                    if norm == 0.0 {
                        return None;
                    }
                    let score =
                        sparse_dot(&vector, &s.centroid) / norm + self.encoder_score(embedding, s);
                    (score >= threshold).then_some((s.id, score, score - threshold))
                })
                .collect();
            let best = passing
                .iter()
                .copied()
                .max_by(|a, b| a.2.total_cmp(&b.2).then(b.0.cmp(&a.0)));
            match best {
                Some((story, score, _)) => {
                    let story = self.merge_bridged(story, &passing, scale);
                    Assignment::Joined { story, score }
                }
                None => {
                    let story = self.next_story;
                    self.next_story += 1;
                    Assignment::New { story }
                }
            }
        };
        let story_id = assignment.story();
        let profile = self
            .stories
            .entry(story_id)
            .or_insert_with(|| StoryProfile {
                id: story_id,
                centroid: Vec::new(),
                persons: Vec::new(),
                size: 0,
                first_day: None,
                last_day: None,
                embedding: Vec::new(),
            });
        profile.absorb(&vector, embedding, &persons, day);
        let profile = profile.clone();
        self.index_story_terms(&profile);
        self.load_article(id.to_string(), story_id, f.signature.clone());
        assignment
    }
}

/// Days since 1970-01-01 of an ISO date (`YYYY-MM-DD...`), if it parses.
pub fn day_number(iso: &str) -> Option<i64> {
    let y: i64 = iso.get(0..4)?.parse().ok()?;
    let m: i64 = iso.get(5..7)?.parse().ok()?;
    let d: i64 = iso.get(8..10)?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Days-from-civil (Howard Hinnant), exact for the proleptic Gregorian calendar.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::article_features;

    #[test]
    fn day_numbers() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2025-05-15T10:00:00Z"), Some(20_223));
        assert_eq!(day_number("2025-13-01"), None);
        assert_eq!(day_number("junk"), None);
    }

    #[test]
    fn duplicates_join_related_cluster_unrelated_split() {
        let mut c = Clusterer::new(ClusterParams::default());
        let a = "Ukrainian President Volodymyr Zelenskyy said he had sent a delegation to Istanbul for the first direct peace talks with Russia in three years, but said Moscow was not serious about ending the war.";
        let b = "Zelenskyy sent a Ukrainian delegation led by Defence Minister Rustem Umerov to Istanbul for peace talks with Russia, saying Moscow was not serious about the negotiations to end the war.";
        let z = "The central bank raised interest rates by a quarter point on Wednesday, citing persistent inflation in services and housing costs across the economy.";
        let first = c.assign(
            "a",
            &article_features("Zelenskyy sends team to Istanbul talks", a),
            day_number("2025-05-15"),
        );
        assert!(matches!(first, Assignment::New { .. }));
        let dup = c.assign(
            "a2",
            &article_features("Zelenskyy sends team to Istanbul talks", a),
            day_number("2025-05-15"),
        );
        assert!(
            matches!(dup, Assignment::Duplicate { ref of, .. } if of == "a"),
            "{dup:?}"
        );
        let rel = c.assign(
            "b",
            &article_features("Ukraine delegation heads to Istanbul", b),
            day_number("2025-05-15"),
        );
        assert_eq!(rel.story(), first.story(), "{rel:?}");
        let other = c.assign(
            "z",
            &article_features("Central bank raises rates", z),
            day_number("2025-05-15"),
        );
        assert_ne!(other.story(), first.story());
        // Same words, far outside the time window and no person in common: a new story.
        let late = c.assign(
            "b-late",
            &article_features("Ukraine delegation heads to Istanbul", b),
            day_number("2025-09-15"),
        );
        assert!(matches!(
            late,
            Assignment::New { .. } | Assignment::Duplicate { .. }
        ));
        assert_eq!(c.docs(), 5, "every article counted once");
    }

    #[test]
    fn an_article_that_bridges_two_close_stories_merges_them() {
        // A feed delivers an older report late: it cannot join a story that
        // began more than `active_days` after it, so it opens a second story
        // on the same event; a report dated between the two reaches both.
        let early = "Bitcoin exchange Mt. Gox files for bankruptcy protection in Tokyo after losing 850,000 bitcoins, chief executive Mark Karpeles said.";
        let late = "Mt. Gox, the bitcoin exchange run by Mark Karpeles, sought bankruptcy protection in Tokyo after 850,000 bitcoins went missing.";
        let middle = "Creditors of Mt. Gox met in Tokyo as Mark Karpeles explained how 850,000 bitcoins vanished before the bankruptcy filing.";
        let run = |params: ClusterParams| {
            let mut c = Clusterer::new(params);
            let a = c.assign("a", &article_features("", late), day_number("2014-03-25"));
            let b = c.assign("b", &article_features("", early), day_number("2014-03-05"));
            let bridge = c.assign("c", &article_features("", middle), day_number("2014-03-15"));
            (c, a.story(), b.story(), bridge)
        };
        let (mut c, a, b, bridge) = run(ClusterParams::default());
        assert_ne!(a, b, "the late arrival opens its own story");
        assert_eq!(bridge.story(), a.min(b), "{bridge:?}");
        let (gone, kept) = (a.max(b), a.min(b));
        assert_eq!(c.resolve(gone), kept);
        assert!(c.story(gone).is_none());
        assert_eq!(c.story(kept).map(|s| s.size), Some(3));
        assert_eq!(
            c.story(kept).and_then(|s| s.first_day),
            day_number("2014-03-05")
        );
        assert_eq!(c.take_merges(), vec![(gone, kept)]);
        assert!(c.take_merges().is_empty(), "taken once");
        // A copy of the merged story's article lands in the survivor.
        let copy = c.assign("b2", &article_features("", early), day_number("2014-03-15"));
        assert_eq!(copy.story(), kept, "{copy:?}");
        // Without merges the bridge joins one of them and both stay.
        let (mut off, a, b, _) = run(ClusterParams {
            merge_threshold: 2.0,
            ..ClusterParams::default()
        });
        assert_ne!(a, b);
        assert_eq!(off.story_count(), 2);
        assert!(off.take_merges().is_empty());
    }

    #[test]
    fn encoder_vectors_join_paraphrases_and_leave_lexical_scores_alone_without_them() {
        // Two headlines on one event that share almost no word, and one on
        // another event. The vectors stand in for a sentence encoder's: the
        // first two close, the third far.
        let a = "Stocks slide as weak China exports rattle investors";
        let b = "Wall Street retreats after disappointing trade data from Beijing";
        let c = "Central bank holds interest rates steady amid inflation worries";
        let unit = |v: [f32; 3]| {
            let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
            v.map(|x| x / n).to_vec()
        };
        let (va, vb, vc) = (
            unit([1.0, 0.2, 0.0]),
            unit([0.9, 0.3, 0.1]),
            unit([0.0, 0.1, 1.0]),
        );
        let day = day_number("2014-03-10");
        let run = |params: ClusterParams, with_vectors: bool| {
            let mut c_ = Clusterer::new(params);
            let pick = |v: &Vec<f32>| if with_vectors { v.clone() } else { Vec::new() };
            let x = c_.assign_with("a", &article_features(a, a), &pick(&va), day);
            let y = c_.assign_with("b", &article_features(b, b), &pick(&vb), day);
            let z = c_.assign_with("c", &article_features(c, c), &pick(&vc), day);
            (x.story(), y.story(), z.story(), c_)
        };
        let on = ClusterParams {
            encoder_weight: 0.5,
            ..ClusterParams::default()
        };
        let (x, y, z, c_) = run(on, true);
        assert_eq!(x, y, "the encoder joins the paraphrase");
        assert_ne!(x, z, "and keeps the other event apart");
        let kept = c_.story(x).expect("story kept");
        assert_eq!(
            kept.embedding.len(),
            3,
            "the story keeps the sum of its members' vectors"
        );
        assert!((kept.embedding[0] - (va[0] + vb[0])).abs() < 1e-6);
        // Lexically they are apart: without vectors, or with the signal off,
        // the result is the lexical one.
        let (x, y, _, _) = run(on, false);
        assert_ne!(x, y);
        let (x, y, _, _) = run(ClusterParams::default(), true);
        assert_ne!(x, y);
    }

    #[test]
    fn a_follow_up_naming_the_same_person_joins_months_later() {
        let mut c = Clusterer::new(ClusterParams::default());
        let first = c.assign(
            "crime",
            &article_features(
                "Girl, 3, killed in Easter shooting in Detroit",
                "A 3-year-old girl was shot and killed on Easter morning at a home on Riverview Street on Detroit's west side, police said. \
                 Jonathan Burks, 30, was arrested on Tuesday and charged with murder, Wayne County prosecutors said.",
            ),
            day_number("2016-03-27"),
        );
        let unrelated = c.assign(
            "other",
            &article_features(
                "City council approves new budget",
                "The city council approved a budget on Monday that adds money for parks and libraries and repairs roads on the east side.",
            ),
            day_number("2016-05-01"),
        );
        assert_ne!(unrelated.story(), first.story());
        let sentencing = c.assign(
            "sentencing",
            &article_features(
                "Man sentenced in Easter death of Detroit girl",
                "Jonathan Burks, 30, of Detroit, will spend 20 to 42 years in prison for his role in the Easter shooting death of a 3-year-old girl on Riverview Street.",
            ),
            day_number("2016-08-30"),
        );
        assert_eq!(sentencing.story(), first.story(), "{sentencing:?}");
        // The same words without the person, as long after: no join.
        let generic = c.assign(
            "generic",
            &article_features(
                "Detroit girl shot on Easter",
                "A girl was shot on Easter morning on Detroit's west side, police said.",
            ),
            day_number("2017-04-16"),
        );
        assert_ne!(generic.story(), first.story(), "{generic:?}");
    }
}
