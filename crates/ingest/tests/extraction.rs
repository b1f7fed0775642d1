//! Main-text extraction from HTML pages and the ingest details around it:
//! CJK paragraphs kept as body, inline scripts that do not derail the
//! reading, subheadings and table rows kept, link lists, captions and
//! credits removed with their reasons, README-like files skipped in
//! folders, `published` checked, short first lines kept as titles.
//!
//! The Japanese and Chinese pages are short news reports written for these
//! tests from public facts (the January 2018 Kusatsu-Shirane eruption and
//! the June 2024 Chang'e-6 sample return); the page furniture around them
//! is the usual kind (navigation, ranking lists, footer).

use corroborate_core::Article;
use corroborate_ingest::{ingest_bytes, ingest_paths, prepare};

fn article(name: &str, html: &str) -> Article {
    let ingested = ingest_bytes(name, html.as_bytes());
    assert!(ingested.problems.is_empty(), "{:?}", ingested.problems);
    let doc = ingested.docs.into_iter().next().expect("one document");
    prepare(doc).expect("article has text")
}

fn reasons_of<'a>(a: &'a Article, reason: &str) -> Vec<&'a str> {
    a.removed
        .iter()
        .filter(|r| r.reason == reason)
        .map(|r| r.text.as_str())
        .collect()
}

const JAPANESE_BODY: &[&str] = &[
    "群馬県草津町は5日、4月に予定していた自転車競技会「ツール・ド・草津」の開催を取りやめると発表した。",
    "1月下旬に本白根山が噴火し、噴火警戒レベルが入山規制に引き上げられたことが理由だという。",
    "大会は4年ぶりの復活を目指していた。町の担当者は「安全を最優先に判断した」と話している。",
    "町は来年以降の開催について、火山の状況を見ながら改めて検討するとしている。",
];

const CHINESE_BODY: &[&str] = &[
    "嫦娥六号返回器于6月25日在内蒙古四子王旗预定区域成功着陆。",
    "这是人类首次从月球背面采集样品并带回地球。",
    "国家航天局表示，样品将在完成交接后进行保存和研究。",
    "科学家希望这些样品能帮助人们了解月球背面的形成和演化。",
];

fn cjk_page(lang: &str, title: &str, body: &[&str], nav: &[&str], ranking: &[&str]) -> String {
    let nav: String = nav
        .iter()
        .map(|n| format!("<li><a href=\"/{n}\">{n}</a></li>"))
        .collect();
    let ranking: String = ranking
        .iter()
        .enumerate()
        .map(|(i, r)| format!("<li><a href=\"/news/{i}\">{r}</a></li>"))
        .collect();
    let paras: String = body.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <meta property=\"og:title\" content=\"{title}\"></head><body>\
         <header><nav><ul>{nav}</ul></nav></header>\
         <main><article><h1>{title}</h1>{paras}</article>\
         <section class=\"ranking\"><ul>{ranking}</ul></section></main>\
         <footer>Copyright 2024</footer></body></html>"
    )
}

#[test]
fn japanese_page_keeps_its_paragraphs() {
    let html = cjk_page(
        "ja",
        "草津の自転車大会、噴火の影響で中止",
        JAPANESE_BODY,
        &["ホーム", "政治", "経済", "社会"],
        &["円相場、一時1ドル150円台に", "東京で桜が開花"],
    );
    let a = article("ja.html", &html);
    for p in JAPANESE_BODY {
        assert!(a.text.contains(p), "lost {p:?}; text: {:?}", a.text);
    }
    assert!(!a.text.contains("ホーム"), "{:?}", a.text);
    assert_eq!(
        a.title.as_deref(),
        Some("草津の自転車大会、噴火の影響で中止")
    );
    // No body paragraph is taken for a label or a headline.
    for r in &a.removed {
        assert!(
            !JAPANESE_BODY.contains(&r.text.as_str()),
            "{} removed as {}",
            r.text,
            r.reason
        );
    }
}

#[test]
fn chinese_page_keeps_its_paragraphs() {
    let html = cjk_page(
        "zh-CN",
        "嫦娥六号返回器携带月球背面样品着陆",
        CHINESE_BODY,
        &["首页", "国内", "国际", "科技"],
        &["多地迎来强降雨", "新能源汽车销量创新高"],
    );
    let a = article("zh.html", &html);
    for p in CHINESE_BODY {
        assert!(a.text.contains(p), "lost {p:?}; text: {:?}", a.text);
    }
    assert!(!a.text.contains("首页"), "{:?}", a.text);
}

