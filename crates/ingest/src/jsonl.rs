//! JSONL records.
//!
//! In: lines of JSON, one object per line: `text` required (`body` or
//! `content` accepted in its place), `title`, `url`, `outlet` (or `source`,
//! `site`), `published` (or `date`; made ISO 8601; a value that is no date
//! is left out and reported as a problem of its line, the record is still
//! read), `author`, `language` optional. Out: one
//! [`RawDoc`] per good line with path `name:LINE` (1-based); blank lines are
//! skipped; each bad line (not JSON, not an object, no text, invalid UTF-8)
//! becomes an [`InputProblem`] and the reading goes on. A JSON array of such
//! objects (a `.json` export) is read too, element N named `name#N`.

use crate::html::{fragment_to_body, looks_like_html};
use crate::Ingested;
use corroborate_core::{Format, InputProblem, RawDoc};
use serde_json::{Map, Value};
use std::io::BufRead;

/// Reads JSONL records from `reader` (see the module docs).
pub fn read(name: &str, mut reader: impl BufRead) -> Ingested {
    let mut out = Ingested::default();
    let mut buf = Vec::new();
    let mut line_no = 0usize;
    loop {
        buf.clear();
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                out.problems.push(InputProblem::new(
                    name,
                    Some(line_no + 1),
                    format!("read error: {e}"),
                ));
                break;
            }
        }
        line_no += 1;
        let line = match std::str::from_utf8(&buf) {
            Ok(l) => l.trim_start_matches('\u{FEFF}').trim(),
            Err(_) => {
                out.problems.push(InputProblem::new(
                    name,
                    Some(line_no),
                    "line is not valid UTF-8",
                ));
                continue;
            }
        };
        if line.is_empty() {
            continue;
        }
        match record(name, line_no, line) {
            Ok((doc, warning)) => {
                if let Some(w) = warning {
                    out.problems.push(InputProblem::new(name, Some(line_no), w));
                }
                out.docs.push(doc)
            }
            Err(reason) => out
                .problems
                .push(InputProblem::new(name, Some(line_no), reason)),
        }
    }
    if out.docs.is_empty() && out.problems.is_empty() {
        out.problems
            .push(InputProblem::new(name, None, "no JSONL records"));
    }
    out
}

/// Reads a JSON array of record objects (a `.json` export); element N
/// (from 1) gets the path `name#N`.
pub fn read_array(name: &str, items: Vec<Value>) -> Ingested {
    let mut out = Ingested::default();
    for (i, item) in items.into_iter().enumerate() {
        let number = i + 1;
        let Value::Object(map) = item else {
            out.problems.push(InputProblem::new(
                name,
                Some(number),
                "array element is not an object",
            ));
            continue;
        };
        match record_from(map, format!("{name}#{number}")) {
            Ok((doc, warning)) => {
                if let Some(w) = warning {
                    out.problems.push(InputProblem::new(name, Some(number), w));
                }
                out.docs.push(doc)
            }
            Err(reason) => out
                .problems
                .push(InputProblem::new(name, Some(number), reason)),
        }
    }
    if out.docs.is_empty() && out.problems.is_empty() {
        out.problems
            .push(InputProblem::new(name, None, "empty JSON array"));
    }
    out
}

/// A record read, and what was wrong with one of its fields (the record is
/// read without that field).
type Record = (RawDoc, Option<String>);

/// One record, or why the line cannot be one.
fn record(name: &str, line_no: usize, line: &str) -> Result<Record, String> {
    let value: Value = serde_json::from_str(line).map_err(|e| format!("not valid JSON: {e}"))?;
    let Value::Object(map) = value else {
        return Err("JSON line is not an object".into());
    };
    record_from(map, format!("{name}:{line_no}"))
}

/// A record from a JSON object, with the given path.
fn record_from(map: Map<String, Value>, path: String) -> Result<Record, String> {
    let text = first_string(&map, &["text", "body", "content"])
        .ok_or_else(|| "record has no \"text\" field, or it is blank".to_string())?;
    let body = if looks_like_html(&text) {
        fragment_to_body(&text)
    } else {
        text
    };
    if body.trim().is_empty() {
        return Err("record text is empty".into());
    }
    let (published, warning) = match first_string(
        &map,
        &["published", "date", "published_at", "datePublished"],
    ) {
        Some(raw) => match crate::checked_published(&raw) {
            Ok(date) => (Some(date), None),
            Err(why) => (None, Some(why)),
        },
        None => (None, None),
    };
    let doc = RawDoc {
        path,
        format: Format::Jsonl,
        title: first_string(&map, &["title", "headline"])
            .filter(|t| crate::plain::has_readable_text(t)),
        body,
        url: first_string(&map, &["url", "link"]),
        outlet: first_string(&map, &["outlet", "source", "site", "publisher"]),
        published,
        author: first_string(&map, &["author", "byline"]),
        language: first_string(&map, &["language", "lang"]),
    };
    Ok((doc, warning))
}

/// The first of `keys` holding a non-blank string (a `source` object's
/// `name` counts too).
fn first_string(map: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| match map.get(*k)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Object(o) => o
            .get("name")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string),
        _ => None,
    })
}
