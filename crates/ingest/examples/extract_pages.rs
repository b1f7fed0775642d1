//! Main text of HTML pages, one JSON line per page, for the extraction
//! evaluation (`scripts/eval-extraction.sh`).
//!
//! `cargo run --release -p corroborate-ingest --example extract_pages -- FILE...`
//!
//! Each file is read into memory first; then, on one thread, every page goes
//! through the library path a page takes in `corroborate analyze`
//! (`ingest_bytes` → `prepare`) and only that is timed. Prints
//! `{"file", "title", "text", "problem"}` per page in input order, then one
//! line `{"pages", "seconds", "pages_per_s", "mb_per_s"}`.
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
    let mut results = Vec::with_capacity(inputs.len());
    let start = Instant::now();
    for (name, data) in &inputs {
        let ingested = corroborate_ingest::ingest_bytes(name, data);
        let mut title = None;
        let mut text = String::new();
        let mut problem = ingested.problems.first().map(|p| p.to_string());
        if let Some(doc) = ingested.docs.into_iter().next() {
            title = doc.title.clone();
            match corroborate_ingest::prepare(doc) {
                Ok(article) => text = article.text,
                Err(p) => problem = Some(p.to_string()),
            }
        }
        results.push((name, title, text, problem));
    }
    let seconds = start.elapsed().as_secs_f64();
    for (file, title, text, problem) in results {
        println!(
            "{}",
            serde_json::json!({"file": file, "title": title, "text": text, "problem": problem})
        );
    }
    println!(
        "{}",
        serde_json::json!({
            "pages": inputs.len(),
            "seconds": seconds,
            "pages_per_s": inputs.len() as f64 / seconds.max(1e-9),
            "mb_per_s": bytes as f64 / 1e6 / seconds.max(1e-9),
        })
    );
}
