//! The server's limits over real loopback sockets (`corroborate_web::serve`
//! on 127.0.0.1:0, raw HTTP/1.1 written by hand so that the tests decide
//! exactly when a client stops sending or goes away):
//!
//! * clients that disconnect during their analysis never raise the number
//!   of analyses running at once above the slots (`/api/health` counts the
//!   pipelines themselves, not the requests), and the slots come back;
//! * half-sent request heads and idle connections are closed after the
//!   header read timeout; a half-sent body gets 408;
//! * a server whose slots stay taken answers 503, an analysis over its
//!   budget answers 504 and is cancelled;
//! * a stored story (`serve --db`) is analysed when opened in an analysis
//!   slot and within the budget like a submission (504 past it), then kept;
//! * a panic in the story source is a generic 500, never its text.
//!
//! Bodies are the example story's articles. Every wait is bounded by
//! [`PATIENCE`], far above the timeouts configured, so the tests stop by
//! themselves and do not depend on the machine's speed.

mod common;

use corroborate_web::analysis::{doc_from_fields, AnalysisStats, ApiArticle};
use corroborate_web::{router, MemoryStories, SourceError, StorySource, StorySummary, WebConfig};
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::{sleep, timeout};

/// The longest any one wait may take before the test fails.
const PATIENCE: Duration = Duration::from_secs(120);

/// A server on an ephemeral loopback port, stopped by [`Server::stop`].
struct Server {
    addr: SocketAddr,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Server {
    async fn start(config: WebConfig) -> Self {
        Self::start_with(Arc::new(MemoryStories::default()), config).await
    }

    async fn start_with(stories: Arc<dyn StorySource>, config: WebConfig) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = router(stories, config.clone());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            corroborate_web::serve(listener, app, &config, async {
                let _ = stopped.await;
            })
            .await
        });
        Self { addr, stop, task }
    }

    async fn stop(self) {
        let _ = self.stop.send(());
        timeout(PATIENCE, self.task)
            .await
            .expect("the server stops")
            .expect("the server task ends normally")
            .expect("the server ends without error");
    }
}

/// An HTTP answer, read to the end of the connection.
#[derive(Debug)]
struct Answer {
    status: u16,
    head: String,
    body: String,
}

impl Answer {
    fn parse(raw: &[u8]) -> Self {
        let text = String::from_utf8_lossy(raw);
        let (head, body) = text
            .split_once("\r\n\r\n")
            .unwrap_or_else(|| panic!("not an HTTP answer: {text:?}"));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status in {head:?}"));
        Self {
            status,
            head: head.to_ascii_lowercase(),
            body: body.to_string(),
        }
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {self:?}"))
    }
}

/// The head of a request with a body of `length` bytes.
fn request_head(method: &str, path: &str, content_type: &str, length: usize) -> String {
    format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\
         Content-Type: {content_type}\r\nContent-Length: {length}\r\n\r\n"
    )
}

/// Reads until the server closes the connection.
async fn read_all(stream: &mut TcpStream) -> Vec<u8> {
    let mut raw = Vec::new();
    timeout(PATIENCE, stream.read_to_end(&mut raw))
        .await
        .expect("the server answers and closes in time")
        .expect("the connection is readable");
    raw
}

/// One request on a fresh connection; the whole answer.
async fn request(addr: SocketAddr, method: &str, path: &str, body: &[u8]) -> Answer {
    let mut stream = TcpStream::connect(addr).await.expect("connects");
    let head = request_head(method, path, "application/json", body.len());
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body).await.unwrap();
    Answer::parse(&read_all(&mut stream).await)
}

async fn health(addr: SocketAddr) -> AnalysisStats {
    let answer = request(addr, "GET", "/api/health", b"").await;
    assert_eq!(answer.status, 200, "{answer:?}");
    let json = answer.json();
    assert_eq!(json["status"], "ok");
    serde_json::from_value(json["analyses"].clone()).expect("analysis counters")
}

/// Polls `/api/health` until `done` holds; returns the last counters and
/// the most analyses seen running at once.
async fn wait_for(
    addr: SocketAddr,
    done: impl Fn(&AnalysisStats) -> bool,
) -> (AnalysisStats, usize) {
    let mut most = 0;
    let polls = timeout(PATIENCE, async {
        loop {
            let stats = health(addr).await;
            most = most.max(stats.running);
            if done(&stats) {
                return stats;
            }
            sleep(Duration::from_millis(50)).await;
        }
    });
    let stats = polls
        .await
        .expect("the server reaches the awaited state in time");
    (stats, most)
}

