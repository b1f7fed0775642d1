//! A BERT encoder forward pass written for sentence embedding on the CPU.
//!
//! In: token ids of a batch of sentences (already truncated, with `[CLS]`
//! and `[SEP]`). Out: one mean-pooled, L2-normalised vector per sentence,
//! the same quantity as the candle reference path (`Precision::F32`).
//!
//! What differs from a general-purpose implementation, and why:
//! * **No padding.** The tokens of all sentences are packed one after the
//!   other; the linear layers see one `tokens × hidden` matrix and attention
//!   runs sentence by sentence, so no work is spent on pad tokens and no
//!   attention mask is needed.
//! * **Quantised linear layers** ([`QuantLinear`]): 12-bit activations,
//!   10-bit weights, exact 32-bit sums, twice the multiply-adds per
//!   instruction of f32 on AVX2 machines.
//! * **Fused element-wise work without allocation**: GELU (with a rational
//!   `erf`, max error ≈ 1e-7), softmax (polynomial `exp`) and layer norm
//!   run in place on reused buffers. In the candle path these took about
//!   40 % of the time (profile in docs/perf/neural.md).
//!
//! Invariants: one call runs on the calling thread only (parallelism is
//! across batches, in `BertEncoder`); the output does not depend on how
//! sentences are grouped into batches, since each sentence's tokens are
//! only mixed with each other in attention and every other step is per
//! token.

use crate::qgemm::QuantLinear;
use candle_core::Tensor;
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{Config, HiddenAct};

/// `Σ f(v)` with eight independent partial sums: without them the adds form
/// one dependency chain (float addition is not reassociated for us) and
/// nothing vectorises.
#[inline(always)]
fn sum8(values: &[f32], f: impl Fn(f32) -> f32) -> f32 {
    let mut acc = [0.0f32; 8];
    let chunks = values.chunks_exact(8);
    let tail: f32 = chunks.remainder().iter().map(|&v| f(v)).sum();
    for c in chunks {
        for i in 0..8 {
            acc[i] += f(c[i]);
        }
    }
    acc.iter().sum::<f32>() + tail
}

struct LayerNorm {
    weight: Vec<f32>,
    bias: Vec<f32>,
    eps: f32,
}

impl LayerNorm {
    /// Normalises every row of `x` (rows of `weight.len()` values) in place.
    #[inline(always)]
    fn apply(&self, x: &mut [f32]) {
        let h = self.weight.len();
        for row in x.chunks_exact_mut(h) {
            let mean = sum8(row, |v| v) / h as f32;
            let var = sum8(row, |v| (v - mean) * (v - mean)) / h as f32;
            let inv = 1.0 / (var + self.eps).sqrt();
            for ((v, w), b) in row.iter_mut().zip(&self.weight).zip(&self.bias) {
                *v = (*v - mean) * inv * w + b;
            }
        }
    }
}

struct Layer {
    /// Query, key and value projections fused into one `3·hidden` output.
    qkv: QuantLinear,
    attention_out: QuantLinear,
    attention_norm: LayerNorm,
    intermediate: QuantLinear,
    output: QuantLinear,
    output_norm: LayerNorm,
}

/// Work buffers of one forward pass.
#[derive(Default)]
struct Scratch {
    x: Vec<f32>,
    qkv: Vec<f32>,
    context: Vec<f32>,
    projected: Vec<f32>,
    expanded: Vec<f32>,
    attention: Vec<f32>,
    quantised: Vec<i16>,
}

impl Scratch {
    fn bytes(&self) -> usize {
        4 * (self.x.capacity()
            + self.qkv.capacity()
            + self.context.capacity()
            + self.projected.capacity()
            + self.expanded.capacity()
            + self.attention.capacity())
            + 2 * self.quantised.capacity()
    }
}

/// Buffers larger than this (a batch of very long inputs) are freed after
/// use rather than kept by the thread.
const SCRATCH_KEEP_BYTES: usize = 64 << 20;

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// What one forward pass returns per input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pooling {
    /// Mean over the tokens, L2-normalised (sentence embedding).
    Mean,
    /// The first token's state as it is (classification heads).
    Cls,
}

