//! A stable-toolchain fuzz driver for the whole pipeline (no coverage
//! guidance, no dependencies): mutations of real seed inputs, several
//! articles at once, through `ingest_bytes` or straight into
//! `analyze_docs`, then the renderers; any panic or broken report
//! invariant is written to a folder as the inputs that caused it.
//!
//! ```sh
//! cargo build --release -p corroborate-pipeline --example fuzz_pipeline
//! nice -n 19 target/release/examples/fuzz_pipeline --seconds 1800 --seed 1 --out fuzz-crashes
//! ```
//!
//! Seeds: the example story, the evaluation stories under `data/eval` and
//! ingest's format fixtures (HTML, RSS, Atom, JSONL). Mutations: byte
//! flips, inserted random bytes, splices of two seeds, truncation at a
//! random byte / char / word / sentence / line boundary (optionally ending
//! in a lone "The" or "A"), runs of punctuation and quote marks, lone
//! capitals, all line breaks removed (one huge line), repeated chunks, and
//! random Unicode: combining marks, right-to-left text and overrides, CJK,
//! NUL and other controls, zero-width characters, line separators.
//!
//! Each crash is saved as `OUT/crash-SEED-N/` holding one file per input
//! (`0-NAME`, `1-NAME`, … with the name that picked its format) and
//! `reason.txt`; an input slower than `--slow` seconds (default 20) is
//! saved as `OUT/slow-SEED-N/`. Replay one with `--replay DIR`.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use corroborate_pipeline::core::RawDoc;
use corroborate_pipeline::{analyze_docs, invariants, render, Options};

static LAST_PANIC: Mutex<String> = Mutex::new(String::new());

fn main() {
    let mut seconds = 60u64;
    let mut seed = 1u64;
    let mut out = PathBuf::from("fuzz-crashes");
    let mut slow = 20u64;
    let mut replay: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().unwrap_or_default();
        match a.as_str() {
            "--seconds" => seconds = value().parse().unwrap_or(seconds),
            "--seed" => seed = value().parse().unwrap_or(seed),
            "--out" => out = PathBuf::from(value()),
            "--slow" => slow = value().parse().unwrap_or(slow),
            "--replay" => replay = Some(PathBuf::from(value())),
            other => {
                eprintln!("unknown argument {other}");
                std::process::exit(2);
            }
        }
    }
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = format!("panic at {location}: {message}");
        }
    }));
    if let Some(dir) = replay {
        let inputs = load(&dir);
        match run_one(&inputs) {
            Ok(()) => println!("{}: no failure", dir.display()),
            Err(e) => {
                println!("{}: {e}", dir.display());
                std::process::exit(1);
            }
        }
        return;
    }
    let seeds = seeds();
    assert!(!seeds.is_empty(), "no seed inputs found");
    let mut rng = Rng::new(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let mut last_report = started;
    let (mut runs, mut crashes, mut slowest) = (0u64, 0u64, Duration::ZERO);
    let mut bytes_total = 0usize;
    while Instant::now() < deadline {
        let inputs = generate(&mut rng, &seeds);
        bytes_total += inputs.iter().map(|(_, b)| b.len()).sum::<usize>();
        let t = Instant::now();
        let result = run_one(&inputs);
        let took = t.elapsed();
        runs += 1;
        slowest = slowest.max(took);
        if let Err(reason) = result {
            crashes += 1;
            let dir = out.join(format!("crash-{seed}-{runs}"));
            save(&dir, &inputs, &reason);
            println!("CRASH {}: {reason}", dir.display());
        } else if took > Duration::from_secs(slow) {
            let dir = out.join(format!("slow-{seed}-{runs}"));
            save(&dir, &inputs, &format!("took {:.1} s", took.as_secs_f64()));
            println!("SLOW {}: {:.1} s", dir.display(), took.as_secs_f64());
        }
        if last_report.elapsed() > Duration::from_secs(60) {
            last_report = Instant::now();
            progress(started, runs, crashes, bytes_total, slowest);
        }
    }
    progress(started, runs, crashes, bytes_total, slowest);
}

fn progress(started: Instant, runs: u64, crashes: u64, bytes: usize, slowest: Duration) {
    println!(
        "{:.0} s: {runs} runs ({:.1}/s), {:.1} MB of input, {crashes} crashes, slowest run {:.2} s",
        started.elapsed().as_secs_f64(),
        runs as f64 / started.elapsed().as_secs_f64().max(1e-9),
        bytes as f64 / 1e6,
        slowest.as_secs_f64(),
    );
}

/// One story: inputs as (name, bytes). Names ending in `.raw` skip ingest
/// and become plain-text documents directly (lossy UTF-8).
type Inputs = Vec<(String, Vec<u8>)>;

