//! Any bytes, under any of the names that pick a format, through ingest and
//! `prepare`: no panic, and every prepared article keeps the span invariant.

#![no_main]

use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] = &[
    "a.txt", "a.md", "a.html", "a.rss", "a.atom", "a.jsonl", "a.json", "a.xml", "pasted",
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(selector) % NAMES.len()];
    for doc in corroborate_ingest::ingest_bytes(name, bytes).docs {
        if let Ok(article) = corroborate_ingest::prepare(doc) {
            for s in &article.sentences {
                assert_eq!(article.text.get(s.start..s.end), Some(s.text.as_str()));
            }
        }
    }
    let jsonl = corroborate_ingest::ingest_jsonl_reader("-", bytes);
    for doc in jsonl.docs {
        let _ = corroborate_ingest::prepare(doc);
    }
});
