//! The story view: one [`Report`] as an HTML fragment.
//!
//! In: a report. Out: HTML (no `<html>`/`<body>`, no inline script or style,
//! so it runs under the server's strict Content-Security-Policy) with, most
//! important first: disputed points (contradictions and divergences) with
//! their evidence side by side and the differing words marked, the cited
//! summary, consensus, single-source claims grouped per source (an original
//! with its near-copies counts once) and folded, name variants, quotes by speaker, entities
//! with their variants, the lineage graph, every article sentence by
//! sentence with its removed boilerplate shown faded, and input problems.
//!
//! Invariants: all report text goes through [`crate::html`] escaping; element
//! ids are built only from [`anchor`] (ASCII letters, digits, `-`, `_`), so
//! a citation `href="#s-ID-N"` always names the sentence element it means.
//! The page's script (`assets/app.js`) relies on the classes `cite`,
//! `sent`, `finding` and `article`.

use crate::html::{esc, highlighted, percent, safe_href};
use corroborate_core::text::{fold, is_stopword};
use corroborate_core::{
    ArticleReport, EntityKind, Evidence, Finding, FindingKind, QuoteAgreement, Relation, Report,
};
use std::collections::{HashMap, HashSet};
use std::fmt::Write;

/// An id fragment safe inside `id="..."` and `href="#..."`: anything other
/// than ASCII letters, digits, `-` and `_` becomes `_`.
pub fn anchor(raw: &str) -> String {
    raw.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Element id of sentence `sentence` of article `article`.
pub fn sentence_anchor(article: &str, sentence: usize) -> String {
    format!("s-{}-{}", anchor(article), sentence)
}

/// Element id of an article.
pub fn article_anchor(article: &str) -> String {
    format!("a-{}", anchor(article))
}

/// Citation-chip names of the articles by id: the short source name (outlet,
/// URL host or a cleaned file stem, see [`corroborate_render::source_name`]),
/// else "Source N" (a title stub is long and near-identical across
/// rewrites; the full title is in the chip's tooltip). Repeated names get
/// "(2)", "(3)"... so sources stay distinct.
fn labels(report: &Report) -> HashMap<&str, String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = HashMap::new();
    for (i, a) in report.articles.iter().enumerate() {
        let base = label_of(i, a);
        let n = seen.entry(base.clone()).or_insert(0);
        *n += 1;
        let label = if *n == 1 {
            base
        } else {
            format!("{base} ({n})")
        };
        out.insert(a.id.as_str(), label);
    }
    out
}

fn label_of(index: usize, a: &ArticleReport) -> String {
    let name = corroborate_render::source_name(a);
    let from_title = a.title.as_deref().is_some_and(|t| {
        let t = t.trim();
        !t.is_empty() && (name == t || name == shorten(t, 32))
    });
    let file = a.path.rsplit(['/', '\\']).next().unwrap_or(&a.path);
    if from_title || name == file {
        format!("Source {}", index + 1)
    } else {
        shorten(&name, 24)
    }
}

/// A path escaped, with a `<wbr>` after `/ _ - .` so it wraps there and
/// never inside a word.
fn file_breaks(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 16);
    for c in path.chars() {
        let mut buf = [0u8; 4];
        out.push_str(&esc(c.encode_utf8(&mut buf)));
        if matches!(c, '/' | '\\' | '_' | '-' | '.') {
            out.push_str("<wbr>");
        }
    }
    out
}

/// At most `max` characters, with an ellipsis when cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
    s.push('…');
    s
}

/// Folded content words of `text`.
fn word_set(text: &str) -> HashSet<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !is_stopword(w))
        .map(str::to_string)
        .collect()
}

/// The sentence of `article` that best matches `text` (a summary line with
/// no claim to point to): at least half of the words shared, else `None`.
fn closest_sentence(report: &Report, article: &str, text: &str) -> Option<usize> {
    let a = report.articles.iter().find(|a| a.id == article)?;
    let wanted = word_set(text);
    if wanted.is_empty() {
        return None;
    }
    let mut best: Option<(f32, usize)> = None;
    for s in &a.sentences {
        let have = word_set(&s.text);
        let shared = wanted.intersection(&have).count() as f32;
        let score = shared / (wanted.len().max(have.len()) as f32);
        // Strictly greater: the first of equally good sentences wins.
        if score >= 0.5 && !matches!(best, Some((b, _)) if b >= score) {
            best = Some((score, s.index));
        }
    }
    best.map(|(_, index)| index)
}

struct View<'r> {
    report: &'r Report,
    labels: HashMap<&'r str, String>,
    index: HashMap<&'r str, usize>,
    copies: corroborate_render::Copies,
    out: String,
}

