//! Helpers shared by the Markdown and HTML renderers.
//!
//! In: parts of a [`Report`]. Out: source numbering and labels, validated
//! highlight spans, word-level sentence matching and enum names.
//!
//! Invariants: [`valid_spans`] only ever returns ranges that can be sliced
//! out of their text without panicking (in range, on `char` boundaries,
//! non-empty, sorted, non-overlapping), so renderers may index with them.

use corroborate_core::{
    ArticleReport, EntityKind, FindingKind, QuoteAgreement, Relation, Report, Span,
};
use std::collections::{HashMap, HashSet};

/// Articles numbered 1.. in report order, with a short display label each.
pub struct Sources<'r> {
    by_id: HashMap<&'r str, (usize, String)>,
}

impl<'r> Sources<'r> {
    pub fn new(report: &'r Report) -> Self {
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut by_id = HashMap::new();
        for (i, a) in report.articles.iter().enumerate() {
            let base = label_of(a);
            let n = seen.entry(base.clone()).or_insert(0);
            *n += 1;
            let label = if *n == 1 {
                base
            } else {
                format!("{base} ({n})")
            };
            // First article wins if two share an id (the pipeline prevents it).
            by_id.entry(a.id.as_str()).or_insert((i + 1, label));
        }
        Self { by_id }
    }

    /// 1-based source number of `article`, `None` for an unknown id.
    pub fn number(&self, article: &str) -> Option<usize> {
        self.by_id.get(article).map(|(n, _)| *n)
    }

    /// Display label of `article`; an unknown id is shown shortened.
    pub fn label(&self, article: &str) -> String {
        match self.by_id.get(article) {
            Some((_, label)) => label.clone(),
            None => shorten(article, 20),
        }
    }
}

/// The outlet, else the title, else the file name (at most 60 characters).
pub fn label_of(a: &ArticleReport) -> String {
    for candidate in [a.outlet.as_deref(), a.title.as_deref()] {
        if let Some(c) = candidate.map(str::trim).filter(|c| !c.is_empty()) {
            return shorten(c, 60);
        }
    }
    shorten(file_name(&a.path), 60)
}

/// Last component of a `/` or `\` separated path.
pub fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// At most `max` characters, with an ellipsis when cut (cuts on chars).
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
    s.push('…');
    s
}

/// The spans of `text` that are safe to slice: in range, on `char`
/// boundaries and non-empty; sorted by start, overlapping ones dropped
/// (the earlier one wins). Anything else is ignored, never trusted.
pub fn valid_spans(text: &str, spans: &[Span]) -> Vec<(usize, usize)> {
    let mut sorted: Vec<(usize, usize)> = spans
        .iter()
        .map(|s| (s.start, s.end))
        .filter(|&(start, end)| start < end && text.get(start..end).is_some())
        .collect();
    sorted.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(sorted.len());
    for (start, end) in sorted {
        if out.last().is_some_and(|&(_, last_end)| start < last_end) {
            continue;
        }
        out.push((start, end));
    }
    out
}

/// `text` cut into alternating pieces: `(piece, highlighted)`, following
/// the spans from [`valid_spans`]. Empty pieces are left out.
pub fn split_by_spans<'t>(text: &'t str, spans: &[Span]) -> Vec<(&'t str, bool)> {
    let mut pieces = Vec::new();
    let mut pos = 0;
    for (start, end) in valid_spans(text, spans) {
        if start > pos {
            pieces.push((&text[pos..start], false));
        }
        pieces.push((&text[start..end], true));
        pos = end;
    }
    if pos < text.len() {
        pieces.push((&text[pos..], false));
    }
    pieces
}

/// Lower-cased alphanumeric words of `text` longer than two characters.
fn word_set(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() > 2)
        .map(str::to_lowercase)
        .collect()
}

/// Index of the sentence of `article` that best matches `text` (a summary
/// line with no claim): at least half of the words shared, first best wins.
pub fn closest_sentence(article: &ArticleReport, text: &str) -> Option<usize> {
    let wanted = word_set(text);
    if wanted.is_empty() {
        return None;
    }
    let mut best: Option<(f32, usize)> = None;
    for s in &article.sentences {
        let have = word_set(&s.text);
        let shared = wanted.intersection(&have).count() as f32;
        let score = shared / wanted.len().max(have.len()) as f32;
        if score >= 0.5 && !matches!(best, Some((b, _)) if b >= score) {
            best = Some((score, s.index));
        }
    }
    best.map(|(_, index)| index)
}

/// For each citation of summary line `line`, the sentence that backs it:
/// the claim's sentence in that article, else the closest sentence.
pub fn summary_targets(report: &Report, line: usize) -> Vec<(&str, Option<usize>)> {
    let Some(s) = report.summary.get(line) else {
        return Vec::new();
    };
    let claim = s
        .claim
        .and_then(|c| report.claims.iter().find(|x| x.id == c));
    s.citations
        .iter()
        .map(|article| {
            let from_claim = claim.and_then(|c| {
                c.sentences
                    .iter()
                    .find(|cs| &cs.article == article)
                    .map(|cs| cs.sentence)
            });
            let sentence = from_claim.or_else(|| {
                report
                    .articles
                    .iter()
                    .find(|a| &a.id == article)
                    .and_then(|a| closest_sentence(a, &s.text))
            });
            (article.as_str(), sentence)
        })
        .collect()
}

