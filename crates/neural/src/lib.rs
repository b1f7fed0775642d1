//! Neural sentence encoder: a BERT-family model (e.g. all-MiniLM-L6-v2) run
//! on the CPU with [candle], loaded from a local model directory.
//!
//! Nothing is downloaded at run time. A model directory holds:
//!
//! | file                        | needed | used for                                   |
//! |-----------------------------|--------|--------------------------------------------|
//! | `config.json`               | yes    | BERT architecture (hidden size, layers, …) |
//! | `tokenizer.json`            | yes    | WordPiece tokenizer (Hugging Face format)  |
//! | `model.safetensors`         | yes¹   | weights                                    |
//! | `pytorch_model.bin`         | ¹      | weights, when there is no safetensors file |
//! | `sentence_bert_config.json` | no     | `max_seq_length` (truncation length)       |
//!
//! The encoder follows sentence-transformers semantics: tokens are truncated to
//! the model's maximum length, the last hidden state is mean-pooled over the
//! attention mask (padding excluded, `[CLS]`/`[SEP]` included) and the result is
//! L2-normalised, so cosine similarity is a dot product.
//!
//! Two engines compute the same function ([`Precision`]):
//! * **quantised** (default): the crate's own forward pass (`fastbert`):
//!   sentences packed without padding, linear layers in 16-bit integer
//!   arithmetic (`qgemm`: 12-bit activations, 10-bit weights, exact 32-bit
//!   sums, AVX2 `vpmaddwd` with a portable fallback), element-wise work
//!   fused and vectorised. Single-threaded per batch; batches run on rayon's
//!   pool. Vectors are bit-for-bit independent of batching and thread count,
//!   and within cosine 0.9999 of the f32 engine (tests/minilm.rs).
//! * **f32**: candle's BERT, the reference; its vectors equal Python
//!   sentence-transformers' to 3.3e-7 (1,000 news sentences). Sentences are sorted by token count
//!   and batched by similar length to keep padding small. Deterministic for
//!   a given machine and thread count (candle's kernels split sums across
//!   threads; the last bits may differ between thread counts).
//!
//! [`CrossEncoder`] (module `cross`) runs the same engine as an NLI
//! cross-encoder: a sentence pair in, entailment / neutral / contradiction
//! probabilities out.
//!
//! Results come back in the input order. [`CachedEncoder`] wraps any
//! [`Encoder`] with an in-memory cache keyed by a hash of the sentence text,
//! so re-analysing a story is cheap.

mod cross;
mod fastbert;
mod qgemm;

pub use cross::{nli_model_dir_from_env, CrossEncoder, NliScores, DEFAULT_PAIR_LENGTH};

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use corroborate_core::{Encoder, EncoderError};
use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tokenizers::{Tokenizer, TruncationParams};

pub use corroborate_core::cosine;

/// Default number of sentences per forward pass.
pub const DEFAULT_BATCH_SIZE: usize = 32;

/// The sentence used by [`BertEncoder::self_check`].
pub const CHECK_SENTENCE: &str =
    "The ministers met in Istanbul on Thursday to discuss a ceasefire.";

/// What a loaded model is: read from its configuration files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelInfo {
    /// The model directory as given.
    pub dir: PathBuf,
    /// Name reported by [`Encoder::name`] (the directory name, lower-cased).
    pub name: String,
    /// The weights file that was loaded.
    pub weights: PathBuf,
    pub hidden_size: usize,
    pub num_layers: usize,
    pub num_heads: usize,
    pub vocab_size: usize,
    /// Tokens kept per sentence (including `[CLS]` and `[SEP]`).
    pub max_length: usize,
    /// Length of the output vectors (= hidden size, mean pooling).
    pub dim: usize,
}