/// The encoder weights (embeddings in f32, linear layers quantised).
pub struct FastBert {
    hidden: usize,
    heads: usize,
    max_positions: usize,
    activation: HiddenAct,
    word_embeddings: Vec<f32>,
    position_embeddings: Vec<f32>,
    /// The token-type (segment) table, `type_vocab_size × hidden`: sentence
    /// encoding puts every token in segment 0; a cross-encoder puts the
    /// second text of a pair in segment 1.
    token_type: Vec<f32>,
    embedding_norm: LayerNorm,
    layers: Vec<Layer>,
}

fn flat(t: Tensor) -> candle_core::Result<Vec<f32>> {
    t.flatten_all()?.to_vec1::<f32>()
}

fn linear(vb: &VarBuilder, n_out: usize, n_in: usize) -> candle_core::Result<(Vec<f32>, Vec<f32>)> {
    Ok((
        flat(vb.get((n_out, n_in), "weight")?)?,
        flat(vb.get(n_out, "bias")?)?,
    ))
}

fn layer_norm(vb: &VarBuilder, size: usize, eps: f64) -> candle_core::Result<LayerNorm> {
    Ok(LayerNorm {
        weight: flat(vb.get(size, "weight")?)?,
        bias: flat(vb.get(size, "bias")?)?,
        eps: eps as f32,
    })
}

impl FastBert {
    /// Reads the weights under `vb` (the root holding `embeddings.*` and
    /// `encoder.*`) and quantises the linear layers.
    pub fn load(vb: &VarBuilder, config: &Config) -> candle_core::Result<FastBert> {
        let h = config.hidden_size;
        let inter = config.intermediate_size;
        let emb = vb.pp("embeddings");
        let word_embeddings = flat(
            emb.pp("word_embeddings")
                .get((config.vocab_size, h), "weight")?,
        )?;
        let position_embeddings = flat(
            emb.pp("position_embeddings")
                .get((config.max_position_embeddings, h), "weight")?,
        )?;
        let types = flat(
            emb.pp("token_type_embeddings")
                .get((config.type_vocab_size.max(1), h), "weight")?,
        )?;
        let embedding_norm = layer_norm(&emb.pp("LayerNorm"), h, config.layer_norm_eps)?;
        let mut layers = Vec::with_capacity(config.num_hidden_layers);
        for i in 0..config.num_hidden_layers {
            let l = vb.pp(format!("encoder.layer.{i}"));
            let att = l.pp("attention");
            let (qw, qb) = linear(&att.pp("self").pp("query"), h, h)?;
            let (kw, kb) = linear(&att.pp("self").pp("key"), h, h)?;
            let (vw, vbias) = linear(&att.pp("self").pp("value"), h, h)?;
            let qkv_w: Vec<f32> = [qw, kw, vw].concat();
            let qkv_b: Vec<f32> = [qb, kb, vbias].concat();
            let (ow, ob) = linear(&att.pp("output").pp("dense"), h, h)?;
            let (iw, ib) = linear(&l.pp("intermediate").pp("dense"), inter, h)?;
            let (fw, fb) = linear(&l.pp("output").pp("dense"), h, inter)?;
            layers.push(Layer {
                qkv: QuantLinear::new(&qkv_w, &qkv_b, 3 * h, h),
                attention_out: QuantLinear::new(&ow, &ob, h, h),
                attention_norm: layer_norm(
                    &att.pp("output").pp("LayerNorm"),
                    h,
                    config.layer_norm_eps,
                )?,
                intermediate: QuantLinear::new(&iw, &ib, inter, h),
                output: QuantLinear::new(&fw, &fb, h, inter),
                output_norm: layer_norm(&l.pp("output").pp("LayerNorm"), h, config.layer_norm_eps)?,
            });
        }
        Ok(FastBert {
            hidden: h,
            heads: config.num_attention_heads,
            max_positions: config.max_position_embeddings,
            activation: config.hidden_act,
            word_embeddings,
            position_embeddings,
            token_type: types,
            embedding_norm,
            layers,
        })
    }

    /// Mean-pooled, L2-normalised vectors of `sentences`, in order. Token ids
    /// outside the vocabulary and positions past the table are the caller's
    /// error; they are clamped here rather than trusted.
    pub fn encode(&self, sentences: &[&[u32]]) -> Vec<Vec<f32>> {
        self.forward(sentences, None, Pooling::Mean)
    }

