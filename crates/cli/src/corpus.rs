//! Corpus mode subcommands: `ingest`, `stories`, `story`, `search`, `worker`, `bench`,
//! `eval clustering`.
//!
//! All of them open a store (`--db`, default `corroborate.db` in the current
//! folder; `postgres://...` for a server) and print human text, or JSON with
//! `--json`. Progress bars appear only on a terminal.

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use corroborate_store::{Store, StorySummary};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Args)]
pub struct DbArg {
    /// Store to use: a SQLite file path (or `sqlite:PATH`), or `postgres://USER@HOST:PORT/DB`.
    #[arg(long, env = "CORROBORATE_DB", default_value = "corroborate.db")]
    pub db: String,
}

#[derive(Args)]
pub struct IngestArgs {
    /// Files or folders: text, Markdown, HTML, JSONL dumps, RSS/Atom feeds.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub db: DbArg,
    /// Only enqueue; leave clustering to `corroborate worker` processes.
    #[arg(long)]
    pub queue_only: bool,
    /// Overrides a clustering parameter, e.g. `--set encoder_weight=0.2`
    /// (repeatable; see `eval clustering` and docs/eval/clustering.md).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    #[command(flatten)]
    pub model: crate::model::ModelArgs,

    /// Print a JSON summary instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub db: DbArg,
    /// Stories listed, largest first.
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    /// Print the stories as a JSON array instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
#[command(
    after_help = "Exit status: 0 when the search ran, with or without a match (\"no match\" is said on stderr and nothing, or [] with --json, on stdout); 2 on an error such as a missing store."
)]
pub struct SearchArgs {
    /// Words to look for in the stories' titles and article text (any word matches; best first).
    pub query: String,
    #[command(flatten)]
    pub db: DbArg,
    /// Stories listed at most.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Print the stories as a JSON array instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct StoryArgs {
    /// Story id, as listed by `corroborate stories`.
    pub id: i64,
    #[command(flatten)]
    pub db: DbArg,
    /// Folder for report.json, report.md and report.html.
    #[arg(long, default_value = "corroborate-report")]
    pub out: PathBuf,
}

#[cfg(test)]
mod tests {
    #[test]
    fn rate_is_whole_with_thousands_separators() {
        assert_eq!(super::rate(54_219.315_6), "54,219/s");
        assert_eq!(super::rate(999.6), "1,000/s");
        assert_eq!(super::rate(12.0), "12/s");
        assert_eq!(super::rate(1_234_567.0), "1,234,567/s");
        assert_eq!(super::rate(f64::NAN), "0/s");
    }
}

#[derive(Args)]
pub struct WorkerArgs {
    #[command(flatten)]
    pub db: DbArg,
    /// Articles claimed per batch.
    #[arg(long, default_value_t = 200)]
    pub batch: usize,
    /// Keep polling for new articles instead of exiting when the queue is empty.
    #[arg(long)]
    pub follow: bool,
    /// Overrides a clustering parameter, e.g. `--set encoder_weight=0.2`
    /// (repeatable; every worker of a store should use the same).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    #[command(flatten)]
    pub model: crate::model::ModelArgs,
}

#[derive(Args)]
pub struct BenchCorpusArgs {
    /// Article counts to run, e.g. 10000,30000,100000.
    #[arg(long, value_delimiter = ',', default_value = "10000")]
    pub n: Vec<usize>,
    /// Folder of real articles whose sentences feed the generator.
    #[arg(long, default_value = "examples/istanbul-2025-05-15")]
    pub text: PathBuf,
    /// Where the throwaway databases go (a temporary folder by default).
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// Print the results as JSON instead of one line per size.
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand)]
pub enum EvalCommand {
    /// Story clustering against gold labels: corroborate next to a TF-IDF single-pass
    /// baseline tuned on the same labels (B-cubed and pairwise precision/recall/F1).
    Clustering(EvalClusteringArgs),
}

