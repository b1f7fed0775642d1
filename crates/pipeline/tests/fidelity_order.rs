//! The distorted copy of a report, not its original, is the least faithful
//! article, whichever of the two is given first.
//!
//! In: the example story (`examples/istanbul-2025-05-15`, without its garbled
//! back-translation `000`) plus a copy of one
//! independent report (`002`) with one sentence changed, named so that it
//! sorts before or after its original. Out: assertions that the copy gets a
//! strictly lower fidelity than its original and than every other report in
//! both orders: the rest of the story (other outlets' sentences on the same
//! fact, and the copy's own other sentences) says which version departs,
//! not the input order.

use corroborate_pipeline::core::{FindingKind, RawDoc, Report};
use corroborate_pipeline::{analyze_docs, Options};
use std::path::PathBuf;

fn example_docs() -> Vec<RawDoc> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/istanbul-2025-05-15");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("example folder")
        .map(|e| e.expect("entry").path())
        .collect();
    paths.sort();
    paths
        .iter()
        // The garbled back-translation is left out: its own distortions
        // make it the least faithful report whatever the copy says.
        .filter(|p| {
            !p.file_name()
                .is_some_and(|f| f.to_string_lossy().starts_with("000_"))
        })
        .map(|p| {
            let body = std::fs::read_to_string(p).expect("example article");
            RawDoc::text(p.to_string_lossy().into_owned(), body)
        })
        .collect()
}

/// The independent report every test copies.
fn article_002(docs: &[RawDoc]) -> RawDoc {
    docs.iter()
        .find(|d| d.path.contains("002_"))
        .expect("article 002")
        .clone()
}

fn fidelity(report: &Report, path: &str) -> Option<f32> {
    report
        .articles
        .iter()
        .find(|a| a.path == path)
        .and_then(|a| a.fidelity)
}

/// Analyses the story with a copy of `002` in which `from` (inside the
/// sentence holding `context`) became `to`, the copy given first or last;
/// returns (copy's fidelity, the original's, the lowest of the others).
fn ranked(from: &str, to: &str, context: &str, copy_first: bool) -> (f32, f32, f32) {
    let docs = example_docs();
    let original = article_002(&docs);
    let at = original.body.find(context).expect("context in 002");
    let sentence = &original.body[at..at + context.len()];
    assert!(sentence.contains(from), "{from:?} not in {context:?}");
    let body = original
        .body
        .replacen(sentence, &sentence.replacen(from, to, 1), 1);
    let copy_path = if copy_first {
        "!copy-of-002.txt".to_string()
    } else {
        "zz-copy-of-002.txt".to_string()
    };
    let mut all = docs.clone();
    all.push(RawDoc::text(copy_path.clone(), body));
    all.sort_by(|a, b| a.path.cmp(&b.path));
    let report = analyze_docs(all, Vec::new(), &Options::default());
    let copy = fidelity(&report, &copy_path).expect("copy shares claims");
    let orig = fidelity(&report, &original.path).expect("original shares claims");
    let others = report
        .articles
        .iter()
        .filter(|a| a.path != copy_path && a.path != original.path)
        .filter_map(|a| a.fidelity)
        .fold(f32::INFINITY, f32::min);
    (copy, orig, others)
}

fn assert_copy_lowest(from: &str, to: &str, context: &str) {
    for copy_first in [false, true] {
        let (copy, orig, others) = ranked(from, to, context, copy_first);
        assert!(
            copy < orig && copy < others,
            "{from:?} -> {to:?}, copy first: {copy_first}: copy {copy}, original {orig}, \
             lowest other {others}"
        );
    }
}

#[test]
fn a_changed_year_is_blamed_on_the_copy_in_either_order() {
    assert_copy_lowest(
        "2022",
        "2019",
        "Russia saw the talks as a continuation of failed 2022 negotiations",
    );
}

#[test]
fn a_swapped_negotiator_is_blamed_on_the_copy_in_either_order() {
    assert_copy_lowest(
        "Medinsky",
        "Umerov",
        "The Russian side is being led by Vladimir Medinsky",
    );
}

/// An edit nothing else in the story speaks to (a negation inserted in a
/// fact only this report gives): the text cannot tell the original from
/// its copy, so the fidelity falls on the later one by convention, and the
/// finding says so instead of presenting the presumption as the sources'
/// verdict.
#[test]
fn a_blame_the_sources_cannot_settle_is_said_to_be_presumed() {
    let docs = example_docs();
    let original = article_002(&docs);
    let body = original.body.replacen(
        "Russia now occupies about",
        "Russia now does not occupy about",
        1,
    );
    assert_ne!(body, original.body);
    for (copy_path, copy_first) in [("!copy-of-002.txt", true), ("zz-copy-of-002.txt", false)] {
        let mut all = docs.clone();
        all.push(RawDoc::text(copy_path, body.clone()));
        all.sort_by(|a, b| a.path.cmp(&b.path));
        let report = analyze_docs(all, Vec::new(), &Options::default());
        let id = |path: &str| {
            report
                .articles
                .iter()
                .find(|a| a.path == path)
                .map(|a| a.id.clone())
                .expect("article in the report")
        };
        let (copy_id, original_id) = (id(copy_path), id(&original.path));
        let finding = report
            .findings
            .iter()
            .filter(|f| matches!(f.kind, FindingKind::Contradiction | FindingKind::Divergence))
            .find(|f| {
                f.evidence.iter().any(|e| e.article == copy_id)
                    && f.evidence.iter().any(|e| e.article == original_id)
            })
            .unwrap_or_else(|| panic!("the edit is not found: {:#?}", report.findings));
        let later = if copy_first {
            original.path.rsplit('/').next().unwrap().to_string()
        } else {
            copy_path.to_string()
        };
        assert!(
            finding.summary.contains("presumes the later one") && finding.summary.contains(&later),
            "copy first: {copy_first}: {}",
            finding.summary
        );
    }
}
