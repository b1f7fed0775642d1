//! Evaluation harnesses of corroborate: what measures the stages, kept out
//! of the product crates' public API.
//!
//! In: labelled data (MRPC-format paraphrase pairs), story texts to
//! distort, plain texts to turn into articles. Out: scores, metrics and
//! their statistics, distorted copies with the list of injected changes,
//! and [`Article`](corroborate_core::Article)s for running a stage without
//! the ingest crate.
//!
//! Modules:
//! * [`paraphrase`]: the paraphrase-evaluation harness of the aligner
//!   (MRPC loading, thresholds, cross-validation, bootstrap, McNemar,
//!   logistic fit);
//! * [`distort`]: programmatic distortions for the findings evaluation;
//! * [`plain`]: a plain text → `Article` builder with the ingest stage's
//!   sentence segmentation.
//!
//! Only examples, benches and evaluation tests depend on this crate (as a
//! dev-dependency where they live in a stage crate); no product crate does.
//!
//! Invariants: deterministic (fixed seeds, first applicable place); a file
//! that cannot be read is a returned error, never a process exit or a
//! panic.

pub mod distort;
pub mod paraphrase;
pub mod plain;