/// Runs the pipeline and the renderers on one story; `Err` on a panic or
/// a broken invariant.
fn run_one(inputs: &Inputs) -> Result<(), String> {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let mut docs = Vec::new();
        let mut problems = Vec::new();
        for (k, (name, bytes)) in inputs.iter().enumerate() {
            if let Some(stem) = name.strip_suffix(".raw") {
                docs.push(RawDoc {
                    published: Some("2025-05-15".into()),
                    ..RawDoc::text(format!("{k}-{stem}"), String::from_utf8_lossy(bytes))
                });
            } else {
                let read =
                    corroborate_pipeline::ingest::ingest_bytes(&format!("{k}-{name}"), bytes);
                docs.extend(read.docs);
                problems.extend(read.problems);
            }
        }
        let report = analyze_docs(docs.clone(), problems, &Options::default());
        invariants::check(&report, &docs)?;
        let _ = render::to_json(&report);
        let _ = render::to_markdown(&report);
        let _ = render::to_html(&report);
        Ok(())
    }));
    match outcome {
        Ok(r) => r,
        Err(_) => Err(LAST_PANIC
            .lock()
            .map(|s| s.clone())
            .unwrap_or_else(|_| "panic".into())),
    }
}

fn save(dir: &Path, inputs: &Inputs, reason: &str) {
    let _ = std::fs::create_dir_all(dir);
    for (k, (name, bytes)) in inputs.iter().enumerate() {
        let _ = std::fs::write(dir.join(format!("{k}-{name}")), bytes);
    }
    let _ = std::fs::write(dir.join("reason.txt"), reason);
}

/// Inputs saved by [`save`], in order.
fn load(dir: &Path) -> Inputs {
    let mut files: Vec<(usize, String, PathBuf)> = std::fs::read_dir(dir)
        .expect("replay folder")
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let (k, rest) = name.split_once('-')?;
            Some((k.parse().ok()?, rest.to_string(), e.path()))
        })
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|(_, name, path)| (name, std::fs::read(path).expect("replay input")))
        .collect()
}

/// Seed inputs: (name, bytes) of real articles in every format.
fn seeds() -> Inputs {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut out = Vec::new();
    for dir in [
        "examples/istanbul-2025-05-15",
        "data/eval/stories",
        "crates/ingest/tests/data",
    ] {
        collect(&root.join(dir), &mut out);
    }
    out
}

fn collect(path: &Path, out: &mut Inputs) {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .map(|r| r.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        entries.sort();
        for e in entries {
            collect(&e, out);
        }
    } else if let Ok(bytes) = std::fs::read(path) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !name.ends_with("README.md") {
            out.push((name, bytes));
        }
    }
}

use corroborate_pipeline::synth::Rng;

/// True once in `one_in` draws.
fn one_in(rng: &mut Rng, one_in: usize) -> bool {
    rng.below(one_in) == 0
}

const NAMES: &[&str] = &[
    "a.txt", "a.md", "a.html", "a.jsonl", "a.rss", "a.atom", "a.json", "pasted", "a.raw",
];

/// Characters that stress text handling.
const ODD_CHARS: &[char] = &[
    '\u{0}',
    '\u{1}',
    '\u{7f}',
    '\u{300}',
    '\u{301}',
    '\u{308}',
    '\u{20dd}',
    '\u{5d0}',
    '\u{5e9}',
    '\u{627}',
    '\u{644}',
    '\u{202e}',
    '\u{202d}',
    '\u{200f}',
    '\u{4e00}',
    '\u{65e5}',
    '\u{3002}',
    '\u{ff0e}',
    '\u{200b}',
    '\u{200d}',
    '\u{feff}',
    '\u{2028}',
    '\u{2029}',
    '\u{85}',
    '\u{a0}',
    '\u{1f600}',
    '\u{1d538}',
    '\u{fffd}',
    '\u{130}',
    '\u{1e9e}',
    '\u{df}',
    '\u{2026}',
    '\u{203d}',
    '\u{201c}',
    '\u{201d}',
    '\u{2018}',
    '\u{2019}',
    '\u{ab}',
    '\u{bb}',
    '"',
    '\'',
    '.',
    '?',
    '!',
    '\n',
    '\r',
    '\t',
];

/// A story of one to four mutated seeds, each under a random name.
fn generate(rng: &mut Rng, seeds: &Inputs) -> Inputs {
    let n = 1 + rng.below(4);
    (0..n)
        .map(|_| {
            let (seed_name, seed) = &seeds[rng.below(seeds.len())];
            let mut bytes = seed.clone();
            for _ in 0..1 + rng.below(4) {
                mutate(rng, &mut bytes, seeds);
            }
            // Mostly the seed's own format, sometimes another.
            let name = if one_in(rng, 3) {
                NAMES[rng.below(NAMES.len())].to_string()
            } else {
                seed_name.clone()
            };
            (name, bytes)
        })
        .collect()
}

