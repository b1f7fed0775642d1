//! The report as Markdown: readable as plain text, renders on any
//! CommonMark viewer.
//!
//! In: a [`Report`]. Out: one Markdown document, most important first: the
//! story header (counts, each with its section below, and any warning
//! about the inputs), disputed points (contradictions and divergences with
//! the differing words in **bold**), the cited summary, consensus,
//! single-source claims grouped per source (a count and the first few),
//! name variants, the sources (near-copies listed under their original),
//! quotes by speaker, entities, the lineage table with its legend, removed
//! boilerplate and skipped inputs. Long lists are capped with "…and N
//! more (see report.json)", so a story of hundreds of copies stays a few
//! dozen kilobytes; report.json keeps everything.
//!
//! Invariants: every piece of report text goes through [`escape_inline`]
//! (or [`escape_cell`] inside tables), so hostile text cannot open a
//! heading, list, link, emphasis, code span, HTML tag or table cell, nor
//! break a line. Citations `[n]` are the 1-based numbers of the source list.

use crate::common::{
    agreement_slug, disputed_findings, empty_text, entity_kind_slug, evidence_key, file_name,
    percent, plural, quotes_by_speaker, relation_slug, source_name, split_by_spans,
    summary_targets, Copies, Sources, NOTHING_DISPUTED,
};
use corroborate_core::{Evidence, Finding, FindingKind, Report};
use std::collections::HashMap;
use std::fmt::Write;

/// Single-source claims shown per source before "N more" is said instead.
pub const SINGLE_SOURCE_SHOWN: usize = 3;
/// Consensus claims listed before "N more" is said instead.
pub const CONSENSUS_CAP: usize = 25;
/// Entities listed before "N more" is said instead.
pub const ENTITY_CAP: usize = 60;
/// Originals listed under Sources (and with removed lines).
pub const SOURCE_CAP: usize = 50;
/// Copies named under their original before "and N more".
pub const COPIES_NAMED: usize = 8;
/// Citations shown on one line before "…".
pub const CITES_CAP: usize = 8;
/// Evidence sentences shown under one disputed point.
pub const EVIDENCE_CAP: usize = 12;
/// Quote groups listed.
pub const QUOTE_CAP: usize = 60;
/// Name-variant findings listed.
pub const NAME_VARIANT_CAP: usize = 40;
/// Lineage rows listed.
pub const LINEAGE_CAP: usize = 60;
/// Removed lines listed per article.
pub const REMOVED_CAP: usize = 10;

/// Escapes `text` for use inline in Markdown (paragraphs, list items).
///
/// Backslash-escapes the ASCII punctuation that CommonMark or common
/// extensions treat as syntax (`\ ` `` ` `` `* _ [ ] < > | ~ #`, and `&`
/// before a letter or `#`), and turns line breaks and other control
/// characters into spaces so one value stays on one line. Leading `+`,
/// `-`, `=` and `N.` / `N)` are escaped so a value never starts a list or
/// a setext heading.
pub fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    let mut at_start = true;
    let mut leading_digits = false;
    let mut previous: Option<char> = None;
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '|' | '~' | '#' => {
                out.push('\\');
                out.push(c);
            }
            // Inside a word (`snake_case`, `file_name.txt`) `_` is literal.
            '_' if previous.is_some_and(char::is_alphanumeric)
                && chars.peek().is_some_and(|n| n.is_alphanumeric()) =>
            {
                out.push('_');
            }
            '_' => out.push_str("\\_"),
            '&' if chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#') =>
            {
                out.push_str("\\&");
            }
            '+' | '-' | '=' if at_start => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if leading_digits => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' | '\t' | '\u{2028}' | '\u{2029}' => out.push(' '),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
        leading_digits = (at_start || leading_digits) && c.is_ascii_digit();
        at_start = false;
        previous = Some(c);
    }
    out
}

/// [`escape_inline`] for a table cell (the `|` escape is what keeps the
/// columns; it is already part of [`escape_inline`]).
pub fn escape_cell(text: &str) -> String {
    escape_inline(text)
}

