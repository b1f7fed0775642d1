//! Quantised linear layers: `y = x · Wᵀ + b` with 16-bit integer arithmetic.
//!
//! In: an f32 weight matrix `W` (`n_out × n_in`, row-major, as stored in a
//! BERT checkpoint) and bias once, at load time; then f32 activations `x`
//! (`m × n_in`, row-major) per call. Out: f32 `y` (`m × n_out`).
//!
//! Why: on a CPU without AVX-512 the f32 matrix products of a small BERT
//! run at about three quarters of the FMA units' peak already
//! (docs/perf/neural.md), so the only way to go faster is to do more
//! multiply-adds per instruction. `vpmaddwd` multiplies sixteen 16-bit pairs
//! and adds them pairwise into eight 32-bit lanes: twice the multiply-adds of
//! an f32 FMA per instruction.
//!
//! Quantisation (symmetric, per row): each weight row gets its own scale so
//! that its largest magnitude maps to `w_max` (≤ 511, 10 bits); each
//! activation row (one token) is scaled at run time so that its largest
//! magnitude maps to `X_MAX` = 2047 (12 bits). The products are summed
//! exactly in `i32`; `w_max` is chosen from `n_in` so that even the worst
//! case `X_MAX · w_max · n_in` cannot overflow. The only error is the
//! rounding of weights and activations, a relative error of about 1e-3 per
//! element, far finer than the 8-bit "dynamic quantisation" commonly used
//! for BERT inference.
//!
//! Invariants: results do not depend on the thread count or on which kernel
//! (AVX2 or portable) runs: both compute the same exact integer sums.

/// Rows of `x` per micro-tile.
const MR: usize = 6;
/// Output columns per micro-tile (two 8-lane registers).
const NR: usize = 16;
/// Largest quantised activation magnitude (12 bits).
const X_MAX: f32 = 2047.0;
/// Rows of `x` processed together, so that their quantised copy stays in
/// the L2 cache while every column panel of `W` streams past it.
const ROW_BLOCK: usize = MR * 16;

/// A linear layer with quantised weights; see the module documentation.
pub struct QuantLinear {
    n_in: usize,
    n_out: usize,
    /// `n_in` rounded up to even (k is consumed in pairs).
    k_pad: usize,
    /// `n_out` rounded up to a multiple of `NR`.
    n_pad: usize,
    /// Panels of `NR` output columns: `[n_pad / NR][k_pad / 2][NR][2]`.
    packed: Vec<i16>,
    /// Per output column: weight scale (f32 value of one quantum).
    w_scale: Vec<f32>,
    bias: Vec<f32>,
}

fn avx2_available() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::is_x86_feature_detected!("avx2")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

impl QuantLinear {
    /// Quantises `weight` (`n_out × n_in`, row-major) and keeps `bias`
    /// (`n_out`). Panics only on inconsistent lengths, which are checked by
    /// the caller against the model configuration.
    pub fn new(weight: &[f32], bias: &[f32], n_out: usize, n_in: usize) -> QuantLinear {
        assert_eq!(weight.len(), n_out * n_in, "weight shape");
        assert_eq!(bias.len(), n_out, "bias shape");
        let k_pad = n_in.div_ceil(2) * 2;
        let n_pad = n_out.div_ceil(NR) * NR;
        // Largest weight magnitude such that X_MAX · w_max · k_pad < 2^31.
        let w_max = ((i32::MAX as f64) / (X_MAX as f64 * k_pad.max(1) as f64))
            .floor()
            .clamp(1.0, 511.0) as f32;
        let mut w_scale = vec![1.0f32; n_pad];
        let mut quantised = vec![0i16; n_pad * k_pad];
        for o in 0..n_out {
            let row = &weight[o * n_in..(o + 1) * n_in];
            let peak = row.iter().fold(0.0f32, |m, &w| m.max(w.abs()));
            let scale = if peak > 0.0 && peak.is_finite() {
                peak / w_max
            } else {
                1.0
            };
            w_scale[o] = scale;
            for (k, &w) in row.iter().enumerate() {
                quantised[o * k_pad + k] = (w / scale).round().clamp(-w_max, w_max) as i16;
            }
        }
        let kp = k_pad / 2;
        let mut packed = vec![0i16; n_pad * k_pad];
        for panel in 0..n_pad / NR {
            for p in 0..kp {
                for c in 0..NR {
                    let o = panel * NR + c;
                    let at = ((panel * kp + p) * NR + c) * 2;
                    packed[at] = quantised[o * k_pad + 2 * p];
                    packed[at + 1] = quantised[o * k_pad + 2 * p + 1];
                }
            }
        }
        let mut b = bias.to_vec();
        b.resize(n_pad, 0.0);
        QuantLinear {
            n_in,
            n_out,
            k_pad,
            n_pad,
            packed,
            w_scale,
            bias: b,
        }
    }

