//! `corroborate serve`: the web app and JSON API (crate `corroborate-web`).
//!
//! In: an address (loopback by default) and story folders to analyse at
//! start-up. Out: a server running until Ctrl-C; exit code 0 after a clean
//! stop. Refuses a non-loopback address unless `--allow-remote` (the server
//! has no authentication). See docs/WEB.md.

use anyhow::{bail, Context, Result};
use clap::Args;
use corroborate_pipeline::{analyze_paths, Options};
use corroborate_web::{MemoryStories, StorySource, WebConfig};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on; only loopback addresses unless --allow-remote.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Allow a non-loopback address and any Host header. The server has no
    /// authentication: anyone who can reach it can read and add stories.
    #[arg(long)]
    pub allow_remote: bool,
    /// Story folder to analyse and list at start-up (each folder is one story; repeatable).
    #[arg(long = "story", visible_alias = "example", value_name = "DIR", num_args = 1..)]
    pub stories: Vec<PathBuf>,
    /// Corpus store to serve stories from (not wired yet; see docs/WEB.md).
    #[arg(long, value_name = "URL")]
    pub db: Option<String>,
    /// Largest request body accepted, in MiB (larger ones get 413).
    #[arg(long, default_value_t = 5, value_name = "MIB")]
    pub max_body_mib: usize,
}

pub fn run(args: ServeArgs) -> Result<i32> {
    if let Some(db) = &args.db {
        bail!(
            "--db {db}: serving from the corpus store is not wired yet; \
             use --story DIR (stories are kept in memory)"
        );
    }
    let config = WebConfig {
        allow_remote: args.allow_remote,
        max_body_bytes: args.max_body_mib.max(1).saturating_mul(1024 * 1024),
        ..WebConfig::default()
    };
    // Check before spending time on analysis.
    corroborate_web::check_bind_addr(args.addr, config.allow_remote)
        .map_err(anyhow::Error::msg)?;

    let stories = Arc::new(MemoryStories::default());
    for dir in &args.stories {
        let report = analyze_paths(std::slice::from_ref(dir), &Options::default());
        for p in &report.problems {
            eprintln!("skipped {p}");
        }
        if report.articles.is_empty() {
            eprintln!("warning: no article could be analysed in {}", dir.display());
            continue;
        }
        let (count, headline) = (
            report.articles.len(),
            report.story.headline.clone().unwrap_or_default(),
        );
        let id = stories
            .add(report)
            .map_err(anyhow::Error::msg)
            .with_context(|| format!("storing {}", dir.display()))?;
        eprintln!("story {id}: {headline} ({count} articles, from {})", dir.display());
    }

    corroborate_web::run_blocking(args.addr, stories, config, |bound| {
        eprintln!("corroborate serve: listening on http://{bound}/ (Ctrl-C to stop)");
    })
    .with_context(|| format!("serving on {}", args.addr))?;
    Ok(0)
}
