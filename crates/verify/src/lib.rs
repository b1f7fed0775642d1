//! Verification and summary.
//!
//! In: articles, their alignment and extraction. Out: [`Verification`]
//! (findings, per-article fidelity and garble) and the cited summary.

use corroborate_align::StoryAlignment;
use corroborate_core::{Article, Finding, SummarySentence};
use corroborate_extract::Extraction;

#[derive(Debug, Clone, Default)]
pub struct Verification {
    pub findings: Vec<Finding>,
    pub fidelity: Vec<Option<f32>>,
    pub garble: Vec<f32>,
    /// Indices into `findings` of the disputed points.
    pub disputed: Vec<usize>,
}

pub fn verify(
    articles: &[Article],
    alignment: &StoryAlignment,
    extraction: &Extraction,
) -> Verification {
    let _ = (alignment, extraction);
    Verification {
        fidelity: vec![None; articles.len()],
        garble: vec![0.0; articles.len()],
        ..Default::default()
    }
}

pub fn summarize(
    articles: &[Article],
    alignment: &StoryAlignment,
    verification: &Verification,
) -> Vec<SummarySentence> {
    let _ = (articles, alignment, verification);
    Vec::new()
}