#[derive(Args)]
pub struct EvalClusteringArgs {
    /// Labelled stream in arrival order: JSONL with `story` (the gold label), `published`,
    /// `title`, `url`, `outlet`, `text` per line; or the UCI headline sample (`.tsv`).
    pub file: PathBuf,
    /// Overrides a clustering parameter, e.g. `--set join_threshold=0.2` (repeatable;
    /// for sensitivity runs: the defaults are what `ingest` uses).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    #[command(flatten)]
    pub model: crate::model::ModelArgs,
    /// With --model: after the report, corroborate with the encoder again for
    /// every combination of these values, e.g. `--grid encoder_weight=0.1,0.2
    /// --grid encoder_center=0.4,0.5` (one line each; vectors are encoded
    /// once). For choosing the encoder's parameters on development data.
    #[arg(long, value_name = "KEY=V1,V2,...", requires = "model")]
    pub grid: Vec<String>,
    /// Print the scores as JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Clustering parameters: the defaults with each `--set KEY=VALUE` applied.
fn cluster_params(set: &[String]) -> Result<corroborate_store::cluster::ClusterParams> {
    let mut params = corroborate_store::cluster::ClusterParams::default();
    for kv in set {
        let (k, v) = kv
            .split_once('=')
            .with_context(|| format!("--set {kv}: expected KEY=VALUE"))?;
        params.set(k, v).map_err(anyhow::Error::msg)?;
    }
    Ok(params)
}

pub fn eval(cmd: EvalCommand) -> Result<i32> {
    let EvalCommand::Clustering(args) = cmd;
    let params = cluster_params(&args.set)?;
    let rows = corroborate_store::eval::read_labelled(&args.file)?;
    anyhow::ensure!(
        !rows.is_empty(),
        "{}: no labelled rows",
        args.file.display()
    );
    let encoder = encoder(args.model.model.as_deref(), args.model.model_precision)?;
    let tmp = tempfile::tempdir()?;
    let report =
        corroborate_store::eval::evaluate_with(&rows, params, tmp.path(), encoder.clone())?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{report}");
    }
    if let Ok(out) = std::env::var("EVAL_PREDICTIONS") {
        // corroborate's story per row, for error analysis (FILE, and
        // FILE.encoder for the row with the encoder).
        let lines = |p: &[i64]| p.iter().map(i64::to_string).collect::<Vec<_>>().join("\n");
        std::fs::write(&out, lines(&report.predicted))?;
        if let Some(p) = &report.predicted_with_encoder {
            std::fs::write(format!("{out}.encoder"), lines(p))?;
        }
    }
    if let (Some(encoder), false) = (encoder, args.grid.is_empty()) {
        grid(&rows, params, &args.grid, encoder, tmp.path())?;
    }
    Ok(0)
}

/// `eval clustering --grid`: one line per combination of parameter values.
fn grid(
    rows: &[corroborate_store::eval::Labelled],
    base: corroborate_store::cluster::ClusterParams,
    grid: &[String],
    encoder: Arc<dyn corroborate_core::Encoder>,
    dir: &std::path::Path,
) -> Result<()> {
    let mut combos: Vec<(Vec<String>, corroborate_store::cluster::ClusterParams)> =
        vec![(Vec::new(), base)];
    for spec in grid {
        let (key, values) = spec
            .split_once('=')
            .with_context(|| format!("--grid {spec}: expected KEY=V1,V2,..."))?;
        let mut next = Vec::new();
        for (names, params) in &combos {
            for v in values.split(',') {
                let mut p = *params;
                p.set(key, v).map_err(anyhow::Error::msg)?;
                let mut n = names.clone();
                n.push(format!("{key}={v}"));
                next.push((n, p));
            }
        }
        combos = next;
    }
    println!("grid (corroborate with the encoder):");
    for (names, params) in combos {
        let name = names.join(" ");
        let r = corroborate_store::eval::evaluate_store(
            rows,
            params,
            dir,
            Some(encoder.clone()),
            &name,
        )?;
        let c = &r.scores;
        println!(
            "{name:<60} B3 P {:.3} R {:.3} F1 {:.3}  pw F1 {:.3}  stories {}  biggest {} ({:.0}%)  {:.1} s",
            c.bcubed_precision,
            c.bcubed_recall,
            c.bcubed_f1,
            c.pairwise_f1,
            r.stories,
            r.biggest,
            100.0 * r.biggest_purity,
            r.seconds
        );
    }
    Ok(())
}

/// Items per second as a whole number with thousands separators:
/// "54,219/s" (indicatif's own `{per_sec}` prints every decimal).
pub fn rate(per_sec: f64) -> String {
    let n = if per_sec.is_finite() && per_sec > 0.0 {
        per_sec.round() as u64
    } else {
        0
    };
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 2);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out.push_str("/s");
    out
}

fn progress(len: Option<u64>, what: &str) -> ProgressBar {
    let bar = match len {
        Some(n) => ProgressBar::new(n),
        None => ProgressBar::new_spinner(),
    };
    if !std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({rate}, eta {eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .with_key(
                "rate",
                |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{}", rate(state.per_sec()));
                },
            )
            .progress_chars("=> "),
    );
    bar.set_message(what.to_string());
    bar
}

