//! Behaviour of the Markdown and HTML renderings on hand-built reports:
//! hostile text stays text, bad spans never panic, every section with data
//! shows up, and an empty report still renders.

use corroborate_core::{
    AlignLabel, AlignedPair, ArticleReport, Claim, ClaimSentence, Entity, EntityKind, Evidence,
    Finding, FindingKind, InputProblem, LineageEdge, Mention, QuoteAgreement, QuoteGroup,
    QuoteVariant, Relation, RemovedLine, Report, SentenceReport, Span, StoryInfo, SummarySentence,
};
use corroborate_render::{to_html, to_html_fragment, to_json, to_markdown, HtmlOptions, Root};

const SCRIPT: &str = "<script>alert('x')</script>";
const RTL: &str = "\u{202E}evil\u{202C}";
const ZWJ_EMOJI: &str = "👩\u{200D}👩\u{200D}👧";
const COMBINING: &str = "Zoe\u{0301}";

fn sentence(index: usize, text: &str) -> SentenceReport {
    SentenceReport {
        index,
        text: text.to_string(),
        start: index * 100,
        end: index * 100 + text.len(),
        quantities: Vec::new(),
        times: Vec::new(),
    }
}

fn article(id: &str, outlet: &str, title: &str, sentences: &[&str]) -> ArticleReport {
    ArticleReport {
        id: id.to_string(),
        path: format!("in/{id}.txt"),
        title: Some(title.to_string()),
        outlet: Some(outlet.to_string()),
        url: Some("javascript:alert(1)".to_string()),
        published: Some("2025-05-15".to_string()),
        author: Some(format!("A & B {SCRIPT}")),
        dateline_place: None,
        removed: vec![RemovedLine {
            text: format!("Share this {SCRIPT} & more {RTL}"),
            reason: "share_prompt".to_string(),
        }],
        sentences: sentences
            .iter()
            .enumerate()
            .map(|(i, s)| sentence(i, s))
            .collect(),
        fidelity: Some(0.75),
        source_group: 0,
        garble: 0.0,
    }
}

