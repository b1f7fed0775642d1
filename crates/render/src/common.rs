//! Helpers shared by the Markdown and HTML renderers.
//!
//! In: parts of a [`Report`]. Out: source numbering and labels, validated
//! highlight spans, word-level sentence matching, enum names and what an
//! empty section says. A finding kind's own names (slug, title) are
//! `corroborate_core::FindingKind`'s.
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
    shorten(&source_name(a), 60)
}

/// The name a reader knows the source by: the outlet from the article's
/// metadata (feed, JSONL `outlet`, HTML `og:site_name`), else the host of
/// its URL, else a cleaned file stem ("npr.txt" → "npr",
/// "globe-and-mail.html" → "Globe and Mail"), else the start of its title,
/// else the file name. File stems that are only numbers and hashes (as in
/// `000_5ef50e8df7e29f0b.txt`) name nothing and are skipped.
pub fn source_name(a: &ArticleReport) -> String {
    if let Some(o) = a.outlet.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
        return o.to_string();
    }
    if let Some(host) = a.url.as_deref().and_then(url_host) {
        return host;
    }
    if let Some(stem) = clean_stem(file_name(&a.path)) {
        return stem;
    }
    if let Some(t) = a.title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        return shorten(t, 32);
    }
    file_name(&a.path).to_string()
}

/// The host of an `http(s)` URL without a leading `www.`, lower-cased.
pub fn url_host(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .or_else(|| url.strip_prefix("HTTPS://"))
        .or_else(|| url.strip_prefix("HTTP://"))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    // Drop credentials and the port.
    let host = host.rsplit('@').next().unwrap_or(host);
    let host = host.split(':').next().unwrap_or(host);
    let host = host.strip_prefix("www.").unwrap_or(host);
    let ok = !host.is_empty()
        && host.contains('.')
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
    ok.then(|| host.to_lowercase())
}

/// Words joined by a file-name separator that stay lower case in a title.
const SMALL_WORDS: [&str; 12] = [
    "and", "of", "the", "in", "on", "for", "at", "a", "an", "to", "de", "la",
];

/// A readable name from a file name: the extension dropped, number and
/// hash parts dropped, `-`/`_` joined words title-cased; `None` when
/// nothing word-like is left.
pub fn clean_stem(file: &str) -> Option<String> {
    let stem = match file.rsplit_once('.') {
        Some((stem, ext))
            if !stem.is_empty()
                && (1..=5).contains(&ext.len())
                && ext.chars().all(|c| c.is_ascii_alphanumeric()) =>
        {
            stem
        }
        _ => file,
    };
    let is_hashlike = |w: &str| {
        w.chars().all(|c| c.is_ascii_digit())
            || (w.len() >= 8
                && w.chars().all(|c| c.is_ascii_hexdigit())
                && w.chars().any(|c| c.is_ascii_digit()))
    };
    let words: Vec<&str> = stem
        .split(['-', '_', ' ', '.'])
        .filter(|w| !w.is_empty() && !is_hashlike(w))
        .collect();
    if words.is_empty() || !words.iter().any(|w| w.chars().any(char::is_alphabetic)) {
        return None;
    }
    if words.len() == 1 {
        return Some(words[0].to_string());
    }
    let titled: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let lower = w.to_lowercase();
            if w.chars().any(char::is_uppercase) || (i > 0 && SMALL_WORDS.contains(&lower.as_str()))
            {
                w.to_string()
            } else {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            }
        })
        .collect();
    Some(titled.join(" "))
}

/// "1 article", "2 articles": `count` with `word` made plural when it is
/// not 1 (regular English plurals; "copy" → "copies").
pub fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        return format!("{count} {word}");
    }
    let plural = if let Some(stem) = word
        .strip_suffix('y')
        .filter(|s| !s.ends_with(['a', 'e', 'i', 'o', 'u']))
    {
        format!("{stem}ies")
    } else if word.ends_with('s') || word.ends_with("ch") || word.ends_with('x') {
        format!("{word}es")
    } else {
        format!("{word}s")
    };
    format!("{count} {plural}")
}

/// Near-copies, read from the lineage: an article with a `duplicate` or
/// `derived` edge to a larger article (more sentences; the earlier one on a
/// tie) is a copy of it, and copies of copies belong to the same
/// representative, as in the aligner's near-copy collapse. Articles are
/// report indices.
pub struct Copies {
    /// `root[i]`: the representative of article `i` (`i` itself if none).
    pub root: Vec<usize>,
    /// Copies of each representative, in report order (empty for a copy).
    pub copies: Vec<Vec<usize>>,
}

