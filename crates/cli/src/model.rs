//! `corroborate model check DIR`: validates a sentence-encoder model
//! directory (files, config, tokenizer, weights), encodes a test sentence and
//! prints what the model is. Also the loader used by `analyze --model`.
//!
//! Built without the `neural` feature (the lean binary), the flags stay and
//! say that this build has no model support.

#[cfg(feature = "neural")]
use anyhow::Context;
use anyhow::Result;
use clap::{Args, Subcommand};
use corroborate_core::Encoder;
#[cfg(feature = "neural")]
use corroborate_neural::{cosine, BertEncoder, CachedEncoder, Precision, CHECK_SENTENCE};
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum ModelCommand {
    /// Validate a model directory and encode a test sentence.
    Check(CheckArgs),
}

#[derive(Args)]
pub struct CheckArgs {
    /// Model directory (config.json, tokenizer.json, model.safetensors).
    pub dir: PathBuf,
}

/// How the model computes (`--model-precision`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ModelPrecision {
    /// 16-bit integer linear layers: about twice as fast, cosines within
    /// about 1e-3 of f32 (docs/perf/neural.md).
    Quantised,
    /// candle's f32 BERT: the reference, equal to Python
    /// sentence-transformers to 3.3e-7.
    F32,
}

#[cfg(feature = "neural")]
impl From<ModelPrecision> for Precision {
    fn from(p: ModelPrecision) -> Precision {
        match p {
            ModelPrecision::Quantised => Precision::Quantised,
            ModelPrecision::F32 => Precision::F32,
        }
    }
}

/// The sentence-encoder flags every command that can use a model takes
/// (`analyze`, `ingest`, `worker`, `eval clustering`).
#[derive(Args, Clone, Debug)]
pub struct ModelArgs {
    /// Sentence-encoder model directory (all-MiniLM-L6-v2 or another BERT;
    /// see docs/MODEL.md). Without it the lexical encoder alone is used (in
    /// corpus mode: clustering is lexical; `eval clustering` adds the row
    /// with the encoder next to the one without).
    #[arg(long, env = "CORROBORATE_MODEL")]
    pub model: Option<PathBuf>,
    /// How the model computes: `quantised` (default, about twice as fast) or
    /// `f32` (the reference, equal to Python sentence-transformers).
    #[arg(
        long,
        value_enum,
        env = "CORROBORATE_MODEL_PRECISION",
        default_value = "quantised"
    )]
    pub model_precision: ModelPrecision,
}

/// Loads the neural encoder of `--model DIR` / `CORROBORATE_MODEL`, cached.
#[cfg(feature = "neural")]
pub fn load(dir: &Path, precision: ModelPrecision) -> Result<Box<dyn Encoder>> {
    let enc = BertEncoder::load_with(dir, precision.into())
        .with_context(|| "loading the sentence-encoder model (see docs/MODEL.md)")?;
    Ok(Box::new(CachedEncoder::new(enc)))
}

/// The error of every model command in a build without the `neural` feature.
#[cfg(not(feature = "neural"))]
fn no_model_support(dir: &Path) -> anyhow::Error {
    anyhow::anyhow!(
        "cannot load the model in {}: this corroborate was built without model support \
         (cargo feature `neural`); rebuild with the default features, or leave out --model",
        dir.display()
    )
}

/// Loads the neural encoder of `--model DIR`: not in this build.
#[cfg(not(feature = "neural"))]
pub fn load(dir: &Path, _precision: ModelPrecision) -> Result<Box<dyn Encoder>> {
    Err(no_model_support(dir))
}

/// Loads the contradiction model of `--nli-model DIR` / `CORROBORATE_NLI_MODEL`.
#[cfg(feature = "neural")]
pub fn load_nli(dir: &Path) -> Result<Box<dyn corroborate_core::ContradictionScorer>> {
    let model = corroborate_neural::CrossEncoder::load(dir)
        .with_context(|| "loading the contradiction model (see docs/MODEL.md)")?;
    Ok(Box::new(model))
}

/// Loads the contradiction model of `--nli-model DIR`: not in this build.
#[cfg(not(feature = "neural"))]
pub fn load_nli(dir: &Path) -> Result<Box<dyn corroborate_core::ContradictionScorer>> {
    Err(no_model_support(dir))
}

/// Exit code 0 when the model loads and encodes; errors (exit 2) otherwise.
pub fn run(cmd: ModelCommand) -> Result<i32> {
    match cmd {
        ModelCommand::Check(args) => check(&args.dir),
    }
}

#[cfg(not(feature = "neural"))]
fn check(dir: &Path) -> Result<i32> {
    Err(no_model_support(dir))
}

#[cfg(feature = "neural")]
fn check(dir: &Path) -> Result<i32> {
    let start = std::time::Instant::now();
    let enc = BertEncoder::load(dir).with_context(|| format!("checking {}", dir.display()))?;
    let loaded = start.elapsed();
    let norm = enc.self_check().context("encoding the test sentence")?;
    // The default engine is quantised: show how far it is from the f32
    // reference on the test sentence.
    let reference = BertEncoder::load_with(dir, Precision::F32)
        .with_context(|| format!("loading {} at f32", dir.display()))?;
    let agreement = cosine(
        &enc.encode(&[CHECK_SENTENCE])?[0],
        &reference.encode(&[CHECK_SENTENCE])?[0],
    );
    let info = enc.info();
    println!("model:       {}", info.name);
    println!("directory:   {}", info.dir.display());
    println!("weights:     {}", info.weights.display());
    println!("hidden size: {}", info.hidden_size);
    println!("layers:      {}", info.num_layers);
    println!("heads:       {}", info.num_heads);
    println!("vocab size:  {}", info.vocab_size);
    println!("max length:  {} tokens", info.max_length);
    println!("output dim:  {}", enc.dim());
    println!("engine:      quantised (default; --model-precision f32 for the reference)");
    println!("vs f32:      cosine {agreement:.5} on the test sentence");
    println!(
        "test vector: norm {norm:.4}, loaded in {} ms",
        loaded.as_millis()
    );
    println!("ok");
    Ok(0)
}

#[cfg(all(test, feature = "neural"))]
mod tests {
    use super::*;

    #[test]
    fn check_of_a_missing_directory_is_an_error() {
        let tmp = tempfile::tempdir().unwrap();
        let err = check(&tmp.path().join("absent")).unwrap_err();
        let msg = format!("{err:#}");
        assert!(
            msg.contains("absent") && msg.contains("not a directory"),
            "{msg}"
        );
    }

    #[test]
    fn check_names_the_bad_file() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("config.json"), "{oops").unwrap();
        let msg = format!("{:#}", check(tmp.path()).unwrap_err());
        assert!(msg.contains("config.json is not valid JSON"), "{msg}");
        let msg = format!(
            "{:#}",
            load(tmp.path(), ModelPrecision::Quantised)
                .err()
                .expect("load must fail")
        );
        assert!(
            msg.contains("docs/MODEL.md") && msg.contains("config.json"),
            "{msg}"
        );
    }

    #[test]
    fn check_of_the_real_model_passes_when_available() {
        match corroborate_neural::model_dir_from_env() {
            Ok(dir) => assert_eq!(check(&dir).unwrap(), 0),
            Err(why) => eprintln!("SKIP: {why}"),
        }
    }
}
