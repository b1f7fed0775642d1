//! The PostgreSQL store with several concurrent workers. Needs a server:
//! `eval "$(scripts/pg-test-server.sh)"` sets CORROBORATE_TEST_PG; without it
//! the tests say so and pass (CI always sets it).

use corroborate_store::{synth::synthetic_stream, Store};
use std::path::PathBuf;

/// A fresh database on the test server, so tests never see each other's rows.
fn fresh_database(name: &str) -> Option<String> {
    let Ok(admin_url) = std::env::var("CORROBORATE_TEST_PG") else {
        eprintln!("CORROBORATE_TEST_PG not set: skipping PostgreSQL test {name}");
        return None;
    };
    let mut admin =
        postgres::Client::connect(&admin_url, postgres::NoTls).expect("test server reachable");
    // One statement per call: DROP/CREATE DATABASE refuse to run in an implicit transaction.
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
        .unwrap();
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .unwrap();
    let base = admin_url.rsplit_once('/').map(|(b, _)| b).unwrap();
    Some(format!("{base}/{name}"))
}

fn example_sentences() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/istanbul-2025-05-15");
    corroborate_ingest::prepared_articles(&[dir])
        .into_iter()
        .flat_map(|a| a.sentences.into_iter().map(|s| s.text))
        .collect()
}

#[test]
fn concurrent_workers_lose_nothing_and_process_nothing_twice() {
    let Some(url) = fresh_database("corroborate_workers") else {
        return;
    };
    let stream = synthetic_stream(&example_sentences(), 600, 3);
    let total = stream.len();
    let mut store = Store::open(&url).unwrap();
    let docs: Vec<_> = stream.into_iter().map(|(d, _)| d).collect();
    let stats = store.enqueue(docs.clone()).unwrap();
    let distinct = stats.added;
    assert_eq!(stats.added + stats.already_stored, total);
    assert_eq!(
        store.enqueue(docs).unwrap().added,
        0,
        "re-ingest is a no-op"
    );

    let workers: Vec<_> = (0..4)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || {
                let mut s = Store::open(&url).unwrap();
                s.process_all(25, |_| {}).unwrap()
            })
        })
        .collect();
    let processed: usize = workers.into_iter().map(|w| w.join().unwrap()).sum();
    assert_eq!(
        processed, distinct,
        "every stored article processed exactly once"
    );

    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let row = client
        .query_one("SELECT count(*) FILTER (WHERE state = 'done'), count(*), count(DISTINCT done_seq) FROM articles", &[])
        .unwrap();
    let (done, all): (i64, i64) = (row.get(0), row.get(1));
    assert_eq!(
        (done as usize, all as usize),
        (distinct, distinct),
        "nothing lost or left pending"
    );
    let sizes: i64 = client
        .query_one("SELECT sum(size)::bigint FROM stories", &[])
        .unwrap()
        .get(0);
    assert_eq!(
        sizes as usize, distinct,
        "story sizes add up: no article counted in two stories"
    );
    let docs: i64 = client
        .query_one("SELECT value FROM corroborate_meta WHERE key = 'docs'", &[])
        .unwrap()
        .get(0);
    let clustered: i64 = client
        .query_one(
            "SELECT count(*) FROM articles WHERE story_id IS NOT NULL",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(
        docs, clustered,
        "document frequencies count every clustered article once, across workers"
    );
    let stories = store.stories(usize::MAX).unwrap();
    assert!(
        stories.len() > 10,
        "several stories found: {}",
        stories.len()
    );
    assert!(!store.search("Istanbul", 5).unwrap().is_empty());
}

#[test]
fn bad_server_url_is_a_clear_error() {
    let err = Store::open("postgres://nobody:secret@127.0.0.1:1/none")
        .err()
        .expect("no server there")
        .to_string();
    assert!(err.contains("cannot connect to PostgreSQL"), "{err}");
    assert!(!err.contains("secret"), "password never printed: {err}");
}

/// The same stream, one worker each: PostgreSQL and SQLite form the same
/// stories (the clustering state, document frequencies included, is the
/// store's, not the backend's).
#[test]
fn postgres_and_sqlite_cluster_alike() {
    let Some(url) = fresh_database("corroborate_alike") else {
        return;
    };
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../data/clustering/uci-news-aggregator-sample.tsv");
    let rows = corroborate_store::eval::read_labelled(&path).unwrap();
    let docs: Vec<_> = rows.into_iter().map(|r| r.doc).collect();
    let partition = |store: &mut Store| {
        store.enqueue(docs.clone()).unwrap();
        store.process_all(40, |_| {}).unwrap();
        let mut groups: std::collections::BTreeMap<i64, Vec<String>> = Default::default();
        for (id, story) in store.article_stories().unwrap() {
            groups.entry(story).or_default().push(id);
        }
        let mut groups: Vec<Vec<String>> = groups.into_values().collect();
        for g in &mut groups {
            g.sort();
        }
        groups.sort();
        groups
    };
    let dir = tempfile::tempdir().unwrap();
    let mut sqlite = Store::open(dir.path().join("alike.db").to_str().unwrap()).unwrap();
    let mut pg = Store::open(&url).unwrap();
    let (a, b) = (partition(&mut sqlite), partition(&mut pg));
    assert!(a.len() > 5 && a.len() < 400, "{} stories", a.len());
    assert_eq!(a, b);
}