/// How the encoder computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Precision {
    /// The default: the crate's own forward pass with 16-bit integer linear
    /// layers (12-bit activations, 10-bit weights, exact sums); vectors
    /// within cosine 0.9999 of [`Precision::F32`]'s and about 2.5× faster
    /// on the same cores (docs/perf/neural.md).
    #[default]
    Quantised,
    /// candle's f32 BERT, the reference: vectors equal Python
    /// sentence-transformers' to 3.3e-7 (1,000 news sentences).
    F32,
}

enum Engine {
    Fast(fastbert::FastBert),
    Candle(Box<BertModel>),
}

/// A BERT sentence encoder on the CPU. See the module documentation.
pub struct BertEncoder {
    engine: Engine,
    precision: Precision,
    tokenizer: Tokenizer,
    info: ModelInfo,
    batch_size: usize,
    parallel_batches: bool,
}

fn model_err(dir: &Path, reason: impl Into<String>) -> EncoderError {
    EncoderError::Model {
        dir: dir.display().to_string(),
        reason: reason.into(),
    }
}

fn encode_err(e: impl std::fmt::Display) -> EncoderError {
    EncoderError::Encode(e.to_string())
}

/// Reads and parses one JSON file of the model directory; errors name the file.
fn read_json(dir: &Path, file: &str) -> Result<serde_json::Value, EncoderError> {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            model_err(dir, format!("missing {file}"))
        } else {
            model_err(dir, format!("cannot read {file}: {e}"))
        }
    })?;
    serde_json::from_str(&text)
        .map_err(|e| model_err(dir, format!("{file} is not valid JSON: {e}")))
}

/// The model directory's `tokenizer.json`, truncating at `max_length`
/// tokens and never padding (the engines pack sequences).
pub(crate) fn load_tokenizer(dir: &Path, max_length: usize) -> Result<Tokenizer, EncoderError> {
    let mut tokenizer = Tokenizer::from_file(dir.join("tokenizer.json"))
        .map_err(|e| model_err(dir, format!("tokenizer.json cannot be loaded: {e}")))?;
    tokenizer
        .with_truncation(Some(TruncationParams {
            max_length,
            ..Default::default()
        }))
        .map_err(|e| model_err(dir, format!("tokenizer.json: {e}")))?;
    tokenizer.with_padding(None);
    Ok(tokenizer)
}

/// A model's short name: its directory's name, lower-cased (`fallback`
/// when it has none).
pub(crate) fn model_name(dir: &Path, fallback: &str) -> String {
    dir.canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().to_lowercase()))
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| fallback.to_string())
}

/// Validates the files of a model directory and parses the configuration,
/// without reading the weights. Returns the BERT config, the truncation
/// length and the weights file to load.
fn inspect(dir: &Path) -> Result<(Config, usize, PathBuf), EncoderError> {
    if !dir.is_dir() {
        return Err(model_err(dir, "not a directory (or does not exist)"));
    }
    let config_json = read_json(dir, "config.json")?;
    let config: Config = serde_json::from_value(config_json)
        .map_err(|e| model_err(dir, format!("config.json is not a BERT config: {e}")))?;
    if config.hidden_size == 0 || config.num_attention_heads == 0 || config.num_hidden_layers == 0 {
        return Err(model_err(
            dir,
            "config.json: hidden_size, num_attention_heads and num_hidden_layers must be > 0",
        ));
    }
    if !config
        .hidden_size
        .is_multiple_of(config.num_attention_heads)
    {
        return Err(model_err(
            dir,
            "config.json: hidden_size is not a multiple of num_attention_heads",
        ));
    }
    if !dir.join("tokenizer.json").is_file() {
        return Err(model_err(
            dir,
            "missing tokenizer.json (Hugging Face tokenizers format)",
        ));
    }
    let weights = ["model.safetensors", "pytorch_model.bin"]
        .iter()
        .map(|f| dir.join(f))
        .find(|p| p.is_file())
        .ok_or_else(|| model_err(dir, "missing model.safetensors (or pytorch_model.bin)"))?;
    // sentence-transformers' truncation length, else the position limit.
    let mut max_length = config.max_position_embeddings;
    if dir.join("sentence_bert_config.json").is_file() {
        let st = read_json(dir, "sentence_bert_config.json")?;
        if let Some(n) = st.get("max_seq_length").and_then(|v| v.as_u64()) {
            max_length = max_length.min(n as usize);
        }
    }
    if max_length < 2 {
        return Err(model_err(
            dir,
            format!("maximum sequence length {max_length} is too small"),
        ));
    }
    Ok((config, max_length, weights))
}

