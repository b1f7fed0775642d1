//! Alignment, claims and lineage on real articles: the example story, and
//! copies of its articles made by realistic transformations (reordering,
//! dropping sentences, changing the byline).

use corroborate_align::{align_story, StoryAlignment};
use corroborate_core::{AlignLabel, Article, Format, LineageEdge, RawDoc, Relation};
use corroborate_ingest::{prepare, prepared_articles};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

fn story_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/istanbul-2025-05-15")
}

fn load_story() -> Vec<Article> {
    let articles: Vec<Article> = prepared_articles(&[story_dir()]);
    assert_eq!(articles.len(), 5, "the example story has five articles");
    articles
}

/// The file-name prefix ("000" ..) of an article, for readable assertions.
fn short(articles: &[Article], id: &str) -> String {
    let a = articles.iter().find(|a| a.id == id).expect("known id");
    let file = a.path.rsplit('/').next().unwrap_or(&a.path);
    file.chars().take(3).collect()
}

fn edge<'a>(alignment: &'a StoryAlignment, a: &str, b: &str) -> &'a LineageEdge {
    alignment
        .lineage
        .iter()
        .find(|e| (e.a == a && e.b == b) || (e.a == b && e.b == a))
        .expect("an edge for every pair of articles")
}

fn article_from(text: &str, path: &str, published: &str) -> Article {
    prepare(RawDoc {
        path: path.to_string(),
        format: Format::Text,
        title: None,
        body: text.to_string(),
        url: None,
        outlet: None,
        published: Some(published.to_string()),
        author: None,
        language: Some("en".into()),
    })
    .expect("real text survives cleaning")
}

fn check_invariants(articles: &[Article], alignment: &StoryAlignment) {
    let index: HashMap<&str, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    // Pairs link different articles, earlier article first, each pair once.
    let mut seen = HashSet::new();
    for p in &alignment.pairs {
        assert!(index[p.a.as_str()] < index[p.b.as_str()]);
        assert!((0.0..=1.0).contains(&p.score));
        assert!(seen.insert((p.a.clone(), p.a_sentence, p.b.clone(), p.b_sentence)));
    }
    // Every sentence in exactly one claim; one sentence per article per claim.
    let mut claimed = HashSet::new();
    for (k, claim) in alignment.claims.iter().enumerate() {
        assert_eq!(claim.id, k);
        let mut articles_in_claim = HashSet::new();
        for s in &claim.sentences {
            assert!(
                claimed.insert((s.article.clone(), s.sentence)),
                "sentence in two claims"
            );
            assert!(
                articles_in_claim.insert(s.article.clone()),
                "two sentences of one article"
            );
        }
        assert_eq!(claim.articles.len(), articles_in_claim.len());
        assert!(
            claim.independent_support >= 1 && claim.independent_support <= claim.articles.len()
        );
    }
    let total: usize = articles.iter().map(|a| a.sentences.len()).sum();
    assert_eq!(claimed.len(), total);
    // One lineage edge per pair of articles (small stories).
    let n = articles.len();
    assert!(n <= corroborate_align::lineage::ALL_PAIRS_MAX_ARTICLES);
    assert_eq!(alignment.lineage.len(), n * (n - 1) / 2);
    assert_eq!(alignment.source_group.len(), n);
}

#[test]
fn example_story_shared_origin_pair_stands_out() {
    let articles = load_story();
    let alignment = align_story(&articles, None);
    check_invariants(&articles, &alignment);

    let id_of = |prefix: &str| {
        articles
            .iter()
            .find(|a| short(&articles, &a.id) == prefix)
            .map(|a| a.id.clone())
            .expect("article present")
    };
    let (back_translation, rewrite) = (id_of("000"), id_of("001"));
    let origin = edge(&alignment, &back_translation, &rewrite);
    assert!(
        matches!(origin.relation, Relation::SharedOrigin | Relation::Derived),
        "000-001: {origin:?}"
    );
    for e in &alignment.lineage {
        let pair = (short(&articles, &e.a), short(&articles, &e.b));
        if pair == ("000".into(), "001".into()) {
            continue;
        }
        assert_eq!(e.relation, Relation::Independent, "{pair:?}: {e:?}");
        assert!(
            origin.reuse >= 2.0 * e.reuse,
            "000-001 reuse {} not far above {pair:?} reuse {}",
            origin.reuse,
            e.reuse
        );
    }
    // 000 and 001 count once: four independent sources.
    let groups: HashSet<usize> = alignment.source_group.iter().copied().collect();
    assert_eq!(groups.len(), 4);
    assert_eq!(alignment.source_group[0], alignment.source_group[1]);

    // A fact told by the independent reports forms a multi-source claim.
    assert!(alignment.claims.iter().any(|c| c.independent_support >= 3));
}

#[test]
fn example_story_aligns_paraphrases_across_spellings() {
    let articles = load_story();
    let alignment = align_story(&articles, None);
    // 000 writes "Kiev", "Dormabach", "take place in Istanbul"; 001 "Kyiv",
    // "Dolmabahçe", "expected in Istanbul": the envoy sentence must align.
    let text = |id: &str, s: usize| {
        articles
            .iter()
            .find(|a| a.id == id)
            .and_then(|a| a.sentences.iter().find(|x| x.index == s))
            .map(|x| x.text.clone())
            .unwrap_or_default()
    };
    let envoy = alignment.pairs.iter().find(|p| {
        let (a, b) = (text(&p.a, p.a_sentence), text(&p.b, p.b_sentence));
        a.contains("Witkoff") && b.contains("Witkoff") && a.contains("Rubio") && b.contains("Rubio")
    });
    let envoy = envoy.expect("the Witkoff/Rubio sentences align");
    assert!(matches!(
        envoy.label,
        AlignLabel::Paraphrase | AlignLabel::Same
    ));
}