/// `text` with the valid `spans` in bold, all of it escaped. Whitespace at
/// the edges of a span is kept outside the `**` so the bold still renders.
pub fn bold_spans(text: &str, spans: &[corroborate_core::Span]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for (piece, marked) in split_by_spans(text, spans) {
        if !marked {
            out.push_str(&escape_inline(piece));
            continue;
        }
        let core = piece.trim();
        if core.is_empty() {
            out.push_str(&escape_inline(piece));
            continue;
        }
        let lead = &piece[..piece.len() - piece.trim_start().len()];
        let trail = &piece[piece.trim_end().len()..];
        out.push_str(lead);
        out.push_str("**");
        out.push_str(&escape_inline(core));
        out.push_str("**");
        out.push_str(trail);
    }
    out
}

struct Writer<'r> {
    report: &'r Report,
    sources: Sources<'r>,
    copies: Copies,
    index: HashMap<&'r str, usize>,
    out: String,
}

impl<'r> Writer<'r> {
    /// `[n]` for a known article, the escaped id otherwise.
    fn cite(&self, article: &str) -> String {
        match self.sources.number(article) {
            Some(n) => format!("[{n}]"),
            None => format!("[{}]", escape_inline(article)),
        }
    }

    /// "[n] Label" for evidence and quote lines.
    fn source_ref(&self, article: &str) -> String {
        format!(
            "{} {}",
            self.cite(article),
            escape_inline(&self.sources.label(article))
        )
    }

    /// Report index of the representative of `article` (itself when it is
    /// no copy), `None` for an unknown id.
    fn root_of(&self, article: &str) -> Option<usize> {
        self.index
            .get(article)
            .map(|&i| self.copies.root.get(i).copied().unwrap_or(i))
    }

    /// "[n] Label" of a representative, with "(and N copies)" when it has
    /// copies: a claim carried by an original and its copies is still
    /// carried by one source.
    fn group_ref(&self, root: usize) -> String {
        let Some(a) = self.report.articles.get(root) else {
            return String::new();
        };
        let mut out = self.source_ref(&a.id);
        let copies = self.copies.copies.get(root).map_or(0, Vec::len);
        if copies > 0 {
            let _ = write!(out, " (and {})", plural(copies, "copy"));
        }
        out
    }

    fn header(&mut self) {
        let story = &self.report.story;
        let headline = story
            .headline
            .as_deref()
            .filter(|h| !h.trim().is_empty())
            .unwrap_or("Untitled story");
        let _ = writeln!(self.out, "# {}\n", escape_inline(headline));
        let _ = write!(
            self.out,
            "{} · {} · encoder `{}`",
            plural(story.article_count, "article"),
            plural(story.independent_sources, "independent source"),
            story.encoder.replace(['`', '\n', '\r'], "'")
        );
        match (&story.first_published, &story.last_published) {
            (Some(a), Some(b)) if a != b => {
                let _ = write!(
                    self.out,
                    " · published {} to {}",
                    escape_inline(a),
                    escape_inline(b)
                );
            }
            (Some(a), _) | (None, Some(a)) => {
                let _ = write!(self.out, " · published {}", escape_inline(a));
            }
            (None, None) => {}
        }
        self.out.push_str("\n\n");
        for p in self.report.problems.iter().filter(|p| p.is_story_level()) {
            let _ = writeln!(self.out, "> **Warning:** {}\n", escape_inline(&p.reason));
        }
        let count = |kind: FindingKind| {
            let n = self
                .report
                .findings
                .iter()
                .filter(|f| f.kind == kind)
                .count();
            plural(n, kind.noun())
        };
        // Every count here has its own section below: the disputed kinds
        // together, then one per kind, its section named where the count
        // does not say it ("3 consensus claims (Consensus)").
        let (disputed, others): (Vec<FindingKind>, Vec<FindingKind>) =
            FindingKind::ALL.into_iter().partition(|k| k.is_disputed());
        let mut parts: Vec<String> = Vec::new();
        if !disputed.is_empty() {
            let counts: Vec<String> = disputed.into_iter().map(count).collect();
            parts.push(format!("{} (Disputed points)", counts.join(" and ")));
        }
        for kind in others {
            let counted = count(kind);
            // Compared in the plural: "1 name variant" is in "Name variants".
            let named = plural(2, kind.noun())
                .split_once(' ')
                .is_some_and(|(_, words)| words.eq_ignore_ascii_case(kind.title()));
            parts.push(if named {
                counted
            } else {
                format!("{counted} ({})", kind.title())
            });
        }
        let _ = writeln!(
            self.out,
            "{}: {}.\n",
            plural(self.report.findings.len(), "finding"),
            parts.join(", ")
        );
    }

