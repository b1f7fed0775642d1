//! Throughput of ingest → clean → segment on a few thousand articles made
//! from the example story's real text, each varied (paragraphs rotated,
//! numbers changed, boilerplate lines added) so no two are identical.
//!
//! `cargo run --release -p corroborate-ingest --example ingest_throughput -- [N] [SEED_DIR]`
//!
//! Prints articles/s and MB/s for plain text and for HTML pages (the same
//! articles wrapped in a page with navigation, share buttons and a footer),
//! measured in memory (`ingest_bytes` + `prepare`) and from files on disk
//! (`ingest_paths` + `prepare`).

use std::path::PathBuf;
use std::time::Instant;

/// The seed articles: the folder given as second argument, else the
/// example story of this repository.
fn seeds() -> Vec<String> {
    let dir = std::env::args()
        .nth(2)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/istanbul-2025-05-15")
        });
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("example story folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("seed is UTF-8"))
        .collect()
}

/// Article `i`: seed `i % 5` with its paragraphs rotated by `i`, its digits
/// shifted and a boilerplate line or two added.
fn variant(seeds: &[String], i: usize) -> String {
    let seed = &seeds[i % seeds.len()];
    let mut paras: Vec<&str> = seed.split("\n\n").collect();
    let n = paras.len();
    if n > 2 {
        paras[1..].rotate_left(i % (n - 1));
    }
    let shifted: String = paras
        .join("\n\n")
        .chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_digit((d + i as u32) % 10, 10).unwrap_or(c),
            None => c,
        })
        .collect();
    format!("{shifted}\n\nFollow us on X for more updates #{i}\n\nPhoto: Staff {i}/Reuters\n")
}

fn html_page(text: &str, i: usize) -> String {
    let body: String = text
        .split("\n\n")
        .map(|p| format!("<p>{}</p>\n", p.replace('&', "&amp;").replace('<', "&lt;")))
        .collect();
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><title>Story {i} | Outlet</title>\
<meta property=\"og:title\" content=\"Story {i}\"><meta property=\"og:site_name\" content=\"Outlet {}\">\
<meta property=\"article:published_time\" content=\"2025-05-15T10:00:00Z\"></head><body>\
<header><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a> <a href=\"/sport\">Sport</a></nav></header>\
<main><article><h1>Story {i}</h1><div class=\"share\"><a>Facebook</a> <a>Twitter</a></div>{body}</article>\
<aside><h3>Related</h3><ul><li><a href=\"/a\">Another story</a></li></ul></aside></main>\
<footer>© 2025 Outlet. All rights reserved.</footer></body></html>",
        i % 7
    )
}

fn run(label: &str, inputs: &[(String, Vec<u8>)]) {
    let bytes: usize = inputs.iter().map(|(_, b)| b.len()).sum();
    let start = Instant::now();
    let mut sentences = 0usize;
    let mut articles = 0usize;
    for (name, data) in inputs {
        for doc in corroborate_ingest::ingest_bytes(name, data).docs {
            if let Ok(a) = corroborate_ingest::prepare(doc) {
                sentences += a.sentences.len();
                articles += 1;
            }
        }
    }
    report(
        label,
        start.elapsed().as_secs_f64(),
        articles,
        sentences,
        bytes,
    );
}

fn report(label: &str, secs: f64, articles: usize, sentences: usize, bytes: usize) {
    println!(
        "{label:<28} {articles:>6} articles {sentences:>8} sentences {:>7.2} MB in {secs:>6.3} s = {:>8.0} articles/s, {:>6.2} MB/s",
        bytes as f64 / 1e6,
        articles as f64 / secs,
        bytes as f64 / 1e6 / secs
    );
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(3000);
    let seeds = seeds();
    let texts: Vec<(String, Vec<u8>)> = (0..n)
        .map(|i| (format!("a{i:05}.txt"), variant(&seeds, i).into_bytes()))
        .collect();
    let pages: Vec<(String, Vec<u8>)> = (0..n)
        .map(|i| {
            (
                format!("a{i:05}.html"),
                html_page(&variant(&seeds, i), i).into_bytes(),
            )
        })
        .collect();
    run("text, in memory", &texts);
    run("html, in memory", &pages);

    let dir = std::env::temp_dir().join(format!("corroborate-throughput-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for (name, data) in &texts {
        std::fs::write(dir.join(name), data).expect("write article");
    }
    let bytes: usize = texts.iter().map(|(_, b)| b.len()).sum();
    let start = Instant::now();
    let ingested = corroborate_ingest::ingest_paths(std::slice::from_ref(&dir));
    let mut sentences = 0usize;
    let mut articles = 0usize;
    for doc in ingested.docs {
        if let Ok(a) = corroborate_ingest::prepare(doc) {
            sentences += a.sentences.len();
            articles += 1;
        }
    }
    report(
        "text, folder on disk",
        start.elapsed().as_secs_f64(),
        articles,
        sentences,
        bytes,
    );
    let _ = std::fs::remove_dir_all(&dir);
}