/// Share 0..1 as a whole percentage; NaN shows as "n/a".
pub fn percent(share: f32) -> String {
    if share.is_nan() {
        return "n/a".to_string();
    }
    format!("{:.0}%", share.clamp(0.0, 1.0) * 100.0)
}

/// Finding kinds in reading order: disagreements first.
pub const KIND_ORDER: [FindingKind; 5] = [
    FindingKind::Contradiction,
    FindingKind::Divergence,
    FindingKind::NameVariant,
    FindingKind::SingleSource,
    FindingKind::Consensus,
];

pub fn kind_slug(kind: FindingKind) -> &'static str {
    match kind {
        FindingKind::Consensus => "consensus",
        FindingKind::Divergence => "divergence",
        FindingKind::Contradiction => "contradiction",
        FindingKind::SingleSource => "single_source",
        FindingKind::NameVariant => "name_variant",
    }
}

pub fn kind_title(kind: FindingKind) -> &'static str {
    match kind {
        FindingKind::Consensus => "Consensus",
        FindingKind::Divergence => "Divergences",
        FindingKind::Contradiction => "Contradictions",
        FindingKind::SingleSource => "Single-source claims",
        FindingKind::NameVariant => "Name variants",
    }
}

pub fn agreement_slug(a: QuoteAgreement) -> &'static str {
    match a {
        QuoteAgreement::Single => "single",
        QuoteAgreement::Verbatim => "verbatim",
        QuoteAgreement::Paraphrase => "paraphrase",
        QuoteAgreement::Divergent => "divergent",
    }
}

pub fn relation_slug(r: Relation) -> &'static str {
    match r {
        Relation::Duplicate => "duplicate",
        Relation::Derived => "derived",
        Relation::SharedOrigin => "shared_origin",
        Relation::Independent => "independent",
    }
}

pub fn entity_kind_slug(k: EntityKind) -> &'static str {
    match k {
        EntityKind::Person => "person",
        EntityKind::Place => "place",
        EntityKind::Organization => "organization",
        EntityKind::Other => "other",
    }
}

/// Quote groups by speaker: speakers in order of first appearance, the
/// unattributed ones last. Each entry holds indices into `report.quotes`.
pub fn quotes_by_speaker(report: &Report) -> Vec<(Option<&str>, Vec<usize>)> {
    let mut groups: Vec<(Option<&str>, Vec<usize>)> = Vec::new();
    for (i, q) in report.quotes.iter().enumerate() {
        let speaker = q.speaker.as_deref();
        match groups.iter_mut().find(|(s, _)| *s == speaker) {
            Some((_, list)) => list.push(i),
            None => groups.push((speaker, vec![i])),
        }
    }
    groups.sort_by_key(|(s, _)| s.is_none());
    groups
}

/// Findings shown as disputed points: `report.disputed` (valid indices, in
/// order, once each), then any contradiction or divergence it left out.
pub fn disputed_findings(report: &Report) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for &i in &report.disputed {
        if i < report.findings.len() && !out.contains(&i) {
            out.push(i);
        }
    }
    for (i, f) in report.findings.iter().enumerate() {
        let disputed = matches!(f.kind, FindingKind::Contradiction | FindingKind::Divergence);
        if disputed && !out.contains(&i) {
            out.push(i);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    #[test]
    fn valid_spans_drop_bad_ranges_without_panicking() {
        let text = "Café 12 ☃ dead"; // é = 2 bytes, ☃ = 3 bytes
        let spans = [
            span(6, 8),    // "12"
            span(3, 4),    // splits é
            span(99, 120), // out of range
            span(9, 8),    // reversed
            span(7, 9),    // overlaps "12"
            span(9, 10),   // splits ☃
            span(9, 12),   // "☃"
            span(usize::MAX - 1, usize::MAX),
        ];
        assert_eq!(valid_spans(text, &spans), vec![(6, 8), (9, 12)]);
        assert_eq!(
            split_by_spans(text, &spans),
            vec![
                ("Café ", false),
                ("12", true),
                (" ", false),
                ("☃", true),
                (" dead", false)
            ]
        );
    }

    #[test]
    fn shorten_counts_characters() {
        assert_eq!(shorten("ééééé", 3), "éé…");
        assert_eq!(shorten("abc", 3), "abc");
    }

    #[test]
    fn percent_clamps_and_handles_nan() {
        assert_eq!(percent(0.546), "55%");
        assert_eq!(percent(3.0), "100%");
        assert_eq!(percent(f32::NAN), "n/a");
    }
}
