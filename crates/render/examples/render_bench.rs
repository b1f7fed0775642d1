//! Times the three renderings of one report.
//!
//! In: a `report.json` path (default `/tmp/r-e2/report.json`) and a number
//! of rounds (default 100). Out: mean and best time per call of `to_json`,
//! `to_markdown` and `to_html`, and the output sizes, on stdout.
//!
//! ```text
//! cargo run --release -p corroborate-render --example render_bench -- REPORT.json 100
//! ```

use corroborate_core::Report;
use std::time::{Duration, Instant};

fn time(rounds: usize, mut render: impl FnMut() -> String) -> (Duration, Duration, usize) {
    let mut best = Duration::MAX;
    let mut total = Duration::ZERO;
    let mut size = 0;
    for _ in 0..rounds {
        let start = Instant::now();
        let out = render();
        let took = start.elapsed();
        size = std::hint::black_box(out).len();
        total += took;
        best = best.min(took);
    }
    (total / rounds.max(1) as u32, best, size)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .unwrap_or_else(|| "/tmp/r-e2/report.json".into());
    let rounds: usize = args.next().map(|r| r.parse()).transpose()?.unwrap_or(100);
    let report: Report = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
    println!(
        "{path}: {} articles, {} findings, {} alignments; {rounds} rounds",
        report.articles.len(),
        report.findings.len(),
        report.alignments.len()
    );
    for (name, render) in [
        (
            "to_json",
            corroborate_render::to_json as fn(&Report) -> String,
        ),
        ("to_markdown", corroborate_render::to_markdown),
        ("to_html", corroborate_render::to_html),
    ] {
        let (mean, best, size) = time(rounds, || render(&report));
        println!(
            "{name:12} mean {:8.3} ms  best {:8.3} ms  {size} bytes",
            mean.as_secs_f64() * 1e3,
            best.as_secs_f64() * 1e3
        );
    }
    Ok(())
}
