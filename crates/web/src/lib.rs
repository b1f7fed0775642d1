//! Web app (to be built: issue 8).
