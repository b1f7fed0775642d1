//! The report as Markdown: readable as plain text, renders on any
//! CommonMark viewer.
//!
//! In: a [`Report`]. Out: one Markdown document with, in order: the story
//! header, the numbered sources, the cited summary, disputed points
//! (contradictions and divergences with the differing words in **bold**),
//! single-source claims (capped), name variants, quotes by speaker,
//! entities, the lineage table, removed boilerplate and skipped inputs.
//!
//! Invariants: every piece of report text goes through [`escape_inline`]
//! (or [`escape_cell`] inside tables), so hostile text cannot open a
//! heading, list, link, emphasis, code span, HTML tag or table cell, nor
//! break a line. Citations `[n]` are the 1-based numbers of the source list.

use crate::common::{
    agreement_slug, disputed_findings, entity_kind_slug, file_name, percent, quotes_by_speaker,
    relation_slug, split_by_spans, summary_targets, Sources,
};
use corroborate_core::{Evidence, Finding, FindingKind, Report};
use std::fmt::Write;

/// Single-source claims listed before "N more" is said instead.
pub const SINGLE_SOURCE_CAP: usize = 20;
/// Entities listed before "N more" is said instead.
pub const ENTITY_CAP: usize = 60;

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
    out: String,
}

impl Writer<'_> {
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
            "{} articles · {} independent sources · encoder `{}`",
            story.article_count,
            story.independent_sources,
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
        let count = |kind: FindingKind| {
            self.report
                .findings
                .iter()
                .filter(|f| f.kind == kind)
                .count()
        };
        let _ = writeln!(
            self.out,
            "{} findings: {} contradictions, {} divergences, {} single-source claims, {} name variants, {} consensus.\n",
            self.report.findings.len(),
            count(FindingKind::Contradiction),
            count(FindingKind::Divergence),
            count(FindingKind::SingleSource),
            count(FindingKind::NameVariant),
            count(FindingKind::Consensus),
        );
    }

    fn sources(&mut self) {
        self.out.push_str("## Sources\n\n");
        if self.report.articles.is_empty() {
            self.out.push_str("No article could be analysed.\n\n");
            return;
        }
        for (i, a) in self.report.articles.iter().enumerate() {
            let name = a
                .outlet
                .as_deref()
                .filter(|o| !o.trim().is_empty())
                .unwrap_or_else(|| file_name(&a.path));
            let _ = write!(self.out, "{}. **{}**", i + 1, escape_inline(name));
            if let Some(t) = a.title.as_deref().filter(|t| !t.trim().is_empty()) {
                let _ = write!(self.out, " — {}", escape_inline(t));
            }
            let _ = write!(self.out, " · path {}", escape_inline(&a.path));
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
            let cites: String = summary_targets(self.report, i)
                .iter()
                .map(|(article, _)| self.cite(article))
                .collect();
            let plural = if s.support == 1 { "" } else { "s" };
            let _ = writeln!(
                self.out,
                "{}. {} {} ({} independent source{plural})",
                i + 1,
                escape_inline(&s.text),
                cites,
                s.support
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
        let kind = match f.kind {
            FindingKind::Contradiction => "Contradiction",
            FindingKind::Divergence => "Divergence",
            FindingKind::Consensus => "Consensus",
            FindingKind::SingleSource => "Single source",
            FindingKind::NameVariant => "Name variant",
        };
        let _ = write!(self.out, "### {number}. {kind}");
        if let Some(d) = &f.detail {
            let _ = write!(self.out, " ({})", escape_inline(d));
        }
        let _ = writeln!(
            self.out,
            "\n\n{}\n\nSupport: {} independent source{}.\n",
            escape_inline(&f.summary),
            f.support,
            if f.support == 1 { "" } else { "s" }
        );
        for e in &f.evidence {
            self.evidence_line(e);
        }
        self.out.push('\n');
    }

    fn disputed(&mut self) {
        self.out.push_str("## Disputed points\n\n");
        let disputed = disputed_findings(self.report);
        if disputed.is_empty() {
            self.out
                .push_str("No contradiction or divergence between sources was found.\n\n");
            return;
        }
        let report = self.report;
        for (n, i) in disputed.into_iter().enumerate() {
            self.finding_block(n + 1, &report.findings[i]);
        }
    }

    fn single_source(&mut self) {
        let report = self.report;
        let single: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.kind == FindingKind::SingleSource)
            .collect();
        let _ = writeln!(self.out, "## Single-source claims ({})\n", single.len());
        if single.is_empty() {
            self.out
                .push_str("Every claim is carried by more than one source.\n\n");
            return;
        }
        for f in single.iter().take(SINGLE_SOURCE_CAP) {
            match f.evidence.first() {
                Some(e) => {
                    let _ = writeln!(
                        self.out,
                        "- {} {}",
                        self.cite(&e.article),
                        bold_spans(&e.text, &e.spans)
                    );
                }
                None => {
                    let _ = writeln!(self.out, "- {}", escape_inline(&f.summary));
                }
            }
        }
        if single.len() > SINGLE_SOURCE_CAP {
            let _ = writeln!(
                self.out,
                "\n…and {} more (see report.json).",
                single.len() - SINGLE_SOURCE_CAP
            );
        }
        self.out.push('\n');
    }

    fn name_variants(&mut self) {
        let report = self.report;
        let variants: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.kind == FindingKind::NameVariant)
            .collect();
        self.out.push_str("## Name variants\n\n");
        if variants.is_empty() {
            self.out.push_str("No name variants.\n\n");
            return;
        }
        for f in variants {
            let cites: String = {
                let mut ids: Vec<&str> = f.evidence.iter().map(|e| e.article.as_str()).collect();
                ids.dedup();
                ids.iter().map(|a| self.cite(a)).collect()
            };
            let _ = write!(self.out, "- {}", escape_inline(&f.summary));
            // The category, unless the summary already names it.
            if let Some(d) = f.detail.as_deref().filter(|d| !f.summary.contains(*d)) {
                let _ = write!(self.out, " — {}", escape_inline(d));
            }
            let _ = writeln!(
                self.out,
                " {cites} ({} occurrence{})",
                f.evidence.len(),
                if f.evidence.len() == 1 { "" } else { "s" }
            );
        }
        self.out.push('\n');
    }

    fn quotes(&mut self) {
        self.out.push_str("## Quotes\n\n");
        if self.report.quotes.is_empty() {
            self.out.push_str("No quotes found.\n\n");
            return;
        }
        let report = self.report;
        for (speaker, groups) in quotes_by_speaker(report) {
            let _ = writeln!(
                self.out,
                "### {}\n",
                escape_inline(speaker.unwrap_or("(unattributed)"))
            );
            for gi in groups {
                let g = &report.quotes[gi];
                let _ = writeln!(
                    self.out,
                    "- {} ({} version{})",
                    agreement_slug(g.agreement),
                    g.variants.len(),
                    if g.variants.len() == 1 { "" } else { "s" }
                );
                for v in &g.variants {
                    let _ = writeln!(
                        self.out,
                        "  - {}: “{}”",
                        self.source_ref(&v.article),
                        escape_inline(&v.text)
                    );
                }
            }
            self.out.push('\n');
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
                "- **{}** ({}), {} mention{} in {} source{}",
                escape_inline(&e.canonical),
                entity_kind_slug(e.kind),
                e.mentions.len(),
                if e.mentions.len() == 1 { "" } else { "s" },
                sources.len(),
                if sources.len() == 1 { "" } else { "s" },
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
        self.out.push_str(
            "| A | B | Reuse | Surface | Structural | Relation | Source (older) |\n|---|---|---:|---:|---:|---|---|\n",
        );
        let report = self.report;
        for e in &report.lineage {
            let source = match &e.source {
                Some(s) => format!("{} {}", self.cite(s), escape_cell(&self.sources.label(s))),
                None => String::from("–"),
            };
            let _ = writeln!(
                self.out,
                "| {} {} | {} {} | {} | {} | {} | {} | {} |",
                self.cite(&e.a),
                escape_cell(&self.sources.label(&e.a)),
                self.cite(&e.b),
                escape_cell(&self.sources.label(&e.b)),
                percent(e.reuse),
                percent(e.surface),
                percent(e.structural),
                relation_slug(e.relation),
                source
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
        for a in &report.articles {
            if a.removed.is_empty() {
                continue;
            }
            let _ = writeln!(self.out, "### {}\n", self.source_ref(&a.id));
            for line in &a.removed {
                let _ = writeln!(
                    self.out,
                    "- ({}) {}",
                    escape_inline(&line.reason),
                    escape_inline(&line.text)
                );
            }
            self.out.push('\n');
        }
    }

    fn problems(&mut self) {
        if self.report.problems.is_empty() {
            return;
        }
        self.out.push_str("## Inputs skipped\n\n");
        for p in &self.report.problems {
            let _ = writeln!(self.out, "- {}", escape_inline(&p.to_string()));
        }
        self.out.push('\n');
    }
}

/// The whole report as Markdown.
pub fn render(report: &Report) -> String {
    let mut w = Writer {
        report,
        sources: Sources::new(report),
        out: String::with_capacity(32 * 1024),
    };
    w.header();
    w.sources();
    w.summary();
    w.disputed();
    w.single_source();
    w.name_variants();
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
