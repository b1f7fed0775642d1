//! Every finding kind renders in every output: the Markdown report, the
//! report HTML page and the web app's story page.
//!
//! The report is the example story as the pipeline analyses it, reduced to
//! one finding of each kind of `FindingKind::ALL`: the first the pipeline
//! found, or, for a kind the story does not have, a real finding of
//! another kind (real sentences as evidence) relabelled to that kind. A
//! kind added to the core without a place in the renderers fails here (or
//! does not compile, their matches over the kinds having no catch-all).

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use corroborate_core::{Finding, FindingKind, Report};
use corroborate_render::escape::escape_html;
use corroborate_render::markdown::escape_inline;
use corroborate_web::{router, MemoryStories, StorySource, WebConfig};
use std::sync::Arc;
use tower::ServiceExt;

/// The example story with exactly one finding per kind, in `ALL` order.
fn report_with_every_kind() -> Report {
    let mut report = corroborate_pipeline::analyze_paths(
        &[common::example_dir()],
        &corroborate_pipeline::Options::default(),
    );
    let real = report
        .findings
        .iter()
        .find(|f| !f.evidence.is_empty())
        .cloned()
        .expect("the example story has findings with evidence");
    let findings: Vec<Finding> = FindingKind::ALL
        .into_iter()
        .map(|kind| {
            report
                .findings
                .iter()
                .find(|f| f.kind == kind)
                .cloned()
                .unwrap_or_else(|| Finding {
                    kind,
                    ..real.clone()
                })
        })
        .collect();
    report.disputed = findings
        .iter()
        .enumerate()
        .filter(|(_, f)| f.kind.is_disputed())
        .map(|(i, _)| i)
        .collect();
    report.findings = findings;
    report
}

/// What a renderer may show of a finding: its summary or its first
/// evidence sentence.
fn texts(f: &Finding) -> Vec<&str> {
    let mut out = vec![f.summary.as_str()];
    out.extend(f.evidence.first().map(|e| e.text.as_str()));
    out
}

/// The finding is in the Markdown under a heading naming its kind: one of
/// its texts stands after a heading (`## Consensus (1)`, `### 1.
/// Contradiction (antonym)`) that holds the kind's name.
fn assert_in_markdown(md: &str, f: &Finding) {
    // Marked spans are bold; the words are what counts.
    let plain = md.replace("**", "");
    let name = f.kind.name().to_lowercase();
    let found = texts(f).into_iter().any(|text| {
        let wanted = escape_inline(text);
        plain.match_indices(&wanted).any(|(at, _)| {
            plain[..at]
                .lines()
                .rev()
                .find(|line| line.starts_with('#'))
                .is_some_and(|heading| heading.to_lowercase().contains(&name))
        })
    });
    assert!(
        found,
        "{:?} finding not under a heading naming {:?} in the Markdown",
        f.kind,
        f.kind.name()
    );
}

/// The finding is on the HTML page as its own element `id="f-<i>"` with
/// the kind's class `kind-<slug>`, and that element shows one of its texts.
fn assert_in_html(html: &str, output: &str, i: usize, f: &Finding) {
    let id = format!("id=\"f-{i}\"");
    let at = html
        .find(&id)
        .unwrap_or_else(|| panic!("{output}: no element for the {:?} finding", f.kind));
    let open = html[..at].rfind('<').expect("an id sits inside a tag");
    let tag = &html[open..at];
    assert!(
        tag.contains(&format!("kind-{}", f.kind.slug())),
        "{output}: the {:?} finding's element lacks kind-{}: {tag}",
        f.kind,
        f.kind.slug()
    );
    // Up to the next finding or the end of the section.
    let rest = &html[at..];
    let end = [
        rest.find(" id=\"f-").filter(|&e| e > 0),
        rest.find("</section>"),
    ]
    .into_iter()
    .flatten()
    .min()
    .unwrap_or(rest.len());
    let element = rest[..end].replace("<mark>", "").replace("</mark>", "");
    assert!(
        texts(f)
            .into_iter()
            .any(|t| element.contains(&escape_html(t))),
        "{output}: the {:?} finding's element does not show its text",
        f.kind
    );
}

#[tokio::test]
async fn every_finding_kind_renders_in_markdown_report_html_and_the_web_page() {
    let report = report_with_every_kind();
    assert_eq!(report.findings.len(), FindingKind::ALL.len());

    let markdown = corroborate_render::to_markdown(&report);
    let page = corroborate_render::to_html(&report);
    let store = Arc::new(MemoryStories::default());
    let id = store.add(report.clone()).expect("memory store accepts it");
    let app = router(store, WebConfig::default());
    let request = Request::get(format!("/stories/{id}"))
        .header(header::HOST, "127.0.0.1:8080")
        .body(Body::empty())
        .unwrap();
    let response = app.oneshot(request).await.expect("router answers");
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = axum::body::to_bytes(response.into_body(), 64 * 1024 * 1024)
        .await
        .unwrap();
    let web = String::from_utf8_lossy(&bytes).into_owned();

    for (i, f) in report.findings.iter().enumerate() {
        assert_in_markdown(&markdown, f);
        assert_in_html(&page, "report.html", i, f);
        assert_in_html(&web, "web story page", i, f);
    }
    // Each kind's count is in every header, next to its title where the
    // kind has a section of its own.
    for kind in FindingKind::ALL.into_iter().filter(|k| !k.is_disputed()) {
        let counted = format!("{} <span class=\"count\">1</span>", kind.title());
        assert!(page.contains(&counted), "report.html: {counted}");
        assert!(web.contains(&counted), "web story page: {counted}");
        let heading = format!("## {} (1)", kind.title());
        assert!(markdown.contains(&heading), "Markdown: {heading}");
    }
}