impl BertEncoder {
    /// Loads a model directory (see the module documentation for its files).
    /// Errors name the missing or malformed file.
    pub fn load(dir: &Path) -> Result<BertEncoder, EncoderError> {
        Self::load_with(dir, Precision::default())
    }

    /// Loads a model directory to run at the given precision.
    pub fn load_with(dir: &Path, precision: Precision) -> Result<BertEncoder, EncoderError> {
        let (config, max_length, weights) = inspect(dir)?;

        let tokenizer = load_tokenizer(dir, max_length)?;

        let device = Device::Cpu;
        let weights_name = weights
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("weights")
            .to_string();
        let vb = if weights_name.ends_with(".safetensors") {
            let bytes = std::fs::read(&weights)
                .map_err(|e| model_err(dir, format!("cannot read {weights_name}: {e}")))?;
            VarBuilder::from_buffered_safetensors(bytes, DType::F32, &device).map_err(|e| {
                model_err(
                    dir,
                    format!("{weights_name} is not a valid safetensors file: {e}"),
                )
            })?
        } else {
            VarBuilder::from_pth(&weights, DType::F32, &device)
                .map_err(|e| model_err(dir, format!("{weights_name} cannot be read: {e}")))?
        };
        let mismatch = |e: candle_core::Error| {
            model_err(
                dir,
                format!("{weights_name} does not match config.json: {e}"),
            )
        };
        let engine = match precision {
            Precision::F32 => {
                Engine::Candle(Box::new(BertModel::load(vb, &config).map_err(mismatch)?))
            }
            Precision::Quantised => {
                // Tensor names with or without the model-type prefix ("bert."),
                // as candle's loader accepts them.
                let root = match &config.model_type {
                    Some(prefix) if !vb.contains_tensor("embeddings.word_embeddings.weight") => {
                        vb.pp(prefix)
                    }
                    _ => vb,
                };
                Engine::Fast(fastbert::FastBert::load(&root, &config).map_err(mismatch)?)
            }
        };

        let name = model_name(dir, "bert");
        let info = ModelInfo {
            dir: dir.to_path_buf(),
            name,
            weights,
            hidden_size: config.hidden_size,
            num_layers: config.num_hidden_layers,
            num_heads: config.num_attention_heads,
            vocab_size: config.vocab_size,
            max_length,
            dim: config.hidden_size,
        };
        Ok(BertEncoder {
            engine,
            precision,
            tokenizer,
            info,
            batch_size: DEFAULT_BATCH_SIZE,
            parallel_batches: false,
        })
    }

    /// The precision it computes at.
    pub fn precision(&self) -> Precision {
        self.precision
    }

    /// What was loaded.
    pub fn info(&self) -> &ModelInfo {
        &self.info
    }

    /// Sentences per forward pass (at least 1).
    pub fn with_batch_size(mut self, batch_size: usize) -> Self {
        self.batch_size = batch_size.max(1);
        self
    }

    /// [`Precision::F32`] only: runs batches concurrently on the rayon pool
    /// instead of one at a time (each forward pass is already multi-threaded
    /// inside candle; see docs/perf/neural.md for which is faster). The
    /// quantised engine always runs batches concurrently.
    pub fn with_parallel_batches(mut self, parallel: bool) -> Self {
        self.parallel_batches = parallel;
        self
    }

