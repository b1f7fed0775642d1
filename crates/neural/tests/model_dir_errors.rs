//! A bad model directory is a clear error naming the file at fault. These
//! tests build directories by hand and need no model.

use corroborate_core::EncoderError;
use corroborate_neural::BertEncoder;
use std::fs;
use std::path::Path;

const CONFIG: &str = r#"{
  "architectures": ["BertModel"], "hidden_act": "gelu", "hidden_size": 8,
  "intermediate_size": 16, "layer_norm_eps": 1e-12, "max_position_embeddings": 32,
  "model_type": "bert", "num_attention_heads": 2, "num_hidden_layers": 1,
  "pad_token_id": 0, "type_vocab_size": 2, "vocab_size": 10,
  "hidden_dropout_prob": 0.1, "initializer_range": 0.02
}"#;

fn load_err(dir: &Path) -> String {
    match BertEncoder::load(dir) {
        Ok(_) => panic!("{} loaded but should not", dir.display()),
        Err(e @ EncoderError::Model { .. }) => e.to_string(),
        Err(e) => panic!("expected a model-directory error, got {e}"),
    }
}

#[test]
fn missing_directory_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let msg = load_err(&tmp.path().join("nope"));
    assert!(
        msg.contains("nope") && msg.contains("not a directory"),
        "{msg}"
    );
}

#[test]
fn empty_directory_names_config_json() {
    let tmp = tempfile::tempdir().unwrap();
    let msg = load_err(tmp.path());
    assert!(msg.contains("missing config.json"), "{msg}");
}

#[test]
fn bad_json_names_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("config.json"), "{ not json").unwrap();
    let msg = load_err(tmp.path());
    assert!(msg.contains("config.json is not valid JSON"), "{msg}");
}

#[test]
fn non_bert_config_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("config.json"), r#"{"hidden_size": "big"}"#).unwrap();
    let msg = load_err(tmp.path());
    assert!(msg.contains("config.json is not a BERT config"), "{msg}");
}

#[test]
fn missing_tokenizer_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("config.json"), CONFIG).unwrap();
    let msg = load_err(tmp.path());
    assert!(msg.contains("missing tokenizer.json"), "{msg}");
}

#[test]
fn missing_weights_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("config.json"), CONFIG).unwrap();
    fs::write(tmp.path().join("tokenizer.json"), "{}").unwrap();
    let msg = load_err(tmp.path());
    assert!(msg.contains("missing model.safetensors"), "{msg}");
}

#[test]
fn bad_sentence_bert_config_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("config.json"), CONFIG).unwrap();
    fs::write(tmp.path().join("tokenizer.json"), "{}").unwrap();
    fs::write(tmp.path().join("model.safetensors"), "x").unwrap();
    fs::write(tmp.path().join("sentence_bert_config.json"), "[").unwrap();
    let msg = load_err(tmp.path());
    assert!(
        msg.contains("sentence_bert_config.json is not valid JSON"),
        "{msg}"
    );
}

#[test]
fn bad_tokenizer_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("config.json"), CONFIG).unwrap();
    fs::write(tmp.path().join("tokenizer.json"), "{}").unwrap();
    fs::write(tmp.path().join("model.safetensors"), "x").unwrap();
    let msg = load_err(tmp.path());
    assert!(msg.contains("tokenizer.json cannot be loaded"), "{msg}");
}
