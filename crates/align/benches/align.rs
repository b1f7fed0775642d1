//! Benchmarks of story alignment and MinHash.
//!
//! The story is synthetic but made of real text: the sentences of the
//! example story (`examples/istanbul-2025-05-15`) are shuffled and
//! recombined, with a fixed seed, into 50 articles of 40 sentences each
//! (2,000 sentences, so every sentence recurs in about ten articles, which
//! makes many candidate pairs: a hard case for the pair pruning).
//!
//! `cargo bench -p corroborate-align --bench align`

use corroborate_align::{align_story, MinHasher};
use corroborate_core::{Article, Sentence};
use corroborate_ingest::{ingest_paths, prepare};
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::path::PathBuf;

fn seed_sentences() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/istanbul-2025-05-15");
    ingest_paths(&[dir])
        .docs
        .into_iter()
        .filter_map(|d| prepare(d).ok())
        .flat_map(|a| a.sentences.into_iter().map(|s| s.text))
        .collect()
}

/// Deterministic pseudo-random numbers (64-bit LCG), so runs compare.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % bound.max(1)
    }
}

fn synthetic_story(articles: usize, sentences_each: usize) -> Vec<Article> {
    let pool = seed_sentences();
    assert!(!pool.is_empty(), "example story must load");
    let mut rng = Lcg(0x00C0_FFEE);
    (0..articles)
        .map(|k| {
            let mut text = String::new();
            let mut sentences = Vec::with_capacity(sentences_each);
            for index in 0..sentences_each {
                let s = &pool[rng.next(pool.len())];
                if !text.is_empty() {
                    text.push(' ');
                }
                let start = text.len();
                text.push_str(s);
                sentences.push(Sentence {
                    index,
                    text: s.clone(),
                    start,
                    end: text.len(),
                });
            }
            Article {
                id: format!("{k:016x}"),
                language: Some("en".into()),
                ..Article::plain(format!("synthetic/{k:03}.txt"), text, sentences)
            }
        })
        .collect()
}

fn bench_align(c: &mut Criterion) {
    let story = synthetic_story(50, 40);
    let mut group = c.benchmark_group("align_story");
    group.sample_size(10);
    group.bench_function("50x40_lexical", |b| {
        b.iter(|| black_box(align_story(black_box(&story), None)))
    });
    group.finish();
}

fn bench_example_story(c: &mut Criterion) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/istanbul-2025-05-15");
    let story: Vec<Article> = ingest_paths(&[dir])
        .docs
        .into_iter()
        .filter_map(|d| prepare(d).ok())
        .collect();
    c.bench_function("align_story/example_story_lexical", |b| {
        b.iter(|| black_box(align_story(black_box(&story), None)))
    });
}

fn bench_minhash(c: &mut Criterion) {
    let story = synthetic_story(1, 40);
    let text = &story[0].text;
    let hasher = MinHasher::new(128, 3);
    c.bench_function("minhash_signature_128perm_article", |b| {
        b.iter(|| black_box(hasher.signature(black_box(text))))
    });
}

criterion_group!(benches, bench_align, bench_example_story, bench_minhash);
criterion_main!(benches);
