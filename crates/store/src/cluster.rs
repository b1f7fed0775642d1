//! Online story clustering.
//!
//! In: one article at a time (id, [`ArticleFeatures`], day number). Out: an
//! [`Assignment`]: a near-duplicate of an article already seen (joins its
//! story), a member of the best-matching existing story, or a new story.
//!
//! How: a MinHash LSH index finds near-duplicates first; otherwise candidate
//! stories come from an inverted index over each story's strongest terms,
//! are filtered by a time window, and scored by cosine similarity to the
//! story centroid plus a bonus for shared names. Every step touches a bounded
//! number of candidates (posting lists are capped), so the cost per article
//! does not grow with the corpus.
//!
//! Invariants: assignment depends only on the order of arrival and the
//! features (no randomness); a story's centroid keeps at most
//! [`CENTROID_TERMS`] terms.

use crate::features::{sparse_dot, ArticleFeatures, NUM_PERM};
use corroborate_align::minhash::{LshIndex, Signature};
use std::collections::{BTreeMap, HashMap};

pub const CENTROID_TERMS: usize = 80;
const INDEXED_TERMS: usize = 24;
const QUERY_TERMS: usize = 12;
const POSTING_CAP: usize = 48;
const LSH_BANDS: usize = 16;
const LSH_ROWS: usize = NUM_PERM / LSH_BANDS;

/// Tunable thresholds of the clusterer.
#[derive(Debug, Clone, Copy)]
pub struct ClusterParams {
    /// MinHash resemblance above which an article is a near-duplicate.
    pub duplicate_resemblance: f32,
    /// Score above which an article joins a story.
    pub join_threshold: f32,
    /// Weight of the shared-names Jaccard bonus.
    pub name_weight: f32,
    /// Days between an article and a story's last article beyond which they never join.
    pub window_days: i64,
}

impl Default for ClusterParams {
    fn default() -> Self {
        Self {
            duplicate_resemblance: 0.7,
            join_threshold: 0.30,
            name_weight: 0.25,
            window_days: 4,
        }
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
    /// Sum of member term vectors, truncated to the strongest terms.
    pub centroid: Vec<(u32, f32)>,
    pub names: Vec<u32>,
    pub size: usize,
    pub first_day: Option<i64>,
    pub last_day: Option<i64>,
}

impl StoryProfile {
    fn norm(&self) -> f32 {
        self.centroid.iter().map(|(_, w)| w * w).sum::<f32>().sqrt()
    }

    fn absorb(&mut self, f: &ArticleFeatures, day: Option<i64>) {
        let mut sum: BTreeMap<u32, f32> = self.centroid.iter().copied().collect();
        for (t, w) in &f.terms {
            *sum.entry(*t).or_insert(0.0) += w;
        }
        self.centroid = top_terms(sum.into_iter().collect(), CENTROID_TERMS);
        let mut names: BTreeMap<u32, ()> = self.names.iter().map(|n| (*n, ())).collect();
        names.extend(f.names.iter().map(|n| (*n, ())));
        self.names = names.into_keys().collect();
        if self.names.len() > 4 * CENTROID_TERMS {
            // Keep the names that are also strong centroid terms.
            let strong: std::collections::HashSet<u32> =
                self.centroid.iter().map(|(t, _)| *t).collect();
            self.names.retain(|n| strong.contains(n));
        }
        self.size += 1;
        if let Some(d) = day {
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

fn jaccard(a: &[u32], b: &[u32]) -> f32 {
    let (mut i, mut j, mut inter) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                inter += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - inter;
    if union == 0 {
        0.0
    } else {
        inter as f32 / union as f32
    }
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
    stories: HashMap<i64, StoryProfile>,
    postings: HashMap<u32, Vec<i64>>,
    lsh: Option<LshIndex>,
    seen: Vec<SeenArticle>,
    next_story: i64,
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

    /// Makes sure new story ids never collide with ids allocated elsewhere.
    pub fn reserve_story_ids(&mut self, above: i64) {
        self.next_story = self.next_story.max(above + 1);
    }

    fn index_story_terms(&mut self, profile: &StoryProfile) {
        let mut strongest = profile.centroid.clone();
        strongest.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        for (term, _) in strongest.into_iter().take(INDEXED_TERMS) {
            let list = self.postings.entry(term).or_default();
            if !list.contains(&profile.id) {
                list.push(profile.id);
                if list.len() > POSTING_CAP {
                    // Oldest stories fall out: a long-running common term should
                    // not make every lookup scan the whole history.
                    list.remove(0);
                }
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

    /// Scores `f` against a story (cosine to centroid + shared-names bonus).
    fn score(&self, story: &StoryProfile, f: &ArticleFeatures) -> f32 {
        let norm = story.norm();
        if norm == 0.0 {
            return 0.0;
        }
        sparse_dot(&f.terms, &story.centroid) / norm
            + self.params.name_weight * jaccard(&f.names, &story.names)
    }

    /// Assigns one article and updates the state.
    pub fn assign(&mut self, id: &str, f: &ArticleFeatures, day: Option<i64>) -> Assignment {
        let assignment = if let Some((idx, r)) = self.find_duplicate(f) {
            let seen = &self.seen[idx];
            Assignment::Duplicate {
                of: seen.id.clone(),
                story: seen.story,
                resemblance: r,
            }
        } else {
            let mut query = f.terms.clone();
            query.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let mut candidates: Vec<i64> = query
                .iter()
                .take(QUERY_TERMS)
                .flat_map(|(t, _)| self.postings.get(t).into_iter().flatten().copied())
                .collect();
            candidates.sort_unstable();
            candidates.dedup();
            let window = self.params.window_days;
            let best = candidates
                .iter()
                .filter_map(|sid| self.stories.get(sid))
                .filter(|s| match (day, s.first_day, s.last_day) {
                    (Some(d), Some(first), Some(last)) => d >= first - window && d <= last + window,
                    _ => true,
                })
                .map(|s| (s.id, self.score(s, f)))
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
            match best {
                Some((story, score)) if score >= self.params.join_threshold => {
                    Assignment::Joined { story, score }
                }
                _ => {
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
                names: Vec::new(),
                size: 0,
                first_day: None,
                last_day: None,
            });
        profile.absorb(f, day);
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
        // Same words, far outside the time window: a new story.
        let late = c.assign(
            "b-late",
            &article_features("Ukraine delegation heads to Istanbul", b),
            day_number("2025-09-15"),
        );
        assert!(matches!(
            late,
            Assignment::New { .. } | Assignment::Duplicate { .. }
        ));
    }
}
