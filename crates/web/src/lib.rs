//! `corroborate serve`: the web app and JSON API.
//!
//! In: a [`StorySource`] holding analysed stories (in memory by default) and
//! a [`WebConfig`]. Out: an axum [`Router`] ([`router`]) serving
//!
//! * `GET /` story list with search, `GET /stories/{id}` the story view
//!   (`corroborate_render`'s, the one report.html shows),
//!   `GET|POST /new` the paste/upload form ([`pages`]);
//! * `GET /api/stories`, `GET /api/stories/{id}`, `POST /api/analyze`
//!   ([`api`], documented in docs/openapi.yaml);
//! * `/static/report.css`, `/static/report.js` (the story view's, from
//!   `corroborate_render`), `/static/app.css`, `/static/app.js` (the page
//!   chrome and the form); embedded, no external resources.
//!
//! * `GET /api/health`: the analysis slots and counters ([`analysis::AnalysisStats`]).
//!
//! Security defaults (docs/WEB.md): [`check_bind_addr`] refuses non-loopback
//! addresses unless `allow_remote`; requests naming another `Host` are
//! refused (DNS rebinding); cross-origin POSTs are refused; bodies over
//! [`WebConfig::max_body_bytes`] get 413; every page is sent with a strict
//! Content-Security-Policy (no inline script, nothing from other origins)
//! and all article text is escaped (`corroborate_render::escape`).
//!
//! Bounds (docs/WEB.md, "Limits"): [`serve`] closes a connection whose
//! request head does not arrive within [`WebConfig::header_read_timeout`]
//! and accepts at most [`WebConfig::max_connections`] at once; a body not
//! read within [`WebConfig::body_read_timeout`] gets 408; analyses are
//! bounded by [`analysis::Analyses`] (503 when no slot comes free in time,
//! 504 past the budget). Every request is logged at `info` level (target
//! `corroborate_web::access`) with method, path, status and latency.

pub mod analysis;
pub mod api;
pub mod pages;
pub mod source;

pub use source::{story_id, MemoryStories, SourceError, StorySource, StorySummary};

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

/// Limits and switches of the server.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Accept requests for any `Host` (needed behind a non-loopback address).
    pub allow_remote: bool,
    /// Largest request body accepted; larger ones get 413.
    pub max_body_bytes: usize,
    /// Most articles accepted in one submission.
    pub max_articles: usize,
    /// Analyses run at the same time; more wait their turn.
    pub max_parallel_analyses: usize,
    /// How long a request waits for an analysis slot before it gets 503.
    pub analysis_queue_wait: Duration,
    /// How long one analysis may run before its request gets 504 (the
    /// analysis is then cancelled).
    pub analysis_budget: Duration,
    /// Time a client has to send a request head (request line and headers),
    /// counted from the first read of a new request, idle keep-alive time
    /// included; then the connection is closed.
    pub header_read_timeout: Duration,
    /// Time a client has to send a whole request body; then 408.
    pub body_read_timeout: Duration,
    /// Connections served at once; more wait in the listen backlog.
    pub max_connections: usize,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            allow_remote: false,
            max_body_bytes: 5 * 1024 * 1024,
            max_articles: 200,
            max_parallel_analyses: 2,
            analysis_queue_wait: Duration::from_secs(10),
            analysis_budget: Duration::from_secs(60),
            header_read_timeout: Duration::from_secs(10),
            body_read_timeout: Duration::from_secs(30),
            max_connections: 256,
        }
    }
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub stories: Arc<dyn StorySource>,
    pub config: Arc<WebConfig>,
    /// Slots for running analyses (see [`WebConfig::max_parallel_analyses`]).
    pub analyses: Arc<analysis::Analyses>,
}

/// The whole app.
pub fn router(stories: Arc<dyn StorySource>, config: WebConfig) -> Router {
    let body_limit = config.max_body_bytes;
    let state = AppState {
        stories,
        analyses: Arc::new(analysis::Analyses::new(
            config.max_parallel_analyses,
            config.analysis_queue_wait,
            config.analysis_budget,
        )),
        config: Arc::new(config),
    };
    Router::new()
        .route("/", get(pages::index))
        .route("/stories/{id}", get(pages::story))
        .route("/new", get(pages::new_form).post(pages::submit_form))
        .route("/static/app.css", get(pages::stylesheet))
        .route("/static/app.js", get(pages::script))
        .route("/static/report.css", get(pages::report_stylesheet))
        .route("/static/report.js", get(pages::report_script))
        .route("/api/stories", get(api::list))
        .route("/api/stories/{id}", get(api::story))
        .route("/api/analyze", post(api::analyze))
        .route("/api/health", get(api::health))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(middleware::from_fn_with_state(state.clone(), guard))
        .layer(middleware::from_fn(access_log))
        .with_state(state)
}

