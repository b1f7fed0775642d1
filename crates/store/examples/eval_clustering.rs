//! `cargo run -p corroborate-store --example eval_clustering -- FILE.jsonl|FILE.tsv [KEY=VALUE ...]`:
//! corroborate against the tuned TF-IDF baseline on a labelled stream (the same
//! report as `corroborate eval clustering`); KEY=VALUE overrides a clustering
//! parameter, for sensitivity runs.

use corroborate_store::cluster::ClusterParams;
use corroborate_store::eval::{evaluate, read_labelled};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: eval_clustering FILE.jsonl [KEY=VALUE ...]");
        std::process::exit(2);
    };
    let mut params = ClusterParams::default();
    for kv in args {
        let Some((k, v)) = kv.split_once('=') else {
            eprintln!("not KEY=VALUE: {kv}");
            std::process::exit(2);
        };
        if let Err(e) = params.set(k, v) {
            eprintln!("{e}");
            std::process::exit(2);
        }
    }
    let rows = read_labelled(std::path::Path::new(&path)).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2)
    });
    let dir = tempfile::tempdir().expect("temporary folder");
    match evaluate(&rows, params, dir.path()) {
        Ok(report) => {
            print!("{report}");
            if let Ok(out) = std::env::var("EVAL_PREDICTIONS") {
                let lines: Vec<String> = report.predicted.iter().map(i64::to_string).collect();
                std::fs::write(&out, lines.join("\n")).expect("predictions written");
            }
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