    /// Encodes [`CHECK_SENTENCE`] and verifies the vector's length and norm.
    /// Returns the norm (≈ 1).
    pub fn self_check(&self) -> Result<f32, EncoderError> {
        let v = self.encode(&[CHECK_SENTENCE])?;
        let v = v
            .into_iter()
            .next()
            .ok_or_else(|| encode_err("no vector returned"))?;
        if v.len() != self.info.dim {
            return Err(encode_err(format!(
                "vector has {} dimensions, expected {}",
                v.len(),
                self.info.dim
            )));
        }
        let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        if !norm.is_finite() || (norm - 1.0).abs() > 1e-3 {
            return Err(encode_err(format!("vector norm {norm} is not 1")));
        }
        Ok(norm)
    }

    /// Token ids of one sentence after truncation (with `[CLS]`/`[SEP]`).
    pub fn token_count(&self, text: &str) -> Result<usize, EncoderError> {
        let enc = self.tokenizer.encode(text, true).map_err(encode_err)?;
        Ok(enc.get_ids().len())
    }

    /// One forward pass over already-tokenized sentences; returns pooled,
    /// normalised vectors in the order given.
    fn encode_batch(&self, batch: &[&[u32]]) -> Result<Vec<Vec<f32>>, EncoderError> {
        let model = match &self.engine {
            Engine::Fast(fast) => return Ok(fast.encode(batch)),
            Engine::Candle(model) => model,
        };
        let n = batch.len();
        let width = batch.iter().map(|ids| ids.len()).max().unwrap_or(0).max(1);
        let mut ids = vec![0u32; n * width];
        let mut mask = vec![0u32; n * width];
        for (row, toks) in batch.iter().enumerate() {
            ids[row * width..row * width + toks.len()].copy_from_slice(toks);
            mask[row * width..row * width + toks.len()].fill(1);
        }
        let device = &model.device;
        let input_ids = Tensor::from_vec(ids, (n, width), device).map_err(encode_err)?;
        let attention = Tensor::from_vec(mask, (n, width), device).map_err(encode_err)?;
        let token_types = input_ids.zeros_like().map_err(encode_err)?;
        let hidden = model
            .forward(&input_ids, &token_types, Some(&attention))
            .map_err(encode_err)?; // (n, width, dim)
        let pooled = (|| -> candle_core::Result<Tensor> {
            let m = attention.to_dtype(DType::F32)?.unsqueeze(2)?; // (n, width, 1)
            let summed = hidden.broadcast_mul(&m)?.sum(1)?; // (n, dim)
            let counts = m.sum(1)?.clamp(1e-9f32, f32::MAX)?; // (n, 1)
            let mean = summed.broadcast_div(&counts)?;
            let norms = mean
                .sqr()?
                .sum_keepdim(1)?
                .sqrt()?
                .clamp(1e-12f32, f32::MAX)?;
            mean.broadcast_div(&norms)
        })()
        .map_err(encode_err)?;
        pooled.to_vec2::<f32>().map_err(encode_err)
    }
}

impl Encoder for BertEncoder {
    /// Sentence transformers give any two sentences about one news event a
    /// cosine of 0.4-0.6 even when they state different facts, so only
    /// pairs above that are worth scoring without a shared word
    /// (docs/eval/neural.md §3).
    fn unrelated_cosine(&self) -> f32 {
        0.5
    }

    fn name(&self) -> &str {
        &self.info.name
    }

    fn dim(&self) -> usize {
        self.info.dim
    }

