//! Render a [`Report`] as JSON, Markdown or self-contained HTML.

use corroborate_core::Report;

pub fn to_json(report: &Report) -> String {
    serde_json::to_string_pretty(report).expect("report serialises")
}

pub fn to_markdown(report: &Report) -> String {
    format!(
        "# {}\n",
        report.story.headline.as_deref().unwrap_or("Story")
    )
}

pub fn to_html(report: &Report) -> String {
    let _ = report;
    String::from("<!doctype html><html><body></body></html>")
}
