//! Entity recognition measured on a sample of the CoNLL-2003 English test
//! set (see `tests/data/conll2003_testb_sample.txt` for origin and licence).
//!
//! Each document becomes one [`Article`] (one sentence per line, tokens
//! joined by spaces); every mention the recogniser reports is compared
//! with the gold entities by exact byte span and type (conlleval-style
//! exact match). CoNLL's PER/LOC/ORG/MISC map to the report's
//! person/place/organization/other.
//!
//! Run with `cargo test -p corroborate-extract --test conll_eval -- --nocapture`
//! to see the table; the test fails if F1 drops below the floors set from
//! the measured scores, so a regression in recognition is caught.

use corroborate_core::{Article, EntityKind, Sentence};
use corroborate_extract::entities::recognise;
use std::collections::BTreeMap;

/// A gold or predicted entity: byte span in the article text and type.
type Span = (usize, usize, &'static str);

struct Doc {
    article: Article,
    gold: Vec<Span>,
}

fn label(kind: &str) -> &'static str {
    match kind {
        "PER" => "PER",
        "LOC" => "LOC",
        "ORG" => "ORG",
        _ => "MISC",
    }
}

/// Parses an inline-bracket sample into documents.
fn load(raw: &str) -> Vec<Doc> {
    let mut docs = Vec::new();
    let mut lines: Vec<&str> = Vec::new();
    let flush = |lines: &mut Vec<&str>, docs: &mut Vec<Doc>| {
        if lines.is_empty() {
            return;
        }
        let mut text = String::new();
        let mut gold = Vec::new();
        let mut sentences = Vec::new();
        for line in lines.drain(..) {
            if !text.is_empty() {
                text.push('\n');
            }
            let sentence_start = text.len();
            let mut open: Option<(usize, &'static str)> = None;
            let mut first = true;
            for token in line.split(' ') {
                if let Some(kind) = token.strip_prefix('[') {
                    open = Some((usize::MAX, label(kind)));
                    continue;
                }
                let (word, closes) = match token.strip_suffix(']') {
                    Some(w) if open.is_some() => (w, true),
                    _ => (token, false),
                };
                if !first {
                    text.push(' ');
                }
                first = false;
                if let Some((start, _)) = open.as_mut() {
                    if *start == usize::MAX {
                        *start = text.len();
                    }
                }
                text.push_str(word);
                if closes {
                    if let Some((start, kind)) = open.take() {
                        gold.push((start, text.len(), kind));
                    }
                }
            }
            sentences.push(Sentence {
                index: sentences.len(),
                text: text[sentence_start..].to_string(),
                start: sentence_start,
                end: text.len(),
            });
        }
        let id = format!("conll{}", docs.len());
        docs.push(Doc {
            article: Article {
                id: id.clone(),
                ..Article::plain(id, text, sentences)
            },
            gold,
        });
    };
    for line in raw.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if line == "-DOCSTART-" {
            flush(&mut lines, &mut docs);
            continue;
        }
        lines.push(line);
    }
    flush(&mut lines, &mut docs);
    docs
}

fn predicted(doc: &Doc) -> Vec<Span> {
    let story = recognise(std::slice::from_ref(&doc.article));
    story.mentions[0]
        .iter()
        .filter(|m| !m.by_role)
        .map(|m| {
            let kind = match story.entities[m.entity].kind {
                EntityKind::Person => "PER",
                EntityKind::Place => "LOC",
                EntityKind::Organization => "ORG",
                EntityKind::Other => "MISC",
            };
            (m.start, m.end, kind)
        })
        .collect()
}

#[derive(Default, Debug, Clone, Copy)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn prf(&self) -> (f64, f64, f64) {
        let p = if self.tp + self.fp == 0 {
            0.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        };
        let r = if self.tp + self.fn_ == 0 {
            0.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        };
        let f = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        (p, r, f)
    }
}

