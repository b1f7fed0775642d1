//! Injected-distortion evaluation of the verify stage.
//!
//! In: a folder of story folders (default `data/eval/stories`), each with
//! one `.txt` per outlet. Out (stdout, Markdown): per story, the disputed
//! findings on the untouched articles (for judging by hand), the recall of
//! injected distortions (antonym, negation, number, name) in a distorted
//! copy of one article, false alarms on the copy's untouched sentences and
//! on an exact copy, and whether the distorted copy gets the lowest
//! fidelity.
//!
//! Runs the verify stage alone: sentences split as ingest splits them, alignment left
//! empty so the stage's fallback claims are used, every article its own
//! source group. Run: `cargo run -p corroborate-eval --example
//! eval_distortions -- data/eval/stories`.

use corroborate_align::StoryAlignment;
use corroborate_core::{Article, Finding, FindingKind};
use corroborate_eval::distort::distort;
use corroborate_eval::plain::plain_article;
use corroborate_extract::Extraction;

fn disputed(f: &Finding) -> bool {
    matches!(f.kind, FindingKind::Contradiction | FindingKind::Divergence)
}

fn run(articles: &[Article]) -> corroborate_verify::Verification {
    let alignment = StoryAlignment {
        source_group: (0..articles.len()).collect(),
        ..Default::default()
    };
    corroborate_verify::verify(articles, &alignment, &Extraction::default())
}

fn describe(articles: &[Article], f: &Finding) -> String {
    let parts: Vec<String> = f
        .evidence
        .iter()
        .map(|e| {
            let who = articles
                .iter()
                .find(|a| a.id == e.article)
                .map(|a| a.path.rsplit('/').next().unwrap_or("").to_string())
                .unwrap_or_default();
            let spans: Vec<&str> = e.spans.iter().map(|s| &e.text[s.start..s.end]).collect();
            format!("{who}#{} {:?}", e.sentence, spans)
        })
        .collect();
    format!(
        "{:?}/{}: {}",
        f.kind,
        f.detail.as_deref().unwrap_or("-"),
        parts.join(" | ")
    )
}

fn main() {
    let root = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "data/eval/stories".into());
    let mut stories: Vec<_> = std::fs::read_dir(&root)
        .map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    stories.retain(|p| p.is_dir());
    stories.sort();
    let (mut total_injected, mut total_found) = (0, 0);
    let (mut total_copy_fa, mut total_exact_fa) = (0, 0);
    for story in &stories {
        let mut paths: Vec<_> = std::fs::read_dir(story)
            .map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        paths.retain(|p| p.extension().is_some_and(|e| e == "txt"));
        paths.sort();
        let articles: Vec<Article> = paths
            .iter()
            .filter_map(|p| {
                let text = std::fs::read_to_string(p).ok()?;
                Some(plain_article(&p.display().to_string(), &text, None))
            })
            .collect();
        println!("\n### {}\n", story.display());
        let v = run(&articles);
        println!("Untouched story: {} disputed findings", v.disputed.len());
        for &i in &v.disputed {
            println!("- {}", describe(&articles, &v.findings[i]));
        }

        // Distorted copy of the first article with the most injections.
        let Some((victim, (text, injections))) = articles
            .iter()
            .enumerate()
            .map(|(i, a)| (i, distort(&a.text)))
            .max_by_key(|(i, (_, inj))| (inj.len(), std::cmp::Reverse(*i)))
        else {
            continue;
        };
        let mut with_copy = articles.clone();
        let copy = plain_article(&format!("{}.distorted", articles[victim].path), &text, None);
        let copy_id = copy.id.clone();
        with_copy.push(copy.clone());
        let vd = run(&with_copy);
        let copy_index = with_copy.len() - 1;
        let sentence_of = |offset: usize| {
            copy.sentences
                .iter()
                .find(|s| s.start <= offset && offset < s.end)
                .map(|s| s.index)
        };
        let distorted_sentences: Vec<usize> = injections
            .iter()
            .filter_map(|i| sentence_of(i.offset))
            .collect();
        println!(
            "\nDistorted copy of `{}`:",
            articles[victim].path.rsplit('/').next().unwrap_or("")
        );
        for inj in &injections {
            let sentence = sentence_of(inj.offset);
            let found = vd.findings.iter().filter(|f| disputed(f)).any(|f| {
                f.evidence
                    .iter()
                    .any(|e| e.article == copy_id && Some(e.sentence) == sentence)
            });
            total_injected += 1;
            total_found += usize::from(found);
            println!(
                "- {} \"{}\" → \"{}\" (sentence {:?}): {}",
                inj.kind,
                inj.before,
                inj.after,
                sentence,
                if found { "found" } else { "MISSED" }
            );
        }
        let copy_false_alarms: Vec<&Finding> = vd
            .findings
            .iter()
            .filter(|f| disputed(f))
            .filter(|f| {
                // A disputed point the original shares with the copy is
                // inherited, not a false alarm.
                let inherited = |s: usize| {
                    f.evidence
                        .iter()
                        .any(|e| e.article == articles[victim].id && e.sentence == s)
                };
                f.evidence.iter().any(|e| {
                    e.article == copy_id
                        && !distorted_sentences.contains(&e.sentence)
                        && !inherited(e.sentence)
                })
            })
            .collect();
        total_copy_fa += copy_false_alarms.len();
        println!(
            "- false alarms on the copy's untouched sentences: {}",
            copy_false_alarms.len()
        );
        for f in &copy_false_alarms {
            println!("  - {}", describe(&with_copy, f));
        }
        let lowest = (0..with_copy.len())
            .filter_map(|i| vd.fidelity[i].map(|f| (i, f)))
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| i);
        println!(
            "- fidelity: distorted copy {:.2}, others {:?}; lowest is the copy: {}",
            vd.fidelity[copy_index].unwrap_or(f32::NAN),
            (0..articles.len())
                .map(|i| vd.fidelity[i].map(|f| (f * 100.0).round() / 100.0))
                .collect::<Vec<_>>(),
            lowest == Some(copy_index)
        );

        // Exact copy: nothing may be disputed between it and its original.
        let mut with_exact = articles.clone();
        let mut exact = articles[victim].clone();
        exact.id = format!("{}-copy", exact.id);
        exact.path = format!("{}.copy", exact.path);
        let exact_id = exact.id.clone();
        with_exact.push(exact);
        let ve = run(&with_exact);
        let exact_fa = ve
            .findings
            .iter()
            .filter(|f| disputed(f))
            .filter(|f| {
                // The copy set against its own original (a point both
                // share against a third source is not one).
                f.evidence.iter().any(|e| e.article == exact_id)
                    && f.evidence
                        .iter()
                        .all(|e| e.article == exact_id || e.article == articles[victim].id)
            })
            .count();
        total_exact_fa += exact_fa;
        println!("- disputed findings between the exact copy and its original: {exact_fa}");
    }
    println!(
        "\n**Total**: injected {total_injected}, found {total_found} (recall {:.2}); false alarms on distorted copies' untouched sentences {total_copy_fa}; on exact copies {total_exact_fa}",
        if total_injected == 0 { 0.0 } else { total_found as f32 / total_injected as f32 }
    );
}
