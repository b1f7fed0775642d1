//! RSS, Atom and JSON feeds.
//!
//! In: the bytes of a feed file named `name`. Out: one [`RawDoc`] per item,
//! with path `name#N` (N counts items from 1), the item's text (its full
//! content when present, else its summary; markup turned into paragraphs),
//! title, link, date and author; the feed's title is the outlet. Items
//! without text become [`InputProblem`]s; a file that is not a feed is one
//! problem.

use crate::html::{fragment_to_body, fragment_to_text, looks_like_html};
use crate::Ingested;
use corroborate_core::{Format, InputProblem, RawDoc};
use feed_rs::model::{FeedType, Text};

/// Reads all items of a feed.
pub fn ingest_feed(name: &str, bytes: &[u8]) -> Ingested {
    let mut out = Ingested::default();
    let feed = match feed_rs::parser::parse(bytes) {
        Ok(f) => f,
        Err(e) => {
            out.problems.push(InputProblem::new(
                name,
                None,
                format!("not a readable RSS/Atom feed: {e}"),
            ));
            return out;
        }
    };
    // The contract has no JSON Feed format; its items count as RSS, the
    // format JSON Feed was modelled on.
    let format = match feed.feed_type {
        FeedType::Atom => Format::Atom,
        _ => Format::Rss,
    };
    let outlet = feed.title.as_ref().map(plain).filter(|t| !t.is_empty());
    if feed.entries.is_empty() {
        out.problems
            .push(InputProblem::new(name, None, "feed has no items"));
    }
    for (i, entry) in feed.entries.iter().enumerate() {
        let number = i + 1;
        let body = entry
            .content
            .as_ref()
            .and_then(|c| c.body.as_deref())
            .map(to_body)
            .filter(|t| !t.trim().is_empty())
            .or_else(|| entry.summary.as_ref().map(|t| to_body(&t.content)))
            .unwrap_or_default();
        if body.trim().is_empty() {
            out.problems.push(InputProblem::new(
                name,
                Some(number),
                "feed item has no text",
            ));
            continue;
        }
        out.docs.push(RawDoc {
            path: format!("{name}#{number}"),
            format,
            title: entry
                .title
                .as_ref()
                .map(plain)
                .filter(|t| crate::plain::has_readable_text(t)),
            body,
            url: entry
                .links
                .iter()
                .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .map(|l| l.href.clone()),
            outlet: outlet.clone(),
            published: entry.published.or(entry.updated).map(|d| d.to_rfc3339()),
            author: entry
                .authors
                .iter()
                .filter_map(|a| a.name.as_deref())
                .map(str::trim)
                .find(|n| !n.is_empty())
                .map(str::to_string),
            language: entry.language.clone().or_else(|| feed.language.clone()),
        });
    }
    out
}

/// Text of a feed text construct, markup removed when it has any.
fn plain(t: &Text) -> String {
    to_text(&t.content)
}

/// An item's body: as [`to_text`], with the line hints cleaning reads.
fn to_body(s: &str) -> String {
    if looks_like_html(s) || s.contains("&lt;") || s.contains("&amp;") {
        fragment_to_body(s)
    } else {
        s.trim().to_string()
    }
}

fn to_text(s: &str) -> String {
    if looks_like_html(s) || s.contains("&lt;") || s.contains("&amp;") {
        fragment_to_text(s)
    } else {
        s.trim().to_string()
    }
}
