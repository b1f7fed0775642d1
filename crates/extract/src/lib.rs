//! Extraction: entities, quotes, quantities and time expressions.
//!
//! In: the story's [`Article`]s. Out: an [`Extraction`] with entities merged
//! across spellings, quote groups across sources, and per-sentence
//! quantities and time expressions.

use corroborate_core::{Article, Entity, Quantity, QuoteGroup, TimeExpr};

#[derive(Debug, Clone, Default)]
pub struct Extraction {
    pub entities: Vec<Entity>,
    pub quotes: Vec<QuoteGroup>,
    /// `quantities[article][sentence]`
    pub quantities: Vec<Vec<Vec<Quantity>>>,
    /// `times[article][sentence]`
    pub times: Vec<Vec<Vec<TimeExpr>>>,
}

pub fn extract_story(articles: &[Article]) -> Extraction {
    Extraction {
        quantities: articles
            .iter()
            .map(|a| vec![Vec::new(); a.sentences.len()])
            .collect(),
        times: articles
            .iter()
            .map(|a| vec![Vec::new(); a.sentences.len()])
            .collect(),
        ..Default::default()
    }
}
