//! Prints what ingest, cleaning and segmentation make of the given paths:
//! metadata, removed lines with reasons, and the sentences.
//!
//! `cargo run -p corroborate-ingest --example dump -- PATH...`

use std::path::PathBuf;

fn main() {
    let paths: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    let ingested = corroborate_ingest::ingest_paths(&paths);
    for p in &ingested.problems {
        println!("PROBLEM {p}");
    }
    for doc in ingested.docs {
        match corroborate_ingest::prepare(doc) {
            Ok(a) => {
                println!("=== {} [{:?}] id={}", a.path, a.format, a.id);
                println!(
                    "title={:?}\noutlet={:?} published={:?} author={:?} url={:?} lang={:?} place={:?}",
                    a.title, a.outlet, a.published, a.author, a.url, a.language, a.dateline_place
                );
                for r in &a.removed {
                    println!("  REMOVED [{}] {}", r.reason, r.text);
                }
                for s in &a.sentences {
                    println!("  {:3} {}", s.index, s.text);
                }
            }
            Err(p) => println!("PROBLEM {p}"),
        }
    }
}
