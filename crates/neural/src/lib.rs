//! Neural sentence encoder (to be built: issue 6).
