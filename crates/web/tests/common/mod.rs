//! Shared by the HTTP and browser tests: an app loaded with an example story.
//!
//! In: the first story folder under `examples/` (sorted by name). Out: the
//! router (or a running loopback server) with that story analysed and
//! stored, its id, and the example article texts for pasting.

#![allow(dead_code)] // each test binary uses a different part of this module

use corroborate_web::{router, MemoryStories, StorySource, WebConfig};
use std::path::PathBuf;
use std::sync::Arc;

/// The first example story folder of the repository.
pub fn example_dir() -> PathBuf {
    let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&examples)
        .expect("examples/ exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.into_iter().next().expect("at least one example story")
}

/// The example's article files, sorted.
pub fn example_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(example_dir())
        .expect("example dir readable")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// The example's article texts, in file order.
pub fn example_texts() -> Vec<String> {
    example_files()
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("example file is UTF-8"))
        .collect()
}

/// A store holding the analysed example story, and that story's id.
pub fn example_store() -> (Arc<MemoryStories>, String) {
    let report = corroborate_pipeline::analyze_paths(
        &[example_dir()],
        &corroborate_pipeline::Options::default(),
    );
    assert!(
        !report.articles.is_empty(),
        "the example story should analyse: {:?}",
        report.problems
    );
    let store = Arc::new(MemoryStories::default());
    let id = store.add(report).expect("memory store accepts the story");
    (store, id)
}

/// The app with the example story, and its id.
pub fn example_app() -> (axum::Router, String) {
    let (store, id) = example_store();
    (router(store, WebConfig::default()), id)
}
