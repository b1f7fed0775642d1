//! Load check for the server's analysis slots: clients that give up.
//!
//! Starts the server in this process on 127.0.0.1 (an ephemeral port, never
//! another address), then sends `--clients` analysis requests one after
//! another; each client gives up after `--give-up-ms` and closes its
//! connection, the way an impatient client or a proxy timeout does. Bodies
//! are the first example story under `examples/`, each article repeated
//! `--copies` times (real text, a large body); with `--one-article` the
//! whole story, repeated, is sent as one long article. While
//! it runs, `/api/health` and this process's memory and thread count are
//! sampled; when every analysis has stopped (or after `--max-secs`) it
//! prints the peak analyses at once, peak resident memory (VmHWM) and peak
//! threads.
//!
//! ```sh
//! cargo run --release -p corroborate-web --example load -- --clients 6 --slots 2 --copies 5 --one-article
//! ```

use corroborate_web::analysis::AnalysisStats;
use corroborate_web::{router, MemoryStories, WebConfig};
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

struct Args {
    clients: usize,
    slots: usize,
    copies: usize,
    give_up: Duration,
    max: Duration,
    one_article: bool,
}

fn args() -> Args {
    let mut args = Args {
        clients: 6,
        slots: 2,
        copies: 5,
        give_up: Duration::from_millis(300),
        max: Duration::from_secs(600),
        one_article: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "--one-article" {
            args.one_article = true;
            continue;
        }
        let value: u64 = it
            .next()
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{flag} needs a whole number"));
        match flag.as_str() {
            "--clients" => args.clients = value as usize,
            "--slots" => args.slots = value.max(1) as usize,
            "--copies" => args.copies = value.max(1) as usize,
            "--give-up-ms" => args.give_up = Duration::from_millis(value),
            "--max-secs" => args.max = Duration::from_secs(value),
            other => panic!("unknown flag {other}"),
        }
    }
    args
}

/// The first example story's articles, each repeated `copies` times, or
/// the whole story repeated as one article.
fn body(copies: usize, one_article: bool) -> Vec<u8> {
    let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&examples)
        .expect("examples/ exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dirs[0])
        .expect("example story")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    let texts: Vec<String> = files
        .iter()
        .map(|f| std::fs::read_to_string(f).expect("UTF-8 article"))
        .collect();
    let articles: Vec<Value> = if one_article {
        vec![json!({ "text": vec![texts.join("\n\n"); copies].join("\n\n") })]
    } else {
        texts
            .iter()
            .map(|text| json!({ "text": vec![text.as_str(); copies].join("\n\n") }))
            .collect()
    };
    serde_json::to_vec(&json!({ "articles": articles })).unwrap()
}

/// A field of /proc/self/status in its own unit (kB for memory).
fn proc_status(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| {
            l.strip_prefix(field)?
                .trim_start_matches(':')
                .split_whitespace()
                .next()?
                .parse()
                .ok()
        })
        .unwrap_or(0)
}

async fn health(addr: SocketAddr) -> AnalysisStats {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let text = String::from_utf8_lossy(&raw);
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or("");
    let json: Value = serde_json::from_str(body).expect("health JSON");
    serde_json::from_value(json["analyses"].clone()).unwrap()
}

#[tokio::main]
async fn main() {
    let args = args();
    let config = WebConfig {
        max_parallel_analyses: args.slots,
        analysis_queue_wait: args.max,
        analysis_budget: args.max,
        ..WebConfig::default()
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = router(Arc::new(MemoryStories::default()), config.clone());
    tokio::spawn(async move {
        corroborate_web::serve(listener, app, &config, std::future::pending()).await
    });
    let body = body(args.copies, args.one_article);
    println!(
        "{} clients, {} slots, body {} KB (example story x{}{}), give up after {:?}",
        args.clients,
        args.slots,
        body.len() / 1024,
        args.copies,
        if args.one_article {
            ", one article"
        } else {
            ""
        },
        args.give_up
    );
    let started = Instant::now();
    let (mut peak_running, mut peak_threads) = (0, 0);
    let mut sample = |stats: &AnalysisStats| {
        peak_running = peak_running.max(stats.running);
        peak_threads = peak_threads.max(proc_status("Threads"));
    };
    for _ in 0..args.clients {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        let head = format!(
            "POST /api/analyze HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        stream.write_all(&body).await.unwrap();
        tokio::time::sleep(args.give_up).await;
        drop(stream);
        sample(&health(addr).await);
    }
    let stats = loop {
        let stats = health(addr).await;
        sample(&stats);
        if (stats.running == 0 && stats.waiting == 0) || started.elapsed() > args.max {
            break stats;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    println!(
        "all analyses stopped after {:.1} s: peak analyses at once {} (server peak {}), \
         started {}, peak RSS {} MB, peak threads {}",
        started.elapsed().as_secs_f64(),
        peak_running,
        stats.peak,
        stats.finished + stats.cancelled,
        proc_status("VmHWM") / 1024,
        peak_threads
    );
    println!("counters: {stats:?}");
    if stats.running != 0 {
        println!(
            "(stopped waiting after --max-secs; {} still running)",
            stats.running
        );
    }
}