#[test]
fn cjk_plain_text_is_body_not_labels() {
    let text = format!(
        "嫦娥六号返回器携带月球背面样品着陆\n\n{}",
        CHINESE_BODY.join("\n\n")
    );
    let a = prepare(ingest_bytes("zh.txt", text.as_bytes()).docs.remove(0)).unwrap();
    assert_eq!(
        a.title.as_deref(),
        Some("嫦娥六号返回器携带月球背面样品着陆")
    );
    assert_eq!(a.text, CHINESE_BODY.join("\n\n"));
    assert_eq!(reasons_of(&a, "title").len(), 1);
}

#[test]
fn inline_script_with_comparisons_does_not_derail_the_page() {
    // 600 loops with `<` comparisons: more "tags" than the nesting guard
    // allows, if a script's content were read as markup.
    let script =
        "for (var i = 0; i < items.length; i++) { if (items[i].w < 300) { hide(items[i]); } }\n"
            .repeat(600);
    let body = [
        "The city council approved the new budget on Tuesday after a three-hour debate.",
        "The plan raises spending on road repairs by 12% and freezes hiring in most departments.",
        "Council members who voted against it said the repair money would not last the year.",
    ];
    let paras: String = body.iter().map(|p| format!("<p>{p}</p>")).collect();
    let html = format!(
        "<html><head><title>Council passes budget</title><style>.x{{color:red}} div > p {{margin:0}}</style>\
         <script>{script}</script></head><body>\
         <div id=\"consent\">We use cookies to improve your experience. Accept all cookies</div>\
         <article><h1>Council passes budget</h1>{paras}</article>\
         <script>var consentText = 'Manage cookie preferences'; if (a < b && c < d) {{ go(); }}</script>\
         </body></html>"
    );
    let a = article("budget.html", &html);
    for p in body {
        assert!(a.text.contains(p), "lost {p:?}: {:?}", a.text);
    }
    for junk in [
        "items.length",
        "hide(",
        "color:red",
        "Manage cookie",
        "cookies",
    ] {
        assert!(!a.text.contains(junk), "{junk:?} kept: {:?}", a.text);
    }
}

#[test]
fn deeply_nested_page_falls_back_without_scripts() {
    // Past the nesting guard the page is tag-stripped; scripts, styles and
    // comments must go with their tags.
    let html = format!(
        "<html><head><style>p {{ color: red }}</style></head><body>{}\
         <script>if (x < 3) {{ track('view'); }}</script><!-- ad slot -->\
         <p>The ferry service resumed on Monday after repairs to the harbour wall.</p>{}</body></html>",
        "<div>".repeat(1_000),
        "</div>".repeat(1_000)
    );
    let a = article("deep.html", &html);
    assert_eq!(
        a.text,
        "The ferry service resumed on Monday after repairs to the harbour wall."
    );
}

#[test]
fn subheadings_table_rows_and_link_lists() {
    let html = "<html><head><title>Storm closes schools across the county</title></head><body>\
        <article><h1>Storm closes schools across the county</h1>\
        <p>Schools across the county were closed on Wednesday as the storm brought winds of up to 110 km/h and heavy rain.</p>\
        <h2>Roads blocked</h2>\
        <p>Fallen trees blocked several main roads, and the police asked drivers to stay at home until the evening.</p>\
        <table><tr><th>Town</th><th>Rain (mm)</th></tr><tr><td>Ashford</td><td>48</td></tr><tr><td>Brookfield</td><td>61</td></tr></table>\
        <p>The weather service said the rain would ease overnight, with drier weather expected on Thursday morning.</p>\
        <div class=\"related\"><p><a href=\"/a\">Five things to know about storm insurance</a></p>\
        <p><a href=\"/b\">Photos: the storm in pictures</a> | <a href=\"/c\">Live map</a></p></div>\
        </article></body></html>";
    let a = article("storm.html", html);
    assert!(a.text.contains("\nRoads blocked\n"), "{:?}", a.text);
    for row in ["Town Rain (mm)", "Ashford 48", "Brookfield 61"] {
        assert!(a.text.contains(row), "lost {row:?}: {:?}", a.text);
    }
    let links = reasons_of(&a, "links");
    assert!(
        links.contains(&"Five things to know about storm insurance"),
        "{:?}",
        a.removed
    );
    assert!(!a.text.contains("Live map"), "{:?}", a.text);
}

