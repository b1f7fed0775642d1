//! NLI cross-encoder: reads a sentence pair together and gives the
//! probabilities of entailment, neutral and contradiction.
//!
//! In: a local model directory in the Hugging Face
//! `BertForSequenceClassification` layout — `config.json` (BERT architecture
//! plus `id2label` naming the three classes), `tokenizer.json`,
//! `model.safetensors` with the encoder (`bert.*` or unprefixed),
//! `bert.pooler.dense.*` and `classifier.*` — as written by
//! `training/nli/train.py`. Nothing is downloaded.
//! Out: per pair, [`NliScores`] (softmax, summing to 1), in input order.
//!
//! The pair is tokenized as `[CLS] premise [SEP] hypothesis [SEP]` with
//! token types 0 / 1 and truncated (longest first) to `max_seq_length`
//! (config.json, default 128); the `[CLS]` state goes through the pooler
//! (dense + tanh) and the classifier. The encoder runs on the crate's
//! quantised engine (`fastbert`); batches run on rayon's pool, and a pair's
//! scores do not depend on batching.

use crate::fastbert::FastBert;
use crate::{inspect, load_tokenizer, model_err, model_name};
use candle_core::{DType, Device};
use candle_nn::VarBuilder;
use corroborate_core::{ContradictionScorer, EncoderError};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use tokenizers::Tokenizer;

/// Truncation length when config.json names none.
pub const DEFAULT_PAIR_LENGTH: usize = 128;

/// Class probabilities of one sentence pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NliScores {
    pub entailment: f32,
    pub neutral: f32,
    pub contradiction: f32,
}

/// A BERT cross-encoder for natural-language inference on the CPU. See the
/// module documentation.
pub struct CrossEncoder {
    bert: FastBert,
    /// Pooler, `hidden × hidden`, row-major (out × in), and bias.
    pooler_w: Vec<f32>,
    pooler_b: Vec<f32>,
    /// Classifier, `classes × hidden`, and bias.
    classifier_w: Vec<f32>,
    classifier_b: Vec<f32>,
    /// Output row of entailment, neutral, contradiction.
    rows: [usize; 3],
    classes: usize,
    hidden: usize,
    tokenizer: Tokenizer,
    name: String,
    dir: PathBuf,
    batch_size: usize,
}

/// The rows of entailment, neutral and contradiction in config.json's
/// `id2label`.
fn label_rows(dir: &Path, config: &serde_json::Value) -> Result<([usize; 3], usize), EncoderError> {
    let map = config
        .get("id2label")
        .and_then(|v| v.as_object())
        .ok_or_else(|| {
            model_err(
                dir,
                "config.json has no id2label (not a classification model)",
            )
        })?;
    let mut rows = [usize::MAX; 3];
    for (id, label) in map {
        let id: usize = id.parse().map_err(|_| {
            model_err(
                dir,
                format!("config.json: id2label key {id:?} is not a number"),
            )
        })?;
        let label = label.as_str().unwrap_or("").to_lowercase();
        let slot = match label.as_str() {
            "entailment" => 0,
            "neutral" => 1,
            "contradiction" => 2,
            _ => continue,
        };
        rows[slot] = id;
    }
    if rows.contains(&usize::MAX) {
        return Err(model_err(
            dir,
            "config.json: id2label must name entailment, neutral and contradiction",
        ));
    }
    Ok((rows, map.len()))
}

impl CrossEncoder {
    /// Loads a model directory (see the module documentation). Errors name
    /// the directory and the missing or malformed file.
    pub fn load(dir: &Path) -> Result<CrossEncoder, EncoderError> {
        let (config, _max, weights) = inspect(dir)?;
        let raw = crate::read_json(dir, "config.json")?;
        let (rows, classes) = label_rows(dir, &raw)?;
        let max_length = raw
            .get("max_seq_length")
            .and_then(|v| v.as_u64())
            .map(|n| n as usize)
            .unwrap_or(DEFAULT_PAIR_LENGTH)
            .clamp(4, config.max_position_embeddings.max(4));

        let tokenizer = load_tokenizer(dir, max_length)?;

        let name_of = |p: &Path| {
            p.file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("weights")
                .to_string()
        };
        let weights_name = name_of(&weights);
        if !weights_name.ends_with(".safetensors") {
            return Err(model_err(dir, "missing model.safetensors"));
        }
        let bytes = std::fs::read(&weights)
            .map_err(|e| model_err(dir, format!("cannot read {weights_name}: {e}")))?;
        let vb = VarBuilder::from_buffered_safetensors(bytes, DType::F32, &Device::Cpu).map_err(
            |e| {
                model_err(
                    dir,
                    format!("{weights_name} is not a valid safetensors file: {e}"),
                )
            },
        )?;
        let mismatch = |e: candle_core::Error| {
            model_err(
                dir,
                format!("{weights_name} does not match config.json: {e}"),
            )
        };
        let root = if vb.contains_tensor("embeddings.word_embeddings.weight") {
            vb.clone()
        } else {
            vb.pp("bert")
        };
        let bert = FastBert::load(&root, &config).map_err(mismatch)?;
        let h = config.hidden_size;
        let get = |vb: &VarBuilder,
                   shape: (usize, usize),
                   what: &str|
         -> Result<(Vec<f32>, Vec<f32>), EncoderError> {
            let w = vb
                .get(shape, "weight")
                .and_then(|t| t.flatten_all()?.to_vec1::<f32>())
                .map_err(|e| model_err(dir, format!("{weights_name}: {what}: {e}")))?;
            let b = vb
                .get(shape.0, "bias")
                .and_then(|t| t.to_vec1::<f32>())
                .map_err(|e| model_err(dir, format!("{weights_name}: {what}: {e}")))?;
            Ok((w, b))
        };
        let (pooler_w, pooler_b) = get(&root.pp("pooler").pp("dense"), (h, h), "pooler")?;
        let (classifier_w, classifier_b) = get(&vb.pp("classifier"), (classes, h), "classifier")?;
        let name = model_name(dir, "nli");
        Ok(CrossEncoder {
            bert,
            pooler_w,
            pooler_b,
            classifier_w,
            classifier_b,
            rows,
            classes,
            hidden: h,
            tokenizer,
            name,
            dir: dir.to_path_buf(),
            batch_size: crate::DEFAULT_BATCH_SIZE,
        })
    }

