//! Summary evaluation on the development stories (`../shared/datasets/stories-dev`),
//! against hand labels (protocol: `data/eval/labels/SUMMARY-PROTOCOL.md`).
//!
//! For every story it prints corroborate's summary (each citation with the
//! cited article's closest sentence, for labelling) and a LexRank summary
//! of the same length, then scores both from the labels:
//! * citation precision: citations labelled `supports` / labelled citations;
//! * sentences labelled with a dangling pronoun or an unattributed quote;
//! * fact coverage: central facts (`summary-facts.jsonl`, written from the
//!   articles before either summary was read) that the summary states.
//!
//! Run: `cargo test --release -p corroborate-pipeline --test summary_eval -- --ignored --nocapture`.
//! With `SUMMARY_REPORTS=DIR` the corroborate summaries are read from
//! `DIR/<story>/report.json` (another build's `corroborate analyze --format json`)
//! instead of computed, to score that build with the same labels. Items
//! without a label are written to `target/summary-unlabelled.jsonl`.

use corroborate_core::text::{fold, is_stopword, words};
use corroborate_core::Report;
use corroborate_pipeline::{analyze_paths, Options};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn dev_root() -> PathBuf {
    std::env::var_os("STORIES")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("../shared/datasets/stories-dev"))
}

fn file_name(p: &str) -> &str {
    p.rsplit(['/', '\\']).next().unwrap_or(p)
}

fn json_escape(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// TF-IDF vectors of sentences (folded words, stop-words out), unit length.
fn tfidf(sentences: &[&str]) -> Vec<BTreeMap<String, f32>> {
    let bags: Vec<BTreeMap<String, f32>> = sentences
        .iter()
        .map(|s| {
            let mut bag = BTreeMap::new();
            for w in words(s) {
                let f = fold(w.text);
                if f.len() > 1 && !is_stopword(&f) {
                    *bag.entry(f).or_insert(0.0) += 1.0;
                }
            }
            bag
        })
        .collect();
    let mut df: BTreeMap<&str, f32> = BTreeMap::new();
    for b in &bags {
        for k in b.keys() {
            *df.entry(k.as_str()).or_insert(0.0) += 1.0;
        }
    }
    let n = bags.len() as f32;
    bags.iter()
        .map(|b| {
            let mut v: BTreeMap<String, f32> = b
                .iter()
                .map(|(k, tf)| {
                    (
                        k.clone(),
                        tf * (n / df[k.as_str()]).ln().max(0.0) + tf * 1e-3,
                    )
                })
                .collect();
            let norm = v.values().map(|x| x * x).sum::<f32>().sqrt();
            if norm > 0.0 {
                v.values_mut().for_each(|x| *x /= norm);
            }
            v
        })
        .collect()
}

fn cosine(a: &BTreeMap<String, f32>, b: &BTreeMap<String, f32>) -> f32 {
    a.iter().filter_map(|(k, x)| b.get(k).map(|y| x * y)).sum()
}

/// LexRank (Erkan & Radev 2004), continuous variant: the sentence graph
/// weighted by TF-IDF cosine (edges above 0.1), PageRank by power
/// iteration (damping 0.85); the `n` best-ranked sentences of at least 7
/// words, skipping one with cosine above 0.5 to a sentence already taken.
fn lexrank(sentences: &[&str], n: usize) -> Vec<usize> {
    let vectors = tfidf(sentences);
    let m = sentences.len();
    let mut weights = vec![vec![0.0f32; m]; m];
    for i in 0..m {
        for j in 0..m {
            if i != j {
                let c = cosine(&vectors[i], &vectors[j]);
                if c > 0.1 {
                    weights[i][j] = c;
                }
            }
        }
    }
    let out_sum: Vec<f32> = weights.iter().map(|r| r.iter().sum()).collect();
    let mut rank = vec![1.0 / m.max(1) as f32; m];
    for _ in 0..100 {
        let mut next = vec![(1.0 - 0.85) / m as f32; m];
        for i in 0..m {
            if out_sum[i] == 0.0 {
                for x in next.iter_mut() {
                    *x += 0.85 * rank[i] / m as f32;
                }
                continue;
            }
            for j in 0..m {
                if weights[i][j] > 0.0 {
                    next[j] += 0.85 * rank[i] * weights[i][j] / out_sum[i];
                }
            }
        }
        let delta: f32 = next.iter().zip(&rank).map(|(a, b)| (a - b).abs()).sum();
        rank = next;
        if delta < 1e-6 {
            break;
        }
    }
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&x, &y| rank[y].total_cmp(&rank[x]).then(x.cmp(&y)));
    let mut picked: Vec<usize> = Vec::new();
    for i in order {
        if picked.len() == n {
            break;
        }
        if words(sentences[i]).len() < 7 {
            continue;
        }
        if picked
            .iter()
            .any(|&p| cosine(&vectors[p], &vectors[i]) > 0.5)
        {
            continue;
        }
        picked.push(i);
    }
    picked
}

