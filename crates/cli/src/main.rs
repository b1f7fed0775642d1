//! `corroborate`: cross-check many news articles about one story.
//!
//! Each subcommand lives in its own module; this file only parses arguments
//! and dispatches.

use anyhow::Result;
use clap::{Parser, Subcommand};

mod analyze;
mod bench;
mod corpus;
mod model;
#[cfg(feature = "web")]
mod serve;

#[derive(Parser)]
#[command(
    name = "corroborate",
    version,
    about = "Cross-check what many news sources say about one story"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse files and folders as one story and write the reports.
    Analyze(analyze::AnalyzeArgs),
    /// Add articles to the corpus store and group them into stories.
    Ingest(corpus::IngestArgs),
    /// List the stories of the corpus store.
    Stories(corpus::ListArgs),
    /// Write the cross-check report of one stored story.
    Story(corpus::StoryArgs),
    /// Find stored stories by text.
    Search(corpus::SearchArgs),
    /// Cluster queued articles (several workers can share one PostgreSQL store).
    Worker(corpus::WorkerArgs),
    /// Benchmarks that print throughput and memory.
    #[command(subcommand)]
    Bench(bench::BenchCommand),
    /// Evaluations against labelled data (`eval clustering FILE`).
    #[command(subcommand)]
    Eval(corpus::EvalCommand),
    /// Serve the web app and JSON API (loopback only unless --allow-remote).
    #[cfg(feature = "web")]
    Serve(serve::ServeArgs),
    /// Sentence-encoder model directories (`model check DIR`).
    #[command(subcommand)]
    Model(model::ModelCommand),
}

fn main() {
    let cli = Cli::parse();
    // `serve --log` wins over CORROBORATE_LOG, which wins over RUST_LOG.
    // A server shows its request log (method, path, status, latency)
    // unless told otherwise.
    #[cfg(feature = "web")]
    let (log, default_filter) = match &cli.command {
        Command::Serve(args) => (args.log.as_deref(), "warn,corroborate_web::access=info"),
        _ => (None, "warn"),
    };
    #[cfg(not(feature = "web"))]
    let (log, default_filter): (Option<&str>, &str) = (None, "warn");
    let filter = log
        .and_then(|l| tracing_subscriber::EnvFilter::try_new(l).ok())
        .or_else(|| tracing_subscriber::EnvFilter::try_from_env("CORROBORATE_LOG").ok())
        .or_else(|| tracing_subscriber::EnvFilter::try_from_default_env().ok())
        .unwrap_or_else(|| default_filter.into());
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Colour codes only on a terminal: a log file gets plain text.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let result: Result<i32> = match cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Ingest(args) => corpus::ingest(args),
        Command::Stories(args) => corpus::stories(args),
        Command::Story(args) => corpus::story(args),
        Command::Search(args) => corpus::search(args),
        Command::Worker(args) => corpus::worker(args),
        Command::Bench(cmd) => bench::run(cmd),
        Command::Eval(cmd) => corpus::eval(cmd),
        #[cfg(feature = "web")]
        Command::Serve(args) => serve::run(args),
        Command::Model(cmd) => model::run(cmd),
    };
    match result {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::exit(2);
        }
    }
}
