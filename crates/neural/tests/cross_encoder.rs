//! The NLI cross-encoder's loading and inference path, on a tiny BERT
//! trained here in seconds: a random-init model learns three sentence-pair
//! relations with candle, is saved as a model directory in the layout
//! `training/nli/train.py` writes, and `CrossEncoder` (the product path:
//! tokenizer pairs with token types, the quantised engine, pooler and
//! classifier) must reproduce what was learned. Also: a bad directory is a
//! clear error naming it.

use candle_core::{DType, Device, IndexOp, Tensor, D};
use candle_nn::{AdamW, Module, Optimizer, ParamsAdamW, VarBuilder, VarMap};
use candle_transformers::models::bert::{BertModel, Config};
use corroborate_core::{ContradictionScorer, EncoderError};
use corroborate_neural::CrossEncoder;
use std::fs;
use std::path::Path;

const WORDS: &[&str] = &[
    "[PAD]",
    "[UNK]",
    "[CLS]",
    "[SEP]",
    "the",
    "talks",
    "succeeded",
    "failed",
    "did",
    "not",
    "minister",
    "resigned",
    "stayed",
    "rain",
    "fell",
    "fall",
    "in",
    "paris",
    "city",
    "was",
    "quiet",
];

fn tokenizer_json() -> String {
    let vocab: Vec<String> = WORDS
        .iter()
        .enumerate()
        .map(|(i, w)| format!("\"{w}\": {i}"))
        .collect();
    format!(
        r#"{{"version": "1.0", "truncation": null, "padding": null, "added_tokens": [],
  "normalizer": {{"type": "BertNormalizer", "clean_text": true, "handle_chinese_chars": true,
                  "strip_accents": null, "lowercase": true}},
  "pre_tokenizer": {{"type": "BertPreTokenizer"}},
  "post_processor": {{"type": "BertProcessing", "sep": ["[SEP]", 3], "cls": ["[CLS]", 2]}},
  "decoder": null,
  "model": {{"type": "WordLevel", "vocab": {{{}}}, "unk_token": "[UNK]"}}}}"#,
        vocab.join(", ")
    )
}

fn config_json() -> String {
    format!(
        r#"{{"architectures": ["BertForSequenceClassification"], "hidden_act": "gelu",
  "hidden_size": 32, "intermediate_size": 64, "layer_norm_eps": 1e-12,
  "max_position_embeddings": 64, "model_type": "bert", "num_attention_heads": 4,
  "num_hidden_layers": 2, "pad_token_id": 0, "type_vocab_size": 2, "vocab_size": {},
  "hidden_dropout_prob": 0.0, "attention_probs_dropout_prob": 0.0, "initializer_range": 0.02,
  "id2label": {{"0": "contradiction", "1": "entailment", "2": "neutral"}},
  "max_seq_length": 32}}"#,
        WORDS.len()
    )
}

/// (premise, hypothesis, class row in config's id2label)
const PAIRS: &[(&str, &str, u32)] = &[
    ("the talks succeeded", "the talks failed", 0),
    ("the minister resigned", "the minister stayed", 0),
    ("rain fell in paris", "rain did not fall in paris", 0),
    ("the talks failed", "the talks succeeded", 0),
    ("the talks succeeded", "the talks succeeded", 1),
    ("the minister resigned", "the minister resigned", 1),
    ("the city was quiet", "the city was quiet", 1),
    ("the talks succeeded", "rain fell in paris", 2),
    ("the minister resigned", "the city was quiet", 2),
    ("rain fell in paris", "the minister stayed", 2),
];

/// Token ids and types of a pair, as the product tokenizes it.
fn encode(tok: &tokenizers::Tokenizer, a: &str, b: &str) -> (Vec<u32>, Vec<u32>) {
    let e = tok.encode((a, b), true).unwrap();
    (e.get_ids().to_vec(), e.get_type_ids().to_vec())
}

/// Trains the tiny model and writes the directory; returns what candle's
/// f32 forward pass gives for each training pair after training.
fn train_tiny(dir: &Path) -> Vec<[f32; 3]> {
    fs::write(dir.join("config.json"), config_json()).unwrap();
    fs::write(dir.join("tokenizer.json"), tokenizer_json()).unwrap();
    let tok = tokenizers::Tokenizer::from_file(dir.join("tokenizer.json")).unwrap();
    let config: Config = serde_json::from_str(&config_json()).unwrap();
    let dev = Device::Cpu;
    let varmap = VarMap::new();
    let vb = VarBuilder::from_varmap(&varmap, DType::F32, &dev);
    let bert = BertModel::load(vb.pp("bert"), &config).unwrap();
    let pooler = candle_nn::linear(32, 32, vb.pp("bert.pooler.dense")).unwrap();
    let classifier = candle_nn::linear(32, 3, vb.pp("classifier")).unwrap();

    let width = 16; // longer than any pair
    let (mut ids, mut types, mut mask, mut labels) = (vec![], vec![], vec![], vec![]);
    for &(a, b, label) in PAIRS {
        let (i, t) = encode(&tok, a, b);
        assert!(i.len() <= width);
        let pad = width - i.len();
        mask.extend(std::iter::repeat_n(1u32, i.len()).chain(std::iter::repeat_n(0, pad)));
        ids.extend(i.into_iter().chain(std::iter::repeat_n(0, pad)));
        types.extend(t.into_iter().chain(std::iter::repeat_n(0, pad)));
        labels.push(label);
    }
    let n = PAIRS.len();
    let ids = Tensor::from_vec(ids, (n, width), &dev).unwrap();
    let types = Tensor::from_vec(types, (n, width), &dev).unwrap();
    let mask = Tensor::from_vec(mask, (n, width), &dev).unwrap();
    let labels = Tensor::from_vec(labels, n, &dev).unwrap();
    let forward = || -> Tensor {
        let hidden = bert.forward(&ids, &types, Some(&mask)).unwrap();
        let cls = hidden.i((.., 0)).unwrap();
        let pooled = pooler.forward(&cls).unwrap().tanh().unwrap();
        classifier.forward(&pooled).unwrap()
    };
    let mut opt = AdamW::new(
        varmap.all_vars(),
        ParamsAdamW {
            lr: 3e-3,
            weight_decay: 0.0,
            ..Default::default()
        },
    )
    .unwrap();
    for _ in 0..400 {
        let loss = candle_nn::loss::cross_entropy(&forward(), &labels).unwrap();
        opt.backward_step(&loss).unwrap();
    }
    varmap.save(dir.join("model.safetensors")).unwrap();
    let probs = candle_nn::ops::softmax(&forward(), D::Minus1).unwrap();
    probs
        .to_vec2::<f32>()
        .unwrap()
        .into_iter()
        .map(|r| [r[0], r[1], r[2]])
        .collect()
}

