//! The example story grown past the size where near-copies are collapsed
//! (`corroborate_align::lineage::ALL_PAIRS_MAX_ARTICLES`), through the
//! whole pipeline: copies count once, every copy keeps its lineage and its
//! place in the claims, the report grows with the articles and not with
//! their square, and the example's real contradictions are still found.

use corroborate_pipeline::core::{FindingKind, Relation, Report};
use corroborate_pipeline::{analyze_docs, ingest, synth, Options};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

fn grown(n: usize) -> Report {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/istanbul-2025-05-15");
    let originals = ingest::ingest_paths(&[dir]).docs;
    assert_eq!(originals.len(), 5);
    analyze_docs(
        synth::grow_story(&originals, n, 0x5EED),
        Vec::new(),
        &Options::default(),
    )
}

#[test]
fn a_story_grown_by_rewrites_collapses_copies_and_stays_linear() {
    let small = grown(45);
    let big = grown(90);
    assert_eq!(big.articles.len(), 90);
    assert!(big.problems.is_empty(), "{:?}", big.problems);

    // Rewrites add no independent source: the four of the five reports stay.
    assert_eq!(small.story.independent_sources, 4);
    assert_eq!(big.story.independent_sources, 4);

    // Lineage: only related pairs in a big story, and every rewrite is tied
    // to another article by a copy relation.
    assert!(
        big.lineage.len() < 2 * big.articles.len(),
        "{}",
        big.lineage.len()
    );
    assert!(big
        .lineage
        .iter()
        .all(|e| e.relation != Relation::Independent));
    let tied: HashSet<&str> = big
        .lineage
        .iter()
        .flat_map(|e| [e.a.as_str(), e.b.as_str()])
        .collect();
    for a in big
        .articles
        .iter()
        .filter(|a| a.path.starts_with("rewrite-"))
    {
        assert!(
            tied.contains(a.id.as_str()),
            "{} has no lineage edge",
            a.path
        );
    }

    // Claims: every sentence in exactly one claim, one sentence per article
    // per claim, and rewrites' sentences share claims with the originals.
    let mut claimed = HashSet::new();
    for claim in &big.claims {
        let mut arts = HashSet::new();
        for s in &claim.sentences {
            assert!(claimed.insert((s.article.clone(), s.sentence)));
            assert!(arts.insert(s.article.clone()));
        }
    }
    let total: usize = big.articles.iter().map(|a| a.sentences.len()).sum();
    assert_eq!(claimed.len(), total);
    let largest = big
        .claims
        .iter()
        .map(|c| c.articles.len())
        .max()
        .unwrap_or(0);
    assert!(largest > 30, "largest claim has {largest} articles");

    // The report grows with the articles, not with their square.
    let bytes = |r: &Report| serde_json::to_vec(r).map(|v| v.len()).unwrap_or(0);
    let per_article = |r: &Report| bytes(r) as f64 / r.articles.len() as f64;
    assert!(
        per_article(&big) < 1.3 * per_article(&small),
        "{} vs {} bytes per article",
        per_article(&big),
        per_article(&small)
    );
    assert!(big.alignments.len() < 40 * big.articles.len());

    // The garbled back-translation's war/peace inversion is still reported.
    let path_of: HashMap<&str, &str> = big
        .articles
        .iter()
        .map(|a| (a.id.as_str(), a.path.as_str()))
        .collect();
    let war = big.findings.iter().any(|f| {
        f.kind == FindingKind::Contradiction
            && f.evidence.iter().any(|e| {
                path_of
                    .get(e.article.as_str())
                    .is_some_and(|p| p.contains("000_"))
                    && e.spans
                        .iter()
                        .any(|s| e.text.get(s.start..s.end) == Some("war"))
            })
    });
    assert!(war, "war/peace contradiction lost in the grown story");
    // And the "sanctions in Kiev" role swap, which needs the fallback
    // grouping of the representatives (copies set aside).
    for r in [&small, &big] {
        assert!(
            r.findings
                .iter()
                .any(|f| f.kind == FindingKind::Contradiction
                    && f.detail.as_deref() == Some("role_swap")),
            "role swap lost with {} articles",
            r.articles.len()
        );
    }
}
