//! Hostile inputs through the whole pipeline: seconds per stage, peak RSS
//! and report size, one case per child process (so that each peak RSS is
//! its own).
//!
//! ```sh
//! cargo run --release -p corroborate-pipeline --example hostile            # every case
//! cargo run --release -p corroborate-pipeline --example hostile -- quoted-1m tiny-2000
//! ```
//!
//! Each case is built from the sentences of the bundled example story
//! (`examples/istanbul-2025-05-15`) by a fixed-seed generator, so runs are
//! comparable:
//!
//! * `quoted-128k` … `quoted-1m`: one article of that many bytes made of
//!   quotes in every attribution pattern (`“…,” he said`, `X said: "…"`,
//!   `‘…’`, unclosed multi-paragraph quotes), one paragraph each;
//! * `quoted-1m-line`: the same, as one single line;
//! * `tiny-2000`: 2,000 files of one to three sentences of the story, some
//!   with a changed figure, a negation or a truncated end;
//! * `tiny-random-2000`: 2,000 files of 3 to 20 words of the story drawn
//!   at random, with random punctuation (some end in "The" or "A");
//! * `tiny-figures-2000`: 2,000 one-sentence reports of one fact with
//!   differing figures, days and names (one claim of 2,000 members, most
//!   pairs differing);
//! * `lines-200k`: one article of 200,000 short lines;
//! * `huge-50m`: one 50 MB article of prose;
//! * `names-1m`: one 1 MB article naming a different made-up person in
//!   every sentence, some twice, some misspelt.
//!
//! A case still running after `HOSTILE_TIMEOUT` seconds (default 300) is
//! killed and reported as such.

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use corroborate_pipeline::core::RawDoc;
use corroborate_pipeline::{analyze_docs_timed, Options};

const CASES: &[&str] = &[
    "quoted-128k",
    "quoted-256k",
    "quoted-512k",
    "quoted-1m",
    "quoted-1m-line",
    "tiny-2000",
    "tiny-random-2000",
    "tiny-figures-2000",
    "lines-200k",
    "huge-50m",
    "names-1m",
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(case) = args
        .iter()
        .position(|a| a == "--child")
        .and_then(|i| args.get(i + 1))
    {
        run_case(case);
        return;
    }
    let cases: Vec<&str> = if args.is_empty() {
        CASES.to_vec()
    } else {
        args.iter().map(String::as_str).collect()
    };
    let timeout = std::env::var("HOSTILE_TIMEOUT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(300u64);
    let exe = std::env::current_exe().expect("own path");
    for case in cases {
        let started = Instant::now();
        let mut child = Command::new(&exe)
            .args(["--child", case])
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn child");
        let deadline = started + Duration::from_secs(timeout);
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait") {
                break Some(status);
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        let mut out = String::new();
        if let Some(mut o) = child.stdout.take() {
            let _ = o.read_to_string(&mut out);
        }
        match status {
            Some(s) if s.success() => print!("{out}"),
            Some(s) => println!("{case}: child failed ({s})\n{out}"),
            None => println!("{case}: killed after {timeout} s (not finished)"),
        }
    }
}

/// Runs one case in this process and prints its line.
fn run_case(case: &str) {
    let seeds = seed_sentences();
    let docs = match case {
        "quoted-128k" => vec![one("quoted.txt", quoted(&seeds, 128 << 10, "\n\n"))],
        "quoted-256k" => vec![one("quoted.txt", quoted(&seeds, 256 << 10, "\n\n"))],
        "quoted-512k" => vec![one("quoted.txt", quoted(&seeds, 512 << 10, "\n\n"))],
        "quoted-1m" => vec![one("quoted.txt", quoted(&seeds, 1 << 20, "\n\n"))],
        "quoted-1m-line" => vec![one("quoted.txt", quoted(&seeds, 1 << 20, " "))],
        "tiny-2000" => tiny(&seeds, 2000),
        "tiny-random-2000" => tiny_random(&seeds, 2000),
        "tiny-figures-2000" => tiny_figures(2000),
        "lines-200k" => vec![one("lines.txt", lines(&seeds, 200_000))],
        "huge-50m" => vec![one("huge.txt", prose(&seeds, 50 << 20))],
        "names-1m" => vec![one("names.txt", names(1 << 20))],
        other => {
            eprintln!("unknown case {other}; cases: {}", CASES.join(", "));
            std::process::exit(2);
        }
    };
    let input_bytes: usize = docs.iter().map(|d| d.body.len()).sum();
    let n_docs = docs.len();
    let (report, times) = analyze_docs_timed(docs, Vec::new(), &Options::default());
    let t = Instant::now();
    let json = corroborate_pipeline::render::to_json(&report);
    let json_time = t.elapsed();
    let stages: Vec<String> = times
        .stages
        .iter()
        .map(|(name, d)| format!("{name} {:.2}", d.as_secs_f64()))
        .collect();
    let sentences: usize = report.articles.iter().map(|a| a.sentences.len()).sum();
    println!(
        "{case}: {n_docs} docs, {:.1} MB in, {} articles, {sentences} sentences, {} problems | total {:.2} s = {} | json {:.2} s, {:.1} MB | peak RSS {} MB",
        input_bytes as f64 / 1e6,
        report.articles.len(),
        report.problems.len(),
        times.total().as_secs_f64(),
        stages.join(", "),
        json_time.as_secs_f64(),
        json.len() as f64 / 1e6,
        peak_rss_mb().map_or("?".into(), |m| m.to_string()),
    );
}

fn one(path: &str, body: String) -> RawDoc {
    RawDoc {
        published: Some("2025-05-15".into()),
        ..RawDoc::text(path, body)
    }
}

/// Peak resident set of this process (VmHWM), in MB.
fn peak_rss_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

/// The sentences of the bundled example story.
fn seed_sentences() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/istanbul-2025-05-15");
    let articles = corroborate_pipeline::ingest::prepared_articles(&[dir]);
    let out: Vec<String> = articles
        .iter()
        .flat_map(|a| a.sentences.iter().map(|s| s.text.replace('\n', " ")))
        .collect();
    assert!(!out.is_empty(), "example story not found");
    out
}

