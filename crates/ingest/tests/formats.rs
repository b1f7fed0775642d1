//! Each input format on realistic fixtures under `tests/data/`, plus bad
//! inputs that must become problems without stopping the other inputs.

use corroborate_core::{Article, Format};
use corroborate_ingest::{ingest_bytes, ingest_jsonl_reader, ingest_paths, prepare, Ingested};
use std::path::{Path, PathBuf};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn prepared(ingested: Ingested) -> Vec<Article> {
    ingested
        .docs
        .into_iter()
        .map(|d| prepare(d).expect("fixture prepares"))
        .collect()
}

fn assert_spans(a: &Article) {
    for s in &a.sentences {
        assert_eq!(&a.text[s.start..s.end], s.text, "{}", a.path);
    }
}

#[test]
fn html_page_main_text_and_metadata() {
    let ingested = ingest_paths(&[data("news-page.html")]);
    assert!(ingested.problems.is_empty(), "{:?}", ingested.problems);
    let articles = prepared(ingested);
    assert_eq!(articles.len(), 1);
    let a = &articles[0];
    assert_spans(a);
    assert_eq!(a.format, Format::Html);
    assert_eq!(
        a.title.as_deref(),
        Some("Central bank holds interest rates as inflation cools")
    );
    assert_eq!(a.outlet.as_deref(), Some("The Harbour Times"));
    assert_eq!(a.author.as_deref(), Some("Priya Raman"));
    assert_eq!(a.language.as_deref(), Some("en-GB"));
    assert_eq!(a.published.as_deref(), Some("2025-03-20T12:04:00+00:00"));
    assert_eq!(
        a.url.as_deref(),
        Some("https://www.harbourtimes.example/business/2025/03/20/central-bank-holds-rates")
    );
    // Article text kept, sentence by sentence.
    let first = &a.sentences[0].text;
    assert!(
        first.starts_with("The central bank held its benchmark interest rate at 4.5% on Thursday")
    );
    assert!(a.sentences.iter().any(|s| s.text
        == "“We are not yet confident that inflation will stay close to our 2% target,” the governor, Dr. Helen Marsh, told reporters."));
    assert_eq!(
        a.sentences.last().map(|s| s.text.as_str()),
        Some("The next rate decision is due on 8 May.")
    );
    // Page furniture gone: navigation, share buttons, caption, related links, footer.
    for furniture in [
        "Skip to main content",
        "Sport",
        "Facebook",
        "Photograph:",
        "Mortgage rates fall",
        "All rights reserved",
        "newsletter",
    ] {
        assert!(!a.text.contains(furniture), "{furniture:?} left in text");
    }
    // The article's own subheading (an <h2> between its paragraphs) is part
    // of the text, short and unfinished as it is.
    assert!(a.text.contains("\nWage pressure\n"), "{}", a.text);
    let reasons: Vec<&str> = a.removed.iter().map(|r| r.reason.as_str()).collect();
    assert!(reasons.contains(&"share_prompt"), "{reasons:?}");
}

#[test]
fn rss_items_become_articles_and_empty_item_is_a_problem() {
    let path = data("wire.rss");
    let ingested = ingest_paths(std::slice::from_ref(&path));
    let name = path.display().to_string();
    assert_eq!(ingested.problems.len(), 1);
    assert_eq!(ingested.problems[0].path, name);
    assert_eq!(ingested.problems[0].line, Some(3));
    let articles = prepared(ingested);
    assert_eq!(articles.len(), 2);
    let a = &articles[0];
    assert_spans(a);
    assert_eq!(a.path, format!("{name}#1"));
    assert_eq!(a.format, Format::Rss);
    assert_eq!(a.outlet.as_deref(), Some("Coastal Wire"));
    assert_eq!(a.author.as_deref(), Some("Luis Ortega"));
    assert_eq!(a.published.as_deref(), Some("2025-10-02T08:15:00+00:00"));
    assert_eq!(a.dateline_place.as_deref(), Some("PORT ELLIS"));
    assert!(a
        .text
        .starts_with("Authorities ordered about 12,000 people"));
    assert!(a
        .removed
        .iter()
        .any(|r| r.reason == "caption" && r.text.contains("Sam Diallo/AP")));
    assert_eq!(a.sentences.len(), 4);
    // Escaped HTML in a description is decoded and turned into text.
    assert_eq!(articles[1].path, format!("{name}#2"));
    assert_eq!(
        articles[1].sentences[0].text,
        "All ferry services between the islands were suspended until Friday, the operator said."
    );
}

