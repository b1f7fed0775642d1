//! `corroborate analyze PATH...`

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use corroborate_pipeline::{analyze_docs, Options};
use std::path::PathBuf;

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutFormat {
    Json,
    Md,
    Html,
    All,
}

#[derive(Args)]
pub struct AnalyzeArgs {
    /// Files or folders to read (text, Markdown, HTML, JSONL, RSS/Atom); `-` reads JSONL from stdin.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Folder the reports are written to.
    #[arg(long, default_value = "corroborate-report")]
    pub out: PathBuf,
    /// Which reports to write.
    #[arg(long, value_enum, default_value = "all")]
    pub format: OutFormat,
    #[command(flatten)]
    pub model: crate::model::ModelArgs,
    /// Contradiction model directory (an NLI cross-encoder trained by
    /// scripts/train-nli.sh; see docs/MODEL.md). Without it contradictions
    /// come from the rules alone.
    #[arg(long, env = "CORROBORATE_NLI_MODEL", value_name = "DIR")]
    pub nli_model: Option<PathBuf>,
    /// JSON file of analysis settings (thresholds and weights; see
    /// docs/report-format.md, `config`). Missing fields keep their defaults.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// Exit code 0 when at least one article was analysed, 1 when none could be.
pub fn run(args: AnalyzeArgs) -> Result<i32> {
    let (file_paths, stdin): (Vec<PathBuf>, Vec<PathBuf>) =
        args.paths.into_iter().partition(|p| p.as_os_str() != "-");
    let mut ingested = corroborate_ingest::ingest_paths(&file_paths);
    let stdin_used = !stdin.is_empty();
    if !stdin.is_empty() {
        let more = corroborate_ingest::ingest_jsonl_reader("-", std::io::stdin().lock());
        ingested.docs.extend(more.docs);
        ingested.problems.extend(more.problems);
    }
    let encoder = args
        .model
        .model
        .as_deref()
        .map(|dir| crate::model::load(dir, args.model.model_precision))
        .transpose()?;
    let nli = args
        .nli_model
        .as_deref()
        .map(crate::model::load_nli)
        .transpose()?;
    let config = match &args.config {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading config {}", path.display()))?;
            serde_json::from_str(&text)
                .with_context(|| format!("config {} is not valid", path.display()))?
        }
        None => corroborate_core::AnalysisConfig::default(),
    };
    let options = Options {
        encoder: encoder
            .as_ref()
            .map(|e| e.as_ref() as &dyn corroborate_core::Encoder),
        nli: nli
            .as_ref()
            .map(|m| m.as_ref() as &dyn corroborate_core::ContradictionScorer),
        config,
        ..Options::default()
    };
    let report = analyze_docs(ingested.docs, ingested.problems, &options);
    for p in &report.problems {
        if p.is_story_level() {
            // Display already says "warning: …".
            eprintln!("{p}");
        } else {
            eprintln!("skipped {p}");
        }
    }
    if report.articles.is_empty() {
        if report.problems.is_empty() {
            eprintln!(
                "error: no article found in {}: give files or folders holding .txt, .md, .html, .jsonl or feed files",
                shown_paths(&file_paths, stdin_used)
            );
        } else {
            eprintln!("error: no article could be analysed (every input was skipped, see above)");
        }
        return Ok(1);
    }
    write_reports(&report, &args.out, args.format)?;
    eprintln!(
        "analysed {} ({}), {}; reports in {}",
        corroborate_render::plural(report.articles.len(), "article"),
        corroborate_render::plural(report.story.independent_sources, "independent source"),
        corroborate_render::plural(report.findings.len(), "finding"),
        args.out.display()
    );
    Ok(0)
}

/// The inputs as the user gave them, for messages.
pub fn shown_paths(paths: &[PathBuf], stdin: bool) -> String {
    let mut shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    if stdin {
        shown.push("-".into());
    }
    shown.join(", ")
}

/// Writes the chosen renderings of `report` into `out` (created if needed).
pub fn write_reports(
    report: &corroborate_core::Report,
    out: &std::path::Path,
    format: OutFormat,
) -> Result<()> {
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let write = |name: &str, body: String| -> Result<()> {
        let path = out.join(name);
        std::fs::write(&path, body).with_context(|| format!("writing {}", path.display()))
    };
    let all = format == OutFormat::All;
    if all || format == OutFormat::Json {
        write("report.json", corroborate_render::to_json(report))?;
    }
    if all || format == OutFormat::Md {
        write("report.md", corroborate_render::to_markdown(report))?;
    }
    if all || format == OutFormat::Html {
        write("report.html", corroborate_render::to_html(report))?;
    }
    Ok(())
}
