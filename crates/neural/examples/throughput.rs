//! Encoding throughput of the neural encoder on real news sentences.
//!
//! ```text
//! cargo run -p corroborate-neural --release --example throughput -- \
//!     MODEL_DIR [--text DIR,DIR] [--tsv FILE,FILE] [--n 1000] [--batch 32,64]
//!     [--precision quantised,f32] [--write-sentences FILE] [--save-vectors FILE]
//! ```
//!
//! Input: the distinct sentences of the articles under `--text` (default:
//! the example story and the evaluation stories) and of the MRPC files under
//! `--tsv` (default: the two in crates/align/data; news sentences from many
//! outlets), in a fixed shuffled order, the first `--n` kept (repeated only
//! if there are fewer). Each precision is timed at each batch size on a
//! fresh encode (no cache): the quantised engine with rayon across batches
//! (its only mode), candle's f32 one batch at a time and with rayon across
//! batches. Every run after the first prints the cosine of its vectors to
//! the first run's, sentence by sentence (min and mean).
//! `--write-sentences` saves the exact sentences (one per line) so that
//! `scripts/bench_sentence_transformers.py` can time the same input;
//! `--save-vectors PREFIX` writes the vectors of each precision's first run
//! as raw little-endian f32 (n × dim) to `PREFIX-quantised.f32` and
//! `PREFIX-f32.f32`, for its `--compare` option.

