//! Prints what extraction finds in a folder of plain-text articles.
//!
//! Usage: `cargo run -p corroborate-extract --example dump_story -- DIR [YYYY-MM-DD]`
//! (the optional date is used as every article's publication date). Each
//! `.txt` file is one article, split into sentences by
//! [`corroborate_extract::plain::plain_article`].

use corroborate_extract::{extract_story, plain::plain_article};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: dump_story DIR [YYYY-MM-DD]");
        std::process::exit(2);
    };
    let date = args.next();
    let mut paths: Vec<_> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            eprintln!("{dir}: {e}");
            std::process::exit(1);
        }
    };
    paths.sort();
    let articles: Vec<_> = paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).ok()?;
            let name = p.file_stem()?.to_string_lossy().to_string();
            Some(plain_article(&name, &text, date.as_deref()))
        })
        .collect();
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
        println!("{:?} -> {:?} in {} ({})", v.variant, v.canonical, v.article_id, v.reason);
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