    /// The final hidden state of each input's first token (`[CLS]`), not
    /// normalised: what a sequence-classification head reads. `segments`
    /// gives each input's token types (same lengths as the ids; a value
    /// past the table is clamped).
    pub fn encode_cls(&self, inputs: &[&[u32]], segments: &[&[u32]]) -> Vec<Vec<f32>> {
        self.forward(inputs, Some(segments), Pooling::Cls)
    }

    fn forward(
        &self,
        sentences: &[&[u32]],
        segments: Option<&[&[u32]]>,
        pooling: Pooling,
    ) -> Vec<Vec<f32>> {
        #[cfg(target_arch = "x86_64")]
        if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
            // SAFETY: the CPU has the features `encode_avx2` is compiled for.
            return unsafe { self.encode_avx2(sentences, segments, pooling) };
        }
        self.encode_generic(sentences, segments, pooling)
    }

    /// The same code as [`FastBert::encode_generic`], compiled for AVX2:
    /// everything it calls is `#[inline(always)]`, so the element-wise loops
    /// (GELU, softmax, layer norm, quantisation) vectorise 8 lanes wide.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn encode_avx2(
        &self,
        sentences: &[&[u32]],
        segments: Option<&[&[u32]]>,
        pooling: Pooling,
    ) -> Vec<Vec<f32>> {
        self.encode_generic(sentences, segments, pooling)
    }

    #[inline(always)]
    fn encode_generic(
        &self,
        sentences: &[&[u32]],
        segments: Option<&[&[u32]]>,
        pooling: Pooling,
    ) -> Vec<Vec<f32>> {
        let h = self.hidden;
        let vocab = self.word_embeddings.len() / h;
        let types = (self.token_type.len() / h).max(1);
        let lengths: Vec<usize> = sentences
            .iter()
            .map(|s| s.len().min(self.max_positions))
            .collect();
        let tokens: usize = lengths.iter().sum();
        // Buffers are kept per thread between calls: allocating and freeing
        // megabytes per batch made the two threads wait on each other in the
        // kernel (page faults, unmapping) and left a core idle a third of
        // the time.
        let mut s = SCRATCH.with(|c| c.take());
        let Scratch {
            x,
            qkv,
            context,
            projected,
            expanded,
            attention,
            quantised,
        } = &mut s;
        // No zeroing needed: the embeddings write every value of `x`, and
        // attention every value of `context`.
        x.resize(tokens * h, 0.0);
        context.resize(tokens * h, 0.0);
        let mut row = 0;
        for (k, (ids, &len)) in sentences.iter().zip(&lengths).enumerate() {
            let seg = segments.and_then(|s| s.get(k)).copied().unwrap_or(&[]);
            for (pos, &id) in ids.iter().take(len).enumerate() {
                let id = (id as usize).min(vocab.saturating_sub(1));
                let t = (seg.get(pos).copied().unwrap_or(0) as usize).min(types - 1);
                let out = &mut x[row * h..(row + 1) * h];
                let word = &self.word_embeddings[id * h..(id + 1) * h];
                let position = &self.position_embeddings[pos * h..(pos + 1) * h];
                let segment = &self.token_type[t * h..(t + 1) * h];
                for (((o, w), p), t) in out.iter_mut().zip(word).zip(position).zip(segment) {
                    *o = w + p + t;
                }
                row += 1;
            }
        }
        self.embedding_norm.apply(x);

        for layer in &self.layers {
            layer.qkv.forward(x, qkv, quantised);
            self.attention(qkv, &lengths, context, attention);
            layer.attention_out.forward(context, projected, quantised);
            add_in_place(x, projected);
            layer.attention_norm.apply(x);
            layer.intermediate.forward(x, expanded, quantised);
            activate(self.activation, expanded);
            layer.output.forward(expanded, projected, quantised);
            add_in_place(x, projected);
            layer.output_norm.apply(x);
        }

        let mut out = Vec::with_capacity(sentences.len());
        let mut start = 0;
        for &len in &lengths {
            if pooling == Pooling::Cls {
                out.push(if len == 0 {
                    vec![0.0; h]
                } else {
                    x[start * h..(start + 1) * h].to_vec()
                });
                start += len;
                continue;
            }
            let mut v = vec![0.0f32; h];
            for r in start..start + len {
                for (a, b) in v.iter_mut().zip(&x[r * h..(r + 1) * h]) {
                    *a += b;
                }
            }
            let n = len.max(1) as f32;
            v.iter_mut().for_each(|a| *a /= n);
            let norm = v.iter().map(|a| a * a).sum::<f32>().sqrt().max(1e-12);
            v.iter_mut().for_each(|a| *a /= norm);
            out.push(v);
            start += len;
        }
        // Keep the buffers for the next batch unless one input was huge.
        if s.bytes() <= SCRATCH_KEEP_BYTES {
            SCRATCH.with(|c| c.replace(s));
        }
        out
    }

    /// Scaled dot-product self-attention, each sentence attending to its own
    /// tokens only. `qkv` rows are `[query | key | value]`. Per sentence and
    /// head, the keys are first transposed (`d × len`) so that every inner
    /// loop runs over contiguous memory and vectorises.
    #[inline(always)]
    fn attention(
        &self,
        qkv: &[f32],
        lengths: &[usize],
        context: &mut [f32],
        scratch: &mut Vec<f32>,
    ) {
        let h = self.hidden;
        let d = h / self.heads;
        let scale = 1.0 / (d as f32).sqrt();
        let stride = 3 * h;
        #[cfg(target_arch = "x86_64")]
        if d.is_multiple_of(8)
            && std::is_x86_feature_detected!("avx2")
            && std::is_x86_feature_detected!("fma")
        {
            let mut start = 0;
            for &len in lengths {
                for head in 0..self.heads {
                    // SAFETY: AVX2 and FMA were detected; the function checks
                    // its slice bounds before any unchecked access.
                    unsafe {
                        avx2::attention_head(
                            qkv,
                            stride,
                            h,
                            head * d,
                            d,
                            start,
                            len,
                            scale,
                            context,
                            scratch,
                        )
                    };
                }
                start += len;
            }
            return;
        }
        self.attention_portable(qkv, lengths, context, scratch)
    }

    /// [`FastBert::attention`] without SIMD intrinsics (other CPUs, and the
    /// reference the AVX2 version is tested against).
    #[inline(always)]
    fn attention_portable(
        &self,
        qkv: &[f32],
        lengths: &[usize],
        context: &mut [f32],
        scratch: &mut Vec<f32>,
    ) {
        let h = self.hidden;
        let d = h / self.heads;
        let scale = 1.0 / (d as f32).sqrt();
        let stride = 3 * h;
        let mut start = 0;
        for &len in lengths {
            scratch.clear();
            scratch.resize(d * len + len, 0.0);
            let (keys_t, scores) = scratch.split_at_mut(d * len);
            for head in 0..self.heads {
                let (qo, ko, vo) = (head * d, h + head * d, 2 * h + head * d);
                for j in 0..len {
                    let k = &qkv[(start + j) * stride + ko..][..d];
                    for (c, &kv) in k.iter().enumerate() {
                        keys_t[c * len + j] = kv * scale;
                    }
                }
                for i in 0..len {
                    let q = &qkv[(start + i) * stride + qo..][..d];
                    scores.fill(0.0);
                    for (c, &qc) in q.iter().enumerate() {
                        let row = &keys_t[c * len..][..len];
                        for (s, &kt) in scores.iter_mut().zip(row) {
                            *s += qc * kt;
                        }
                    }
                    softmax_in_place(scores);
                    let out = &mut context[(start + i) * h + head * d..][..d];
                    out.fill(0.0);
                    for (j, &p) in scores.iter().enumerate() {
                        let v = &qkv[(start + j) * stride + vo..][..d];
                        for (o, &vv) in out.iter_mut().zip(v) {
                            *o += p * vv;
                        }
                    }
                }
            }
            start += len;
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    use std::arch::x86_64::*;

    /// Eight `e^x` at once: the same range reduction and polynomial as
    /// [`super::exp`].
    #[inline(always)]
    unsafe fn exp8(x: __m256) -> __m256 {
        let x = _mm256_min_ps(
            _mm256_max_ps(x, _mm256_set1_ps(-87.0)),
            _mm256_set1_ps(88.0),
        );
        let n = _mm256_round_ps(
            _mm256_mul_ps(x, _mm256_set1_ps(std::f32::consts::LOG2_E)),
            _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC,
        );
        let r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693_145_75), x);
        let r = _mm256_fnmadd_ps(n, _mm256_set1_ps(1.428_606_8e-6), r);
        let mut p = _mm256_set1_ps(1.0 / 720.0);
        for c in [1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5, 1.0, 1.0] {
            p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(c));
        }
        let biased = _mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127));
        let pow2 = _mm256_castsi256_ps(_mm256_slli_epi32(biased, 23));
        _mm256_mul_ps(p, pow2)
    }

    #[inline(always)]
    unsafe fn horizontal_sum(v: __m256) -> f32 {
        let s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
        let s = _mm_add_ps(s, _mm_movehl_ps(s, s));
        let s = _mm_add_ss(s, _mm_shuffle_ps(s, s, 1));
        _mm_cvtss_f32(s)
    }

    #[inline(always)]
    unsafe fn horizontal_max(v: __m256) -> f32 {
        let s = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
        let s = _mm_max_ps(s, _mm_movehl_ps(s, s));
        let s = _mm_max_ss(s, _mm_shuffle_ps(s, s, 1));
        _mm_cvtss_f32(s)
    }

    /// Attention of one head over one sentence (`len` tokens from row
    /// `start`), written into that head's columns of `context`. Keys are
    /// transposed into `scratch` (`d × padded`, scaled), so that the scores
    /// of eight keys come from one FMA per query component; padded key
    /// columns get a score of −∞ and so a weight of 0.
    #[allow(clippy::too_many_arguments)]
    #[target_feature(enable = "avx2,fma")]
    pub(super) unsafe fn attention_head(
        qkv: &[f32],
        stride: usize,
        hidden: usize,
        offset: usize,
        d: usize,
        start: usize,
        len: usize,
        scale: f32,
        context: &mut [f32],
        scratch: &mut Vec<f32>,
    ) {
        if len == 0 {
            return;
        }
        assert!(d.is_multiple_of(8) && (start + len) * stride <= qkv.len());
        assert!((start + len) * hidden <= context.len() && offset + d <= hidden);
        let padded = len.div_ceil(8) * 8;
        scratch.clear();
        scratch.resize(d * padded + padded, 0.0);
        let (keys_t, scores) = scratch.split_at_mut(d * padded);
        let (ko, vo) = (hidden + offset, 2 * hidden + offset);
        for j in 0..len {
            let k = &qkv[(start + j) * stride + ko..][..d];
            for (c, &kv) in k.iter().enumerate() {
                keys_t[c * padded + j] = kv * scale;
            }
        }
        let chunks = padded / 8;
        let kp = keys_t.as_ptr();
        let sp = scores.as_mut_ptr();
        let neg_inf = _mm256_set1_ps(f32::NEG_INFINITY);
        for i in 0..len {
            let q = &qkv[(start + i) * stride + offset..][..d];
            // Scores, four chunks of eight keys at a time, accumulated in
            // registers (through memory, each FMA would wait for the last).
            for group in (0..chunks).step_by(4) {
                let n = (chunks - group).min(4);
                let mut acc = [_mm256_setzero_ps(); 4];
                for (c, &qc) in q.iter().enumerate() {
                    let qv = _mm256_set1_ps(qc);
                    let row = kp.add(c * padded + group * 8);
                    for (g, a) in acc.iter_mut().enumerate().take(n) {
                        *a = _mm256_fmadd_ps(qv, _mm256_loadu_ps(row.add(g * 8)), *a);
                    }
                }
                for (g, a) in acc.iter().enumerate().take(n) {
                    _mm256_storeu_ps(sp.add((group + g) * 8), *a);
                }
            }
            for j in len..padded {
                *sp.add(j) = f32::NEG_INFINITY;
            }
            let mut max = neg_inf;
            for ch in 0..chunks {
                max = _mm256_max_ps(max, _mm256_loadu_ps(sp.add(ch * 8)));
            }
            let max = _mm256_set1_ps(horizontal_max(max));
            let mut sum = _mm256_setzero_ps();
            for ch in 0..chunks {
                let e = exp8(_mm256_sub_ps(_mm256_loadu_ps(sp.add(ch * 8)), max));
                _mm256_storeu_ps(sp.add(ch * 8), e);
                sum = _mm256_add_ps(sum, e);
            }
            let inv = 1.0 / horizontal_sum(sum);
            let out = &mut context[(start + i) * hidden + offset..][..d];
            let op = out.as_mut_ptr();
            // Weighted sum of the values, four registers (32 columns) at a time.
            for group in (0..d / 8).step_by(4) {
                let n = (d / 8 - group).min(4);
                let mut acc = [_mm256_setzero_ps(); 4];
                for j in 0..len {
                    let p = _mm256_set1_ps(*sp.add(j) * inv);
                    let v = qkv[(start + j) * stride + vo + group * 8..].as_ptr();
                    for (g, a) in acc.iter_mut().enumerate().take(n) {
                        *a = _mm256_fmadd_ps(p, _mm256_loadu_ps(v.add(g * 8)), *a);
                    }
                }
                for (g, a) in acc.iter().enumerate().take(n) {
                    _mm256_storeu_ps(op.add((group + g) * 8), *a);
                }
            }
        }
    }
}

