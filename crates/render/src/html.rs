//! The report as one self-contained HTML page.
//!
//! In: a [`Report`]. Out: a complete `<!doctype html>` document with its
//! style and script inline (`assets/report.css`, `assets/report.js`) and no
//! external asset: no CDN, no web font, no remote image. Sections, in
//! order: header, sources with fidelity bars, cited summary, findings
//! grouped by kind (sources side by side, differing spans in `<mark>`),
//! quotes by speaker, entities with variants, a side-by-side comparison of
//! any two articles (aligned sentences linked), the lineage as an inline
//! SVG graph, every article sentence by sentence with its removed
//! boilerplate faded, and skipped inputs.
//!
//! Invariants:
//! - every piece of report text goes through [`escape_html`] (the
//!   alignment data goes through [`json_for_script`]), so no input can open
//!   a tag, close an attribute or end the `<script>` element;
//! - element ids come only from [`anchor`] (ASCII letters, digits, `-`,
//!   `_`): article `a-<id>`, sentence `a-<id>-s-<n>`, so a citation
//!   `href="#a-<id>-s-<n>"` names exactly the sentence it means;
//! - URLs from articles become links only when they are plain `http(s)`
//!   and are marked `rel="noopener noreferrer nofollow"`;
//! - a Content-Security-Policy `<meta>` forbids the page from loading
//!   anything (only its own inline style and script run), as a second
//!   line of defence behind the escaping.

use crate::common::{
    agreement_slug, entity_kind_slug, file_name, kind_slug, kind_title, percent, quotes_by_speaker,
    relation_slug, shorten, split_by_spans, summary_targets, Sources, KIND_ORDER,
};
use corroborate_core::{ArticleReport, Evidence, Finding, Relation, Report};
use std::collections::HashMap;
use std::fmt::Write;

/// The page's stylesheet, for hosts that embed [`render_fragment`]
/// (put it in a `<style>` element of the host page).
pub const STYLE: &str = include_str!("assets/report.css");
/// The page's script (citation jumps, article pair view), for hosts that
/// embed [`render_fragment`]; run it after the fragment is in the document.
pub const SCRIPT: &str = include_str!("assets/report.js");

/// Findings of one kind shown before the rest is folded under "N more".
pub const SHOWN_PER_KIND: usize = 10;

/// Escapes `&`, `<`, `>`, `"` and `'` (and turns NUL into U+FFFD): safe
/// between tags and inside single- or double-quoted attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    push_escaped(&mut out, text);
    out
}

/// [`escape_html`], appending to `out`.
pub fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\0' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// `text` escaped, with its valid `spans` wrapped in `<mark>`; spans out of
/// range, reversed, overlapping or not on `char` boundaries are ignored.
pub fn highlight(text: &str, spans: &[corroborate_core::Span]) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    for (piece, marked) in split_by_spans(text, spans) {
        if marked {
            out.push_str("<mark>");
            push_escaped(&mut out, piece);
            out.push_str("</mark>");
        } else {
            push_escaped(&mut out, piece);
        }
    }
    out
}

/// JSON safe inside `<script type="application/json">`: `<`, `>`, `&` and
/// the JS line separators are written as `\uXXXX` escapes (only possible
/// inside JSON strings, where they mean the same character).
pub fn json_for_script(value: &serde_json::Value) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "[]".to_string());
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// An id fragment safe in `id="..."`, `href="#..."` and CSS selectors:
/// anything but ASCII letters, digits, `-` and `_` becomes `_`.
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

/// Element id of an article: `a-<id>`.
pub fn article_anchor(article: &str) -> String {
    format!("a-{}", anchor(article))
}

/// Element id of a sentence: `a-<id>-s-<n>`.
pub fn sentence_anchor(article: &str, sentence: usize) -> String {
    format!("a-{}-s-{}", anchor(article), sentence)
}

/// The escaped URL when it is an absolute `http:`/`https:` URL without
/// whitespace or control characters, else `None`.
fn safe_href(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let allowed = lower.starts_with("http://") || lower.starts_with("https://");
    if !allowed || url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return None;
    }
    Some(escape_html(url))
}

struct Page<'r> {
    report: &'r Report,
    sources: Sources<'r>,
    articles: HashMap<&'r str, &'r ArticleReport>,
    out: String,
}