/// A report with every section filled and hostile text everywhere.
fn hostile_report() -> Report {
    let a_text = format!("Café said “{SCRIPT}” & 12 ☃ died.");
    let b_text = format!("Cafe said {ZWJ_EMOJI} & 14 died {COMBINING}.");
    let a = article(
        "aaaa",
        &format!("Outlet {SCRIPT} \"quoted\" {RTL}"),
        &format!("Title {COMBINING} {ZWJ_EMOJI} | *star* # hash"),
        &[&a_text, "Second sentence of A."],
    );
    let mut b = article("bbbb", "Other & Co", "Title B", &[&b_text]);
    b.source_group = 1;
    b.fidelity = None;
    // "12" in a_text: find it rather than hard-code the byte offset.
    let twelve = a_text.find("12").unwrap();
    let fourteen = b_text.find("14").unwrap();
    let snowman = a_text.find('☃').unwrap();
    let evidence_a = Evidence {
        article: "aaaa".into(),
        sentence: 0,
        text: a_text.clone(),
        spans: vec![
            Span {
                start: twelve,
                end: twelve + 2,
            },
            Span {
                start: snowman + 1,
                end: snowman + 2,
            }, // inside ☃: ignored
            Span {
                start: 10_000,
                end: 10_010,
            }, // out of range
            Span { start: 5, end: 2 }, // reversed
        ],
    };
    let evidence_b = Evidence {
        article: "bbbb".into(),
        sentence: 0,
        text: b_text.clone(),
        spans: vec![Span {
            start: fourteen,
            end: fourteen + 2,
        }],
    };
    Report {
        format_version: 1,
        story: StoryInfo {
            headline: Some(format!("Headline {SCRIPT} & {RTL}")),
            article_count: 2,
            independent_sources: 2,
            encoder: "lexical".into(),
            first_published: Some("2025-05-15".into()),
            last_published: Some("2025-05-16".into()),
        },
        articles: vec![a, b],
        problems: vec![InputProblem::new(
            format!("bad/{SCRIPT}.txt"),
            Some(3),
            "empty",
        )],
        entities: vec![Entity {
            canonical: format!("Name {SCRIPT}"),
            kind: EntityKind::Person,
            variants: vec![format!("Name {SCRIPT}"), format!("Variant {COMBINING}")],
            mentions: vec![Mention {
                article: "aaaa".into(),
                sentence: 0,
                text: "Café".into(),
            }],
        }],
        quotes: vec![
            QuoteGroup {
                speaker: Some(format!("Speaker {SCRIPT}")),
                agreement: QuoteAgreement::Divergent,
                variants: vec![
                    QuoteVariant {
                        article: "aaaa".into(),
                        sentence: 0,
                        text: SCRIPT.into(),
                    },
                    QuoteVariant {
                        article: "bbbb".into(),
                        sentence: 0,
                        text: format!("{ZWJ_EMOJI} words"),
                    },
                ],
            },
            QuoteGroup {
                speaker: None,
                agreement: QuoteAgreement::Single,
                variants: Vec::new(),
            },
        ],
        claims: vec![Claim {
            id: 7,
            sentences: vec![
                ClaimSentence {
                    article: "aaaa".into(),
                    sentence: 0,
                    text: a_text.clone(),
                },
                ClaimSentence {
                    article: "bbbb".into(),
                    sentence: 0,
                    text: b_text.clone(),
                },
            ],
            articles: vec!["aaaa".into(), "bbbb".into()],
            independent_support: 2,
        }],
        findings: vec![
            Finding {
                kind: FindingKind::Divergence,
                summary: format!("Numbers differ {SCRIPT}"),
                evidence: vec![evidence_a.clone(), evidence_b],
                support: 2,
                claim: Some(7),
                detail: Some("number".into()),
                probability: None,
            },
            Finding {
                kind: FindingKind::Contradiction,
                summary: "Opposites".into(),
                evidence: vec![evidence_a.clone()],
                support: 1,
                claim: None,
                detail: Some("antonym".into()),
                probability: None,
            },
            Finding {
                kind: FindingKind::SingleSource,
                summary: "Only A".into(),
                evidence: vec![Evidence {
                    article: "aaaa".into(),
                    sentence: 1,
                    text: "Second sentence of A.".into(),
                    spans: Vec::new(),
                }],
                support: 1,
                claim: None,
                detail: None,
                probability: None,
            },
            Finding {
                kind: FindingKind::NameVariant,
                summary: format!("A spells it {COMBINING}"),
                evidence: vec![evidence_a],
                support: 1,
                claim: None,
                detail: Some("transliteration".into()),
                probability: None,
            },
            Finding {
                kind: FindingKind::Consensus,
                summary: "Both agree".into(),
                evidence: Vec::new(),
                support: 2,
                claim: Some(7),
                detail: None,
                probability: None,
            },
        ],
        lineage: vec![LineageEdge {
            a: "aaaa".into(),
            b: "bbbb".into(),
            reuse: 0.8,
            surface: 0.7,
            structural: 0.8,
            relation: Relation::Derived,
            source: Some("aaaa".into()),
        }],
        alignments: vec![AlignedPair {
            a: "aaaa".into(),
            a_sentence: 0,
            b: "bbbb".into(),
            b_sentence: 0,
            score: 0.9,
            label: AlignLabel::Paraphrase,
        }],
        summary: vec![
            SummarySentence {
                text: format!("Summary {SCRIPT} line."),
                citations: vec!["aaaa".into(), "bbbb".into(), "unknown-id".into()],
                support: 2,
                claim: Some(7),
            },
            SummarySentence {
                text: "Second sentence of A.".into(),
                citations: vec!["aaaa".into()],
                support: 1,
                claim: None,
            },
        ],
        disputed: vec![0, 1, 99],
        config: Default::default(),
    }
}

#[test]
fn html_never_contains_raw_script_from_input() {
    let html = to_html(&hostile_report());
    // The page's own script is the only <script> element besides the JSON
    // data island.
    assert_eq!(html.matches("<script").count(), 2, "unexpected script tags");
    assert!(!html.contains("<script>alert"), "raw input script in page");
    assert!(!html.contains("alert('x')"), "unescaped quote inside input");
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(html.contains("&quot;quoted&quot;"));
    assert!(html.contains("Other &amp; Co"));
    // Unicode passes through as text.
    assert!(html.contains(RTL));
    assert!(html.contains(ZWJ_EMOJI));
    assert!(html.contains(COMBINING));
    // The page may not load anything, whatever slipped through.
    assert!(html.contains("Content-Security-Policy\" content=\"default-src &#39;none&#39;"));
    // The javascript: URL is shown, never linked.
    assert!(!html.contains("href=\"javascript:"));
    assert!(html.contains("javascript:alert(1)"));
}

