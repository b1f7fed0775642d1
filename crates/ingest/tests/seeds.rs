//! Cleaning and segmentation on the example story (real articles).

use corroborate_core::Article;
use corroborate_ingest::{ingest_paths, prepare};
use std::path::PathBuf;

fn seeds() -> Vec<Article> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/istanbul-2025-05-15");
    let ingested = ingest_paths(&[dir]);
    assert!(ingested.problems.is_empty(), "{:?}", ingested.problems);
    ingested
        .docs
        .into_iter()
        .map(|d| prepare(d).expect("seed prepares"))
        .collect()
}

#[test]
fn seeds_load_as_five_articles_with_valid_spans() {
    let articles = seeds();
    assert_eq!(articles.len(), 5);
    for a in &articles {
        assert!(
            a.sentences.len() > 10,
            "{} has {} sentences",
            a.path,
            a.sentences.len()
        );
        for (i, s) in a.sentences.iter().enumerate() {
            assert_eq!(s.index, i);
            assert_eq!(&a.text[s.start..s.end], s.text);
            assert_eq!(s.text.trim(), s.text);
        }
    }
}

fn removed(a: &Article) -> Vec<(&str, &str)> {
    a.removed
        .iter()
        .map(|r| (r.reason.as_str(), r.text.as_str()))
        .collect()
}

fn by_prefix<'a>(articles: &'a [Article], prefix: &str) -> &'a Article {
    articles
        .iter()
        .find(|a| {
            std::path::Path::new(&a.path)
                .file_name()
                .is_some_and(|f| f.to_string_lossy().starts_with(prefix))
        })
        .expect("seed present")
}

#[test]
fn seed_000_drops_video_teasers_caption_and_title() {
    let articles = seeds();
    let a = by_prefix(&articles, "000_");
    let r = removed(a);
    assert!(r.contains(&(
        "video_teaser",
        "Trump claims \"nothing will happen\" before meeting Putin in Ukraine - Video"
    )));
    assert!(r.contains(&(
        "video_teaser",
        "Rubio says Ukraine's breakthrough depends on a meeting between Trump and Putin - Video"
    )));
    assert!(r.iter().any(
        |(why, text)| *why == "caption" && text.ends_with("Photo: Vladimir Soldatkin/Reuters")
    ));
    assert_eq!(r[0].0, "title");
    assert_eq!(
        a.title.as_deref(),
        Some("Zelenskyy sends teams to negotiate peace, but says Russia is \"not serious enough\"")
    );
    assert!(!a.text.contains("- Video"));
    assert!(!a.text.contains("Photo:"));
    // Real report sentences stay.
    assert!(a
        .text
        .contains("Negotiations are scheduled to begin on Friday"));
    assert_eq!(r.len(), 4, "{r:?}");
}

#[test]
fn seed_001_drops_section_label_title_and_share_prompt() {
    let articles = seeds();
    let a = by_prefix(&articles, "001_");
    let r = removed(a);
    assert_eq!(r[0], ("section_label", "News"));
    assert_eq!(r[1].0, "title");
    assert_eq!(r.last().map(|x| x.0), Some("share_prompt"));
    assert!(r
        .last()
        .is_some_and(|x| x.1.starts_with("For Diaspora Digital Media Updates")));
    assert_eq!(r.len(), 3, "{r:?}");
    assert!(a
        .text
        .starts_with("Ukrainian President Volodymyr Zelenskyy has reportedly sent"));
    assert!(a.text.ends_with(
        "you need to pressure the side that is not serious about ending the war,” he said."
    ));
}

#[test]
fn seed_002_parses_dateline_and_drops_headlines() {
    let articles = seeds();
    let a = by_prefix(&articles, "002_");
    assert_eq!(a.published.as_deref(), Some("2025-05-15"));
    assert_eq!(a.dateline_place.as_deref(), Some("ISTANBUL"));
    assert_eq!(
        removed(a),
        [
            ("dateline", "date 2025-05-15 ISTANBUL:"),
            (
                "related_headline",
                "Kremlin rejects Europe’s ‘ultimatums’ for truce with Ukraine"
            ),
            ("subheading", "‘Dummy’ delegation"),
            ("subheading", "‘Compromises’"),
        ]
    );
    assert!(a
        .text
        .starts_with("Ukrainian President Volodymyr Zelenskyy said he had sent a team"));
    assert_eq!(
        a.sentences[0].text,
        "Ukrainian President Volodymyr Zelenskyy said he had sent a team to Istanbul for the first direct peace talks with Russia in three years, but played down expectations of a breakthrough, saying Moscow was “not serious” about ending the war."
    );
}

#[test]
fn independent_seeds_lose_nothing() {
    let articles = seeds();
    for prefix in ["003_", "004_"] {
        let a = by_prefix(&articles, prefix);
        assert!(a.removed.is_empty(), "{}: {:?}", a.path, a.removed);
    }
}

#[test]
fn seed_sentences_split_at_quotes_and_keep_abbreviations() {
    let articles = seeds();
    let a = by_prefix(&articles, "003_");
    let texts: Vec<&str> = a.sentences.iter().map(|s| s.text.as_str()).collect();
    assert!(texts.contains(&"“No agenda, no timings, no high-level delegation – I think that is disrespect, to presidents Trump and Erdogan,” he said."));
    assert!(texts.contains(&"“There is disrespect to all parties of these talks.”"));
    assert!(texts.contains(&"About 400km away, Mr Zelenskyy said Russia lacked seriousness and was behaving disrespectfully in negotiations over ending the war, even though they were initially proposed by Mr Putin."));
    let b = by_prefix(&articles, "001_");
    assert!(b
        .sentences
        .iter()
        .any(|s| s.text == "This is especially as U.S. officials suggest that meaningful progress is unlikely without a meeting between Donald Trump and Vladimir Putin."));
}
