//! The `bench story` benchmark: one real story grown to several sizes with
//! [`crate::synth::grow_story`], each size analysed end to end.
//!
//! In: the story's documents and the sizes. Out: one [`StoryRun`] per size
//! (seconds per stage, peak resident memory so far, report size, counts)
//! and the growth exponents between the smallest and the largest size.
//! Sizes run in increasing order in one process, after one untimed warm-up
//! analysis of the originals, so the peak memory of a size is the process's
//! high-water mark after it (it only grows).

use corroborate_core::RawDoc;

use crate::{analyze_docs_timed, synth, Options, StageTimes};

/// One size of the benchmark.
#[derive(Debug, Clone)]
pub struct StoryRun {
    pub articles: usize,
    pub sentences: usize,
    pub seconds: f64,
    pub stages: StageTimes,
    /// Peak resident set size of the process so far, in bytes (Linux; `None` elsewhere).
    pub peak_rss: Option<u64>,
    pub report_bytes: usize,
    pub claims: usize,
    pub findings: usize,
    pub independent_sources: usize,
}

/// Runs every size in `sizes` (sorted, deduplicated first).
pub fn run_story_bench(originals: &[RawDoc], sizes: &[usize], options: &Options) -> Vec<StoryRun> {
    let mut sizes = sizes.to_vec();
    sizes.sort_unstable();
    sizes.dedup();
    // Warm-up (not reported): lexicons and patterns are built on first use.
    let _ = analyze_docs_timed(originals.to_vec(), Vec::new(), options);
    sizes
        .into_iter()
        .map(|n| {
            let docs = synth::grow_story(originals, n, 0x5EED);
            let start = std::time::Instant::now();
            let (report, stages) = analyze_docs_timed(docs, Vec::new(), options);
            let bytes = serde_json::to_vec(&report).map(|v| v.len()).unwrap_or(0);
            let seconds = start.elapsed().as_secs_f64();
            StoryRun {
                articles: report.articles.len(),
                sentences: report.articles.iter().map(|a| a.sentences.len()).sum(),
                seconds,
                stages,
                peak_rss: peak_rss_bytes(),
                report_bytes: bytes,
                claims: report.claims.len(),
                findings: report.findings.len(),
                independent_sources: report.story.independent_sources,
            }
        })
        .collect()
}

/// Growth exponent `log(y2/y1) / log(x2/x1)` between the first and last run
/// (`None` with fewer than two sizes or a zero measurement).
pub fn growth_exponent(runs: &[StoryRun], value: impl Fn(&StoryRun) -> f64) -> Option<f64> {
    let (first, last) = (runs.first()?, runs.last()?);
    let (x1, x2) = (first.articles as f64, last.articles as f64);
    let (y1, y2) = (value(first), value(last));
    (x2 > x1 && y1 > 0.0 && y2 > 0.0).then(|| (y2 / y1).ln() / (x2 / x1).ln())
}

/// The process's peak resident set (VmHWM), from /proc on Linux.
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// The runs as a plain-text table with the growth exponents.
pub fn format_runs(runs: &[StoryRun]) -> String {
    let mut out = String::from(
        "articles  sentences  seconds  peak_MiB  report_MiB  claims  findings  sources  stages (s)\n",
    );
    for r in runs {
        let stages: Vec<String> = r
            .stages
            .stages
            .iter()
            .map(|(name, d)| format!("{name} {:.2}", d.as_secs_f64()))
            .collect();
        out.push_str(&format!(
            "{:>8}  {:>9}  {:>7.2}  {:>8}  {:>10.2}  {:>6}  {:>8}  {:>7}  {}\n",
            r.articles,
            r.sentences,
            r.seconds,
            r.peak_rss
                .map_or("-".to_string(), |b| format!("{:.0}", b as f64 / 1048576.0)),
            r.report_bytes as f64 / 1048576.0,
            r.claims,
            r.findings,
            r.independent_sources,
            stages.join(", ")
        ));
    }
    if let Some(e) = growth_exponent(runs, |r| r.seconds) {
        out.push_str(&format!("time growth exponent: {e:.2}\n"));
    }
    if let (Some(first), Some(last)) = (runs.first(), runs.last()) {
        if runs.len() > 1 && first.report_bytes > 0 {
            out.push_str(&format!(
                "report size growth: {:.1}x from {} to {} articles\n",
                last.report_bytes as f64 / first.report_bytes as f64,
                first.articles,
                last.articles
            ));
        }
    }
    out
}