/// Runs a [`StorySource`] call on the blocking pool (it may do I/O or run
/// the pipeline), turning a panic in it into an error. The panic's text
/// goes to the log only: it may quote an article and means nothing to a
/// reader.
pub(crate) async fn blocking<T: Send + 'static>(
    call: impl FnOnce() -> Result<T, SourceError> + Send + 'static,
) -> Result<T, SourceError> {
    tokio::task::spawn_blocking(call).await.unwrap_or_else(|e| {
        tracing::error!("story source failed: {e}");
        Err(SourceError(
            "the story could not be read or analysed because of an internal error".into(),
        ))
    })
}

/// Why a story could not be shown.
pub(crate) enum StoryError {
    /// The story backend failed.
    Source(SourceError),
    /// The stored story needed analysing and that was refused or failed
    /// (no slot free in time, over the budget, ...).
    Analysis(analysis::AnalysisError),
}

/// The report of story `id`: already analysed, or a stored story analysed
/// now in one of the server's analysis slots and within its budget (opening
/// a big stored story costs as much as submitting it, so it obeys the same
/// limits); `None` when there is no such story.
pub(crate) async fn story_report(
    state: &AppState,
    id: String,
) -> Result<Option<Arc<corroborate_core::Report>>, StoryError> {
    let source = state.stories.clone();
    let wanted = id.clone();
    // What the source holds: a report, articles still to analyse, or nothing.
    enum Held {
        Report(Arc<corroborate_core::Report>),
        Articles(Vec<corroborate_core::RawDoc>),
        Nothing,
    }
    let held = blocking(move || {
        if let Some(report) = source.report(&wanted)? {
            return Ok(Held::Report(report));
        }
        Ok(match source.unanalysed(&wanted)? {
            Some(docs) => Held::Articles(docs),
            None => Held::Nothing,
        })
    })
    .await
    .map_err(StoryError::Source)?;
    let docs = match held {
        Held::Report(report) => return Ok(Some(report)),
        Held::Nothing => return Ok(None),
        Held::Articles(docs) => docs,
    };
    let submission = analysis::Submission {
        docs,
        problems: Vec::new(),
    };
    // Stored stories were accepted by `ingest`: no article-count cap here,
    // the slot and the time budget bound the work.
    let report = analysis::analyze(submission, state.analyses.clone(), usize::MAX)
        .await
        .map_err(StoryError::Analysis)?;
    let report = Arc::new(report);
    let source = state.stories.clone();
    let keep = report.clone();
    // Remembering may take a lock the backend shares with slow reads.
    let _ = blocking(move || {
        source.remember(&id, keep);
        Ok(())
    })
    .await;
    Ok(Some(report))
}

/// One line of the access log, written when the request ends; a request
/// dropped before its answer (the client went away) is logged as such.
struct AccessLog {
    method: Method,
    path: String,
    started: Instant,
    status: Option<StatusCode>,
}

impl Drop for AccessLog {
    fn drop(&mut self) {
        let latency_ms = self.started.elapsed().as_secs_f64() * 1000.0;
        // Debug formatting of the path: no control characters reach the log.
        match self.status {
            Some(status) => tracing::info!(
                target: "corroborate_web::access",
                method = %self.method,
                path = ?self.path,
                status = status.as_u16(),
                latency_ms = format_args!("{latency_ms:.1}"),
                "request"
            ),
            None => tracing::info!(
                target: "corroborate_web::access",
                method = %self.method,
                path = ?self.path,
                status = "client gone",
                latency_ms = format_args!("{latency_ms:.1}"),
                "request"
            ),
        }
    }
}

/// Logs every request (see [`AccessLog`]).
async fn access_log(request: Request, next: Next) -> Response {
    let mut log = AccessLog {
        method: request.method().clone(),
        path: request.uri().path().to_string(),
        started: Instant::now(),
        status: None,
    };
    let response = next.run(request).await;
    log.status = Some(response.status());
    response
}

/// 404 for unknown routes: JSON under `/api/`, a page elsewhere.
async fn not_found(uri: axum::http::Uri) -> Response {
    if uri.path().starts_with("/api/") {
        api::ApiError::not_found("no such API route").into_response()
    } else {
        pages::error_page(StatusCode::NOT_FOUND, "There is no page here.")
    }
}

/// 405 for a known path with another method: JSON under `/api/`, a page elsewhere.
async fn method_not_allowed(uri: axum::http::Uri) -> Response {
    let status = StatusCode::METHOD_NOT_ALLOWED;
    if uri.path().starts_with("/api/") {
        api::ApiError::new(
            status,
            "method_not_allowed",
            "this method is not allowed here",
        )
        .into_response()
    } else {
        pages::error_page(status, "This method is not allowed here.")
    }
}

/// Refuses an address other than loopback unless `allow_remote`: the server
/// has no authentication, so it must not be reachable from the network by
/// accident.
pub fn check_bind_addr(addr: SocketAddr, allow_remote: bool) -> Result<(), String> {
    if addr.ip().is_loopback() || allow_remote {
        Ok(())
    } else {
        Err(format!(
            "refusing to listen on {addr}: it is not a loopback address and the server has no \
             authentication; use 127.0.0.1 or pass --allow-remote"
        ))
    }
}

