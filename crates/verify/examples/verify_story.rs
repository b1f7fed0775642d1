//! Runs the verify stage alone over a folder of `.txt` articles.
//!
//! In: a folder path. Out (stdout): garble and fidelity per article, the
//! contradiction and divergence findings, and the summary. Sentences are
//! split naively (paragraphs, then `. ` before a capital); alignment is
//! left empty so the verify stage's own fallback claims are used. For
//! debugging the stage without the rest of the pipeline:
//! `cargo run -p corroborate-verify --example verify_story -- DIR`.

use corroborate_align::StoryAlignment;
use corroborate_core::{Article, FindingKind, Format, Sentence};
use corroborate_extract::Extraction;

fn naive_article(path: &str, text: &str) -> Article {
    let mut sentences = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut push = |s: usize, e: usize, out: &mut Vec<Sentence>| {
        let raw = &text[s..e];
        let t = raw.trim();
        if !t.is_empty() {
            let off = s + (raw.len() - raw.trim_start().len());
            out.push(Sentence {
                index: out.len(),
                text: t.to_string(),
                start: off,
                end: off + t.len(),
            });
        }
    };
    for (i, c) in text.char_indices() {
        let boundary = c == '\n'
            || (matches!(c, '.' | '?' | '!')
                && bytes.get(i + 1) == Some(&b' ')
                && bytes
                    .get(i + 2)
                    .is_some_and(|b| b.is_ascii_uppercase() || *b == b'"'));
        if boundary && i >= start {
            let end = if c == '\n' { i } else { i + 1 };
            push(start, end, &mut sentences);
            start = i + 1;
        }
    }
    push(start, text.len(), &mut sentences);
    Article {
        id: corroborate_core::content_id(text),
        path: path.to_string(),
        format: Format::Text,
        title: None,
        url: None,
        outlet: None,
        published: None,
        author: None,
        language: None,
        dateline_place: None,
        text: text.to_string(),
        removed: Vec::new(),
        sentences,
    }
}

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    paths.sort();
    let articles: Vec<Article> = paths
        .iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).ok()?;
            Some(naive_article(&p.display().to_string(), &text))
        })
        .collect();
    let alignment = StoryAlignment {
        source_group: (0..articles.len()).collect(),
        ..Default::default()
    };
    let v = corroborate_verify::verify(&articles, &alignment, &Extraction::default());
    let signals = corroborate_verify::garble::signals(&articles);
    for (i, a) in articles.iter().enumerate() {
        println!(
            "{:<60} garble {:.2} fidelity {:?} {:?}",
            a.path, v.garble[i], v.fidelity[i], signals[i]
        );
    }
    for f in &v.findings {
        if matches!(f.kind, FindingKind::Contradiction | FindingKind::Divergence) {
            println!("\n[{:?}/{}] {}", f.kind, f.detail.as_deref().unwrap_or(""), f.summary);
            for e in &f.evidence {
                let spans: Vec<&str> = e.spans.iter().map(|s| &e.text[s.start..s.end]).collect();
                let who = articles.iter().position(|a| a.id == e.article).unwrap_or(0);
                println!("   - a{who} s{}: {:?}", e.sentence, spans);
            }
        }
    }
    let counts = |k: FindingKind| v.findings.iter().filter(|f| f.kind == k).count();
    println!(
        "\nconsensus {} single {} contradiction {} divergence {}",
        counts(FindingKind::Consensus),
        counts(FindingKind::SingleSource),
        counts(FindingKind::Contradiction),
        counts(FindingKind::Divergence)
    );
    let summary = corroborate_verify::summarize(&articles, &alignment, &v);
    for s in &summary {
        let cites: Vec<usize> = s
            .citations
            .iter()
            .filter_map(|c| articles.iter().position(|a| &a.id == c))
            .collect();
        println!("* [{} {:?}] {}", s.support, cites, s.text);
    }
}
