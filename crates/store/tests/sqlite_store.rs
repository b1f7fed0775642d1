//! The SQLite store end to end on real articles: ingest, dedup, clustering,
//! search, reports, and bad databases.

use corroborate_core::{Format, RawDoc};
use corroborate_store::Store;
use std::path::PathBuf;

fn example_docs() -> Vec<RawDoc> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/istanbul-2025-05-15");
    let docs = corroborate_ingest::ingest_paths(&[dir]).docs;
    assert_eq!(docs.len(), 5, "the example story has five articles");
    docs
}

fn unrelated_doc() -> RawDoc {
    RawDoc {
        path: "markets.txt".into(),
        format: Format::Text,
        title: Some("Central bank raises interest rates again".into()),
        body: "The central bank raised its main interest rate by a quarter of a percentage point on Wednesday, \
               the fourth increase this year, saying inflation in services and housing remained too high. \
               Economists had expected the move after wage growth accelerated in the spring. \
               The governor said further increases could not be ruled out if prices kept rising."
            .into(),
        url: None,
        outlet: Some("Markets Daily".into()),
        published: Some("2025-05-14".into()),
        author: None,
        language: None,
    }
}

#[test]
fn ingest_clusters_the_example_story_and_reingest_is_a_no_op() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let mut store = Store::open(db.to_str().unwrap()).unwrap();
    let mut docs = example_docs();
    docs.push(unrelated_doc());
    let stats = store.enqueue(docs.clone()).unwrap();
    assert_eq!((stats.added, stats.already_stored), (6, 0));
    assert_eq!(store.process_all(100, |_| {}).unwrap(), 6);

    let stories = store.stories(10).unwrap();
    let biggest = &stories[0];
    assert_eq!(
        biggest.size, 5,
        "all five Istanbul reports form one story: {stories:?}"
    );
    assert_eq!(
        stories.len(),
        2,
        "the rates article is a story of its own: {stories:?}"
    );

    // Re-ingesting the same texts adds nothing and changes no story.
    let again = store.enqueue(docs).unwrap();
    assert_eq!((again.added, again.already_stored), (0, 6));
    assert_eq!(store.process_all(100, |_| {}).unwrap(), 0);
    assert_eq!(store.stories(10).unwrap(), stories);

    // A reopened store (a later run) resumes with the same state.
    drop(store);
    let mut store = Store::open(db.to_str().unwrap()).unwrap();
    let mut copy = example_docs().remove(2);
    copy.path = "syndicated-copy.txt".into();
    copy.body.push_str("\nRead more on our website.");
    store.enqueue(vec![copy]).unwrap();
    store.process_all(100, |_| {}).unwrap();
    let after = store.stories(10).unwrap();
    assert_eq!(
        after[0].size, 6,
        "the syndicated copy joins its original's story: {after:?}"
    );
    assert_eq!(after[0].duplicates, 1);

    let found = store.search("Istanbul Zelenskyy", 5).unwrap();
    assert_eq!(found.first().map(|s| s.id), Some(biggest.id));
    assert!(store
        .search("interest rate", 5)
        .unwrap()
        .iter()
        .all(|s| s.id != biggest.id));
    assert!(
        store.search("\"unbalanced ( syntax", 5).is_ok(),
        "user text is never FTS syntax"
    );

    let report = store
        .story_report(biggest.id)
        .unwrap()
        .expect("story exists");
    assert_eq!(report.articles.len(), 6);
    assert!(store.story_report(9999).unwrap().is_none());
}

#[test]
fn corrupt_and_foreign_files_are_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.db");
    let bytes =
        b"this is not a database at all, just some bytes that a user pointed us at".repeat(100);
    std::fs::write(&junk, &bytes).unwrap();
    let err = Store::open(junk.to_str().unwrap())
        .err()
        .expect("corrupt file refused")
        .to_string();
    assert!(err.contains("junk.db"), "{err}");
    assert_eq!(std::fs::read(&junk).unwrap(), bytes, "file untouched");

    let foreign = dir.path().join("foreign.db");
    {
        let conn = rusqlite_connection(&foreign);
        conn.execute_batch("CREATE TABLE invoices(id INTEGER); INSERT INTO invoices VALUES (1);")
            .unwrap();
    }
    let err = Store::open(foreign.to_str().unwrap())
        .err()
        .expect("foreign db refused")
        .to_string();
    assert!(err.contains("not a corroborate store"), "{err}");
}

