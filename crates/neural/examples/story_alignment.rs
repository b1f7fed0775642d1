//! Aligned sentence pairs of a story with the lexical scorer alone and with
//! the neural encoder (through the pair model).
//!
//! ```text
//! cargo run -p corroborate-neural --release --example story_alignment -- \
//!     MODEL_DIR [STORY_DIR]
//! ```
//!
//! Prints, for each article pair, the number of aligned sentence pairs by
//! label without and with the encoder, and the totals. Then, over every
//! cross-article sentence pair (alignment itself scores only candidates, so
//! its counts are lower), how many pairs reach the related / paraphrase
//! thresholds under the lexical score and under the encoder's pair model,
//! between the two articles that share the most (a retelling pair) and
//! between all other article pairs.

use corroborate_align::similarity::{
    lexical_score, pair_score, rescale_cosine, WeightedSentence, PARAPHRASE_THRESHOLD,
    RELATED_THRESHOLD,
};
use corroborate_align::ScoringContext;
use corroborate_core::{cosine, Article, Encoder};
use corroborate_neural::{BertEncoder, CachedEncoder};
use std::collections::BTreeMap;
use std::path::PathBuf;

fn counts(
    articles: &[Article],
    pairs: &[corroborate_core::AlignedPair],
) -> BTreeMap<(String, String), BTreeMap<String, usize>> {
    let name = |id: &str| {
        articles
            .iter()
            .find(|a| a.id == id)
            .and_then(|a| {
                std::path::Path::new(&a.path)
                    .file_stem()
                    .map(|s| s.to_string_lossy().to_string())
            })
            .unwrap_or_else(|| id.to_string())
    };
    let mut out: BTreeMap<(String, String), BTreeMap<String, usize>> = BTreeMap::new();
    for p in pairs {
        let (a, b) = (name(&p.a), name(&p.b));
        let key = if a <= b { (a, b) } else { (b, a) };
        let label = format!("{:?}", p.label).to_lowercase();
        *out.entry(key.clone())
            .or_default()
            .entry(label)
            .or_default() += 1;
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
    let story = args.next().map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../examples/istanbul-2025-05-15"
        ))
    });
    let articles: Vec<Article> = corroborate_ingest::prepared_articles(&[story]);
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
    let (cl, cn) = (
        counts(&articles, &lexical.pairs),
        counts(&articles, &neural.pairs),
    );
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
        m.map(|m| {
            m.iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(" ")
        })
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

    // Every cross-article sentence pair, scored both ways.
    let all: Vec<(usize, &str)> = articles
        .iter()
        .enumerate()
        .flat_map(|(i, a)| a.sentences.iter().map(move |s| (i, s.text.as_str())))
        .collect();
    let texts: Vec<&str> = all.iter().map(|(_, t)| *t).collect();
    let ctx = ScoringContext::from_texts(texts.iter().copied());
    let weighted: Vec<WeightedSentence> = texts
        .iter()
        .map(|t| WeightedSentence::from_text(t, &ctx))
        .collect();
    let vectors = match enc.encode(&texts) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    // The article pair with the most lexical paraphrase-or-better pairs.
    let mut strongest = (0usize, 1usize, 0usize);
    for a in 0..articles.len() {
        for b in a + 1..articles.len() {
            let n = lexical
                .pairs
                .iter()
                .filter(|p| {
                    let ids = [&articles[a].id, &articles[b].id];
                    ids.contains(&&p.a) && ids.contains(&&p.b) && p.score >= PARAPHRASE_THRESHOLD
                })
                .count();
            if n > strongest.2 {
                strongest = (a, b, n);
            }
        }
    }
    let mut scored: Vec<(bool, f32, f32)> = Vec::new(); // (in strongest pair, lexical, pair model)
    for x in 0..all.len() {
        for y in x + 1..all.len() {
            let (ax, ay) = (all[x].0, all[y].0);
            if ax == ay {
                continue;
            }
            let inside = (ax.min(ay), ax.max(ay)) == (strongest.0, strongest.1);
            scored.push((
                inside,
                lexical_score(&weighted[x], &weighted[y]),
                pair_score(
                    &weighted[x],
                    &weighted[y],
                    Some(rescale_cosine(
                        cosine(&vectors[x], &vectors[y]),
                        enc.unrelated_cosine(),
                    )),
                ),
            ));
        }
    }
    let name = |i: usize| {
        std::path::Path::new(&articles[i].path)
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default()
    };
    println!(
        "every one of {} cross-article sentence pairs scored; counts related+/paraphrase+ in {} ~ {} | in the other article pairs:",
        scored.len(),
        name(strongest.0),
        name(strongest.1)
    );
    for (label, pick) in [("lexical   ", 0usize), ("pair model", 1usize)] {
        let mut c = [0usize; 4];
        for &(inside, l, m) in &scored {
            let s = if pick == 0 { l } else { m };
            let k = if inside { 0 } else { 2 };
            c[k] += (s >= RELATED_THRESHOLD) as usize;
            c[k + 1] += (s >= PARAPHRASE_THRESHOLD) as usize;
        }
        println!("  {label}  {}/{} | {}/{}", c[0], c[1], c[2], c[3]);
    }
}