    /// `y = x · Wᵀ + b` for `m = x.len() / n_in` rows; `y` is resized to
    /// `m × n_out`. Runs on the calling thread.
    #[inline(always)]
    pub fn forward(&self, x: &[f32], y: &mut Vec<f32>, scratch: &mut Vec<i16>) {
        self.forward_with(x, y, scratch, avx2_available())
    }

    #[inline(always)]
    fn forward_with(&self, x: &[f32], y: &mut Vec<f32>, xq: &mut Vec<i16>, use_avx2: bool) {
        debug_assert_eq!(x.len() % self.n_in.max(1), 0);
        let m = x.len().checked_div(self.n_in).unwrap_or(0);
        // Every value is written below; only growth needs initialising.
        y.resize(m * self.n_out, 0.0);
        let kp = self.k_pad / 2;
        // Reused between calls (allocating it per call made both threads
        // wait on the kernel's page-fault and unmap locks).
        // Stale values are harmless: every row used is overwritten below
        // (values and padding), and unused rows are zeroed.
        if xq.len() < ROW_BLOCK * self.k_pad {
            xq.resize(ROW_BLOCK * self.k_pad, 0);
        }
        let mut x_scale = [0.0f32; ROW_BLOCK];
        let mut tile = [[0i32; NR]; MR];
        for block_start in (0..m).step_by(ROW_BLOCK) {
            let rows = (m - block_start).min(ROW_BLOCK);
            // Quantise this block's rows; rows past `rows` (last block only)
            // are zeroed, and so are the padding columns (never written).
            if rows < ROW_BLOCK {
                xq[rows * self.k_pad..ROW_BLOCK * self.k_pad].fill(0);
            }
            for r in 0..rows {
                let src = &x[(block_start + r) * self.n_in..(block_start + r + 1) * self.n_in];
                let peak = peak_magnitude(src);
                let scale = if peak > 0.0 && peak.is_finite() {
                    peak / X_MAX
                } else {
                    1.0
                };
                x_scale[r] = scale;
                let inv = 1.0 / scale;
                xq[r * self.k_pad + self.n_in..(r + 1) * self.k_pad].fill(0);
                let dst = &mut xq[r * self.k_pad..r * self.k_pad + self.n_in];
                for (d, &v) in dst.iter_mut().zip(src) {
                    *d = round_to_i16((v * inv).clamp(-X_MAX, X_MAX));
                }
            }
            for panel in 0..self.n_pad / NR {
                let b = &self.packed[panel * kp * NR * 2..(panel + 1) * kp * NR * 2];
                for tile_start in (0..rows).step_by(MR) {
                    let a = &xq[tile_start * self.k_pad..(tile_start + MR) * self.k_pad];
                    if use_avx2 {
                        #[cfg(target_arch = "x86_64")]
                        // SAFETY: AVX2 was detected at run time; `a` holds
                        // MR rows of k_pad values and `b` kp·NR pairs.
                        unsafe {
                            kernel_avx2(kp, self.k_pad, a, b, &mut tile)
                        };
                    } else {
                        kernel_portable(kp, self.k_pad, a, b, &mut tile);
                    }
                    for (r, acc) in tile.iter().enumerate().take((rows - tile_start).min(MR)) {
                        let row = block_start + tile_start + r;
                        let sx = x_scale[tile_start + r];
                        let out = &mut y[row * self.n_out..(row + 1) * self.n_out];
                        let cols = (self.n_out - panel * NR).min(NR);
                        let o = panel * NR;
                        for (((dst, &v), &ws), &b) in out[o..o + cols]
                            .iter_mut()
                            .zip(&acc[..cols])
                            .zip(&self.w_scale[o..o + cols])
                            .zip(&self.bias[o..o + cols])
                        {
                            *dst = v as f32 * sx * ws + b;
                        }
                    }
                }
            }
        }
    }
}