fn rusqlite_connection(path: &std::path::Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).unwrap()
}

#[test]
fn a_reader_can_read_while_a_writer_holds_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let mut writer = Store::open(db.to_str().unwrap()).unwrap();
    writer.enqueue(example_docs()).unwrap();
    writer.process_all(100, |_| {}).unwrap();
    // Hold a write transaction open on a raw connection, as a long ingest would.
    let conn = rusqlite_connection(&db);
    conn.execute_batch("BEGIN IMMEDIATE; UPDATE meta SET value = value WHERE key = 'change';")
        .unwrap();
    let mut reader = Store::open(db.to_str().unwrap()).unwrap();
    assert_eq!(
        reader.stories(10).unwrap()[0].size,
        5,
        "WAL lets the reader through"
    );
    conn.execute_batch("COMMIT").unwrap();
}

/// A process id that no process has: past Linux's `pid_max` limit (4M).
const DEAD_PID: u32 = 4_194_999;

#[test]
fn a_killed_local_workers_claims_are_released_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    let mut store = Store::open(path.to_str().unwrap()).unwrap();
    store.enqueue(example_docs()).unwrap();
    // A worker of this machine claims everything and dies (its lease of
    // five minutes would otherwise hold the articles).
    {
        use corroborate_store::Backend;
        let mut other = corroborate_store::SqliteBackend::open(&path).unwrap();
        let dead = corroborate_store::local_worker_name(DEAD_PID);
        let claimed = other
            .claim(&dead, 100, corroborate_store::LEASE_SECS)
            .unwrap();
        assert_eq!(claimed.len(), example_docs().len());
    }
    let started = std::time::Instant::now();
    let mut said = Vec::new();
    let done = store
        .process_all_with(100, |_| {}, |m| said.push(m.to_string()))
        .unwrap();
    assert_eq!(done, example_docs().len());
    assert!(
        started.elapsed() < std::time::Duration::from_secs(60),
        "waited for the dead worker's lease"
    );
    assert!(
        said.iter()
            .any(|m| m.contains("released") && m.contains("process is gone")),
        "{said:?}"
    );
    assert_eq!(store.pending_count().unwrap(), 0);
}

#[test]
fn a_live_workers_claims_are_waited_for_and_said() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    let mut store = Store::open(path.to_str().unwrap()).unwrap();
    store.enqueue(example_docs()).unwrap();
    // A worker on another machine: it cannot be checked, so its lease
    // decides and the store says what it waits for. Its claim is
    // back-dated to two seconds before the lease ends, so the test does
    // not wait five minutes.
    {
        use corroborate_store::Backend;
        let mut other = corroborate_store::SqliteBackend::open(&path).unwrap();
        other
            .claim("elsewhere-1", 100, corroborate_store::LEASE_SECS)
            .unwrap();
    }
    rusqlite_connection(&path)
        .execute("UPDATE articles SET claimed_at = claimed_at - 298", [])
        .unwrap();
    let mut said = Vec::new();
    let done = store
        .process_all_with(100, |_| {}, |m| said.push(m.to_string()))
        .unwrap();
    assert_eq!(done, example_docs().len());
    assert_eq!(said.len(), 1, "said once: {said:?}");
    assert!(
        said[0].starts_with("waiting for 5 articles claimed by worker elsewhere-1")
            && said[0].contains("lease runs out in"),
        "{said:?}"
    );
}