/// Counts per type, plus "ALL" (all four types) and "PLO" (PER, LOC, ORG
/// only: MISC gold and predictions set aside), plus "SPAN" (boundaries
/// only, any type, PER/LOC/ORG gold).
fn score(docs: &[Doc]) -> BTreeMap<&'static str, Counts> {
    let mut by: BTreeMap<&'static str, Counts> = BTreeMap::new();
    for doc in docs {
        let pred = predicted(doc);
        for (set, keep) in [
            ("ALL", &(|_: &str| true) as &dyn Fn(&str) -> bool),
            ("PLO", &|k: &str| k != "MISC"),
        ] {
            let g: Vec<&Span> = doc.gold.iter().filter(|s| keep(s.2)).collect();
            let p: Vec<&Span> = pred.iter().filter(|s| keep(s.2)).collect();
            let c = by.entry(set).or_default();
            let tp = p.iter().filter(|x| g.contains(x)).count();
            c.tp += tp;
            c.fp += p.len() - tp;
            c.fn_ += g.len() - tp;
        }
        for kind in ["PER", "LOC", "ORG", "MISC"] {
            let g: Vec<&Span> = doc.gold.iter().filter(|s| s.2 == kind).collect();
            let p: Vec<&Span> = pred.iter().filter(|s| s.2 == kind).collect();
            let c = by.entry(kind).or_default();
            let tp = p.iter().filter(|x| g.contains(x)).count();
            c.tp += tp;
            c.fp += p.len() - tp;
            c.fn_ += g.len() - tp;
        }
        let g: Vec<(usize, usize)> = doc
            .gold
            .iter()
            .filter(|s| s.2 != "MISC")
            .map(|s| (s.0, s.1))
            .collect();
        let p: Vec<(usize, usize)> = pred
            .iter()
            .filter(|s| s.2 != "MISC")
            .map(|s| (s.0, s.1))
            .collect();
        let c = by.entry("SPAN").or_default();
        let tp = p.iter().filter(|x| g.contains(x)).count();
        c.tp += tp;
        c.fp += p.len() - tp;
        c.fn_ += g.len() - tp;
    }
    by
}

fn print_table(name: &str, scores: &BTreeMap<&'static str, Counts>) {
    println!("{name}");
    println!("set   gold  pred    tp      P      R     F1");
    for (set, c) in scores {
        let (p, r, f) = c.prf();
        println!(
            "{set:5} {:5} {:5} {:5}  {:5.1}  {:5.1}  {:5.1}",
            c.tp + c.fn_,
            c.tp + c.fp,
            c.tp,
            100.0 * p,
            100.0 * r,
            100.0 * f
        );
    }
}

/// With `CONLL_SHOW_ERRORS` set, lists misses and false alarms.
fn show_errors(docs: &[Doc]) {
    if std::env::var_os("CONLL_SHOW_ERRORS").is_none() {
        return;
    }
    for d in docs {
        let pred = predicted(d);
        for g in &d.gold {
            if !pred.contains(g) {
                println!("MISS {:?} {}", g.2, &d.article.text[g.0..g.1]);
            }
        }
        for p in &pred {
            if !d.gold.contains(p) {
                println!("FP   {:?} {}", p.2, &d.article.text[p.0..p.1]);
            }
        }
    }
}

/// The held-out documents, never looked at while writing the rules.
#[test]
fn conll2003_heldout_entity_scores() {
    let docs = load(include_str!("data/conll2003_testb_heldout.txt"));
    show_errors(&docs);
    assert_eq!(docs.len(), 3);
    let scores = score(&docs);
    print_table("held-out sample", &scores);
    let (_, _, f_plo) = scores["PLO"].prf();
    assert!(
        f_plo >= 0.5,
        "PER/LOC/ORG F1 on held-out fell to {f_plo:.3}"
    );
}

#[test]
fn conll2003_sample_entity_scores() {
    let docs = load(include_str!("data/conll2003_testb_sample.txt"));
    assert_eq!(docs.len(), 3);
    let gold_total: usize = docs.iter().map(|d| d.gold.len()).sum();
    assert!(
        gold_total > 100,
        "sample should hold over 100 gold entities, has {gold_total}"
    );
    for d in &docs {
        for &(s, e, _) in &d.gold {
            assert!(d.article.text.is_char_boundary(s) && d.article.text.is_char_boundary(e));
        }
    }
    let scores = score(&docs);
    print_table("development sample", &scores);
    show_errors(&docs);
    let (_, _, f_plo) = scores["PLO"].prf();
    let (_, _, f_per) = scores["PER"].prf();
    // Floors a little under the measured scores (see docs/eval/extraction.md).
    assert!(f_plo >= 0.60, "PER/LOC/ORG F1 fell to {f_plo:.3}");
    assert!(f_per >= 0.70, "PER F1 fell to {f_per:.3}");
}