#[test]
fn alignment_is_deterministic() {
    let articles = load_story();
    let a = align_story(&articles, None);
    let b = align_story(&articles, None);
    assert_eq!(a.pairs, b.pairs);
    assert_eq!(a.claims, b.claims);
    assert_eq!(a.lineage, b.lineage);
    assert_eq!(a.source_group, b.source_group);
}

#[test]
fn reordered_and_trimmed_copy_is_derived_and_grouped() {
    let story = load_story();
    let original = &story[2];
    // The copy keeps two thirds of the paragraphs and moves the last kept
    // one to the front, as aggregators do.
    let paragraphs: Vec<&str> = original
        .text
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert!(paragraphs.len() >= 6);
    let mut kept: Vec<&str> = paragraphs
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 3 != 2)
        .map(|(_, p)| *p)
        .collect();
    let last = kept.pop().expect("non-empty");
    kept.insert(0, last);
    let copy = article_from(&kept.join("\n\n"), "copy.txt", "2025-05-16");
    let original = article_from(&original.text, "original.txt", "2025-05-15");
    let independent = story[3].clone();
    let articles = vec![original.clone(), copy.clone(), independent.clone()];
    let alignment = align_story(&articles, None);
    check_invariants(&articles, &alignment);

    let e = edge(&alignment, &original.id, &copy.id);
    assert!(
        matches!(e.relation, Relation::Derived | Relation::Duplicate),
        "{e:?}"
    );
    assert_eq!(
        e.source.as_deref(),
        Some(original.id.as_str()),
        "older is the source"
    );
    assert!(e.structural > 0.5, "{e:?}");
    assert_eq!(alignment.source_group[0], alignment.source_group[1]);
    assert_ne!(alignment.source_group[0], alignment.source_group[2]);
    assert_eq!(
        edge(&alignment, &copy.id, &independent.id).relation,
        Relation::Independent
    );
}

#[test]
fn copy_with_changed_byline_is_duplicate() {
    let story = load_story();
    let original = article_from(&story[3].text, "wire.txt", "2025-05-15");
    let copy_text = format!("By Staff Reporter, Regional Desk\n\n{}", story[3].text);
    let copy = article_from(&copy_text, "reprint.txt", "2025-05-15");
    let articles = vec![original.clone(), copy.clone()];
    let alignment = align_story(&articles, None);
    let e = edge(&alignment, &original.id, &copy.id);
    assert_eq!(e.relation, Relation::Duplicate, "{e:?}");
    assert!(e.surface > 0.9, "{e:?}");
    // Same date: no orientation.
    assert_eq!(e.source, None);
    assert_eq!(alignment.source_group, vec![0, 0]);
    let same = alignment
        .pairs
        .iter()
        .filter(|p| p.label == AlignLabel::Same)
        .count();
    assert!(
        same + 2 >= original.sentences.len(),
        "nearly every sentence aligns as Same"
    );
}

#[test]
fn empty_and_single_article_stories() {
    let empty = align_story(&[], None);
    assert!(empty.pairs.is_empty() && empty.claims.is_empty() && empty.lineage.is_empty());
    let story = load_story();
    let one = align_story(&story[..1], None);
    assert!(one.pairs.is_empty());
    assert_eq!(one.claims.len(), story[0].sentences.len());
    assert!(one.claims.iter().all(|c| c.independent_support == 1));
    assert_eq!(one.source_group, vec![0]);
}

#[test]
fn odd_text_does_not_panic() {
    let texts = [
        "",
        "   ",
        "’s ’s ’s",
        "١٢٣ ٤٥٦ — 北京 东京 🙂🙂",
        "1,,,2.. 3.5.6 400km-long 5bn $3m",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA Zelenskyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy",
    ];
    let articles: Vec<Article> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| Article {
            id: format!("odd{i}"),
            path: format!("odd/{i}.txt"),
            format: Format::Text,
            title: None,
            url: None,
            outlet: None,
            published: Some(if i % 2 == 0 {
                "2025-05-15".into()
            } else {
                "garbage".into()
            }),
            author: None,
            language: None,
            dateline_place: None,
            text: t.to_string(),
            removed: Vec::new(),
            sentences: vec![corroborate_core::Sentence {
                index: 0,
                text: t.to_string(),
                start: 0,
                end: t.len(),
            }],
        })
        .collect();
    let alignment = align_story(&articles, None);
    check_invariants(&articles, &alignment);
}

#[test]
fn extra_encoder_path_keeps_invariants_and_finds_the_shared_origin() {
    // Any `Encoder` can be plugged in; the lexical encoder stands in for the
    // neural one here (no model files in tests).
    let articles = load_story();
    let encoder = corroborate_align::LexicalEncoder::default();
    let alignment = align_story(&articles, Some(&encoder));
    check_invariants(&articles, &alignment);
    let origin = edge(&alignment, &articles[0].id, &articles[1].id);
    assert!(
        matches!(origin.relation, Relation::SharedOrigin | Relation::Derived),
        "{origin:?}"
    );
    let best_other = alignment
        .lineage
        .iter()
        .filter(|e| !std::ptr::eq(*e, origin))
        .map(|e| e.reuse)
        .fold(0.0f32, f32::max);
    assert!(
        origin.reuse > best_other,
        "{} vs {}",
        origin.reuse,
        best_other
    );
}
