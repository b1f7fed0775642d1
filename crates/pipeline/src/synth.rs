//! A story grown with rewrites of its real reports, for the `bench story`
//! benchmark.
//!
//! In: a story's real articles (already read, as [`RawDoc`]s) and a target
//! article count `n`. Out: `n` documents: the originals first, then
//! rewrites of them, the way a wire story grows across outlets: each rewrite
//! takes one original (round robin), drops some of its sentences, swaps a
//! few neighbours, replaces some words with general synonyms, sometimes cuts
//! the end or splices in a paragraph of another report, and may add a
//! share-prompt line. Nothing here knows the story: any folder of articles
//! can be grown.
//!
//! Invariants: deterministic for a given seed; `grow_story(docs, n).len() ==
//! max(n, docs.len())` when `docs` is not empty (empty in, empty out); every
//! document's body is unique, so no rewrite is dropped as a second copy.

use corroborate_core::{Format, RawDoc};

/// General English synonyms of news prose (each pair used both ways).
const SYNONYMS: &[(&str, &str)] = &[
    ("said", "stated"),
    ("talks", "negotiations"),
    ("meeting", "gathering"),
    ("president", "leader"),
    ("country", "nation"),
    ("officials", "authorities"),
    ("announced", "declared"),
    ("reported", "stated"),
    ("major", "significant"),
    ("large", "big"),
    ("began", "started"),
    ("help", "assist"),
    ("people", "persons"),
    ("attack", "assault"),
    ("told", "informed"),
    ("week", "seven days"),
    ("expected", "anticipated"),
    ("however", "but"),
    ("also", "additionally"),
    ("agreement", "deal"),
    ("called", "urged"),
    ("show", "demonstrate"),
    ("government", "administration"),
    ("before", "prior to"),
    ("after", "following"),
];

const SHARE_LINES: &[&str] = &[
    "Share this article on social media.",
    "Sign up for our daily newsletter.",
    "Read more: latest world news.",
];

/// The generator of synthetic stories, benchmarks and fuzz drivers: the
/// workspace's one SplitMix64 (`corroborate_core::rng`), re-exported under
/// the name the examples use.
pub use corroborate_core::rng::SplitMix64 as Rng;

/// Grows a story to `n` documents (see the module doc).
pub fn grow_story(originals: &[RawDoc], n: usize, seed: u64) -> Vec<RawDoc> {
    if originals.is_empty() {
        return Vec::new();
    }
    let paragraphs: Vec<Vec<String>> = originals.iter().map(|d| sentences_of(&d.body)).collect();
    let mut out: Vec<RawDoc> = originals.to_vec();
    let mut rng = Rng::new(seed);
    let mut k = 0usize;
    while out.len() < n {
        let from = k % originals.len();
        let body = rewrite(&paragraphs, from, k, &mut rng);
        let original = &originals[from];
        out.push(RawDoc {
            path: format!("rewrite-{k:04}.txt"),
            format: Format::Text,
            title: original.title.as_ref().map(|t| swap_words(t, &mut rng, 30)),
            body,
            url: None,
            outlet: Some(format!("outlet-{k:04}")),
            published: original.published.clone(),
            author: None,
            language: original.language.clone(),
        });
        k += 1;
    }
    out
}

/// The body's sentences, split on sentence-final punctuation followed by a
/// space or a line end: crude, but rewrites only need plausible units.
fn sentences_of(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in body.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let mut start = 0;
        let bytes = line.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            let end_mark = matches!(b, b'.' | b'!' | b'?');
            let next_space = bytes.get(i + 1).is_none_or(|&c| c == b' ');
            if end_mark && next_space && i + 1 - start > 40 {
                out.push(line[start..=i].trim().to_string());
                start = i + 1;
            }
        }
        if start < line.len() && !line[start..].trim().is_empty() {
            out.push(line[start..].trim().to_string());
        }
    }
    out
}

fn rewrite(paragraphs: &[Vec<String>], from: usize, k: usize, rng: &mut Rng) -> String {
    let mut kept: Vec<String> = paragraphs[from]
        .iter()
        .filter(|_| !rng.chance(15))
        .cloned()
        .collect();
    for i in 1..kept.len() {
        if rng.chance(10) {
            kept.swap(i - 1, i);
        }
    }
    if kept.len() > 6 && rng.chance(30) {
        let keep = kept.len() * (60 + rng.below(30)) / 100;
        kept.truncate(keep);
    }
    if paragraphs.len() > 1 && rng.chance(20) {
        let other = (from + 1 + rng.below(paragraphs.len() - 1)) % paragraphs.len();
        if let Some(s) = paragraphs[other].get(rng.below(paragraphs[other].len())) {
            let at = rng.below(kept.len() + 1);
            kept.insert(at, s.clone());
        }
    }
    let mut body = String::new();
    for (i, s) in kept.iter().enumerate() {
        body.push_str(&swap_words(s, rng, 8));
        body.push_str(if i % 2 == 1 { "\n\n" } else { " " });
    }
    if rng.chance(30) {
        body.push_str("\n\n");
        body.push_str(SHARE_LINES[rng.below(SHARE_LINES.len())]);
    }
    // A closing line naming the rewrite keeps every body distinct.
    body.push_str(&format!("\n\nReporting by desk {k}.\n"));
    body
}

/// Replaces about `percent` % of the words that have a synonym.
fn swap_words(text: &str, rng: &mut Rng, percent: u64) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let core = word.trim_matches(|c: char| !c.is_alphanumeric());
        let lower = core.to_lowercase();
        let swap = SYNONYMS.iter().find_map(|&(a, b)| {
            (lower == a)
                .then_some(b)
                .or_else(|| (lower == b).then_some(a))
        });
        match swap {
            Some(other) if !core.is_empty() && rng.chance(percent) => {
                let other = if core.starts_with(char::is_uppercase) {
                    let mut c = other.chars();
                    c.next()
                        .map(|f| f.to_uppercase().chain(c).collect::<String>())
                        .unwrap_or_default()
                } else {
                    other.to_string()
                };
                out.push_str(&word.replacen(core, &other, 1));
            }
            _ => out.push_str(word),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(path: &str, body: &str) -> RawDoc {
        RawDoc {
            path: path.into(),
            format: Format::Text,
            title: Some("Leaders meet for talks".into()),
            body: body.into(),
            url: None,
            outlet: None,
            published: Some("2025-05-15".into()),
            author: None,
            language: None,
        }
    }

    #[test]
    fn grows_deterministically_to_n_distinct_bodies() {
        let originals = vec![
            doc("a.txt", "The president said the talks would begin on Friday in the capital. Officials expected a large crowd at the meeting.\n\nThe agreement was announced after a week of negotiations between the two sides."),
            doc("b.txt", "Authorities reported a major attack on the border town overnight, killing three people.\n\nThe government called for calm and said help was on the way."),
        ];
        let grown = grow_story(&originals, 12, 7);
        assert_eq!(grown.len(), 12);
        assert_eq!(grown, grow_story(&originals, 12, 7));
        let mut bodies: Vec<&str> = grown.iter().map(|d| d.body.as_str()).collect();
        bodies.sort_unstable();
        bodies.dedup();
        assert_eq!(bodies.len(), 12, "every body is distinct");
        assert!(grow_story(&[], 10, 1).is_empty());
        assert_eq!(grow_story(&originals, 1, 1).len(), 2);
    }
}
