//! The bounds of `corroborate_ingest::limits` on real text: an article too
//! long is cut and a sentence too long is split, each reported as a
//! problem, with the span invariants kept and no words lost in a split.

use corroborate_core::{Format, RawDoc};
use corroborate_ingest::limits::{MAX_ARTICLE_BYTES, MAX_SENTENCE_BYTES};
use corroborate_ingest::segment::segment_bounded;
use corroborate_ingest::{prepare, prepare_reporting};
use std::path::PathBuf;

fn example_text(file: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/istanbul-2025-05-15")
        .join(file);
    std::fs::read_to_string(path).expect("example article")
}

fn doc(body: String) -> RawDoc {
    RawDoc {
        path: "long.txt".into(),
        format: Format::Text,
        title: None,
        body,
        url: None,
        outlet: None,
        published: None,
        author: None,
        language: None,
    }
}

fn check_spans(a: &corroborate_core::Article) {
    let mut previous_end = 0;
    for (i, s) in a.sentences.iter().enumerate() {
        assert_eq!(s.index, i);
        assert_eq!(a.text.get(s.start..s.end), Some(s.text.as_str()));
        assert_eq!(s.text.trim(), s.text);
        assert!(s.start >= previous_end);
        assert!(s.end - s.start <= MAX_SENTENCE_BYTES);
        previous_end = s.end;
    }
}

#[test]
fn an_article_over_the_limit_is_cut_at_a_line_break_and_reported() {
    let article = example_text("002_997212b23cd0c1a8.txt");
    // Copies made distinct (cleaning drops repeated lines as boilerplate).
    let copies = MAX_ARTICLE_BYTES / article.len() + 2;
    let body: String = (0..copies)
        .map(|k| {
            article
                .lines()
                .map(|l| {
                    if l.trim().is_empty() {
                        String::new()
                    } else {
                        format!("In copy {k}, {l}")
                    }
                })
                .collect::<Vec<_>>()
                .join("\n")
                + "\n\n"
        })
        .collect();
    let whole_id = corroborate_core::content_id(&body);
    let mut problems = Vec::new();
    let a = prepare_reporting(doc(body.clone()), &mut problems).expect("prepared");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].reason.contains("article too long"),
        "{problems:?}"
    );
    assert!(a.text.len() <= MAX_ARTICLE_BYTES);
    // Most of the limit is used: the cut is at a break near it.
    assert!(
        a.text.len() > MAX_ARTICLE_BYTES * 9 / 10,
        "{}",
        a.text.len()
    );
    // The id is the whole body's, so the same file keeps its id.
    assert_eq!(a.id, whole_id);
    // The cut falls between lines: the last sentence kept ends its line.
    let last = a.sentences.last().expect("sentences");
    assert!(body.contains(&format!("{}\n", last.text)), "{}", last.text);
    check_spans(&a);
    // `prepare` applies the same bound.
    assert_eq!(prepare(doc(body)).expect("prepared").text, a.text);
}

#[test]
fn an_article_within_the_limit_has_no_problem() {
    let mut problems = Vec::new();
    let a = prepare_reporting(doc(example_text("001_a4767d0125bfa1ac.txt")), &mut problems)
        .expect("prepared");
    assert!(problems.is_empty(), "{problems:?}");
    assert!(a.sentences.len() > 10);
}

#[test]
fn a_sentence_over_the_limit_is_split_at_spaces_and_reported() {
    // Real prose with its sentence ends and line breaks removed: one line
    // of several kilobytes with no full stop in it.
    let article = example_text("003_c390fdf45bc7aac6.txt");
    let run_on: String = article
        .replace(['.', '!', '?', '\n'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(run_on.len() > 2 * MAX_SENTENCE_BYTES);
    let mut problems = Vec::new();
    let a = prepare_reporting(doc(run_on.clone()), &mut problems).expect("prepared");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].reason.contains("split"), "{problems:?}");
    assert!(a.sentences.len() >= run_on.len() / MAX_SENTENCE_BYTES);
    check_spans(&a);
    // Cut at spaces: the pieces hold every word, none cut in two.
    let words: Vec<&str> = a
        .sentences
        .iter()
        .flat_map(|s| s.text.split_whitespace())
        .collect();
    let original: Vec<&str> = a.text.split_whitespace().collect();
    assert_eq!(words, original);
}

#[test]
fn split_without_spaces_falls_on_char_boundaries() {
    // Multi-byte letters and no space at all: the cut must still land
    // between characters.
    let text = "Ş".repeat(3 * MAX_SENTENCE_BYTES);
    let (sentences, split) = segment_bounded(&text, MAX_SENTENCE_BYTES);
    assert_eq!(split, 1);
    assert!(sentences.len() >= 3);
    let joined: String = sentences.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(joined, text);
    for s in &sentences {
        assert_eq!(text.get(s.start..s.end), Some(s.text.as_str()));
        assert!(s.end - s.start <= MAX_SENTENCE_BYTES);
    }
    // A tiny limit still makes progress on four-byte characters.
    let (tiny, _) = segment_bounded("𝔸𝔹ℂ𝔻 𝔼𝔽𝔾", 1);
    assert!(!tiny.is_empty());
}
