//! Extraction: entities, quotes, quantities and time expressions.
//!
//! In: the story's [`Article`]s (cleaned, segmented). Out: an
//! [`Extraction`] with
//! * `entities`: one [`Entity`] per referent, spellings merged across the
//!   story (see [`entities`]);
//! * `quotes`: direct quotes with their speaker, grouped across sources
//!   into [`QuoteGroup`]s with an agreement label (see [`quotes`]);
//! * `quantities[article][sentence]` and `times[article][sentence]`:
//!   numbers with units and dates/weekdays/relative days, with byte spans
//!   into the sentence text (see [`quantities`], [`times`]);
//! * `name_variants`: spellings of an entity seen in one article only, for
//!   the verify stage's `name_variant` finding.
//!
//! Everything is rule-based, offline and deterministic: the same articles
//! in the same order give the same extraction.

pub mod entities;
pub mod gazetteer;
pub mod quantities;
pub mod quotes;
pub mod similarity;
pub mod times;

use corroborate_core::{Article, Entity, Quantity, QuoteGroup, SentenceRef, TimeExpr};

pub use entities::{LocatedMention, Role, StoryEntities};
pub use quotes::ExtractedQuote;

#[derive(Debug, Clone, Default)]
pub struct Extraction {
    pub entities: Vec<Entity>,
    pub quotes: Vec<QuoteGroup>,
    /// `quantities[article][sentence]`
    pub quantities: Vec<Vec<Vec<Quantity>>>,
    /// `times[article][sentence]`
    pub times: Vec<Vec<Vec<TimeExpr>>>,
    /// Spellings of an entity that only one article uses (misspellings
    /// from a bad copy, a lone transliteration), for `name_variant` findings.
    pub name_variants: Vec<NameVariant>,
    /// Every mention with its byte span, `mentions[article]` in text order.
    pub mentions: Vec<Vec<LocatedMention>>,
    /// Every quote found, with article/sentence positions and speaker
    /// entity index (the material `quotes` groups).
    pub quote_list: Vec<ExtractedQuote>,
}

/// A spelling of an entity that appears in a single article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameVariant {
    /// Index into [`Extraction::entities`].
    pub entity: usize,
    /// The entity's canonical name.
    pub canonical: String,
    /// The lone spelling, as written.
    pub variant: String,
    /// Index (in the story's article list) of the one article using it.
    pub article: usize,
    /// Its content id.
    pub article_id: String,
    /// Sentences where the spelling occurs.
    pub sentences: Vec<SentenceRef>,
    /// `diacritics` (Erdogan/Erdoğan), `transliteration` (Kiev/Kyiv,
    /// Zelensky/Zelenskyy) or `misspelling` (Medesky/Medinsky).
    pub reason: String,
}

/// Runs every extractor over the story.
pub fn extract_story(articles: &[Article]) -> Extraction {
    extract_story_grouped(articles, None)
}

/// Like [`extract_story`], with the align stage's independent-source group
/// of each article (`source_group[article]`), so that canonical names are
/// the spelling most *independent* sources use (a copy does not vote twice).
pub fn extract_story_grouped(articles: &[Article], source_group: Option<&[usize]>) -> Extraction {
    let story = entities::recognise_grouped(articles, source_group);
    let quote_list = quotes::find_quotes(articles, &story);
    let quote_groups = quotes::group_quotes(articles, &quote_list, &story.entities);
    let reference_dates = times::reference_dates(articles);
    let mut quantities_out = Vec::with_capacity(articles.len());
    let mut times_out = Vec::with_capacity(articles.len());
    for (ai, article) in articles.iter().enumerate() {
        let mut q_article = Vec::with_capacity(article.sentences.len());
        let mut t_article = Vec::with_capacity(article.sentences.len());
        for sentence in &article.sentences {
            let t = times::find_times(&sentence.text, reference_dates[ai]);
            let q = quantities::find_quantities(&sentence.text, &t);
            q_article.push(q);
            t_article.push(t);
        }
        quantities_out.push(q_article);
        times_out.push(t_article);
    }
    let name_variants = name_variants(articles, &story);
    Extraction {
        entities: story.entities,
        quotes: quote_groups,
        quantities: quantities_out,
        times: times_out,
        name_variants,
        mentions: story.mentions,
        quote_list,
    }
}