    fn sources(&mut self) {
        let report = self.report;
        let originals = (0..report.articles.len())
            .filter(|&i| !self.copies.is_copy(i))
            .count();
        let _ = writeln!(
            self.out,
            "## Sources ({}, {})\n",
            plural(originals, "original"),
            plural(report.articles.len() - originals, "near-copy")
        );
        if report.articles.is_empty() {
            self.out.push_str("No article could be analysed.\n\n");
            return;
        }
        let mut listed = 0;
        for (i, a) in report.articles.iter().enumerate() {
            if self.copies.is_copy(i) {
                continue;
            }
            if listed == SOURCE_CAP {
                let _ = writeln!(
                    self.out,
                    "\n…and {} more (see report.json).",
                    originals - SOURCE_CAP
                );
                break;
            }
            listed += 1;
            let _ = write!(
                self.out,
                "{}. **{}**",
                i + 1,
                escape_inline(&source_name(a))
            );
            if let Some(t) = a.title.as_deref().filter(|t| !t.trim().is_empty()) {
                let _ = write!(self.out, " — {}", escape_inline(t));
            }
            let file = file_name(&a.path);
            if source_name(a) != file {
                let _ = write!(self.out, " · file {}", escape_inline(file));
            }
            if let Some(p) = &a.published {
                let _ = write!(self.out, " · published {}", escape_inline(p));
            }
            match a.fidelity {
                Some(f) => {
                    let _ = write!(self.out, " · fidelity {}", percent(f));
                }
                None => self.out.push_str(" · fidelity n/a"),
            }
            let _ = writeln!(self.out, " · source group {}", a.source_group);
            let copies = &self.copies.copies[i];
            if !copies.is_empty() {
                let names: Vec<String> = copies
                    .iter()
                    .take(COPIES_NAMED)
                    .map(|&c| self.source_ref(&report.articles[c].id))
                    .collect();
                let more = copies.len().saturating_sub(COPIES_NAMED);
                let _ = write!(
                    self.out,
                    "   - + {}: {}",
                    plural(copies.len(), "copy"),
                    names.join(", ")
                );
                if more > 0 {
                    let _ = write!(self.out, " and {more} more");
                }
                self.out.push('\n');
            }
        }
        self.out.push('\n');
    }

    fn summary(&mut self) {
        self.out.push_str("## Summary\n\n");
        if self.report.summary.is_empty() {
            self.out.push_str("No summary could be made.\n\n");
            return;
        }
        for (i, s) in self.report.summary.iter().enumerate() {
            // One citation per original; its copies are counted, not listed.
            let mut roots: Vec<(Option<usize>, usize)> = Vec::new();
            let mut cites = String::new();
            for (article, _) in summary_targets(self.report, i) {
                let root = self.root_of(article);
                match roots.iter_mut().find(|(r, _)| root.is_some() && *r == root) {
                    Some((_, n)) => *n += 1,
                    None => {
                        roots.push((root, 0));
                        cites.push_str(&self.cite(article));
                    }
                }
            }
            let folded: usize = roots.iter().map(|(_, n)| n).sum();
            if folded > 0 {
                let _ = write!(cites, " (+ {})", plural(folded, "copy"));
            }
            let _ = writeln!(
                self.out,
                "{}. {} {} ({})",
                i + 1,
                escape_inline(&s.text),
                cites,
                plural(s.support, "independent source")
            );
        }
        self.out.push('\n');
    }

    fn evidence_line(&mut self, e: &Evidence) {
        let _ = writeln!(
            self.out,
            "- {} (sentence {}): {}",
            self.cite(&e.article),
            e.sentence,
            bold_spans(&e.text, &e.spans)
        );
    }

    fn finding_block(&mut self, number: usize, f: &Finding) {
        let _ = write!(self.out, "### {number}. {}", f.kind.name());
        if let Some(d) = &f.detail {
            let _ = write!(self.out, " ({})", escape_inline(d));
        }
        let _ = writeln!(
            self.out,
            "\n\n{}\n\nSupport: {}.\n",
            escape_inline(&f.summary),
            plural(f.support, "independent source")
        );
        self.evidence_lines(&f.evidence);
        self.out.push('\n');
    }