#[test]
fn atom_entries_with_content_or_summary() {
    let ingested = ingest_paths(&[data("agency.atom")]);
    assert!(ingested.problems.is_empty(), "{:?}", ingested.problems);
    let articles = prepared(ingested);
    assert_eq!(articles.len(), 2);
    assert!(articles.iter().all(|a| a.format == Format::Atom));
    assert_eq!(articles[0].author.as_deref(), Some("Mei Chen"));
    assert_eq!(
        articles[0].published.as_deref(),
        Some("2025-10-02T07:30:00+00:00")
    );
    assert_eq!(
        articles[0].url.as_deref(),
        Some("https://harbour-agency.example/storm-brace")
    );
    assert_eq!(articles[0].sentences.len(), 2);
    assert_eq!(articles[0].removed[0].reason, "share_prompt");
    // No `published`: the `updated` date stands in.
    assert_eq!(
        articles[1].published.as_deref(),
        Some("2025-10-02T10:00:00+00:00")
    );
    assert_eq!(
        articles[1].title.as_deref(),
        Some("Storm weakens before landfall")
    );
}

#[test]
fn jsonl_good_and_bad_lines() {
    let path = data("records.jsonl");
    let name = path.display().to_string();
    let ingested = ingest_paths(std::slice::from_ref(&path));
    let bad: Vec<usize> = ingested.problems.iter().filter_map(|p| p.line).collect();
    assert_eq!(bad, [3, 4, 5, 7, 9]);
    assert!(ingested.problems[0].reason.contains("not valid JSON"));
    assert!(ingested.problems[1].reason.contains("not an object"));
    assert!(ingested.problems[2].reason.contains("text"));
    let articles = prepared(ingested);
    let paths: Vec<&str> = articles.iter().map(|a| a.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            format!("{name}:1"),
            format!("{name}:2"),
            format!("{name}:8")
        ]
    );
    let a = &articles[0];
    assert_eq!(a.title.as_deref(), Some("Storm makes landfall"));
    assert_eq!(a.outlet.as_deref(), Some("Alpha News"));
    assert_eq!(a.published.as_deref(), Some("2025-10-02"));
    assert_eq!(a.language.as_deref(), Some("en"));
    assert_eq!(a.sentences.len(), 2);
    // Markup inside `text` is read as HTML; its caption is cleaned away.
    assert_eq!(articles[2].text, "Schools will stay closed on Friday.");
    assert_eq!(articles[2].removed[0].reason, "caption");
}

#[test]
fn jsonl_reader_names_records_by_line() {
    let input =
        "{\"text\": \"One sentence here.\"}\n\n{\"text\": \"Another one.\", \"outlet\": \"X\"}\n";
    let ingested = ingest_jsonl_reader("-", input.as_bytes());
    assert!(ingested.problems.is_empty());
    let paths: Vec<&str> = ingested.docs.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(paths, ["-:1", "-:3"]);
}

#[test]
fn sniffs_pasted_input() {
    let html = ingest_bytes("pasted", b"<html><body><article><p>The talks ended without a deal on Friday, officials said.</p></article></body></html>");
    assert_eq!(html.docs[0].format, Format::Html);
    let feed = ingest_bytes(
        "pasted",
        std::fs::read(data("agency.atom")).unwrap().as_slice(),
    );
    assert_eq!(feed.docs.len(), 2);
    assert_eq!(feed.docs[0].format, Format::Atom);
    let rss = ingest_bytes(
        "upload.xml",
        std::fs::read(data("wire.rss")).unwrap().as_slice(),
    );
    assert_eq!(rss.docs[0].format, Format::Rss);
    let jsonl = ingest_bytes(
        "pasted",
        b"{\"text\": \"A record.\"}\n{\"text\": \"Another.\"}",
    );
    assert_eq!(jsonl.docs.len(), 2);
    assert_eq!(jsonl.docs[0].format, Format::Jsonl);
    let long_record = format!(
        "{}\n",
        serde_json::json!({"text": "The talks ended. ".repeat(1000)})
    );
    let long = ingest_bytes("pasted", long_record.as_bytes());
    assert_eq!(long.docs.len(), 1);
    assert_eq!(long.docs[0].format, Format::Jsonl);
    let md = ingest_bytes("pasted", b"# Big news\n\nThe **talks** ended.");
    assert_eq!(md.docs[0].format, Format::Markdown);
    assert_eq!(md.docs[0].title.as_deref(), Some("Big news"));
    let array = ingest_bytes(
        "export.json",
        b"[{\"text\": \"One.\"}, 3, {\"text\": \"Two.\"}]",
    );
    let paths: Vec<&str> = array.docs.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(paths, ["export.json#1", "export.json#3"]);
    assert_eq!(array.problems[0].line, Some(2));
    let json_feed = br#"{"version": "https://jsonfeed.org/version/1.1", "title": "Gamma Wire", "items": [{"id": "1", "title": "Talks end", "content_html": "<p>The talks ended on Friday.</p>", "date_published": "2025-05-16T09:00:00Z"}]}"#;
    for name in ["feed.json", "pasted"] {
        let feed = ingest_bytes(name, json_feed);
        assert_eq!(feed.docs.len(), 1, "{name}: {:?}", feed.problems);
        assert_eq!(feed.docs[0].outlet.as_deref(), Some("Gamma Wire"));
        // The body carries the line hints HTML reading adds for cleaning;
        // the article text has none.
        let article = prepare(feed.docs[0].clone()).unwrap();
        assert_eq!(article.text, "The talks ended on Friday.");
        assert_eq!(
            feed.docs[0].published.as_deref(),
            Some("2025-05-16T09:00:00+00:00")
        );
    }
    let text = ingest_bytes("pasted", b"Talks ended. Nobody won.");
    assert_eq!(text.docs[0].format, Format::Text);
}

