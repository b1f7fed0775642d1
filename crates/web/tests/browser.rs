//! End to end in headless Chromium, through WebDriver (chromedriver).
//!
//! Starts the server on 127.0.0.1:0 with the first example story, then in a
//! real browser: opens the story list, opens the story, clicks a summary
//! citation (the cited sentence must be highlighted and scrolled into view,
//! its article opened), opens a finding (both sources must show), pastes the
//! example articles into the form and checks the report page that follows.
//! Screenshots go to `target/browser-test/*.png` (or `$CORROBORATE_BROWSER_TEST_OUT`).
//!
//! Needs `chromium` and `chromedriver` (Debian: `apt-get install chromium
//! chromium-driver`); found on PATH or through `$CHROME_BIN` and
//! `$CHROMEDRIVER`. Without them the test prints `SKIP` and passes. Set
//! `CORROBORATE_REQUIRE_BROWSER=1` (CI) to make their absence a failure.

mod common;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

/// The first of `names` found as an executable on PATH.
fn find_on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in names {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

fn tool(env: &str, names: &[&str]) -> Option<PathBuf> {
    match std::env::var_os(env) {
        Some(p) if Path::new(&p).is_file() => Some(PathBuf::from(p)),
        _ => find_on_path(names),
    }
}

/// chromedriver, killed when dropped so a failing test leaves nothing behind.
struct Driver(tokio::process::Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.start_kill();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

fn out_dir() -> PathBuf {
    let dir = std::env::var_os("CORROBORATE_BROWSER_TEST_OUT")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/browser-test")
        });
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    dir
}

async fn screenshot(client: &Client, name: &str) {
    let png = client.screenshot().await.expect("screenshot");
    let path = out_dir().join(name);
    std::fs::write(&path, png).expect("write screenshot");
    eprintln!("screenshot: {}", path.display());
}

/// Runs `script` (which `return`s a value) with `args`.
async fn js(client: &Client, script: &str, args: Vec<Value>) -> Value {
    client
        .execute(script, args)
        .await
        .unwrap_or_else(|e| panic!("script failed ({e}): {script}"))
}

