//! Behaviour of the real model. Needs a model directory in
//! `CORROBORATE_MODEL` (see docs/MODEL.md, `scripts/get-model.sh`); each test
//! prints a SKIP line and passes when it is not set.

use corroborate_core::{cosine, Encoder};
use corroborate_neural::{model_dir_from_env, BertEncoder, CachedEncoder, Precision};

fn encoder() -> Option<BertEncoder> {
    match model_dir_from_env() {
        Ok(dir) => Some(BertEncoder::load(&dir).expect("CORROBORATE_MODEL should load")),
        Err(why) => {
            eprintln!("SKIP: {why}; run scripts/get-model.sh and export CORROBORATE_MODEL");
            None
        }
    }
}

#[test]
fn loads_and_reports_its_shape() {
    let Some(enc) = encoder() else { return };
    let info = enc.info();
    assert_eq!(enc.dim(), info.hidden_size);
    assert!(info.num_layers > 0 && info.vocab_size > 0 && info.max_length >= 16);
    enc.self_check().unwrap();
}

#[test]
fn vectors_are_unit_length_and_in_input_order() {
    let Some(enc) = encoder() else { return };
    let texts = [
        "A short one.",
        "The central bank raised interest rates by half a percentage point on Wednesday, citing persistent inflation.",
        "",
        "A short one.",
    ];
    let v = enc.encode(&texts).unwrap();
    assert_eq!(v.len(), texts.len());
    for x in &v {
        assert_eq!(x.len(), enc.dim());
        let n = x.iter().map(|a| a * a).sum::<f32>().sqrt();
        assert!((n - 1.0).abs() < 1e-4, "norm {n}");
    }
    // Same text, same vector, whatever its batch neighbours (padding is masked).
    let alone = enc.encode(&[texts[0]]).unwrap();
    assert!(cosine(&v[0], &alone[0]) > 0.9999);
    assert!(cosine(&v[0], &v[3]) > 0.9999);
}

#[test]
fn paraphrases_are_closer_than_unrelated_sentences() {
    let Some(enc) = encoder() else { return };
    let v = enc
        .encode(&[
            "The minister resigned after the scandal.",
            "Following the scandal, the minister stepped down.",
            "Heavy rain is expected across the north this weekend.",
        ])
        .unwrap();
    let para = cosine(&v[0], &v[1]);
    let other = cosine(&v[0], &v[2]);
    assert!(para > 0.7, "paraphrase cosine {para}");
    assert!(other < 0.3, "unrelated cosine {other}");
}

#[test]
fn batch_size_and_parallelism_do_not_change_vectors() {
    let Some(enc) = encoder() else { return };
    let texts: Vec<String> = (0..20)
        .map(|i| {
            format!(
                "Sentence number {i} talks about {} things.",
                "many ".repeat(i % 7)
            )
        })
        .collect();
    let refs: Vec<&str> = texts.iter().map(|s| s.as_str()).collect();
    let a = enc.encode(&refs).unwrap();
    let enc = enc.with_batch_size(3).with_parallel_batches(true);
    let b = enc.encode(&refs).unwrap();
    // The quantised engine packs sentences without padding and quantises
    // token by token, so a sentence's vector is bit-for-bit independent of
    // its batch neighbours; candle's f32 kernels may differ in the last bits.
    assert_eq!(enc.precision(), Precision::Quantised);
    assert_eq!(a, b);
    let one_by_one: Vec<Vec<f32>> = refs
        .iter()
        .map(|t| enc.encode(&[t]).unwrap().remove(0))
        .collect();
    assert_eq!(a, one_by_one);
}

#[test]
fn quantised_engine_agrees_with_the_f32_reference() {
    // The default engine (16-bit integer linear layers, own forward pass)
    // must give the same geometry as candle's f32 BERT, whose vectors equal
    // Python sentence-transformers' (docs/perf/neural.md): per sentence, and
    // for the pairwise cosines alignment actually uses.
    let Some(quantised) = encoder() else { return };
    let dir = model_dir_from_env().unwrap();
    let reference = BertEncoder::load_with(&dir, Precision::F32).unwrap();
    assert_eq!(reference.precision(), Precision::F32);
    let mut texts = story_sentences("000");
    texts.extend(story_sentences("002"));
    let refs: Vec<&str> = texts.iter().map(|s| s.as_str()).collect();
    let q = quantised.encode(&refs).unwrap();
    let f = reference.encode(&refs).unwrap();
    let worst = q
        .iter()
        .zip(&f)
        .map(|(a, b)| cosine(a, b))
        .fold(f32::MAX, f32::min);
    assert!(worst > 0.999, "lowest per-sentence cosine {worst}");
    let mut largest_pair_error = 0.0f32;
    for i in 0..q.len() {
        for j in i + 1..q.len() {
            let d = (cosine(&q[i], &q[j]) - cosine(&f[i], &f[j])).abs();
            largest_pair_error = largest_pair_error.max(d);
        }
    }
    assert!(
        largest_pair_error < 0.01,
        "pairwise cosines differ by up to {largest_pair_error}"
    );
}

