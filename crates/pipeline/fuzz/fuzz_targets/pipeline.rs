//! Any bytes, split into up to four inputs, each read under a name that
//! picks its format (or handed to the pipeline as raw text), through the
//! whole pipeline and the renderers: no panic, and the report keeps its
//! invariants (`corroborate_pipeline::invariants`).

#![no_main]

use corroborate_pipeline::core::RawDoc;
use corroborate_pipeline::{analyze_docs, invariants, render, Options};
use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] = &[
    "a.txt", "a.md", "a.html", "a.rss", "a.atom", "a.jsonl", "a.json", "pasted", "raw",
];

fuzz_target!(|data: &[u8]| {
    let mut docs = Vec::new();
    let mut problems = Vec::new();
    // Inputs are separated by a 0xFF byte (never part of UTF-8 text); the
    // first byte of each picks its name.
    for (k, part) in data.split(|&b| b == 0xFF).take(4).enumerate() {
        let Some((&selector, bytes)) = part.split_first() else {
            continue;
        };
        let name = NAMES[usize::from(selector) % NAMES.len()];
        if name == "raw" {
            docs.push(RawDoc {
                published: Some("2025-05-15".into()),
                ..RawDoc::text(format!("{k}.raw"), String::from_utf8_lossy(bytes))
            });
        } else {
            let read = corroborate_pipeline::ingest::ingest_bytes(&format!("{k}-{name}"), bytes);
            docs.extend(read.docs);
            problems.extend(read.problems);
        }
    }
    let report = analyze_docs(docs.clone(), problems, &Options::default());
    if let Err(e) = invariants::check(&report, &docs) {
        panic!("{e}");
    }
    let _ = render::to_json(&report);
    let _ = render::to_markdown(&report);
    let _ = render::to_html(&report);
});
