//! Problems with one input, reported and skipped.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Something wrong with one file, line or feed item. The pipeline records it
/// and goes on with the other articles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct InputProblem {
    pub path: String,
    /// 1-based line (JSONL) or item number (feeds), when it applies.
    pub line: Option<usize>,
    pub reason: String,
    /// What the problem is about: one input (the default, left out of the
    /// JSON) or the inputs as a whole.
    #[serde(default, skip_serializing_if = "ProblemKind::is_input")]
    pub kind: ProblemKind,
}

/// Whether a problem concerns one input or the story as a whole.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// One file, line or item could not be (fully) analysed.
    #[default]
    Input,
    /// The inputs look like more than one story: the report mixes them.
    MultipleStories,
}

impl ProblemKind {
    pub fn is_input(&self) -> bool {
        *self == ProblemKind::Input
    }
}

impl InputProblem {
    pub fn new(path: impl Into<String>, line: Option<usize>, reason: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            line,
            reason: reason.into(),
            kind: ProblemKind::Input,
        }
    }

    /// A problem with the inputs as a whole (`path` is empty).
    pub fn story(kind: ProblemKind, reason: impl Into<String>) -> Self {
        Self {
            path: String::new(),
            line: None,
            reason: reason.into(),
            kind,
        }
    }

    /// True for a problem with the inputs as a whole, not one input.
    pub fn is_story_level(&self) -> bool {
        !self.kind.is_input()
    }
}

impl fmt::Display for InputProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_story_level() {
            return write!(f, "warning: {}", self.reason);
        }
        match self.line {
            Some(l) => write!(f, "{}:{}: {}", self.path, l, self.reason),
            None => write!(f, "{}: {}", self.path, self.reason),
        }
    }
}
