//! Injected-distortion evaluation through the whole pipeline (ignored:
//! it prints a report rather than gating the build).
//!
//! In: the real multi-outlet stories under `data/eval/stories/<story>/`
//! (one `.txt` per outlet). For each story it runs the pipeline on
//! 1. the untouched articles, printing every divergence/contradiction
//!    finding for judging by hand;
//! 2. the articles plus a distorted copy of one of them
//!    ([`corroborate_eval::distort::distort`]: antonym swap, inserted
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

use corroborate_eval::distort::distort;
use corroborate_pipeline::core::{Finding, FindingKind, RawDoc, Report};
use corroborate_pipeline::{analyze_docs, Options};
use std::path::PathBuf;

fn doc(path: &str, body: &str) -> RawDoc {
    RawDoc::text(path, body)
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

/// Where the development stories live: `$STORIES` or
/// `../shared/datasets/stories-dev` next to the repository.
fn dev_root() -> PathBuf {
    std::env::var_os("STORIES")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/datasets/stories-dev")
        })
}

fn story_dirs(root: &PathBuf) -> Vec<PathBuf> {
    let mut stories: Vec<PathBuf> = std::fs::read_dir(root)
        .map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    stories.retain(|p| p.is_dir());
    stories.sort();
    stories
}

fn story_docs(dir: &PathBuf) -> Vec<RawDoc> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    paths.sort();
    paths
        .iter()
        .filter_map(|p| {
            Some(doc(
                &p.display().to_string(),
                &std::fs::read_to_string(p).ok()?,
            ))
        })
        .collect()
}

/// The stable key of a disputed finding: story, kind, detail and the
/// `file#sentence` of every evidence sentence (sorted), so a re-run
/// finds the label again and only new findings need labelling.
fn finding_key(story: &str, r: &Report, f: &Finding) -> String {
    let mut members: Vec<String> = f
        .evidence
        .iter()
        .map(|e| {
            let file = r
                .articles
                .iter()
                .find(|a| a.id == e.article)
                .map(|a| file_name(&a.path).to_string())
                .unwrap_or_default();
            format!("{file}#{}", e.sentence)
        })
        .collect();
    members.sort();
    format!(
        "{story}|{}|{}|{}",
        format!("{:?}", f.kind).to_lowercase(),
        f.detail.as_deref().unwrap_or("-"),
        members.join("|")
    )
}

fn json_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Labels: one JSON object per line with at least `key` and `label`
/// (`true`, `false_alarm` or `wrong_pair`; see data/eval/labels/PROTOCOL.md).
fn read_labels(path: &PathBuf) -> std::collections::BTreeMap<String, String> {
    let mut out = std::collections::BTreeMap::new();
    let text = std::fs::read_to_string(path).unwrap_or_default();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if let (Some(k), Some(l)) = (v["key"].as_str(), v["label"].as_str()) {
            out.insert(k.to_string(), l.to_string());
        }
    }
    out
}

