//! Evaluation of the NLI cross-encoder (docs/eval/contradiction.md).
//!
//! ```text
//! cargo run -p corroborate-neural --release --example nli_eval -- \
//!     NLI_DIR [--encoder MINILM_DIR] [--flips data/eval/flips-dev.jsonl]
//!     [--heldout FILE.jsonl,...] [--per-source 300] [--threshold 0.9]
//! ```
//!
//! * Flip set (`--flips`, one `{original, flip, controls}` per line): the
//!   model's P(contradiction) (both directions averaged, as verify uses it)
//!   for each original/flip pair (should fire) and each original/control
//!   pair (should not), at the threshold; side by side with the rules alone
//!   (verify's `compare_sides`: a contradiction-severity difference) and
//!   with sentence-encoder cosine (`--encoder`; below a cosine = flip).
//! * Held-out NLI pairs (`--heldout`, uncompressed jsonl with `source`):
//!   3-way accuracy per source (at most `--per-source` each, first ones)
//!   and contradiction-vs-rest accuracy at the threshold.
//! * Speed: directional pairs per second over all the pairs scored, with
//!   rayon's thread count.

use corroborate_core::{AnalysisConfig, ContradictionScorer, Encoder};
use corroborate_neural::{cosine, BertEncoder, CrossEncoder};
use corroborate_verify::compare::{compare_sides, Severity, Side};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

fn read_jsonl(path: &str) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{path}: {e}")))
        .collect()
}

fn s(v: &serde_json::Value, k: &str) -> String {
    v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string()
}

