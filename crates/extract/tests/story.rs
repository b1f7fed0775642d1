//! Extraction on the example story (examples/istanbul-2025-05-15), read
//! and segmented by the real ingest stage. Article 0 is a garbled machine
//! back-translation, 1 a rewrite of the same original, 2–4 independent
//! reports. The assertions are about behaviour (spellings merged,
//! different people kept apart, quotes attributed and grouped, dates
//! resolved), not about this story's wording.

use corroborate_core::{Article, EntityKind, QuoteAgreement};
use corroborate_extract::{extract_story, Extraction};
use std::path::PathBuf;

fn story() -> (Vec<Article>, Extraction) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/istanbul-2025-05-15");
    let articles: Vec<Article> = corroborate_ingest::prepared_articles(&[dir]);
    assert_eq!(articles.len(), 5, "the five example articles load");
    let x = extract_story(&articles);
    (articles, x)
}

fn entity<'a>(x: &'a Extraction, canonical: &str) -> &'a corroborate_core::Entity {
    x.entities
        .iter()
        .find(|e| e.canonical == canonical)
        .unwrap_or_else(|| {
            panic!(
                "no entity {canonical:?}; have {:?}",
                x.entities.iter().map(|e| &e.canonical).collect::<Vec<_>>()
            )
        })
}

fn has_variant(x: &Extraction, canonical: &str, variant: &str) -> bool {
    entity(x, canonical).variants.iter().any(|v| v == variant)
}

#[test]
fn spellings_of_one_referent_are_merged() {
    let (_, x) = story();
    let z = entity(&x, "Volodymyr Zelenskyy");
    assert_eq!(z.kind, EntityKind::Person);
    assert!(
        has_variant(&x, "Volodymyr Zelenskyy", "Zelensky"),
        "transliteration merged"
    );
    assert!(
        has_variant(&x, "Recep Tayyip Erdoğan", "Erdogan"),
        "diacritics merged"
    );
    assert!(has_variant(&x, "Kyiv", "Kiev"), "exonym merged");
    assert!(has_variant(&x, "Turkey", "Türkiye"), "exonym merged");
    assert!(
        has_variant(&x, "Sergei Lavrov", "Sergey Lavrov"),
        "Sergei/Sergey merged"
    );
    assert!(
        has_variant(&x, "Vladimir Medinsky", "Medesky"),
        "garbled surname merged"
    );
    assert!(
        has_variant(&x, "Boris Bondarev", "Bondruff"),
        "garbled surname merged"
    );
    assert!(
        has_variant(&x, "Dolmabahçe Palace", "Dormabach Palace"),
        "garbled place merged"
    );
    assert_eq!(entity(&x, "Dolmabahçe Palace").kind, EntityKind::Place);
    assert_eq!(entity(&x, "Kremlin").kind, EntityKind::Organization);
    // Surname-only mentions resolve to the full name.
    assert!(entity(&x, "Donald Trump").mentions.len() > 20);
}

#[test]
fn different_people_are_not_merged() {
    let (_, x) = story();
    let putin = entity(&x, "Vladimir Putin");
    let medinsky = entity(&x, "Vladimir Medinsky");
    assert!(!putin.variants.iter().any(|v| v.contains("Medinsky")));
    assert!(!medinsky.variants.iter().any(|v| v.contains("Putin")));
    // No entity holds two different surnames of people.
    for e in x.entities.iter().filter(|e| e.kind == EntityKind::Person) {
        let surnames: std::collections::BTreeSet<&str> = e
            .variants
            .iter()
            .filter_map(|v| v.split(' ').next_back())
            .collect();
        assert!(surnames.len() <= 2, "{} merges {:?}", e.canonical, surnames);
    }
}

#[test]
fn garbled_copy_spellings_are_flagged_as_single_article_variants() {
    let (articles, x) = story();
    let flagged: Vec<(&str, usize, &str)> = x
        .name_variants
        .iter()
        .map(|v| (v.variant.as_str(), v.article, v.reason.as_str()))
        .collect();
    for garbled in ["Medesky", "Bondruff", "Dormabach Palace"] {
        assert!(
            flagged.contains(&(garbled, 0, "misspelling")),
            "{garbled} should be flagged in the garbled copy: {flagged:?}"
        );
    }
    assert!(
        flagged.contains(&("Kiev", 0, "transliteration")),
        "{flagged:?}"
    );
    // Spellings used by two articles are not flagged.
    assert!(!flagged
        .iter()
        .any(|(v, _, _)| *v == "Erdogan" || *v == "Türkiye"));
    for v in &x.name_variants {
        assert_eq!(v.article_id, articles[v.article].id);
        assert!(!v.sentences.is_empty());
        assert!(v.sentences.iter().all(|s| s.article == v.article));
    }
}

fn group_with<'a>(x: &'a Extraction, words: &str) -> &'a corroborate_core::QuoteGroup {
    x.quotes
        .iter()
        .find(|g| g.variants.iter().any(|v| v.text.contains(words)))
        .unwrap_or_else(|| panic!("no quote containing {words:?}"))
}