/// Host name of a `Host` header value (`name`, `name:port`, `[v6]:port`).
fn host_name(host: &str) -> &str {
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name,
        _ => host,
    }
}

/// Whether `name` is a loopback host name or address.
fn is_loopback_name(name: &str) -> bool {
    let name = name.trim_end_matches('.');
    name.eq_ignore_ascii_case("localhost")
        || name.to_ascii_lowercase().ends_with(".localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Why a request is refused before routing, if it is.
fn refusal(method: &Method, headers: &HeaderMap, allow_remote: bool) -> Option<&'static str> {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    if !allow_remote {
        // A page on another site can point its own domain at 127.0.0.1 (DNS
        // rebinding); its requests then carry that domain as Host.
        if let Some(h) = host {
            if !is_loopback_name(host_name(h)) {
                return Some("this server only answers requests for localhost");
            }
        }
    }
    let unsafe_method = !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS);
    if unsafe_method {
        if let (Some(origin), Some(host)) = (headers.get(header::ORIGIN), host) {
            let origin = origin.to_str().unwrap_or("null");
            let origin_host = origin.split_once("://").map(|(_, rest)| rest);
            if !origin_host.is_some_and(|o| o.eq_ignore_ascii_case(host)) {
                return Some("cross-origin requests that change data are refused");
            }
        }
    }
    None
}

const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// Host/Origin checks before routing, security headers after.
async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let mut response = match refusal(
        request.method(),
        request.headers(),
        state.config.allow_remote,
    ) {
        Some(reason) => {
            if request.uri().path().starts_with("/api/") {
                api::ApiError::new(StatusCode::FORBIDDEN, "forbidden", reason).into_response()
            } else {
                pages::error_page(StatusCode::FORBIDDEN, reason)
            }
        }
        None => next.run(request).await,
    };
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        // Not `no-referrer`: under it browsers send `Origin: null` with form
        // posts, which the Origin check above would refuse. Links out to
        // article URLs carry rel="noreferrer" instead.
        (header::REFERRER_POLICY, "same-origin"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// Serves `app` on `listener` until `shutdown` completes, within the
/// connection limits of `config` (header read timeout, most connections at
/// once). After `shutdown`, no new connection is accepted and open ones get
/// [`SHUTDOWN_GRACE`] to finish their requests.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    config: &WebConfig,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(config.header_read_timeout);
    let connections = Arc::new(Semaphore::new(config.max_connections.max(1)));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        // Take a connection slot before accepting, so that over the limit
        // new connections wait in the kernel's backlog, costing nothing here.
        let permit = tokio::select! {
            () = &mut shutdown => break,
            permit = connections.clone().acquire_owned() => match permit {
                Ok(p) => p,
                Err(_) => break,
            },
        };
        let (stream, peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: back off, go on.
                    tracing::warn!("accepting a connection failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(%peer, "connection ended: {e}");
            }
            drop(permit);
        });
    }
    drop(listener);
    if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("connections still open after the shutdown grace period; closing them");
    }
    Ok(())
}

/// How long open connections may take to finish after a shutdown.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Binds `addr` (after [`check_bind_addr`]), calls `on_ready` with the bound
/// address, and serves until Ctrl-C. Builds its own tokio runtime, so a
/// synchronous caller (the CLI) needs no async code.
pub fn run_blocking(
    addr: SocketAddr,
    stories: Arc<dyn StorySource>,
    config: WebConfig,
    on_ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    check_bind_addr(addr, config.allow_remote)
        .map_err(|m| std::io::Error::new(std::io::ErrorKind::PermissionDenied, m))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        on_ready(listener.local_addr()?);
        let shutdown = async {
            // If the signal handler cannot be installed, serve until killed.
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        };
        let limits = config.clone();
        serve(listener, router(stories, config), &limits, shutdown).await
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_binds_without_allow_remote() {
        assert!(check_bind_addr("127.0.0.1:8080".parse().unwrap(), false).is_ok());
        assert!(check_bind_addr("[::1]:0".parse().unwrap(), false).is_ok());
        assert!(check_bind_addr("0.0.0.0:8080".parse().unwrap(), false).is_err());
        assert!(check_bind_addr("192.168.1.2:80".parse().unwrap(), false).is_err());
        assert!(check_bind_addr("0.0.0.0:8080".parse().unwrap(), true).is_ok());
    }

    #[test]
    fn host_names_are_parsed_and_checked() {
        assert_eq!(host_name("localhost:8080"), "localhost");
        assert_eq!(host_name("[::1]:8080"), "::1");
        assert_eq!(host_name("127.0.0.1"), "127.0.0.1");
        assert!(is_loopback_name("127.0.0.2"));
        assert!(is_loopback_name("LOCALHOST"));
        assert!(is_loopback_name("::1"));
        assert!(!is_loopback_name("evil.example"));
        assert!(!is_loopback_name("127.0.0.1.evil.example"));
    }
}
