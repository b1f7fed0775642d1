//! Main text of HTML pages, one JSON line per page, for the extraction
//! evaluation (`scripts/eval-extraction.sh`).
//!
//! `cargo run --release -p corroborate-ingest --example extract_pages -- FILE...`
//!
//! Each file is read into memory first; then, on one thread, every page goes
//! through the library path a page takes in `corroborate analyze`
//! (`ingest_bytes` → `prepare`) and only that is timed. Prints
//! `{"file", "title", "text", "problem", "removed": [[reason, line]…]}` per
//! page in input order, then one
//! line `{"pages", "seconds", "pages_per_s", "mb_per_s", "cpu_seconds",
//! "pages_per_cpu_s"}` (wall clock, and the thread's CPU time).
//! A page whose cleaning leaves no sentence still gets its (empty) text; its
//! problem is printed.

use std::time::Instant;

fn main() {
    let files: Vec<String> = std::env::args().skip(1).collect();
    let inputs: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|f| (f.clone(), std::fs::read(f).unwrap_or_default()))
        .collect();
    let bytes: usize = inputs.iter().map(|(_, b)| b.len()).sum();
    // Start-up, not extraction: the lazily compiled patterns are built on a
    // small page of this example's own before the clock starts.
    let warm_up = "<html><head><title>Warm-up page</title></head><body><article>\
        <p>The council approved the budget on Tuesday after a long debate, officials said.</p>\
        </article></body></html>";
    for doc in corroborate_ingest::ingest_bytes("warm-up.html", warm_up.as_bytes()).docs {
        let _ = corroborate_ingest::prepare(doc);
    }
    let mut results = Vec::with_capacity(inputs.len());
    let cpu_start = thread_cpu_seconds();
    let start = Instant::now();
    for (name, data) in &inputs {
        let ingested = corroborate_ingest::ingest_bytes(name, data);
        let mut title = None;
        let mut text = String::new();
        let mut removed = Vec::new();
        let mut problem = ingested.problems.first().map(|p| p.to_string());
        if let Some(doc) = ingested.docs.into_iter().next() {
            title = doc.title.clone();
            match corroborate_ingest::prepare(doc) {
                Ok(article) => {
                    text = article.text;
                    removed = article.removed;
                }
                Err(p) => problem = Some(p.to_string()),
            }
        }
        results.push((name, title, text, problem, removed));
    }
    let seconds = start.elapsed().as_secs_f64();
    let cpu_seconds = thread_cpu_seconds()
        .zip(cpu_start)
        .map(|(end, start)| end - start);
    for (file, title, text, problem, removed) in results {
        let removed: Vec<[&str; 2]> = removed
            .iter()
            .map(|r| [r.reason.as_str(), r.text.as_str()])
            .collect();
        println!(
            "{}",
            serde_json::json!({"file": file, "title": title, "text": text, "problem": problem, "removed": removed})
        );
    }
    println!(
        "{}",
        serde_json::json!({
            "pages": inputs.len(),
            "seconds": seconds,
            "pages_per_s": inputs.len() as f64 / seconds.max(1e-9),
            "mb_per_s": bytes as f64 / 1e6 / seconds.max(1e-9),
            "cpu_seconds": cpu_seconds,
            "pages_per_cpu_s": cpu_seconds.map(|c| inputs.len() as f64 / c.max(1e-9)),
        })
    );
}

/// CPU time this thread has used (user + system), from
/// `/proc/thread-self/stat` in clock ticks of 1/100 s (Linux); `None`
/// elsewhere. On a shared machine this is the time one core spent, where
/// wall time also counts waiting for a core.
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the command name, which is in parentheses.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}
