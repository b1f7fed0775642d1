//! Inputs that are several stories are flagged; one story is not.
//!
//! Real text: the bundled example (one story, five outlets) and the three
//! multi-source evaluation stories of `data/eval/stories` (2011–2014, no
//! shared claims or names), analysed together.

use corroborate_pipeline::{analyze_paths, core::ProblemKind, stories, Options};
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn one_story_gives_no_warning() {
    let report = analyze_paths(
        &[root().join("examples/istanbul-2025-05-15")],
        &Options::default(),
    );
    assert_eq!(stories::story_groups(&report).len(), 1);
    assert!(report.problems.iter().all(|p| !p.is_story_level()));
    // Each evaluation story on its own is one story too.
    for name in [
        "governors-races-2012",
        "kalashnikov-letter-2014",
        "occupy-evictions-2011",
    ] {
        let report = analyze_paths(
            &[root().join("data/eval/stories").join(name)],
            &Options::default(),
        );
        assert!(
            report.problems.iter().all(|p| !p.is_story_level()),
            "{name}: {:?}",
            report.problems
        );
    }
}

#[test]
fn three_unrelated_stories_are_flagged_with_their_groups() {
    let dirs: Vec<PathBuf> = [
        "governors-races-2012",
        "kalashnikov-letter-2014",
        "occupy-evictions-2011",
    ]
    .iter()
    .map(|d| root().join("data/eval/stories").join(d))
    .collect();
    let report = analyze_paths(&dirs, &Options::default());
    let groups = stories::story_groups(&report);
    assert_eq!(groups.len(), 3, "{groups:?}");
    // Each group holds exactly the articles of one folder.
    for g in &groups {
        let folder = |i: usize| {
            let p = &report.articles[i].path;
            p.rsplit_once('/')
                .map(|(d, _)| d.to_string())
                .unwrap_or_default()
        };
        assert!(g.iter().all(|&i| folder(i) == folder(g[0])), "{g:?}");
    }
    let warnings: Vec<_> = report
        .problems
        .iter()
        .filter(|p| p.kind == ProblemKind::MultipleStories)
        .collect();
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].reason.contains("3 separate stories"));
    // The renderings put it at the top.
    let md = corroborate_pipeline::render::to_markdown(&report);
    let warning = md.find("**Warning:**").expect("warning in report.md");
    assert!(warning < md.find("## Disputed points").unwrap());
    let json = corroborate_pipeline::render::to_json(&report);
    assert!(json.contains("\"kind\": \"multiple_stories\""));
}
