//! The JSON report: the public contract of `corroborate analyze`.
//!
//! Documented field by field in `docs/report-format.md`, with a JSON Schema
//! in `docs/report.schema.json` generated from these types ([`report_schema`];
//! a test keeps the committed file equal to it). Articles are referred to by their content
//! id (`article`), sentences by their index in that article (`sentence`).
//! Fields are only ever added, never renamed, within a `format_version`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{InputProblem, RemovedLine, Sentence};

pub const FORMAT_VERSION: u32 = 1;

/// The JSON Schema of [`Report`] as committed in `docs/report.schema.json`:
/// derived from the types (their doc comments become descriptions), so it
/// cannot drift from what `corroborate analyze` writes.
pub fn report_schema() -> serde_json::Value {
    let mut schema =
        serde_json::to_value(schemars::schema_for!(Report)).expect("a JSON Schema is plain JSON");
    if let Some(root) = schema.as_object_mut() {
        root.insert("$id".into(), "urn:corroborate:report:1".into());
        root.insert("title".into(), "corroborate report".into());
        root.insert(
            "description".into(),
            format!(
                "The JSON report written by `corroborate analyze` (report.json), format_version \
                 {FORMAT_VERSION}. Generated from corroborate_core::Report; see docs/report-format.md."
            )
            .into(),
        );
    }
    schema
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Report {
    pub format_version: u32,
    pub story: StoryInfo,
    pub articles: Vec<ArticleReport>,
    /// Inputs that could not be analysed, with the reason.
    pub problems: Vec<InputProblem>,
    pub entities: Vec<Entity>,
    pub quotes: Vec<QuoteGroup>,
    /// Sets of aligned sentences that report the same fact.
    pub claims: Vec<Claim>,
    pub findings: Vec<Finding>,
    pub lineage: Vec<LineageEdge>,
    /// Sentence pairs across articles judged to say the same thing.
    pub alignments: Vec<AlignedPair>,
    pub summary: Vec<SummarySentence>,
    /// Points where sources disagree (finding indices into `findings`).
    pub disputed: Vec<usize>,
    /// The settings the analysis ran with.
    #[serde(default)]
    pub config: crate::config::AnalysisConfig,
}

impl Report {
    /// Position in `articles` of each article id: every consumer that follows
    /// a finding's evidence or a lineage edge to its article needs it.
    pub fn article_positions(&self) -> std::collections::HashMap<&str, usize> {
        self.articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i))
            .collect()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StoryInfo {
    /// Headline chosen for the story (the best-supported title).
    pub headline: Option<String>,
    pub article_count: usize,
    /// Number of independent source groups (copies of one original count once).
    pub independent_sources: usize,
    /// Encoder used for alignment (`lexical`, or a model name).
    pub encoder: String,
    pub first_published: Option<String>,
    pub last_published: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ArticleReport {
    pub id: String,
    pub path: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub author: Option<String>,
    pub dateline_place: Option<String>,
    pub removed: Vec<RemovedLine>,
    pub sentences: Vec<SentenceReport>,
    /// 0 (garbled or distorting copy) .. 1 (faithful); null when nothing to compare.
    pub fidelity: Option<f32>,
    /// Independent-source group this article belongs to.
    pub source_group: usize,
    /// Garbled-language score of the article (0 clean .. 1 word salad).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub garble: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SentenceReport {
    pub index: usize,
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// Quantities and numbers found in the sentence.
    #[serde(default)]
    pub quantities: Vec<Quantity>,
    /// Dates, weekdays and relative days found in the sentence.
    #[serde(default)]
    pub times: Vec<TimeExpr>,
}

impl From<&Sentence> for SentenceReport {
    fn from(s: &Sentence) -> Self {
        Self {
            index: s.index,
            text: s.text.clone(),
            start: s.start,
            end: s.end,
            quantities: Vec::new(),
            times: Vec::new(),
        }
    }
}

/// A byte range inside a sentence's `text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// A sentence of an article, optionally with highlighted spans.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Evidence {
    pub article: String,
    pub sentence: usize,
    pub text: String,
    /// Spans of `text` that differ from the other evidence (for highlighting).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spans: Vec<Span>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Person,
    Place,
    Organization,
    Other,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Mention {
    pub article: String,
    pub sentence: usize,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Entity {
    pub canonical: String,
    pub kind: EntityKind,
    /// Every distinct surface form seen, canonical included.
    pub variants: Vec<String>,
    pub mentions: Vec<Mention>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuoteAgreement {
    /// Reported only once, nothing to compare.
    Single,
    Verbatim,
    Paraphrase,
    Divergent,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct QuoteVariant {
    pub article: String,
    pub sentence: usize,
    /// The quoted words, without the quotation marks.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct QuoteGroup {
    /// Canonical entity name of the speaker, or null when unattributed.
    pub speaker: Option<String>,
    pub agreement: QuoteAgreement,
    pub variants: Vec<QuoteVariant>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Quantity {
    /// Surface text, e.g. "tens of thousands", "400km", "30-day".
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// Numeric value (lower bound for vague amounts), when one can be given.
    pub value: Option<f64>,
    /// Upper bound for ranges and vague amounts.
    pub value_max: Option<f64>,
    pub unit: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TimeExpr {
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// `date`, `weekday`, `relative`, `month`, `year`, `part_of_day`.
    pub kind: String,
    /// Resolved ISO date (`YYYY-MM-DD`) when the article date allows it.
    pub resolved: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ClaimSentence {
    pub article: String,
    pub sentence: usize,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Claim {
    pub id: usize,
    pub sentences: Vec<ClaimSentence>,
    /// Distinct articles that carry the claim.
    pub articles: Vec<String>,
    /// Independent source groups among them (copies count once).
    pub independent_support: usize,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    // No doc comments here: they would become descriptions in the committed
    // JSON Schema. What a kind means is said on `FindingKind::title`.
    Consensus,
    Divergence,
    Contradiction,
    SingleSource,
    NameVariant,
}

/// The one place a finding kind gets its names and its place on a page:
/// the renderers (Markdown, report HTML, the web app) take them from here.
impl FindingKind {
    /// Every kind, in display order: what sources dispute first, then what
    /// they agree on, what only one says, and how they spell names. A test
    /// keeps this list equal to the kinds of the JSON Schema, so a new kind
    /// cannot be left out of it.
    pub const ALL: [FindingKind; 5] = [
        Self::Contradiction,
        Self::Divergence,
        Self::Consensus,
        Self::SingleSource,
        Self::NameVariant,
    ];

    /// The kind's name in report.json (`"single_source"`); also its CSS
    /// class suffix (`kind-single_source`) in HTML.
    pub const fn slug(self) -> &'static str {
        match self {
            Self::Consensus => "consensus",
            Self::Divergence => "divergence",
            Self::Contradiction => "contradiction",
            Self::SingleSource => "single_source",
            Self::NameVariant => "name_variant",
        }
    }

    /// What one finding of the kind is called, capitalised ("Contradiction",
    /// "Single-source claim"): the label of a finding.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Consensus => "Consensus",
            Self::Divergence => "Divergence",
            Self::Contradiction => "Contradiction",
            Self::SingleSource => "Single-source claim",
            Self::NameVariant => "Name variant",
        }
    }

    /// The heading of a list of findings of the kind ("Contradictions",
    /// "Single-source claims"); it starts with [`Self::name`].
    pub const fn title(self) -> &'static str {
        match self {
            // Several claims several sources agree on: still "Consensus".
            Self::Consensus => "Consensus",
            Self::Divergence => "Divergences",
            Self::Contradiction => "Contradictions",
            Self::SingleSource => "Single-source claims",
            Self::NameVariant => "Name variants",
        }
    }

    /// A count of the kind in running text ("3 consensus claims" with
    /// a plural).
    pub const fn noun(self) -> &'static str {
        match self {
            Self::Consensus => "consensus claim",
            Self::Divergence => "divergence",
            Self::Contradiction => "contradiction",
            Self::SingleSource => "single-source claim",
            Self::NameVariant => "name variant",
        }
    }

    /// Sources disagree: contradictions and divergences, shown first as
    /// the story's disputed points.
    pub const fn is_disputed(self) -> bool {
        matches!(self, Self::Contradiction | Self::Divergence)
    }
}

/// What differs between two reports of one fact: the typed vocabulary of
/// the verify stage's comparison rules. A finding's `detail` is
/// [`DifferenceKind::as_str`]; its kind is [`DifferenceKind::finding_kind`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum DifferenceKind {
    /// A word replaced by its antonym in the same slot ("peace" / "war").
    Antonym,
    /// The same statement with and without a negation.
    Negation,
    /// The same predicate with its parties swapped ("sanctions on Moscow" /
    /// "sanctions in Kiev").
    RoleSwap,
    /// Certain vs hedged wording of the same event ("will" / "could").
    Modality,
    /// The same quote given to different speakers.
    Speaker,
    /// Different amounts of the same thing.
    Number,
    /// Different dates or years of the same event.
    Date,
    /// Different days (weekdays, relative days) of the same event.
    Weekday,
    /// A different name in the same slot.
    Name,
    /// Read as a contradiction by the learned contradiction model (an NLI
    /// cross-encoder, `--nli-model`), where no rule found one: the meaning
    /// is inverted in other words. The finding carries the probability.
    Nli,
}

impl DifferenceKind {
    pub const ALL: [DifferenceKind; 10] = [
        Self::Antonym,
        Self::Negation,
        Self::RoleSwap,
        Self::Modality,
        Self::Speaker,
        Self::Number,
        Self::Date,
        Self::Weekday,
        Self::Name,
        Self::Nli,
    ];

    /// The `detail` string of a finding.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Antonym => "antonym",
            Self::Negation => "negation",
            Self::RoleSwap => "role_swap",
            Self::Modality => "modality",
            Self::Speaker => "speaker",
            Self::Number => "number",
            Self::Date => "date",
            Self::Weekday => "weekday",
            Self::Name => "name",
            Self::Nli => "nli",
        }
    }

    /// Inverse of [`Self::as_str`].
    pub fn parse(detail: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == detail)
    }

    /// Contradiction (the meaning is inverted) or divergence (the same
    /// fact told with other values).
    pub fn finding_kind(self) -> FindingKind {
        match self {
            Self::Antonym | Self::Negation | Self::RoleSwap | Self::Modality | Self::Nli => {
                FindingKind::Contradiction
            }
            Self::Speaker | Self::Number | Self::Date | Self::Weekday | Self::Name => {
                FindingKind::Divergence
            }
        }
    }

    /// How much the difference matters, 0..1: what a blamed difference of
    /// this kind costs an article's fidelity.
    pub fn severity(self) -> f32 {
        match self {
            Self::Antonym | Self::Negation | Self::RoleSwap | Self::Nli => 1.0,
            Self::Speaker | Self::Name => 0.8,
            Self::Number | Self::Date | Self::Weekday => 0.6,
            Self::Modality => 0.4,
        }
    }

    /// Human wording of the difference, for summaries.
    pub fn wording(self) -> &'static str {
        match self {
            Self::Antonym => "one word turned into its opposite",
            Self::Negation => "negated in one version",
            Self::RoleSwap => "who does what to whom swapped",
            Self::Modality => "certain in one version, hedged in the other",
            Self::Speaker => "quote given to another speaker",
            Self::Number => "figures differ",
            Self::Date => "dates differ",
            Self::Weekday => "days differ",
            Self::Name => "another name in the same place",
            Self::Nli => "the opposite said in other words",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Finding {
    pub kind: FindingKind,
    pub summary: String,
    pub evidence: Vec<Evidence>,
    /// Independent sources behind the finding.
    pub support: usize,
    /// Claim the finding is about, when it is about one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim: Option<usize>,
    /// Finer category: `antonym`, `negation`, `role_swap`, `modality`,
    /// `number`, `date`, `weekday`, `name`, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Probability of contradiction given by the learned contradiction
    /// model (detail `nli`); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probability: Option<f32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    Duplicate,
    Derived,
    SharedOrigin,
    Independent,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LineageEdge {
    pub a: String,
    pub b: String,
    /// Overall reuse 0..1 (max of surface and structural evidence).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub reuse: f32,
    /// Shingle (MinHash) resemblance of the texts.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub surface: f32,
    /// Share of sentences in a long monotone run of aligned sentences.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub structural: f32,
    pub relation: Relation,
    /// Id of the article judged to be the source (older), when dates orient the edge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AlignLabel {
    Same,
    Paraphrase,
    Related,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AlignedPair {
    pub a: String,
    pub a_sentence: usize,
    pub b: String,
    pub b_sentence: usize,
    pub score: f32,
    pub label: AlignLabel,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SummarySentence {
    pub text: String,
    /// Article ids that support the sentence.
    pub citations: Vec<String>,
    /// Independent source groups among the citations.
    pub support: usize,
    /// Claim the sentence was taken from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim: Option<usize>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finding_kinds_all_names_every_kind_once_with_its_json_name() {
        // The schema lists the kinds serde knows: ALL must hold each once.
        let schema = serde_json::to_value(schemars::schema_for!(FindingKind)).unwrap();
        let mut in_schema: Vec<String> = schema["enum"]
            .as_array()
            .expect("FindingKind is a string enum")
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect();
        let mut listed: Vec<String> = FindingKind::ALL
            .iter()
            .map(|k| k.slug().to_string())
            .collect();
        in_schema.sort();
        listed.sort();
        assert_eq!(listed, in_schema);
        for kind in FindingKind::ALL {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.slug());
            assert!(kind.title().starts_with(kind.name()), "{kind:?}");
            assert!(
                kind.noun().starts_with(&kind.name().to_lowercase()),
                "{kind:?}"
            );
        }
        // Disputed kinds come first in display order.
        let first_undisputed = FindingKind::ALL.iter().position(|k| !k.is_disputed());
        assert!(FindingKind::ALL[first_undisputed.unwrap_or(0)..]
            .iter()
            .all(|k| !k.is_disputed()));
    }
}