#[test]
fn html_marks_valid_spans_and_ignores_bad_ones() {
    let html = to_html(&hostile_report());
    assert!(
        html.contains("&amp; <mark>12</mark> ☃ died."),
        "12 not marked"
    );
    assert!(html.contains("<mark>14</mark>"));
    assert_eq!(
        html.matches("<mark>").count(),
        html.matches("</mark>").count()
    );
    assert!(
        !html.contains("<mark>☃"),
        "span inside a character was used"
    );
}

#[test]
fn html_has_every_section_and_working_citations() {
    let html = to_html(&hostile_report());
    // Sections in order of importance: disputed points, summary,
    // consensus, single-source claims, then the reference parts.
    let mut last = 0;
    for id in [
        "disputed",
        "summary",
        "consensus",
        "single",
        "variants",
        "sources",
        "quotes",
        "entities",
        "compare",
        "lineage",
        "articles",
        "problems",
    ] {
        let at = html
            .find(&format!("<section id=\"{id}\""))
            .unwrap_or_else(|| panic!("no {id} section"));
        assert!(at > last, "{id} section out of order");
        last = at;
    }
    // Every count in the header links to its section.
    for id in ["disputed", "consensus", "single", "variants"] {
        assert!(html.contains(&format!("href=\"#{id}\"")), "no link to {id}");
    }
    // Finding kinds of each section.
    for kind in [
        "contradiction",
        "divergence",
        "name_variant",
        "single_source",
        "consensus",
    ] {
        assert!(html.contains(&format!("kind-{kind}")), "no {kind} finding");
    }
    // B is a near-copy of A (derived, smaller): folded under A.
    assert!(html.contains("+ 1 copy of [1]"));
    // Sentence anchors and citations to them.
    assert!(html.contains("id=\"a-aaaa-s-0\""));
    assert!(html.contains("href=\"#a-aaaa-s-0\""));
    // Summary line without claim: cited sentence found by its words.
    assert!(html.contains("href=\"#a-aaaa-s-1\""));
    // Unknown article id: linked to its (missing) article, not a panic.
    assert!(html.contains("href=\"#a-unknown-id\""));
    // Lineage: an arrow for the oriented edge, width grows with reuse.
    assert!(html.contains("marker-end=\"url(#arrow)\""));
    assert!(html.contains("stroke-width=\"6.6\""));
    // Fidelity bar, removed boilerplate, compare pickers and data.
    assert!(html.contains("class=\"bar mid\""));
    assert!(html.contains("class=\"removed-line\""));
    assert!(html.contains("id=\"pick-a\"") && html.contains("id=\"pick-b\""));
    assert!(html.contains(r#"[["a-aaaa",0,"a-bbbb",0]]"#));
    assert!(html.contains("<svg class=\"lineage\""));
}

#[test]
fn markdown_escapes_and_has_every_section() {
    let md = to_markdown(&hostile_report());
    assert!(!md.contains("<script>"), "raw HTML in Markdown");
    assert!(md.contains("\\<script\\>"));
    // Sections in order of importance.
    let mut last = 0;
    for heading in [
        "## Disputed points (2)",
        "## Summary",
        "## Consensus (1)",
        "## Single-source claims (1)",
        "## Name variants (1)",
        "## Sources",
        "## Quotes",
        "## Entities (1)",
        "## Lineage",
        "## Removed boilerplate",
        "## Inputs skipped",
    ] {
        let at = md
            .find(heading)
            .unwrap_or_else(|| panic!("missing {heading}"));
        assert!(at > last, "{heading} out of order");
        last = at;
    }
    // Every count of the header has its section above.
    assert!(md.contains("5 findings: 1 contradiction and 1 divergence (Disputed points), 1 consensus claim (Consensus), 1 single-source claim, 1 name variant."));
    assert!(md.contains("2 articles · 2 independent sources"));
    // Citations in source-list numbers; unknown id shown escaped; B is a
    // near-copy of A (derived, smaller), so it is counted, not listed.
    assert!(md.contains("line. [1][unknown-id] (+ 1 copy) (2 independent sources)"));
    assert!(md.contains("Second sentence of A. [1] (1 independent source)"));
    assert!(md.contains("## Sources (1 original, 1 near-copy)"));
    assert!(md.contains("   - + 1 copy: [2] Other & Co"));
    // The single-source claim is carried by A and counted with its copy.
    assert!(md.contains("(and 1 copy): 1 claim"));
    // Differing spans in bold; the bad spans are ignored.
    assert!(md.contains("& **12** ☃ died."));
    assert!(md.contains("**14**"));
    // Table cells keep their columns even with `|` in titles.
    assert!(md.contains("Title Zoe\u{0301} 👩\u{200D}👩\u{200D}👧 \\| \\*star\\* \\# hash"));
    assert!(md.contains("| [1] "), "lineage row missing");
    assert!(md.contains("| derived, older: [1] |"));
    assert!(!md.contains("Source (older)"));
    // Disputed index 99 is out of range and skipped; both disputes shown.
    assert!(md.contains("### 1. Divergence (number)"));
    assert!(md.contains("### 2. Contradiction (antonym)"));
    assert!(!md.contains("### 3."));
    // Every line of the document is one line: no value broke it.
    for line in md.lines() {
        assert!(!line.contains('\r'));
    }
}

#[test]
fn single_source_list_is_capped() {
    let mut report = hostile_report();
    let template = report.findings[2].clone();
    report.findings = (0..45).map(|_| template.clone()).collect();
    let md = to_markdown(&report);
    assert!(md.contains("## Single-source claims (45)"));
    // All from one source: one group, its first three shown.
    assert!(md.contains("(and 1 copy): 45 claims"));
    assert!(md.contains("  - …and 42 more (see report.json)"));
}

#[test]
fn empty_report_renders_everywhere() {
    let report = Report::default();
    let md = to_markdown(&report);
    assert!(md.starts_with("# Untitled story\n"));
    assert!(md.contains("No summary could be made."));
    let html = to_html(&report);
    assert!(html.starts_with("<!doctype html>"));
    assert!(html.trim_end().ends_with("</html>"));
    assert!(html.contains("No summary could be made."));
    let json: serde_json::Value = serde_json::from_str(&to_json(&report)).unwrap();
    assert_eq!(json["articles"], serde_json::json!([]));
}

#[test]
fn nan_and_out_of_range_numbers_do_not_break_rendering() {
    let mut report = hostile_report();
    report.articles[0].fidelity = Some(f32::NAN);
    report.articles[1].garble = f32::INFINITY;
    report.lineage[0].reuse = f32::NAN;
    report.lineage[0].b = "missing".into();
    report.findings[0].evidence[0].sentence = usize::MAX;
    let html = to_html(&report);
    assert!(html.contains("</html>"));
    let md = to_markdown(&report);
    assert!(md.contains("n/a"));
}

#[test]
fn html_fragment_is_the_pages_main_element_without_head_or_script() {
    let report = hostile_report();
    let page = to_html(&report);
    let fragment = to_html_fragment(&report, &HtmlOptions::default());
    assert!(
        fragment.starts_with("<main>"),
        "{}",
        &fragment[..40.min(fragment.len())]
    );
    assert!(fragment.ends_with("</main>"));
    assert!(
        page.contains(&fragment),
        "fragment must be the page's own <main>"
    );
    // The pair view's alignment data travels inside the fragment as an inert
    // JSON block; executable script stays outside.
    let without_data = fragment.replace("<script type=\"application/json\"", "");
    assert!(
        !without_data.contains("<script"),
        "executable script in fragment"
    );
    for outer in ["<html", "<head>", "<body>", "<style"] {
        assert!(!fragment.contains(outer), "fragment contains {outer}");
    }
    assert!(!corroborate_render::STYLE.is_empty() && page.contains(corroborate_render::STYLE));
    assert!(!corroborate_render::SCRIPT.is_empty() && page.contains(corroborate_render::SCRIPT));
    assert!(to_html_fragment(&Report::default(), &HtmlOptions::default()).starts_with("<main>"));
    // The page's own hints name report.json, the file written beside it.
    assert!(!page.contains("the JSON report"));
}

#[test]
fn html_fragment_for_a_host_page_is_an_article_linking_its_json() {
    let mut report = story_of_copies(300);
    report.story.headline = Some("<b>Talks</b>".into());
    let options = HtmlOptions {
        root: Root::Article,
        json_href: Some("/api/stories/1?x=\"y\"".into()),
    };
    let fragment = to_html_fragment(&report, &options);
    assert!(fragment.starts_with(
        "<article class=\"story\"><header class=\"story-head\"><h1 class=\"u\">&lt;b&gt;"
    ));
    assert!(fragment.ends_with("</footer></article>"));
    assert!(!fragment.contains("<main>"));
    // A big story leaves the copies' text to the JSON: the hints link it,
    // the href escaped like any text.
    assert!(fragment.contains(r#"<a href="/api/stories/1?x=&quot;y&quot;">the JSON report</a>"#));
    assert!(!fragment.contains("report.json"));
    // The same story view as report.html, but for its root element and
    // the hints.
    let page_main = to_html_fragment(&report, &HtmlOptions::default());
    let strip = |html: &str| {
        html.replace(
            r#"<a href="/api/stories/1?x=&quot;y&quot;">the JSON report</a>"#,
            "report.json",
        )
        .replace("<article class=\"story\">", "<main>")
        .replace("</article>", "</main>")
    };
    assert_eq!(strip(&fragment), page_main);
}

/// One original and `copies` near-copies of it (derived edges), each
/// carrying the original's claim as a single-source finding.
fn story_of_copies(copies: usize) -> Report {
    let original = article(
        "orig",
        "Wire Service",
        "Talks open in the capital",
        &[
            "The talks opened on Friday in the capital.",
            "Both delegations arrived late.",
            "No agenda was published.",
        ],
    );
    let mut articles = vec![original];
    let mut lineage = Vec::new();
    let mut findings = Vec::new();
    for i in 0..copies {
        let id = format!("copy{i:03}");
        articles.push(article(
            &id,
            &format!("Outlet {i}"),
            "Talks open",
            &[
                "The talks opened on Friday in the capital city.",
                "Both delegations arrived late.",
            ],
        ));
        lineage.push(LineageEdge {
            a: "orig".into(),
            b: id.clone(),
            reuse: 0.9,
            surface: 0.8,
            structural: 0.9,
            relation: Relation::Derived,
            source: None,
        });
        findings.push(Finding {
            kind: FindingKind::SingleSource,
            summary: format!("Only Outlet {i} reports it"),
            evidence: vec![Evidence {
                article: id,
                sentence: 1,
                text: "Both delegations arrived late.".into(),
                spans: Vec::new(),
            }],
            support: 1,
            claim: None,
            detail: None,
            probability: None,
        });
    }
    Report {
        format_version: 1,
        story: StoryInfo {
            headline: Some("Talks open".into()),
            article_count: articles.len(),
            independent_sources: 1,
            encoder: "lexical".into(),
            first_published: None,
            last_published: None,
        },
        articles,
        lineage,
        findings,
        ..Report::default()
    }
}

#[test]
fn near_copies_fold_under_their_original_and_big_stories_stay_small() {
    let small = story_of_copies(30);
    let big = story_of_copies(300);
    let (html_small, html_big) = (to_html(&small), to_html(&big));
    let (md_small, md_big) = (to_markdown(&small), to_markdown(&big));
    // The copies are listed under their original, not as sources.
    assert!(html_big.contains("+ 300 copies of [1]"));
    assert!(md_big.contains("## Sources (1 original, 300 near-copies)"));
    assert!(md_big.contains("   - + 300 copies: [2] Outlet 0"));
    assert!(md_big.contains(" and 292 more"));
    // A single-source claim carried by one original's copies is one
    // source's claims, folded, with a count.
    assert!(md_big.contains("[1] Wire Service (and 300 copies): 300 claims"));
    assert!(html_big.contains(r#"<details class="single-group">"#));
    // A big story shows the original's text, not 300 copies of it; a small
    // one shows every article's text.
    assert!(html_big.contains(r#"id="a-orig-s-0""#));
    assert!(!html_big.contains(r#"id="a-copy000-s-0""#));
    assert!(
        html_big.contains(r#"id="a-copy000""#),
        "a copy keeps its anchor"
    );
    assert!(html_small.contains(r#"id="a-copy000-s-0""#));
    // Every link has its target once, copies included.
    for html in [&html_small, &html_big] {
        let ids: Vec<&str> = html
            .split(" id=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect();
        let unique: std::collections::HashSet<&str> = ids.iter().copied().collect();
        assert_eq!(unique.len(), ids.len(), "an id is used twice");
        for href in html.split("href=\"#").skip(1) {
            let target = href.split('"').next().unwrap();
            assert!(unique.contains(target), "link to missing #{target}");
        }
    }
    // Ten times the articles: far less than ten times the page.
    assert!(
        html_big.len() < 3 * html_small.len(),
        "{} vs {}",
        html_big.len(),
        html_small.len()
    );
    assert!(
        md_big.len() < 3 * md_small.len(),
        "{} vs {}",
        md_big.len(),
        md_small.len()
    );
}
