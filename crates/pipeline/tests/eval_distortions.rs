//! Injected-distortion evaluation through the whole pipeline (ignored:
//! it prints a report rather than gating the build).
//!
//! In: the real multi-outlet stories under `data/eval/stories/<story>/`
//! (one `.txt` per outlet). For each story it runs the pipeline on
//! 1. the untouched articles, printing every divergence/contradiction
//!    finding for judging by hand;
//! 2. the articles plus a distorted copy of one of them
//!    ([`corroborate_verify::eval::distort`]: antonym swap, inserted
//!    negation, tripled number, replaced surname), counting the injected
//!    changes that a disputed finding puts in evidence (recall) and the
//!    disputed findings on the copy's untouched sentences that its
//!    original does not share (false alarms);
//! 3. the articles plus a verbatim copy of one of them (one line added so
//!    ingest does not drop it as a duplicate), counting disputed findings
//!    that set the copy against its own original (false alarms).
//!
//! Run: `cargo test -p corroborate-pipeline --test eval_distortions --
//! --ignored --nocapture`.

use corroborate_pipeline::core::{Finding, FindingKind, Format, RawDoc, Report};
use corroborate_pipeline::{analyze_docs, Options};
use corroborate_verify::eval::distort;
use std::path::PathBuf;

fn doc(path: &str, body: &str) -> RawDoc {
    RawDoc {
        path: path.to_string(),
        format: Format::Text,
        title: None,
        body: body.to_string(),
        url: None,
        outlet: None,
        published: None,
        author: None,
        language: None,
    }
}

fn disputed(f: &Finding) -> bool {
    matches!(f.kind, FindingKind::Contradiction | FindingKind::Divergence)
}

fn file_name(p: &str) -> &str {
    p.rsplit(['/', '\\']).next().unwrap_or(p)
}

fn describe(r: &Report, f: &Finding) -> String {
    let parts: Vec<String> = f
        .evidence
        .iter()
        .map(|e| {
            let who = r
                .articles
                .iter()
                .find(|a| a.id == e.article)
                .map(|a| file_name(&a.path).to_string())
                .unwrap_or_default();
            let spans: Vec<&str> = e.spans.iter().map(|s| &e.text[s.start..s.end]).collect();
            format!("{who}#{} {spans:?}", e.sentence)
        })
        .collect();
    format!(
        "{:?}/{}: {}",
        f.kind,
        f.detail.as_deref().unwrap_or("-"),
        parts.join(" | ")
    )
}

#[derive(Default)]
struct Totals {
    injected: usize,
    found: usize,
    copy_false_alarms: usize,
    exact_false_alarms: usize,
    untouched_disputed: usize,
    lowest_fidelity: usize,
    stories: usize,
    copies: usize,
}

fn evaluate_story(dir: &PathBuf, totals: &mut Totals) {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    paths.sort();
    let docs: Vec<RawDoc> = paths
        .iter()
        .filter_map(|p| {
            Some(doc(
                &p.display().to_string(),
                &std::fs::read_to_string(p).ok()?,
            ))
        })
        .collect();
    if docs.len() < 2 {
        return;
    }
    totals.stories += 1;
    println!("\n### {}\n", file_name(&dir.display().to_string()));
    let plain = analyze_docs(docs.clone(), Vec::new(), &Options::default());
    let untouched: Vec<&Finding> = plain.findings.iter().filter(|f| disputed(f)).collect();
    totals.untouched_disputed += untouched.len();
    println!(
        "Untouched story ({} articles, {} independent sources): {} disputed findings",
        plain.articles.len(),
        plain.story.independent_sources,
        untouched.len()
    );
    for f in &untouched {
        println!("- {}", describe(&plain, f));
    }

    for victim in 0..docs.len() {
        evaluate_copies(&docs, victim, totals);
    }
}

