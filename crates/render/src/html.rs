//! The report as one self-contained HTML page.
//!
//! In: a [`Report`]. Out: a complete `<!doctype html>` document with its
//! style and script inline (`assets/report.css`, `assets/report.js`) and no
//! external asset: no CDN, no web font, no remote image. Sections, most
//! important first: header (counts linking to their sections, warnings
//! about the inputs), disputed points (sources side by side, differing
//! spans in `<mark>`), cited summary, consensus, single-source claims
//! grouped per source in `<details>`, name variants, sources with fidelity
//! bars (near-copies folded under their original), quotes by speaker,
//! entities, a side-by-side comparison of any two articles, the lineage
//! as an inline SVG graph with a legend, every article sentence by
//! sentence with its removed boilerplate faded, and skipped inputs.
//!
//! Near-copies (read from the lineage, see [`crate::common::Copies`]) are
//! folded under their original everywhere; above [`FULL_TEXT_ARTICLES`]
//! articles only the originals' text is on the page and long lists are
//! capped with "N more", so the page grows with the originals, not the
//! copies. report.json keeps everything.
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
    agreement_slug, disputed_findings, empty_text, entity_kind_slug, evidence_key, file_name,
    percent, plural, quotes_by_speaker, relation_slug, shorten, source_name, summary_targets,
    Copies, Sources, NOTHING_DISPUTED,
};
use crate::escape::{anchor, escape_html, highlight, json_for_script, push_escaped, safe_href};
use corroborate_core::{ArticleReport, Evidence, Finding, FindingKind, Relation, Report};
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
/// Up to this many articles every article's text is on the page; above,
/// only the originals' (a copy's text is in report.json), so a story of
/// hundreds of copies stays a page of a few originals.
pub const FULL_TEXT_ARTICLES: usize = 40;
/// Single-source claims shown per source (inside its folded group).
pub const SINGLE_SOURCE_SHOWN: usize = 10;
/// Evidence sentences shown per finding.
pub const EVIDENCE_SHOWN: usize = 12;
/// Rows of long tables (quotes, entities, lineage) before "N more".
pub const TABLE_ROWS: usize = 80;
/// Originals drawn in the lineage graph.
pub const GRAPH_NODES: usize = 40;

/// What the comparison and the lineage say of a story of one article.
const ONE_ARTICLE: &str = "Only one article: nothing to compare.";

/// The id of the section listing a kind's findings (short and stable, so
/// links into report.html keep working).
pub fn section_id(kind: FindingKind) -> &'static str {
    match kind {
        FindingKind::Contradiction | FindingKind::Divergence => "disputed",
        FindingKind::Consensus => "consensus",
        FindingKind::SingleSource => "single",
        FindingKind::NameVariant => "variants",
    }
}

/// Element id of an article: `a-<id>`.
pub fn article_anchor(article: &str) -> String {
    format!("a-{}", anchor(article))
}

/// Element id of a sentence: `a-<id>-s-<n>`.
pub fn sentence_anchor(article: &str, sentence: usize) -> String {
    format!("a-{}-s-{}", anchor(article), sentence)
}

/// The element around the story view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Root {
    /// `<main>`, as in report.html.
    #[default]
    Main,
    /// `<article class="story">`, for a host page with a `<main>` of its own
    /// (the web app).
    Article,
}

/// How the story view is written for its host: report.html takes the
/// defaults; the web app puts it in its own page (see [`render_fragment`]).
#[derive(Debug, Clone, Default)]
pub struct HtmlOptions {
    /// The element around the story view.
    pub root: Root,
    /// Where the host serves the whole report as JSON. The page's "see
    /// report.json" hints link there; `None` names the report.json file
    /// written beside report.html.
    pub json_href: Option<String>,
}

struct Page<'r> {
    report: &'r Report,
    options: &'r HtmlOptions,
    sources: Sources<'r>,
    articles: HashMap<&'r str, &'r ArticleReport>,
    index: HashMap<&'r str, usize>,
    copies: Copies,
    out: String,
}

