//! The contradiction-model hook of the verify stage, on the example story
//! with stand-in scorers (the real model's quality is measured in
//! docs/eval/contradiction.md): without a model, or with one that never
//! fires or fails, the report is byte-identical to today's; a model that
//! fires adds `contradiction` findings of detail `nli` carrying the
//! probability; copies that change nothing are never sent to it.

use corroborate_pipeline::core::{ContradictionScorer, EncoderError, FindingKind, Report};
use corroborate_pipeline::{analyze_paths, Options};
use std::path::PathBuf;
use std::sync::Mutex;

fn example() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/istanbul-2025-05-15")
}

fn analyze(nli: Option<&dyn ContradictionScorer>) -> Report {
    analyze_paths(
        &[example()],
        &Options {
            nli,
            ..Options::default()
        },
    )
}

fn json(r: &Report) -> String {
    serde_json::to_string(r).unwrap()
}

/// Gives every pair the same probability (or fails) and records the pairs.
struct Fixed {
    p: Option<f32>,
    seen: Mutex<Vec<(String, String)>>,
}

impl Fixed {
    fn new(p: Option<f32>) -> Self {
        Fixed {
            p,
            seen: Mutex::new(Vec::new()),
        }
    }
}

impl ContradictionScorer for Fixed {
    fn name(&self) -> &str {
        "fixed"
    }
    fn contradiction(&self, pairs: &[(&str, &str)]) -> Result<Vec<f32>, EncoderError> {
        self.seen
            .lock()
            .unwrap()
            .extend(pairs.iter().map(|&(a, b)| (a.to_string(), b.to_string())));
        match self.p {
            Some(p) => Ok(vec![p; pairs.len()]),
            None => Err(EncoderError::Encode("stand-in failure".into())),
        }
    }
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

#[test]
fn no_model_a_silent_model_and_a_failing_model_change_nothing() {
    let base = json(&analyze(None));
    assert!(!base.contains("\"probability\"") && !base.contains("nli_threshold"));
    let silent = Fixed::new(Some(0.1));
    assert_eq!(json(&analyze(Some(&silent))), base);
    assert!(
        !silent.seen.lock().unwrap().is_empty(),
        "the example's aligned claims should have been scored"
    );
    let failing = Fixed::new(None);
    assert_eq!(json(&analyze(Some(&failing))), base);
}

#[test]
fn a_firing_model_adds_nli_contradictions_with_their_probability() {
    let base = analyze(None);
    let firing = Fixed::new(Some(0.97));
    let report = analyze(Some(&firing));
    let nli: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.detail.as_deref() == Some("nli"))
        .collect();
    assert!(!nli.is_empty());
    for f in &nli {
        assert_eq!(f.kind, FindingKind::Contradiction);
        assert_eq!(f.probability, Some(0.97));
        assert!(f.evidence.len() >= 2);
        assert!(f.evidence.iter().all(|e| !e.spans.is_empty()));
    }
    // Rule findings are all still there.
    let rules = |r: &Report| {
        r.findings
            .iter()
            .filter(|f| f.detail.as_deref() != Some("nli") && f.kind == FindingKind::Contradiction)
            .count()
    };
    assert_eq!(rules(&report), rules(&base));
    // Never asked about two texts with the same words (copies).
    for (a, b) in firing.seen.lock().unwrap().iter() {
        assert_ne!(words(a), words(b), "a copy was scored: {a}");
    }
}