/// Every contradiction/divergence finding on the untouched development
/// stories, in a labelling-friendly form, scored against the labels in
/// `data/eval/labels/findings-dev.jsonl`. Findings without a label are
/// written as ready-to-label JSON lines to `target/findings-unlabelled.jsonl`.
///
/// Run: `cargo test -p corroborate-pipeline --test eval_distortions
/// findings_on_dev_stories -- --ignored --nocapture`.
#[test]
#[ignore = "evaluation report; run with --ignored --nocapture"]
fn findings_on_dev_stories() {
    let root = dev_root();
    let labels_path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/eval/labels/findings-dev.jsonl");
    let labels = read_labels(&labels_path);
    let mut unlabelled = String::new();
    let (mut stories, mut total) = (0usize, 0usize);
    let mut by_label: std::collections::BTreeMap<String, usize> = Default::default();
    let mut by_detail: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    for dir in story_dirs(&root) {
        let docs = story_docs(&dir);
        if docs.len() < 2 {
            continue;
        }
        stories += 1;
        let story = file_name(&dir.display().to_string()).to_string();
        let r = analyze_docs(docs, Vec::new(), &Options::default());
        println!("\n### {story}");
        for f in r.findings.iter().filter(|f| disputed(f)) {
            total += 1;
            let key = finding_key(&story, &r, f);
            let label = labels.get(&key).cloned();
            let l = label.clone().unwrap_or_else(|| "UNLABELLED".into());
            *by_label.entry(l.clone()).or_default() += 1;
            let d = by_detail
                .entry(f.detail.clone().unwrap_or_default())
                .or_default();
            d.0 += 1;
            d.1 += usize::from(l == "true");
            println!("\n- [{l}] {key}\n  {}", f.summary);
            for e in &f.evidence {
                let who = r
                    .articles
                    .iter()
                    .find(|a| a.id == e.article)
                    .map(|a| file_name(&a.path))
                    .unwrap_or("");
                let spans: Vec<&str> = e.spans.iter().map(|s| &e.text[s.start..s.end]).collect();
                println!("  - {who}#{} {spans:?}: {}", e.sentence, e.text);
            }
            if label.is_none() {
                let ev: Vec<String> = f
                    .evidence
                    .iter()
                    .map(|e| {
                        let spans: Vec<&str> =
                            e.spans.iter().map(|s| &e.text[s.start..s.end]).collect();
                        format!(
                            "{{\"sentence\":{},\"spans\":\"{}\",\"text\":\"{}\"}}",
                            e.sentence,
                            json_escape(&spans.join(" / ")),
                            json_escape(&e.text)
                        )
                    })
                    .collect();
                unlabelled.push_str(&format!(
                    "{{\"key\":\"{}\",\"label\":\"\",\"summary\":\"{}\",\"evidence\":[{}]}}\n",
                    json_escape(&key),
                    json_escape(&f.summary),
                    ev.join(",")
                ));
            }
        }
    }
    let out =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/findings-unlabelled.jsonl");
    let _ = std::fs::write(&out, &unlabelled);
    let count = |l: &str| by_label.get(l).copied().unwrap_or(0);
    let labelled = total - count("UNLABELLED");
    println!(
        "\n**Findings** over {stories} stories: {total} disputed findings ({:.2} per story); labels {by_label:?}",
        total as f32 / stories.max(1) as f32
    );
    println!(
        "precision (true / labelled) {:.3}; false alarms per story {:.2}; wrong pair {}; unlabelled {}",
        count("true") as f32 / labelled.max(1) as f32,
        count("false_alarm") as f32 / stories.max(1) as f32,
        count("wrong_pair"),
        count("UNLABELLED")
    );
    println!("by detail (findings, true): {by_detail:?}");
    assert!(stories > 0, "no stories under {}", root.display());
}

/// The sentence of `article` holding an injected change.
fn locate(
    article: &corroborate_pipeline::core::ArticleReport,
    text: &str,
    inj: &corroborate_eval::distort::Injection,
) -> Option<usize> {
    let end = (inj.offset + inj.after.len() + 20).min(text.len());
    let end = (inj.offset + inj.after.len()..=end)
        .rev()
        .find(|&e| text.is_char_boundary(e))
        .unwrap_or(inj.offset + inj.after.len());
    let start = (inj.offset.saturating_sub(20)..=inj.offset)
        .find(|&s| text.is_char_boundary(s))
        .unwrap_or(inj.offset);
    let around = text[start..end].trim();
    let after = text[inj.offset..end].trim();
    article
        .sentences
        .iter()
        .find(|s| !around.is_empty() && s.text.contains(around))
        .or_else(|| {
            article
                .sentences
                .iter()
                .find(|s| !after.is_empty() && s.text.contains(after))
        })
        .map(|s| s.index)
}

#[derive(Default)]
struct KindTally {
    runs: usize,
    found: usize,
    lowest: usize,
    /// Runs whose finding says its blame is presumed (no source settles
    /// which version is the original).
    presumed: usize,
}

/// Where the distorted copy of `original` is put. Articles are analysed in
/// path order and, when no publication date decides, the fidelity tie-break
/// blames the later of an original and its copy; `EVAL_COPY_FIRST=1` names
/// the copy so that it sorts *before* its original, to measure how much the
/// ranking owes to that order.
fn copy_path_for(original: &str, kind: &str) -> String {
    if std::env::var_os("EVAL_COPY_FIRST").is_some() {
        let path = std::path::Path::new(original);
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or(original);
        let copy = format!("!{name}.{kind}.txt");
        match path.parent() {
            Some(dir) => dir.join(copy).to_string_lossy().into_owned(),
            None => copy,
        }
    } else {
        format!("{original}.{kind}.txt")
    }
}

