//! The report's structural invariants, checked against the articles it
//! was made from (for the property tests and the fuzz drivers).
//!
//! In: a [`Report`] and the documents given to
//! [`analyze_docs`](crate::analyze_docs). Out: `Ok(())`, or the first
//! broken invariant, described. Checked: every article's sentences are
//! exactly those of its prepared text (`sentence.text ==
//! article.text[start..end]`, spans in order, on `char` boundaries); every
//! quantity and time expression slices its sentence; every evidence
//! sentence and mention names an article of the report and one of its
//! sentences, and every highlighted span slices the evidence text.

use corroborate_core::{Article, RawDoc, Report};
use std::collections::BTreeMap;

/// Checks `report` against `docs` (see the module docs).
pub fn check(report: &Report, docs: &[RawDoc]) -> Result<(), String> {
    let mut prepared: BTreeMap<String, Article> = BTreeMap::new();
    for doc in docs {
        if let Ok(a) = corroborate_ingest::prepare(doc.clone()) {
            prepared.entry(a.id.clone()).or_insert(a);
        }
    }
    let mut sentence_counts: BTreeMap<&str, usize> = BTreeMap::new();
    for ar in &report.articles {
        let article = prepared
            .get(&ar.id)
            .ok_or_else(|| format!("article {} is not one of the inputs", ar.id))?;
        if ar.sentences.len() != article.sentences.len() {
            return Err(format!("article {}: sentence count differs", ar.id));
        }
        let mut previous_end = 0;
        for (i, (s, a)) in ar.sentences.iter().zip(&article.sentences).enumerate() {
            if s.index != i || s.start != a.start || s.end != a.end || s.text != a.text {
                return Err(format!(
                    "article {} sentence {i}: not the prepared one",
                    ar.id
                ));
            }
            if article.text.get(s.start..s.end) != Some(s.text.as_str()) {
                return Err(format!(
                    "article {} sentence {i}: text != article.text[{}..{}]",
                    ar.id, s.start, s.end
                ));
            }
            if s.start < previous_end || s.text.trim() != s.text || s.text.is_empty() {
                return Err(format!(
                    "article {} sentence {i}: overlaps or untrimmed",
                    ar.id
                ));
            }
            previous_end = s.end;
            for (what, text, start, end) in s
                .quantities
                .iter()
                .map(|q| ("quantity", &q.text, q.start, q.end))
                .chain(s.times.iter().map(|t| ("time", &t.text, t.start, t.end)))
            {
                if s.text.get(start..end) != Some(text.as_str()) {
                    return Err(format!(
                        "article {} sentence {i}: {what} {text:?} != sentence[{start}..{end}]",
                        ar.id
                    ));
                }
            }
        }
        sentence_counts.insert(ar.id.as_str(), ar.sentences.len());
    }
    let sentence_exists = |article: &str, sentence: usize| {
        sentence_counts.get(article).is_some_and(|&n| sentence < n)
    };
    for (f, finding) in report.findings.iter().enumerate() {
        for e in &finding.evidence {
            if !sentence_exists(&e.article, e.sentence) {
                return Err(format!(
                    "finding {f}: evidence names no sentence of the report"
                ));
            }
            for span in &e.spans {
                if e.text.get(span.start..span.end).is_none() {
                    return Err(format!(
                        "finding {f}: span {}..{} does not slice {:?}",
                        span.start, span.end, e.text
                    ));
                }
            }
        }
    }
    for entity in &report.entities {
        for m in &entity.mentions {
            if !sentence_exists(&m.article, m.sentence) {
                return Err(format!(
                    "entity {:?}: mention outside the report",
                    entity.canonical
                ));
            }
        }
    }
    for claim in &report.claims {
        for s in &claim.sentences {
            if !sentence_exists(&s.article, s.sentence) {
                return Err(format!("claim {}: sentence outside the report", claim.id));
            }
        }
    }
    Ok(())
}