#[test]
fn a_tiny_trained_model_is_loaded_and_reproduces_its_training() {
    let tmp = tempfile::tempdir().unwrap();
    let trained = train_tiny(tmp.path());
    // Training worked (otherwise the test would say nothing).
    for (p, &(_, _, label)) in trained.iter().zip(PAIRS) {
        assert!(p[label as usize] > 0.8, "training did not converge: {p:?}");
    }

    let model = CrossEncoder::load(tmp.path()).unwrap();
    let pairs: Vec<(&str, &str)> = PAIRS.iter().map(|&(a, b, _)| (a, b)).collect();
    let scores = model.score(&pairs).unwrap();
    assert_eq!(scores.len(), PAIRS.len());
    for ((s, p), &(a, b, label)) in scores.iter().zip(&trained).zip(PAIRS) {
        // id2label: 0 contradiction, 1 entailment, 2 neutral.
        let got = [s.contradiction, s.entailment, s.neutral];
        assert!((got.iter().sum::<f32>() - 1.0).abs() < 1e-4);
        for c in 0..3 {
            assert!(
                (got[c] - p[c]).abs() < 0.05,
                "{a} / {b}: product {got:?}, candle {p:?}"
            );
        }
        let best = (0..3).max_by(|&i, &j| got[i].total_cmp(&got[j])).unwrap();
        assert_eq!(best, label as usize, "{a} / {b}: {got:?}");
    }

    // Batching does not change a pair's scores.
    let one = model.score(&pairs[..1]).unwrap();
    assert!((one[0].contradiction - scores[0].contradiction).abs() < 1e-6);
    let small = CrossEncoder::load(tmp.path()).unwrap().with_batch_size(2);
    let again = small.score(&pairs).unwrap();
    for (x, y) in again.iter().zip(&scores) {
        assert!((x.contradiction - y.contradiction).abs() < 1e-6);
    }

    // The scorer interface: both directions averaged, high for the
    // trained contradictions, low for the copies.
    let c = model.contradiction(&[pairs[0], pairs[4]]).unwrap();
    assert!(c[0] > 0.5 && c[1] < 0.2, "{c:?}");
    assert!(model.score(&[]).unwrap().is_empty());
}

fn load_err(dir: &Path) -> String {
    match CrossEncoder::load(dir) {
        Ok(_) => panic!("{} loaded but should not", dir.display()),
        Err(e @ EncoderError::Model { .. }) => e.to_string(),
        Err(e) => panic!("expected a model-directory error, got {e}"),
    }
}

#[test]
fn missing_files_are_errors_naming_the_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("my-nli-model");
    let msg = load_err(&dir);
    assert!(
        msg.contains("my-nli-model") && msg.contains("not a directory"),
        "{msg}"
    );

    fs::create_dir(&dir).unwrap();
    let msg = load_err(&dir);
    assert!(
        msg.contains("my-nli-model") && msg.contains("missing config.json"),
        "{msg}"
    );

    fs::write(dir.join("config.json"), config_json()).unwrap();
    let msg = load_err(&dir);
    assert!(msg.contains("missing tokenizer.json"), "{msg}");

    fs::write(dir.join("tokenizer.json"), tokenizer_json()).unwrap();
    let msg = load_err(&dir);
    assert!(msg.contains("missing model.safetensors"), "{msg}");
}

#[test]
fn a_sentence_encoder_is_not_a_cross_encoder() {
    let tmp = tempfile::tempdir().unwrap();
    // A valid BERT directory without id2label (a sentence encoder).
    let config = config_json().replace(
        r#""id2label": {"0": "contradiction", "1": "entailment", "2": "neutral"},"#,
        "",
    );
    fs::write(tmp.path().join("config.json"), config).unwrap();
    fs::write(tmp.path().join("tokenizer.json"), tokenizer_json()).unwrap();
    fs::write(tmp.path().join("model.safetensors"), "x").unwrap();
    let msg = load_err(tmp.path());
    assert!(msg.contains("id2label"), "{msg}");
}