fn rules_contradict(a: &str, b: &str) -> bool {
    let (x, y) = (Side::new(a, &[]), Side::new(b, &[]));
    compare_sides(&x, &y, &AnalysisConfig::default())
        .iter()
        .any(|d| d.severity == Severity::Contradiction)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(model_dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: nli_eval NLI_DIR [--encoder DIR] [--flips FILE] [--heldout F,F] [--per-source N] [--threshold T]");
        std::process::exit(2);
    };
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let mut flips = format!("{root}/data/eval/flips-dev.jsonl");
    let mut encoder_dir: Option<PathBuf> = None;
    let mut heldout: Vec<String> = Vec::new();
    let mut per_source = 300usize;
    let mut threshold = corroborate_core::config::NLI_THRESHOLD;
    while let Some(a) = args.next() {
        let v = args.next().unwrap_or_default();
        match a.as_str() {
            "--flips" => flips = v,
            "--encoder" => encoder_dir = Some(PathBuf::from(v)),
            "--heldout" => heldout = v.split(',').map(str::to_string).collect(),
            "--per-source" => per_source = v.parse().expect("--per-source N"),
            "--threshold" => threshold = v.parse().expect("--threshold T"),
            _ => panic!("unknown argument {a}"),
        }
    }
    let t0 = Instant::now();
    let model = CrossEncoder::load(&model_dir).unwrap_or_else(|e| panic!("{e}"));
    println!(
        "model {} loaded in {:.2?}",
        model_dir.display(),
        t0.elapsed()
    );
    let mut scored = 0usize;
    let mut scoring = std::time::Duration::ZERO;

    // Flip set.
    let rows = read_jsonl(&flips);
    let mut flip_pairs: Vec<(String, String)> = Vec::new();
    let mut control_pairs: Vec<(String, String)> = Vec::new();
    for r in &rows {
        let o = s(r, "original");
        flip_pairs.push((o.clone(), s(r, "flip")));
        for c in r
            .get("controls")
            .and_then(|c| c.as_array())
            .into_iter()
            .flatten()
        {
            control_pairs.push((o.clone(), c.as_str().unwrap_or("").to_string()));
        }
    }
    let as_refs = |v: &[(String, String)]| -> Vec<(String, String)> { v.to_vec() };
    let score =
        |pairs: &[(String, String)], scored: &mut usize, scoring: &mut std::time::Duration| {
            let refs: Vec<(&str, &str)> = pairs
                .iter()
                .map(|(a, b)| (a.as_str(), b.as_str()))
                .collect();
            let t = Instant::now();
            let p = model.contradiction(&refs).expect("scoring");
            *scoring += t.elapsed();
            *scored += 2 * refs.len();
            p
        };
    let pf = score(&as_refs(&flip_pairs), &mut scored, &mut scoring);
    let pc = score(&as_refs(&control_pairs), &mut scored, &mut scoring);
    let rate = |p: &[f32], t: f32| p.iter().filter(|&&x| x >= t).count();
    println!(
        "\n## flip set: {} flips, {} controls ({flips})",
        pf.len(),
        pc.len()
    );
    println!("| method | flips caught | recall | controls fired | false-positive rate |");
    println!("|---|---:|---:|---:|---:|");
    for t in [0.5f32, 0.7, 0.8, threshold, 0.95] {
        let (f, c) = (rate(&pf, t), rate(&pc, t));
        println!(
            "| NLI model, P(contradiction) ≥ {t} | {f}/{} | {:.2} | {c}/{} | {:.2} |",
            pf.len(),
            f as f32 / pf.len().max(1) as f32,
            pc.len(),
            c as f32 / pc.len().max(1) as f32
        );
    }
    let rf = flip_pairs
        .iter()
        .filter(|(a, b)| rules_contradict(a, b))
        .count();
    let rc = control_pairs
        .iter()
        .filter(|(a, b)| rules_contradict(a, b))
        .count();
    println!(
        "| rules alone (verify compare_sides) | {rf}/{} | {:.2} | {rc}/{} | {:.2} |",
        pf.len(),
        rf as f32 / pf.len().max(1) as f32,
        pc.len(),
        rc as f32 / pc.len().max(1) as f32
    );
    if let Some(dir) = &encoder_dir {
        let enc = BertEncoder::load(dir).unwrap_or_else(|e| panic!("{e}"));
        let cos = |pairs: &[(String, String)]| -> Vec<f32> {
            let a: Vec<&str> = pairs.iter().map(|p| p.0.as_str()).collect();
            let b: Vec<&str> = pairs.iter().map(|p| p.1.as_str()).collect();
            let (va, vb) = (enc.encode(&a).unwrap(), enc.encode(&b).unwrap());
            va.iter().zip(&vb).map(|(x, y)| cosine(x, y)).collect()
        };
        let (cf, cc) = (cos(&flip_pairs), cos(&control_pairs));
        for t in [0.7f32, 0.8, 0.9] {
            let f = cf.iter().filter(|&&x| x < t).count();
            let c = cc.iter().filter(|&&x| x < t).count();
            println!(
                "| {} cosine < {t} | {f}/{} | {:.2} | {c}/{} | {:.2} |",
                enc.name(),
                cf.len(),
                f as f32 / cf.len().max(1) as f32,
                cc.len(),
                c as f32 / cc.len().max(1) as f32
            );
        }
    }
    println!("\nper flip, P(contradiction):");
    for (i, r) in rows.iter().enumerate() {
        println!("  {:.2}  {}", pf[i], s(r, "flip"));
    }

    // Held-out NLI.
    if !heldout.is_empty() {
        let mut by_source: BTreeMap<String, Vec<(String, String, String)>> = BTreeMap::new();
        for f in &heldout {
            for r in read_jsonl(f) {
                let src = s(&r, "source");
                let v = by_source.entry(src).or_default();
                if v.len() < per_source {
                    v.push((s(&r, "premise"), s(&r, "hypothesis"), s(&r, "label")));
                }
            }
        }
        println!("\n## held-out NLI (first {per_source} per source)");
        println!(
            "| source | pairs | 3-way accuracy | contradiction-vs-rest accuracy at {threshold} |"
        );
        println!("|---|---:|---:|---:|");
        for (src, rows) in &by_source {
            let refs: Vec<(&str, &str)> = rows
                .iter()
                .map(|(a, b, _)| (a.as_str(), b.as_str()))
                .collect();
            let t = Instant::now();
            let sc = model.score(&refs).expect("scoring");
            scoring += t.elapsed();
            scored += refs.len();
            let (mut three, mut binary) = (0usize, 0usize);
            for (x, (_, _, label)) in sc.iter().zip(rows) {
                let best = [
                    ("entailment", x.entailment),
                    ("neutral", x.neutral),
                    ("contradiction", x.contradiction),
                ]
                .into_iter()
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .map(|p| p.0)
                .unwrap_or("");
                three += usize::from(best == label);
                binary += usize::from((x.contradiction >= threshold) == (label == "contradiction"));
            }
            println!(
                "| {src} | {} | {:.3} | {:.3} |",
                rows.len(),
                three as f32 / rows.len().max(1) as f32,
                binary as f32 / rows.len().max(1) as f32
            );
        }
    }
    println!(
        "\nspeed: {scored} directional pairs in {:.2?} = {:.0} pairs/s ({} rayon threads)",
        scoring,
        scored as f64 / scoring.as_secs_f64().max(1e-9),
        rayon::current_num_threads()
    );
}