/// Distorted and verbatim copies of article `victim`, added to the story.
fn evaluate_copies(docs: &[RawDoc], victim: usize, totals: &mut Totals) {
    let (text, injections) = distort(&docs[victim].body);
    totals.copies += 1;
    let copy_path = format!("{}.distorted.txt", docs[victim].path);
    let mut with_copy = docs.to_vec();
    with_copy.push(doc(&copy_path, &text));
    let r = analyze_docs(with_copy, Vec::new(), &Options::default());
    let Some(copy) = r.articles.iter().position(|a| a.path == copy_path) else {
        println!("distorted copy was not analysed");
        return;
    };
    let original_id = r
        .articles
        .iter()
        .find(|a| a.path == docs[victim].path)
        .map(|a| a.id.clone())
        .unwrap_or_default();
    let copy_article = &r.articles[copy];
    println!("\nDistorted copy of `{}`:", file_name(&docs[victim].path));
    let mut distorted_sentences = Vec::new();
    for inj in &injections {
        // The cleaned text may differ from the raw body; find the changed
        // words in the copy's sentences by their new text and context.
        let context_end = (inj.offset + inj.after.len() + 20).min(text.len());
        let context_end = (inj.offset + inj.after.len()..=context_end)
            .rev()
            .find(|&e| text.is_char_boundary(e))
            .unwrap_or(inj.offset + inj.after.len());
        let needle = text[inj.offset..context_end].trim();
        let sentence = copy_article
            .sentences
            .iter()
            .find(|s| {
                s.text.contains(needle)
                    || s.text.contains(inj.after.trim())
                        && s.text
                            .contains(needle.split_whitespace().next().unwrap_or(""))
            })
            .map(|s| s.index);
        if let Some(s) = sentence {
            distorted_sentences.push(s);
        }
        let found = r.findings.iter().filter(|f| disputed(f)).any(|f| {
            f.evidence
                .iter()
                .any(|e| e.article == copy_article.id && Some(e.sentence) == sentence)
        });
        totals.injected += 1;
        totals.found += usize::from(found);
        println!(
            "- {} \"{}\" → \"{}\" (sentence {:?}): {}",
            inj.kind,
            inj.before,
            inj.after.trim(),
            sentence,
            if found { "found" } else { "MISSED" }
        );
    }
    let false_alarms: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| disputed(f))
        .filter(|f| {
            let inherited = |s: usize| {
                f.evidence
                    .iter()
                    .any(|e| e.article == original_id && e.sentence == s)
            };
            f.evidence.iter().any(|e| {
                e.article == copy_article.id
                    && !distorted_sentences.contains(&e.sentence)
                    && !inherited(e.sentence)
            })
        })
        .collect();
    totals.copy_false_alarms += false_alarms.len();
    println!(
        "- false alarms on the copy's untouched sentences: {}",
        false_alarms.len()
    );
    for f in &false_alarms {
        println!("  - {}", describe(&r, f));
    }
    let fidelity: Vec<(String, Option<f32>)> = r
        .articles
        .iter()
        .map(|a| {
            (
                file_name(&a.path).to_string(),
                a.fidelity.map(|f| (f * 100.0).round() / 100.0),
            )
        })
        .collect();
    // Strictly lowest: a tie with its original does not count.
    let copy_fidelity = r.articles[copy].fidelity.unwrap_or(f32::NAN);
    let strictly_lowest = r
        .articles
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != copy)
        .all(|(_, a)| a.fidelity.is_none_or(|f| copy_fidelity < f));
    totals.lowest_fidelity += usize::from(strictly_lowest);
    println!("- fidelity {fidelity:?}; distorted copy strictly lowest: {strictly_lowest}");

    // A verbatim copy (plus one line, so ingest keeps it).
    let exact_path = format!("{}.copy.txt", docs[victim].path);
    let mut with_exact = docs.to_vec();
    with_exact.push(doc(
        &exact_path,
        &format!("{}\n\nThis article was republished.", docs[victim].body),
    ));
    let re = analyze_docs(with_exact, Vec::new(), &Options::default());
    let exact_id = re
        .articles
        .iter()
        .find(|a| a.path == exact_path)
        .map(|a| a.id.clone())
        .unwrap_or_default();
    let victim_id = re
        .articles
        .iter()
        .find(|a| a.path == docs[victim].path)
        .map(|a| a.id.clone())
        .unwrap_or_default();
    let exact_fa: Vec<&Finding> = re
        .findings
        .iter()
        .filter(|f| disputed(f))
        .filter(|f| {
            f.evidence.iter().any(|e| e.article == exact_id)
                && f.evidence
                    .iter()
                    .all(|e| e.article == exact_id || e.article == victim_id)
        })
        .collect();
    totals.exact_false_alarms += exact_fa.len();
    println!(
        "- disputed findings setting the verbatim copy against its original: {}",
        exact_fa.len()
    );
    for f in &exact_fa {
        println!("  - {}", describe(&re, f));
    }
}

#[test]
#[ignore = "evaluation report; run with --ignored --nocapture"]
fn injected_distortions_recall_and_false_alarms() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/eval/stories");
    let mut stories: Vec<PathBuf> = std::fs::read_dir(&root)
        .map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    stories.retain(|p| p.is_dir());
    stories.sort();
    let mut totals = Totals::default();
    for story in &stories {
        evaluate_story(story, &mut totals);
    }
    println!(
        "\n**Total** over {} stories: injected {}, found {} (recall {:.2}); distorted copy strictly lowest fidelity in {} of {} copies; false alarms: {} on distorted copies' untouched sentences, {} between verbatim copies and originals; {} disputed findings on the untouched stories (judge by hand above)",
        totals.stories,
        totals.injected,
        totals.found,
        totals.found as f32 / totals.injected.max(1) as f32,
        totals.lowest_fidelity,
        totals.copies,
        totals.copy_false_alarms,
        totals.exact_false_alarms,
        totals.untouched_disputed
    );
    assert!(totals.injected > 0);
}