#[test]
fn long_input_is_truncated_not_an_error() {
    let Some(enc) = encoder() else { return };
    let long = "word ".repeat(5000);
    assert_eq!(enc.token_count(&long).unwrap(), enc.info().max_length);
    let v = enc.encode(&[long.as_str()]).unwrap();
    assert_eq!(v[0].len(), enc.dim());
}

#[test]
fn cached_encoder_matches_and_skips_repeats() {
    let Some(enc) = encoder() else { return };
    let cached = CachedEncoder::new(enc);
    let texts = [
        "Talks resumed in the capital.",
        "Talks resumed in the capital.",
        "No deal yet.",
    ];
    let a = cached.encode(&texts).unwrap();
    let b = cached.encode(&texts).unwrap();
    assert_eq!(a, b);
    let direct = cached.inner().encode(&texts).unwrap();
    assert!(cosine(&a[2], &direct[2]) > 0.9999);
    let s = cached.stats();
    assert_eq!((s.hits, s.misses, s.entries), (3, 3, 2));
}

#[test]
fn encoding_is_deterministic() {
    let Some(enc) = encoder() else { return };
    let texts = [
        "Negotiations are scheduled to begin on Friday.",
        "Prices rose 3% in May.",
    ];
    let a = enc.encode(&texts).unwrap();
    let b = enc.encode(&texts).unwrap();
    assert_eq!(
        a, b,
        "two runs of the same input must give identical vectors"
    );
    // Identical sentences have cosine 1.
    let again = enc.encode(&[texts[0], texts[0]]).unwrap();
    assert!((cosine(&again[0], &again[1]) - 1.0).abs() < 1e-5);
}

/// Sentences of one example-story article, via the real ingest stage.
fn story_sentences(prefix: &str) -> Vec<String> {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/istanbul-2025-05-15");
    let doc = corroborate_ingest::prepared_articles(&[dir])
        .into_iter()
        .find(|a| {
            std::path::Path::new(&a.path)
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .unwrap_or_else(|| panic!("example article {prefix}* not found"));
    doc.sentences.iter().map(|s| s.text.clone()).collect()
}

/// Mean over `a`'s sentences of the best cosine to any sentence of `b`.
fn mean_best_match(enc: &BertEncoder, a: &[String], b: &[String]) -> f32 {
    let va = enc
        .encode(&a.iter().map(|s| s.as_str()).collect::<Vec<_>>())
        .unwrap();
    let vb = enc
        .encode(&b.iter().map(|s| s.as_str()).collect::<Vec<_>>())
        .unwrap();
    let best: Vec<f32> = va
        .iter()
        .map(|x| vb.iter().map(|y| cosine(x, y)).fold(f32::MIN, f32::max))
        .collect();
    best.iter().sum::<f32>() / best.len() as f32
}

#[test]
fn story_rewrite_is_closer_to_back_translation_than_to_independent_reports() {
    // 000 (back-translation) and 001 (rewrite) retell the same original;
    // 002-004 are independent reports of the same event. Sentence for
    // sentence, the two retellings must match each other better than either
    // matches an independent report, although all share names and topic.
    let Some(enc) = encoder() else { return };
    let back_translation = story_sentences("000");
    let rewrite = story_sentences("001");
    let paraphrase = mean_best_match(&enc, &rewrite, &back_translation);
    for independent in ["002", "003", "004"] {
        let other = mean_best_match(&enc, &rewrite, &story_sentences(independent));
        assert!(
            paraphrase > other + 0.05,
            "rewrite~back-translation {paraphrase:.3} vs rewrite~{independent} {other:.3}"
        );
    }
}
