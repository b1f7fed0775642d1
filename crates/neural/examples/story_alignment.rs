//! Aligned sentence pairs of a story with the lexical scorer alone and with
//! the neural encoder blended in.
//!
//! ```text
//! cargo run -p corroborate-neural --release --example story_alignment -- \
//!     MODEL_DIR [STORY_DIR]
//! ```
//!
//! Prints, for each article pair, the number of aligned sentence pairs by
//! label without and with the encoder, and the totals.

use corroborate_core::Article;
use corroborate_neural::{BertEncoder, CachedEncoder};
use std::collections::BTreeMap;
use std::path::PathBuf;

fn counts(articles: &[Article], pairs: &[corroborate_core::AlignedPair]) -> BTreeMap<(String, String), BTreeMap<String, usize>> {
    let name = |id: &str| {
        articles
            .iter()
            .find(|a| a.id == id)
            .and_then(|a| std::path::Path::new(&a.path).file_stem().map(|s| s.to_string_lossy().to_string()))
            .unwrap_or_else(|| id.to_string())
    };
    let mut out: BTreeMap<(String, String), BTreeMap<String, usize>> = BTreeMap::new();
    for p in pairs {
        let (a, b) = (name(&p.a), name(&p.b));
        let key = if a <= b { (a, b) } else { (b, a) };
        let label = format!("{:?}", p.label).to_lowercase();
        *out.entry(key.clone()).or_default().entry(label).or_default() += 1;
        *out.entry(key).or_default().entry("all".into()).or_default() += 1;
    }
    out
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(model) = args.next().map(PathBuf::from) else {
        eprintln!("usage: story_alignment MODEL_DIR [STORY_DIR]");
        std::process::exit(2);
    };
    let story = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/istanbul-2025-05-15")));
    let ingested = corroborate_ingest::ingest_paths(&[story]);
    let mut articles: Vec<Article> = ingested
        .docs
        .into_iter()
        .filter_map(|d| corroborate_ingest::prepare(d).ok())
        .collect();
    articles.sort_by(|a, b| a.path.cmp(&b.path));
    let enc = match BertEncoder::load(&model) {
        Ok(e) => CachedEncoder::new(e),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    let t = std::time::Instant::now();
    let lexical = corroborate_align::align_story(&articles, None);
    let t_lex = t.elapsed();
    let t = std::time::Instant::now();
    let neural = corroborate_align::align_story(&articles, Some(&enc));
    let t_neu = t.elapsed();
    let (cl, cn) = (counts(&articles, &lexical.pairs), counts(&articles, &neural.pairs));
    let sentences: usize = articles.iter().map(|a| a.sentences.len()).sum();
    println!(
        "{} articles, {} sentences; lexical {} ms, with {} {} ms (encoded {} distinct sentences)",
        articles.len(),
        sentences,
        t_lex.as_millis(),
        enc.inner().info().name,
        t_neu.as_millis(),
        enc.stats().entries
    );
    let keys: std::collections::BTreeSet<_> = cl.keys().chain(cn.keys()).cloned().collect();
    let show = |m: Option<&BTreeMap<String, usize>>| {
        m.map(|m| m.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(" "))
            .unwrap_or_else(|| "none".into())
    };
    for k in keys {
        println!("{} ~ {}:", k.0, k.1);
        println!("    lexical: {}", show(cl.get(&k)));
        println!("    neural : {}", show(cn.get(&k)));
    }
    println!(
        "total aligned pairs: lexical {}, neural {}; claims: lexical {}, neural {}; source groups: lexical {:?}, neural {:?}",
        lexical.pairs.len(),
        neural.pairs.len(),
        lexical.claims.len(),
        neural.claims.len(),
        lexical.source_group,
        neural.source_group
    );
}
