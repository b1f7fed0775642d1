//! `cargo run --release -p corroborate-pipeline --example story_scale -- [DIR] [30,100,300]`:
//! the `bench story` benchmark without building the CLI (no encoder, store or web).

use corroborate_pipeline::{bench, ingest, Options};
use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args
        .first()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("examples/istanbul-2025-05-15"));
    let sizes: Vec<usize> = args
        .get(1)
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![30, 100, 300]);
    let ingested = ingest::ingest_paths(&[dir]);
    let runs = bench::run_story_bench(&ingested.docs, &sizes, &Options::default());
    print!("{}", bench::format_runs(&runs));
    // STORY_SCALE_RENDER=DIR also writes the largest size's Markdown and
    // HTML reports there, with their sizes, to check they stay readable.
    if let (Ok(out), Some(&n)) = (std::env::var("STORY_SCALE_RENDER"), sizes.iter().max()) {
        let docs = corroborate_pipeline::synth::grow_story(&ingested.docs, n, 0x5EED);
        let report = corroborate_pipeline::analyze_docs(docs, Vec::new(), &Options::default());
        let out = PathBuf::from(out);
        std::fs::create_dir_all(&out).expect("output folder");
        for (name, text) in [
            (
                "report.md",
                corroborate_pipeline::render::to_markdown(&report),
            ),
            (
                "report.html",
                corroborate_pipeline::render::to_html(&report),
            ),
            (
                "report.json",
                corroborate_pipeline::render::to_json(&report),
            ),
        ] {
            println!("{name}: {} bytes", text.len());
            std::fs::write(out.join(name), text).expect("write report");
        }
    }
}