use corroborate_core::Encoder;
use corroborate_neural::{cosine, BertEncoder, Precision};
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(model) = args.next().map(PathBuf::from) else {
        eprintln!("usage: throughput MODEL_DIR [--text DIR] [--n N] [--batch 32,64] [--write-sentences FILE]");
        std::process::exit(2);
    };
    let root = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
    let mut texts = vec![
        root.join("examples/istanbul-2025-05-15"),
        root.join("data/eval/stories"),
    ];
    // (file, pairs read): the first 386 test pairs are the sentence set of
    // the measurements in docs/perf/neural.md (the part of the test split
    // the repository held then); `--tsv` files are read whole.
    let mut tsvs = vec![
        (
            root.join("crates/align/data/msr_paraphrase_test.tsv"),
            386usize,
        ),
        (root.join("crates/align/data/mrpc_dev.tsv"), usize::MAX),
    ];
    let mut n = 1000usize;
    let mut batches = vec![32usize, 64];
    let mut write: Option<PathBuf> = None;
    let mut save: Option<PathBuf> = None;
    let mut precisions = vec![Precision::Quantised, Precision::F32];
    while let Some(a) = args.next() {
        let v = args.next().unwrap_or_default();
        match a.as_str() {
            "--text" => texts = v.split(',').map(PathBuf::from).collect(),
            "--tsv" => {
                tsvs = v
                    .split(',')
                    .map(|p| (PathBuf::from(p), usize::MAX))
                    .collect()
            }
            "--n" => n = v.parse().unwrap_or(1000),
            "--batch" => batches = v.split(',').filter_map(|s| s.parse().ok()).collect(),
            "--write-sentences" => write = Some(PathBuf::from(v)),
            "--save-vectors" => save = Some(PathBuf::from(v)),
            "--precision" => {
                precisions = v
                    .split(',')
                    .filter_map(|p| match p {
                        "quantised" | "quantized" => Some(Precision::Quantised),
                        "f32" => Some(Precision::F32),
                        _ => None,
                    })
                    .collect()
            }
            _ => {
                eprintln!("unknown argument {a}");
                std::process::exit(2);
            }
        }
    }
    let ingested = corroborate_ingest::ingest_paths(&texts);
    let mut base: Vec<String> = Vec::new();
    for doc in ingested.docs {
        if let Ok(article) = corroborate_ingest::prepare(doc) {
            base.extend(article.sentences.iter().map(|s| s.text.replace('\n', " ")));
        }
    }
    // Sentence pairs of the MRPC files (columns 4 and 5): news sentences
    // from many outlets, so that 1,000 sentences need not repeat.
    for (tsv, pairs) in &tsvs {
        let Ok(body) = std::fs::read_to_string(tsv) else {
            eprintln!("cannot read {}", tsv.display());
            std::process::exit(1);
        };
        for line in body.lines().skip(1).take(*pairs) {
            base.extend(line.split('\t').skip(3).take(2).map(str::to_string));
        }
    }
    let mut seen = std::collections::HashSet::new();
    base.retain(|s| !s.trim().is_empty() && seen.insert(s.clone()));
    if base.is_empty() {
        eprintln!("no sentences in {texts:?} {tsvs:?}");
        std::process::exit(1);
    }
    // Deterministic shuffle (LCG) of the distinct sentences, first n kept
    // (repeated only when there are fewer than n).
    let mut sentences = base.clone();
    while sentences.len() < n {
        sentences.extend(base.iter().cloned());
    }
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for i in (1..sentences.len()).rev() {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        sentences.swap(i, (state >> 33) as usize % (i + 1));
    }
    sentences.truncate(n);
    if let Some(path) = &write {
        if let Err(e) = std::fs::write(path, sentences.join("\n") + "\n") {
            eprintln!("cannot write {}: {e}", path.display());
            std::process::exit(1);
        }
    }
    let refs: Vec<&str> = sentences.iter().map(|s| s.as_str()).collect();
    let t = Instant::now();
    let enc = match BertEncoder::load_with(&model, precisions[0]) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    let tokens: usize = refs.iter().map(|s| enc.token_count(s).unwrap_or(0)).sum();
    println!(
        "model {} loaded in {} ms; {} sentences ({} distinct, out of {} available), {} tokens (mean {:.1}); rayon threads {}",
        enc.name(),
        t.elapsed().as_millis(),
        refs.len(),
        refs.iter().collect::<std::collections::HashSet<_>>().len(),
        base.len(),
        tokens,
        tokens as f64 / refs.len() as f64,
        rayon::current_num_threads()
    );
    drop(enc); // only loaded for the load time and the token count
    let mut first: Option<Vec<Vec<f32>>> = None;
    let mut saved: Vec<Precision> = Vec::new();
    for &precision in &precisions {
        let mut enc = match BertEncoder::load_with(&model, precision) {
            Ok(e) => Some(e),
            Err(e) => {
                eprintln!("error: {e}");
                std::process::exit(1);
            }
        };
        if let Some(e) = &enc {
            e.encode(&refs[..refs.len().min(64)]).ok(); // warm-up
        }
        // The quantised engine always runs batches concurrently.
        let modes: &[bool] = match precision {
            Precision::Quantised => &[true],
            Precision::F32 => &[false, true],
        };
        for &b in &batches {
            for &parallel in modes {
                let e = enc
                    .take()
                    .unwrap()
                    .with_batch_size(b)
                    .with_parallel_batches(parallel);
                let (t, cpu0) = (Instant::now(), cpu_seconds());
                let out = e.encode(&refs);
                let secs = t.elapsed().as_secs_f64();
                let cpu = cpu_seconds() - cpu0;
                // The first run of each precision: PREFIX-quantised.f32, PREFIX-f32.f32.
                let target = save
                    .as_ref()
                    .filter(|_| !saved.contains(&precision))
                    .map(|p| {
                        PathBuf::from(format!(
                            "{}-{}.f32",
                            p.display(),
                            format!("{precision:?}").to_lowercase()
                        ))
                    });
                if let (Some(path), Ok(v)) = (target, &out) {
                    saved.push(precision);
                    let bytes: Vec<u8> = v.iter().flatten().flat_map(|x| x.to_le_bytes()).collect();
                    if let Err(e) = std::fs::write(&path, bytes) {
                        eprintln!("cannot write {}: {e}", path.display());
                    }
                }
                match out {
                    Ok(v) => {
                        let agreement = match &first {
                            Some(f) => {
                                let cos: Vec<f32> =
                                    f.iter().zip(&v).map(|(a, b)| cosine(a, b)).collect();
                                let min = cos.iter().cloned().fold(f32::INFINITY, f32::min);
                                let mean = cos.iter().sum::<f32>() / cos.len() as f32;
                                format!("  cosine to first run: min {min:.5} mean {mean:.6}")
                            }
                            None => String::new(),
                        };
                        println!(
                            "{:<9} batch {b:>3} {:<22} {:>7.2} s  {:>7.1} sentences/s  cpu {:>6.2} s = {:>6.1} sentences per cpu-second  (dim {}){agreement}",
                            format!("{precision:?}").to_lowercase(),
                            if parallel {
                                "rayon across batches"
                            } else {
                                "one batch at a time"
                            },
                            secs,
                            refs.len() as f64 / secs,
                            cpu,
                            refs.len() as f64 / cpu,
                            v[0].len()
                        );
                        if first.is_none() {
                            first = Some(v);
                        }
                    }
                    Err(err) => println!("batch {b}: error {err}"),
                }
                enc = Some(e);
            }
        }
    }
}

/// User + system CPU time of this process so far, in seconds (Linux
/// `/proc/self/stat`, clock ticks of 10 ms; 0 elsewhere). Unlike wall time
/// it does not grow when other processes take the cores.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which is in parentheses).
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 here.
    (ticks(11) + ticks(12)) / 100.0
}
