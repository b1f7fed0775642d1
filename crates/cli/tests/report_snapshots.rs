//! End-to-end checks of the three reports `corroborate analyze` writes.
//!
//! Runs the built binary on the example story into a temporary folder and
//! checks: the three files exist; `report.json` validates against
//! `docs/report.schema.json`; the HTML loads nothing from the network; the
//! Markdown has its main sections, a cited summary and a lineage table;
//! and an insta snapshot of the whole Markdown report, so that any change
//! in what the pipeline finds or how it is rendered shows up in review
//! (re-accept deliberate changes with `cargo insta accept`, or run with
//! `INSTA_UPDATE=always`).

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("crates/cli sits two levels below the workspace root")
        .to_path_buf()
}

struct Reports {
    _dir: tempfile::TempDir,
    json: String,
    markdown: String,
    html: String,
}

fn analyze_example() -> Reports {
    let root = workspace_root();
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("reports");
    let status = Command::new(env!("CARGO_BIN_EXE_corroborate"))
        .current_dir(&root)
        .arg("analyze")
        .arg("examples/istanbul-2025-05-15")
        .arg("--out")
        .arg(&out)
        .status()
        .expect("corroborate runs");
    assert!(status.success(), "corroborate analyze failed: {status}");
    let read = |name: &str| {
        let path = out.join(name);
        assert!(path.is_file(), "{} was not written", path.display());
        std::fs::read_to_string(&path).expect("report is UTF-8")
    };
    Reports {
        json: read("report.json"),
        markdown: read("report.md"),
        html: read("report.html"),
        _dir: dir,
    }
}

#[test]
fn json_report_validates_against_the_schema() {
    let reports = analyze_example();
    let schema_text = std::fs::read_to_string(workspace_root().join("docs/report.schema.json"))
        .expect("docs/report.schema.json exists");
    let schema: serde_json::Value = serde_json::from_str(&schema_text).expect("schema is JSON");
    let validator = jsonschema::draft202012::new(&schema).expect("schema compiles");
    let report: serde_json::Value = serde_json::from_str(&reports.json).expect("report is JSON");
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .take(10)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "schema violations: {errors:#?}");

    // The schema is strict enough to catch a broken report.
    let mut broken = report.clone();
    broken["findings"][0]["kind"] = serde_json::json!("rumour");
    assert!(
        !validator.is_valid(&broken),
        "unknown finding kind accepted"
    );
    let mut broken = report;
    broken["story"]
        .as_object_mut()
        .expect("story is an object")
        .remove("article_count");
    assert!(
        !validator.is_valid(&broken),
        "missing article_count accepted"
    );
}

/// Values of `attribute` in every `<tag ...>` of `html` (simple scanner:
/// enough for the renderer's own, regular output).
fn attribute_values(html: &str, tag: &str, attribute: &str) -> Vec<String> {
    let mut values = Vec::new();
    let open = format!("<{tag}");
    let mut rest = html;
    while let Some(at) = rest.find(&open) {
        let after = &rest[at + open.len()..];
        let end = after.find('>').unwrap_or(after.len());
        let inside = &after[..end];
        let needle = format!("{attribute}=");
        if let Some(p) = inside.find(&needle) {
            let value = inside[p + needle.len()..].trim_start_matches(['"', '\'']);
            let stop = value.find(['"', '\'', ' ']).unwrap_or(value.len());
            values.push(value[..stop].to_string());
        }
        rest = &after[end..];
    }
    values
}

#[test]
fn html_report_is_self_contained() {
    let reports = analyze_example();
    let html = &reports.html;
    assert!(html.starts_with("<!doctype html>"));
    assert!(html.contains("<style>") && html.contains("<script>"));
    for (tag, attribute) in [
        ("script", "src"),
        ("link", "href"),
        ("img", "src"),
        ("iframe", "src"),
    ] {
        for value in attribute_values(html, tag, attribute) {
            let lower = value.to_ascii_lowercase();
            assert!(
                !lower.starts_with("http://")
                    && !lower.starts_with("https://")
                    && !lower.starts_with("//"),
                "<{tag} {attribute}={value}> loads an external asset"
            );
        }
    }
    assert!(!html.contains("@import"), "stylesheet imports something");
    assert!(
        !html.contains("url(http"),
        "stylesheet loads a remote resource"
    );
    // Every citation points at an element that exists.
    for href in attribute_values(html, "a class=\"cite\"", "href") {
        let id = href.trim_start_matches('#');
        assert!(
            html.contains(&format!("id=\"{id}\"")),
            "citation {href} has no target"
        );
    }
    for section in [
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
    ] {
        assert!(
            html.contains(&format!("<section id=\"{section}\"")),
            "no {section} section"
        );
    }
    assert!(html.contains("<svg class=\"lineage\""));
    assert!(html.contains("<mark>"), "no highlighted span");
}

/// Whether `line` holds a citation `[n]` with `n` a number.
fn has_citation(line: &str) -> bool {
    line.split('[').skip(1).any(|part| {
        part.split_once(']')
            .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    })
}

#[test]
fn markdown_report_has_cited_summary_and_lineage_table() {
    let reports = analyze_example();
    let md = &reports.markdown;
    assert!(md.starts_with("# "), "no title");
    // Most important first; every count of the header has its section.
    let mut last = 0;
    for heading in [
        "## Disputed points",
        "## Summary",
        "## Consensus",
        "## Single-source claims",
        "## Name variants",
        "## Sources",
        "## Quotes",
        "## Lineage",
        "## Removed boilerplate",
    ] {
        let at = md
            .find(&format!("\n{heading}"))
            .unwrap_or_else(|| panic!("missing {heading}"));
        assert!(at > last, "{heading} out of order");
        last = at;
    }
    assert!(!md.contains(" 1 independent sources") && !md.contains(" 1 articles"));
    let summary = md
        .split("\n## Summary\n")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("summary section");
    let numbered: Vec<&str> = summary
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    assert!(!numbered.is_empty(), "summary has no numbered lines");
    for line in &numbered {
        assert!(
            has_citation(line),
            "summary line without [n] citation: {line}"
        );
    }
    // The "Source (older)" column was always empty without dates: the
    // older article, when dates tell, is in the Relation cell.
    assert!(
        md.contains("| A | B | Reuse | Surface | Structural | Relation |\n"),
        "no lineage table header"
    );
    assert!(
        md.contains("|---|---|---:|"),
        "lineage table has no delimiter row"
    );
    assert!(md.contains("**"), "no differing span in bold");
    // Rendering is deterministic: a second run gives the same bytes.
    let again = analyze_example();
    assert_eq!(reports.markdown, again.markdown);
    assert_eq!(reports.html, again.html);
}

#[test]
fn markdown_report_matches_snapshot() {
    let reports = analyze_example();
    // The run's temporary folder must not leak into the text (it would make
    // the snapshot differ on every run).
    assert!(!reports
        .markdown
        .contains(&*std::env::temp_dir().to_string_lossy()));
    insta::assert_snapshot!("istanbul_report_md", reports.markdown);
}
