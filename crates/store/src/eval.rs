//! Story-clustering evaluation: the real store against the TF-IDF baseline.
//!
//! In: labelled documents in arrival order (a JSONL file with `story`,
//! `published`, `title`, `url`, `outlet`, `text` per line, or rows built by a
//! caller). Out: a [`ClusteringEval`]: B-cubed and pairwise precision / recall
//! / F1 of corroborate (a fresh SQLite store, online, default parameters
//! unless given), of the single-pass TF-IDF baseline ([`crate::baseline`],
//! its threshold tuned on the same labels) and of "every article its own
//! story", plus the largest story's share of the stream and its purity.
//! Given a sentence encoder ([`evaluate_with`]), corroborate runs a second
//! time with the encoder's vectors as one more signal (a fresh store, the
//! same parameters), so the rows with and without it come from one run.
//!
//! Scoring: every input row is scored. Exact duplicates (same content id)
//! are stored once and share their stored article's story; a page kept out
//! of clustering (a problem) counts as a story of its own.
//!
//! Invariants: deterministic for a given input and parameters.

use crate::baseline::{self, BaselineDoc};
use crate::bcubed::{bcubed, pairwise, BCubed};
use crate::cluster::{day_number, ClusterParams};
use crate::{Result, Store, StoreError};
use corroborate_core::{content_id, Encoder, Format, RawDoc};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

/// A document with its gold story label.
#[derive(Debug, Clone)]
pub struct Labelled {
    pub doc: RawDoc,
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Scores {
    pub bcubed_precision: f64,
    pub bcubed_recall: f64,
    pub bcubed_f1: f64,
    pub pairwise_precision: f64,
    pub pairwise_recall: f64,
    pub pairwise_f1: f64,
}

impl Scores {
    fn of<P: std::hash::Hash + Eq + Copy>(predicted: &[P], gold: &[usize]) -> Scores {
        let (b, p): (BCubed, BCubed) = (bcubed(predicted, gold), pairwise(predicted, gold));
        Scores {
            bcubed_precision: b.precision,
            bcubed_recall: b.recall,
            bcubed_f1: b.f1,
            pairwise_precision: p.precision,
            pairwise_recall: p.recall,
            pairwise_f1: p.f1,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SystemResult {
    pub system: String,
    pub stories: usize,
    pub scores: Scores,
    /// Articles in the biggest story, its share of the stream, and the share
    /// of its articles that carry its most common gold label.
    pub biggest: usize,
    pub biggest_share: f64,
    pub biggest_purity: f64,
    /// (size, purity) of every story holding more than 2 % of the stream,
    /// largest first.
    pub large_stories: Vec<(usize, f64)>,
    /// How many of those mix events (under 90 % one gold story): the rule is
    /// that no story holds more than 2 % of a stream unless its articles
    /// share the event.
    pub large_stories_mixed: usize,
    pub seconds: f64,
}

/// Share of the stream above which a story must be one event.
pub const LARGE_SHARE: f64 = 0.02;
/// Share of one gold story at which a story counts as one event.
pub const SHARED_EVENT: f64 = 0.9;

#[derive(Debug, Clone, Serialize)]
pub struct ClusteringEval {
    pub articles: usize,
    pub gold_stories: usize,
    /// Pages the store kept out of clustering, by problem.
    pub problems: Vec<(String, usize)>,
    pub baseline_threshold: f32,
    pub baseline_window_days: i64,
    pub systems: Vec<SystemResult>,
    /// corroborate's story per input row (negative: kept out), for error analysis.
    #[serde(skip)]
    pub predicted: Vec<i64>,
    /// The same with the encoder, when one was given.
    #[serde(skip)]
    pub predicted_with_encoder: Option<Vec<i64>>,
}

#[derive(serde::Deserialize)]
struct Row {
    story: serde_json::Value,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    outlet: Option<String>,
    text: String,
}

/// Reads a labelled JSONL file; a bad line is an error naming its number.
pub fn read_jsonl(text: &str) -> Result<Vec<Labelled>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let row: Row = serde_json::from_str(line)
            .map_err(|e| StoreError::Invalid(format!("line {}: {e}", i + 1)))?;
        let label = match row.story {
            serde_json::Value::String(s) => s,
            other => other.to_string(),
        };
        out.push(Labelled {
            doc: RawDoc {
                path: format!("eval/{}", i + 1),
                format: Format::Text,
                title: row.title,
                body: row.text,
                url: row.url,
                outlet: row.outlet,
                published: row.published,
                author: None,
                language: None,
            },
            label,
        });
    }
    Ok(out)
}

/// Reads the UCI News Aggregator sample (`id`, `story`, `publisher`,
/// `title` columns, tab-separated, a header line): headlines only, so the
/// title is the whole text.
pub fn read_uci_tsv(text: &str) -> Result<Vec<Labelled>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [id, story, publisher, title] = cols[..] else {
            return Err(StoreError::Invalid(format!(
                "line {}: expected 4 tab-separated columns",
                i + 1
            )));
        };
        out.push(Labelled {
            doc: RawDoc {
                path: format!("uci/{id}"),
                format: Format::Text,
                title: Some(title.to_string()),
                body: title.to_string(),
                url: None,
                outlet: Some(publisher.to_string()),
                published: None,
                author: None,
                language: Some("en".into()),
            },
            label: story.to_string(),
        });
    }
    Ok(out)
}