/// Largest `|v|` of a row. Compared as bit patterns (for non-negative
/// floats their order is the numeric order), because an integer maximum
/// vectorises where `f32::max` does not; a NaN compares above infinity and
/// so makes the row's scale non-finite, which the caller replaces by 1.
#[inline(always)]
fn peak_magnitude(values: &[f32]) -> f32 {
    f32::from_bits(
        values
            .iter()
            .fold(0u32, |m, v| m.max(v.to_bits() & 0x7fff_ffff)),
    )
}

/// Rounds `v` (|v| < 2^15) to the nearest integer, ties to even, without a
/// libm call or a float-to-int cast (Rust's saturating casts do not
/// vectorise): adding 1.5 · 2^23 leaves the rounded integer in the low
/// mantissa bits.
#[inline(always)]
fn round_to_i16(v: f32) -> i16 {
    const MAGIC: f32 = 12_582_912.0; // 1.5 · 2^23, bit pattern 0x4B40_0000
    ((v + MAGIC).to_bits() as i32 - 0x4B40_0000) as i16
}

/// The micro-kernel without SIMD: the same integer sums as `kernel_avx2`.
fn kernel_portable(kp: usize, k_pad: usize, a: &[i16], b: &[i16], tile: &mut [[i32; NR]; MR]) {
    for (r, acc) in tile.iter_mut().enumerate() {
        acc.fill(0);
        let row = &a[r * k_pad..(r + 1) * k_pad];
        for p in 0..kp {
            let (x0, x1) = (row[2 * p] as i32, row[2 * p + 1] as i32);
            let panel = &b[p * NR * 2..(p + 1) * NR * 2];
            for (c, v) in acc.iter_mut().enumerate() {
                *v += x0 * panel[2 * c] as i32 + x1 * panel[2 * c + 1] as i32;
            }
        }
    }
}