    fn encode(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EncoderError> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let encodings = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(encode_err)?;
        let tokens: Vec<&[u32]> = encodings.iter().map(|e| e.get_ids()).collect();
        // Longest first, ties by input position: batches of similar length.
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by(|&a, &b| tokens[b].len().cmp(&tokens[a].len()).then(a.cmp(&b)));
        // The fast engine is single-threaded per batch, so it always spreads
        // batches over rayon's pool, and splits small inputs so that every
        // thread gets work. (No padding there, so length order only matters
        // to the candle engine.)
        let fast = matches!(self.engine, Engine::Fast(_));
        let batch_size = if fast {
            self.batch_size
                .min(texts.len().div_ceil(rayon::current_num_threads()))
                .max(1)
        } else {
            self.batch_size
        };
        let chunks: Vec<&[usize]> = order.chunks(batch_size).collect();
        let run = |chunk: &&[usize]| -> Result<Vec<Vec<f32>>, EncoderError> {
            let batch: Vec<&[u32]> = chunk.iter().map(|&i| tokens[i]).collect();
            self.encode_batch(&batch)
        };
        let results: Vec<Vec<Vec<f32>>> = if self.parallel_batches || fast {
            chunks.par_iter().map(run).collect::<Result<_, _>>()?
        } else {
            chunks.iter().map(run).collect::<Result<_, _>>()?
        };
        let mut out = vec![Vec::new(); texts.len()];
        for (chunk, vectors) in chunks.iter().zip(results) {
            for (&i, v) in chunk.iter().zip(vectors) {
                out[i] = v;
            }
        }
        Ok(out)
    }
}

/// Hash of a sentence's text, the cache key of [`CachedEncoder`].
fn text_hash(text: &str) -> u64 {
    // SipHash with fixed keys: stable within a process, no randomness.
    #[allow(deprecated)]
    let mut h = std::hash::SipHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// Cache counters of a [`CachedEncoder`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    pub hits: u64,
    pub misses: u64,
    pub entries: usize,
}

#[derive(Default)]
struct Cache {
    // hash → (text, vector); the text guards against hash collisions.
    map: HashMap<u64, (Box<str>, Vec<f32>)>,
    hits: u64,
    misses: u64,
}

/// Wraps an [`Encoder`] with an in-memory cache keyed by a hash of the
/// sentence text: a sentence seen before is not encoded again. Vectors are
/// identical to the inner encoder's. When the cache holds `capacity`
/// entries it is emptied before new ones are added (bounded memory).
pub struct CachedEncoder<E: Encoder> {
    inner: E,
    cache: Mutex<Cache>,
    capacity: usize,
}

impl<E: Encoder> CachedEncoder<E> {
    /// A cache of at most 1,000,000 sentences.
    pub fn new(inner: E) -> Self {
        Self::with_capacity(inner, 1_000_000)
    }

    /// A cache of at most `capacity` sentences (at least 1).
    pub fn with_capacity(inner: E, capacity: usize) -> Self {
        CachedEncoder {
            inner,
            cache: Mutex::new(Cache::default()),
            capacity: capacity.max(1),
        }
    }

    /// The wrapped encoder.
    pub fn inner(&self) -> &E {
        &self.inner
    }

    /// Hits, misses and entries so far.
    pub fn stats(&self) -> CacheStats {
        let c = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        CacheStats {
            hits: c.hits,
            misses: c.misses,
            entries: c.map.len(),
        }
    }

    /// Forgets every cached vector.
    pub fn clear(&self) {
        let mut c = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        c.map.clear();
    }
}

impl<E: Encoder> Encoder for CachedEncoder<E> {
    fn unrelated_cosine(&self) -> f32 {
        self.inner.unrelated_cosine()
    }

    fn name(&self) -> &str {
        self.inner.name()
    }

    fn dim(&self) -> usize {
        self.inner.dim()
    }