impl View<'_> {
    /// Report index of the original `article` is a near-copy of (itself
    /// when it is none).
    fn root_of(&self, article: &str) -> Option<usize> {
        self.index
            .get(article)
            .map(|&i| self.copies.root.get(i).copied().unwrap_or(i))
    }

    /// A story too large to show every copy: copies are folded and their
    /// text left to the JSON report.
    fn big(&self) -> bool {
        self.report.articles.len() > FULL_TEXT_ARTICLES
    }

    fn is_copy(&self, article: &str) -> bool {
        self.index
            .get(article)
            .is_some_and(|&i| self.copies.is_copy(i))
    }

    fn label(&self, article: &str) -> String {
        self.labels
            .get(article)
            .cloned()
            .unwrap_or_else(|| shorten(article, 20))
    }

    /// A citation link to one sentence (or to the article when the sentence
    /// is unknown).
    fn cite(&mut self, article: &str, sentence: Option<usize>) {
        let text_shown = !(self.big() && self.is_copy(article));
        let target = match sentence {
            Some(s) if text_shown => sentence_anchor(article, s),
            _ => article_anchor(article),
        };
        let label = esc(&self.label(article));
        let tip = self
            .index
            .get(article)
            .and_then(|&i| self.report.articles.get(i))
            .map(|a| {
                let name = corroborate_render::source_name(a);
                match a
                    .title
                    .as_deref()
                    .filter(|t| !t.trim().is_empty() && *t != name)
                {
                    Some(t) => format!("{name}: {t}"),
                    None => name,
                }
            })
            .unwrap_or_default();
        let _ = write!(
            self.out,
            r##"<a class="cite" href="#{target}" data-article="{}" title="{}">{label}</a>"##,
            anchor(article),
            esc(&tip)
        );
    }

    fn header(&mut self) {
        let story = &self.report.story;
        let headline = story.headline.as_deref().unwrap_or("Untitled story");
        let _ = write!(
            self.out,
            r#"<header class="story-head"><h1 class="u">{}</h1><p class="meta">{} · {}"#,
            esc(headline),
            corroborate_render::plural(story.article_count, "article"),
            corroborate_render::plural(story.independent_sources, "independent source")
        );
        match (&story.first_published, &story.last_published) {
            (Some(a), Some(b)) if a != b => {
                let _ = write!(self.out, " · published {} – {}", esc(a), esc(b));
            }
            (Some(a), _) => {
                let _ = write!(self.out, " · published {}", esc(a));
            }
            _ => {}
        }
        let _ = write!(
            self.out,
            " · {} · encoder {}</p>",
            corroborate_render::plural(self.report.findings.len(), "finding"),
            esc(&story.encoder)
        );
        for p in self.report.problems.iter().filter(|p| p.is_story_level()) {
            let _ = write!(
                self.out,
                r#"<p class="warning" role="alert"><strong>Warning:</strong> <span class="u">{}</span></p>"#,
                esc(&p.reason)
            );
        }
        let count = |kind: FindingKind| {
            self.report
                .findings
                .iter()
                .filter(|f| f.kind == kind)
                .count()
        };
        // Every count links to its section, in reading order.
        let _ = write!(
            self.out,
            r##"<nav class="toc"><a href="#findings-disputed">Disputed points <span class="count">{}</span></a><a href="#summary">Summary</a><a href="#findings-consensus">Consensus <span class="count">{}</span></a><a href="#findings-single_source">Single-source claims <span class="count">{}</span></a><a href="#findings-name_variant">Name variants <span class="count">{}</span></a><a href="#quotes">Quotes</a><a href="#entities">Entities</a><a href="#lineage">Lineage</a><a href="#articles">Articles</a></nav></header>"##,
            count(FindingKind::Contradiction) + count(FindingKind::Divergence),
            count(FindingKind::Consensus),
            count(FindingKind::SingleSource),
            count(FindingKind::NameVariant),
        );
    }

    fn summary(&mut self) {
        self.out
            .push_str(r#"<section id="summary"><h2>Summary</h2>"#);
        if self.report.summary.is_empty() {
            self.out
                .push_str(r#"<p class="empty">No summary could be made.</p></section>"#);
            return;
        }
        self.out.push_str(r#"<ol class="summary">"#);
        let report = self.report;
        for s in &report.summary {
            let _ = write!(
                self.out,
                r#"<li><span class="u">{}</span> <span class="cites">"#,
                esc(&s.text)
            );
            // Cite the sentence of the claim the summary line came from, so
            // the link lands on the words that back it.
            let claim = s
                .claim
                .and_then(|c| report.claims.iter().find(|x| x.id == c));
            // One chip per original; its near-copies are counted.
            let mut roots: Vec<usize> = Vec::new();
            let mut folded = 0;
            for article in &s.citations {
                if let Some(root) = self.root_of(article) {
                    if roots.contains(&root) {
                        folded += 1;
                        continue;
                    }
                    roots.push(root);
                }
                let sentence = claim
                    .and_then(|c| {
                        c.sentences
                            .iter()
                            .find(|cs| &cs.article == article)
                            .map(|cs| cs.sentence)
                    })
                    .or_else(|| closest_sentence(report, article, &s.text));
                self.cite(article, sentence);
            }
            if folded > 0 {
                let _ = write!(
                    self.out,
                    r#" <span class="badge" title="near-copies of the cited sources">+ {}</span>"#,
                    corroborate_render::plural(folded, "copy")
                );
            }
            let _ = write!(
                self.out,
                r#"</span> <span class="support">{} independent</span></li>"#,
                s.support
            );
        }
        self.out.push_str("</ol></section>");
    }

    fn evidence(&mut self, e: &Evidence) {
        let spans: Vec<(usize, usize)> = e.spans.iter().map(|s| (s.start, s.end)).collect();
        self.out
            .push_str(r#"<figure class="evidence"><figcaption>"#);
        self.cite(&e.article, Some(e.sentence));
        let _ = write!(
            self.out,
            r#"</figcaption><blockquote class="u">{}</blockquote></figure>"#,
            highlighted(&e.text, &spans)
        );
    }

    fn finding(&mut self, index: usize, f: &Finding) {
        let _ = write!(
            self.out,
            r#"<details class="finding kind-{}" id="f-{index}"><summary><span class="u">{}</span>"#,
            kind_slug(f.kind),
            esc(&f.summary)
        );
        if let Some(d) = &f.detail {
            let _ = write!(self.out, r#" <span class="badge">{}</span>"#, esc(d));
        }
        let _ = write!(
            self.out,
            r#" <span class="support">{} · {}</span></summary><div class="evidence-grid">"#,
            corroborate_render::plural(f.support, "independent source"),
            self.sources_of(f)
        );
        // One figure per original (per original and differing words where
        // sources disagree), at most EVIDENCE_SHOWN.
        let by_words = matches!(f.kind, FindingKind::Contradiction | FindingKind::Divergence);
        let mut shown: Vec<(Option<usize>, String, &Evidence)> = Vec::new();
        for e in &f.evidence {
            let root = self.root_of(&e.article);
            let key = if by_words {
                e.spans
                    .iter()
                    .filter_map(|sp| e.text.get(sp.start..sp.end))
                    .collect::<Vec<_>>()
                    .join("\u{1f}")
                    .to_lowercase()
            } else {
                String::new()
            };
            if root.is_some() && shown.iter().any(|(r, k, _)| *r == root && *k == key) {
                continue;
            }
            shown.push((root, key, e));
        }
        let more = shown.len().saturating_sub(EVIDENCE_SHOWN);
        for (_, _, e) in shown.into_iter().take(EVIDENCE_SHOWN) {
            self.evidence(e);
        }
        self.out.push_str("</div>");
        if more > 0 {
            let _ = write!(
                self.out,
                r#"<p class="hint">…and {} more (in the JSON report).</p>"#,
                corroborate_render::plural(more, "source")
            );
        }
        self.out.push_str("</details>");
    }

    /// Who carries a finding, counting an original with its near-copies
    /// once: "npr (and 1 copy)" for one source, "3 sources" otherwise.
    fn sources_of(&self, f: &Finding) -> String {
        let mut articles: Vec<usize> = f
            .evidence
            .iter()
            .filter_map(|e| self.index.get(e.article.as_str()).copied())
            .collect();
        articles.sort_unstable();
        articles.dedup();
        let mut roots: Vec<usize> = articles
            .iter()
            .map(|&i| self.copies.root.get(i).copied().unwrap_or(i))
            .collect();
        roots.sort_unstable();
        roots.dedup();
        match roots.as_slice() {
            [root] => {
                let name = self
                    .report
                    .articles
                    .get(*root)
                    .map(|a| self.label(&a.id))
                    .unwrap_or_default();
                let copies = articles.len() - 1;
                if copies > 0 {
                    format!(
                        "{} (and {})",
                        esc(&name),
                        corroborate_render::plural(copies, "copy")
                    )
                } else {
                    esc(&name)
                }
            }
            _ => corroborate_render::plural(roots.len(), "source"),
        }
    }

    /// One group of findings: a heading with its count, the first
    /// [`SHOWN_PER_KIND`] findings, the rest folded under "N more".
    fn finding_group(&mut self, slug: &str, title: &str, list: &[usize], empty: &str) {
        let report = self.report;
        let _ = write!(
            self.out,
            r#"<div class="finding-group" id="findings-{slug}"><h3>{title} <span class="count">{}</span></h3>"#,
            list.len(),
        );
        if list.is_empty() {
            let _ = write!(self.out, r#"<p class="empty">{empty}</p>"#);
        }
        let hidden = list.len().saturating_sub(SHOWN_PER_KIND);
        for (shown, &i) in list.iter().enumerate() {
            if shown == SHOWN_PER_KIND {
                let _ = write!(
                    self.out,
                    r#"<details class="more"><summary>{hidden} more</summary>"#
                );
            }
            self.finding(i, &report.findings[i]);
        }
        if hidden > 0 {
            self.out.push_str("</details>");
        }
        self.out.push_str("</div>");
    }

    fn of_kinds(&self, kinds: &[FindingKind]) -> Vec<usize> {
        self.report
            .findings
            .iter()
            .enumerate()
            .filter(|(_, f)| kinds.contains(&f.kind))
            .map(|(i, _)| i)
            .collect()
    }

    /// Contradictions and divergences, before the summary: what a reader
    /// must know first.
    fn disputed(&mut self) {
        self.out
            .push_str(r#"<section id="findings"><h2>Disputed points</h2>"#);
        let list = self.of_kinds(&[FindingKind::Contradiction, FindingKind::Divergence]);
        self.finding_group(
            "disputed",
            "Contradictions and divergences",
            &list,
            "No contradiction or divergence between sources was found.",
        );
        self.out.push_str("</section>");
    }

    /// Consensus, single-source claims (grouped per source, folded) and
    /// name variants, after the summary.
    fn findings(&mut self) {
        self.out
            .push_str(r#"<section id="more-findings"><h2>Agreement and single sources</h2>"#);
        let list = self.of_kinds(&[FindingKind::Consensus]);
        self.finding_group(
            "consensus",
            kind_title(FindingKind::Consensus),
            &list,
            "No claim is carried by several independent sources.",
        );
        let list = self.of_kinds(&[FindingKind::SingleSource]);
        let _ = write!(
            self.out,
            r#"<div class="finding-group" id="findings-single_source"><h3>{} <span class="count">{}</span></h3>"#,
            kind_title(FindingKind::SingleSource),
            list.len()
        );
        if list.is_empty() {
            self.out.push_str(
                r#"<p class="empty">Every claim is carried by more than one source.</p>"#,
            );
        }
        // Grouped by the original that carries them, most claims first.
        let mut groups: Vec<(Option<usize>, Vec<usize>)> = Vec::new();
        for i in list {
            let root = self.report.findings[i]
                .evidence
                .first()
                .and_then(|e| self.index.get(e.article.as_str()))
                .map(|&a| self.copies.root.get(a).copied().unwrap_or(a));
            match groups.iter_mut().find(|(r, _)| *r == root) {
                Some((_, l)) => l.push(i),
                None => groups.push((root, vec![i])),
            }
        }
        groups.sort_by_key(|(r, l)| (std::cmp::Reverse(l.len()), r.unwrap_or(usize::MAX)));
        let report = self.report;
        for (root, items) in groups {
            let who = match root.and_then(|r| report.articles.get(r)) {
                Some(a) => esc(&self.label(&a.id)),
                None => "(unknown source)".to_string(),
            };
            let _ = write!(
                self.out,
                r#"<details class="more single-group"><summary>{who} <span class="count">{}</span></summary>"#,
                corroborate_render::plural(items.len(), "claim")
            );
            for &i in items.iter().take(SINGLE_SOURCE_SHOWN) {
                self.finding(i, &report.findings[i]);
            }
            if items.len() > SINGLE_SOURCE_SHOWN {
                let _ = write!(
                    self.out,
                    r#"<p class="hint">…and {} more (in the JSON report).</p>"#,
                    items.len() - SINGLE_SOURCE_SHOWN
                );
            }
            self.out.push_str("</details>");
        }
        self.out.push_str("</div>");
        let list = self.of_kinds(&[FindingKind::NameVariant]);
        self.finding_group(
            "name_variant",
            kind_title(FindingKind::NameVariant),
            &list,
            "No name variants.",
        );
        self.out.push_str("</section>");
    }

    fn quotes(&mut self) {
        self.out.push_str(r#"<section id="quotes"><h2>Quotes</h2>"#);
        if self.report.quotes.is_empty() {
            self.out
                .push_str(r#"<p class="empty">No quotes found.</p></section>"#);
            return;
        }
        // Group by speaker, speakers in order of first appearance, unattributed last.
        let report = self.report;
        let mut speakers: Vec<Option<&str>> = Vec::new();
        for q in &report.quotes {
            let s = q.speaker.as_deref();
            if !speakers.contains(&s) {
                speakers.push(s);
            }
        }
        speakers.sort_by_key(|s| s.is_none());
        self.out.push_str(
            r#"<table class="quotes"><thead><tr><th>Speaker</th><th>Agreement</th><th>Source</th><th>Quoted words</th></tr></thead><tbody>"#,
        );
        let mut budget = QUOTE_GROUPS_SHOWN;
        let mut left_out = 0;
        for speaker in speakers {
            let mut groups: Vec<_> = report
                .quotes
                .iter()
                .filter(|q| q.speaker.as_deref() == speaker)
                .collect();
            let keep = groups.len().min(budget);
            left_out += groups.len() - keep;
            groups.truncate(keep);
            budget -= keep;
            // The same words from several copies are one row, "+N".
            let distinct: Vec<Vec<(&corroborate_core::QuoteVariant, usize)>> = groups
                .iter()
                .map(|g| {
                    let mut out: Vec<(&corroborate_core::QuoteVariant, usize)> = Vec::new();
                    for v in &g.variants {
                        match out.iter_mut().find(|(w, _)| w.text == v.text) {
                            Some((_, n)) => *n += 1,
                            None => out.push((v, 0)),
                        }
                    }
                    out
                })
                .collect();
            let rows: usize = distinct.iter().map(Vec::len).sum();
            let mut first_row = true;
            for (g, variants) in groups.into_iter().zip(distinct) {
                let mut first_variant = true;
                let span = variants.len();
                for (v, same) in variants {
                    self.out.push_str("<tr>");
                    if first_row {
                        let _ = write!(
                            self.out,
                            r#"<th scope="rowgroup" rowspan="{rows}" class="u">{}</th>"#,
                            esc(speaker.unwrap_or("(unattributed)"))
                        );
                        first_row = false;
                    }
                    if first_variant {
                        let _ = write!(
                            self.out,
                            r#"<td rowspan="{span}" class="agree-{slug}">{slug}</td>"#,
                            slug = agreement_slug(g.agreement)
                        );
                        first_variant = false;
                    }
                    self.out.push_str("<td>");
                    self.cite(&v.article, Some(v.sentence));
                    if same > 0 {
                        let _ = write!(
                            self.out,
                            r#" <span class="badge" title="other articles quoting the same words">+{same}</span>"#
                        );
                    }
                    let _ = write!(
                        self.out,
                        r#"</td><td class="u">“{}”</td></tr>"#,
                        esc(&v.text)
                    );
                }
            }
        }
        self.out.push_str("</tbody></table>");
        if left_out > 0 {
            let _ = write!(
                self.out,
                r#"<p class="hint">…and {left_out} more quote groups (in the JSON report).</p>"#
            );
        }
        self.out.push_str("</section>");
    }

    fn entities(&mut self) {
        self.out
            .push_str(r#"<section id="entities"><h2>Entities</h2>"#);
        if self.report.entities.is_empty() {
            self.out
                .push_str(r#"<p class="empty">No entities found.</p></section>"#);
            return;
        }
        self.out.push_str(
            r#"<table class="entities"><thead><tr><th>Name</th><th>Kind</th><th>Variants</th><th>Mentions</th><th>Sources</th></tr></thead><tbody>"#,
        );
        for e in &self.report.entities {
            let mut sources: Vec<&str> = e.mentions.iter().map(|m| m.article.as_str()).collect();
            sources.sort_unstable();
            sources.dedup();
            let variants: Vec<String> = e
                .variants
                .iter()
                .filter(|v| **v != e.canonical)
                .map(|v| format!(r#"<span class="variant u">{}</span>"#, esc(v)))
                .collect();
            let _ = write!(
                self.out,
                r#"<tr><td class="u">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
                esc(&e.canonical),
                entity_kind(e.kind),
                variants.join(" "),
                e.mentions.len(),
                sources.len()
            );
        }
        self.out.push_str("</tbody></table></section>");
    }

    fn lineage(&mut self) {
        self.out
            .push_str(r#"<section id="lineage"><h2>Lineage</h2>"#);
        let articles = &self.report.articles;
        if articles.len() < 2 {
            self.out.push_str(
                r#"<p class="empty">Only one article: nothing to compare.</p></section>"#,
            );
            return;
        }
        // A large story draws its originals, a copy's edges between the
        // originals they belong to, and counts copies on their node.
        let big = self.big();
        let nodes: Vec<usize> = (0..articles.len())
            .filter(|&i| !big || !self.copies.is_copy(i))
            .take(FULL_TEXT_ARTICLES)
            .collect();
        let n = nodes.len();
        let (cx, cy, r) = (380.0_f32, 190.0_f32, 140.0_f32);
        // Nodes on a circle, starting at the top; `dir` points outwards and
        // is where the node's label goes, so labels never sit on each other.
        let dir: Vec<(f32, f32)> = (0..n)
            .map(|i| {
                let angle =
                    std::f32::consts::TAU * i as f32 / n as f32 - std::f32::consts::FRAC_PI_2;
                (angle.cos(), angle.sin())
            })
            .collect();
        let pos: Vec<(f32, f32)> = dir
            .iter()
            .map(|(dx, dy)| (cx + r * dx, cy + r * dy))
            .collect();
        let slot: HashMap<usize, usize> = nodes.iter().enumerate().map(|(k, &i)| (i, k)).collect();
        let node = |article: &str| -> Option<usize> {
            let i = *self.index.get(article)?;
            let i = if big {
                self.copies.root.get(i).copied().unwrap_or(i)
            } else {
                i
            };
            slot.get(&i).copied()
        };
        let mut drawn: Vec<(usize, usize)> = Vec::new();
        self.out.push_str(
            r#"<svg class="lineage" viewBox="0 0 760 380" role="img" aria-label="Lineage graph: copies and shared origins between articles"><defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"></path></marker></defs>"#,
        );
        for e in &self.report.lineage {
            if e.relation == Relation::Independent {
                continue;
            }
            let (Some(ia), Some(ib)) = (node(&e.a), node(&e.b)) else {
                continue;
            };
            if ia == ib || drawn.contains(&(ia.min(ib), ia.max(ib))) {
                continue;
            }
            drawn.push((ia.min(ib), ia.max(ib)));
            // Draw from the source to the copy when the dates say which is which.
            let (from, to) = if e.source.as_deref() == Some(e.b.as_str()) {
                (ib, ia)
            } else {
                (ia, ib)
            };
            let arrow = if e.source.is_some() {
                r#" marker-end="url(#arrow)""#
            } else {
                ""
            };
            let _ = write!(
                self.out,
                r#"<line class="edge rel-{}" x1="{:.0}" y1="{:.0}" x2="{:.0}" y2="{:.0}"{arrow}><title>{} ↔ {}: {} ({} reuse)</title></line>"#,
                relation_slug(e.relation),
                pos[from].0,
                pos[from].1,
                pos[to].0,
                pos[to].1,
                esc(&self.label(&e.a)),
                esc(&self.label(&e.b)),
                relation_slug(e.relation),
                percent(e.reuse)
            );
        }
        for (k, &i) in nodes.iter().enumerate() {
            let a = &articles[i];
            let (x, y) = pos[k];
            let (dx, dy) = dir[k];
            let anchor = if dx > 0.3 {
                "start"
            } else if dx < -0.3 {
                "end"
            } else {
                "middle"
            };
            // Labels above or below a node need extra room for the glyph
            // height; 4 px down centres the x-height on the outward line.
            let nudge = if anchor == "middle" {
                8.0 * dy.signum()
            } else {
                0.0
            };
            let (tx, ty) = (x + 16.0 * dx, y + 16.0 * dy + 4.0 + nudge);
            let _ = write!(
                self.out,
                r##"<a href="#{}"><circle class="node group-{}" cx="{x:.0}" cy="{y:.0}" r="9"></circle><text x="{tx:.0}" y="{ty:.0}" text-anchor="{anchor}">{}</text></a>"##,
                article_anchor(&a.id),
                a.source_group % 8,
                esc(&{
                    let mut label = shorten(&self.label(&a.id), 30);
                    let copies = self.copies.copies[i].len();
                    if big && copies > 0 {
                        label.push_str(&format!(" +{copies}"));
                    }
                    label
                })
            );
        }
        self.out.push_str("</svg>");
        // In a large story a copy's edge to its own original is said by
        // the "+N" on the node, not listed.
        let related: Vec<_> = self
            .report
            .lineage
            .iter()
            .filter(|e| e.relation != Relation::Independent)
            .filter(|e| {
                !big || !((self.is_copy(&e.a) || self.is_copy(&e.b))
                    && self.root_of(&e.a) == self.root_of(&e.b))
            })
            .collect();
        if related.is_empty() {
            self.out
                .push_str(r#"<p class="empty">All articles look independent of each other.</p>"#);
        } else {
            self.out.push_str(r#"<dl class="legend"><dt>Reuse</dt><dd>the larger of surface reuse (three-word sequences in common: copied wording) and structural reuse (sentences kept in the same order: a rewrite).</dd><dt>Relation</dt><dd>duplicate, derived (one copies most of the other), shared_origin (both rewrite one source) or independent; the older article is named when dates tell.</dd></dl>"#);
            self.out.push_str(r#"<table class="lineage-table"><thead><tr><th>Article</th><th>Article</th><th title="duplicate, derived, shared_origin or independent">Relation</th><th title="The larger of surface reuse (copied wording) and structural reuse (kept sentence order)">Reuse</th></tr></thead><tbody>"#);
            for e in related {
                self.out.push_str("<tr><td>");
                self.cite(&e.a, None);
                self.out.push_str("</td><td>");
                self.cite(&e.b, None);
                let _ = write!(self.out, "</td><td>{}", relation_slug(e.relation));
                if let Some(s) = &e.source {
                    self.out.push_str(", older: ");
                    self.cite(s, None);
                }
                let _ = write!(
                    self.out,
                    r#"</td><td title="surface {}, structural {}">{}</td></tr>"#,
                    percent(e.surface),
                    percent(e.structural),
                    percent(e.reuse)
                );
            }
            self.out.push_str("</tbody></table>");
        }
        self.out.push_str("</section>");
    }

    fn article(&mut self, a: &ArticleReport) {
        let _ = write!(
            self.out,
            r#"<details class="article" id="{}"><summary><span class="source u">{}</span>"#,
            article_anchor(&a.id),
            esc(&self.label(&a.id))
        );
        if let Some(t) = &a.title {
            let _ = write!(self.out, r#" — <span class="title u">{}</span>"#, esc(t));
        }
        if let Some(p) = &a.published {
            let _ = write!(self.out, r#" <span class="date">{}</span>"#, esc(p));
        }
        if let Some(f) = a.fidelity {
            let _ = write!(
                self.out,
                r#" <span class="badge">fidelity {}</span>"#,
                percent(f)
            );
        }
        self.out.push_str(r#"</summary><p class="meta">"#);
        let mut meta: Vec<String> = Vec::new();
        if let Some(url) = &a.url {
            meta.push(match safe_href(url) {
                Some(href) => format!(
                    r#"<a class="u" href="{href}" rel="noopener noreferrer nofollow" target="_blank">{}</a>"#,
                    esc(url)
                ),
                None => format!(r#"<span class="u">{}</span>"#, esc(url)),
            });
        }
        for (name, value) in [("by", &a.author), ("dateline", &a.dateline_place)] {
            if let Some(v) = value {
                meta.push(format!(r#"{name} <span class="u">{}</span>"#, esc(v)));
            }
        }
        meta.push(format!("source group {}", a.source_group));
        meta.push(format!(
            r#"file <code class="file">{}</code>"#,
            file_breaks(&a.path)
        ));
        let _ = write!(self.out, r#"{}</p><div class="text">"#, meta.join(" · "));
        self.out.push_str("<p>");
        let mut previous_end: Option<usize> = None;
        for s in &a.sentences {
            // Sentences of one paragraph are a single space apart in the
            // cleaned text; a wider gap is a line or paragraph break.
            if previous_end.is_some_and(|end| s.start > end + 1) {
                self.out.push_str("</p><p>");
            }
            previous_end = Some(s.end);
            let _ = write!(
                self.out,
                r#"<span class="sent u" id="{}">{}</span> "#,
                sentence_anchor(&a.id, s.index),
                esc(&s.text)
            );
        }
        self.out.push_str("</p></div>");
        if !a.removed.is_empty() {
            let _ = write!(
                self.out,
                r#"<div class="removed"><h4>Removed as boilerplate ({})</h4>"#,
                a.removed.len()
            );
            for line in &a.removed {
                let _ = write!(
                    self.out,
                    r#"<p class="removed-line"><span class="reason">{}</span> <span class="u">{}</span></p>"#,
                    esc(&line.reason),
                    esc(&line.text)
                );
            }
            self.out.push_str("</div>");
        }
        self.out.push_str("</details>");
    }

    fn articles(&mut self) {
        let _ = write!(
            self.out,
            r#"<section id="articles"><h2>Articles <span class="count">{}</span></h2><p class="hint">Click a citation to open the article at the cited sentence.</p>"#,
            self.report.articles.len()
        );
        let report = self.report;
        let big = self.big();
        for (i, a) in report.articles.iter().enumerate() {
            if big && self.copies.is_copy(i) {
                continue;
            }
            self.article(a);
            let copies = &self.copies.copies[i];
            if big && !copies.is_empty() {
                // A copy's text is in the JSON report; here one line each,
                // with the anchor its citations point to.
                let _ = write!(
                    self.out,
                    r#"<details class="more copies"><summary>+ {} of {}</summary><ul class="copy-list">"#,
                    corroborate_render::plural(copies.len(), "copy"),
                    esc(&self.label(&a.id))
                );
                for &c in copies {
                    let copy = &report.articles[c];
                    let _ = write!(
                        self.out,
                        r#"<li id="{}"><span class="u">{}</span>"#,
                        article_anchor(&copy.id),
                        esc(&corroborate_render::source_name(copy))
                    );
                    if let Some(f) = copy.fidelity {
                        let _ = write!(self.out, " · fidelity {}", percent(f));
                    }
                    self.out.push_str("</li>");
                }
                self.out.push_str("</ul></details>");
            }
        }
        self.out.push_str("</section>");
    }

    fn problems(&mut self) {
        // A warning about the inputs as a whole heads the page instead.
        if self.report.problems.iter().all(|p| p.is_story_level()) {
            return;
        }
        self.out
            .push_str(r#"<section id="problems"><h2>Inputs skipped</h2><ul class="problems">"#);
        for p in self.report.problems.iter().filter(|p| !p.is_story_level()) {
            let _ = write!(self.out, r#"<li class="u">{}</li>"#, esc(&p.to_string()));
        }
        self.out.push_str("</ul></section>");
    }
}

/// Findings of one kind listed before the rest is folded away under "N more".
const SHOWN_PER_KIND: usize = 8;
/// Up to this many articles every copy is shown in full (as in report.html).
const FULL_TEXT_ARTICLES: usize = corroborate_render::html::FULL_TEXT_ARTICLES;
/// Evidence sentences shown per finding.
const EVIDENCE_SHOWN: usize = 12;
/// Single-source claims shown per source.
const SINGLE_SOURCE_SHOWN: usize = 10;
/// Quote groups shown.
const QUOTE_GROUPS_SHOWN: usize = 80;

fn kind_slug(kind: FindingKind) -> &'static str {
    match kind {
        FindingKind::Consensus => "consensus",
        FindingKind::Divergence => "divergence",
        FindingKind::Contradiction => "contradiction",
        FindingKind::SingleSource => "single_source",
        FindingKind::NameVariant => "name_variant",
    }
}

fn kind_title(kind: FindingKind) -> &'static str {
    match kind {
        FindingKind::Consensus => "Consensus",
        FindingKind::Divergence => "Divergences",
        FindingKind::Contradiction => "Contradictions",
        FindingKind::SingleSource => "Single-source claims",
        FindingKind::NameVariant => "Name variants",
    }
}

fn agreement_slug(a: QuoteAgreement) -> &'static str {
    match a {
        QuoteAgreement::Single => "single",
        QuoteAgreement::Verbatim => "verbatim",
        QuoteAgreement::Paraphrase => "paraphrase",
        QuoteAgreement::Divergent => "divergent",
    }
}

fn relation_slug(r: Relation) -> &'static str {
    match r {
        Relation::Duplicate => "duplicate",
        Relation::Derived => "derived",
        Relation::SharedOrigin => "shared_origin",
        Relation::Independent => "independent",
    }
}

fn entity_kind(k: EntityKind) -> &'static str {
    match k {
        EntityKind::Person => "person",
        EntityKind::Place => "place",
        EntityKind::Organization => "organization",
        EntityKind::Other => "other",
    }
}

/// The whole story view of `report`.
pub fn story_fragment(report: &Report) -> String {
    let mut view = View {
        report,
        labels: labels(report),
        index: report
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i))
            .collect(),
        copies: corroborate_render::Copies::new(report),
        out: String::with_capacity(64 * 1024),
    };
    view.out.push_str(r#"<article class="story">"#);
    // Most important first: what sources dispute, what the story says,
    // then what they agree on and what only one says.
    view.header();
    view.disputed();
    view.summary();
    view.findings();
    view.quotes();
    view.entities();
    view.lineage();
    view.articles();
    view.problems();
    view.out.push_str("</article>");
    view.out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_keep_only_safe_characters() {
        assert_eq!(anchor("ab12-_"), "ab12-_");
        assert_eq!(anchor(r#""><x"#), "___x");
        assert_eq!(sentence_anchor("f00", 3), "s-f00-3");
    }

    #[test]
    fn shorten_cuts_on_characters_not_bytes() {
        assert_eq!(shorten("ééééé", 3), "éé…");
        assert_eq!(shorten("abc", 3), "abc");
    }

    /// One original and `copies` near-copies (derived edges), each copy
    /// carrying one single-source claim and citing the summary.
    fn story_of_copies(copies: usize) -> Report {
        let article = |id: &str, outlet: &str| {
            serde_json::from_value::<ArticleReport>(serde_json::json!({
                "id": id, "path": format!("in/{id}.txt"), "title": "Talks open",
                "outlet": outlet, "url": null, "published": null, "author": null,
                "dateline_place": null, "removed": [], "fidelity": 0.9,
                "source_group": 0, "garble": 0.0,
                "sentences": [
                    {"index": 0, "text": "The talks opened on Friday.", "start": 0, "end": 27},
                    {"index": 1, "text": "Both delegations arrived late.", "start": 28, "end": 58}
                ]
            }))
            .unwrap()
        };
        let mut report = Report::default();
        report.articles.push(article("orig", "Wire"));
        let mut citations = vec!["orig".to_string()];
        for i in 0..copies {
            let id = format!("copy{i:03}");
            report.articles.push(article(&id, &format!("Outlet {i}")));
            report.lineage.push(corroborate_core::LineageEdge {
                a: "orig".into(),
                b: id.clone(),
                reuse: 0.9,
                surface: 0.8,
                structural: 0.9,
                relation: Relation::Derived,
                source: None,
            });
            report.findings.push(Finding {
                kind: FindingKind::SingleSource,
                summary: format!("Only Outlet {i} reports it"),
                evidence: vec![Evidence {
                    article: id.clone(),
                    sentence: 1,
                    text: "Both delegations arrived late.".into(),
                    spans: Vec::new(),
                }],
                support: 1,
                claim: None,
                detail: None,
                probability: None,
            });
            citations.push(id);
        }
        // The original is the larger article, so the others are its copies.
        report.articles[0].sentences.push(
            serde_json::from_value(serde_json::json!(
                {"index": 2, "text": "No agenda was published.", "start": 59, "end": 83}
            ))
            .unwrap(),
        );
        report.summary.push(corroborate_core::SummarySentence {
            text: "The talks opened on Friday.".into(),
            citations,
            support: 1,
            claim: None,
        });
        report.story.article_count = report.articles.len();
        report
    }

    #[test]
    fn a_story_of_copies_folds_them_and_every_link_has_its_target() {
        let small = story_fragment(&story_of_copies(20));
        let big = story_fragment(&story_of_copies(300));
        // Copies counted, not listed: one chip in the summary, one group of
        // single-source claims, copy text left out of a big story.
        assert!(big.contains("+ 300 copies"), "summary chip count");
        assert!(big.contains("Wire (and 300 copies)") || big.contains("+ 300 copies of Wire"));
        assert!(!big.contains(r#"id="s-copy000-0""#));
        assert!(big.contains(r#"id="a-copy000""#));
        assert!(small.contains(r#"id="s-copy000-0""#));
        for page in [&small, &big] {
            let ids: Vec<&str> = page
                .split(" id=\"")
                .skip(1)
                .filter_map(|rest| rest.split('"').next())
                .collect();
            let unique: HashSet<&str> = ids.iter().copied().collect();
            assert_eq!(unique.len(), ids.len(), "an id is used twice");
            for href in page.split("href=\"#").skip(1) {
                let target = href.split('"').next().unwrap();
                assert!(unique.contains(target), "link to missing #{target}");
            }
        }
        assert!(
            big.len() < 3 * small.len(),
            "{} vs {}",
            big.len(),
            small.len()
        );
    }
}
