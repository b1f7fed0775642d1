//! The JSON API (documented in docs/openapi.yaml).
//!
//! * `GET /api/health` → `{"status": "ok", "analyses": AnalysisStats}`
//! * `GET /api/stories?q=` → `{"stories": [StorySummary...]}`
//! * `GET /api/stories/{id}` → the story's `Report`, 404 when unknown
//! * `POST /api/analyze` with `{"articles": [{"text", "title"?, "url"?,
//!   "outlet"?, "published"?, "author"?}]}` → `201 Created`, the `Report`,
//!   and `Location: /api/stories/{id}` of the story it created
//!
//! Invariants: every error is JSON `{"error": CODE, "message": TEXT}` (plus
//! `problems` for 422) with a 4xx/5xx status: 400 unreadable or invalid
//! JSON, 404 unknown story or route, 408 body not received in time, 413
//! body over the size limit, 422 nothing analysable or too many articles,
//! 500 internal failure (a generic message, never a panic's text), 503 no
//! analysis slot free in time (with `Retry-After`), 504 analysis over its
//! time budget. The body is read here rather than by axum's `Json` so that
//! a missing Content-Type is not an error, its read is timed, and every
//! rejection has this shape.

use crate::analysis::{self, AnalysisError, AnalysisStats, AnalyzeRequest, Submission};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{FromRequest, Path, Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use corroborate_core::InputProblem;
use serde::{Deserialize, Serialize};

/// An API error: status, a stable machine-readable code and a message.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub problems: Vec<InputProblem>,
    /// Seconds after which a retry may succeed (`Retry-After`, with 503).
    pub retry_after_s: Option<u64>,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "<[InputProblem]>::is_empty")]
    problems: &'a [InputProblem],
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            problems: Vec::new(),
            retry_after_s: None,
        }
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: self.code,
            message: &self.message,
            problems: &self.problems,
        };
        let mut response = (self.status, Json(body)).into_response();
        if let Some(s) = self.retry_after_s {
            response.headers_mut().insert(header::RETRY_AFTER, s.into());
        }
        if self.status == StatusCode::REQUEST_TIMEOUT {
            // The rest of the body is never read: the connection cannot be reused.
            response
                .headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
        response
    }
}

impl From<AnalysisError> for ApiError {
    fn from(e: AnalysisError) -> Self {
        let message = e.to_string();
        let status = e.status();
        match e {
            AnalysisError::NothingAnalysable(problems) => Self {
                problems,
                ..Self::new(status, "no_analysable_article", message)
            },
            AnalysisError::TooManyArticles { .. } => {
                Self::new(status, "too_many_articles", message)
            }
            AnalysisError::Busy { waited, .. } => Self {
                retry_after_s: Some(waited.as_secs().max(1)),
                ..Self::new(status, "busy", message)
            },
            AnalysisError::OverBudget { .. } => Self::new(status, "analysis_timeout", message),
            AnalysisError::Internal(_) => Self::new(status, "internal", message),
        }
    }
}

/// Body of `GET /api/stories` (a struct, so fields keep their order).
#[derive(Serialize)]
struct StoryList {
    stories: Vec<crate::StorySummary>,
}

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    pub q: Option<String>,
}

/// `GET /api/stories`.
pub async fn list(
    State(state): State<AppState>,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(query) = query
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "invalid_query", e.body_text()))?;
    let stories = state.stories.clone();
    let stories = crate::blocking(move || stories.list(query.q.as_deref()))
        .await
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "store", e.to_string()))?;
    Ok(Json(StoryList { stories }).into_response())
}

/// `GET /api/stories/{id}`.
pub async fn story(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    match crate::story_report(&state, id).await {
        Ok(Some(report)) => Ok(Json(&*report).into_response()),
        Ok(None) => Err(ApiError::not_found("there is no story with this id")),
        Err(crate::StoryError::Analysis(e)) => Err(e.into()),
        Err(crate::StoryError::Source(e)) => Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "store",
            e.to_string(),
        )),
    }
}

/// Body of `GET /api/health`.
#[derive(Serialize)]
struct Health {
    status: &'static str,
    analyses: AnalysisStats,
}

/// `GET /api/health`: the server answers, and how its analysis slots are used.
pub async fn health(State(state): State<AppState>) -> Response {
    Json(Health {
        status: "ok",
        analyses: state.analyses.stats(),
    })
    .into_response()
}

/// 408 for a body that did not arrive within the server's read timeout.
pub(crate) fn body_timeout(timeout: std::time::Duration) -> ApiError {
    ApiError::new(
        StatusCode::REQUEST_TIMEOUT,
        "body_timeout",
        format!(
            "the request body did not arrive within {}",
            analysis::seconds(timeout)
        ),
    )
}

/// `POST /api/analyze`.
pub async fn analyze(
    State(state): State<AppState>,
    request: Request,
) -> Result<Response, ApiError> {
    let timeout = state.config.body_read_timeout;
    let body = tokio::time::timeout(timeout, Bytes::from_request(request, &state))
        .await
        .map_err(|_| body_timeout(timeout))?;
    let body = body.map_err(|e| {
        let status = e.status();
        let code = if status == StatusCode::PAYLOAD_TOO_LARGE {
            "too_large"
        } else {
            "unreadable_body"
        };
        ApiError::new(status, code, e.body_text())
    })?;
    let request: AnalyzeRequest = serde_json::from_slice(&body).map_err(|e| {
        let code = if e.is_data() {
            "invalid_request"
        } else {
            "invalid_json"
        };
        ApiError::new(StatusCode::BAD_REQUEST, code, e.to_string())
    })?;
    let report = analysis::analyze(
        Submission::from_request(request),
        state.analyses.clone(),
        state.config.max_articles,
    )
    .await?;
    let json = serde_json::to_vec(&report)
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string()))?;
    let stories = state.stories.clone();
    let id = crate::blocking(move || stories.add(report))
        .await
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "store", e.to_string()))?;
    Ok((
        StatusCode::CREATED,
        [
            (header::CONTENT_TYPE, "application/json".to_string()),
            (header::LOCATION, format!("/api/stories/{id}")),
        ],
        json,
    )
        .into_response())
}
