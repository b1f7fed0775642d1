//! What the encoder adds to alignment, with the real model: the pair model
//! (`similarity::ENCODER_PAIR_MODEL`) against the lexical scorer on the MRPC
//! test split and on the example story. Needs `CORROBORATE_MODEL` (see
//! docs/MODEL.md); each test prints a SKIP line and passes without it.

use corroborate_align::similarity::{score_from_features, PARAPHRASE_THRESHOLD};
use corroborate_core::{AlignLabel, Article};
use corroborate_eval::paraphrase::{
    load_mrpc, mcnemar, metrics_at, pair_features_labelled, score_labelled,
};
use corroborate_neural::{model_dir_from_env, BertEncoder, CachedEncoder};
use std::path::Path;

fn encoder() -> Option<CachedEncoder<BertEncoder>> {
    match model_dir_from_env() {
        Ok(dir) => Some(CachedEncoder::new(
            BertEncoder::load(&dir).expect("CORROBORATE_MODEL should load"),
        )),
        Err(why) => {
            eprintln!("SKIP: {why}; run scripts/get-model.sh and export CORROBORATE_MODEL");
            None
        }
    }
}

#[test]
fn pair_model_decides_mrpc_test_pairs_better_than_the_lexical_scorer() {
    let Some(enc) = encoder() else { return };
    let test = load_mrpc(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../align/data/msr_paraphrase_test.tsv"),
    )
    .expect("MRPC test split shipped with the align crate");
    assert_eq!(test.len(), 1725);
    let features = pair_features_labelled(&test, &enc).expect("encodes");
    let labels: Vec<bool> = test.iter().map(|p| p.paraphrase).collect();
    let model: Vec<f32> = features.iter().map(score_from_features).collect();
    let lexical: Vec<f32> = features.iter().map(|f| f.lexical).collect();
    // What alignment computes is what is measured here (the cache makes
    // this second pass cheap).
    let (aligned, _) = score_labelled(&test, Some(&enc));
    for (a, f) in aligned.iter().zip(&features) {
        assert!((a - score_from_features(f)).abs() < 1e-6);
    }
    // Both decide at alignment's own threshold: nothing is tuned on test.
    let (m, l) = (
        metrics_at(&model, &labels, PARAPHRASE_THRESHOLD),
        metrics_at(&lexical, &labels, PARAPHRASE_THRESHOLD),
    );
    let decide =
        |s: &[f32]| -> Vec<bool> { s.iter().map(|&x| x >= PARAPHRASE_THRESHOLD).collect() };
    let test_stat = mcnemar(&decide(&lexical), &decide(&model), &labels);
    eprintln!(
        "MRPC test: pair model accuracy {:.3} F1 {:.3}; lexical accuracy {:.3} F1 {:.3}; McNemar {} vs {}, p = {:.4}",
        m.accuracy, m.f1, l.accuracy, l.f1, test_stat.only_a_right, test_stat.only_b_right, test_stat.p_value
    );
    assert!(m.accuracy >= l.accuracy + 0.015, "{m:?} vs {l:?}");
    assert!(m.f1 > l.f1);
    assert!(test_stat.p_value < 0.05, "{test_stat:?}");
}

fn example_story() -> Vec<Article> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/istanbul-2025-05-15");
    corroborate_ingest::prepared_articles(&[dir])
}

#[test]
fn with_the_model_the_retellings_share_more_paraphrases_and_sources_stay_apart() {
    let Some(enc) = encoder() else { return };
    let articles = example_story();
    assert_eq!(articles.len(), 5);
    let lexical = corroborate_align::align_story(&articles, None);
    let neural = corroborate_align::align_story(&articles, Some(&enc));
    // 000 (a back-translation) and 001 (a rewrite) retell one original.
    let retelling_paraphrases = |pairs: &[corroborate_core::AlignedPair]| {
        let ids = [&articles[0].id, &articles[1].id];
        pairs
            .iter()
            .filter(|p| ids.contains(&&p.a) && ids.contains(&&p.b))
            .filter(|p| matches!(p.label, AlignLabel::Paraphrase | AlignLabel::Same))
            .count()
    };
    let (without, with) = (
        retelling_paraphrases(&lexical.pairs),
        retelling_paraphrases(&neural.pairs),
    );
    eprintln!("000~001 paraphrase-or-same pairs: lexical {without}, with the model {with}");
    assert!(
        with >= without + 3,
        "lexical {without}, with the model {with}"
    );
    // The shared origin is still found, and the three independent reports
    // are not merged by the same-topic similarity a sentence encoder gives.
    for alignment in [&lexical, &neural] {
        let g = &alignment.source_group;
        assert_eq!(g[0], g[1], "{g:?}");
        let mut distinct = vec![g[0], g[2], g[3], g[4]];
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), 4, "{g:?}");
    }
}