/// `MR × NR` tile of exact `i32` dot products: for every pair of `k`, each
/// row's two activations are broadcast and multiplied with the panel's
/// sixteen interleaved weight pairs by `vpmaddwd`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn kernel_avx2(kp: usize, k_pad: usize, a: &[i16], b: &[i16], tile: &mut [[i32; NR]; MR]) {
    use std::arch::x86_64::*;
    debug_assert!(a.len() >= MR * k_pad && b.len() >= kp * NR * 2);
    let ap = a.as_ptr();
    let bp = b.as_ptr();
    let mut acc = [_mm256_setzero_si256(); 2 * MR];
    for p in 0..kp {
        // SAFETY (whole loop): p < kp, so reads stay inside `b` (kp·NR·2
        // values) and inside each of the MR rows of `a` (k_pad = 2·kp values).
        let b0 = _mm256_loadu_si256(bp.add(p * NR * 2) as *const __m256i);
        let b1 = _mm256_loadu_si256(bp.add(p * NR * 2 + 16) as *const __m256i);
        for r in 0..MR {
            let pair = std::ptr::read_unaligned(ap.add(r * k_pad + 2 * p) as *const i32);
            let x = _mm256_set1_epi32(pair);
            acc[2 * r] = _mm256_add_epi32(acc[2 * r], _mm256_madd_epi16(x, b0));
            acc[2 * r + 1] = _mm256_add_epi32(acc[2 * r + 1], _mm256_madd_epi16(x, b1));
        }
    }
    for r in 0..MR {
        _mm256_storeu_si256(tile[r].as_mut_ptr() as *mut __m256i, acc[2 * r]);
        _mm256_storeu_si256(tile[r].as_mut_ptr().add(8) as *mut __m256i, acc[2 * r + 1]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Deterministic pseudo-random values in [-1, 1).
    fn values(n: usize, seed: u64) -> Vec<f32> {
        let mut s = seed;
        (0..n)
            .map(|_| {
                s = s
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                ((s >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
            })
            .collect()
    }

    fn reference(x: &[f32], w: &[f32], b: &[f32], n_out: usize, n_in: usize) -> Vec<f32> {
        let m = x.len() / n_in;
        let mut y = vec![0.0f32; m * n_out];
        for r in 0..m {
            for o in 0..n_out {
                let dot: f64 = (0..n_in)
                    .map(|k| x[r * n_in + k] as f64 * w[o * n_in + k] as f64)
                    .sum();
                y[r * n_out + o] = dot as f32 + b[o];
            }
        }
        y
    }

    #[test]
    fn matches_f32_reference_within_quantisation_error() {
        // Odd sizes exercise the padding of k, the columns and the rows.
        for &(m, n_in, n_out) in &[(1, 7, 3), (13, 384, 40), (97, 65, 17)] {
            let x = values(m * n_in, 1);
            let w = values(n_out * n_in, 2);
            let b = values(n_out, 3);
            let layer = QuantLinear::new(&w, &b, n_out, n_in);
            let mut y = Vec::new();
            layer.forward(&x, &mut y, &mut Vec::new());
            let want = reference(&x, &w, &b, n_out, n_in);
            assert_eq!(y.len(), want.len());
            // Error bound: rounding of both factors, summed over n_in terms.
            let tol = 2e-3 * (n_in as f32).sqrt();
            for (got, want) in y.iter().zip(&want) {
                assert!(
                    (got - want).abs() < tol,
                    "{got} vs {want} (m={m} k={n_in} n={n_out})"
                );
            }
        }
    }

    #[test]
    fn simd_and_portable_kernels_agree_exactly() {
        if !avx2_available() {
            return;
        }
        let (m, n_in, n_out) = (31, 1536, 48);
        let x = values(m * n_in, 4);
        let w = values(n_out * n_in, 5);
        let b = values(n_out, 6);
        let layer = QuantLinear::new(&w, &b, n_out, n_in);
        let (mut fast, mut slow) = (Vec::new(), Vec::new());
        layer.forward_with(&x, &mut fast, &mut Vec::new(), true);
        layer.forward_with(&x, &mut slow, &mut Vec::new(), false);
        assert_eq!(fast, slow);
    }

    #[test]
    fn worst_case_sums_do_not_overflow() {
        // Every activation and weight at its largest magnitude, same sign.
        let (n_in, n_out) = (4096, 16);
        let x = vec![1.0f32; 2 * n_in];
        let w = vec![1.0f32; n_out * n_in];
        let layer = QuantLinear::new(&w, &vec![0.0; n_out], n_out, n_in);
        let mut y = Vec::new();
        layer.forward(&x, &mut y, &mut Vec::new());
        assert!(y
            .iter()
            .all(|&v| (v - n_in as f32).abs() < 1e-2 * n_in as f32));
    }

    #[test]
    fn a_reused_scratch_buffer_gives_the_same_result() {
        // A wide layer leaves non-zero values in the scratch; a narrower one
        // with an odd width (padded k) must not see them.
        let wide = QuantLinear::new(&values(64 * 384, 7), &values(64, 8), 64, 384);
        let odd = QuantLinear::new(&values(5 * 7, 9), &values(5, 10), 5, 7);
        let mut scratch = Vec::new();
        let mut y = Vec::new();
        wide.forward(&values(10 * 384, 11), &mut y, &mut scratch);
        let x = values(3 * 7, 12);
        odd.forward(&x, &mut y, &mut scratch);
        let mut fresh = Vec::new();
        odd.forward(&x, &mut fresh, &mut Vec::new());
        assert_eq!(y, fresh);
    }

    #[test]
    fn rounding_matches_round_ties_even() {
        for &v in &[
            0.0f32, 0.4, 0.5, 1.5, 2.5, -0.5, -1.5, -2.6, 2047.0, -2047.0, 1023.49,
        ] {
            assert_eq!(round_to_i16(v), v.round_ties_even() as i16, "{v}");
        }
    }

    #[test]
    fn zero_rows_and_zero_weights_give_the_bias() {
        let layer = QuantLinear::new(&[0.0; 6], &[0.5, -1.0], 2, 3);
        let mut y = Vec::new();
        layer.forward(&[0.0; 6], &mut y, &mut Vec::new());
        assert_eq!(y, vec![0.5, -1.0, 0.5, -1.0]);
    }
}
