//! Corpus store (issue 7, in progress).
pub mod cluster;
pub mod features;