#[test]
fn bad_inputs_are_problems_not_panics() {
    let cases: [(&str, &[u8], &str); 6] = [
        ("latin1.txt", b"caf\xe9 au lait", "UTF-8"),
        ("empty.txt", b"  \n\t\n", "empty"),
        ("broken.rss", b"this is not xml at all", "feed"),
        (
            "other.xml",
            b"<?xml version=\"1.0\"?><note><to>A</to></note>",
            "feed",
        ),
        ("photo.jpg", b"\xff\xd8\xff\xe0", "unsupported"),
        (
            "nothing.html",
            b"<html><body><script>var a = 1;</script></body></html>",
            "text",
        ),
    ];
    for (name, bytes, needle) in cases {
        let ingested = ingest_bytes(name, bytes);
        assert!(ingested.docs.is_empty(), "{name}");
        assert_eq!(ingested.problems.len(), 1, "{name}");
        let p = &ingested.problems[0];
        assert_eq!(p.path, name);
        assert!(p.reason.contains(needle), "{name}: {}", p.reason);
    }
}

#[test]
fn folder_is_read_recursively_in_sorted_order_despite_bad_files() {
    let dir = std::env::temp_dir().join(format!("corroborate-ingest-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("b/inner")).unwrap();
    std::fs::write(dir.join("b/inner/z.txt"), "Deep file sentence one. Two.").unwrap();
    std::fs::write(dir.join("a.md"), "# Title here now\n\nFirst file text.").unwrap();
    std::fs::write(dir.join("c.txt"), b"\xff\xfe bad").unwrap();
    std::fs::write(dir.join(".hidden.txt"), "Hidden.").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&dir, dir.join("b/inner/loop")).unwrap();
    let ingested = ingest_paths(std::slice::from_ref(&dir));
    let names: Vec<String> = ingested
        .docs
        .iter()
        .map(|d| {
            Path::new(&d.path)
                .strip_prefix(&dir)
                .unwrap()
                .display()
                .to_string()
        })
        .collect();
    assert_eq!(names, ["a.md", "b/inner/z.txt"]);
    assert_eq!(ingested.problems.len(), 1);
    assert!(ingested.problems[0].path.ends_with("c.txt"));
    let missing = ingest_paths(&[dir.join("missing.txt")]);
    assert!(missing.problems[0].reason.contains("cannot read"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn html_in_a_declared_legacy_charset_is_decoded() {
    let page = b"<html><head><meta charset=\"windows-1252\"><title>Caf\xe9 talks</title></head><body><article><p>The caf\xe9 owner said the talks \x93went well\x94 on Friday.</p></article></body></html>";
    let ingested = ingest_bytes("legacy.html", page);
    assert!(ingested.problems.is_empty(), "{:?}", ingested.problems);
    let a = prepare(ingested.docs.into_iter().next().unwrap()).unwrap();
    assert_eq!(
        a.text,
        "The caf\u{e9} owner said the talks \u{201c}went well\u{201d} on Friday."
    );
}

#[test]
fn ids_are_stable_and_layout_independent() {
    let a = ingest_bytes("a.txt", b"Talks ended.\r\nNobody won.");
    let b = ingest_bytes("b.txt", b"Talks ended.\nNobody won.");
    let a = prepare(a.docs.into_iter().next().unwrap()).unwrap();
    let b = prepare(b.docs.into_iter().next().unwrap()).unwrap();
    assert_eq!(a.id, b.id);
    assert_eq!(
        a.id,
        corroborate_core::content_id("Talks ended. Nobody won.")
    );
}
