//! Encoding throughput of the neural encoder on real news sentences.
//!
//! ```text
//! cargo run -p corroborate-neural --release --example throughput -- \
//!     MODEL_DIR [--text DIR] [--n 1000] [--batch 32,64] [--write-sentences FILE] [--save-vectors FILE]
//! ```
//!
//! Takes the sentences of the articles under `--text` (default: the example
//! story), repeats them in a fixed shuffled order up to `--n`, and encodes
//! them with each batch size, one batch at a time and with rayon across
//! batches. Each configuration is timed on a fresh encode (no cache).
//! `--write-sentences` saves the exact sentences (one per line) so that
//! `scripts/bench_sentence_transformers.py` can time the same input;
//! `--save-vectors` writes the vectors of the first run as raw little-endian
//! f32 (n × dim) for its `--compare` option.

use corroborate_core::Encoder;
use corroborate_neural::BertEncoder;
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(model) = args.next().map(PathBuf::from) else {
        eprintln!("usage: throughput MODEL_DIR [--text DIR] [--n N] [--batch 32,64] [--write-sentences FILE]");
        std::process::exit(2);
    };
    let mut text = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/istanbul-2025-05-15"
    ));
    let mut n = 1000usize;
    let mut batches = vec![32usize, 64];
    let mut write: Option<PathBuf> = None;
    let mut save: Option<PathBuf> = None;
    while let Some(a) = args.next() {
        let v = args.next().unwrap_or_default();
        match a.as_str() {
            "--text" => text = PathBuf::from(v),
            "--n" => n = v.parse().unwrap_or(1000),
            "--batch" => batches = v.split(',').filter_map(|s| s.parse().ok()).collect(),
            "--write-sentences" => write = Some(PathBuf::from(v)),
            "--save-vectors" => save = Some(PathBuf::from(v)),
            _ => {
                eprintln!("unknown argument {a}");
                std::process::exit(2);
            }
        }
    }
    let ingested = corroborate_ingest::ingest_paths(&[text.clone()]);
    let mut base: Vec<String> = Vec::new();
    for doc in ingested.docs {
        if let Ok(article) = corroborate_ingest::prepare(doc) {
            base.extend(article.sentences.iter().map(|s| s.text.replace('\n', " ")));
        }
    }
    if base.is_empty() {
        eprintln!("no sentences under {}", text.display());
        std::process::exit(1);
    }
    // Deterministic shuffle (LCG) of the repeated sentences.
    let mut sentences: Vec<String> = (0..n).map(|i| base[i % base.len()].clone()).collect();
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for i in (1..sentences.len()).rev() {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        sentences.swap(i, (state >> 33) as usize % (i + 1));
    }
    if let Some(path) = &write {
        if let Err(e) = std::fs::write(path, sentences.join("\n") + "\n") {
            eprintln!("cannot write {}: {e}", path.display());
            std::process::exit(1);
        }
    }
    let refs: Vec<&str> = sentences.iter().map(|s| s.as_str()).collect();
    let t = Instant::now();
    let enc = match BertEncoder::load(&model) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    let tokens: usize = refs.iter().map(|s| enc.token_count(s).unwrap_or(0)).sum();
    println!(
        "model {} loaded in {} ms; {} sentences ({} distinct, {} from {}), {} tokens (mean {:.1}); rayon threads {}",
        enc.name(),
        t.elapsed().as_millis(),
        refs.len(),
        base.len().min(refs.len()),
        base.len(),
        text.display(),
        tokens,
        tokens as f64 / refs.len() as f64,
        rayon::current_num_threads()
    );
    enc.encode(&refs[..refs.len().min(64)]).ok(); // warm-up
    let mut enc = Some(enc);
    for &b in &batches {
        for parallel in [false, true] {
            let e = enc
                .take()
                .unwrap()
                .with_batch_size(b)
                .with_parallel_batches(parallel);
            let t = Instant::now();
            let out = e.encode(&refs);
            let secs = t.elapsed().as_secs_f64();
            if let (Some(path), Ok(v)) = (save.take(), &out) {
                let bytes: Vec<u8> = v.iter().flatten().flat_map(|x| x.to_le_bytes()).collect();
                if let Err(e) = std::fs::write(&path, bytes) {
                    eprintln!("cannot write {}: {e}", path.display());
                }
            }
            match out {
                Ok(v) => println!(
                    "batch {b:>3} {:<22} {:>7.2} s  {:>7.1} sentences/s  (dim {})",
                    if parallel {
                        "rayon across batches"
                    } else {
                        "one batch at a time"
                    },
                    secs,
                    refs.len() as f64 / secs,
                    v[0].len()
                ),
                Err(err) => println!("batch {b}: error {err}"),
            }
            enc = Some(e);
        }
    }
}
