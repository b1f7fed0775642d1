//! A synthetic news stream built from real article text, for benchmarks.
//!
//! In: real sentences (e.g. the bundled example story) and a size. Out:
//! `n` [`RawDoc`]s grouped into synthetic stories with a known label. Each
//! story gets its own invented names (built from syllables) substituted for
//! capitalised words, and its own consistent re-spelling of most content
//! words, so stories are lexically as distinct as real ones while every
//! sentence keeps the length, word-frequency shape and punctuation of news
//! prose; about 8% of the articles are near-verbatim copies (syndication).
//!
//! Invariants: deterministic for a given seed; labels are returned in the
//! same order as the documents.

use corroborate_core::{Format, RawDoc};

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ren", "sa", "tor", "vel", "an", "dru", "es", "fin", "gal", "hor", "ist",
    "jun", "kor", "lim", "mar", "nov", "ost", "pra", "quin", "ros", "sel", "tam", "ul", "var",
    "wen", "yor", "zan",
];

/// SplitMix64: tiny, deterministic, good enough to pick sentences.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// The story's consistent re-spelling of a content word: about 70% of words
/// longer than three letters are replaced by an invented word derived from
/// (word, story), so every article of a story uses the same replacement.
fn story_word(word: &str, story: usize) -> Option<String> {
    if word.len() <= 3 || !word.chars().all(|c| c.is_ascii_lowercase()) {
        return None;
    }
    let mut rng = Rng(crate::features::stable_hash(
        word.as_bytes(),
        story as u64 + 1,
    ));
    if rng.below(10) >= 7 {
        return None;
    }
    let mut s = String::new();
    for _ in 0..2 + rng.below(2) {
        s.push_str(SYLLABLES[rng.below(SYLLABLES.len())]);
    }
    Some(s)
}

fn invented_name(rng: &mut Rng) -> String {
    let mut s = String::new();
    for _ in 0..2 + rng.below(2) {
        s.push_str(SYLLABLES[rng.below(SYLLABLES.len())]);
    }
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// Generates `n` articles; returns them with their story label.
pub fn synthetic_stream(sentences: &[String], n: usize, seed: u64) -> Vec<(RawDoc, usize)> {
    let mut rng = Rng(seed);
    let mut out = Vec::with_capacity(n);
    let mut story = 0usize;
    while out.len() < n && !sentences.is_empty() {
        let names: Vec<String> = (0..8).map(|_| invented_name(&mut rng)).collect();
        let pool: Vec<&String> = (0..30)
            .map(|_| &sentences[rng.below(sentences.len())])
            .collect();
        let day = 1 + (story / 40) % 28;
        let size = 2 + rng.below(12);
        let mut previous: Option<String> = None;
        for k in 0..size {
            if out.len() >= n {
                break;
            }
            let body = match previous.as_ref().filter(|_| rng.below(12) == 0) {
                Some(p) => format!("{p}\nShare this article."),
                None => {
                    let mut parts = Vec::new();
                    for _ in 0..8 + rng.below(12) {
                        let s = pool[rng.below(pool.len())];
                        let rewritten: Vec<String> = s
                            .split(' ')
                            .map(|w| {
                                if w.chars().next().is_some_and(char::is_uppercase)
                                    && rng.below(2) == 0
                                {
                                    names[rng.below(names.len())].clone()
                                } else {
                                    story_word(w, story).unwrap_or_else(|| w.to_string())
                                }
                            })
                            .collect();
                        parts.push(rewritten.join(" "));
                    }
                    parts.join("\n")
                }
            };
            previous = Some(body.clone());
            let doc = RawDoc {
                path: format!("synthetic/{story}/{k}.txt"),
                format: Format::Text,
                title: Some(format!(
                    "{} and {} {}",
                    names[0],
                    names[1],
                    pool[0].split(' ').take(6).collect::<Vec<_>>().join(" ")
                )),
                body,
                url: None,
                outlet: Some(format!("outlet-{}", rng.below(200))),
                published: Some(format!("2025-05-{day:02}")),
                author: None,
                language: Some("en".into()),
            };
            out.push((doc, story));
        }
        story += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_labelled() {
        let s: Vec<String> = vec![
            "Talks in Istanbul began on Friday.".into(),
            "The Kremlin said Putin would not attend.".into(),
        ];
        let a = synthetic_stream(&s, 50, 7);
        let b = synthetic_stream(&s, 50, 7);
        assert_eq!(a.len(), 50);
        assert_eq!(
            a.iter().map(|(d, l)| (&d.body, l)).collect::<Vec<_>>(),
            b.iter().map(|(d, l)| (&d.body, l)).collect::<Vec<_>>()
        );
        assert!(a.last().unwrap().1 > 2, "several stories");
    }
}
