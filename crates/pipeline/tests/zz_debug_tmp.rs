use corroborate_pipeline::{analyze_paths, Options};
#[test]
#[ignore]
fn dump() {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/istanbul-2025-05-15");
    let r = analyze_paths(&[dir], &Options::default());
    for (i, a) in r.articles.iter().enumerate() { println!("a{i} {} group {} fid {:?} garble {}", a.path, a.source_group, a.fidelity, a.garble); }
    for c in &r.claims { if c.sentences.iter().any(|s| s.text.contains("sanctions")) { println!("CLAIM {} {:?}", c.id, c.sentences.iter().map(|s| (&s.article[..4], s.sentence, &s.text[..40.min(s.text.len())])).collect::<Vec<_>>()); } }
    for &i in &r.disputed { let f = &r.findings[i]; println!("{:?}/{:?} {}", f.kind, f.detail, f.summary); for e in &f.evidence { println!("   {} s{} {:?}", &e.article[..4], e.sentence, e.spans.iter().map(|s| &e.text[s.start..s.end]).collect::<Vec<_>>()); } }
    for s in &r.summary { println!("* [{} {}] {}", s.support, s.citations.len(), s.text); }
    let count = |k| r.findings.iter().filter(|f| f.kind == k).count();
    use corroborate_pipeline::core::FindingKind::*;
    println!("consensus {} single {} contra {} div {} namevar {}", count(Consensus), count(SingleSource), count(Contradiction), count(Divergence), count(NameVariant));
}