#[test]
fn captions_credits_and_teasers_are_removed_with_reasons() {
    let text = "Probe sends first close-up of the comet\n\n\
        The European probe sent back its first close-up images of the comet on Thursday, showing a surface of dust and ice.\n\n\
        Credit: ESA\n\n\
        Mission scientists said the images were sharper than they had hoped, and that the lander could touch down in November.\n\n\
        The comet's surface seen from 30 km away. Credit: ESA/Rosetta/NAVCAM\n\n\
        The team will pick a landing site by the end of the month, after mapping the surface in more detail.\n\n\
        (Source: NASA)\n\n\
        Want more stories like this?\n\n\
        Sign up for our science newsletter.";
    let a = prepare(ingest_bytes("comet.txt", text.as_bytes()).docs.remove(0)).unwrap();
    assert!(a.text.starts_with("The European probe"));
    assert!(a.text.ends_with("in more detail."), "{:?}", a.text);
    for gone in [
        "Credit: ESA",
        "(Source: NASA)",
        "Want more stories",
        "NAVCAM",
    ] {
        assert!(!a.text.contains(gone), "{gone:?} kept: {:?}", a.text);
    }
    let captions = reasons_of(&a, "caption");
    assert!(captions.contains(&"Credit: ESA"), "{:?}", a.removed);
    assert!(
        captions.contains(&"The comet's surface seen from 30 km away. Credit: ESA/Rosetta/NAVCAM"),
        "{:?}",
        a.removed
    );
    assert!(
        reasons_of(&a, "credit").contains(&"(Source: NASA)"),
        "{:?}",
        a.removed
    );
    assert!(
        reasons_of(&a, "share_prompt").contains(&"Want more stories like this?"),
        "{:?}",
        a.removed
    );
    // A sentence that cites its source is news, not a credit line.
    let text = "Global temperatures in 2023 were the highest on record, according to the agency (Source: NASA).";
    let a = prepare(ingest_bytes("t.txt", text.as_bytes()).docs.remove(0)).unwrap();
    assert_eq!(a.text, text);
}

#[test]
fn short_first_line_is_the_title() {
    let text = "Springfield storm\n\nA storm brought down power lines across Springfield on Tuesday night, the utility said.\n\nCrews expected to restore power by Thursday.";
    let a = prepare(ingest_bytes("storm.txt", text.as_bytes()).docs.remove(0)).unwrap();
    assert_eq!(a.title.as_deref(), Some("Springfield storm"));
    assert!(a.text.starts_with("A storm brought down"));
    // One word alone is a section label, not a title.
    let text = "Weather\n\nA storm brought down power lines across Springfield on Tuesday night, the utility said.";
    let a = prepare(ingest_bytes("w.txt", text.as_bytes()).docs.remove(0)).unwrap();
    assert_eq!(a.title, None);
}

#[test]
fn entity_bomb_reference_is_no_title() {
    let text =
        "&lol9;\n\nThe council met on Tuesday and approved the new budget after a long debate.";
    let docs = ingest_bytes("bomb.txt", text.as_bytes()).docs;
    assert_eq!(docs[0].title, None);
    let html = "<!DOCTYPE html><html><head><title>&lol9;</title></head><body><p>The council met on Tuesday and approved the new budget after a long debate about roads.</p></body></html>";
    let docs = ingest_bytes("bomb.html", html.as_bytes()).docs;
    assert_eq!(docs[0].title, None);
    let jsonl =
        r#"{"title": "&lol9;", "text": "The council met on Tuesday and approved the new budget."}"#;
    let docs = ingest_bytes("bomb.jsonl", jsonl.as_bytes()).docs;
    assert_eq!(docs[0].title, None);
    // The classic "billion laughs" feed: the entities are never expanded,
    // and the raw reference is no headline either.
    let feed = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol9 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss version="2.0"><channel><title>Wire</title><item><title>&lol9;</title>
<description>The council met on Tuesday and approved the new budget after a long debate.</description>
</item></channel></rss>"#;
    let read = ingest_bytes("bomb.rss", feed.as_bytes());
    assert_eq!(read.docs.len(), 1, "{:?}", read.problems);
    for doc in &read.docs {
        assert_eq!(doc.title, None, "{doc:?}");
        assert!(!doc.body.contains("lollol"), "{doc:?}");
    }
}