#[test]
fn a_worker_that_lost_its_claim_records_nothing_and_resyncs() {
    use corroborate_store::cluster::{ClusterParams, Clusterer};
    use corroborate_store::{protocol, Assigned, Backend, SqliteBackend, LEASE_SECS};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    Store::open(path.to_str().unwrap())
        .unwrap()
        .enqueue(example_docs())
        .unwrap();
    let mut slow = SqliteBackend::open(&path).unwrap();
    let claimed = slow.claim("slow-1", 100, LEASE_SECS).unwrap();
    assert_eq!(claimed.len(), 5);
    // The slow worker's lease runs out and another worker takes one article.
    rusqlite_connection(&path)
        .execute("UPDATE articles SET claimed_at = claimed_at - 1000", [])
        .unwrap();
    let mut fast = SqliteBackend::open(&path).unwrap();
    assert_eq!(fast.claim("fast-1", 1, LEASE_SECS).unwrap().len(), 1);
    // The slow worker decides on all five: the batch must not be recorded
    // in part, and its in-memory state must not keep the decisions.
    let mut clusterer = Clusterer::new(ClusterParams::default());
    let mut synced = 0;
    let mut decide = |c: &mut Clusterer| {
        claimed
            .iter()
            .map(|a| {
                let f = corroborate_store::features::article_features(
                    a.title.as_deref().unwrap_or(""),
                    &a.body,
                );
                let story = c.assign(&a.id, &f, None).story();
                Assigned {
                    id: a.id.clone(),
                    story: Some(story),
                    problem: None,
                    duplicate_of: None,
                    signature: f.signature,
                    embedding: Vec::new(),
                }
            })
            .collect()
    };
    let n = protocol::assign(
        &mut slow,
        "slow-1",
        &mut clusterer,
        &mut synced,
        &mut decide,
    )
    .unwrap();
    assert_eq!(n, 0);
    assert_eq!(
        (clusterer.story_count(), clusterer.docs(), synced),
        (0, 0, 0)
    );
    assert_eq!(slow.article_stories().unwrap(), Vec::new());
    assert_eq!(slow.pending_count().unwrap(), 5);
}

#[test]
fn a_version_3_store_gains_the_encoder_columns() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    let mut store = Store::open(path.to_str().unwrap()).unwrap();
    store.enqueue(example_docs()).unwrap();
    store.process_all(100, |_| {}).unwrap();
    drop(store);
    // The same store as version 3 wrote it: no vector columns.
    let conn = rusqlite_connection(&path);
    conn.execute_batch(
        "ALTER TABLE articles DROP COLUMN embedding;
         ALTER TABLE stories DROP COLUMN embedding;
         PRAGMA user_version = 3;",
    )
    .unwrap();
    drop(conn);
    let mut store = Store::open(path.to_str().unwrap()).unwrap();
    assert_eq!(store.article_stories().unwrap().len(), 5);
    let conn = rusqlite_connection(&path);
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 4);
    // Articles clustered without a model have no vector.
    let vectors: i64 = conn
        .query_row(
            "SELECT count(*) FROM articles WHERE embedding IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(vectors, 0);
    // And the store keeps working.
    let mut more = example_docs();
    more[0]
        .body
        .push_str("\nAn update was added to this report later on Thursday.");
    more.truncate(1);
    store.enqueue(more).unwrap();
    assert_eq!(store.process_all(100, |_| {}).unwrap(), 1);
}

#[test]
fn with_an_encoder_articles_and_stories_keep_vectors() {
    // Any `Encoder` will do for the plumbing; the lexical one needs no files.
    let encoder = std::sync::Arc::new(corroborate_align::features::LexicalEncoder::new(256));
    let params = corroborate_store::cluster::ClusterParams {
        encoder_weight: 0.2,
        ..Default::default()
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    let mut store = Store::open(path.to_str().unwrap())
        .unwrap()
        .with_params(params)
        .with_encoder(encoder);
    let mut docs = example_docs();
    docs.push(unrelated_doc());
    store.enqueue(docs).unwrap();
    assert_eq!(store.process_all(100, |_| {}).unwrap(), 6);
    let stories = store.stories(10).unwrap();
    assert_eq!(stories.len(), 2, "{stories:?}");
    assert_eq!(stories[0].size, 5);
    let conn = rusqlite_connection(&path);
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        count("SELECT count(*) FROM articles WHERE length(embedding) = 4 * 256"),
        6
    );
    assert_eq!(
        count("SELECT count(*) FROM stories WHERE length(embedding) = 4 * 256"),
        2
    );
}