/// The sentence encoder of `--model DIR`, if given.
fn encoder(
    dir: Option<&std::path::Path>,
    precision: crate::model::ModelPrecision,
) -> Result<Option<Arc<dyn corroborate_core::Encoder>>> {
    dir.map(|d| crate::model::load(d, precision).map(Arc::from))
        .transpose()
}

/// A store that clusters with the encoder of `--model DIR`, if given.
/// The store a clustering command (`ingest`, `worker`) works on: its
/// `--set` parameters read first, so that a mistyped one leaves no new store
/// behind, then the store, with the sentence encoder of `--model` if given.
fn open_for_clustering(
    db: &DbArg,
    model: &crate::model::ModelArgs,
    set: &[String],
) -> Result<Store> {
    let params = cluster_params(set)?;
    let store = open(db)?;
    Ok(
        match encoder(model.model.as_deref(), model.model_precision)? {
            Some(e) => store.with_encoder(e),
            None => store,
        }
        .with_params(params),
    )
}

fn open(db: &DbArg) -> Result<Store> {
    Store::open(&db.db).with_context(|| format!("opening store {}", db.db))
}

/// For commands that only read: a missing SQLite file is an error, never a
/// new empty store.
fn open_existing(db: &DbArg) -> Result<Store> {
    Ok(Store::open_existing(&db.db)?)
}

pub fn ingest(args: IngestArgs) -> Result<i32> {
    let mut store = open_for_clustering(&args.db, &args.model, &args.set)?;
    let ingested = corroborate_ingest::ingest_paths(&args.paths);
    for p in &ingested.problems {
        eprintln!("skipped {p}");
    }
    let total = ingested.docs.len();
    if total == 0 && ingested.problems.is_empty() {
        eprintln!(
            "error: no article found in {}: give files or folders holding .txt, .md, .html, .jsonl or feed files",
            crate::analyze::shown_paths(&args.paths, false)
        );
        return Ok(1);
    }
    let bar = progress(Some(total as u64), "storing");
    let mut stats = corroborate_store::IngestStats::default();
    let mut docs = ingested.docs;
    while !docs.is_empty() {
        let rest = docs.split_off(docs.len().min(500));
        let s = store.enqueue(std::mem::replace(&mut docs, rest))?;
        stats.added += s.added;
        stats.already_stored += s.already_stored;
        bar.set_position((stats.added + stats.already_stored) as u64);
    }
    bar.finish_and_clear();
    let mut clustered = 0;
    if !args.queue_only {
        let pending = store.pending_count()?;
        let bar = progress(Some(pending as u64), "clustering");
        clustered = store.process_all_with(
            500,
            |n| bar.set_position(n as u64),
            |message| bar.suspend(|| eprintln!("{message}")),
        )?;
        bar.finish_and_clear();
    }
    if args.json {
        println!(
            "{}",
            serde_json::json!({"read": total, "added": stats.added, "already_stored": stats.already_stored,
                "clustered": clustered, "problems": ingested.problems})
        );
    } else {
        println!(
            "read {}: {} added, {} already stored, {clustered} clustered, {}",
            corroborate_render::plural(total, "article"),
            stats.added,
            stats.already_stored,
            corroborate_render::plural(ingested.problems.len(), "problem")
        );
    }
    // Nothing readable at all is a failure; some skipped inputs are not.
    Ok(if total == 0 { 1 } else { 0 })
}

fn print_stories(stories: &[StorySummary], json: bool) -> Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(stories)?);
        return Ok(());
    }
    println!(
        "{:>6}  {:>5}  {:>7}  {:<10}  {:<10}  headline",
        "id", "size", "sources", "first", "last"
    );
    for s in stories {
        let day = |d: &Option<String>| {
            d.as_deref()
                .map(|d| d.chars().take(10).collect::<String>())
                .unwrap_or_else(|| "-".into())
        };
        println!(
            "{:>6}  {:>5}  {:>7}  {:<10}  {:<10}  {}",
            s.id,
            s.size,
            s.sources,
            day(&s.first_seen),
            day(&s.last_seen),
            s.headline.as_deref().unwrap_or("(untitled)")
        );
    }
    Ok(())
}

pub fn stories(args: ListArgs) -> Result<i32> {
    let stories = open_existing(&args.db)?.stories(args.limit)?;
    print_stories(&stories, args.json)?;
    Ok(0)
}

