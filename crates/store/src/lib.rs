//! Corpus store (to be built: issue 7).