    /// Evidence sentences, one per source: the copies of a representative
    /// that say the same words are folded into "(+ N copies)".
    fn evidence_lines(&mut self, evidence: &[Evidence]) {
        let mut shown: Vec<(Option<usize>, String, usize)> = Vec::new();
        let mut order: Vec<&Evidence> = Vec::new();
        for e in evidence {
            let root = self.root_of(&e.article);
            let key = evidence_key(e);
            match shown
                .iter_mut()
                .find(|(r, k, _)| root.is_some() && *r == root && *k == key)
            {
                Some(entry) => entry.2 += 1,
                None => {
                    shown.push((root, key, 0));
                    order.push(e);
                }
            }
        }
        for (k, e) in order.into_iter().enumerate() {
            if k == EVIDENCE_CAP {
                let _ = writeln!(
                    self.out,
                    "- …and {} more (see report.json)",
                    shown.len() - EVIDENCE_CAP
                );
                break;
            }
            self.evidence_line(e);
            let folded = shown[k].2;
            if folded > 0 {
                self.out.pop();
                let _ = writeln!(
                    self.out,
                    " (+ {} with the same words)",
                    plural(folded, "copy")
                );
            }
        }
    }

    fn disputed(&mut self) {
        let disputed = disputed_findings(self.report);
        let _ = writeln!(self.out, "## Disputed points ({})\n", disputed.len());
        if disputed.is_empty() {
            let _ = writeln!(self.out, "{NOTHING_DISPUTED}\n");
            return;
        }
        let report = self.report;
        for (n, i) in disputed.into_iter().enumerate() {
            self.finding_block(n + 1, &report.findings[i]);
        }
    }

    /// The sections after the summary, one per kind that is not disputed,
    /// in [`FindingKind::ALL`] order. The match has no catch-all: a new
    /// kind does not compile until it has a place in the report.
    fn kind_sections(&mut self) {
        for kind in FindingKind::ALL {
            match kind {
                // Shown first, under "Disputed points".
                FindingKind::Contradiction | FindingKind::Divergence => {}
                FindingKind::Consensus => self.consensus(kind),
                FindingKind::SingleSource => self.single_source(kind),
                FindingKind::NameVariant => self.name_variants(kind),
            }
        }
    }