/// Exit 0 whether or not anything matched ("no match" goes to stderr, the
/// table or `[]` to stdout): no match is an answer, not a failure; errors
/// (no store, bad database) exit 2.
pub fn search(args: SearchArgs) -> Result<i32> {
    let stories = open_existing(&args.db)?.search(&args.query, args.limit)?;
    if stories.is_empty() {
        eprintln!("no match for {:?}", args.query);
        if args.json {
            println!("[]");
        }
        return Ok(0);
    }
    print_stories(&stories, args.json)?;
    Ok(0)
}

pub fn story(args: StoryArgs) -> Result<i32> {
    let Some(report) = open_existing(&args.db)?.story_report(args.id)? else {
        eprintln!("error: no story {} in {}", args.id, args.db.db);
        return Ok(1);
    };
    crate::analyze::write_reports(&report, &args.out, crate::analyze::OutFormat::All)?;
    eprintln!(
        "story {}: {} ({}); reports in {}",
        args.id,
        corroborate_render::plural(report.articles.len(), "article"),
        corroborate_render::plural(report.story.independent_sources, "independent source"),
        args.out.display()
    );
    Ok(0)
}

pub fn worker(args: WorkerArgs) -> Result<i32> {
    let mut store = open_for_clustering(&args.db, &args.model, &args.set)?;
    let mut done = 0;
    loop {
        let n = store.process_batch(args.batch)?;
        done += n;
        if n == 0 {
            if !args.follow && store.pending_count()? == 0 {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(500));
        }
    }
    eprintln!(
        "worker done: {} clustered",
        corroborate_render::plural(done, "article")
    );
    Ok(0)
}

/// Peak resident memory of this process, from /proc (Linux).
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// `bench corpus`: ingest + dedup + clustering throughput at each size.
pub fn bench(args: BenchCorpusArgs) -> Result<i32> {
    let ingested = corroborate_ingest::ingest_paths(std::slice::from_ref(&args.text));
    let sentences: Vec<String> = ingested
        .docs
        .into_iter()
        .filter_map(|d| corroborate_ingest::prepare(d).ok())
        .flat_map(|a| a.sentences.into_iter().map(|s| s.text))
        .collect();
    anyhow::ensure!(
        !sentences.is_empty(),
        "no sentences found under {}",
        args.text.display()
    );
    let tmp = tempfile::tempdir()?;
    let dir = args.dir.clone().unwrap_or_else(|| tmp.path().to_path_buf());
    let mut results = Vec::new();
    for &n in &args.n {
        let stream = corroborate_store::synth::synthetic_stream(&sentences, n, 42);
        let labels: std::collections::HashMap<String, usize> = stream
            .iter()
            .map(|(d, l)| (corroborate_core::content_id(&d.body), *l))
            .collect();
        let docs: Vec<_> = stream.into_iter().map(|(d, _)| d).collect();
        let path = dir.join(format!("bench-{n}.db"));
        let _ = std::fs::remove_file(&path);
        let started = std::time::Instant::now();
        let mut store = Store::open(path.to_str().context("non-UTF-8 temp path")?)?;
        let mut docs = docs;
        while !docs.is_empty() {
            let rest = docs.split_off(docs.len().min(1000));
            store.enqueue(std::mem::replace(&mut docs, rest))?;
        }
        let enqueued = started.elapsed().as_secs_f64();
        store.process_all(1000, |_| {})?;
        let secs = started.elapsed().as_secs_f64();
        let stories = store.stories(usize::MAX)?;
        let true_stories = labels.values().max().map_or(0, |m| m + 1);
        let (predicted, gold): (Vec<i64>, Vec<usize>) = store
            .article_stories()?
            .into_iter()
            .filter_map(|(id, story)| labels.get(&id).map(|l| (story, *l)))
            .unzip();
        let quality = corroborate_store::bcubed::bcubed(&predicted, &gold);
        let row = serde_json::json!({
            "articles": n, "seconds": secs, "enqueue_seconds": enqueued,
            "articles_per_second": n as f64 / secs, "stories_found": stories.len(),
            "stories_generated": true_stories, "peak_rss_mib": peak_rss_mib(),
            "bcubed_precision": quality.precision, "bcubed_recall": quality.recall, "bcubed_f1": quality.f1,
        });
        if !args.json {
            println!(
                "{n:>8} articles: {secs:7.2} s ({:8.0} articles/s; enqueue {enqueued:.2} s), {} stories found / {true_stories} generated (B-cubed P {:.3} R {:.3} F1 {:.3}), peak RSS {:.0} MiB",
                n as f64 / secs,
                stories.len(),
                quality.precision,
                quality.recall,
                quality.f1,
                peak_rss_mib().unwrap_or(f64::NAN)
            );
        }
        results.push(row);
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&results)?);
    }
    Ok(0)
}
