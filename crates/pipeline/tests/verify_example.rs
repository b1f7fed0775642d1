//! End-to-end checks of the findings, fidelity and summary on the example
//! story (`examples/istanbul-2025-05-15`: five reports of the 15 May 2025
//! Istanbul talks; `000` is a garbled machine back-translation of the
//! original that `001` rewrites, `002`-`004` are independent).
//!
//! In: the example folder, through the whole pipeline. Out: assertions
//! that the report catches the garbled copy's meaning inversions, the
//! independent outlets' divergent casualty figures and start of the talks,
//! gives the garbled copy the lowest fidelity and keeps its distortions
//! out of a summary that cites several sources.

use corroborate_pipeline::core::{FindingKind, Report};
use corroborate_pipeline::{analyze_paths, Options};
use std::path::PathBuf;

fn example_report() -> Report {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/istanbul-2025-05-15");
    analyze_paths(&[dir], &Options::default())
}

/// Index of the article whose file name starts with `prefix`.
fn article(report: &Report, prefix: &str) -> usize {
    report
        .articles
        .iter()
        .position(|a| {
            a.path
                .rsplit(['/', '\\'])
                .next()
                .is_some_and(|f| f.starts_with(prefix))
        })
        .unwrap_or_else(|| panic!("no article {prefix}"))
}

/// The highlighted words of `article_id`'s evidence in finding `f`.
fn spans_of(report: &Report, f: usize, article_id: &str) -> Vec<String> {
    report.findings[f]
        .evidence
        .iter()
        .filter(|e| e.article == article_id)
        .flat_map(|e| e.spans.iter().map(|s| e.text[s.start..s.end].to_string()))
        .collect()
}

fn findings_with(report: &Report, kind: FindingKind, detail: &str) -> Vec<usize> {
    report
        .findings
        .iter()
        .enumerate()
        .filter(|(_, f)| f.kind == kind && f.detail.as_deref() == Some(detail))
        .map(|(i, _)| i)
        .collect()
}

#[test]
fn garbled_copy_turning_peace_into_war_is_a_contradiction() {
    let r = example_report();
    let garbled = r.articles[article(&r, "000")].id.clone();
    let found = findings_with(&r, FindingKind::Contradiction, "antonym")
        .into_iter()
        .any(|f| spans_of(&r, f, &garbled).iter().any(|s| s == "war"));
    assert!(
        found,
        "no antonym contradiction highlighting \"war\" in 000"
    );
}

#[test]
fn garbled_copy_moving_sanctions_onto_kyiv_is_a_role_swap() {
    let r = example_report();
    let garbled = r.articles[article(&r, "000")].id.clone();
    let found = findings_with(&r, FindingKind::Contradiction, "role_swap")
        .into_iter()
        .any(|f| spans_of(&r, f, &garbled).iter().any(|s| s == "Kiev"));
    assert!(
        found,
        "no role-swap contradiction highlighting \"Kiev\" in 000"
    );
}

#[test]
fn independent_outlets_casualty_figures_diverge() {
    let r = example_report();
    let (a, b) = (
        r.articles[article(&r, "002")].id.clone(),
        r.articles[article(&r, "004")].id.clone(),
    );
    let found = findings_with(&r, FindingKind::Divergence, "number")
        .into_iter()
        .any(|f| {
            spans_of(&r, f, &a).iter().any(|s| s == "Tens of thousands")
                && spans_of(&r, f, &b)
                    .iter()
                    .any(|s| s == "Hundreds of thousands")
        });
    assert!(
        found,
        "casualty figures of 002 and 004 not reported as divergent"
    );
}

/// "Talks could take place on Thursday or Friday" (002) and "ready for
/// talks either tonight or tomorrow" (003, written on Thursday 15 May)
/// name the same two days once the relative days are resolved against the
/// article date: no weekday divergence may set them against each other.
/// (This replaced a test that expected a three-way weekday divergence:
/// the days named agree, see issue 13.)
#[test]
fn thursday_or_friday_agrees_with_tonight_or_tomorrow_said_on_thursday() {
    let r = example_report();
    let (a, b) = (
        r.articles[article(&r, "002")].id.clone(),
        r.articles[article(&r, "003")].id.clone(),
    );
    for f in findings_with(&r, FindingKind::Divergence, "weekday") {
        let spans_a = spans_of(&r, f, &a);
        let spans_b = spans_of(&r, f, &b);
        assert!(
            !(spans_a.iter().any(|s| s == "Thursday" || s == "Friday")
                && spans_b.iter().any(|s| s == "tonight" || s == "tomorrow")),
            "weekday divergence between agreeing days: {}",
            r.findings[f].summary
        );
    }
}

/// "two nations" and "three years" count different things.
#[test]
fn counts_of_different_things_do_not_diverge() {
    let r = example_report();
    for f in findings_with(&r, FindingKind::Divergence, "number") {
        let spans: Vec<String> = r.findings[f]
            .evidence
            .iter()
            .flat_map(|e| e.spans.iter().map(|s| e.text[s.start..s.end].to_string()))
            .collect();
        assert!(
            !(spans.iter().any(|s| s.contains("two")) && spans.iter().any(|s| s.contains("three"))),
            "{}",
            r.findings[f].summary
        );
    }
}

#[test]
fn every_disputed_index_points_at_a_divergence_or_contradiction() {
    let r = example_report();
    assert!(!r.disputed.is_empty());
    for &i in &r.disputed {
        assert!(matches!(
            r.findings[i].kind,
            FindingKind::Divergence | FindingKind::Contradiction
        ));
    }
    for f in &r.findings {
        for e in &f.evidence {
            for s in &e.spans {
                assert!(s.start < s.end && s.end <= e.text.len());
                assert!(e.text.is_char_boundary(s.start) && e.text.is_char_boundary(s.end));
            }
        }
    }
}