async fn connect(driver_port: u16, chrome: &Path) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chrome.to_string_lossy(),
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1280,1400",
                     "--no-first-run", "--disable-extensions"],
        }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let url = format!("http://127.0.0.1:{driver_port}");
    // chromedriver needs a moment to listen; retry for up to 20 s.
    let mut last_error = String::new();
    for _ in 0..80 {
        match ClientBuilder::new(connector.clone())
            .capabilities(caps.clone())
            .connect(&url)
            .await
        {
            Ok(client) => return client,
            Err(e) => last_error = e.to_string(),
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    panic!("could not start a browser session: {last_error}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn story_pages_work_in_headless_chromium() {
    let chrome = tool(
        "CHROME_BIN",
        &["chromium", "chromium-browser", "google-chrome"],
    );
    let chromedriver = tool("CHROMEDRIVER", &["chromedriver"]);
    let (Some(chrome), Some(chromedriver)) = (chrome, chromedriver) else {
        let required = std::env::var("CORROBORATE_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
        assert!(
            !required,
            "CORROBORATE_REQUIRE_BROWSER=1 but chromium/chromedriver were not found"
        );
        eprintln!(
            "SKIP story_pages_work_in_headless_chromium: chromium and chromedriver not found \
             (apt-get install chromium chromium-driver, or set CHROME_BIN and CHROMEDRIVER)"
        );
        return;
    };

    // The server, on an ephemeral loopback port.
    let (store, _) = common::example_store();
    let config = corroborate_web::WebConfig::default();
    let app = corroborate_web::router(store, config.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        corroborate_web::serve(listener, app, &config, async {
            let _ = stopped.await;
        })
        .await
    });

    let driver_port = free_port();
    let driver = Driver(
        tokio::process::Command::new(&chromedriver)
            .arg(format!("--port={driver_port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("chromedriver starts"),
    );
    let client = connect(driver_port, &chrome).await;

    // The walk runs as its own task so that a failed assertion still lets
    // us close the browser session (and with it Chromium) before failing.
    let mut walker = tokio::spawn({
        let client = client.clone();
        async move { walk(&client, &base).await }
    });
    let outcome = tokio::time::timeout(Duration::from_secs(180), &mut walker).await;
    if outcome.is_err() {
        walker.abort();
    }
    let _ = client.close().await;
    drop(driver);
    let _ = stop.send(());
    let _ = server.await;
    match outcome {
        Err(_) => panic!("the browser walk did not finish within 3 minutes"),
        Ok(Err(failed)) if failed.is_panic() => std::panic::resume_unwind(failed.into_panic()),
        Ok(Err(failed)) => panic!("the browser walk stopped: {failed}"),
        Ok(Ok(())) => {}
    }
}

async fn walk(client: &Client, base: &str) {
    let wait = Duration::from_secs(20);

    // 1. The story list shows the example story; open it.
    client.goto(&format!("{base}/")).await.unwrap();
    let link = client
        .wait()
        .at_most(wait)
        .for_element(Locator::Css("li.story-item > a"))
        .await
        .expect("story list shows a story");
    assert!(!link.text().await.unwrap().trim().is_empty());
    screenshot(client, "1-story-list.png").await;
    link.click().await.unwrap();
    let heading = client
        .wait()
        .at_most(wait)
        .for_element(Locator::Css("article.story h1"))
        .await
        .expect("story page opens");
    assert!(!heading.text().await.unwrap().trim().is_empty());

    // 2. Click a summary citation: the cited sentence is highlighted, its
    //    article opened, and it is scrolled into view.
    let cite = client
        .find(Locator::Css("#summary a.cite"))
        .await
        .expect("the summary has a citation");
    let href = cite.attr("href").await.unwrap().unwrap_or_default();
    let target = href.trim_start_matches('#').to_string();
    assert!(!target.is_empty());
    cite.click().await.unwrap();
    let state = js(
        client,
        "const el = document.getElementById(arguments[0]);
         if (!el) return null;
         const r = el.getBoundingClientRect();
         const article = el.closest('details.article');
         return { cited: el.classList.contains('cited'),
                  inView: r.bottom > 0 && r.top < window.innerHeight && r.height > 0,
                  articleOpen: article ? article.open : null,
                  text: el.textContent,
                  background: getComputedStyle(el).backgroundColor };",
        vec![json!(target)],
    )
    .await;
    assert!(!state.is_null(), "citation target #{target} exists");
    assert_eq!(state["cited"], true, "cited sentence highlighted: {state}");
    assert_eq!(
        state["inView"], true,
        "cited sentence scrolled into view: {state}"
    );
    // A sentence (`a-<article>-s-<n>`), not a whole article (`a-<article>`).
    if target.contains("-s-") {
        assert_eq!(state["articleOpen"], true, "article of the sentence opened");
        assert!(!state["text"].as_str().unwrap_or("").trim().is_empty());
    }
    assert_ne!(
        state["background"], "rgba(0, 0, 0, 0)",
        "highlight is visible"
    );
    screenshot(client, "2-citation.png").await;

    // 3. Open a finding with several sources: both are shown side by side.
    //    (Disputed points are shown open; the others start closed.)
    let findings = client
        .find_all(Locator::Css("details.finding:not([open])"))
        .await
        .unwrap();
    assert!(!findings.is_empty(), "the story has findings");
    let mut opened = false;
    for finding in findings {
        let sources = finding
            .find_all(Locator::Css("figure.evidence"))
            .await
            .unwrap();
        if sources.len() < 2 {
            continue;
        }
        let summary = finding.find(Locator::Css("summary")).await.unwrap();
        js(
            client,
            "arguments[0].scrollIntoView({block: 'start'}); return true;",
            vec![serde_json::to_value(&summary).unwrap()],
        )
        .await;
        assert!(
            !sources[0].is_displayed().await.unwrap(),
            "closed finding hides its sources"
        );
        summary.click().await.unwrap();
        for source in &sources[..2] {
            assert!(
                source.is_displayed().await.unwrap(),
                "opened finding shows its sources"
            );
            let caption = source.find(Locator::Css("figcaption")).await.unwrap();
            assert!(
                !caption.text().await.unwrap().trim().is_empty(),
                "source is named"
            );
        }
        let (x0, ..) = sources[0].rectangle().await.unwrap();
        let (x1, ..) = sources[1].rectangle().await.unwrap();
        assert!(x1 > x0, "sources side by side ({x0} vs {x1})");
        opened = true;
        break;
    }
    assert!(opened, "some finding has at least two sources");
    screenshot(client, "3-finding.png").await;
    js(
        client,
        "document.getElementById('lineage').scrollIntoView({block: 'start'}); return true;",
        vec![],
    )
    .await;
    screenshot(client, "3b-lineage.png").await;
    js(
        client,
        "document.getElementById('quotes').scrollIntoView({block: 'start'}); return true;",
        vec![],
    )
    .await;
    screenshot(client, "3c-quotes-entities.png").await;
    // The fidelity bars are drawn to their share under the server's CSP
    // (which forbids style attributes): each rect fills its bar's share.
    let bars = js(
        client,
        "document.getElementById('sources').scrollIntoView({block: 'start'});
         return Array.from(document.querySelectorAll('svg.bar')).map(function (svg) {
           const rect = svg.querySelector('rect');
           return { share: Number(rect.getAttribute('width')) / 100,
                    drawn: rect.getBoundingClientRect().width / svg.getBoundingClientRect().width };
         });",
        vec![],
    )
    .await;
    let bars = bars.as_array().cloned().unwrap_or_default();
    assert!(!bars.is_empty(), "the sources table has fidelity bars");
    for bar in &bars {
        let (share, drawn) = (bar["share"].as_f64(), bar["drawn"].as_f64());
        assert!(
            matches!((share, drawn), (Some(s), Some(d)) if (s - d).abs() < 0.03),
            "fidelity bar drawn to its share: {bar}"
        );
    }
    screenshot(client, "3d-sources.png").await;
    // The pair view reads its inert JSON data block and fills both columns.
    let columns = js(
        client,
        "return [document.querySelectorAll('#col-a .cmp-sent').length,
                 document.querySelectorAll('#col-b .cmp-sent.aligned').length];",
        vec![],
    )
    .await;
    assert!(
        columns[0].as_u64().unwrap_or(0) > 0 && columns[1].as_u64().unwrap_or(0) > 0,
        "the article pair view shows sentences and aligned partners: {columns}"
    );

    // 4. Paste the example articles into the form and get a report.
    let texts = common::example_texts();
    client.goto(&format!("{base}/new")).await.unwrap();
    let boxes = client
        .wait()
        .at_most(wait)
        .for_element(Locator::Css("#article-boxes"))
        .await
        .unwrap();
    let shown = boxes
        .find_all(Locator::Css("fieldset.article-box"))
        .await
        .unwrap()
        .len();
    // Grow the form with its own button until every article has a box.
    for _ in shown..texts.len() {
        client
            .find(Locator::Id("add-article"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    }
    for (i, text) in texts.iter().enumerate() {
        let area = client
            .find(Locator::Css(&format!("textarea[name='text_{}']", i + 1)))
            .await
            .expect("a box per article");
        // Setting the value is what a paste does; typing megabytes key by key
        // would only slow the test down.
        js(
            client,
            "arguments[0].value = arguments[1]; return true;",
            vec![serde_json::to_value(&area).unwrap(), json!(text)],
        )
        .await;
    }
    client
        .find(Locator::Css("input[name='outlet_1']"))
        .await
        .unwrap()
        .send_keys("Typed Outlet")
        .await
        .unwrap();
    screenshot(client, "4-form.png").await;
    client
        .find(Locator::Css("form.new-story button[type='submit']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // Wait for the next page (the form page has no `main > p.crumbs`), then
    // say what it shows if it is not the report.
    let next = client
        .wait()
        .at_most(Duration::from_secs(60))
        .for_element(Locator::Css("main > p.crumbs, .form-error, section.error"))
        .await;
    if next.is_err() || client.find(Locator::Css("article.story h1")).await.is_err() {
        screenshot(client, "5-report-failed.png").await;
        let text = js(
            client,
            "return document.body.innerText.slice(0, 2000);",
            vec![],
        )
        .await;
        panic!("no report page after the form: {text}");
    }
    let url = client.current_url().await.unwrap();
    assert!(
        url.path().starts_with("/stories/"),
        "redirected to the story: {url}"
    );
    let articles = client
        .find_all(Locator::Css("details.article"))
        .await
        .unwrap()
        .len();
    assert_eq!(
        articles,
        texts.len(),
        "every pasted article is in the report"
    );
    let page = client.source().await.unwrap();
    assert!(page.contains("Typed Outlet"), "typed outlet shown");
    screenshot(client, "5-report.png").await;
}
