//! Quote finding and speaker attribution measured on direct-quote
//! attributions of PolNeAR (political news attribution corpus, dev split),
//! see `tests/data/polnear/gold.tsv` for origin and licence.
//!
//! For each gold attribution whose content holds a quotation mark: it is
//! *found* when an extracted quote overlaps its content, and *attributed*
//! when such a quote's speaker (canonical entity name) shares a name word
//! with the gold speaker. Gold sources that are pronouns or descriptions
//! ("he", "the mayor") carry the named antecedent, resolved by hand; scores
//! are printed for named sources alone and for all.
//!
//! `cargo test -p corroborate-extract --test polnear_eval -- --nocapture`

use corroborate_eval::plain::plain_article;
use corroborate_extract::{extract_story, similarity::letters};
use std::collections::BTreeMap;

struct Gold {
    file: String,
    /// Content spans as byte ranges of the article text.
    content: Vec<(usize, usize)>,
    speaker: String,
    kind: String,
}

fn byte_offset(text: &str, char_offset: usize) -> usize {
    text.char_indices()
        .nth(char_offset)
        .map(|(b, _)| b)
        .unwrap_or(text.len())
}

fn name_words(name: &str) -> Vec<String> {
    name.split([' ', '-'])
        .map(letters)
        .filter(|w| w.len() >= 3)
        .collect()
}

#[test]
fn polnear_direct_quote_attribution() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/polnear/");
    let gold_tsv = std::fs::read_to_string(format!("{dir}gold.tsv")).expect("gold file");
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    let mut gold = Vec::new();
    for line in gold_tsv
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 6, "bad gold line {line:?}");
        let text = texts.entry(cols[0].to_string()).or_insert_with(|| {
            std::fs::read_to_string(format!("{dir}{}.txt", cols[0])).expect("text")
        });
        let content = cols[1]
            .split(';')
            .map(|r| {
                let (a, b) = r.split_once('-').expect("range");
                let (a, b): (usize, usize) = (a.parse().unwrap(), b.parse().unwrap());
                (byte_offset(text, a), byte_offset(text, b))
            })
            .collect();
        gold.push(Gold {
            file: cols[0].to_string(),
            content,
            speaker: cols[4].to_string(),
            kind: cols[5].to_string(),
        });
    }
    // (found, attributed, total) per source kind.
    let mut tally: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for (file, text) in &texts {
        let article = plain_article(file, text, None);
        let x = extract_story(std::slice::from_ref(&article));
        for g in gold.iter().filter(|g| &g.file == file) {
            let overlapping: Vec<_> = x
                .quote_list
                .iter()
                .filter(|q| g.content.iter().any(|&(a, b)| q.start < b && a < q.end))
                .collect();
            let want = name_words(&g.speaker);
            let attributed = overlapping.iter().any(|q| {
                q.speaker
                    .and_then(|e| x.entities.get(e))
                    .is_some_and(|e| name_words(&e.canonical).iter().any(|w| want.contains(w)))
            });
            if std::env::var_os("POLNEAR_SHOW").is_some() {
                let got: Vec<Option<&str>> = overlapping
                    .iter()
                    .map(|q| {
                        q.speaker
                            .and_then(|e| x.entities.get(e))
                            .map(|e| e.canonical.as_str())
                    })
                    .collect();
                println!("{:8} want {:16} got {:?}", g.kind, g.speaker, got);
            }
            for key in [g.kind.clone(), "all".to_string()] {
                let t = tally.entry(key).or_default();
                t.0 += usize::from(!overlapping.is_empty());
                t.1 += usize::from(attributed);
                t.2 += 1;
            }
        }
    }
    println!("source kind   gold  found  attributed  found%  attributed%");
    for (kind, (found, attributed, total)) in &tally {
        println!(
            "{kind:12} {total:5} {found:6} {attributed:11}  {:5.1}  {:10.1}",
            100.0 * *found as f64 / *total as f64,
            100.0 * *attributed as f64 / *total as f64
        );
    }
    let (found, attributed, total) = tally["all"];
    assert_eq!(total, 26);
    // Floors a little under the measured scores (docs/eval/extraction.md).
    assert!(found >= 24, "quotes found fell to {found}/{total}");
    assert!(
        attributed >= 22,
        "speakers right fell to {attributed}/{total}"
    );
}