#[derive(Default)]
struct Labels {
    /// citation key → supports
    citations: BTreeMap<String, bool>,
    /// sentence key → (dangling pronoun, unattributed quote)
    sentences: BTreeMap<String, (bool, bool)>,
    /// sentence key → facts stated
    coverage: BTreeMap<String, BTreeSet<String>>,
}

fn read_labels(path: &Path) -> Labels {
    let mut out = Labels::default();
    let text = std::fs::read_to_string(path).unwrap_or_default();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let Some(key) = v["key"].as_str() else {
            continue;
        };
        match v["kind"].as_str() {
            Some("citation") => {
                if let Some(l) = v["label"].as_str() {
                    out.citations.insert(key.to_string(), l == "supports");
                }
            }
            Some("sentence") => {
                if let (Some(d), Some(q)) =
                    (v["dangling"].as_bool(), v["unattributed_quote"].as_bool())
                {
                    out.sentences.insert(key.to_string(), (d, q));
                }
                if let Some(f) = v["facts"].as_array() {
                    out.coverage.insert(
                        key.to_string(),
                        f.iter()
                            .filter_map(|x| x.as_str().map(str::to_string))
                            .collect(),
                    );
                }
            }
            _ => {}
        }
    }
    out
}

/// Story → (fact id, fact) from `summary-facts.jsonl`.
fn read_facts(path: &Path) -> BTreeMap<String, Vec<(String, String)>> {
    let mut out = BTreeMap::new();
    let text = std::fs::read_to_string(path).unwrap_or_default();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let facts = v["facts"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|f| {
                        Some((
                            f["id"].as_str()?.to_string(),
                            f["text"].as_str()?.to_string(),
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default();
        if let Some(s) = v["story"].as_str() {
            out.insert(s.to_string(), facts);
        }
    }
    out
}

#[derive(Default)]
struct Tally {
    sentences: usize,
    words: usize,
    citations: usize,
    citations_labelled: usize,
    supported: usize,
    dangling: usize,
    unattributed: usize,
    sentences_labelled: usize,
    facts: usize,
    facts_covered: usize,
    stories_labelled: usize,
    unlabelled: usize,
}

#[test]
#[ignore = "evaluation report; run with --ignored --nocapture"]
fn summary_on_dev_stories() {
    let labels_dir = repo().join("data/eval/labels");
    let labels = read_labels(&labels_dir.join("summary-labels.jsonl"));
    let facts = read_facts(&labels_dir.join("summary-facts.jsonl"));
    let from = std::env::var_os("SUMMARY_REPORTS").map(PathBuf::from);
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dev_root())
        .map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    dirs.retain(|p| p.is_dir());
    dirs.sort();
    let (mut ours, mut base) = (Tally::default(), Tally::default());
    let mut unlabelled = String::new();
    for dir in &dirs {
        let story = file_name(&dir.display().to_string()).to_string();
        let report: Report = match &from {
            Some(root) => {
                let path = root.join(&story).join("report.json");
                let Some(r) = std::fs::read_to_string(&path)
                    .ok()
                    .and_then(|t| serde_json::from_str(&t).ok())
                else {
                    println!("no report at {}", path.display());
                    continue;
                };
                r
            }
            None => analyze_paths(std::slice::from_ref(dir), &Options::default()),
        };
        let story_facts = facts.get(&story).cloned().unwrap_or_default();
        println!("\n### {story}");
        for (id, f) in &story_facts {
            println!("  {id}: {f}");
        }
        let file_of = |id: &str| {
            report
                .articles
                .iter()
                .find(|a| a.id == id)
                .map(|a| file_name(&a.path).to_string())
                .unwrap_or_default()
        };
        // Every sentence of the story, with its file, for LexRank and for
        // showing the cited article's closest sentence.
        let all: Vec<(String, &str)> = report
            .articles
            .iter()
            .flat_map(|a| {
                a.sentences
                    .iter()
                    .map(move |s| (file_name(&a.path).to_string(), s.text.as_str()))
            })
            .collect();
        let texts: Vec<&str> = all.iter().map(|x| x.1).collect();
        let n = report.summary.len();
        let mut score_sentences = |system: &str,
                                   sentences: Vec<(String, Vec<String>)>,
                                   t: &mut Tally| {
            let mut covered: BTreeSet<String> = BTreeSet::new();
            let mut complete = true;
            for (text, cited) in sentences {
                t.sentences += 1;
                t.words += words(&text).len();
                let key = format!("{story}|{text}");
                let l = labels.sentences.get(&key);
                let c = labels.coverage.get(&key);
                println!(
                    "- [{system}] {}{} facts {:?}\n  {text}",
                    match l {
                        Some((true, _)) => "[DANGLING]",
                        _ => "",
                    },
                    match l {
                        Some((_, true)) => "[UNATTRIBUTED QUOTE]",
                        _ => "",
                    },
                    c.map(|c| c.iter().cloned().collect::<Vec<_>>())
                );
                match (l, c) {
                    (Some(&(d, q)), Some(c)) => {
                        t.sentences_labelled += 1;
                        t.dangling += usize::from(d);
                        t.unattributed += usize::from(q);
                        covered.extend(c.iter().cloned());
                    }
                    _ => {
                        complete = false;
                        t.unlabelled += 1;
                        unlabelled.push_str(&format!(
                                "{{\"kind\":\"sentence\",\"key\":{},\"dangling\":false,\"unattributed_quote\":false,\"facts\":[]}}\n",
                                json_escape(&key)
                            ));
                    }
                }
                for file in cited {
                    t.citations += 1;
                    let ckey = format!("{story}|{text}|{file}");
                    // The cited article's closest sentences, to judge from.
                    let own: Vec<&str> = all.iter().filter(|x| x.0 == file).map(|x| x.1).collect();
                    let mut pool = own.clone();
                    pool.push(&text);
                    let v = tfidf(&pool);
                    let mut best: Vec<(f32, &str)> = own
                        .iter()
                        .enumerate()
                        .map(|(i, s)| (cosine(&v[i], &v[own.len()]), *s))
                        .collect();
                    best.sort_by(|x, y| y.0.total_cmp(&x.0));
                    let label = labels.citations.get(&ckey);
                    println!(
                        "    cites {file} [{}]: {}",
                        match label {
                            Some(true) => "supports",
                            Some(false) => "DOES NOT SUPPORT",
                            None => "UNLABELLED",
                        },
                        best.first().map(|b| b.1).unwrap_or("")
                    );
                    match label {
                        Some(&s) => {
                            t.citations_labelled += 1;
                            t.supported += usize::from(s);
                        }
                        None => {
                            t.unlabelled += 1;
                            unlabelled.push_str(&format!(
                                    "{{\"kind\":\"citation\",\"key\":{},\"label\":\"\",\"closest\":{}}}\n",
                                    json_escape(&ckey),
                                    json_escape(best.first().map(|b| b.1).unwrap_or(""))
                                ));
                        }
                    }
                }
            }
            if complete && !story_facts.is_empty() {
                t.stories_labelled += 1;
                t.facts += story_facts.len();
                t.facts_covered += story_facts
                    .iter()
                    .filter(|(id, _)| covered.contains(id))
                    .count();
            }
            println!(
                "  [{system}] facts stated: {:?} of {}",
                covered,
                story_facts.len()
            );
        };
        let ours_sentences: Vec<(String, Vec<String>)> = report
            .summary
            .iter()
            .map(|s| {
                (
                    s.text.clone(),
                    s.citations.iter().map(|c| file_of(c)).collect(),
                )
            })
            .collect();
        score_sentences("corroborate", ours_sentences, &mut ours);
        let lex: Vec<(String, Vec<String>)> = lexrank(&texts, n)
            .into_iter()
            .map(|i| (texts[i].to_string(), Vec::new()))
            .collect();
        score_sentences("lexrank", lex, &mut base);
    }
    let _ = std::fs::write(repo().join("target/summary-unlabelled.jsonl"), &unlabelled);
    for (name, t) in [("corroborate", &ours), ("lexrank", &base)] {
        println!(
            "\n**{name}**: {} sentences ({:.1} words each); citations {} ({} labelled), precision {:.3}; \
             dangling pronouns {}, unattributed quotes {} (of {} labelled sentences); \
             fact coverage {}/{} = {:.3} over {} fully labelled stories; unlabelled items {}",
            t.sentences,
            t.words as f32 / t.sentences.max(1) as f32,
            t.citations,
            t.citations_labelled,
            t.supported as f32 / t.citations_labelled.max(1) as f32,
            t.dangling,
            t.unattributed,
            t.sentences_labelled,
            t.facts_covered,
            t.facts,
            t.facts_covered as f32 / t.facts.max(1) as f32,
            t.stories_labelled,
            t.unlabelled
        );
    }
}