use corroborate_pipeline::synth::Rng;

/// One of `xs`, drawn with `rng`.
fn pick<'a>(rng: &mut Rng, xs: &'a [String]) -> &'a str {
    &xs[rng.below(xs.len())]
}

const SPEAKERS: &[&str] = &[
    "Maria Lopez",
    "John Carter",
    "Olena Kovalenko",
    "Ahmet Yilmaz",
    "Sergei Ivanov",
    "the minister",
    "a spokesman",
];

/// Quotes in every attribution pattern until `size` bytes, paragraphs
/// joined by `joiner`.
fn quoted(seeds: &[String], size: usize, joiner: &str) -> String {
    let mut rng = Rng::new(1);
    let mut out = String::with_capacity(size + 1024);
    while out.len() < size {
        let s = pick(&mut rng, seeds).trim_end_matches(['.', '"', '\u{201d}']);
        let who = SPEAKERS[rng.below(SPEAKERS.len())];
        let para = match rng.below(7) {
            0 => format!("\u{201c}{s},\u{201d} {who} said."),
            1 => format!("{who} told reporters: \"{s}.\""),
            2 => format!("\u{201c}{s},\u{201d} he said."),
            3 => format!("She added: \u{2018}{s}.\u{2019}"),
            4 => format!("\"{s},\" said {who}, according to officials."),
            5 => format!("{who} said: \u{201c}{s}."),
            _ => format!("{s}. \u{201c}{s}?\u{201d} she asked."),
        };
        if !out.is_empty() {
            out.push_str(joiner);
        }
        out.push_str(&para);
    }
    out
}

/// `n` tiny files: one to three sentences of the story each, some with a
/// changed figure, an inserted negation or a cut end.
fn tiny(seeds: &[String], n: usize) -> Vec<RawDoc> {
    let mut rng = Rng::new(2);
    (0..n)
        .map(|i| {
            let k = 1 + rng.below(3);
            let mut body = String::new();
            for _ in 0..k {
                let mut s = pick(&mut rng, seeds).to_string();
                match rng.below(5) {
                    0 => s = s.replacen(|c: char| c.is_ascii_digit(), "7", 1),
                    1 => s = s.replacen(" will ", " will not ", 1),
                    2 => {
                        let cut = s.len() / 2;
                        let cut = (cut..=s.len())
                            .find(|&c| s.is_char_boundary(c))
                            .unwrap_or(0);
                        s.truncate(cut);
                    }
                    _ => {}
                }
                body.push_str(&s);
                body.push(' ');
            }
            one(&format!("tiny/{i:04}.txt"), body)
        })
        .collect()
}