/// Reads a labelled file: the UCI sample when it ends in `.tsv`, else JSONL.
pub fn read_labelled(path: &std::path::Path) -> Result<Vec<Labelled>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| StoreError::Invalid(format!("{}: {e}", path.display())))?;
    let rows = if path.extension().is_some_and(|e| e == "tsv") {
        read_uci_tsv(&text)
    } else {
        read_jsonl(&text)
    };
    rows.map_err(|e| StoreError::Invalid(format!("{}: {e}", path.display())))
}

fn system_result<P: std::hash::Hash + Eq + Copy>(
    name: &str,
    predicted: &[P],
    gold: &[usize],
    seconds: f64,
) -> SystemResult {
    // Row indices per story, in input order.
    let mut members: HashMap<P, Vec<usize>> = HashMap::new();
    for (i, p) in predicted.iter().enumerate() {
        members.entry(*p).or_default().push(i);
    }
    // Largest first, ties by first member, so the report does not depend on
    // hash-map order.
    let mut stories: Vec<Vec<usize>> = members.into_values().collect();
    stories.sort_by_key(|m| (std::cmp::Reverse(m.len()), m.first().copied()));
    let purity = |m: &[usize]| {
        let mut labels: HashMap<usize, usize> = HashMap::new();
        for i in m {
            *labels.entry(gold[*i]).or_default() += 1;
        }
        labels.values().copied().max().unwrap_or(0) as f64 / m.len().max(1) as f64
    };
    let total = predicted.len().max(1) as f64;
    let biggest = stories.first().cloned().unwrap_or_default();
    let large: Vec<(usize, f64)> = stories
        .iter()
        .take_while(|m| m.len() as f64 / total > LARGE_SHARE)
        .map(|m| (m.len(), purity(m)))
        .collect();
    SystemResult {
        system: name.to_string(),
        stories: stories.len(),
        scores: Scores::of(predicted, gold),
        biggest: biggest.len(),
        biggest_share: biggest.len() as f64 / total,
        biggest_purity: purity(&biggest),
        large_stories_mixed: large.iter().filter(|(_, p)| *p < SHARED_EVENT).count(),
        large_stories: large,
        seconds,
    }
}

/// Runs corroborate (a fresh SQLite store in `dir`) and the tuned baseline
/// on `rows`, in their order.
pub fn evaluate(
    rows: &[Labelled],
    params: ClusterParams,
    dir: &std::path::Path,
) -> Result<ClusteringEval> {
    evaluate_with(rows, params, dir, None)
}

/// corroborate's story per row (negative: kept out of clustering), the
/// (article, problem) pairs kept out, and the seconds it took.
type StoreRun = (Vec<i64>, Vec<(String, String)>, f64);

