//! The JSON API (documented in docs/openapi.yaml).
//!
//! * `GET /api/stories?q=` → `{"stories": [StorySummary...]}`
//! * `GET /api/stories/{id}` → the story's `Report`, 404 when unknown
//! * `POST /api/analyze` with `{"articles": [{"text", "title"?, "url"?,
//!   "outlet"?, "published"?, "author"?}]}` → `201 Created`, the `Report`,
//!   and `Location: /api/stories/{id}` of the story it created
//!
//! Invariants: every error is JSON `{"error": CODE, "message": TEXT}` (plus
//! `problems` for 422) with a 4xx/5xx status: 400 unreadable or invalid
//! JSON, 404 unknown story or route, 413 body over the size limit, 422
//! nothing analysable or too many articles. The body is parsed here rather
//! than by axum's `Json` so that a missing Content-Type is not an error and
//! every rejection has this shape.

use crate::analysis::{self, AnalysisError, AnalyzeRequest, Submission};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
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
        (self.status, Json(body)).into_response()
    }
}

impl From<AnalysisError> for ApiError {
    fn from(e: AnalysisError) -> Self {
        let message = e.to_string();
        match e {
            AnalysisError::NothingAnalysable(problems) => Self {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                code: "no_analysable_article",
                message,
                problems,
            },
            AnalysisError::TooManyArticles { .. } => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "too_many_articles",
                message,
            ),
            AnalysisError::Internal(_) => {
                Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message)
            }
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
    let stories = state.stories.clone();
    match crate::blocking(move || stories.report(&id)).await {
        Ok(Some(report)) => Ok(Json(&*report).into_response()),
        Ok(None) => Err(ApiError::not_found("there is no story with this id")),
        Err(e) => Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "store",
            e.to_string(),
        )),
    }
}

/// `POST /api/analyze`.
pub async fn analyze(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
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
        state.analysis_slots.clone(),
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
