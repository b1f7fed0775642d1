//! Property tests of the whole pipeline: several articles of arbitrary
//! text or bytes at once (alone, or spliced into real reports of the
//! example story) never make `analyze_docs` panic, and the report keeps
//! its span invariants (`corroborate_pipeline::invariants`).
//!
//! Case counts are kept small enough for a debug build in CI (well under a
//! minute); the release fuzz driver (`examples/fuzz_pipeline.rs`, see
//! docs/FUZZING.md) runs the same checks for as long as it is given.

use corroborate_pipeline::core::RawDoc;
use corroborate_pipeline::{analyze_docs, invariants, Options};
use proptest::prelude::*;
use std::path::PathBuf;

fn example_texts() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/istanbul-2025-05-15");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("example story")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("example article"))
        .collect()
}

fn doc(i: usize, body: String) -> RawDoc {
    RawDoc {
        published: Some("2025-05-15".into()),
        ..RawDoc::text(format!("input-{i}.txt"), body)
    }
}

fn analyse_and_check(docs: Vec<RawDoc>) {
    let report = analyze_docs(docs.clone(), Vec::new(), &Options::default());
    if let Err(e) = invariants::check(&report, &docs) {
        panic!("{e}\ninputs: {docs:?}");
    }
}

/// Text that reaches the later stages: words, names, figures, quote marks
/// and sentence ends, with some arbitrary characters among them.
fn prose() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => "[A-Z][a-z]{0,8}",
        3 => "[a-z]{1,8}",
        1 => "[0-9]{1,4}",
        1 => Just("The".to_string()),
        1 => Just("A".to_string()),
        1 => Just("said".to_string()),
        1 => Just("he".to_string()),
        2 => "[ .,;:!?\"'\u{201c}\u{201d}\u{2018}\u{2019}\u{ab}\u{bb}()\\-\n]{1,3}",
        1 => "\\PC{1,3}",
        1 => "[\u{300}-\u{36f}\u{590}-\u{5ff}\u{600}-\u{6ff}\u{202e}\u{4e00}-\u{4e80}\u{0}\u{2028}]{1,3}",
    ];
    prop::collection::vec(piece, 0..80).prop_map(|ps| ps.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_in_several_articles(texts in prop::collection::vec(prop_oneof![prose(), any::<String>()], 1..5)) {
        analyse_and_check(texts.into_iter().enumerate().map(|(i, t)| doc(i, t)).collect());
    }

    #[test]
    fn arbitrary_bytes_through_ingest(inputs in prop::collection::vec((0usize..6, prop::collection::vec(any::<u8>(), 0..600)), 1..5)) {
        let names = ["a.txt", "a.md", "a.html", "a.jsonl", "a.rss", "pasted"];
        let mut docs = Vec::new();
        for (k, (name, bytes)) in inputs.iter().enumerate() {
            let name = format!("{k}-{}", names[*name]);
            docs.extend(corroborate_pipeline::ingest::ingest_bytes(&name, bytes).docs);
        }
        analyse_and_check(docs);
    }

    #[test]
    fn real_reports_cut_and_spliced_with_arbitrary_text(
        cuts in prop::collection::vec((0usize..5, 0usize..8000, prose()), 1..4),
    ) {
        // Each article: a real report cut at an arbitrary byte (moved back
        // to a char boundary), followed by arbitrary prose; the untouched
        // reports ride along so that alignment and verify have work.
        let texts = example_texts();
        let mut docs: Vec<RawDoc> = texts.iter().take(2).cloned().enumerate().map(|(i, t)| doc(100 + i, t)).collect();
        for (i, (which, at, tail)) in cuts.into_iter().enumerate() {
            let text = &texts[which % texts.len()];
            let mut at = at.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            docs.push(doc(i, format!("{}{tail}", &text[..at])));
        }
        analyse_and_check(docs);
    }
}