/// corroborate's story per row (negative: kept out of clustering), its
/// problems and its seconds, from a fresh SQLite store in `dir`.
fn run_store(
    rows: &[Labelled],
    params: ClusterParams,
    dir: &std::path::Path,
    encoder: Option<Arc<dyn Encoder>>,
) -> Result<StoreRun> {
    let path = dir.join("clustering-eval.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let started = std::time::Instant::now();
    let mut store = Store::open(
        path.to_str()
            .ok_or_else(|| StoreError::Invalid("non-UTF-8 folder".into()))?,
    )?
    .with_params(params);
    if let Some(e) = encoder {
        store = store.with_encoder(e);
    }
    store.enqueue(rows.iter().map(|r| r.doc.clone()).collect())?;
    store.process_all(500, |_| {})?;
    let seconds = started.elapsed().as_secs_f64();
    let story_of: HashMap<String, i64> = store.article_stories()?.into_iter().collect();
    let problems = store.problems()?;
    // Pages without a story are stories of their own: negative ids never
    // collide with the store's positive ones.
    let ours: Vec<i64> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            story_of
                .get(&content_id(&r.doc.body))
                .copied()
                .unwrap_or(-(i as i64) - 1)
        })
        .collect();
    Ok((ours, problems, seconds))
}

/// corroborate alone on `rows` (a fresh SQLite store in `dir`), scored as
/// one system named `name`: for parameter sweeps, where the baseline need
/// not run again.
pub fn evaluate_store(
    rows: &[Labelled],
    params: ClusterParams,
    dir: &std::path::Path,
    encoder: Option<Arc<dyn Encoder>>,
    name: &str,
) -> Result<SystemResult> {
    let (gold, _) = gold_ids(rows);
    let (ours, _, seconds) = run_store(rows, params, dir, encoder)?;
    Ok(system_result(name, &ours, &gold, seconds))
}

/// Each row's gold story as a number (first seen, first numbered), and how
/// many gold stories there are.
fn gold_ids(rows: &[Labelled]) -> (Vec<usize>, usize) {
    let mut label_ids: HashMap<&str, usize> = HashMap::new();
    let gold = rows
        .iter()
        .map(|r| {
            let next = label_ids.len();
            *label_ids.entry(r.label.as_str()).or_insert(next)
        })
        .collect();
    (gold, label_ids.len())
}

/// [`evaluate`], and with a sentence encoder also corroborate with the
/// encoder's vectors as one more signal (a second fresh store, the same
/// parameters), so the rows come from one run.
pub fn evaluate_with(
    rows: &[Labelled],
    params: ClusterParams,
    dir: &std::path::Path,
    encoder: Option<Arc<dyn Encoder>>,
) -> Result<ClusteringEval> {
    let (gold, gold_stories) = gold_ids(rows);

    let (ours, problems, seconds) = run_store(rows, params, dir, None)?;
    let with_encoder = match &encoder {
        Some(e) => Some((
            e.name().to_string(),
            run_store(rows, params, dir, Some(e.clone()))?,
        )),
        None => None,
    };
    let mut problem_counts: HashMap<String, usize> = HashMap::new();
    for (_, p) in &problems {
        *problem_counts.entry(p.clone()).or_default() += 1;
    }
    let mut problem_counts: Vec<(String, usize)> = problem_counts.into_iter().collect();
    problem_counts.sort();

    let started = std::time::Instant::now();
    let docs: Vec<BaselineDoc> = rows
        .iter()
        .map(|r| BaselineDoc {
            title: r.doc.title.as_deref().unwrap_or(""),
            body: &r.doc.body,
            day: r.doc.published.as_deref().and_then(day_number),
        })
        .collect();
    let window_days = 14;
    let (chosen, predicted, _) = baseline::tune(&docs, &gold, window_days);
    let baseline_seconds = started.elapsed().as_secs_f64();

    let singletons: Vec<usize> = (0..rows.len()).collect();
    let mut systems = vec![system_result("corroborate", &ours, &gold, seconds)];
    let mut predicted_with_encoder = None;
    if let Some((name, (theirs, _, seconds))) = with_encoder {
        systems.push(system_result(
            &format!("corroborate + {name}"),
            &theirs,
            &gold,
            seconds,
        ));
        predicted_with_encoder = Some(theirs);
    }
    systems.push(system_result(
        "tf-idf single pass (tuned)",
        &predicted,
        &gold,
        baseline_seconds,
    ));
    systems.push(system_result(
        "every article its own story",
        &singletons,
        &gold,
        0.0,
    ));
    Ok(ClusteringEval {
        articles: rows.len(),
        gold_stories,
        problems: problem_counts,
        baseline_threshold: chosen.threshold,
        baseline_window_days: window_days,
        systems,
        predicted: ours,
        predicted_with_encoder,
    })
}