    /// The findings of `kind` under their "## Title (count)" heading, or
    /// `None` (the heading and the empty-section line written) when there
    /// are none.
    fn section_of(&mut self, kind: FindingKind) -> Option<Vec<&'r Finding>> {
        let report = self.report;
        let list: Vec<&Finding> = report.findings.iter().filter(|f| f.kind == kind).collect();
        let _ = writeln!(self.out, "## {} ({})\n", kind.title(), list.len());
        if list.is_empty() {
            let _ = writeln!(self.out, "{}\n", empty_text(kind));
            return None;
        }
        Some(list)
    }

    fn consensus(&mut self, kind: FindingKind) {
        let report = self.report;
        let Some(agreed) = self.section_of(kind) else {
            return;
        };
        for f in agreed.iter().take(CONSENSUS_CAP) {
            let mut roots: Vec<usize> = f
                .evidence
                .iter()
                .filter_map(|e| self.root_of(&e.article))
                .collect();
            roots.sort_unstable();
            roots.dedup();
            let cites: String = roots
                .iter()
                .take(CITES_CAP)
                .map(|&r| self.cite(&report.articles[r].id))
                .collect();
            let text = f
                .evidence
                .first()
                .map_or(f.summary.as_str(), |e| e.text.as_str());
            let _ = write!(self.out, "- {}", escape_inline(text));
            if !cites.is_empty() {
                let _ = write!(
                    self.out,
                    " {cites}{}",
                    if roots.len() > CITES_CAP { "…" } else { "" }
                );
            }
            let _ = writeln!(self.out, " ({})", plural(f.support, "independent source"));
        }
        if agreed.len() > CONSENSUS_CAP {
            let _ = writeln!(
                self.out,
                "\n…and {} more (see report.json).",
                agreed.len() - CONSENSUS_CAP
            );
        }
        self.out.push('\n');
    }

    fn single_source(&mut self, kind: FindingKind) {
        let Some(claims) = self.section_of(kind) else {
            return;
        };
        // Grouped by the source that carries them: a representative with
        // its copies counts as one source.
        let mut groups: Vec<(Option<usize>, Vec<&Finding>)> = Vec::new();
        for f in claims {
            let root = f.evidence.first().and_then(|e| self.root_of(&e.article));
            match groups.iter_mut().find(|(r, _)| *r == root) {
                Some((_, list)) => list.push(f),
                None => groups.push((root, vec![f])),
            }
        }
        // Sources with the most claims of their own first; report order on a tie.
        groups.sort_by_key(|(r, list)| (std::cmp::Reverse(list.len()), r.unwrap_or(usize::MAX)));
        for (root, list) in groups {
            let who = match root {
                Some(r) => self.group_ref(r),
                None => "(unknown source)".to_string(),
            };
            let _ = writeln!(self.out, "- {who}: {}", plural(list.len(), "claim"));
            for f in list.iter().take(SINGLE_SOURCE_SHOWN) {
                let text = match f.evidence.first() {
                    Some(e) => bold_spans(&e.text, &e.spans),
                    None => escape_inline(&f.summary),
                };
                let _ = writeln!(self.out, "  - {text}");
            }
            if list.len() > SINGLE_SOURCE_SHOWN {
                let _ = writeln!(
                    self.out,
                    "  - …and {} more (see report.json)",
                    list.len() - SINGLE_SOURCE_SHOWN
                );
            }
        }
        self.out.push('\n');
    }

    fn name_variants(&mut self, kind: FindingKind) {
        let Some(variants) = self.section_of(kind) else {
            return;
        };
        for (n, f) in variants.iter().enumerate() {
            if n == NAME_VARIANT_CAP {
                let _ = writeln!(
                    self.out,
                    "- …and {} more (see report.json)",
                    variants.len() - NAME_VARIANT_CAP
                );
                break;
            }
            let cites: String = {
                let mut ids: Vec<&str> = f.evidence.iter().map(|e| e.article.as_str()).collect();
                ids.dedup();
                ids.iter().take(CITES_CAP).map(|a| self.cite(a)).collect()
            };
            let _ = write!(self.out, "- {}", escape_inline(&f.summary));
            // The category, unless the summary already names it.
            if let Some(d) = f.detail.as_deref().filter(|d| !f.summary.contains(*d)) {
                let _ = write!(self.out, " — {}", escape_inline(d));
            }
            let _ = writeln!(
                self.out,
                " {cites} ({})",
                plural(f.evidence.len(), "occurrence")
            );
        }
        self.out.push('\n');
    }

    fn quotes(&mut self) {
        let _ = writeln!(self.out, "## Quotes ({})\n", self.report.quotes.len());
        if self.report.quotes.is_empty() {
            self.out.push_str("No quotes found.\n\n");
            return;
        }
        let report = self.report;
        let mut listed = 0;
        for (speaker, groups) in quotes_by_speaker(report) {
            if listed >= QUOTE_CAP {
                break;
            }
            let _ = writeln!(
                self.out,
                "### {}\n",
                escape_inline(speaker.unwrap_or("(unattributed)"))
            );
            for gi in groups {
                if listed >= QUOTE_CAP {
                    break;
                }
                listed += 1;
                let g = &report.quotes[gi];
                let _ = writeln!(
                    self.out,
                    "- {} ({})",
                    agreement_slug(g.agreement),
                    plural(g.variants.len(), "version")
                );
                // The same words from several copies are one line.
                let mut lines: Vec<(&str, Vec<&str>)> = Vec::new();
                for v in &g.variants {
                    match lines.iter_mut().find(|(t, _)| *t == v.text) {
                        Some((_, who)) => who.push(&v.article),
                        None => lines.push((&v.text, vec![&v.article])),
                    }
                }
                for (text, who) in lines {
                    let first = self.source_ref(who[0]);
                    let others: String = who[1..]
                        .iter()
                        .take(CITES_CAP)
                        .map(|a| self.cite(a))
                        .collect();
                    let more = who.len().saturating_sub(1 + CITES_CAP);
                    let tail = if more > 0 {
                        format!(" +{more}")
                    } else {
                        String::new()
                    };
                    let _ = writeln!(
                        self.out,
                        "  - {first}{}{others}{tail}: “{}”",
                        if others.is_empty() { "" } else { " " },
                        escape_inline(text)
                    );
                }
            }
            self.out.push('\n');
        }
        if report.quotes.len() > listed {
            let _ = writeln!(
                self.out,
                "…and {} more quote groups (see report.json).\n",
                report.quotes.len() - listed
            );
        }
    }

    fn entities(&mut self) {
        let _ = writeln!(self.out, "## Entities ({})\n", self.report.entities.len());
        if self.report.entities.is_empty() {
            self.out.push_str("No entities found.\n\n");
            return;
        }
        for e in self.report.entities.iter().take(ENTITY_CAP) {
            let mut sources: Vec<&str> = e.mentions.iter().map(|m| m.article.as_str()).collect();
            sources.sort_unstable();
            sources.dedup();
            let _ = write!(
                self.out,
                "- **{}** ({}), {} in {}",
                escape_inline(&e.canonical),
                entity_kind_slug(e.kind),
                plural(e.mentions.len(), "mention"),
                plural(sources.len(), "article"),
            );
            let others: Vec<String> = e
                .variants
                .iter()
                .filter(|v| **v != e.canonical)
                .map(|v| escape_inline(v))
                .collect();
            if !others.is_empty() {
                let _ = write!(self.out, "; also written: {}", others.join(", "));
            }
            self.out.push('\n');
        }
        if self.report.entities.len() > ENTITY_CAP {
            let _ = writeln!(
                self.out,
                "\n…and {} more.",
                self.report.entities.len() - ENTITY_CAP
            );
        }
        self.out.push('\n');
    }

    fn lineage(&mut self) {
        self.out.push_str("## Lineage\n\n");
        if self.report.lineage.is_empty() {
            self.out.push_str("No article pairs to compare.\n\n");
            return;
        }
        self.out.push_str(LINEAGE_LEGEND);
        self.out.push_str("\n\n");
        let report = self.report;
        // Pairs between originals in full; a copy's edge to its
        // representative is already said under Sources ("+ N copies").
        let mut copy_edges = 0;
        let mut rows: Vec<&corroborate_core::LineageEdge> = Vec::new();
        for e in &report.lineage {
            let (ra, rb) = (self.root_of(&e.a), self.root_of(&e.b));
            let a_copy = self
                .index
                .get(e.a.as_str())
                .is_some_and(|&i| self.copies.is_copy(i));
            let b_copy = self
                .index
                .get(e.b.as_str())
                .is_some_and(|&i| self.copies.is_copy(i));
            // A small story lists every pair, as the lineage has them all.
            if report.articles.len() > crate::html::FULL_TEXT_ARTICLES
                && (a_copy || b_copy)
                && ra == rb
            {
                copy_edges += 1;
                continue;
            }
            rows.push(e);
        }
        if !rows.is_empty() {
            self.out.push_str(
                "| A | B | Reuse | Surface | Structural | Relation |\n|---|---|---:|---:|---:|---|\n",
            );
        }
        for e in rows.iter().take(LINEAGE_CAP) {
            let mut relation = relation_slug(e.relation).to_string();
            if let Some(s) = &e.source {
                let _ = write!(relation, ", older: {}", self.cite(s));
            }
            let _ = writeln!(
                self.out,
                "| {} {} | {} {} | {} | {} | {} | {} |",
                self.cite(&e.a),
                escape_cell(&self.sources.label(&e.a)),
                self.cite(&e.b),
                escape_cell(&self.sources.label(&e.b)),
                percent(e.reuse),
                percent(e.surface),
                percent(e.structural),
                relation,
            );
        }
        if rows.len() > LINEAGE_CAP {
            let _ = writeln!(
                self.out,
                "\n…and {} more pairs (see report.json).",
                rows.len() - LINEAGE_CAP
            );
        }
        if copy_edges > 0 {
            let _ = writeln!(
                self.out,
                "\n{} between a near-copy and its original not listed (see Sources and report.json).",
                plural(copy_edges, "pair")
            );
        }
        self.out.push('\n');
    }

    fn removed(&mut self) {
        self.out.push_str("## Removed boilerplate\n\n");
        let report = self.report;
        if report.articles.iter().all(|a| a.removed.is_empty()) {
            self.out.push_str("Nothing was removed.\n\n");
            return;
        }
        let mut listed = 0;
        let mut skipped = 0;
        for (i, a) in report.articles.iter().enumerate() {
            if a.removed.is_empty() {
                continue;
            }
            let big = report.articles.len() > crate::html::FULL_TEXT_ARTICLES;
            if (big && self.copies.is_copy(i)) || listed == SOURCE_CAP {
                skipped += 1;
                continue;
            }
            listed += 1;
            let _ = writeln!(self.out, "### {}\n", self.source_ref(&a.id));
            for line in a.removed.iter().take(REMOVED_CAP) {
                let _ = writeln!(
                    self.out,
                    "- ({}) {}",
                    escape_inline(&line.reason),
                    escape_inline(&line.text)
                );
            }
            if a.removed.len() > REMOVED_CAP {
                let _ = writeln!(self.out, "- …and {} more", a.removed.len() - REMOVED_CAP);
            }
            self.out.push('\n');
        }
        if skipped > 0 {
            let _ = writeln!(
                self.out,
                "Lines removed from {} more (near-copies and beyond the first {SOURCE_CAP}) are in report.json.\n",
                plural(skipped, "article")
            );
        }
    }

    fn problems(&mut self) {
        let skipped: Vec<_> = self
            .report
            .problems
            .iter()
            .filter(|p| !p.is_story_level())
            .collect();
        if skipped.is_empty() {
            return;
        }
        self.out.push_str("## Inputs skipped\n\n");
        for p in skipped {
            let _ = writeln!(self.out, "- {}", escape_inline(&p.to_string()));
        }
        self.out.push('\n');
    }
}