    /// Pairs per forward pass (at least 1).
    pub fn with_batch_size(mut self, batch_size: usize) -> Self {
        self.batch_size = batch_size.max(1);
        self
    }

    /// The model directory as given.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Class probabilities of each `(premise, hypothesis)` pair, in order.
    pub fn score(&self, pairs: &[(&str, &str)]) -> Result<Vec<NliScores>, EncoderError> {
        if pairs.is_empty() {
            return Ok(Vec::new());
        }
        let inputs: Vec<tokenizers::EncodeInput> =
            pairs.iter().map(|&(a, b)| (a, b).into()).collect();
        let encodings = self
            .tokenizer
            .encode_batch(inputs, true)
            .map_err(|e| EncoderError::Encode(e.to_string()))?;
        let batch = self
            .batch_size
            .min(pairs.len().div_ceil(rayon::current_num_threads()))
            .max(1);
        let chunks: Vec<&[tokenizers::Encoding]> = encodings.chunks(batch).collect();
        let states: Vec<Vec<Vec<f32>>> = chunks
            .par_iter()
            .map(|chunk| {
                let ids: Vec<&[u32]> = chunk.iter().map(|e| e.get_ids()).collect();
                let types: Vec<&[u32]> = chunk.iter().map(|e| e.get_type_ids()).collect();
                self.bert.encode_cls(&ids, &types)
            })
            .collect();
        Ok(states
            .into_iter()
            .flatten()
            .map(|cls| self.head(&cls))
            .collect())
    }

    /// Pooler, classifier and softmax over the three classes.
    fn head(&self, cls: &[f32]) -> NliScores {
        let h = self.hidden;
        let pooled: Vec<f32> = (0..h)
            .map(|o| {
                let w = &self.pooler_w[o * h..(o + 1) * h];
                (w.iter().zip(cls).map(|(a, b)| a * b).sum::<f32>() + self.pooler_b[o]).tanh()
            })
            .collect();
        let logits: Vec<f32> = (0..self.classes)
            .map(|c| {
                let w = &self.classifier_w[c * h..(c + 1) * h];
                w.iter().zip(&pooled).map(|(a, b)| a * b).sum::<f32>() + self.classifier_b[c]
            })
            .collect();
        let three = self.rows.map(|r| logits[r]);
        let max = three.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let e = three.map(|l| (l - max).exp());
        let sum: f32 = e.iter().sum();
        NliScores {
            entailment: e[0] / sum,
            neutral: e[1] / sum,
            contradiction: e[2] / sum,
        }
    }
}

impl ContradictionScorer for CrossEncoder {
    fn name(&self) -> &str {
        &self.name
    }

    /// Contradiction is read in both directions and averaged: one report
    /// may add a detail the other lacks (neutral one way, not the other),
    /// while a real contradiction reads as one both ways.
    fn contradiction(&self, pairs: &[(&str, &str)]) -> Result<Vec<f32>, EncoderError> {
        let both: Vec<(&str, &str)> = pairs.iter().flat_map(|&(a, b)| [(a, b), (b, a)]).collect();
        let s = self.score(&both)?;
        Ok(s.chunks(2)
            .map(|p| {
                (p[0].contradiction + p.get(1).map_or(p[0].contradiction, |q| q.contradiction))
                    / 2.0
            })
            .collect())
    }
}

/// The NLI model directory named by `CORROBORATE_NLI_MODEL`, for tests and
/// examples: `Err(reason)` when unset or not a directory.
pub fn nli_model_dir_from_env() -> Result<PathBuf, String> {
    crate::dir_from_env("CORROBORATE_NLI_MODEL")
}