impl std::fmt::Display for ClusteringEval {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{} articles, {} gold stories; kept out of clustering: {}",
            self.articles,
            self.gold_stories,
            if self.problems.is_empty() {
                "none".to_string()
            } else {
                self.problems
                    .iter()
                    .map(|(p, n)| format!("{n} {p}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        )?;
        writeln!(
            f,
            "baseline: cosine >= {:.3} to a centroid, {}-day window (threshold tuned on these labels)",
            self.baseline_threshold, self.baseline_window_days
        )?;
        writeln!(
            f,
            "{:<30} {:>7}  {:>6} {:>6} {:>6}   {:>6} {:>6} {:>6}   {:>16}  {:>7} {:>10}",
            "system",
            "stories",
            "B3 P",
            "B3 R",
            "B3 F1",
            "pw P",
            "pw R",
            "pw F1",
            "biggest (purity)",
            "seconds",
            "articles/s"
        )?;
        for s in &self.systems {
            let c = &s.scores;
            writeln!(
                f,
                "{:<30} {:>7}  {:>6.3} {:>6.3} {:>6.3}   {:>6.3} {:>6.3} {:>6.3}   {:>5} {:>4.1}% ({:>3.0}%)  {:>7.2} {:>10}",
                s.system,
                s.stories,
                c.bcubed_precision,
                c.bcubed_recall,
                c.bcubed_f1,
                c.pairwise_precision,
                c.pairwise_recall,
                c.pairwise_f1,
                s.biggest,
                100.0 * s.biggest_share,
                100.0 * s.biggest_purity,
                s.seconds,
                if s.seconds > 0.0 {
                    format!("{:.0}", self.articles as f64 / s.seconds)
                } else {
                    String::new()
                }
            )?;
        }
        for s in &self.systems {
            let mixed: Vec<String> = s
                .large_stories
                .iter()
                .filter(|(_, p)| *p < SHARED_EVENT)
                .map(|(n, p)| {
                    format!(
                        "{n} articles ({:.1} %, {:.0} % one gold story)",
                        100.0 * *n as f64 / self.articles.max(1) as f64,
                        100.0 * p
                    )
                })
                .collect();
            writeln!(
                f,
                "2 % rule, {}: {} stories hold more than {:.0} % of the stream, {} of them one event (>= {:.0} % one gold story){}",
                s.system,
                s.large_stories.len(),
                100.0 * LARGE_SHARE,
                s.large_stories.len() - mixed.len(),
                100.0 * SHARED_EVENT,
                if mixed.is_empty() {
                    ": ok".to_string()
                } else {
                    format!("; BROKEN by {}", mixed.join(", "))
                }
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_labelled_jsonl_and_reports_bad_lines() {
        let rows = read_jsonl(
            "{\"story\": 7, \"published\": \"2016-01-02\", \"title\": \"T\", \"text\": \"Body.\"}\n\n\
             {\"story\": \"a\", \"text\": \"Other.\"}\n",
        )
        .unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].label, "7");
        assert_eq!(rows[1].doc.published, None);
        let err = read_jsonl("{\"story\": 1}\nnot json")
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 1"), "{err}");
    }
}
