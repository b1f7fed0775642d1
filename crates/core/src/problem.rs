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
}

impl InputProblem {
    pub fn new(path: impl Into<String>, line: Option<usize>, reason: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            line,
            reason: reason.into(),
        }
    }
}

impl fmt::Display for InputProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: {}", self.path, l, self.reason),
            None => write!(f, "{}: {}", self.path, self.reason),
        }
    }
}