impl Page<'_> {
    /// Where the rest of a capped list is: report.json, or a link to the
    /// host's JSON report.
    fn json_ref(&self) -> String {
        match &self.options.json_href {
            Some(href) => format!(r#"<a href="{}">the JSON report</a>"#, escape_html(href)),
            None => "report.json".to_string(),
        }
    }

    /// Opens section `id` under `heading` (HTML, already escaped). With
    /// `empty` (the section has nothing to show) it says so, closes the
    /// section and answers `false`: the caller writes nothing more.
    fn open_section(&mut self, id: &str, heading: &str, empty: Option<&str>) -> bool {
        let _ = write!(self.out, r#"<section id="{id}"><h2>{heading}</h2>"#);
        match empty {
            Some(text) => {
                let _ = write!(self.out, r#"<p class="empty">{text}</p></section>"#);
                false
            }
            None => true,
        }
    }

    /// Whether the sentence is on the page (a copy's text is left out of a
    /// large story, see [`FULL_TEXT_ARTICLES`]).
    fn has_sentence(&self, article: &str, sentence: usize) -> bool {
        self.text_shown(article)
            && self
                .articles
                .get(article)
                .is_some_and(|a| a.sentences.iter().any(|s| s.index == sentence))
    }

    fn is_copy(&self, article: &str) -> bool {
        self.index
            .get(article)
            .is_some_and(|&i| self.copies.is_copy(i))
    }

    fn text_shown(&self, article: &str) -> bool {
        self.report.articles.len() <= FULL_TEXT_ARTICLES || !self.is_copy(article)
    }

    fn root_of(&self, article: &str) -> Option<usize> {
        self.index
            .get(article)
            .map(|&i| self.copies.root.get(i).copied().unwrap_or(i))
    }

    /// A file name that may wrap after `/ _ - .` but never inside a word.
    fn file(&mut self, path: &str) {
        self.out.push_str(r#"<code class="file">"#);
        for c in path.chars() {
            let mut buf = [0u8; 4];
            push_escaped(&mut self.out, c.encode_utf8(&mut buf));
            if matches!(c, '/' | '\\' | '_' | '-' | '.') {
                self.out.push_str("<wbr>");
            }
        }
        self.out.push_str("</code>");
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

    /// The document up to `<body>`.
    fn doc_head(&mut self) {
        let _ = write!(
            self.out,
            r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; script-src &#39;unsafe-inline&#39;; img-src data:; base-uri &#39;none&#39;; form-action &#39;none&#39;"><meta name="referrer" content="no-referrer"><title>{} · corroborate</title><style>{STYLE}</style></head>
<body>"#,
            escape_html(headline(self.report)),
        );
    }

    /// The story's header: headline, counts, warnings and the table of
    /// contents.
    fn head(&mut self) {
        let story = &self.report.story;
        let _ = write!(
            self.out,
            r#"<header class="story-head"><h1 class="u">{}</h1><p class="meta">{} · {}"#,
            escape_html(headline(self.report)),
            plural(story.article_count, "article"),
            plural(story.independent_sources, "independent source")
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
            " · encoder <code>{}</code></p>",
            escape_html(&story.encoder)
        );
        for p in self.report.problems.iter().filter(|p| p.is_story_level()) {
            let _ = write!(
                self.out,
                r#"<p class="warning" role="alert"><strong>Warning:</strong> <span class="u">{}</span></p>"#,
                escape_html(&p.reason)
            );
        }
        let disputed = disputed_findings(self.report).len();
        // Each count links to its section, in reading order.
        let _ = write!(
            self.out,
            r##"<nav class="toc"><a href="#disputed">Disputed points <span class="count">{disputed}</span></a><a href="#summary">Summary</a>"##
        );
        for kind in FindingKind::ALL.into_iter().filter(|k| !k.is_disputed()) {
            let _ = write!(
                self.out,
                r##"<a href="#{}">{} <span class="count">{}</span></a>"##,
                section_id(kind),
                kind.title(),
                self.of_kind(kind).len()
            );
        }
        self.out.push_str(r##"<a href="#sources">Sources</a><a href="#quotes">Quotes</a><a href="#entities">Entities</a><a href="#compare">Compare</a><a href="#lineage">Lineage</a><a href="#articles">Articles</a></nav></header>"##);
    }

    fn sources_table(&mut self) {
        let report = self.report;
        let originals = (0..report.articles.len())
            .filter(|&i| !self.copies.is_copy(i))
            .count();
        let heading = format!(
            r#"Sources <span class="count">{}, {}</span>"#,
            plural(originals, "original"),
            plural(report.articles.len() - originals, "near-copy")
        );
        let empty = report.articles.is_empty();
        if !self.open_section(
            "sources",
            &heading,
            empty.then_some("No article could be analysed."),
        ) {
            return;
        }
        self.out.push_str(r#"<table class="sources"><thead><tr><th>#</th><th>Source</th><th>Title</th><th>Published</th><th title="How closely the article agrees with what the other sources say (100% = no distortion found)">Fidelity</th><th title="Articles in one group are copies or rewrites of one origin and count as one independent source">Group</th></tr></thead><tbody>"#);
        for (i, a) in report.articles.iter().enumerate() {
            if self.copies.is_copy(i) {
                continue;
            }
            self.source_row(i, a);
            let copies = self.copies.copies[i].clone();
            if copies.is_empty() {
                continue;
            }
            let _ = write!(
                self.out,
                r#"<tr class="copies"><td></td><td colspan="5"><details><summary>+ {} of [{}]</summary><ul class="copy-list">"#,
                plural(copies.len(), "copy"),
                i + 1
            );
            for c in copies {
                let copy = &report.articles[c];
                let _ = write!(
                    self.out,
                    r##"<li><a href="#{}">[{}]</a> <span class="u">{}</span>"##,
                    article_anchor(&copy.id),
                    c + 1,
                    escape_html(&source_name(copy))
                );
                if let Some(f) = copy.fidelity.filter(|f| f.is_finite()) {
                    let _ = write!(self.out, " · fidelity {}", percent(f));
                }
                self.out.push_str("</li>");
            }
            self.out.push_str("</ul></details></td></tr>");
        }
        self.out.push_str("</tbody></table></section>");
    }

    fn source_row(&mut self, i: usize, a: &ArticleReport) {
        let _ = write!(
            self.out,
            r##"<tr><td><a href="#{}">{}</a></td><td><span class="u">{}</span><br>"##,
            article_anchor(&a.id),
            i + 1,
            escape_html(&source_name(a)),
        );
        self.file(file_name(&a.path));
        let _ = write!(
            self.out,
            r#"</td><td class="u">{}</td><td>{}</td><td>"#,
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
                // An SVG rect, not a styled span: the web app's
                // Content-Security-Policy forbids style attributes.
                let _ = write!(
                    self.out,
                    r#"<svg class="bar{level}" viewBox="0 0 100 10" preserveAspectRatio="none" role="img"><title>fidelity {pct}</title><rect width="{:.1}" height="10"></rect></svg> {pct}"#,
                    share * 100.0,
                    pct = percent(share)
                );
            }
            _ => self.out.push_str(r#"<span class="empty">n/a</span>"#),
        }
        let _ = write!(self.out, "</td><td>{}</td></tr>", a.source_group);
    }

    fn summary(&mut self) {
        let empty = self.report.summary.is_empty();
        if !self.open_section(
            "summary",
            "Summary",
            empty.then_some("No summary could be made."),
        ) {
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
            // One citation per original; its copies are counted, not listed.
            let mut roots: Vec<(Option<usize>, usize)> = Vec::new();
            for (article, sentence) in summary_targets(report, i) {
                let root = self.root_of(article);
                match roots.iter_mut().find(|(r, _)| root.is_some() && *r == root) {
                    Some((_, n)) => *n += 1,
                    None => {
                        roots.push((root, 0));
                        self.cite(article, sentence);
                    }
                }
            }
            let folded: usize = roots.iter().map(|(_, n)| n).sum();
            if folded > 0 {
                let _ = write!(
                    self.out,
                    r#" <span class="badge" title="near-copies of the cited sources that carry it too">+ {}</span>"#,
                    plural(folded, "copy")
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

    fn evidence(&mut self, e: &Evidence, folded: usize) {
        self.out
            .push_str(r#"<figure class="evidence"><figcaption>"#);
        self.cite(&e.article, Some(e.sentence));
        let _ = write!(
            self.out,
            r#" <span class="u">{}</span>"#,
            escape_html(&self.sources.label(&e.article)),
        );
        if folded > 0 {
            let _ = write!(
                self.out,
                r#" <span class="badge" title="near-copies of this source carrying the same claim">+ {}</span>"#,
                plural(folded, "copy")
            );
        }
        let _ = write!(
            self.out,
            r#"</figcaption><blockquote class="u">{}</blockquote></figure>"#,
            highlight(&e.text, &e.spans)
        );
    }

    /// Distinct independent-source groups (originals with their copies)
    /// among the finding's evidence.
    fn source_groups(&self, f: &Finding) -> usize {
        let mut roots: Vec<usize> = f
            .evidence
            .iter()
            .filter_map(|e| self.root_of(&e.article))
            .collect();
        roots.sort_unstable();
        roots.dedup();
        roots.len()
    }

    fn finding(&mut self, index: usize, f: &Finding, open: bool) {
        let _ = write!(
            self.out,
            r#"<details class="finding kind-{}" id="f-{index}"{}><summary><span class="u">{}</span>"#,
            f.kind.slug(),
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
            r#" <span class="support">{} · {}</span></summary><div class="evidence-grid">"#,
            plural(f.support, "independent source"),
            plural(self.source_groups(f), "source")
        );
        // One figure per wording per original: copies repeating the
        // same sentence are folded into a "+ N copies" badge.
        // Where sources disagree the copies' words matter, so only exact
        // repeats fold; elsewhere one figure per original is enough.
        let by_words = f.kind.is_disputed();
        let mut shown: Vec<(Option<usize>, String, usize, &Evidence)> = Vec::new();
        for e in &f.evidence {
            let root = self.root_of(&e.article);
            let key = if by_words {
                evidence_key(e)
            } else {
                String::new()
            };
            match shown
                .iter_mut()
                .find(|(r, k, _, _)| root.is_some() && *r == root && *k == key)
            {
                Some(entry) => entry.2 += 1,
                None => shown.push((root, key, 0, e)),
            }
        }
        let more = shown.len().saturating_sub(EVIDENCE_SHOWN);
        for (_, _, folded, e) in shown.into_iter().take(EVIDENCE_SHOWN) {
            self.evidence(e, folded);
        }
        self.out.push_str("</div>");
        if more > 0 {
            let _ = write!(
                self.out,
                r#"<p class="hint">…and {} more (see {}).</p>"#,
                plural(more, "sentence"),
                self.json_ref()
            );
        }
        self.out.push_str("</details>");
    }

    /// A list of findings, the first [`SHOWN_PER_KIND`] shown and the rest
    /// folded under "N more".
    fn finding_list(&mut self, list: &[usize], open: bool) {
        let report = self.report;
        let hidden = list.len().saturating_sub(SHOWN_PER_KIND);
        for (shown, &i) in list.iter().enumerate() {
            if shown == SHOWN_PER_KIND {
                let _ = write!(
                    self.out,
                    r#"<details class="more"><summary>{hidden} more</summary>"#
                );
            }
            self.finding(i, &report.findings[i], open);
        }
        if hidden > 0 {
            self.out.push_str("</details>");
        }
    }

    fn of_kind(&self, kind: FindingKind) -> Vec<usize> {
        self.report
            .findings
            .iter()
            .enumerate()
            .filter(|(_, f)| f.kind == kind)
            .map(|(i, _)| i)
            .collect()
    }

    fn disputed(&mut self) {
        let list = disputed_findings(self.report);
        let _ = write!(
            self.out,
            r#"<section id="disputed"><h2>Disputed points <span class="count">{}</span></h2>"#,
            list.len()
        );
        if list.is_empty() {
            let _ = write!(self.out, r#"<p class="empty">{NOTHING_DISPUTED}</p>"#);
        }
        self.finding_list(&list, true);
        self.out.push_str("</section>");
    }

    /// The sections after the summary, one per kind that is not disputed,
    /// in [`FindingKind::ALL`] order. The match has no catch-all: a new
    /// kind does not compile until it has a place on the page.
    fn kind_sections(&mut self) {
        for kind in FindingKind::ALL {
            match kind {
                // Shown first, under "Disputed points".
                FindingKind::Contradiction | FindingKind::Divergence => {}
                FindingKind::Consensus | FindingKind::NameVariant => self.kind_section(kind),
                FindingKind::SingleSource => self.single_source(kind),
            }
        }
    }

    /// A kind's findings one by one, the first few shown.
    fn kind_section(&mut self, kind: FindingKind) {
        let list = self.of_kind(kind);
        let _ = write!(
            self.out,
            r#"<section id="{}"><h2>{} <span class="count">{}</span></h2>"#,
            section_id(kind),
            kind.title(),
            list.len()
        );
        if list.is_empty() {
            let _ = write!(self.out, r#"<p class="empty">{}</p>"#, empty_text(kind));
        }
        self.finding_list(&list, false);
        self.out.push_str("</section>");
    }

    /// Single-source claims grouped by the source that carries them (an
    /// original with its copies counts as one), each group folded.
    fn single_source(&mut self, kind: FindingKind) {
        let report = self.report;
        let list = self.of_kind(kind);
        let _ = write!(
            self.out,
            r#"<section id="{}"><h2>{} <span class="count">{}</span></h2>"#,
            section_id(kind),
            kind.title(),
            list.len()
        );
        if list.is_empty() {
            let _ = write!(
                self.out,
                r#"<p class="empty">{}</p></section>"#,
                empty_text(kind)
            );
            return;
        }
        let mut groups: Vec<(Option<usize>, Vec<usize>)> = Vec::new();
        for i in list {
            let root = report.findings[i]
                .evidence
                .first()
                .and_then(|e| self.root_of(&e.article));
            match groups.iter_mut().find(|(r, _)| *r == root) {
                Some((_, l)) => l.push(i),
                None => groups.push((root, vec![i])),
            }
        }
        groups.sort_by_key(|(r, l)| (std::cmp::Reverse(l.len()), r.unwrap_or(usize::MAX)));
        for (root, items) in groups {
            self.out
                .push_str(r#"<details class="single-group"><summary>"#);
            match root.and_then(|r| report.articles.get(r).map(|a| (r, a))) {
                Some((r, a)) => {
                    self.cite(&a.id, None);
                    let _ = write!(
                        self.out,
                        r#" <span class="u">{}</span>"#,
                        escape_html(&self.sources.label(&a.id))
                    );
                    let copies = self.copies.copies.get(r).map_or(0, Vec::len);
                    if copies > 0 {
                        let _ = write!(self.out, " (and {})", plural(copies, "copy"));
                    }
                }
                None => self.out.push_str("(unknown source)"),
            }
            let _ = write!(
                self.out,
                r#" <span class="count">{}</span></summary><ul class="single">"#,
                plural(items.len(), "claim")
            );
            for &i in items.iter().take(SINGLE_SOURCE_SHOWN) {
                let f = &report.findings[i];
                let _ = write!(
                    self.out,
                    r#"<li class="kind-{}" id="f-{i}">"#,
                    f.kind.slug()
                );
                match f.evidence.first() {
                    Some(e) => {
                        self.cite(&e.article, Some(e.sentence));
                        let _ = write!(
                            self.out,
                            r#" <span class="u">{}</span>"#,
                            highlight(&e.text, &e.spans)
                        );
                    }
                    None => {
                        let _ = write!(
                            self.out,
                            r#"<span class="u">{}</span>"#,
                            escape_html(&f.summary)
                        );
                    }
                }
                self.out.push_str("</li>");
            }
            if items.len() > SINGLE_SOURCE_SHOWN {
                let _ = write!(
                    self.out,
                    r#"<li class="hint">…and {} more (see {})</li>"#,
                    items.len() - SINGLE_SOURCE_SHOWN,
                    self.json_ref()
                );
            }
            self.out.push_str("</ul></details>");
        }
        self.out.push_str("</section>");
    }

    fn quotes(&mut self) {
        let empty = self.report.quotes.is_empty();
        if !self.open_section("quotes", "Quotes", empty.then_some("No quotes found.")) {
            return;
        }
        self.out.push_str(r#"<table class="quotes"><thead><tr><th>Speaker</th><th>Agreement</th><th>Source</th><th>Quoted words</th></tr></thead><tbody>"#);
        let report = self.report;
        let mut budget = TABLE_ROWS;
        let mut left_out = 0;
        for (speaker, mut groups) in quotes_by_speaker(report) {
            // Past the row budget a speaker's groups are counted, not shown.
            let keep = groups.len().min(budget);
            left_out += groups.len() - keep;
            groups.truncate(keep);
            budget -= keep;
            if groups.is_empty() {
                continue;
            }
            let rows: usize = groups
                .iter()
                .map(|&g| distinct_variants(&report.quotes[g]).len().max(1))
                .sum();
            let mut first_row = true;
            for g in groups {
                let group = &report.quotes[g];
                let slug = agreement_slug(group.agreement);
                let distinct = distinct_variants(group);
                let span = distinct.len().max(1);
                let mut first_variant = true;
                // A group without variants still gets one (empty) row.
                let variants: Vec<Option<(&corroborate_core::QuoteVariant, usize)>> =
                    if distinct.is_empty() {
                        vec![None]
                    } else {
                        distinct.into_iter().map(Some).collect()
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
                    if let Some((v, same)) = v {
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
                            escape_html(&v.text)
                        );
                    } else {
                        self.out.push_str("</td><td></td></tr>");
                    }
                }
            }
        }
        self.out.push_str("</tbody></table>");
        if left_out > 0 {
            let _ = write!(
                self.out,
                r#"<p class="hint">…and {} more quote groups (see {}).</p>"#,
                left_out,
                self.json_ref()
            );
        }
        self.out.push_str("</section>");
    }

    fn entities(&mut self) {
        let empty = self.report.entities.is_empty();
        if !self.open_section(
            "entities",
            "Entities",
            empty.then_some("No entities found."),
        ) {
            return;
        }
        self.out.push_str(r#"<table class="entities"><thead><tr><th>Name</th><th>Kind</th><th>Variants</th><th>Mentions</th><th>Sources</th></tr></thead><tbody>"#);
        for e in self.report.entities.iter().take(TABLE_ROWS) {
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
        self.out.push_str("</tbody></table>");
        if self.report.entities.len() > TABLE_ROWS {
            let _ = write!(
                self.out,
                r#"<p class="hint">…and {} more (see {}).</p>"#,
                self.report.entities.len() - TABLE_ROWS,
                self.json_ref()
            );
        }
        self.out.push_str("</section>");
    }

    fn compare(&mut self) {
        let report = self.report;
        let alone = (report.articles.len() < 2).then_some(ONE_ARTICLE);
        if !self.open_section("compare", "Compare two articles", alone) {
            return;
        }
        let json = self.json_ref();
        let _ = write!(
            self.out,
            r#"<p class="hint">Pick two articles. Sentences with an aligned partner have a blue edge; hover or click one to highlight its partners in the other column.</p><noscript><p class="empty">The comparison needs JavaScript; the aligned pairs are in {json}.</p></noscript><div class="compare-pick">"#
        );
        for (side, id, default) in [("A", "pick-a", 0usize), ("B", "pick-b", 1usize)] {
            let _ = write!(self.out, r#"<label>Article {side} <select id="{id}">"#);
            let shown: Vec<usize> = (0..report.articles.len())
                .filter(|&i| self.text_shown(&report.articles[i].id))
                .collect();
            for (k, &i) in shown.iter().enumerate() {
                let a = &report.articles[i];
                let _ = write!(
                    self.out,
                    r#"<option value="{}"{}>[{}] {}</option>"#,
                    article_anchor(&a.id),
                    if k == default { " selected" } else { "" },
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
            .filter(|p| self.text_shown(&p.a) && self.text_shown(&p.b))
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
        let report = self.report;
        let articles = &report.articles;
        let alone = (articles.len() < 2).then_some(ONE_ARTICLE);
        if !self.open_section("lineage", "Lineage", alone) {
            return;
        }
        // A large story's graph draws the originals; a copy is counted on its
        // original's node ("+N") instead of drawn, so it stays legible.
        let small = articles.len() <= FULL_TEXT_ARTICLES;
        let nodes: Vec<usize> = (0..articles.len())
            .filter(|&i| small || !self.copies.is_copy(i))
            .take(GRAPH_NODES)
            .collect();
        let n = nodes.len();
        let (cx, cy, r, node_r) = (400.0_f32, 210.0_f32, 150.0_f32, 10.0_f32);
        let dir: Vec<(f32, f32)> = (0..n)
            .map(|i| {
                let angle = std::f32::consts::TAU * i as f32 / n.max(1) as f32
                    - std::f32::consts::FRAC_PI_2;
                (angle.cos(), angle.sin())
            })
            .collect();
        let pos: Vec<(f32, f32)> = dir
            .iter()
            .map(|(dx, dy)| (cx + r * dx, cy + r * dy))
            .collect();
        let slot: HashMap<usize, usize> = nodes.iter().enumerate().map(|(k, &i)| (i, k)).collect();
        self.out.push_str(r#"<svg class="lineage" viewBox="0 0 800 420" role="img" aria-label="Lineage graph: copies and shared origins between articles"><defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" markerUnits="strokeWidth" orient="auto"><path d="M0,0 L10,5 L0,10 z"></path></marker></defs>"#);
        // In a large story an edge of a copy is drawn between the
        // originals it belongs to, once per pair of nodes.
        let mut drawn: Vec<(usize, usize)> = Vec::new();
        for e in &report.lineage {
            if e.relation == Relation::Independent {
                continue;
            }
            let (Some(&ia), Some(&ib)) =
                (self.index.get(e.a.as_str()), self.index.get(e.b.as_str()))
            else {
                continue;
            };
            let node = |i: usize| {
                if small {
                    i
                } else {
                    self.copies.root.get(i).copied().unwrap_or(i)
                }
            };
            let (Some(&ka), Some(&kb)) = (slot.get(&node(ia)), slot.get(&node(ib))) else {
                continue;
            };
            if ka == kb || drawn.contains(&(ka.min(kb), ka.max(kb))) {
                continue;
            }
            drawn.push((ka.min(kb), ka.max(kb)));
            // Arrow from the source (older) to the copy when known.
            let (from, to) = if e.source.as_deref() == Some(e.b.as_str()) {
                (kb, ka)
            } else {
                (ka, kb)
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
            // The label sits beside the line, not on it: shifted along the
            // normal by half the stroke plus a margin, on a halo (CSS
            // `paint-order: stroke`) so crossing lines do not hide it.
            let (nx, ny) = if -ux >= 0.0 { (uy, -ux) } else { (-uy, ux) };
            let off = width / 2.0 + 9.0;
            // The words run away from the line: anchored at their start
            // when the label sits to the line's right, at their end when to
            // its left, centred only above or below a flat line.
            let label_anchor = if nx > 0.3 {
                "start"
            } else if nx < -0.3 {
                "end"
            } else {
                "middle"
            };
            let _ = write!(
                self.out,
                r#"<g><line class="edge rel-{rel}" x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke-width="{width:.1}"{arrow}></line><text class="edge-label" x="{:.1}" y="{:.1}" text-anchor="{label_anchor}" dominant-baseline="middle">{rel} {}</text><title>[{}] ↔ [{}]: {rel}, reuse {}, surface {}, structural {}</title></g>"#,
                x1 + ux * gap,
                y1 + uy * gap,
                x2 - ux * gap,
                y2 - uy * gap,
                (x1 + x2) / 2.0 + nx * off,
                (y1 + y2) / 2.0 + ny * off,
                percent(reuse),
                ia + 1,
                ib + 1,
                percent(e.reuse),
                percent(e.surface),
                percent(e.structural),
            );
        }
        for (k, &i) in nodes.iter().enumerate() {
            let a = &articles[i];
            let (x, y) = pos[k];
            let (dx, dy) = dir[k];
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
            let copies = self.copies.copies[i].len();
            let more = if copies > 0 && !small {
                format!(" +{copies}")
            } else {
                String::new()
            };
            let _ = write!(
                self.out,
                r##"<a href="#{}"><circle class="node" cx="{x:.1}" cy="{y:.1}" r="{node_r}"></circle><text class="node-label" x="{tx:.1}" y="{ty:.1}" text-anchor="{text_anchor}">[{}] {}{more}</text></a>"##,
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
            r#"<p class="hint">{related} of {} pairs are related (copies or a shared origin); edge width grows with reuse, arrows point from the older article to the copy when dates tell. “+N” on a source: its near-copies.</p><dl class="legend"><dt>Reuse</dt><dd>the larger of Surface and Structural.</dd><dt>Surface</dt><dd>share of three-word sequences the two texts have in common (MinHash resemblance): copied wording.</dd><dt>Structural</dt><dd>share of sentences in one long run of aligned sentences in the same order: a rewrite keeps the structure while changing the words.</dd><dt>Relation</dt><dd>duplicate, derived (one copies most of the other), shared_origin (both rewrite one source) or independent.</dd></dl>"#,
            report.lineage.len()
        );
        // Pairs of originals in full; a copy's edge to its own original is
        // said under Sources ("+ N copies").
        let rows: Vec<&corroborate_core::LineageEdge> = report
            .lineage
            .iter()
            .filter(|e| {
                // A small story lists every pair, as the lineage has them all.
                let copy = self.is_copy(&e.a) || self.is_copy(&e.b);
                report.articles.len() <= FULL_TEXT_ARTICLES
                    || !(copy && self.root_of(&e.a) == self.root_of(&e.b))
            })
            .collect();
        let copy_edges = report.lineage.len() - rows.len();
        if !rows.is_empty() {
            self.out.push_str(r#"<table class="lineage-table"><thead><tr><th>A</th><th>B</th><th title="The larger of Surface and Structural">Reuse</th><th title="Share of three-word sequences in common (copied wording)">Surface</th><th title="Share of sentences in one long run of aligned sentences in the same order (kept structure)">Structural</th><th title="duplicate, derived, shared_origin or independent; the older article when dates tell">Relation</th></tr></thead><tbody>"#);
            for e in rows.iter().take(TABLE_ROWS) {
                self.out.push_str("<tr><td>");
                self.cite(&e.a, None);
                self.out.push_str("</td><td>");
                self.cite(&e.b, None);
                let _ = write!(
                    self.out,
                    "</td><td>{}</td><td>{}</td><td>{}</td><td>{}",
                    percent(e.reuse),
                    percent(e.surface),
                    percent(e.structural),
                    relation_slug(e.relation)
                );
                if let Some(s) = &e.source {
                    self.out.push_str(", older: ");
                    self.cite(s, None);
                }
                self.out.push_str("</td></tr>");
            }
            self.out.push_str("</tbody></table>");
            if rows.len() > TABLE_ROWS {
                let _ = write!(
                    self.out,
                    r#"<p class="hint">…and {} more pairs (see {}).</p>"#,
                    rows.len() - TABLE_ROWS,
                    self.json_ref()
                );
            }
        }
        if copy_edges > 0 {
            let _ = write!(
                self.out,
                r#"<p class="hint">{} between a near-copy and its original not listed (see Sources).</p>"#,
                plural(copy_edges, "pair")
            );
        }
        self.out.push_str("</section>");
    }

    fn article(&mut self, number: usize, a: &ArticleReport) {
        let _ = write!(
            self.out,
            r#"<details class="article" id="{}"><summary>[{number}] <span class="source u">{}</span>"#,
            article_anchor(&a.id),
            escape_html(&source_name(a))
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
        let _ = write!(self.out, "{} · file ", meta.join(" · "));
        self.file(&a.path);
        if !self.text_shown(&a.id) {
            let root = self.root_of(&a.id).unwrap_or(number - 1);
            let _ = write!(
                self.out,
                r##"</p><p class="hint">A near-copy of <a href="#{}">[{}]</a>: its {} are in {}.</p></details>"##,
                article_anchor(&self.report.articles[root].id),
                root + 1,
                plural(a.sentences.len(), "sentence"),
                self.json_ref()
            );
            return;
        }
        self.out.push_str(r#"</p><div class="text"><p>"#);
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
        // Each original, then its near-copies folded under it.
        for (i, a) in report.articles.iter().enumerate() {
            if self.copies.is_copy(i) {
                continue;
            }
            self.article(i + 1, a);
            let copies = self.copies.copies[i].clone();
            if copies.is_empty() {
                continue;
            }
            let _ = write!(
                self.out,
                r#"<details class="copies"><summary>+ {} of [{}]</summary>"#,
                plural(copies.len(), "copy"),
                i + 1
            );
            if self.text_shown(&report.articles[copies[0]].id) {
                for c in copies {
                    self.article(c + 1, &report.articles[c]);
                }
            } else {
                // Text in report.json: one line per copy keeps the page
                // small while every citation still has its target.
                self.out.push_str(r#"<ul class="copy-list">"#);
                for c in copies {
                    let a = &report.articles[c];
                    let _ = write!(
                        self.out,
                        r#"<li class="article" id="{}">[{}] <span class="u">{}</span>"#,
                        article_anchor(&a.id),
                        c + 1,
                        escape_html(&source_name(a))
                    );
                    if let Some(f) = a.fidelity.filter(|f| f.is_finite()) {
                        let _ = write!(self.out, " · fidelity {}", percent(f));
                    }
                    self.out.push_str(" · ");
                    self.file(file_name(&a.path));
                    self.out.push_str("</li>");
                }
                self.out.push_str("</ul>");
            }
            self.out.push_str("</details>");
        }
        self.out.push_str("</section>");
    }

    fn problems(&mut self) {
        if self.report.problems.iter().all(|p| p.is_story_level()) {
            return;
        }
        self.out
            .push_str(r#"<section id="problems"><h2>Inputs skipped</h2><ul class="problems">"#);
        for p in self.report.problems.iter().filter(|p| !p.is_story_level()) {
            let _ = write!(
                self.out,
                r#"<li class="u">{}</li>"#,
                escape_html(&p.to_string())
            );
        }
        self.out.push_str("</ul></section>");
    }
}

/// The variants of a quote group with distinct words, each with how many
/// other variants repeat them exactly (near-copies quoting the same words).
fn distinct_variants(
    group: &corroborate_core::QuoteGroup,
) -> Vec<(&corroborate_core::QuoteVariant, usize)> {
    let mut out: Vec<(&corroborate_core::QuoteVariant, usize)> = Vec::new();
    for v in &group.variants {
        match out.iter_mut().find(|(w, _)| w.text == v.text) {
            Some((_, n)) => *n += 1,
            None => out.push((v, 0)),
        }
    }
    out
}

/// The whole report as one HTML page.
pub fn render(report: &Report) -> String {
    let options = HtmlOptions::default();
    let mut page = Page::new(report, &options);
    page.doc_head();
    page.story();
    page.out
        .push_str(&format!("<script>{SCRIPT}</script></body></html>\n"));
    page.out
}

/// The story view without `<html>`, `<head>`, `<body>`, style or script,
/// for a host page that also serves [`STYLE`] and [`SCRIPT`]: one
/// [`HtmlOptions::root`] element. With the default options these are the
/// bytes of the `<main>` element of [`render`].
pub fn render_fragment(report: &Report, options: &HtmlOptions) -> String {
    let mut page = Page::new(report, options);
    page.story();
    page.out
}

impl<'r> Page<'r> {
    fn new(report: &'r Report, options: &'r HtmlOptions) -> Self {
        Page {
            report,
            options,
            sources: Sources::new(report),
            articles: report.articles.iter().map(|a| (a.id.as_str(), a)).collect(),
            index: report.article_positions(),
            copies: Copies::new(report),
            out: String::with_capacity(256 * 1024),
        }
    }

    /// The story view: its root element and everything in it.
    fn story(&mut self) {
        let (open, close) = match self.options.root {
            Root::Main => ("<main>", "</main>"),
            Root::Article => (r#"<article class="story">"#, "</article>"),
        };
        self.out.push_str(open);
        self.head();
        // Most important first: what sources dispute, what the story says,
        // what they agree on; then what only one says, and the reference parts.
        self.disputed();
        self.summary();
        self.kind_sections();
        self.sources_table();
        self.quotes();
        self.entities();
        self.compare();
        self.lineage();
        self.articles();
        self.problems();
        let _ = write!(
            self.out,
            "<footer class=\"meta\">corroborate report, format version {}</footer>{close}",
            self.report.format_version
        );
    }
}

/// The story's headline, or "Untitled story".
fn headline(report: &Report) -> &str {
    report
        .story
        .headline
        .as_deref()
        .filter(|h| !h.trim().is_empty())
        .unwrap_or("Untitled story")
}