    fn encode(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EncoderError> {
        let mut out: Vec<Option<Vec<f32>>> = vec![None; texts.len()];
        // Distinct texts not in the cache, with every position they occupy.
        let mut missing: Vec<&str> = Vec::new();
        let mut missing_at: HashMap<&str, Vec<usize>> = HashMap::new();
        {
            let mut c = self.cache.lock().unwrap_or_else(|p| p.into_inner());
            for (i, &t) in texts.iter().enumerate() {
                match c.map.get(&text_hash(t)) {
                    Some((k, v)) if &**k == t => {
                        out[i] = Some(v.clone());
                        c.hits += 1;
                    }
                    _ => {
                        c.misses += 1;
                        missing_at
                            .entry(t)
                            .or_insert_with(|| {
                                missing.push(t);
                                Vec::new()
                            })
                            .push(i);
                    }
                }
            }
        }
        if !missing.is_empty() {
            let vectors = self.inner.encode(&missing)?;
            if vectors.len() != missing.len() {
                return Err(EncoderError::Encode(format!(
                    "inner encoder returned {} vectors for {} texts",
                    vectors.len(),
                    missing.len()
                )));
            }
            let mut c = self.cache.lock().unwrap_or_else(|p| p.into_inner());
            if c.map.len() + missing.len() > self.capacity {
                c.map.clear();
            }
            for (t, v) in missing.iter().zip(vectors) {
                for &i in &missing_at[t] {
                    out[i] = Some(v.clone());
                }
                if c.map.len() < self.capacity {
                    c.map.insert(text_hash(t), ((*t).into(), v));
                }
            }
        }
        Ok(out.into_iter().map(|v| v.unwrap_or_default()).collect())
    }
}

/// The model directory named by `CORROBORATE_MODEL`, for tests and
/// examples: `Err(reason)` when the variable is unset or the directory is
/// missing, so callers can skip with that message.
pub fn model_dir_from_env() -> Result<PathBuf, String> {
    dir_from_env("CORROBORATE_MODEL")
}

/// The directory named by environment variable `var`: `Err(reason)` when
/// it is unset or not a directory.
pub(crate) fn dir_from_env(var: &str) -> Result<PathBuf, String> {
    match std::env::var_os(var) {
        None => Err(format!("{var} is not set")),
        Some(d) => {
            let p = PathBuf::from(d);
            if p.is_dir() {
                Ok(p)
            } else {
                Err(format!("{var}={} is not a directory", p.display()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A toy encoder that counts the texts it is asked to encode.
    struct Counting(std::sync::atomic::AtomicUsize);

    impl Encoder for Counting {
        fn name(&self) -> &str {
            "counting"
        }
        fn dim(&self) -> usize {
            2
        }
        fn encode(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EncoderError> {
            self.0
                .fetch_add(texts.len(), std::sync::atomic::Ordering::SeqCst);
            Ok(texts.iter().map(|t| vec![t.len() as f32, 1.0]).collect())
        }
    }

    #[test]
    fn cache_encodes_each_distinct_text_once() {
        let enc = CachedEncoder::new(Counting(Default::default()));
        let first = enc.encode(&["a", "bb", "a"]).unwrap();
        assert_eq!(first, vec![vec![1.0, 1.0], vec![2.0, 1.0], vec![1.0, 1.0]]);
        assert_eq!(enc.inner().0.load(std::sync::atomic::Ordering::SeqCst), 2);
        let second = enc.encode(&["bb", "ccc"]).unwrap();
        assert_eq!(second, vec![vec![2.0, 1.0], vec![3.0, 1.0]]);
        assert_eq!(enc.inner().0.load(std::sync::atomic::Ordering::SeqCst), 3);
        let s = enc.stats();
        assert_eq!((s.hits, s.misses, s.entries), (1, 4, 3));
        assert_eq!(enc.name(), "counting");
        assert_eq!(enc.dim(), 2);
    }

    #[test]
    fn cache_capacity_bounds_entries() {
        let enc = CachedEncoder::with_capacity(Counting(Default::default()), 2);
        enc.encode(&["a", "b"]).unwrap();
        enc.encode(&["c"]).unwrap();
        assert!(enc.stats().entries <= 2);
        assert_eq!(enc.encode(&["c"]).unwrap(), vec![vec![1.0, 1.0]]);
        enc.clear();
        assert_eq!(enc.stats().entries, 0);
    }

    #[test]
    fn empty_input_gives_empty_output() {
        let enc = CachedEncoder::new(Counting(Default::default()));
        assert!(enc.encode(&[]).unwrap().is_empty());
    }
}