/// `POST /api/analyze` body with the example story's articles.
fn story_body() -> Vec<u8> {
    let articles: Vec<Value> = common::example_texts()
        .into_iter()
        .map(|text| json!({ "text": text }))
        .collect();
    serde_json::to_vec(&json!({ "articles": articles })).unwrap()
}

/// Limits that no test reaches unless it means to.
fn roomy() -> WebConfig {
    WebConfig {
        analysis_queue_wait: PATIENCE,
        analysis_budget: PATIENCE,
        header_read_timeout: PATIENCE,
        body_read_timeout: PATIENCE,
        ..WebConfig::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disconnecting_clients_never_run_more_analyses_than_the_slots() {
    let slots = 2;
    let clients = 6;
    let server = Server::start(WebConfig {
        max_parallel_analyses: slots,
        ..roomy()
    })
    .await;
    let body = story_body();

    // One client after another sends a whole analysis request, gives up
    // after 0.3 s (a client-side timeout) and closes its connection; the
    // next one starts as the previous one leaves.
    for _ in 0..clients {
        let mut stream = TcpStream::connect(server.addr).await.expect("connects");
        let head = request_head("POST", "/api/analyze", "application/json", body.len());
        stream.write_all(head.as_bytes()).await.unwrap();
        stream.write_all(&body).await.unwrap();
        sleep(Duration::from_millis(300)).await;
        drop(stream);
    }
    // Watch the pipelines until every one of them has stopped.
    let (stats, most) = wait_for(server.addr, |s| s.running == 0 && s.waiting == 0).await;
    eprintln!("{clients} disconnecting clients, {slots} slots: {stats:?}");
    assert!(
        stats.peak <= slots && most <= slots,
        "{} analyses ran at once with {slots} slots: {stats:?}",
        stats.peak.max(most)
    );
    assert!(
        stats.finished + stats.cancelled >= 1,
        "the clients' analyses should have started: {stats:?}"
    );
    assert!(stats.finished + stats.cancelled <= clients as u64);

    // The slots came back: a patient client gets its report.
    let answer = request(server.addr, "POST", "/api/analyze", &body).await;
    assert_eq!(answer.status, 201, "{}", answer.body);
    assert_eq!(
        answer.json()["articles"].as_array().map(Vec::len),
        Some(common::example_texts().len())
    );
    let after = health(server.addr).await;
    assert_eq!(after.running, 0);
    assert!(after.peak <= slots, "{after:?}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn half_sent_heads_and_idle_connections_are_closed_after_the_header_timeout() {
    let server = Server::start(WebConfig {
        header_read_timeout: Duration::from_millis(500),
        ..roomy()
    })
    .await;
    let mut streams = Vec::new();
    for i in 0..40 {
        let mut stream = TcpStream::connect(server.addr).await.expect("connects");
        if i % 4 != 0 {
            // A request line and part of the headers, never the blank line.
            stream
                .write_all(b"POST /api/analyze HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-")
                .await
                .unwrap();
        }
        streams.push(stream);
    }
    // Every one is closed by the server (end of stream, or a reset) long
    // before PATIENCE; none gets an answer it could mistake for a success.
    for mut stream in streams {
        let mut raw = Vec::new();
        let read = timeout(PATIENCE, stream.read_to_end(&mut raw))
            .await
            .expect("the server closes a stalled connection");
        if read.is_ok() && !raw.is_empty() {
            let answer = Answer::parse(&raw);
            assert!(answer.status >= 400, "{answer:?}");
        }
    }
    // A complete request on the same server is still served.
    assert_eq!(health(server.addr).await.running, 0);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_half_sent_body_gets_408() {
    let server = Server::start(WebConfig {
        body_read_timeout: Duration::from_millis(500),
        ..roomy()
    })
    .await;
    let body = story_body();
    for (path, content_type) in [
        ("/api/analyze", "application/json"),
        ("/new", "multipart/form-data; boundary=b0undary"),
    ] {
        let mut stream = TcpStream::connect(server.addr).await.expect("connects");
        let head = request_head("POST", path, content_type, body.len());
        stream.write_all(head.as_bytes()).await.unwrap();
        let part: &[u8] = if path == "/new" {
            b"--b0undary\r\nContent-Disposition: form-data; name=\"text_1\"\r\n\r\nTalks"
        } else {
            &body[..body.len() / 2]
        };
        stream.write_all(part).await.unwrap();
        // Then nothing more: the server must give up on its own.
        let answer = Answer::parse(&read_all(&mut stream).await);
        assert_eq!(answer.status, 408, "{path}: {answer:?}");
        assert!(answer.head.contains("connection: close"), "{answer:?}");
        if path == "/api/analyze" {
            assert_eq!(answer.json()["error"], "body_timeout");
        }
    }
    let stats = health(server.addr).await;
    assert_eq!(stats.finished + stats.cancelled, 0, "nothing was analysed");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_whose_slot_stays_taken_answers_503() {
    let server = Server::start(WebConfig {
        max_parallel_analyses: 1,
        analysis_queue_wait: Duration::from_millis(100),
        ..roomy()
    })
    .await;
    let body = story_body();
    let addr = server.addr;
    // A takes the only slot and keeps it while it is analysed.
    let first = tokio::spawn({
        let body = body.clone();
        async move { request(addr, "POST", "/api/analyze", &body).await }
    });
    wait_for(addr, |s| s.running == 1).await;
    let refused = request(addr, "POST", "/api/analyze", &body).await;
    assert_eq!(refused.status, 503, "{}", refused.body);
    assert!(refused.head.contains("retry-after:"), "{refused:?}");
    let json = refused.json();
    assert_eq!(json["error"], "busy");
    assert!(json["message"].as_str().unwrap().contains("busy"));
    // The first request is unaffected.
    let started = std::time::Instant::now();
    let first = timeout(PATIENCE, first).await.unwrap().unwrap();
    eprintln!(
        "the first analysis ended {:?} after the 503",
        started.elapsed()
    );
    assert_eq!(first.status, 201, "{}", first.body);
    let stats = health(addr).await;
    assert_eq!(
        (stats.busy, stats.finished, stats.peak),
        (1, 1, 1),
        "{stats:?}"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_analysis_over_its_budget_answers_504_and_is_cancelled() {
    let server = Server::start(WebConfig {
        analysis_budget: Duration::from_millis(1),
        ..roomy()
    })
    .await;
    let answer = request(server.addr, "POST", "/api/analyze", &story_body()).await;
    assert_eq!(answer.status, 504, "{}", answer.body);
    let json = answer.json();
    assert_eq!(json["error"], "analysis_timeout");
    assert!(json["message"].as_str().unwrap().contains("0.001 s"));
    // The pipeline (which may not even have started on a busy machine)
    // stops at its next stage and gives its slot back.
    let (stats, _) = wait_for(server.addr, |s| {
        s.running == 0 && s.cancelled + s.finished == 1
    })
    .await;
    assert_eq!(stats.over_budget, 1, "{stats:?}");
    assert!(stats.peak <= 1, "{stats:?}");
    // Nothing was stored.
    let list = request(server.addr, "GET", "/api/stories", b"").await;
    assert_eq!(list.json()["stories"].as_array().map(Vec::len), Some(0));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_form_comes_back_with_the_typed_text_when_over_budget() {
    let server = Server::start(WebConfig {
        analysis_budget: Duration::from_millis(1),
        ..roomy()
    })
    .await;
    let texts = common::example_texts();
    let boundary = "b0undary";
    let mut body = String::new();
    for (i, text) in texts.iter().enumerate() {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"text_{}\"\r\n\r\n{text}\r\n",
            i + 1
        ));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    let mut stream = TcpStream::connect(server.addr).await.expect("connects");
    let content_type = format!("multipart/form-data; boundary={boundary}");
    let head = request_head("POST", "/new", &content_type, body.len());
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body.as_bytes()).await.unwrap();
    let answer = Answer::parse(&read_all(&mut stream).await);
    assert_eq!(answer.status, 504, "{answer:?}");
    assert!(answer.head.contains("text/html"), "{answer:?}");
    assert!(answer.body.contains("longer than the server allows"));
    // What was typed is still in the form (escaped like any article text).
    let first_line = texts[0].lines().next().unwrap();
    assert!(
        answer
            .body
            .contains(&corroborate_render::escape::escape_html(first_line)),
        "the form lost the typed text"
    );
    wait_for(server.addr, |s| {
        s.running == 0 && s.cancelled + s.finished == 1
    })
    .await;
    server.stop().await;
}

/// A store holding story "1" (the example story's articles), not analysed
/// until the web app analyses it; what the app remembers is kept.
#[derive(Default)]
struct Stored {
    remembered: Mutex<Option<Arc<corroborate_core::Report>>>,
}

impl StorySource for Stored {
    fn list(&self, _: Option<&str>) -> Result<Vec<StorySummary>, SourceError> {
        Ok(Vec::new())
    }
    fn report(&self, id: &str) -> Result<Option<Arc<corroborate_core::Report>>, SourceError> {
        Ok(self
            .remembered
            .lock()
            .unwrap()
            .clone()
            .filter(|_| id == "1"))
    }
    fn unanalysed(&self, id: &str) -> Result<Option<Vec<corroborate_core::RawDoc>>, SourceError> {
        Ok((id == "1").then(|| {
            common::example_texts()
                .into_iter()
                .enumerate()
                .map(|(i, text)| {
                    doc_from_fields(
                        format!("stored-{i}"),
                        ApiArticle {
                            text,
                            ..ApiArticle::default()
                        },
                    )
                })
                .collect()
        }))
    }
    fn remember(&self, _: &str, report: Arc<corroborate_core::Report>) {
        *self.remembered.lock().unwrap() = Some(report);
    }
    fn add(&self, _: corroborate_core::Report) -> Result<String, SourceError> {
        Err(SourceError("read-only".into()))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stored_story_is_analysed_in_a_slot_within_the_budget() {
    // Over the budget: 504 for the API and the page, and the pipeline stops.
    let server = Server::start_with(
        Arc::new(Stored::default()),
        WebConfig {
            analysis_budget: Duration::from_millis(1),
            ..roomy()
        },
    )
    .await;
    let api = request(server.addr, "GET", "/api/stories/1", b"").await;
    assert_eq!(api.status, 504, "{}", api.body);
    assert_eq!(api.json()["error"], "analysis_timeout");
    let page = request(server.addr, "GET", "/stories/1", b"").await;
    assert_eq!(page.status, 504, "{}", page.body);
    let (stats, _) = wait_for(server.addr, |s| {
        s.running == 0 && s.cancelled + s.finished == 2
    })
    .await;
    assert_eq!(stats.over_budget, 2, "{stats:?}");
    server.stop().await;

    // With room: analysed once, in a slot, then served from what was kept.
    let stored = Arc::new(Stored::default());
    let server = Server::start_with(stored.clone(), roomy()).await;
    let first = request(server.addr, "GET", "/api/stories/1", b"").await;
    assert_eq!(first.status, 200, "{}", first.body);
    let articles = first.json()["articles"].as_array().map(Vec::len);
    assert_eq!(articles, Some(common::example_texts().len()));
    let page = request(server.addr, "GET", "/stories/1", b"").await;
    assert_eq!(page.status, 200);
    let stats = health(server.addr).await;
    assert_eq!((stats.finished, stats.peak), (1, 1), "{stats:?}");
    assert!(stored.remembered.lock().unwrap().is_some());
    let missing = request(server.addr, "GET", "/api/stories/2", b"").await;
    assert_eq!(missing.status, 404);
    server.stop().await;
}

/// A story source that panics with a message that must never reach a client.
struct Exploding;

const SECRET: &str = "internal detail 7f3a: index out of bounds";

impl StorySource for Exploding {
    fn list(&self, _: Option<&str>) -> Result<Vec<StorySummary>, SourceError> {
        Ok(Vec::new())
    }
    fn report(&self, _: &str) -> Result<Option<Arc<corroborate_core::Report>>, SourceError> {
        panic!("{SECRET}");
    }
    fn add(&self, _: corroborate_core::Report) -> Result<String, SourceError> {
        panic!("{SECRET}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_is_a_generic_500_without_its_text() {
    let server = Server::start_with(Arc::new(Exploding), roomy()).await;
    let api = request(server.addr, "GET", "/api/stories/0123456789abcdef", b"").await;
    assert_eq!(api.status, 500);
    assert!(
        !api.body.contains(SECRET) && !api.body.contains("panic"),
        "{api:?}"
    );
    assert!(api.json()["message"].as_str().is_some());
    let page = request(server.addr, "GET", "/stories/0123456789abcdef", b"").await;
    assert_eq!(page.status, 500);
    assert!(page.head.contains("text/html"), "{page:?}");
    assert!(
        !page.body.contains(SECRET) && !page.body.contains("panic"),
        "{page:?}"
    );
    // Storing the analysed story panics too: still a JSON 500.
    let stored = request(server.addr, "POST", "/api/analyze", &story_body()).await;
    assert_eq!(stored.status, 500, "{}", stored.body);
    assert!(!stored.body.contains(SECRET), "{stored:?}");
    // And the server lives on.
    assert_eq!(health(server.addr).await.failed, 0);
    server.stop().await;
}
