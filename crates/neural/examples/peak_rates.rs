//! Peak multiply-add rates of one core for the instructions a BERT forward
//! pass can be built on, to bound the encoder's throughput from above.
//!
//! ```text
//! cargo run -p corroborate-neural --release --example peak_rates
//! ```
//!
//! Each loop keeps twelve independent accumulators busy with register
//! operands only (no memory traffic, no dependency stalls), so the figure is
//! the instruction's throughput on this core: f32 FMA (`vfmadd231ps`, 8
//! multiply-adds), 16-bit `vpmaddwd` (16) and 8-bit `vpmaddubsw` followed by
//! `vpmaddwd` to widen (32). Prints GMAC/s per core; x86-64 with AVX2 only.

#[cfg(target_arch = "x86_64")]
mod rates {
    use std::arch::x86_64::*;

    #[target_feature(enable = "avx2,fma")]
    pub unsafe fn madd16(n: usize, bs: &[__m256i]) -> i32 {
        let mut acc = [_mm256_set1_epi32(1); 12];
        let a: [__m256i; 6] = std::array::from_fn(|i| _mm256_set1_epi32(i as i32 * 7 + 1));
        for k in 0..n {
            let (b0, b1) = (bs[(2 * k) & 1023], bs[(2 * k + 1) & 1023]);
            for i in 0..6 {
                acc[2 * i] = _mm256_add_epi32(acc[2 * i], _mm256_madd_epi16(a[i], b0));
                acc[2 * i + 1] = _mm256_add_epi32(acc[2 * i + 1], _mm256_madd_epi16(a[i], b1));
            }
        }
        acc.iter().map(|v| _mm256_extract_epi32(*v, 0)).sum()
    }

    #[target_feature(enable = "avx2,fma")]
    pub unsafe fn madd8(n: usize, bs: &[__m256i]) -> i32 {
        let ones = _mm256_set1_epi16(1);
        let mut acc = [_mm256_set1_epi32(1); 12];
        let a: [__m256i; 6] = std::array::from_fn(|i| _mm256_set1_epi32(i as i32 * 7 + 1));
        for k in 0..n {
            let (b0, b1) = (bs[(2 * k) & 1023], bs[(2 * k + 1) & 1023]);
            for i in 0..6 {
                let p0 = _mm256_madd_epi16(_mm256_maddubs_epi16(a[i], b0), ones);
                let p1 = _mm256_madd_epi16(_mm256_maddubs_epi16(a[i], b1), ones);
                acc[2 * i] = _mm256_add_epi32(acc[2 * i], p0);
                acc[2 * i + 1] = _mm256_add_epi32(acc[2 * i + 1], p1);
            }
        }
        acc.iter().map(|v| _mm256_extract_epi32(*v, 0)).sum()
    }

    #[target_feature(enable = "avx2,fma")]
    pub unsafe fn fma32(n: usize, bs: &[__m256]) -> f32 {
        let mut acc = [_mm256_set1_ps(1.0); 12];
        let a: [__m256; 6] = std::array::from_fn(|i| _mm256_set1_ps(i as f32 * 0.1 + 0.5));
        for k in 0..n {
            let (b0, b1) = (bs[(2 * k) & 1023], bs[(2 * k + 1) & 1023]);
            for i in 0..6 {
                acc[2 * i] = _mm256_fmadd_ps(a[i], b0, acc[2 * i]);
                acc[2 * i + 1] = _mm256_fmadd_ps(a[i], b1, acc[2 * i + 1]);
            }
        }
        acc.iter().map(|v| _mm256_cvtss_f32(*v)).sum()
    }
}

#[cfg(target_arch = "x86_64")]
fn main() {
    use std::arch::x86_64::*;
    use std::time::Instant;
    if !(std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma")) {
        eprintln!("this CPU has no AVX2/FMA");
        std::process::exit(1);
    }
    let n = 50_000_000usize;
    // SAFETY: AVX2 and FMA were detected above.
    unsafe {
        let ints: Vec<__m256i> = (0..1024)
            .map(|i| _mm256_set1_epi16(i as i16 % 100))
            .collect();
        let floats: Vec<__m256> = (0..1024).map(|i| _mm256_set1_ps(i as f32 * 1e-4)).collect();
        let time = |macs_per_step: usize, f: &dyn Fn() -> f64| {
            let t = Instant::now();
            let sink = f();
            let secs = t.elapsed().as_secs_f64();
            ((n * 12 * macs_per_step) as f64 / secs / 1e9, sink)
        };
        let (fma, s1) = time(8, &|| rates::fma32(n, &floats) as f64);
        let (m16, s2) = time(16, &|| rates::madd16(n, &ints) as f64);
        let (m8, s3) = time(32, &|| rates::madd8(n, &ints) as f64);
        println!("f32 FMA (vfmadd231ps)          {fma:6.1} GMAC/s per core");
        println!("16-bit vpmaddwd                {m16:6.1} GMAC/s per core");
        println!("8-bit vpmaddubsw + vpmaddwd    {m8:6.1} GMAC/s per core");
        println!("(checksums {s1:.1} {s2} {s3})");
    }
}

#[cfg(not(target_arch = "x86_64"))]
fn main() {
    eprintln!("peak_rates measures x86-64 AVX2 instructions only");
}