/// One-sentence distortions of every kind ([`DistortionKind`]) in a copy
/// of each article of each development story, applied inside a sentence
/// that another outlet also reports (a claim with two or more
/// independent sources), so that a majority exists. Prints recall per
/// kind, how often the distorted copy gets the strictly lowest fidelity,
/// false alarms on the copy's untouched sentences, and the disputes
/// between verbatim / shuffled / truncated copies and their original.
///
/// Run: `cargo test -p corroborate-pipeline --test eval_distortions
/// single_distortions_on_dev_stories -- --ignored --nocapture`.
#[test]
#[ignore = "evaluation report; run with --ignored --nocapture"]
fn single_distortions_on_dev_stories() {
    use corroborate_eval::distort::{distort_one, story_people, story_places, DistortionKind};
    let mut tally: std::collections::BTreeMap<&str, KindTally> = Default::default();
    let (mut copy_fa, mut copies_disputes, mut copies) = (0usize, 0usize, 0usize);
    let mut no_place: std::collections::BTreeMap<&str, usize> = Default::default();
    for dir in story_dirs(&dev_root()) {
        let docs = story_docs(&dir);
        if docs.len() < 2 {
            continue;
        }
        let story = file_name(&dir.display().to_string()).to_string();
        let plain = analyze_docs(docs.clone(), Vec::new(), &Options::default());
        let bodies: Vec<&str> = docs.iter().map(|d| d.body.as_str()).collect();
        let people = story_people(&bodies);
        let places = story_places(&bodies);
        for victim in &docs {
            let Some(orig) = plain.articles.iter().find(|a| a.path == victim.path) else {
                continue;
            };
            // Sentences of the victim that two or more independent sources report.
            let mut located: Vec<(usize, usize, usize)> = plain
                .claims
                .iter()
                .filter(|c| c.independent_support >= 2)
                .flat_map(|c| c.sentences.iter())
                .filter(|s| s.article == orig.id)
                .filter_map(|s| {
                    // The last occurrence: a title line repeating the
                    // first sentence is not a sentence of the article.
                    let at = victim.body.rfind(s.text.as_str())?;
                    Some((at, at + s.text.len(), s.sentence))
                })
                .collect();
            located.sort_unstable();
            located.dedup();
            let corroborated: Vec<(usize, usize)> =
                located.iter().map(|&(a, b, _)| (a, b)).collect();
            for kind in DistortionKind::ALL {
                // No sentence another outlet reports: no majority to
                // measure against (and `distort_one` would edit anywhere).
                if corroborated.is_empty() {
                    *no_place.entry(kind.as_str()).or_default() += 1;
                    continue;
                }
                let Some((text, inj)) =
                    distort_one(&victim.body, kind, &corroborated, &people, &places)
                else {
                    *no_place.entry(kind.as_str()).or_default() += 1;
                    continue;
                };
                let copy_path = copy_path_for(&victim.path, kind.as_str());
                let mut with_copy = docs.clone();
                with_copy.push(doc(&copy_path, &text));
                let r = analyze_docs(with_copy, Vec::new(), &Options::default());
                let Some(ci) = r.articles.iter().position(|a| a.path == copy_path) else {
                    continue;
                };
                let copy = &r.articles[ci];
                // The copy differs from its original by one word, so it is
                // segmented the same way: the distorted sentence keeps the
                // index of the original sentence the edit was made in.
                let sentence = located
                    .iter()
                    .find(|&&(a, b, _)| a <= inj.offset && inj.offset <= b)
                    .map(|&(_, _, s)| s)
                    .filter(|&s| {
                        copy.sentences.get(s).is_some_and(|cs| {
                            orig.sentences.get(s).is_some_and(|os| os.text != cs.text)
                        })
                    })
                    .or_else(|| locate(copy, &text, &inj));
                let found = r.findings.iter().filter(|f| disputed(f)).any(|f| {
                    f.evidence
                        .iter()
                        .any(|e| e.article == copy.id && Some(e.sentence) == sentence)
                });
                let presumed = r.findings.iter().filter(|f| disputed(f)).any(|f| {
                    f.summary.contains("presumes the later one")
                        && f.evidence
                            .iter()
                            .any(|e| e.article == copy.id && Some(e.sentence) == sentence)
                });
                let cf = copy.fidelity.unwrap_or(f32::NAN);
                let lowest = r
                    .articles
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != ci)
                    .all(|(_, a)| a.fidelity.is_none_or(|f| cf < f));
                let original_id = r
                    .articles
                    .iter()
                    .find(|a| a.path == victim.path)
                    .map(|a| a.id.clone())
                    .unwrap_or_default();
                let fa: Vec<&Finding> = r
                    .findings
                    .iter()
                    .filter(|f| disputed(f))
                    .filter(|f| {
                        // An untouched sentence carries its original's
                        // disagreements with other outlets: whichever of the
                        // two a finding names (the group's first member), it
                        // is the original's finding, not one the edit made.
                        let inherited = |s: usize| {
                            let same_text = copy.sentences.get(s).and_then(|cs| {
                                orig.sentences.iter().position(|os| os.text == cs.text)
                            });
                            f.evidence
                                .iter()
                                .any(|e| e.article == original_id && e.sentence == s)
                                || same_text.is_some_and(|o| {
                                    plain.findings.iter().filter(|p| disputed(p)).any(|p| {
                                        p.kind == f.kind
                                            && p.evidence
                                                .iter()
                                                .any(|e| e.article == orig.id && e.sentence == o)
                                    })
                                })
                        };
                        f.evidence.iter().any(|e| {
                            e.article == copy.id
                                && Some(e.sentence) != sentence
                                && !inherited(e.sentence)
                        })
                    })
                    .collect();
                copy_fa += fa.len();
                let t = tally.entry(kind.as_str()).or_default();
                t.runs += 1;
                t.found += usize::from(found);
                t.lowest += usize::from(lowest);
                t.presumed += usize::from(presumed);
                if !found || !lowest {
                    println!(
                        "{story}/{} {} {:?} -> {:?} (sentence {sentence:?}): {}{}",
                        file_name(&victim.path),
                        kind.as_str(),
                        inj.before,
                        inj.after,
                        if found { "found" } else { "MISSED" },
                        if lowest {
                            String::new()
                        } else {
                            format!(
                                "; copy not lowest fidelity: {:?}",
                                r.articles
                                    .iter()
                                    .map(|a| (
                                        file_name(&a.path).to_string(),
                                        a.fidelity.map(|f| (f * 1000.0).round() / 1000.0)
                                    ))
                                    .collect::<Vec<_>>()
                            )
                        }
                    );
                }
                for f in &fa {
                    println!("  false alarm on copy: {}", describe(&r, f));
                }
            }
            // Copies that change nothing a reader cares about.
            let paragraphs: Vec<&str> = victim.body.split("\n\n").collect();
            let mut reversed = paragraphs.clone();
            reversed.reverse();
            let half = paragraphs.len().div_ceil(2).max(1);
            for (name, body) in [
                (
                    "verbatim",
                    format!("{}\n\nThis article was republished.", victim.body),
                ),
                ("shuffled", reversed.join("\n\n")),
                ("truncated", paragraphs[..half].join("\n\n")),
            ] {
                if body == victim.body {
                    continue;
                }
                copies += 1;
                let path = format!("{}.{name}.txt", victim.path);
                let mut with = docs.clone();
                with.push(doc(&path, &body));
                let r = analyze_docs(with, Vec::new(), &Options::default());
                let id = |p: &str| {
                    r.articles
                        .iter()
                        .find(|a| a.path == p)
                        .map(|a| a.id.clone())
                        .unwrap_or_default()
                };
                let (cid, oid) = (id(&path), id(&victim.path));
                for f in r.findings.iter().filter(|f| disputed(f)) {
                    if f.evidence.iter().any(|e| e.article == cid)
                        && f.evidence
                            .iter()
                            .all(|e| e.article == cid || e.article == oid)
                    {
                        copies_disputes += 1;
                        println!(
                            "{story} {name} copy disputes its original: {}",
                            describe(&r, f)
                        );
                    }
                }
            }
        }
    }
    let (mut runs, mut found, mut lowest, mut presumed) = (0, 0, 0, 0);
    println!(
        "\n| kind | runs | found | recall | copy strictly lowest fidelity | blame presumed (no source settles it) |\n|---|---|---|---|---|---|"
    );
    for (k, t) in &tally {
        runs += t.runs;
        found += t.found;
        lowest += t.lowest;
        presumed += t.presumed;
        println!(
            "| {k} | {} | {} | {:.3} | {:.3} | {} |",
            t.runs,
            t.found,
            t.found as f32 / t.runs.max(1) as f32,
            t.lowest as f32 / t.runs.max(1) as f32,
            t.presumed
        );
    }
    println!(
        "| all | {runs} | {found} | {:.3} | {:.3} | {presumed} |",
        found as f32 / runs.max(1) as f32,
        lowest as f32 / runs.max(1) as f32
    );
    println!(
        "no corroborated place for the kind: {no_place:?}\nfalse alarms on distorted copies' untouched sentences: {copy_fa}\ndisputes between {copies} verbatim/shuffled/truncated copies and their original: {copies_disputes}"
    );
    assert!(runs > 0);
}