impl Page<'_> {
    fn has_sentence(&self, article: &str, sentence: usize) -> bool {
        self.articles
            .get(article)
            .is_some_and(|a| a.sentences.iter().any(|s| s.index == sentence))
    }

    /// A citation `[n]` linking to the sentence (or the article when the
    /// sentence is unknown); the label is the tooltip.
    fn cite(&mut self, article: &str, sentence: Option<usize>) {
        let target = match sentence {
            Some(s) if self.has_sentence(article, s) => sentence_anchor(article, s),
            _ => article_anchor(article),
        };
        let number = match self.sources.number(article) {
            Some(n) => n.to_string(),
            None => escape_html(&shorten(article, 12)),
        };
        let label = escape_html(&self.sources.label(article));
        let place = match sentence {
            Some(s) => format!(", sentence {s}"),
            None => String::new(),
        };
        let _ = write!(
            self.out,
            r##"<a class="cite" href="#{target}" title="{label}{place}">[{number}]</a>"##
        );
    }

    fn head(&mut self) {
        let story = &self.report.story;
        let headline = story
            .headline
            .as_deref()
            .filter(|h| !h.trim().is_empty())
            .unwrap_or("Untitled story");
        let _ = write!(
            self.out,
            r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; script-src &#39;unsafe-inline&#39;; img-src data:; base-uri &#39;none&#39;; form-action &#39;none&#39;"><meta name="referrer" content="no-referrer"><title>{} · corroborate</title><style>{STYLE}</style></head>
<body><main><header class="story-head"><h1 class="u">{}</h1><p class="meta">{} articles · {} independent sources"#,
            escape_html(headline),
            escape_html(headline),
            story.article_count,
            story.independent_sources
        );
        match (&story.first_published, &story.last_published) {
            (Some(a), Some(b)) if a != b => {
                let _ = write!(
                    self.out,
                    " · published {} to {}",
                    escape_html(a),
                    escape_html(b)
                );
            }
            (Some(a), _) | (None, Some(a)) => {
                let _ = write!(self.out, " · published {}", escape_html(a));
            }
            (None, None) => {}
        }
        let _ = write!(
            self.out,
            " · {} findings, {} disputed · encoder <code>{}</code></p>",
            self.report.findings.len(),
            self.report.disputed.len(),
            escape_html(&story.encoder)
        );
        self.out.push_str(
            r##"<nav class="toc"><a href="#sources">Sources</a><a href="#summary">Summary</a><a href="#findings">Findings</a><a href="#quotes">Quotes</a><a href="#entities">Entities</a><a href="#compare">Compare</a><a href="#lineage">Lineage</a><a href="#articles">Articles</a></nav></header>"##,
        );
    }

    fn sources_table(&mut self) {
        self.out
            .push_str(r#"<section id="sources"><h2>Sources</h2>"#);
        if self.report.articles.is_empty() {
            self.out
                .push_str(r#"<p class="empty">No article could be analysed.</p></section>"#);
            return;
        }
        self.out.push_str(r#"<table class="sources"><thead><tr><th>#</th><th>Source</th><th>Title</th><th>Published</th><th>Fidelity</th><th>Group</th></tr></thead><tbody>"#);
        let report = self.report;
        for (i, a) in report.articles.iter().enumerate() {
            let name = a
                .outlet
                .as_deref()
                .filter(|o| !o.trim().is_empty())
                .unwrap_or_else(|| file_name(&a.path));
            let _ = write!(
                self.out,
                r##"<tr><td><a href="#{}">{}</a></td><td class="u">{}</td><td class="u">{}</td><td>{}</td><td>"##,
                article_anchor(&a.id),
                i + 1,
                escape_html(name),
                escape_html(a.title.as_deref().unwrap_or("")),
                escape_html(a.published.as_deref().unwrap_or("")),
            );
            match a.fidelity {
                Some(f) if f.is_finite() => {
                    let share = f.clamp(0.0, 1.0);
                    let level = if share < 0.6 {
                        " low"
                    } else if share < 0.85 {
                        " mid"
                    } else {
                        ""
                    };
                    let _ = write!(
                        self.out,
                        r#"<span class="bar{level}" title="fidelity {pct}"><span style="width:{:.1}%"></span></span> {pct}"#,
                        share * 100.0,
                        pct = percent(share)
                    );
                }
                _ => self.out.push_str(r#"<span class="empty">n/a</span>"#),
            }
            let _ = write!(self.out, "</td><td>{}</td></tr>", a.source_group);
        }
        self.out.push_str("</tbody></table></section>");
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
        for (i, s) in report.summary.iter().enumerate() {
            let _ = write!(
                self.out,
                r#"<li><span class="u">{}</span> <span class="cites">"#,
                escape_html(&s.text)
            );
            for (article, sentence) in summary_targets(report, i) {
                self.cite(article, sentence);
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
        self.out
            .push_str(r#"<figure class="evidence"><figcaption>"#);
        self.cite(&e.article, Some(e.sentence));
        let _ = write!(
            self.out,
            r#" <span class="u">{}</span></figcaption><blockquote class="u">{}</blockquote></figure>"#,
            escape_html(&self.sources.label(&e.article)),
            highlight(&e.text, &e.spans)
        );
    }

    fn finding(&mut self, index: usize, f: &Finding, open: bool) {
        let _ = write!(
            self.out,
            r#"<details class="finding kind-{}" id="f-{index}"{}><summary><span class="u">{}</span>"#,
            kind_slug(f.kind),
            if open { " open" } else { "" },
            escape_html(&f.summary)
        );
        if let Some(d) = &f.detail {
            let _ = write!(
                self.out,
                r#" <span class="badge">{}</span>"#,
                escape_html(d)
            );
        }
        let _ = write!(
            self.out,
            r#" <span class="support">{} independent · {} sentences</span></summary><div class="evidence-grid">"#,
            f.support,
            f.evidence.len()
        );
        for e in &f.evidence {
            self.evidence(e);
        }
        self.out.push_str("</div></details>");
    }

    fn findings(&mut self) {
        self.out
            .push_str(r#"<section id="findings"><h2>Findings</h2>"#);
        if self.report.findings.is_empty() {
            self.out.push_str(r#"<p class="empty">No findings.</p>"#);
        }
        let report = self.report;
        for kind in KIND_ORDER {
            let of_kind: Vec<(usize, &Finding)> = report
                .findings
                .iter()
                .enumerate()
                .filter(|(_, f)| f.kind == kind)
                .collect();
            if of_kind.is_empty() {
                continue;
            }
            let slug = kind_slug(kind);
            let _ = write!(
                self.out,
                r#"<div class="finding-group" id="findings-{slug}"><h3>{} <span class="count">{}</span></h3>"#,
                kind_title(kind),
                of_kind.len()
            );
            let hidden = of_kind.len().saturating_sub(SHOWN_PER_KIND);
            let disputed = matches!(
                kind,
                corroborate_core::FindingKind::Contradiction
                    | corroborate_core::FindingKind::Divergence
            );
            for (shown, (i, f)) in of_kind.into_iter().enumerate() {
                if shown == SHOWN_PER_KIND {
                    let _ = write!(
                        self.out,
                        r#"<details class="more"><summary>{hidden} more</summary>"#
                    );
                }
                self.finding(i, f, disputed);
            }
            if hidden > 0 {
                self.out.push_str("</details>");
            }
            self.out.push_str("</div>");
        }
        self.out.push_str("</section>");
    }

    fn quotes(&mut self) {
        self.out.push_str(r#"<section id="quotes"><h2>Quotes</h2>"#);
        if self.report.quotes.is_empty() {
            self.out
                .push_str(r#"<p class="empty">No quotes found.</p></section>"#);
            return;
        }
        self.out.push_str(r#"<table class="quotes"><thead><tr><th>Speaker</th><th>Agreement</th><th>Source</th><th>Quoted words</th></tr></thead><tbody>"#);
        let report = self.report;
        for (speaker, groups) in quotes_by_speaker(report) {
            let rows: usize = groups
                .iter()
                .map(|&g| report.quotes[g].variants.len().max(1))
                .sum();
            let mut first_row = true;
            for g in groups {
                let group = &report.quotes[g];
                let slug = agreement_slug(group.agreement);
                let span = group.variants.len().max(1);
                let mut first_variant = true;
                // A group without variants still gets one (empty) row.
                let variants: Vec<Option<&corroborate_core::QuoteVariant>> =
                    if group.variants.is_empty() {
                        vec![None]
                    } else {
                        group.variants.iter().map(Some).collect()
                    };
                for v in variants {
                    self.out.push_str("<tr>");
                    if first_row {
                        let _ = write!(
                            self.out,
                            r#"<th scope="rowgroup" rowspan="{rows}" class="u">{}</th>"#,
                            escape_html(speaker.unwrap_or("(unattributed)"))
                        );
                        first_row = false;
                    }
                    if first_variant {
                        let _ = write!(
                            self.out,
                            r#"<td rowspan="{span}" class="agree-{slug}">{slug}</td>"#
                        );
                        first_variant = false;
                    }
                    self.out.push_str("<td>");
                    if let Some(v) = v {
                        self.cite(&v.article, Some(v.sentence));
                        let _ = write!(
                            self.out,
                            r#"</td><td class="u">“{}”</td></tr>"#,
                            escape_html(&v.text)
                        );
                    } else {
                        self.out.push_str("</td><td></td></tr>");
                    }
                }
            }
        }
        self.out.push_str("</tbody></table></section>");
    }

    fn entities(&mut self) {
        self.out
            .push_str(r#"<section id="entities"><h2>Entities</h2>"#);
        if self.report.entities.is_empty() {
            self.out
                .push_str(r#"<p class="empty">No entities found.</p></section>"#);
            return;
        }
        self.out.push_str(r#"<table class="entities"><thead><tr><th>Name</th><th>Kind</th><th>Variants</th><th>Mentions</th><th>Sources</th></tr></thead><tbody>"#);
        for e in &self.report.entities {
            let mut sources: Vec<&str> = e.mentions.iter().map(|m| m.article.as_str()).collect();
            sources.sort_unstable();
            sources.dedup();
            let variants: Vec<String> = e
                .variants
                .iter()
                .filter(|v| **v != e.canonical)
                .map(|v| format!(r#"<span class="variant u">{}</span>"#, escape_html(v)))
                .collect();
            let _ = write!(
                self.out,
                r#"<tr><td class="u">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
                escape_html(&e.canonical),
                entity_kind_slug(e.kind),
                variants.join(" "),
                e.mentions.len(),
                sources.len()
            );
        }
        self.out.push_str("</tbody></table></section>");
    }

    fn compare(&mut self) {
        self.out
            .push_str(r#"<section id="compare"><h2>Compare two articles</h2>"#);
        let report = self.report;
        if report.articles.len() < 2 {
            self.out.push_str(
                r#"<p class="empty">Only one article: nothing to compare.</p></section>"#,
            );
            return;
        }
        self.out.push_str(r#"<p class="hint">Pick two articles. Sentences with an aligned partner have a blue edge; hover or click one to highlight its partners in the other column.</p><noscript><p class="empty">The comparison needs JavaScript; the aligned pairs are in report.json.</p></noscript><div class="compare-pick">"#);
        for (side, id, default) in [("A", "pick-a", 0usize), ("B", "pick-b", 1usize)] {
            let _ = write!(self.out, r#"<label>Article {side} <select id="{id}">"#);
            for (i, a) in report.articles.iter().enumerate() {
                let _ = write!(
                    self.out,
                    r#"<option value="{}"{}>[{}] {}</option>"#,
                    article_anchor(&a.id),
                    if i == default { " selected" } else { "" },
                    i + 1,
                    escape_html(&self.sources.label(&a.id))
                );
            }
            self.out.push_str("</select></label>");
        }
        self.out.push_str(r#"</div><div class="compare-cols"><div class="compare-col u" id="col-a"></div><div class="compare-col u" id="col-b"></div></div>"#);
        let pairs: Vec<serde_json::Value> = report
            .alignments
            .iter()
            .map(|p| {
                serde_json::json!([
                    article_anchor(&p.a),
                    p.a_sentence,
                    article_anchor(&p.b),
                    p.b_sentence
                ])
            })
            .collect();
        let _ = write!(
            self.out,
            r#"<script type="application/json" id="alignment-data">{}</script></section>"#,
            json_for_script(&serde_json::Value::Array(pairs))
        );
    }

    fn lineage(&mut self) {
        self.out
            .push_str(r#"<section id="lineage"><h2>Lineage</h2>"#);
        let report = self.report;
        let articles = &report.articles;
        if articles.len() < 2 {
            self.out.push_str(
                r#"<p class="empty">Only one article: nothing to compare.</p></section>"#,
            );
            return;
        }
        let n = articles.len();
        let (cx, cy, r, node_r) = (400.0_f32, 210.0_f32, 150.0_f32, 10.0_f32);
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
        let index: HashMap<&str, usize> = articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i))
            .collect();
        self.out.push_str(r#"<svg class="lineage" viewBox="0 0 800 420" role="img" aria-label="Lineage graph: copies and shared origins between articles"><defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" markerUnits="strokeWidth" orient="auto"><path d="M0,0 L10,5 L0,10 z"></path></marker></defs>"#);
        for e in &report.lineage {
            if e.relation == Relation::Independent {
                continue;
            }
            let (Some(&ia), Some(&ib)) = (index.get(e.a.as_str()), index.get(e.b.as_str())) else {
                continue;
            };
            if ia == ib {
                continue;
            }
            // Arrow from the source (older) to the copy when known.
            let (from, to) = if e.source.as_deref() == Some(e.b.as_str()) {
                (ib, ia)
            } else {
                (ia, ib)
            };
            let (x1, y1) = pos[from];
            let (x2, y2) = pos[to];
            let len = ((x2 - x1).powi(2) + (y2 - y1).powi(2)).sqrt().max(1.0);
            let (ux, uy) = ((x2 - x1) / len, (y2 - y1) / len);
            let gap = node_r + 3.0;
            let reuse = if e.reuse.is_finite() {
                e.reuse.clamp(0.0, 1.0)
            } else {
                0.0
            };
            let width = 1.0 + 7.0 * reuse;
            let arrow = if e.source.is_some() {
                r#" marker-end="url(#arrow)""#
            } else {
                ""
            };
            let rel = relation_slug(e.relation);
            let _ = write!(
                self.out,
                r#"<g><line class="edge rel-{rel}" x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke-width="{width:.1}"{arrow}></line><text class="edge-label" x="{:.1}" y="{:.1}" text-anchor="middle">{rel} {}</text><title>[{}] ↔ [{}]: {rel}, reuse {}, surface {}, structural {}</title></g>"#,
                x1 + ux * gap,
                y1 + uy * gap,
                x2 - ux * gap,
                y2 - uy * gap,
                (x1 + x2) / 2.0,
                (y1 + y2) / 2.0 - 4.0,
                percent(reuse),
                ia + 1,
                ib + 1,
                percent(e.reuse),
                percent(e.surface),
                percent(e.structural),
            );
        }
        for (i, a) in articles.iter().enumerate() {
            let (x, y) = pos[i];
            let (dx, dy) = dir[i];
            let text_anchor = if dx > 0.3 {
                "start"
            } else if dx < -0.3 {
                "end"
            } else {
                "middle"
            };
            let nudge = if text_anchor == "middle" {
                8.0 * dy.signum()
            } else {
                0.0
            };
            let (tx, ty) = (x + 18.0 * dx, y + 18.0 * dy + 4.0 + nudge);
            let _ = write!(
                self.out,
                r##"<a href="#{}"><circle class="node" cx="{x:.1}" cy="{y:.1}" r="{node_r}"></circle><text class="node-label" x="{tx:.1}" y="{ty:.1}" text-anchor="{text_anchor}">[{}] {}</text></a>"##,
                article_anchor(&a.id),
                i + 1,
                escape_html(&shorten(&self.sources.label(&a.id), 28))
            );
        }
        self.out.push_str("</svg>");
        let related = report
            .lineage
            .iter()
            .filter(|e| e.relation != Relation::Independent)
            .count();
        let _ = write!(
            self.out,
            r#"<p class="hint">{related} of {} pairs are related (copies or a shared origin); edge width grows with reuse, arrows point from the older article to the copy.</p>"#,
            report.lineage.len()
        );
        if !report.lineage.is_empty() {
            self.out.push_str(r#"<table class="lineage-table"><thead><tr><th>A</th><th>B</th><th>Reuse</th><th>Surface</th><th>Structural</th><th>Relation</th><th>Source (older)</th></tr></thead><tbody>"#);
            for e in &report.lineage {
                self.out.push_str("<tr><td>");
                self.cite(&e.a, None);
                self.out.push_str("</td><td>");
                self.cite(&e.b, None);
                let _ = write!(
                    self.out,
                    "</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>",
                    percent(e.reuse),
                    percent(e.surface),
                    percent(e.structural),
                    relation_slug(e.relation)
                );
                if let Some(s) = &e.source {
                    self.cite(s, None);
                }
                self.out.push_str("</td></tr>");
            }
            self.out.push_str("</tbody></table>");
        }
        self.out.push_str("</section>");
    }

    fn article(&mut self, number: usize, a: &ArticleReport) {
        let _ = write!(
            self.out,
            r#"<details class="article" id="{}"><summary>[{number}] <span class="source u">{}</span>"#,
            article_anchor(&a.id),
            escape_html(
                a.outlet
                    .as_deref()
                    .filter(|o| !o.trim().is_empty())
                    .unwrap_or_else(|| file_name(&a.path))
            )
        );
        if let Some(t) = &a.title {
            let _ = write!(
                self.out,
                r#" — <span class="title u">{}</span>"#,
                escape_html(t)
            );
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
                    r#"<a class="u" href="{href}" rel="noopener noreferrer nofollow">{}</a>"#,
                    escape_html(url)
                ),
                None => format!(r#"<span class="u">{}</span>"#, escape_html(url)),
            });
        }
        for (name, value) in [
            ("published", &a.published),
            ("by", &a.author),
            ("dateline", &a.dateline_place),
        ] {
            if let Some(v) = value {
                meta.push(format!(
                    r#"{name} <span class="u">{}</span>"#,
                    escape_html(v)
                ));
            }
        }
        meta.push(format!("source group {}", a.source_group));
        meta.push(format!("garble {}", percent(a.garble)));
        meta.push(format!(
            r#"file <code class="u">{}</code>"#,
            escape_html(&a.path)
        ));
        let _ = write!(self.out, r#"{}</p><div class="text"><p>"#, meta.join(" · "));
        let mut previous_end: Option<usize> = None;
        for s in &a.sentences {
            // Sentences of a paragraph are one space apart in the cleaned
            // text; a wider gap is a paragraph break.
            if previous_end.is_some_and(|end| s.start > end.saturating_add(1)) {
                self.out.push_str("</p><p>");
            }
            previous_end = Some(s.end);
            let _ = write!(
                self.out,
                r#"<span class="sent u" id="{}" data-i="{}">{}</span> "#,
                sentence_anchor(&a.id, s.index),
                s.index,
                escape_html(&s.text)
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
                    escape_html(&line.reason),
                    escape_html(&line.text)
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
        for (i, a) in report.articles.iter().enumerate() {
            self.article(i + 1, a);
        }
        self.out.push_str("</section>");
    }

    fn problems(&mut self) {
        if self.report.problems.is_empty() {
            return;
        }
        self.out
            .push_str(r#"<section id="problems"><h2>Inputs skipped</h2><ul class="problems">"#);
        for p in &self.report.problems {
            let _ = write!(
                self.out,
                r#"<li class="u">{}</li>"#,
                escape_html(&p.to_string())
            );
        }
        self.out.push_str("</ul></section>");
    }
}

/// The whole report as one HTML page.
pub fn render(report: &Report) -> String {
    build(report).0
}

/// The story view without `<html>`, `<head>`, `<body>`, style or script:
/// one `<main>` element, for a host page that also includes [`STYLE`] and
/// [`SCRIPT`]. Same bytes as the `<main>` element of [`render`].
pub fn render_fragment(report: &Report) -> String {
    let (mut page, main) = build(report);
    page.truncate(main.end);
    page.split_off(main.start)
}

/// Renders the page and returns it with the byte range of its `<main>`
/// element (the fragment), recorded while writing so that no report text
/// can move the boundaries.
fn build(report: &Report) -> (String, std::ops::Range<usize>) {
    let mut page = Page {
        report,
        sources: Sources::new(report),
        articles: report.articles.iter().map(|a| (a.id.as_str(), a)).collect(),
        out: String::with_capacity(256 * 1024),
    };
    page.head();
    // The head holds only escaped text, so its first `<main>` is ours.
    let main_start = page.out.find("<main>").unwrap_or(0);
    page.sources_table();
    page.summary();
    page.findings();
    page.quotes();
    page.entities();
    page.compare();
    page.lineage();
    page.articles();
    page.problems();
    let _ = write!(
        page.out,
        "<footer class=\"meta\">corroborate report, format version {}</footer></main>",
        report.format_version
    );
    let main_end = page.out.len();
    page.out
        .push_str(&format!("<script>{SCRIPT}</script></body></html>\n"));
    (page.out, main_start..main_end)
}