impl Copies {
    pub fn new(report: &Report) -> Self {
        let n = report.articles.len();
        let index: HashMap<&str, usize> = report.article_positions();
        let size = |i: usize| (report.articles[i].sentences.len(), std::cmp::Reverse(i));
        let mut parent: Vec<usize> = (0..n).collect();
        for e in &report.lineage {
            if !matches!(e.relation, Relation::Duplicate | Relation::Derived) {
                continue;
            }
            let (Some(&i), Some(&j)) = (index.get(e.a.as_str()), index.get(e.b.as_str())) else {
                continue;
            };
            if i == j {
                continue;
            }
            let (big, small) = if size(i) > size(j) { (i, j) } else { (j, i) };
            if parent[small] == small || size(big) > size(parent[small]) {
                parent[small] = big;
            }
        }
        // Follow parents to the root; sizes strictly grow along a chain,
        // so it ends, but a step bound keeps it safe on any input.
        let root: Vec<usize> = (0..n)
            .map(|mut i| {
                for _ in 0..n {
                    if parent[i] == i {
                        break;
                    }
                    i = parent[i];
                }
                i
            })
            .collect();
        let mut copies = vec![Vec::new(); n];
        for (i, &r) in root.iter().enumerate() {
            if r != i {
                copies[r].push(i);
            }
        }
        Self { root, copies }
    }

    pub fn is_copy(&self, i: usize) -> bool {
        self.root.get(i).is_some_and(|&r| r != i)
    }
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

/// What makes an evidence sentence distinct where sources disagree: its
/// marked (differing) words, or its whole text when nothing is marked.
/// Copies of one original that differ only elsewhere fold into one line.
pub fn evidence_key(e: &corroborate_core::Evidence) -> String {
    let marked: Vec<&str> = split_by_spans(&e.text, &e.spans)
        .into_iter()
        .filter(|(_, m)| *m)
        .map(|(p, _)| p.trim())
        .collect();
    if marked.is_empty() {
        e.text.clone()
    } else {
        marked.join("\u{1f}").to_lowercase()
    }
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

/// What the disputed points say when there are none.
pub const NOTHING_DISPUTED: &str = "No contradiction or divergence between sources was found.";

/// What a kind's section says when it holds no finding (the disputed
/// kinds share [`NOTHING_DISPUTED`]).
pub fn empty_text(kind: FindingKind) -> &'static str {
    match kind {
        FindingKind::Contradiction | FindingKind::Divergence => NOTHING_DISPUTED,
        FindingKind::Consensus => "No claim is carried by several independent sources.",
        FindingKind::SingleSource => "Every claim is carried by more than one source.",
        FindingKind::NameVariant => "No name variants.",
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
        if f.kind.is_disputed() && !out.contains(&i) {
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

    fn bare(path: &str) -> ArticleReport {
        ArticleReport {
            id: "x".into(),
            path: path.into(),
            title: None,
            outlet: None,
            url: None,
            published: None,
            author: None,
            dateline_place: None,
            removed: Vec::new(),
            sentences: Vec::new(),
            fidelity: None,
            source_group: 0,
            garble: 0.0,
        }
    }

    #[test]
    fn sources_are_named_by_outlet_then_host_then_stem_then_title() {
        let mut a = bare("in/globe-and-mail.html");
        assert_eq!(source_name(&a), "Globe and Mail");
        a.url = Some("https://www.theguardian.com/world/2025/may/15/x".into());
        assert_eq!(source_name(&a), "theguardian.com");
        a.outlet = Some("  Reuters ".into());
        assert_eq!(source_name(&a), "Reuters");
        assert_eq!(source_name(&bare("npr.txt")), "npr");
        assert_eq!(source_name(&bare("data/bbc_news.md")), "Bbc News");
        assert_eq!(
            source_name(&bare("C:\\in\\new-york-times.html")),
            "New York Times"
        );
        // Numbers and hashes name nothing: the title, cut, is used.
        let mut h = bare("000_5ef50e8df7e29f0b.txt");
        assert_eq!(source_name(&h), "000_5ef50e8df7e29f0b.txt");
        h.title = Some("Zelenskyy sends teams to negotiate peace, but says Russia".into());
        assert_eq!(source_name(&h), "Zelenskyy sends teams to negoti…");
        // A URL that is not http(s) or has no host is not a name.
        h.url = Some("javascript:alert(1)".into());
        assert_eq!(url_host("javascript:alert(1)"), None);
        assert_eq!(
            url_host("https://user@Example.org:8080/a"),
            Some("example.org".into())
        );
    }

    #[test]
    fn plurals_are_regular() {
        assert_eq!(plural(1, "article"), "1 article");
        assert_eq!(plural(0, "article"), "0 articles");
        assert_eq!(plural(2, "copy"), "2 copies");
        assert_eq!(plural(3, "independent source"), "3 independent sources");
        assert_eq!(plural(2, "day"), "2 days");
        assert_eq!(plural(2, "match"), "2 matches");
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