#[test]
fn readme_and_license_in_folders_are_skipped_with_a_problem() {
    let dir = std::env::temp_dir().join(format!("corroborate-readme-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let article_text = "Talks open in Istanbul\n\nDelegations met in Istanbul on Friday for the first direct talks in three years.";
    std::fs::write(dir.join("a.txt"), article_text).unwrap();
    std::fs::write(dir.join("README.md"), "# Story folder\n\nFive reports of the talks, collected for the demo. Run the tool on this folder.").unwrap();
    std::fs::write(dir.join("LICENSE"), "Permission is hereby granted, free of charge, to any person obtaining a copy of this software.").unwrap();
    std::fs::write(dir.join("LICENSE-APACHE.txt"), "Licensed under the Apache License, Version 2.0 (the License); you may not use this file except in compliance.").unwrap();
    let ingested = ingest_paths(std::slice::from_ref(&dir));
    assert_eq!(ingested.docs.len(), 1);
    assert!(ingested.docs[0].path.ends_with("a.txt"));
    assert_eq!(ingested.problems.len(), 3, "{:?}", ingested.problems);
    assert!(ingested
        .problems
        .iter()
        .all(|p| p.reason.contains("README/LICENSE-like")));
    // Named on its own, a README is read.
    let readme = ingest_paths(&[dir.join("README.md")]);
    assert_eq!(readme.docs.len(), 1);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn published_is_checked() {
    let jsonl = concat!(
        r#"{"text": "The council approved the budget on Tuesday.", "published": "2025-05-15T10:00:00Z"}"#,
        "\n",
        r#"{"text": "The council approved the budget on Tuesday.", "published": "last Tuesday"}"#,
        "\n",
        r#"{"text": "The council approved the budget on Tuesday.", "published": "0001-01-01"}"#,
        "\n",
        r#"{"text": "The council approved the budget on Tuesday.", "date": "May 15, 2025"}"#,
        "\n",
    );
    let ingested = ingest_bytes("r.jsonl", jsonl.as_bytes());
    let published: Vec<Option<&str>> = ingested
        .docs
        .iter()
        .map(|d| d.published.as_deref())
        .collect();
    assert_eq!(
        published,
        [
            Some("2025-05-15T10:00:00+00:00"),
            None,
            None,
            Some("2025-05-15")
        ]
    );
    let lines: Vec<Option<usize>> = ingested.problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, [Some(2), Some(3)]);
    assert!(ingested.problems[0].reason.contains("not a date"));
    assert!(ingested.problems[0].reason.contains("ISO 8601"));
    assert!(ingested.problems[1].reason.contains("implausible year"));

    let md =
        "---\ntitle: Budget passes\ndate: soon\n---\nThe council approved the budget on Tuesday.";
    let ingested = ingest_bytes("b.md", md.as_bytes());
    assert_eq!(ingested.docs.len(), 1);
    assert_eq!(ingested.docs[0].published, None);
    assert_eq!(ingested.problems.len(), 1);
    assert!(ingested.problems[0]
        .reason
        .contains("\"soon\" is not a date"));
}

#[test]
fn a_long_comment_thread_does_not_replace_a_short_post() {
    let comment = "<li class=\"comment\"><p>I read this post twice and I still think the council got the numbers wrong, because the repair budget was cut last year and nobody has explained where the money went.</p></li>";
    let html = format!(
        "<html><head><title>Bridge reopens</title></head><body>\
         <div class=\"post\"><h1>Bridge reopens</h1>\
         <p>The old bridge reopened to traffic on Monday after eight months of repairs.</p></div>\
         <div id=\"comments\" class=\"comments-area\"><h3>12 Responses</h3><ol class=\"commentlist\">{}</ol>\
         <div id=\"respond\"><h3>Leave a Reply</h3></div></div></body></html>",
        comment.repeat(12)
    );
    let a = article("post.html", &html);
    assert!(
        a.text.contains(
            "The old bridge reopened to traffic on Monday after eight months of repairs."
        ),
        "{:?}",
        a.text
    );
    assert!(!a.text.contains("I read this post twice"), "{:?}", a.text);
}