#[inline(always)]
fn add_in_place(x: &mut [f32], y: &[f32]) {
    for (a, b) in x.iter_mut().zip(y) {
        *a += b;
    }
}

#[inline(always)]
fn activate(activation: HiddenAct, x: &mut [f32]) {
    match activation {
        // Plain loops, not `for_each` closures: a closure is a function of
        // its own, compiled without the caller's AVX2 target features.
        HiddenAct::Gelu => {
            for v in x.iter_mut() {
                *v = 0.5 * *v * (1.0 + erf(*v * std::f32::consts::FRAC_1_SQRT_2));
            }
        }
        HiddenAct::GeluApproximate => {
            for v in x.iter_mut() {
                let u = 0.797_884_6 * (*v + 0.044_715 * *v * *v * *v);
                *v = 0.5 * *v * (1.0 + tanh(u));
            }
        }
        HiddenAct::Relu => {
            for v in x.iter_mut() {
                *v = v.max(0.0);
            }
        }
    }
}

/// `erf` as a rational function on [-4, 4] (beyond, ±1 in f32); the
/// coefficients are Eigen's `generic_fast_erf_float`. Branch-free, so the
/// GELU loop vectorises.
#[inline(always)]
pub(crate) fn erf(x: f32) -> f32 {
    let x = x.clamp(-4.0, 4.0);
    let x2 = x * x;
    let mut p = x2 * -2.726_142_3e-10 + 2.770_681_4e-8;
    p = x2 * p + -2.101_024e-6;
    p = x2 * p + -5.692_506_4e-5;
    p = x2 * p + -7.349_906_3e-4;
    p = x2 * p + -2.954_6e-3;
    p = x2 * p + -1.609_603_3e-2;
    p *= x;
    let mut q = x2 * -1.456_607_2e-5 + -2.133_740_6e-4;
    q = x2 * q + -1.682_827e-3;
    q = x2 * q + -7.373_329e-3;
    q = x2 * q + -1.426_474e-2;
    p / q
}

