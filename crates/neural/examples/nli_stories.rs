//! The contradiction model on whole stories (docs/eval/contradiction.md).
//!
//! ```text
//! cargo run -p corroborate-neural --release --example nli_stories -- \
//!     NLI_DIR STORY_DIR... [--threshold T]
//! ```
//!
//! Each story folder is analysed by the full pipeline without and with the
//! model (lexical alignment, as `corroborate analyze` without `--model`).
//! Prints the rule contradictions (must not change), every `nli` finding
//! with its probability and sentences, for labelling by hand, and the
//! analysis time with and without the model (median of 3 runs).

use corroborate_core::{AnalysisConfig, FindingKind, Report};
use corroborate_neural::CrossEncoder;
use corroborate_pipeline::{analyze_paths, Options};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn rules(r: &Report) -> usize {
    r.findings
        .iter()
        .filter(|f| f.kind == FindingKind::Contradiction && f.detail.as_deref() != Some("nli"))
        .count()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(model_dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: nli_stories NLI_DIR STORY_DIR... [--threshold T]");
        std::process::exit(2);
    };
    let mut stories = Vec::new();
    let mut config = AnalysisConfig::default();
    while let Some(a) = args.next() {
        if a == "--threshold" {
            config.nli_threshold = args.next().and_then(|v| v.parse().ok());
        } else {
            stories.push(PathBuf::from(a));
        }
    }
    let t = Instant::now();
    let model = CrossEncoder::load(&model_dir).unwrap_or_else(|e| panic!("{e}"));
    println!(
        "model loaded in {:.2?}; threshold {}",
        t.elapsed(),
        config.nli_threshold()
    );
    let (mut total, mut changed_rules) = (0usize, 0usize);
    for story in &stories {
        let run = |with: bool| -> (Report, Duration) {
            let options = Options {
                nli: with.then_some(&model as &dyn corroborate_core::ContradictionScorer),
                config: config.clone(),
                ..Options::default()
            };
            let mut times = Vec::new();
            let mut report = Report::default();
            for _ in 0..3 {
                let t = Instant::now();
                report = analyze_paths(std::slice::from_ref(story), &options);
                times.push(t.elapsed());
            }
            times.sort();
            (report, times[1])
        };
        let (base, t_base) = run(false);
        let (with, t_with) = run(true);
        let new: Vec<_> = with
            .findings
            .iter()
            .filter(|f| f.detail.as_deref() == Some("nli"))
            .collect();
        total += new.len();
        changed_rules += usize::from(rules(&base) != rules(&with));
        println!(
            "## {}: {} articles, rule contradictions {} / {}, nli findings {}, time {:.0?} without, {:.0?} with the model",
            story.display(),
            base.articles.len(),
            rules(&base),
            rules(&with),
            new.len(),
            t_base,
            t_with
        );
        for f in new {
            println!("- p = {:.3}", f.probability.unwrap_or(f32::NAN));
            for e in &f.evidence {
                println!("    [{}] {}", &e.article[..e.article.len().min(8)], e.text);
            }
        }
    }
    println!(
        "\n{total} nli findings in {} stories; rule contradictions changed in {changed_rules}",
        stories.len()
    );
}
