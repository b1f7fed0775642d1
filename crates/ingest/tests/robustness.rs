//! Property tests: arbitrary bytes and strings thrown at every entry point
//! never panic, and whatever comes out keeps the span invariants.

use corroborate_core::Article;
use corroborate_ingest::{clean, ingest_bytes, ingest_jsonl_reader, prepare, segment};
use proptest::prelude::*;

/// The invariants of a prepared article.
fn check_article(a: &Article) {
    assert!(!a.sentences.is_empty());
    let mut previous_end = 0;
    for (i, s) in a.sentences.iter().enumerate() {
        assert_eq!(s.index, i);
        assert_eq!(a.text.get(s.start..s.end), Some(s.text.as_str()));
        assert_eq!(s.text.trim(), s.text);
        assert!(s.start >= previous_end);
        previous_end = s.end;
    }
    assert!(!a.text.contains('\r'));
}

/// The invariants of segmentation on any text.
fn check_segments(text: &str) {
    let mut previous_end = 0;
    for (i, s) in segment(text).iter().enumerate() {
        assert_eq!(s.index, i);
        assert_eq!(text.get(s.start..s.end), Some(s.text.as_str()));
        assert!(!s.text.is_empty());
        assert_eq!(s.text.trim(), s.text);
        assert!(s.text.chars().any(char::is_alphanumeric));
        assert!(s.start >= previous_end);
        previous_end = s.end;
    }
}

fn ingest_and_prepare(name: &str, bytes: &[u8]) {
    let ingested = ingest_bytes(name, bytes);
    for doc in ingested.docs {
        if let Ok(a) = prepare(doc) {
            check_article(&a);
        }
    }
}

/// Text made of the characters segmentation and cleaning care about.
fn prose() -> impl Strategy<Value = String> {
    proptest::string::string_regex(
        r##"([A-Z][a-z]{0,8}|[a-z]{1,8}|U\.S\.|Mr\.|No\.|e\.g\.|[0-9]{1,3}(\.[0-9])?|[.!?…,;:"'“”‘’()\-–—|/@]|\.\.\.| |  |\n|\n\n|\r\n|\t|Photo: |By |ISTANBUL|KYIV \(AP\) — |\u{a0}|\u{200b}|é|ğ|中文){0,60}"##,
    )
    .expect("valid regex")
}

/// HTML-ish text from tags, attributes and text pieces.
fn html_soup() -> impl Strategy<Value = String> {
    proptest::string::string_regex(
        r##"(<p>|</p>|<div class="x">|</div>|<br>|<h2>|</h2>|<script>|</script>|<nav>|</nav>|<figure>|<figcaption>|</figure>|<meta property="og:title" content="T">|<time datetime="2025-05-15">|<!--|-->|<html lang="en">|<body>|&amp;|&lt;|&#x1F600;|<a href="#">|</a>|Talks ended\. |Photo: A/Reuters|[a-z ]{1,12}|\n){0,60}"##,
    )
    .expect("valid regex")
}

/// Feed-ish XML.
fn feed_soup() -> impl Strategy<Value = String> {
    proptest::string::string_regex(
        r##"(<\?xml version="1\.0"\?>|<rss version="2\.0">|</rss>|<channel>|</channel>|<item>|</item>|<title>|</title>|<description>|</description>|<feed xmlns="http://www\.w3\.org/2005/Atom">|</feed>|<entry>|</entry>|<content type="html">|</content>|<pubDate>Thu, 02 Oct 2025 08:15:00 GMT</pubDate>|&lt;p&gt;|<!\[CDATA\[|\]\]>|Storm hits\. |[a-z ]{1,10}){0,40}"##,
    )
    .expect("valid regex")
}

/// JSONL-ish lines, valid and broken.
fn jsonl_soup() -> impl Strategy<Value = String> {
    proptest::string::string_regex(
        r##"(\{"text": "[A-Za-z .<>/p]{0,30}"\}|\{"title": 1\}|\[1\]|\{|\}|"|null|\{"text": "a\\u00e9\\n b\."\, "published": "x"\}|\n|\r\n|[a-z ]{1,8}){0,30}"##,
    )
    .expect("valid regex")
}

const NAMES: &[&str] = &[
    "a.txt", "a.md", "a.html", "a.rss", "a.atom", "a.jsonl", "a.xml", "pasted", "a.json",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400), name in proptest::sample::select(NAMES)) {
        ingest_and_prepare(name, &bytes);
    }

    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>(), name in proptest::sample::select(NAMES)) {
        ingest_and_prepare(name, text.as_bytes());
    }

    #[test]
    fn prose_keeps_span_invariants(text in prose(), name in proptest::sample::select(NAMES)) {
        check_segments(&text);
        let cleaned = clean(&text, Some("Talks ended"));
        prop_assert!(!cleaned.text.contains('\r'));
        for line in cleaned.text.lines() {
            prop_assert_eq!(line.trim(), line);
            prop_assert!(!line.contains("  "));
        }
        check_segments(&cleaned.text);
        ingest_and_prepare(name, text.as_bytes());
    }

    #[test]
    fn html_soup_never_panics(html in html_soup()) {
        ingest_and_prepare("page.html", html.as_bytes());
        ingest_and_prepare("pasted", html.as_bytes());
    }

    #[test]
    fn feed_soup_never_panics(xml in feed_soup()) {
        ingest_and_prepare("feed.rss", xml.as_bytes());
        ingest_and_prepare("pasted", xml.as_bytes());
    }

    #[test]
    fn jsonl_soup_never_panics(lines in jsonl_soup()) {
        let ingested = ingest_jsonl_reader("-", lines.as_bytes());
        for doc in ingested.docs {
            prop_assert!(doc.path.starts_with("-:"));
            if let Ok(a) = prepare(doc) {
                check_article(&a);
            }
        }
    }

    #[test]
    fn arbitrary_text_segments_cleanly(text in any::<String>()) {
        check_segments(&text);
        check_segments(&clean(&text, None).text);
    }
}
