//! Prints what extraction finds in a folder of plain-text articles.
//!
//! Usage: `cargo run -p corroborate-extract --example dump_story -- DIR [YYYY-MM-DD]`
//! (the optional date is used as every article's publication date when the
//! article has none). Articles are read and segmented by the ingest stage.

use corroborate_extract::extract_story;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: dump_story DIR [YYYY-MM-DD]");
        std::process::exit(2);
    };
    let date = args.next();
    let mut articles = corroborate_ingest::prepared_articles(&[std::path::PathBuf::from(&dir)]);
    for a in &mut articles {
        if a.published.is_none() {
            a.published = date.clone();
        }
    }
    let x = extract_story(&articles);
    println!("== entities");
    for (i, e) in x.entities.iter().enumerate() {
        println!(
            "{i:3} {:?} {:?} variants={:?} mentions={}",
            e.kind,
            e.canonical,
            e.variants,
            e.mentions.len()
        );
    }
    println!("== name variants");
    for v in &x.name_variants {
        println!(
            "{:?} -> {:?} in {} ({})",
            v.variant, v.canonical, v.article_id, v.reason
        );
    }
    println!("== quotes");
    for g in &x.quotes {
        println!("-- {:?} {:?}", g.speaker, g.agreement);
        for v in &g.variants {
            println!("   [{}#{}] {}", v.article, v.sentence, v.text);
        }
    }
    println!("== quantities / times");
    for (ai, a) in articles.iter().enumerate() {
        for s in &a.sentences {
            let q: Vec<String> = x.quantities[ai][s.index]
                .iter()
                .map(|q| format!("{}={:?}..{:?} {:?}", q.text, q.value, q.value_max, q.unit))
                .collect();
            let t: Vec<String> = x.times[ai][s.index]
                .iter()
                .map(|t| format!("{}:{}={:?}", t.text, t.kind, t.resolved))
                .collect();
            if !q.is_empty() || !t.is_empty() {
                println!("{}#{} Q{:?} T{:?}", a.id, s.index, q, t);
            }
        }
    }
}
