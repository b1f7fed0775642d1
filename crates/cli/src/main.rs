//! `corroborate`: cross-check many news articles about one story.
//!
//! Each subcommand lives in its own module; this file only parses arguments
//! and dispatches.

use anyhow::Result;
use clap::{Parser, Subcommand};

mod analyze;

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
}

fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("CORROBORATE_LOG")
                .unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let result: Result<i32> = match cli.command {
        Command::Analyze(args) => analyze::run(args),
    };
    match result {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::exit(2);
        }
    }
}
