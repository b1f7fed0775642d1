//! Bounds on what one input may cost, in one place.
//!
//! Every stage after ingest is linear (or near-linear) in the text it is
//! given, but some of their per-sentence work grows with the square of a
//! sentence's length, and a story's memory grows with its articles' size.
//! These bounds keep one hostile input (a 50 MB file, a 1 MB line without
//! a full stop) from costing minutes or gigabytes. Whatever a bound cuts is
//! reported as an [`InputProblem`](corroborate_core::InputProblem) on that
//! input, never dropped silently (see [`crate::prepare_reporting`]).

/// Files larger than this are skipped with a problem rather than read into
/// memory (a story's articles are kilobytes; a JSONL dump of 100,000
/// articles is well under it).
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// An article body longer than this (in bytes of UTF-8) is cut at the
/// last line break (else space) before it, and the cut reported. The
/// longest long-form news articles are a few hundred kilobytes.
pub const MAX_ARTICLE_BYTES: usize = 2 * 1024 * 1024;

/// A sentence longer than this (in bytes) is split at spaces into pieces
/// no longer than it, and the split reported: the longest sentences of
/// real prose are a few hundred words, while a text without full stops
/// (a scraped table, a run-on line) would otherwise make one sentence of
/// any length.
pub const MAX_SENTENCE_BYTES: usize = 2_000;
