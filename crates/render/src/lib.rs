//! Render a [`Report`] as JSON, Markdown or one self-contained HTML page.
//!
//! In: a [`Report`] (the public contract, see `docs/report-format.md`).
//! Out: strings; writing them to files is the caller's job.
//!
//! - [`to_json`]: the report serialised with serde, pretty-printed; this is
//!   the contract `docs/report.schema.json` describes.
//! - [`to_markdown`]: readable text; citations `[n]` point into the
//!   numbered source list.
//! - [`to_html`]: one page with inline style and script, no external
//!   assets; citations link to `id="a-<article>-s-<n>"` sentence anchors.
//! - [`to_html_fragment`]: the same story view for a host page (the web
//!   app's story page), which serves [`STYLE`] and [`SCRIPT`] itself.
//! - [`escape`]: the one HTML escaping path, also used by the web app for
//!   its own pages and forms.
//!
//! Invariants: rendering never panics, whatever the report holds (byte
//! spans are only sliced when in range and on `char` boundaries, unknown
//! article ids and out-of-range indices are shown or skipped, not
//! trusted), and all report text is escaped for the output format.
//! Output is deterministic: the same report renders to the same bytes.

mod common;
pub mod escape;
pub mod html;
pub mod markdown;

use corroborate_core::Report;

/// The report as pretty-printed JSON.
pub fn to_json(report: &Report) -> String {
    // A Report holds only strings, numbers, options and vectors: serde_json
    // cannot fail on it (non-finite floats serialise as null).
    serde_json::to_string_pretty(report).unwrap_or_else(|e| {
        format!(
            "{{\"error\": {}}}",
            serde_json::Value::String(e.to_string())
        )
    })
}

/// The report as Markdown (see [`markdown`]).
pub fn to_markdown(report: &Report) -> String {
    markdown::render(report)
}

/// The report as one self-contained HTML page (see [`html`]).
pub fn to_html(report: &Report) -> String {
    html::render(report)
}

/// The story view of [`to_html`] without the page around it (one element,
/// see [`HtmlOptions`]), for embedding in another page together with
/// [`STYLE`] and [`SCRIPT`].
pub fn to_html_fragment(report: &Report, options: &HtmlOptions) -> String {
    html::render_fragment(report, options)
}

pub use html::{HtmlOptions, Root, SCRIPT, STYLE};

/// Source naming and near-copy grouping shared with other front ends (the
/// web app), so a source has one name everywhere.
pub use common::{clean_stem, plural, source_name, url_host, Copies};