/// `n` files of 3 to 20 words of the story drawn at random, with random
/// punctuation between them.
fn tiny_random(seeds: &[String], n: usize) -> Vec<RawDoc> {
    let mut rng = Rng::new(5);
    let vocabulary: Vec<String> = seeds
        .iter()
        .flat_map(|s| s.split_whitespace().map(str::to_string))
        .chain(["The".to_string(), "A".to_string()])
        .collect();
    (0..n)
        .map(|i| {
            let mut body = String::new();
            for _ in 0..3 + rng.below(18) {
                body.push_str(pick(&mut rng, &vocabulary));
                body.push_str([" ", " ", " ", ". ", ", ", "\n", "! "][rng.below(7)]);
            }
            if rng.below(10) == 0 {
                body.push_str(["The", "A"][rng.below(2)]);
            }
            one(&format!("tiny/{i:04}.txt"), body)
        })
        .collect()
}

/// `n` one-sentence reports of one fact, with differing figures, days and
/// names.
fn tiny_figures(n: usize) -> Vec<RawDoc> {
    let mut rng = Rng::new(6);
    let days = ["Monday", "Tuesday", "Friday", "Sunday"];
    let names = ["Maria Lopez", "Mario Lopes", "John Carter", "Jon Karter"];
    (0..n)
        .map(|i| {
            let body = format!(
                "At least {} people were killed in the attack on the market on {}, police chief {} told reporter {}.",
                10 + rng.below(60),
                days[rng.below(days.len())],
                names[rng.below(names.len())],
                i,
            );
            one(&format!("tiny/{i:04}.txt"), body)
        })
        .collect()
}

/// `n` short lines (three to eight words of a story sentence each).
fn lines(seeds: &[String], n: usize) -> String {
    let mut rng = Rng::new(3);
    let mut out = String::new();
    for _ in 0..n {
        let s = pick(&mut rng, seeds);
        let take = 3 + rng.below(6);
        let line: Vec<&str> = s.split_whitespace().take(take).collect();
        out.push_str(&line.join(" "));
        out.push('\n');
    }
    out
}

/// Sentences naming made-up people until `size` bytes: new names, names
/// seen before, and one-letter misspellings of them.
fn names(size: usize) -> String {
    let mut rng = Rng::new(7);
    let mut seen: Vec<String> = Vec::new();
    let mut out = String::new();
    while out.len() < size {
        let name = match rng.below(4) {
            0 if !seen.is_empty() => seen[rng.below(seen.len())].clone(),
            1 if !seen.is_empty() => {
                let mut n: Vec<char> = seen[rng.below(seen.len())].chars().collect();
                let k = 1 + rng.below(n.len() - 1);
                n[k] = (b'a' + rng.below(26) as u8) as char;
                n.into_iter().collect()
            }
            _ => {
                let len = 5 + rng.below(5);
                let mut n = String::new();
                n.push((b'A' + rng.below(26) as u8) as char);
                for _ in 1..len {
                    n.push((b'a' + rng.below(26) as u8) as char);
                }
                seen.push(n.clone());
                n
            }
        };
        let first = ["Anna", "Peter", "Maria", "Ivan", "Ahmet"][rng.below(5)];
        match rng.below(3) {
            0 => out.push_str(&format!("{first} {name} arrived on Monday. ")),
            1 => out.push_str(&format!("Officials said {name} left early. ")),
            _ => out.push_str(&format!("\u{201c}We stay,\u{201d} {name} said.\n")),
        }
    }
    out
}

/// Paragraphs of story sentences until `size` bytes.
fn prose(seeds: &[String], size: usize) -> String {
    let mut rng = Rng::new(4);
    let mut out = String::with_capacity(size + 1024);
    while out.len() < size {
        for _ in 0..5 {
            out.push_str(pick(&mut rng, seeds));
            out.push(' ');
        }
        out.push_str("\n\n");
    }
    out
}