#[test]
fn garbled_copy_gets_the_lowest_fidelity_and_highest_garble() {
    let r = example_report();
    let garbled = article(&r, "000");
    let fidelity = |i: usize| r.articles[i].fidelity.unwrap_or(1.0);
    for i in 0..r.articles.len() {
        if i != garbled {
            assert!(
                fidelity(garbled) < fidelity(i),
                "000 fidelity {} not below {} ({})",
                fidelity(garbled),
                fidelity(i),
                r.articles[i].path
            );
            assert!(r.articles[garbled].garble > r.articles[i].garble);
        }
    }
}

#[test]
fn summary_cites_several_sources_and_carries_no_garbled_distortion() {
    let r = example_report();
    let n = r.summary.len();
    assert!((5..=10).contains(&n), "summary has {n} sentences");
    let multi = r.summary.iter().filter(|s| s.citations.len() >= 2).count();
    assert!(
        multi * 2 > n,
        "only {multi} of {n} summary sentences cite 2+ sources"
    );
    let garbled = article(&r, "000");
    let garbled_text = &r.articles[garbled].sentences;
    for s in &r.summary {
        assert!(
            !garbled_text.iter().any(|g| g.text == s.text),
            "summary sentence taken from the garbled copy: {}",
            s.text
        );
        for distortion in [
            "pursuit of war",
            "sanctions in Kiev",
            "tasteless",
            "guilty plea",
        ] {
            assert!(
                !s.text.contains(distortion),
                "summary carries {distortion:?}"
            );
        }
    }
}

/// The example story's files as raw documents, in file order.
fn example_docs() -> Vec<corroborate_pipeline::core::RawDoc> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/istanbul-2025-05-15");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("example folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| corroborate_pipeline::core::RawDoc {
            path: p.display().to_string(),
            format: corroborate_pipeline::core::Format::Text,
            title: None,
            body: std::fs::read_to_string(p).expect("example article"),
            url: None,
            outlet: None,
            published: None,
            author: None,
            language: None,
        })
        .collect()
}

#[test]
fn a_copy_with_one_distorted_sentence_gets_the_lowest_fidelity_of_the_independent_reports() {
    use corroborate_eval::distort::{distort_one, story_people, story_places, DistortionKind};
    use corroborate_pipeline::analyze_docs;
    let docs = example_docs();
    let plain = analyze_docs(docs.clone(), Vec::new(), &Options::default());
    let bodies: Vec<&str> = docs.iter().map(|d| d.body.as_str()).collect();
    let (people, places) = (story_people(&bodies), story_places(&bodies));
    // An independent report; the edit goes into a sentence that another
    // independent outlet also reports, so a majority exists.
    let victim = article(&plain, "004");
    let id = plain.articles[victim].id.clone();
    let body = &docs[victim].body;
    let regions: Vec<(usize, usize)> = plain
        .claims
        .iter()
        .filter(|c| c.independent_support >= 2)
        .flat_map(|c| c.sentences.iter())
        .filter(|s| s.article == id)
        .filter_map(|s| {
            let at = body.rfind(s.text.as_str())?;
            Some((at, at + s.text.len()))
        })
        .collect();
    assert!(!regions.is_empty());
    let mut tried = 0;
    // Every kind but a place: here the place edit ("Ukraine and Russia" →
    // "Moscow and Russia") puts in the word another outlet has in the same
    // place ("from Moscow and Kyiv"), and the blame goes to the original
    // (a known limit, docs/eval/findings.md).
    for kind in DistortionKind::ALL
        .into_iter()
        .filter(|&k| k != DistortionKind::Place)
    {
        let Some((text, inj)) = distort_one(body, kind, &regions, &people, &places) else {
            continue;
        };
        tried += 1;
        let mut with_copy = docs.clone();
        let copy_path = format!("{}.{}.txt", docs[victim].path, kind.as_str());
        with_copy.push(corroborate_pipeline::core::RawDoc {
            path: copy_path.clone(),
            body: text,
            ..docs[victim].clone()
        });
        let r = analyze_docs(with_copy, Vec::new(), &Options::default());
        let copy = r
            .articles
            .iter()
            .position(|a| a.path == copy_path)
            .expect("the copy is analysed");
        let fidelity = |i: usize| r.articles[i].fidelity.unwrap_or(1.0);
        // The edit is reported, with the copy's sentence as evidence.
        assert!(
            r.findings.iter().any(|f| matches!(
                f.kind,
                FindingKind::Contradiction | FindingKind::Divergence
            ) && f
                .evidence
                .iter()
                .any(|e| e.article == r.articles[copy].id && e.text.contains(inj.after.trim()))),
            "{kind:?} edit {:?} -> {:?} not found",
            inj.before,
            inj.after
        );
        // Below its original and below every untouched independent outlet
        // (000 is the garbled back-translation, lower on its own merits).
        for prefix in ["001", "002", "003", "004"] {
            let other = r
                .articles
                .iter()
                .position(|a| {
                    a.path != copy_path
                        && a.path
                            .rsplit(['/', '\\'])
                            .next()
                            .is_some_and(|f| f.starts_with(prefix))
                })
                .expect("article");
            assert!(
                fidelity(copy) < fidelity(other),
                "{kind:?}: copy fidelity {} not below {prefix} {}",
                fidelity(copy),
                fidelity(other)
            );
        }
        // The copy's edit does not count against the report it copies.
        let original = article(&r, "004");
        assert_eq!(
            r.articles[original].fidelity, plain.articles[victim].fidelity,
            "{kind:?}: the original's fidelity moved"
        );
    }
    assert!(tried >= 3, "only {tried} kinds of edit found a place");
}