#[inline(always)]
fn tanh(x: f32) -> f32 {
    let e = exp(-2.0 * x.abs());
    ((1.0 - e) / (1.0 + e)).copysign(x)
}

/// `e^x` for x ≤ 0 and moderate x > 0 (range reduction to 2^n · e^r with a
/// degree-6 polynomial; relative error ≈ 2e-7). Inputs below -87 give
/// e^-87 ≈ 1.6e-38, which is 0 for every use here.
#[inline(always)]
pub(crate) fn exp(x: f32) -> f32 {
    let x = x.clamp(-87.0, 88.0);
    // (v + 1.5·2^23) − 1.5·2^23 rounds without a libm call, so loops vectorise.
    let n = (x * std::f32::consts::LOG2_E + 12_582_912.0) - 12_582_912.0;
    let r = x - n * 0.693_145_75 - n * 1.428_606_8e-6;
    let mut p = 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    let bits = ((n as i32 + 127).clamp(0, 255) as u32) << 23;
    p * f32::from_bits(bits)
}

#[inline(always)]
fn softmax_in_place(s: &mut [f32]) {
    let max = s.iter().fold(f32::NEG_INFINITY, |m, &v| m.max(v));
    let mut sum = 0.0;
    for v in s.iter_mut() {
        *v = exp(*v - max);
        sum += *v;
    }
    let inv = 1.0 / sum;
    s.iter_mut().for_each(|v| *v *= inv);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erf_matches_the_error_function() {
        // Reference values of erf (Abramowitz & Stegun, table 7.1).
        for &(x, want) in &[
            (0.0f32, 0.0f32),
            (0.1, 0.112_462_9),
            (0.5, 0.520_499_9),
            (1.0, 0.842_700_8),
            (1.5, 0.966_105_1),
            (2.0, 0.995_322_3),
            (3.0, 0.999_977_9),
            (6.0, 1.0),
        ] {
            assert!(
                (erf(x) - want).abs() < 2e-7,
                "erf({x}) = {} want {want}",
                erf(x)
            );
            assert!((erf(-x) + want).abs() < 2e-7);
        }
    }

    #[test]
    fn exp_matches_std() {
        let mut x = -30.0f32;
        while x < 10.0 {
            let (got, want) = (exp(x), x.exp());
            assert!(
                ((got - want) / want).abs() < 1e-6,
                "exp({x}) = {got} want {want}"
            );
            x += 0.173;
        }
        assert!(exp(-200.0) < 1e-37);
    }

    #[test]
    fn softmax_sums_to_one_and_keeps_order() {
        let mut s = vec![1.0f32, 3.0, 2.0, -50.0];
        softmax_in_place(&mut s);
        assert!((s.iter().sum::<f32>() - 1.0).abs() < 1e-6);
        assert!(s[1] > s[2] && s[2] > s[0] && s[0] > s[3]);
    }

    #[test]
    fn simd_attention_matches_the_portable_one() {
        if !(std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma")) {
            return;
        }
        let (hidden, heads) = (64, 4);
        let bert = FastBert {
            hidden,
            heads,
            max_positions: 64,
            activation: HiddenAct::Gelu,
            word_embeddings: Vec::new(),
            position_embeddings: Vec::new(),
            token_type: Vec::new(),
            embedding_norm: LayerNorm {
                weight: Vec::new(),
                bias: Vec::new(),
                eps: 1e-12,
            },
            layers: Vec::new(),
        };
        // Lengths around the 8-lane chunking, and one sentence of 1 token.
        let lengths = [1usize, 7, 8, 9, 33];
        let tokens: usize = lengths.iter().sum();
        let qkv: Vec<f32> = (0..tokens * 3 * hidden)
            .map(|i| ((i * 7919 % 1000) as f32 / 250.0) - 2.0)
            .collect();
        let (mut fast, mut slow) = (vec![0.0; tokens * hidden], vec![0.0; tokens * hidden]);
        let mut scratch = Vec::new();
        bert.attention(&qkv, &lengths, &mut fast, &mut scratch);
        bert.attention_portable(&qkv, &lengths, &mut slow, &mut scratch);
        for (a, b) in fast.iter().zip(&slow) {
            assert!((a - b).abs() < 1e-4, "{a} vs {b}");
        }
        assert!(slow.iter().any(|v| v.abs() > 0.1));
    }

    #[test]
    fn layer_norm_centres_and_scales_rows() {
        let ln = LayerNorm {
            weight: vec![1.0; 4],
            bias: vec![0.0; 4],
            eps: 1e-12,
        };
        let mut x = vec![1.0f32, 2.0, 3.0, 4.0, 10.0, 10.0, 10.0, 14.0];
        ln.apply(&mut x);
        for row in x.chunks(4) {
            let mean: f32 = row.iter().sum::<f32>() / 4.0;
            let var: f32 = row.iter().map(|v| v * v).sum::<f32>() / 4.0;
            assert!(mean.abs() < 1e-5 && (var - 1.0).abs() < 1e-4);
        }
    }
}
