//! Size of the web story page for a saved report.
//!
//! In: a `report.json` path. Out: the byte size of the story view the web
//! app shows (`corroborate_render::to_html_fragment` with the options of
//! the story page) and of each of its sections, on stdout — to
//! check that a story of hundreds of copies stays a readable page.
//!
//! ```sh
//! cargo run -p corroborate-web --example story_page_size -- REPORT.json
//! ```

use corroborate_core::Report;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: story_page_size REPORT.json")?;
    let report: Report = serde_json::from_str(&std::fs::read_to_string(path)?)?;
    let options = corroborate_render::HtmlOptions {
        root: corroborate_render::Root::Article,
        json_href: Some("/api/stories/0000000000000000".into()),
    };
    let page = corroborate_render::to_html_fragment(&report, &options);
    println!("story page: {} bytes", page.len());
    let starts: Vec<(usize, &str)> = page
        .match_indices("<section id=\"")
        .map(|(i, _)| {
            let id = page[i + 13..].split('"').next().unwrap_or("");
            (i, id)
        })
        .collect();
    for (k, (start, id)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(page.len(), |(s, _)| *s);
        println!("  {id}: {} bytes", end - start);
    }
    Ok(())
}
