//! Prints the JSON report of each folder given, one story per folder, to
//! compare the output of two builds byte for byte:
//! `cargo run --release -p corroborate-pipeline --example report -- DIR...`.

use corroborate_pipeline::{analyze_paths, Options};

fn main() {
    for dir in std::env::args().skip(1) {
        let report = analyze_paths(&[dir.clone().into()], &Options::default());
        println!("== {dir}");
        println!("{}", corroborate_pipeline::render::to_json(&report));
    }
}
