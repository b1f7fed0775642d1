//! Shared vocabulary of the corroborate pipeline.
//!
//! Every stage crate depends on this one and on nothing else of the workspace
//! except the stages before it. It holds:
//!
//! * [`article`]: what ingest produces ([`RawDoc`]) and what cleaning and
//!   segmentation turn it into ([`Article`], [`Sentence`]);
//! * [`report`]: the public JSON report contract (documented in
//!   `docs/report-format.md`), whose types the later stages fill in;
//! * [`problem`]: per-input problems that are reported and skipped, never fatal;
//! * [`encoder`]: the sentence [`Encoder`] interface shared by the lexical
//!   default and the neural encoder;
//! * [`config`]: the analysis thresholds ([`AnalysisConfig`]), recorded in
//!   every report;
//! * [`rng`]: the one seeded pseudo-random generator (SplitMix64) of
//!   synthetic inputs, benchmarks and the evaluation's bootstrap;
//! * [`text`]: small text helpers (word tokens with byte spans, folding of
//!   case and diacritics, a stop-list) that every stage uses the same way.
//!
//! Invariant: all byte offsets (`start`, `end`) index into
//! [`Article::text`], the *cleaned* text, and always fall on `char` boundaries.

pub mod article;
pub mod config;
pub mod encoder;
pub mod problem;
pub mod report;
pub mod rng;
pub mod stats;
pub mod text;

pub use article::{content_id, Article, Format, RawDoc, RemovedLine, Sentence, SentenceRef};
pub use config::AnalysisConfig;
pub use encoder::{cosine, ContradictionScorer, Encoder, EncoderError};
pub use problem::{InputProblem, ProblemKind};
pub use report::*;