fn random_boundary(rng: &mut Rng, bytes: &[u8]) -> usize {
    if bytes.is_empty() {
        return 0;
    }
    let at = rng.below(bytes.len() + 1);
    let is_boundary =
        |i: usize, pred: &dyn Fn(u8) -> bool| i == 0 || i >= bytes.len() || pred(bytes[i]);
    let kind = rng.below(5);
    let mut i = at;
    while i < bytes.len() {
        let ok = match kind {
            0 => true,                                                // any byte
            1 => is_boundary(i, &|b| (b as i8) >= -0x40),             // char
            2 => is_boundary(i, &|b| b == b' '),                      // word
            3 => i > 0 && matches!(bytes[i - 1], b'.' | b'!' | b'?'), // sentence
            _ => is_boundary(i, &|b| b == b'\n'),                     // line
        };
        if ok {
            break;
        }
        i += 1;
    }
    i.min(bytes.len())
}

fn mutate(rng: &mut Rng, bytes: &mut Vec<u8>, seeds: &Inputs) {
    let len = bytes.len();
    match rng.below(12) {
        0 => {
            // Byte flips.
            for _ in 0..1 + rng.below(8) {
                if len > 0 {
                    let i = rng.below(len);
                    bytes[i] ^= 1 << rng.below(8);
                }
            }
        }
        1 => {
            // Random bytes inserted.
            let at = rng.below(len + 1);
            let junk: Vec<u8> = (0..1 + rng.below(16))
                .map(|_| rng.next_u64() as u8)
                .collect();
            bytes.splice(at..at, junk);
        }
        2 => {
            // Splice: our head, another seed's tail.
            let (_, other) = &seeds[rng.below(seeds.len())];
            let at = random_boundary(rng, bytes);
            let from = random_boundary(rng, other);
            bytes.truncate(at);
            bytes.extend_from_slice(&other[from..]);
        }
        3 | 4 => {
            // Truncation at a boundary, perhaps ending in a lone article.
            let at = random_boundary(rng, bytes);
            bytes.truncate(at);
            if one_in(rng, 2) {
                let tail: &[u8] = [
                    b" The".as_slice(),
                    b" A",
                    b". The",
                    b"\nA",
                    b" \xe2\x80\x9cThe",
                ][rng.below(5)];
                bytes.extend_from_slice(tail);
            }
        }
        5 => {
            // A run of punctuation or quote marks.
            let at = random_boundary(rng, bytes);
            let marks = [
                "\"", "'", "\u{201c}", "\u{201d}", "\u{2019}", ".", "...", "?!", " ", "-", "\n\n",
            ];
            let mark = marks[rng.below(marks.len())];
            let most = if one_in(rng, 20) { 5000 } else { 40 };
            let run = mark.repeat(1 + rng.below(most));
            bytes.splice(at..at, run.into_bytes());
        }
        6 => {
            // Lone capitals and articles.
            let at = random_boundary(rng, bytes);
            let words = [
                " A ", " The ", " I ", " X. ", " Mr. ", " U.S. ", " St ", " O'", " Al-",
            ];
            let w = words[rng.below(words.len())];
            bytes.splice(at..at, w.as_bytes().iter().copied());
        }
        7 => {
            // One huge line.
            bytes.retain(|&b| b != b'\n' && b != b'\r');
        }
        8 => {
            // A chunk repeated.
            if len > 0 {
                let a = rng.below(len);
                let b = (a + 1 + rng.below(200)).min(len);
                let chunk = bytes[a..b].to_vec();
                let most = if one_in(rng, 10) { 2000 } else { 20 };
                let times = 1 + rng.below(most);
                let at = b;
                bytes.splice(at..at, chunk.repeat(times));
            }
        }
        9 | 10 => {
            // Odd Unicode.
            let mut s = String::new();
            for _ in 0..1 + rng.below(12) {
                s.push(ODD_CHARS[rng.below(ODD_CHARS.len())]);
            }
            let at = random_boundary(rng, bytes);
            bytes.splice(at..at, s.into_bytes());
        }
        _ => {
            // A random character from anywhere in Unicode, repeated.
            let c = loop {
                if let Some(c) = char::from_u32(rng.below(0x11_0000) as u32) {
                    break c;
                }
            };
            let at = random_boundary(rng, bytes);
            let s: String = c.to_string().repeat(1 + rng.below(5));
            bytes.splice(at..at, s.into_bytes());
        }
    }
    // Keep inputs small enough for many runs per second.
    if bytes.len() > 256 * 1024 {
        bytes.truncate(256 * 1024);
    }
}
