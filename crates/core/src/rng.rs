//! The one deterministic pseudo-random generator of the workspace
//! (SplitMix64), for synthetic inputs, benchmarks, fuzz drivers and the
//! evaluation's bootstrap — never for anything secret.
//!
//! In: a seed. Out: a stream of `u64`s, uniform draws below a bound and
//! percent chances. Invariant: the same seed gives the same stream on every
//! machine (no clock, no thread, no platform-dependent width).

/// SplitMix64 (Steele, Lea and Flood 2014): one `u64` of state, a fixed
/// increment and a 64-bit finaliser.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n` is 0), by rejection, so without
    /// modulo bias. A draw is rejected only when it falls in the top
    /// `u64::MAX % n` values (for the small bounds used here, about one
    /// draw in 10^16), so for such bounds the stream equals `next_u64() % n`.
    pub fn below(&mut self, n: usize) -> usize {
        let n = n.max(1) as u64;
        let zone = u64::MAX - u64::MAX % n;
        loop {
            let x = self.next_u64();
            if x < zone {
                return (x % n) as usize;
            }
        }
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stream_is_the_published_splitmix64() {
        // First outputs for seed 0 as given by the reference C implementation
        // (Vigna, splitmix64.c).
        let mut r = SplitMix64::new(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn draws_stay_below_their_bound_and_cover_it() {
        let mut r = SplitMix64::new(42);
        let mut seen = [false; 7];
        for _ in 0..1000 {
            let x = r.below(7);
            assert!(x < 7);
            seen[x] = true;
        }
        assert!(seen.iter().all(|&s| s));
        assert_eq!(r.below(0), 0);
    }

    #[test]
    fn small_bounds_draw_like_a_plain_modulo() {
        let (mut a, mut b) = (SplitMix64::new(7), SplitMix64::new(7));
        for n in 1..500 {
            assert_eq!(a.below(n), (b.next_u64() % n as u64) as usize);
        }
    }
}
