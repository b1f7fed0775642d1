//! Times extraction on the example story repeated N times (default 20):
//! `cargo run --release -p corroborate-extract --example scale -- DIR N`.
fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(
        args.next()
            .unwrap_or_else(|| "examples/istanbul-2025-05-15".into()),
    );
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(20);
    let base = corroborate_ingest::prepared_articles(&[dir]);
    let mut articles = Vec::new();
    for i in 0..n {
        for a in &base {
            let mut a = a.clone();
            a.id = format!("{}-{i}", a.id);
            articles.push(a);
        }
    }
    let t = std::time::Instant::now();
    let x = corroborate_extract::extract_story(&articles);
    println!(
        "{} articles: {} entities, {} quote groups in {:.2?}",
        articles.len(),
        x.entities.len(),
        x.quotes.len(),
        t.elapsed()
    );
}