/// Spellings used by exactly one article that differ from the canonical
/// name in spelling (not merely by being shorter, like a surname alone).
/// Needs at least two articles in the story.
pub fn name_variants(articles: &[Article], story: &StoryEntities) -> Vec<NameVariant> {
    use corroborate_core::text::fold;
    use std::collections::{BTreeMap, BTreeSet};
    if articles.len() < 2 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (ei, entity) in story.entities.iter().enumerate() {
        let canonical_exact: Vec<String> = entity.canonical.split(' ').map(exact_token).collect();
        let canonical_letters: Vec<String> = entity
            .canonical
            .split(' ')
            .map(similarity::letters)
            .collect();
        // Tokens of every spelling, with the articles using each token.
        let mut token_articles: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
        let mut by_variant: BTreeMap<String, Vec<SentenceRef>> = BTreeMap::new();
        for (ai, ms) in story.mentions.iter().enumerate() {
            for m in ms.iter().filter(|m| m.entity == ei && !m.by_role) {
                for t in m.text.split(' ') {
                    token_articles.entry(exact_token(t)).or_default().insert(ai);
                }
                by_variant
                    .entry(m.text.clone())
                    .or_default()
                    .push(SentenceRef {
                        article: ai,
                        sentence: m.sentence,
                    });
            }
        }
        for (variant, refs) in by_variant {
            let odd_tokens: Vec<&str> = variant
                .split(' ')
                .filter(|t| !canonical_exact.contains(&exact_token(t)))
                .collect();
            if odd_tokens.is_empty() {
                continue;
            }
            // "United States" beside "U.S.": another name, not a spelling.
            let alias = variant.split(' ').count() != entity.canonical.split(' ').count()
                && gazetteer::place_key(&fold(&variant))
                    .or_else(|| gazetteer::organisation_key(&fold(&variant)))
                    .is_some();
            if alias {
                continue;
            }
            // The odd spelling must be confined to one article.
            let lone = odd_tokens.iter().all(|t| {
                token_articles
                    .get(&exact_token(t))
                    .is_some_and(|a| a.len() == 1)
            });
            let articles_of: BTreeSet<usize> = refs.iter().map(|r| r.article).collect();
            if !lone || articles_of.len() != 1 {
                continue;
            }
            let article = *articles_of.iter().next().unwrap_or(&0);
            let diacritics_only = odd_tokens
                .iter()
                .all(|t| canonical_letters.contains(&similarity::letters(t)));
            let translit_only = odd_tokens.iter().all(|t| {
                let kt = similarity::translit_key(t);
                canonical_letters
                    .iter()
                    .any(|c| similarity::translit_key(c) == kt)
            });
            let exonym = gazetteer::place_key(&fold(&variant)).is_some()
                && gazetteer::place_key(&fold(&variant))
                    == gazetteer::place_key(&fold(&entity.canonical));
            let reason = if diacritics_only {
                "diacritics"
            } else if translit_only || exonym {
                "transliteration"
            } else {
                "misspelling"
            };
            out.push(NameVariant {
                entity: ei,
                canonical: entity.canonical.clone(),
                variant,
                article,
                article_id: articles[article].id.clone(),
                sentences: refs,
                reason: reason.to_string(),
            });
        }
    }
    out
}

/// A name token compared exactly (case aside): possessive and punctuation
/// dropped, diacritics kept.
fn exact_token(t: &str) -> String {
    let lower = t.to_lowercase();
    let lower = lower
        .strip_suffix("'s")
        .or_else(|| lower.strip_suffix("\u{2019}s"))
        .unwrap_or(&lower);
    lower.chars().filter(|c| c.is_alphanumeric()).collect()
}
