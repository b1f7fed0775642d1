//! Server-rendered HTML pages: the story list with search, one story, and
//! the form to paste or upload articles.
//!
//! In: requests from a browser. Out: complete HTML documents that load only
//! the report's stylesheet and script (`corroborate_render::STYLE`,
//! `SCRIPT`) and the app's own (`assets/app.css`, `assets/app.js`) from
//! this server (no CDN, no inline script or style, so the
//! Content-Security-Policy can forbid both). The story itself is
//! `corroborate_render`'s story view, the one report.html shows; this
//! module adds only the page around it, the story list and the form.
//!
//! Invariants: user text reaches the page only through
//! `corroborate_render::escape` (the story view escapes its own);
//! a form submission that yields a story answers `303 See Other` to the
//! story page (so reloading does not post again); one that yields nothing
//! re-shows the form with the reasons and status 422, and one refused for
//! the server's limits re-shows it with 503 (busy) or 504 (over the time
//! budget), so typed text is never lost. A form body that does not arrive
//! within the body read timeout gets 408.

use crate::analysis::{self, AnalysisError, ApiArticle, Submission};
use crate::source::StorySummary;
use crate::AppState;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use corroborate_render::escape::escape_html as esc;
use corroborate_render::{HtmlOptions, Root};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Number of article boxes the empty form shows (more can be added by JS).
const FORM_BOXES: usize = 5;

/// A complete page around `body`.
pub fn layout(title: &str, body: &str) -> String {
    format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{} · corroborate</title><link rel="stylesheet" href="/static/report.css"><link rel="stylesheet" href="/static/app.css"><script src="/static/report.js" defer></script><script src="/static/app.js" defer></script></head>
<body><header class="site"><a class="brand" href="/">corroborate</a><nav><a href="/">Stories</a><a href="/new">Analyse articles</a></nav></header>
<main>{body}</main></body></html>"#,
        esc(title)
    )
}

/// An HTML page with a status code.
pub fn page(status: StatusCode, title: &str, body: &str) -> Response {
    (status, Html(layout(title, body))).into_response()
}

/// A short error page.
pub fn error_page(status: StatusCode, message: &str) -> Response {
    let body = format!(
        r#"<section class="error"><h1>{}</h1><p class="u">{}</p><p><a href="/">Back to the stories</a></p></section>"#,
        status.as_u16(),
        esc(message)
    );
    page(status, status.canonical_reason().unwrap_or("Error"), &body)
}

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    pub q: Option<String>,
}

