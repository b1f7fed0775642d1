//! The reference clusterer the evaluation compares against: single-pass
//! TF-IDF clustering, the textbook baseline of topic detection and tracking.
//!
//! In: documents (title, body, day) in arrival order and a [`BaselineParams`].
//! Out: one cluster index per document. Each document's vector is sublinear
//! TF times IDF over the whole input (an advantage the online system does not
//! have), L2-normalised; a document joins the cluster whose centroid (sum of
//! member vectors) has the highest cosine if that is at least the threshold
//! and the cluster's last document is at most `window_days` old; otherwise
//! it opens a cluster. [`tune`] picks the threshold with the best B-cubed F1
//! on the labelled input itself, so the baseline is as strong as this
//! recipe can be on that data.
//!
//! Invariants: deterministic; only words (folded, stemmed, stop words out).

use crate::bcubed::{bcubed, BCubed};
use crate::features::is_stopword;
use crate::features::{sparse_dot, stable_hash, stem};
use corroborate_core::text::{fold, words};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BaselineParams {
    pub threshold: f32,
    pub window_days: i64,
}

/// One input document of the baseline.
pub struct BaselineDoc<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub day: Option<i64>,
}

fn term_counts(doc: &BaselineDoc) -> HashMap<u32, f32> {
    let mut counts = HashMap::new();
    for text in [doc.title, doc.body] {
        for w in words(text) {
            let f = fold(w.text);
            if f.len() < 3 || is_stopword(&f) {
                continue;
            }
            *counts
                .entry(stable_hash(stem(&f).as_bytes(), 0) as u32)
                .or_insert(0.0) += 1.0;
        }
    }
    counts
}

/// TF-IDF unit vectors of all documents (IDF over the whole input).
pub fn vectors(docs: &[BaselineDoc]) -> Vec<Vec<(u32, f32)>> {
    let counts: Vec<HashMap<u32, f32>> = docs.iter().map(term_counts).collect();
    let mut df: HashMap<u32, f32> = HashMap::new();
    for c in &counts {
        for t in c.keys() {
            *df.entry(*t).or_insert(0.0) += 1.0;
        }
    }
    let n = docs.len() as f32;
    counts
        .into_iter()
        .map(|c| {
            let mut v: Vec<(u32, f32)> = c
                .into_iter()
                .map(|(t, tf)| (t, (1.0 + tf.ln()) * (n / df[&t]).ln()))
                .collect();
            v.sort_by_key(|t| t.0);
            let norm = v.iter().map(|t| t.1 * t.1).sum::<f32>().sqrt();
            if norm > 0.0 {
                for t in &mut v {
                    t.1 /= norm;
                }
            }
            v
        })
        .collect()
}

struct Cluster {
    /// Sum of member vectors, sorted by term id.
    centroid: Vec<(u32, f32)>,
    norm: f32,
    last_day: Option<i64>,
}

fn add_sorted(a: &[(u32, f32)], b: &[(u32, f32)]) -> Vec<(u32, f32)> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if j == b.len() || (i < a.len() && a[i].0 < b[j].0) {
            out.push(a[i]);
            i += 1;
        } else if i == a.len() || b[j].0 < a[i].0 {
            out.push(b[j]);
            j += 1;
        } else {
            out.push((a[i].0, a[i].1 + b[j].1));
            i += 1;
            j += 1;
        }
    }
    out
}

/// Clusters precomputed [`vectors`]; `days` gives each document's day. A
/// cluster closes for good once the newest day seen is more than
/// `window_days` past its last document (documents arrive in time order).
pub fn single_pass(
    vectors: &[Vec<(u32, f32)>],
    days: &[Option<i64>],
    params: BaselineParams,
) -> Vec<usize> {
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut newest: Option<i64> = None;
    let mut out = Vec::with_capacity(vectors.len());
    for (v, day) in vectors.iter().zip(days) {
        if let Some(d) = day {
            newest = Some(newest.map_or(*d, |n| n.max(*d)));
        }
        if let Some(n) = newest {
            open.retain(|&i| {
                clusters[i]
                    .last_day
                    .is_none_or(|l| n - l <= params.window_days)
            });
        }
        let mut best: Option<(usize, f32)> = None;
        for &i in &open {
            let c = &clusters[i];
            if let (Some(d), Some(last)) = (day, c.last_day) {
                if (d - last).abs() > params.window_days {
                    continue;
                }
            }
            if c.norm == 0.0 {
                continue;
            }
            let cos = sparse_dot(v, &c.centroid) / c.norm;
            if cos >= params.threshold && best.is_none_or(|(_, b)| cos > b) {
                best = Some((i, cos));
            }
        }
        let index = match best {
            Some((i, _)) => i,
            None => {
                clusters.push(Cluster {
                    centroid: Vec::new(),
                    norm: 0.0,
                    last_day: None,
                });
                open.push(clusters.len() - 1);
                clusters.len() - 1
            }
        };
        let c = &mut clusters[index];
        c.centroid = add_sorted(&c.centroid, v);
        c.norm = c.centroid.iter().map(|t| t.1 * t.1).sum::<f32>().sqrt();
        c.last_day = match (c.last_day, *day) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        out.push(index);
    }
    out
}

/// The threshold (0.025 to 0.60 in steps of 0.025) with the best B-cubed F1
/// against `gold`, its clustering and its scores.
pub fn tune<G: std::hash::Hash + Eq + Copy>(
    docs: &[BaselineDoc],
    gold: &[G],
    window_days: i64,
) -> (BaselineParams, Vec<usize>, BCubed) {
    let vectors = vectors(docs);
    let days: Vec<Option<i64>> = docs.iter().map(|d| d.day).collect();
    let mut best: Option<(BaselineParams, Vec<usize>, BCubed)> = None;
    for step in 1..=24 {
        let params = BaselineParams {
            threshold: 0.025 * step as f32,
            window_days,
        };
        let predicted = single_pass(&vectors, &days, params);
        let score = bcubed(&predicted, gold);
        if best.as_ref().is_none_or(|b| score.f1 > b.2.f1) {
            best = Some((params, predicted, score));
        }
    }
    best.expect("at least one threshold tried")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_related_and_respects_the_window() {
        let docs = [
            BaselineDoc {
                title: "Zelenskyy sends delegation to Istanbul",
                body: "Ukraine sent a delegation to Istanbul for peace talks with Russia.",
                day: Some(0),
            },
            BaselineDoc {
                title: "Ukraine delegation arrives in Istanbul",
                body: "The Ukrainian delegation arrived in Istanbul for talks with Russia.",
                day: Some(1),
            },
            BaselineDoc {
                title: "Central bank raises rates",
                body: "The central bank raised interest rates to fight inflation.",
                day: Some(1),
            },
            BaselineDoc {
                title: "Ukraine delegation arrives in Istanbul",
                body: "The Ukrainian delegation arrived in Istanbul for talks with Russia.",
                day: Some(100),
            },
        ];
        let v = vectors(&docs);
        let days: Vec<_> = docs.iter().map(|d| d.day).collect();
        let p = single_pass(
            &v,
            &days,
            BaselineParams {
                threshold: 0.1,
                window_days: 14,
            },
        );
        assert_eq!(p[0], p[1]);
        assert_ne!(p[0], p[2]);
        assert_ne!(p[1], p[3], "outside the window");
        let (params, tuned, score) = tune(&docs, &[1, 1, 2, 3], 14);
        assert_eq!(score.f1, 1.0, "{params:?} {tuned:?}");
    }
}
