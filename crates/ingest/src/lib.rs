//! Ingest → clean → segment.
//!
//! In: paths (files or folders) or a reader of JSONL. Out: [`RawDoc`]s, then
//! [`Article`]s with cleaned text, the removed boilerplate and sentences with
//! byte spans into the cleaned text. Bad inputs become [`InputProblem`]s; one
//! bad input never stops the others.

use corroborate_core::{Article, InputProblem, RawDoc};
use std::path::PathBuf;

/// What ingest read: the documents, and the inputs it had to skip.
#[derive(Debug, Default)]
pub struct Ingested {
    pub docs: Vec<RawDoc>,
    pub problems: Vec<InputProblem>,
}

/// Reads every supported file under `paths` (folders recursively, sorted).
pub fn ingest_paths(paths: &[PathBuf]) -> Ingested {
    let _ = paths;
    Ingested::default()
}

/// Cleans and segments one document.
pub fn prepare(doc: RawDoc) -> Result<Article, InputProblem> {
    Err(InputProblem::new(doc.path, None, "not implemented yet"))
}

/// Reads JSONL records (one object per line, `text` required) from a reader.
pub fn ingest_jsonl_reader(name: &str, reader: impl std::io::BufRead) -> Ingested {
    let _ = (name, reader);
    Ingested::default()
}
