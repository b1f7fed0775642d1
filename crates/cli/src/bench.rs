//! `bench` subcommands: `bench corpus` (ingest + clustering throughput, in
//! [`crate::corpus`]) and `bench story` (one story grown with rewrites of
//! its reports, analysed end to end at several sizes).

use anyhow::Result;
use clap::{Args, Subcommand};
use corroborate_pipeline::{bench, Options};
use std::path::PathBuf;

use crate::corpus;

#[derive(Subcommand)]
pub enum BenchCommand {
    /// Ingest + dedup + clustering throughput on a synthetic stream built from real sentences.
    Corpus(corpus::BenchCorpusArgs),
    /// One real story grown with rewrites of its reports (as wire stories grow), analysed at each size.
    Story(BenchStoryArgs),
}

#[derive(Args)]
pub struct BenchStoryArgs {
    /// Story sizes in articles, e.g. 30,100,300.
    #[arg(long, value_delimiter = ',', default_value = "30,100,300")]
    pub n: Vec<usize>,
    /// Folder (or files) of the real story to grow.
    #[arg(long, default_value = "examples/istanbul-2025-05-15")]
    pub text: PathBuf,
    /// Print the runs as JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub fn run(cmd: BenchCommand) -> Result<i32> {
    match cmd {
        BenchCommand::Corpus(args) => corpus::bench(args),
        BenchCommand::Story(args) => story(args),
    }
}

fn story(args: BenchStoryArgs) -> Result<i32> {
    let ingested = corroborate_ingest::ingest_paths(std::slice::from_ref(&args.text));
    anyhow::ensure!(
        !ingested.docs.is_empty(),
        "no article could be read under {}",
        args.text.display()
    );
    let runs = bench::run_story_bench(&ingested.docs, &args.n, &Options::default());
    if args.json {
        let rows: Vec<serde_json::Value> = runs
            .iter()
            .map(|r| {
                serde_json::json!({
                    "articles": r.articles, "sentences": r.sentences, "seconds": r.seconds,
                    "stages": r.stages.stages.iter().map(|(k, v)| (k.to_string(), serde_json::json!(v.as_secs_f64()))).collect::<serde_json::Map<_, _>>(),
                    "peak_rss_bytes": r.peak_rss, "report_bytes": r.report_bytes,
                    "claims": r.claims, "findings": r.findings,
                    "independent_sources": r.independent_sources,
                })
            })
            .collect();
        let out = serde_json::json!({
            "runs": rows,
            "time_growth_exponent": bench::growth_exponent(&runs, |r| r.seconds),
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        print!("{}", bench::format_runs(&runs));
    }
    Ok(0)
}