fn story_item(out: &mut String, s: &StorySummary) {
    let _ = write!(
        out,
        r#"<li class="story-item"><a class="u" href="/stories/{}">{}</a><p class="meta">{} articles"#,
        esc(&s.id),
        esc(s.headline.as_deref().unwrap_or("Untitled story")),
        s.article_count,
    );
    if let Some(n) = s.independent_sources {
        let _ = write!(out, " · {n} independent sources");
    }
    if let Some(d) = &s.first_published {
        let _ = write!(out, " · {}", esc(d));
    }
    if let Some(n) = s.findings {
        let _ = write!(out, " · {n} findings");
    }
    if let Some(n) = s.contradictions.filter(|n| *n > 0) {
        let _ = write!(out, r#" · <span class="warn">{n} contradictions</span>"#);
    }
    if !s.outlets.is_empty() {
        let outlets: Vec<String> = s.outlets.iter().map(|o| esc(o)).collect();
        let _ = write!(out, r#"</p><p class="outlets u">{}"#, outlets.join(" · "));
    }
    out.push_str("</p></li>");
}

/// `GET /`: the story list, filtered by `?q=`.
pub async fn index(
    State(state): State<AppState>,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    // A malformed query string is treated as no search rather than an error.
    let q = query.ok().and_then(|Query(q)| q.q).unwrap_or_default();
    let source = state.stories.clone();
    let query = q.clone();
    let stories = match crate::blocking(move || source.list(Some(&query))).await {
        Ok(s) => s,
        Err(e) => return error_page(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    };
    let mut body = format!(
        r#"<h1>Stories</h1><form class="search" method="get" action="/" role="search"><input type="search" name="q" value="{}" placeholder="Search headlines, outlets, names, text" aria-label="Search stories"><button type="submit">Search</button></form>"#,
        esc(&q)
    );
    if stories.is_empty() {
        let msg = if q.trim().is_empty() {
            r#"No stories yet. <a href="/new">Analyse some articles</a>."#.to_string()
        } else {
            format!(r#"No story matches “<span class="u">{}</span>”."#, esc(&q))
        };
        let _ = write!(body, r#"<p class="empty">{msg}</p>"#);
    } else {
        body.push_str(r#"<ul class="stories">"#);
        for s in &stories {
            story_item(&mut body, s);
        }
        body.push_str("</ul>");
    }
    page(StatusCode::OK, "Stories", &body)
}

/// `GET /stories/{id}`: the story view.
pub async fn story(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    match crate::story_report(&state, id.clone()).await {
        Ok(Some(report)) => {
            let json = format!("/api/stories/{id}");
            // The layout has its own <main>; the capped lists link the JSON.
            let options = HtmlOptions {
                root: Root::Article,
                json_href: Some(json.clone()),
            };
            let body = format!(
                r#"<p class="crumbs"><a href="/">Stories</a> · <a href="{}">JSON report</a></p>{}"#,
                esc(&json),
                corroborate_render::to_html_fragment(&report, &options),
            );
            let title = report.story.headline.as_deref().unwrap_or("Story");
            page(StatusCode::OK, title, &body)
        }
        Ok(None) => error_page(StatusCode::NOT_FOUND, "There is no story with this id."),
        Err(crate::StoryError::Analysis(e)) => error_page(e.status(), &e.to_string()),
        Err(crate::StoryError::Source(e)) => {
            error_page(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string())
        }
    }
}

/// What the user typed, put back into the form when it comes back with an
/// error (uploaded files cannot be put back: browsers forbid it).
#[derive(Default)]
struct FormValues {
    boxes: BTreeMap<usize, ApiArticle>,
    bulk: String,
}

fn article_box(out: &mut String, n: usize, values: Option<&ApiArticle>) {
    let value = |v: Option<&Option<String>>| esc(v.and_then(|v| v.as_deref()).unwrap_or(""));
    let _ = write!(
        out,
        r#"<fieldset class="article-box"><legend>Article {n}</legend><div class="fields"><label>Title <input name="title_{n}" value="{}" autocomplete="off"></label><label>Outlet <input name="outlet_{n}" value="{}" autocomplete="off"></label><label>URL <input name="url_{n}" value="{}" autocomplete="off"></label><label>Published <input name="published_{n}" value="{}" placeholder="YYYY-MM-DD" autocomplete="off"></label></div><label class="text">Text <textarea name="text_{n}" rows="6">{}</textarea></label></fieldset>"#,
        value(values.map(|v| &v.title)),
        value(values.map(|v| &v.outlet)),
        value(values.map(|v| &v.url)),
        value(values.map(|v| &v.published)),
        esc(values.map(|v| v.text.as_str()).unwrap_or("")),
    );
}

fn form_page(
    status: StatusCode,
    error: Option<&AnalysisError>,
    values: &FormValues,
    max_bytes: usize,
) -> Response {
    let mut body = String::from(r#"<h1>Analyse articles</h1>"#);
    if let Some(e) = error {
        let _ = write!(
            body,
            r#"<div class="form-error" role="alert"><p>{}</p>"#,
            esc(&e.to_string())
        );
        if let AnalysisError::NothingAnalysable(problems) = e {
            body.push_str("<ul>");
            for p in problems {
                let _ = write!(body, r#"<li class="u">{}</li>"#, esc(&p.to_string()));
            }
            body.push_str("</ul>");
        }
        body.push_str("</div>");
    }
    let _ = write!(
        body,
        r#"<p class="hint">Give several articles about one story: type or paste them one per box, paste a whole JSONL file, HTML page or RSS/Atom feed into the bulk box, or upload files. At most {} MiB in all.</p><form class="new-story" method="post" action="/new" enctype="multipart/form-data"><div id="article-boxes">"#,
        max_bytes / (1024 * 1024)
    );
    let boxes = values
        .boxes
        .keys()
        .next_back()
        .copied()
        .unwrap_or(0)
        .max(FORM_BOXES);
    for n in 1..=boxes {
        article_box(&mut body, n, values.boxes.get(&n));
    }
    let _ = write!(
        body,
        r#"</div><p><button type="button" id="add-article">Add another article</button></p><fieldset><legend>Or paste everything at once</legend><textarea name="bulk" rows="6" placeholder="JSONL (one {{&quot;text&quot;: ...}} object per line), an HTML page, or an RSS/Atom feed">{}</textarea></fieldset><fieldset><legend>Or upload files</legend><input type="file" name="files" multiple></fieldset><p><button type="submit" class="primary">Analyse</button></p></form>"#,
        esc(&values.bulk)
    );
    page(status, "Analyse articles", &body)
}

/// `GET /new`: the empty form.
pub async fn new_form(State(state): State<AppState>) -> Response {
    form_page(
        StatusCode::OK,
        None,
        &FormValues::default(),
        state.config.max_body_bytes,
    )
}

/// Name of an uploaded file without any folder part, at most 100 characters.
fn upload_name(raw: Option<&str>, index: usize) -> String {
    let base = raw
        .and_then(|r| r.rsplit(['/', '\\']).next())
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .map(|b| b.chars().take(100).collect::<String>());
    base.unwrap_or_else(|| format!("upload-{index}"))
}

/// Splits a box field name like `text_3` into (`text`, 3).
fn box_field(name: &str) -> Option<(&str, usize)> {
    let (kind, n) = name.rsplit_once('_')?;
    Some((kind, n.parse().ok()?))
}

/// Reads the form's fields into what the user typed and the submission.
async fn read_form(
    mut multipart: Multipart,
    max_boxes: usize,
) -> Result<(FormValues, Submission), Response> {
    let mut values = FormValues::default();
    let mut submission = Submission::default();
    let mut uploads = 0;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(error_page(e.status(), &e.body_text())),
        };
        let name = field.name().unwrap_or("").to_string();
        let file_name = field.file_name().map(str::to_string);
        let bytes = match field.bytes().await {
            Ok(b) => b,
            Err(e) => return Err(error_page(e.status(), &e.body_text())),
        };
        match name.as_str() {
            "files" => {
                // Browsers send an empty, unnamed part when no file was chosen.
                if bytes.is_empty() && file_name.as_deref().unwrap_or("").is_empty() {
                    continue;
                }
                uploads += 1;
                submission.add_bytes(&upload_name(file_name.as_deref(), uploads), &bytes);
            }
            "bulk" => {
                if !bytes.iter().all(u8::is_ascii_whitespace) {
                    submission.add_paste(&bytes);
                    values.bulk = String::from_utf8_lossy(&bytes).into_owned();
                }
            }
            other => {
                let Some((kind, n)) = box_field(other).filter(|(_, n)| *n <= max_boxes) else {
                    continue;
                };
                let value = String::from_utf8_lossy(&bytes).into_owned();
                let entry = values.boxes.entry(n).or_default();
                match kind {
                    "text" => entry.text = value,
                    "title" => entry.title = Some(value),
                    "outlet" => entry.outlet = Some(value),
                    "url" => entry.url = Some(value),
                    "published" => entry.published = Some(value),
                    "author" => entry.author = Some(value),
                    _ => {}
                }
            }
        }
    }
    Ok((values, submission))
}

/// `POST /new`: analyses the submitted articles and redirects to the story.
pub async fn submit_form(State(state): State<AppState>, multipart: Multipart) -> Response {
    let timeout = state.config.body_read_timeout;
    let read = tokio::time::timeout(timeout, read_form(multipart, state.config.max_articles));
    let (values, mut submission) = match read.await {
        Ok(Ok(read)) => read,
        Ok(Err(page)) => return page,
        Err(_) => {
            let mut page = error_page(
                StatusCode::REQUEST_TIMEOUT,
                &format!(
                    "The form did not arrive within {}.",
                    crate::analysis::seconds(timeout)
                ),
            );
            // The rest of the body is never read: the connection cannot be reused.
            page.headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
            return page;
        }
    };
    // Boxes left entirely blank are simply unused, not problems.
    for (n, article) in &values.boxes {
        if !article.text.trim().is_empty() {
            submission.add_fields(format!("article-{n:03}"), article.clone());
        }
    }
    let result = analysis::analyze(
        submission,
        state.analyses.clone(),
        state.config.max_articles,
    )
    .await;
    match result {
        Ok(report) => match crate::blocking({
            let source = state.stories.clone();
            move || source.add(report)
        })
        .await
        {
            Ok(id) => Redirect::to(&format!("/stories/{id}")).into_response(),
            Err(e) => error_page(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
        },
        Err(e @ AnalysisError::Internal(_)) => error_page(e.status(), &e.to_string()),
        // Busy, over budget, nothing analysable: the form comes back with
        // what was typed, so nothing is lost.
        Err(e) => form_page(e.status(), Some(&e), &values, state.config.max_body_bytes),
    }
}

/// `GET /static/app.css`.
pub async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        include_str!("../assets/app.css"),
    )
        .into_response()
}

/// `GET /static/report.css`: the story view's stylesheet, the one
/// report.html inlines.
pub async fn report_stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        corroborate_render::STYLE,
    )
        .into_response()
}

/// `GET /static/report.js`: the story view's script (citation jumps, the
/// pair view), the one report.html inlines.
pub async fn report_script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        corroborate_render::SCRIPT,
    )
        .into_response()
}

/// `GET /static/app.js`.
pub async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        include_str!("../assets/app.js"),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn box_fields_and_upload_names_are_parsed_defensively() {
        assert_eq!(box_field("text_12"), Some(("text", 12)));
        assert_eq!(box_field("text_x"), None);
        assert_eq!(box_field("bulk"), None);
        assert_eq!(upload_name(Some("../../etc/passwd"), 1), "passwd");
        assert_eq!(upload_name(Some(r"C:\a\b.html"), 1), "b.html");
        assert_eq!(upload_name(Some("  "), 4), "upload-4");
        assert_eq!(upload_name(None, 2), "upload-2");
    }
}
