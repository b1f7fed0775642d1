//! Prints the lineage, source groups and alignment counts of the articles
//! under a folder (one story).
//!
//! `cargo run -p corroborate-align --example align_dir -- examples/istanbul-2025-05-15`

use corroborate_align::align_story;
use corroborate_ingest::{ingest_paths, prepare};
use std::path::PathBuf;

fn main() {
    let dirs: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if dirs.is_empty() {
        eprintln!("usage: align_dir DIR...");
        std::process::exit(2);
    }
    let mut articles: Vec<_> = ingest_paths(&dirs)
        .docs
        .into_iter()
        .filter_map(|d| prepare(d).ok())
        .collect();
    articles.sort_by(|a, b| a.path.cmp(&b.path));
    let alignment = align_story(&articles, None);
    let name = |id: &str| {
        articles
            .iter()
            .find(|a| a.id == id)
            .map(|a| a.path.rsplit('/').next().unwrap_or(&a.path).to_string())
            .unwrap_or_default()
    };
    for (a, g) in articles.iter().zip(&alignment.source_group) {
        println!(
            "{}  sentences={}  group={}",
            name(&a.id),
            a.sentences.len(),
            g
        );
    }
    println!(
        "pairs={} claims={}",
        alignment.pairs.len(),
        alignment.claims.len()
    );
    for e in &alignment.lineage {
        println!(
            "{} ~ {}  reuse={:.3} surface={:.3} structural={:.3} {:?}",
            name(&e.a),
            name(&e.b),
            e.reuse,
            e.surface,
            e.structural,
            e.relation
        );
    }
    if std::env::var_os("SHOW_CLAIMS").is_some() {
        for c in alignment.claims.iter().filter(|c| c.articles.len() > 1) {
            println!("claim {} support={}", c.id, c.independent_support);
            for s in &c.sentences {
                println!("   {}#{}: {}", name(&s.article), s.sentence, s.text);
            }
        }
    }
    if std::env::var_os("SHOW_PAIRS").is_some() {
        for p in &alignment.pairs {
            let text = |id: &str, s: usize| {
                articles
                    .iter()
                    .find(|a| a.id == id)
                    .and_then(|a| a.sentences.get(s))
                    .map(|s| s.text.clone())
                    .unwrap_or_default()
            };
            println!(
                "{:.3} {:?} {}#{} | {}#{}\n   {}\n   {}",
                p.score,
                p.label,
                name(&p.a),
                p.a_sentence,
                name(&p.b),
                p.b_sentence,
                text(&p.a, p.a_sentence),
                text(&p.b, p.b_sentence)
            );
        }
    }
}