#[test]
fn quotes_are_attributed_and_grouped_across_sources() {
    let (articles, x) = story();
    // Trump's remark, reported verbatim-ish by 0 and 1 and reworded by 2.
    let g = group_with(&x, "Putin and I get together");
    assert_eq!(g.speaker.as_deref(), Some("Donald Trump"));
    assert_eq!(g.agreement, QuoteAgreement::Paraphrase);
    let arts: std::collections::BTreeSet<&str> =
        g.variants.iter().map(|v| v.article.as_str()).collect();
    assert!(arts.contains(articles[0].id.as_str()));
    assert!(
        arts.contains(articles[2].id.as_str()),
        "the differently translated version joins: {g:?}"
    );
    // Medinsky's statement in two independent reports.
    let g = group_with(
        &x,
        "The goal of direct negotiations with the Ukrainian side",
    );
    assert_eq!(g.speaker.as_deref(), Some("Vladimir Medinsky"));
    assert!(g.variants.len() >= 2);
    assert_ne!(g.agreement, QuoteAgreement::Single);
    // Partial quotes inside paraphrase.
    assert_eq!(
        group_with(&x, "clown").speaker.as_deref(),
        Some("Maria Zakharova")
    );
    assert_eq!(
        group_with(&x, "pathetic").speaker.as_deref(),
        Some("Sergei Lavrov")
    );
    // "X said: «…»" after an apposition names X, not the place in it.
    assert_eq!(
        group_with(&x, "does not want any real peace")
            .speaker
            .as_deref(),
        Some("Boris Bondarev")
    );
    // Pronoun: "Zelenskyy renewed his call … «…,» he said".
    assert_eq!(
        group_with(&x, "Kremlin leader must demonstrate")
            .speaker
            .as_deref(),
        Some("Volodymyr Zelenskyy")
    );
    // Pronoun after a sentence where the speaker "told reporters" (and
    // another person, Umerov, is named first): the one who spoke.
    let g = group_with(&x, "No agenda, no timings");
    assert_eq!(g.speaker.as_deref(), Some("Volodymyr Zelenskyy"));
    assert!(
        g.variants
            .iter()
            .any(|v| v.text.contains("personal disrespect")),
        "the same complaint in another report joins: {g:?}"
    );
    // Continuation: an unattributed quote right after "…," he added.
    assert_eq!(
        group_with(&x, "Although I still believe")
            .speaker
            .as_deref(),
        Some("Volodymyr Zelenskyy")
    );
    for g in &x.quotes {
        for v in &g.variants {
            let a = articles
                .iter()
                .find(|a| a.id == v.article)
                .expect("known article");
            assert!(v.sentence < a.sentences.len());
            assert!(
                a.text.contains(&v.text),
                "quote text is verbatim from the article"
            );
        }
    }
}

#[test]
fn times_and_quantities_are_attached_to_sentences() {
    let (articles, x) = story();
    let find_time = |a: usize, text: &str| {
        x.times[a]
            .iter()
            .flatten()
            .find(|t| t.text == text)
            .unwrap_or_else(|| panic!("no time {text:?} in article {a}"))
            .clone()
    };
    // The only date known is the dateline of article 2 (Thursday 15 May
    // 2025); undated articles borrow it.
    assert_eq!(
        find_time(0, "Wednesday night").resolved.as_deref(),
        Some("2025-05-14")
    );
    assert_eq!(
        find_time(1, "Thursday evening").resolved.as_deref(),
        Some("2025-05-15")
    );
    assert_eq!(
        find_time(3, "tomorrow").resolved.as_deref(),
        Some("2025-05-16")
    );
    assert_eq!(
        find_time(0, "March 2022").resolved.as_deref(),
        Some("2022-03")
    );
    let find_q = |a: usize, text: &str| {
        x.quantities[a]
            .iter()
            .flatten()
            .find(|q| q.text == text)
            .unwrap_or_else(|| panic!("no quantity {text:?} in article {a}"))
            .clone()
    };
    assert_eq!(find_q(2, "Tens of thousands").value, Some(10_000.0));
    assert_eq!(find_q(2, "a fifth").value, Some(0.2));
    assert_eq!(find_q(3, "400km").unit.as_deref(), Some("km"));
    assert_eq!(
        find_q(4, "Hundreds of thousands").value_max,
        Some(999_999.0)
    );
    assert_eq!(find_q(1, "30-day").unit.as_deref(), Some("day"));
    // Spans index the sentence text.
    for (ai, a) in articles.iter().enumerate() {
        for s in &a.sentences {
            for q in &x.quantities[ai][s.index] {
                assert_eq!(&s.text[q.start..q.end], q.text);
            }
            for t in &x.times[ai][s.index] {
                assert_eq!(&s.text[t.start..t.end], t.text);
            }
        }
    }
}

#[test]
fn extraction_is_deterministic() {
    let (articles, a) = story();
    let b = extract_story(&articles);
    assert_eq!(a.entities, b.entities);
    assert_eq!(a.quotes, b.quotes);
    assert_eq!(a.name_variants, b.name_variants);
}
