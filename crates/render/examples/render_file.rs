//! Renders a saved `report.json` again, with this build's renderers.
//!
//! In: a `report.json` path and an output folder. Out: `report.md` and
//! `report.html` in that folder, and their sizes on stdout — to see how a
//! rendering change reads on a big story without re-running the analysis.
//!
//! ```text
//! cargo run -p corroborate-render --example render_file -- REPORT.json DIR
//! ```

use corroborate_core::Report;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(input), Some(out)) = (args.next(), args.next()) else {
        return Err("usage: render_file REPORT.json DIR".into());
    };
    let report: Report = serde_json::from_str(&std::fs::read_to_string(&input)?)?;
    let out = std::path::PathBuf::from(out);
    std::fs::create_dir_all(&out)?;
    for (name, text) in [
        ("report.md", corroborate_render::to_markdown(&report)),
        ("report.html", corroborate_render::to_html(&report)),
    ] {
        println!("{name}: {} bytes", text.len());
        std::fs::write(out.join(name), text)?;
    }
    Ok(())
}
