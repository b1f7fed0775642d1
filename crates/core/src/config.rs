//! Thresholds and weights of the analysis, in one place.
//!
//! In: nothing, or a JSON file a user passes with `corroborate analyze
//! --config FILE` (every field optional; a missing field keeps its
//! default). Out: an [`AnalysisConfig`] that the verify stage reads and
//! the report records (`config` in report.json), so a report always says
//! which settings produced it.
//!
//! Invariant: `AnalysisConfig::default()` reproduces the built-in
//! behaviour exactly; no stage keeps a copy of these numbers elsewhere.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Settings of the verify stage (findings, fidelity, garble).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct AnalysisConfig {
    /// Shortest sentence, in words, worth a `single_source` finding.
    pub min_single_source_words: usize,
    /// Cosine of content stems above which the verify stage's own
    /// fallback groups two sentences as one claim (used only when the
    /// aligner produced no multi-article claim).
    pub fallback_claim_threshold: f32,
    /// Share of the shorter sentence's content words that two sentences
    /// must share before a negation present in one only is reported.
    pub negation_min_overlap: f32,
    /// Relative tolerance when two amounts are compared after unit
    /// conversion ("8 km" vs "5 miles").
    pub unit_tolerance: f64,
    /// Fewest shared claims an article's fidelity is divided by, so that
    /// an article sharing one or two claims is not ruined by one slip.
    pub fidelity_min_shared: usize,
    /// Share of the fidelity that clean language (1 - garble) decides.
    pub garble_weight: f32,
    /// Raw garble signal level of fluent news text; only the excess
    /// counts.
    pub garble_ordinary_raw: f32,
    /// Probability of contradiction from the learned contradiction model
    /// (`--nli-model`) at or above which an aligned pair the rules let pass
    /// becomes a `contradiction` finding. `None`: [`NLI_THRESHOLD`]. Not
    /// written when unset, so reports without the model are unchanged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nli_threshold: Option<f32>,
}

/// Default of [`AnalysisConfig::nli_threshold`] (docs/eval/contradiction.md).
pub const NLI_THRESHOLD: f32 = 0.9;

impl AnalysisConfig {
    /// The contradiction model's threshold in effect.
    pub fn nli_threshold(&self) -> f32 {
        self.nli_threshold.unwrap_or(NLI_THRESHOLD)
    }
}

impl Default for AnalysisConfig {
    fn default() -> Self {
        Self {
            min_single_source_words: 6,
            fallback_claim_threshold: 0.4,
            negation_min_overlap: 0.5,
            unit_tolerance: 0.05,
            fidelity_min_shared: 4,
            garble_weight: 0.0,
            garble_ordinary_raw: 0.3,
            nli_threshold: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_json_keeps_defaults() {
        let c: AnalysisConfig = serde_json::from_str(r#"{"garble_weight": 0.25}"#).unwrap();
        assert_eq!(c.garble_weight, 0.25);
        assert_eq!(c.min_single_source_words, 6);
        assert!(serde_json::from_str::<AnalysisConfig>(r#"{"no_such": 1}"#).is_err());
    }
}