/// What the lineage columns mean, said once above the table.
const LINEAGE_LEGEND: &str = "Reuse: the larger of Surface and Structural. Surface: share of three-word sequences the two texts have in common (MinHash resemblance). Structural: share of sentences in one long run of aligned sentences in the same order (a rewrite keeps the structure while changing the words). Relation: duplicate, derived (one copies most of the other), shared\\_origin (both rewrite one source) or independent; \"older\" names the earlier article when dates tell.";

/// The whole report as Markdown.
pub fn render(report: &Report) -> String {
    let mut w = Writer {
        report,
        sources: Sources::new(report),
        copies: Copies::new(report),
        index: report.article_positions(),
        out: String::with_capacity(32 * 1024),
    };
    // Most important first: what sources dispute, what the story says,
    // what they agree on; then what only one says, and the reference parts.
    w.header();
    w.disputed();
    w.summary();
    w.kind_sections();
    w.sources();
    w.quotes();
    w.entities();
    w.lineage();
    w.removed();
    w.problems();
    // Exactly one trailing newline.
    while w.out.ends_with("\n\n") {
        w.out.pop();
    }
    w.out
}

#[cfg(test)]
mod tests {
    use super::*;
    use corroborate_core::Span;

    #[test]
    fn inline_escape_neutralises_markdown_syntax() {
        assert_eq!(
            escape_inline("# *a* _b_ [l](x) <script> a|b `c` \\ snake_case"),
            "\\# \\*a\\* \\_b\\_ \\[l\\](x) \\<script\\> a\\|b \\`c\\` \\\\ snake_case"
        );
        assert_eq!(
            escape_inline("line\nbreak\r\n- no list"),
            "line break  - no list"
        );
        assert_eq!(escape_inline("- item"), "\\- item");
        assert_eq!(escape_inline("12. not a list"), "12\\. not a list");
        assert_eq!(escape_inline("AT&T &amp; & co"), "AT\\&T \\&amp; & co");
        // Non-ASCII passes through unchanged.
        assert_eq!(escape_inline("Erdoğan 👩‍👩‍👧 é"), "Erdoğan 👩‍👩‍👧 é");
    }

    #[test]
    fn bold_spans_mark_differences_and_skip_bad_spans() {
        let text = "Tens of thousands were killed in Kyiv ☃.";
        let spans = [
            Span { start: 0, end: 17 },
            Span { start: 38, end: 39 }, // inside ☃: ignored
            Span {
                start: 500,
                end: 501,
            },
        ];
        assert_eq!(
            bold_spans(text, &spans),
            "**Tens of thousands** were killed in Kyiv ☃."
        );
        // Whitespace at span edges stays outside the markers.
        let spans = [Span { start: 4, end: 8 }];
        assert_eq!(bold_spans("Tens of x", &spans), "Tens **of** x");
    }
}
