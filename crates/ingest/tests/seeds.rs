//! Cleaning and segmentation on the example story (real articles).

use corroborate_core::Article;
use corroborate_ingest::{ingest_paths, prepare};
use std::path::PathBuf;

fn seeds() -> Vec<Article> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/istanbul-2025-05-15");
    let ingested = ingest_paths(&[dir]);
    assert!(ingested.problems.is_empty(), "{:?}", ingested.problems);
    ingested
        .docs
        .into_iter()
        .map(|d| prepare(d).expect("seed prepares"))
        .collect()
}

#[test]
fn seeds_load_as_five_articles_with_valid_spans() {
    let articles = seeds();
    assert_eq!(articles.len(), 5);
    for a in &articles {
        assert!(a.sentences.len() > 10, "{} has {} sentences", a.path, a.sentences.len());
        for (i, s) in a.sentences.iter().enumerate() {
            assert_eq!(s.index, i);
            assert_eq!(&a.text[s.start..s.end], s.text);
            assert_eq!(s.text.trim(), s.text);
        }
    }
}
