//! SQLite backend: one local file, created on first use.
//!
//! WAL journal (readers never block the writer) with `synchronous=FULL`, so a
//! batch whose transaction committed survives a crash or `kill -9`. A second
//! writer waits up to the busy timeout, then gets a clear "locked" error.

use crate::cluster::StoryProfile;
use crate::protocol::{AssignTx, StoredStory};
use crate::*;
use corroborate_core::text::words;
use rusqlite::{params, Connection, TransactionBehavior};

const SCHEMA_VERSION: i64 = 4;
const BUSY_TIMEOUT_MS: u64 = 10_000;

pub struct SqliteBackend {
    conn: Connection,
    path: String,
}

fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

impl SqliteBackend {
    pub fn open(path: &Path) -> Result<Self> {
        let display = path.display().to_string();
        let conn = Connection::open(path)
            .map_err(|e| StoreError::Invalid(format!("{display}: cannot open database: {e}")))?;
        conn.busy_timeout(std::time::Duration::from_millis(BUSY_TIMEOUT_MS))?;
        let me = SqliteBackend {
            conn,
            path: display,
        };
        me.init().map_err(|e| me.explain(e))?;
        Ok(me)
    }

    /// Turns low-level errors into messages that name the file and the problem.
    fn explain(&self, e: StoreError) -> StoreError {
        let text = e.to_string();
        if text.contains("not a database") || text.contains("malformed") {
            StoreError::Invalid(format!(
                "{}: not a corroborate database or corrupt ({text}); the file was left untouched",
                self.path
            ))
        } else if text.contains("locked") || text.contains("busy") {
            StoreError::Invalid(format!(
                "{}: database is busy (another writer holds it); try again when it finishes",
                self.path
            ))
        } else {
            StoreError::Invalid(format!("{}: {text}", self.path))
        }
    }

    fn init(&self) -> Result<()> {
        // Reading first: a corrupt or foreign file fails here, before any write.
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let tables: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
        if version == 0 && tables > 0 {
            return Err(StoreError::Invalid(format!(
                "{}: an SQLite file that is not a corroborate store; left untouched",
                self.path
            )));
        }
        if version > SCHEMA_VERSION {
            return Err(StoreError::Invalid(format!(
                "{}: store schema {version} is newer than this program ({SCHEMA_VERSION})",
                self.path
            )));
        }
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        // 64 MiB page cache: article ids are content hashes, so inserts land at
        // random places in the id index; with the default 2 MiB cache every
        // insert past a few tens of thousands of articles misses the cache.
        self.conn.pragma_update(None, "cache_size", -65_536)?;
        if version == 0 {
            self.conn.execute_batch(
                "BEGIN IMMEDIATE;
                 CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL);
                 INSERT OR IGNORE INTO meta VALUES ('change', 0);
                 CREATE TABLE IF NOT EXISTS articles(
                   seq INTEGER PRIMARY KEY AUTOINCREMENT,
                   id TEXT NOT NULL UNIQUE, path TEXT NOT NULL, format TEXT NOT NULL,
                   title TEXT, url TEXT, outlet TEXT, published TEXT, author TEXT, language TEXT,
                   body TEXT NOT NULL,
                   state TEXT NOT NULL DEFAULT 'pending', worker TEXT, claimed_at INTEGER,
                   story_id INTEGER, duplicate_of TEXT, signature BLOB, done_seq INTEGER);
                 CREATE INDEX IF NOT EXISTS articles_state ON articles(state, seq);
                 CREATE INDEX IF NOT EXISTS articles_story ON articles(story_id);
                 CREATE INDEX IF NOT EXISTS articles_done ON articles(done_seq);
                 CREATE TABLE IF NOT EXISTS stories(
                   id INTEGER PRIMARY KEY, headline TEXT, centroid BLOB NOT NULL, names BLOB NOT NULL,
                   size INTEGER NOT NULL, first_day INTEGER, last_day INTEGER, version INTEGER NOT NULL);
                 CREATE INDEX IF NOT EXISTS stories_version ON stories(version);
                 CREATE VIRTUAL TABLE IF NOT EXISTS story_text USING fts5(title, lede, story_id UNINDEXED);
                 PRAGMA user_version = 1;
                 COMMIT;",
            )?;
        }
        if version < 2 {
            // Version 2: pages kept out of clustering carry a problem; the
            // document frequencies of the clustered stream are kept.
            self.conn.execute_batch(
                "BEGIN IMMEDIATE;
                 ALTER TABLE articles ADD COLUMN problem TEXT;
                 CREATE TABLE IF NOT EXISTS term_df(
                   term INTEGER PRIMARY KEY, df INTEGER NOT NULL, version INTEGER NOT NULL);
                 CREATE INDEX IF NOT EXISTS term_df_version ON term_df(version);
                 INSERT OR IGNORE INTO meta VALUES ('docs', 0);
                 PRAGMA user_version = 2;
                 COMMIT;",
            )?;
        }
        if version < 3 {
            // Version 3: a story merged into another keeps its row as a
            // tombstone naming the survivor, so other workers learn of it.
            self.conn.execute_batch(
                "BEGIN IMMEDIATE;
                 ALTER TABLE stories ADD COLUMN merged_into INTEGER;
                 PRAGMA user_version = 3;
                 COMMIT;",
            )?;
        }
        if version < 4 {
            // Version 4: sentence-encoder vectors, of the articles clustered
            // with a model and of the stories (the sum of their members');
            // NULL without one.
            self.conn.execute_batch(
                "BEGIN IMMEDIATE;
                 ALTER TABLE articles ADD COLUMN embedding BLOB;
                 ALTER TABLE stories ADD COLUMN embedding BLOB;
                 PRAGMA user_version = 4;
                 COMMIT;",
            )?;
        }
        Ok(())
    }

    fn summaries(&self, filter: &str, args: &[&dyn rusqlite::ToSql]) -> Result<Vec<StorySummary>> {
        let sql = format!(
            // The headline as `analyze` picks it (the shortest title in
            // bytes, the first by path on a tie) and sources with
            // near-duplicates counted once, so `stories` and `story ID` agree.
            "SELECT s.id,
                    coalesce((SELECT t.title FROM articles t
                              WHERE t.story_id = s.id AND trim(coalesce(t.title, '')) <> ''
                              ORDER BY length(CAST(t.title AS BLOB)), t.path LIMIT 1), s.headline),
                    COUNT(a.seq),
                    COUNT(DISTINCT CASE WHEN a.duplicate_of IS NULL THEN COALESCE(a.outlet, a.path) END),
                    SUM(a.duplicate_of IS NOT NULL), MIN(a.published), MAX(a.published)
             FROM stories s JOIN articles a ON a.story_id = s.id {filter}
             GROUP BY s.id ORDER BY COUNT(a.seq) DESC, s.id"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(args, |r| {
            Ok(StorySummary {
                id: r.get(0)?,
                headline: r.get(1)?,
                size: r.get::<_, i64>(2)? as usize,
                sources: r.get::<_, i64>(3)? as usize,
                duplicates: r.get::<_, i64>(4)? as usize,
                first_seen: r.get(5)?,
                last_seen: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }
}

impl Backend for SqliteBackend {
    fn enqueue(&mut self, docs: &[(String, RawDoc)]) -> Result<IngestStats> {
        let run = |conn: &mut Connection| -> Result<IngestStats> {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut stats = IngestStats::default();
            {
                let mut insert = tx.prepare_cached(
                    "INSERT OR IGNORE INTO articles(id, path, format, title, url, outlet, published, author, language, body)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                )?;
                for (id, d) in docs {
                    let n = insert.execute(params![
                        id,
                        d.path,
                        format_name(d.format),
                        d.title,
                        d.url,
                        d.outlet,
                        d.published,
                        d.author,
                        d.language,
                        d.body
                    ])?;
                    if n == 1 {
                        stats.added += 1;
                    } else {
                        stats.already_stored += 1;
                    }
                }
            }
            tx.commit()?;
            Ok(stats)
        };
        run(&mut self.conn).map_err(|e| self.explain(e))
    }

    fn claim(
        &mut self,
        worker: &str,
        limit: usize,
        lease_secs: i64,
    ) -> Result<Vec<PendingArticle>> {
        let now = now_secs();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let claimed: Vec<PendingArticle> = {
            // Two index-friendly queries rather than one `OR`, which would make
            // SQLite scan the whole table for every batch.
            let mut pending = tx.prepare_cached(
                "SELECT id, title, body, published FROM articles WHERE state = 'pending' ORDER BY seq LIMIT ?1",
            )?;
            let mut expired = tx.prepare_cached(
                "SELECT id, title, body, published FROM articles
                 WHERE state = 'claimed' AND claimed_at < ?1 ORDER BY seq LIMIT ?2",
            )?;
            let row = |r: &rusqlite::Row| -> rusqlite::Result<PendingArticle> {
                Ok(PendingArticle {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    body: r.get(2)?,
                    published: r.get(3)?,
                })
            };
            let mut out: Vec<PendingArticle> = pending
                .query_map([limit as i64], row)?
                .collect::<std::result::Result<_, _>>()?;
            if out.len() < limit {
                let rest = (limit - out.len()) as i64;
                for a in expired.query_map(params![now - lease_secs, rest], row)? {
                    out.push(a?);
                }
            }
            out
        };
        {
            let mut update = tx.prepare_cached(
                "UPDATE articles SET state = 'claimed', worker = ?1, claimed_at = ?2 WHERE id = ?3",
            )?;
            for a in &claimed {
                update.execute(params![worker, now, a.id])?;
            }
        }
        tx.commit()?;
        Ok(claimed)
    }

    fn locked(&mut self, body: &mut dyn FnMut(&mut dyn AssignTx) -> Result<bool>) -> Result<bool> {
        // IMMEDIATE takes SQLite's write lock at once: the store-wide lock.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let commit = body(&mut SqliteTx { tx: &tx })?;
        if commit {
            tx.commit()?;
        } else {
            tx.rollback()?;
        }
        Ok(commit)
    }

    fn stories(&mut self, limit: usize) -> Result<Vec<StorySummary>> {
        let mut all = self.summaries("", &[])?;
        all.truncate(limit);
        Ok(all)
    }

    fn search(&mut self, query: &str, limit: usize) -> Result<Vec<StorySummary>> {
        // Quote every word so that user text is never read as FTS5 syntax.
        let terms: Vec<String> = words(query)
            .iter()
            .map(|w| format!("\"{}\"", w.text.replace('"', "")))
            .collect();
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare(
            "SELECT story_id, min(rank) AS r FROM story_text WHERE story_text MATCH ?1 GROUP BY story_id ORDER BY r LIMIT ?2",
        )?;
        let ids: Vec<i64> = stmt
            .query_map(params![terms.join(" OR "), limit as i64], |r| r.get(0))?
            .collect::<std::result::Result<_, _>>()?;
        let mut out = Vec::new();
        for id in ids {
            out.extend(self.summaries("WHERE s.id = ?1", &[&id])?);
        }
        Ok(out)
    }

    fn story_docs(&mut self, story: i64) -> Result<Vec<RawDoc>> {
        let mut stmt = self.conn.prepare(
            "SELECT path, format, title, body, url, outlet, published, author, language
             FROM articles WHERE story_id = ?1 ORDER BY seq",
        )?;
        let rows = stmt.query_map([story], |r| {
            Ok(RawDoc {
                path: r.get(0)?,
                format: parse_format(&r.get::<_, String>(1)?),
                title: r.get(2)?,
                body: r.get(3)?,
                url: r.get(4)?,
                outlet: r.get(5)?,
                published: r.get(6)?,
                author: r.get(7)?,
                language: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    fn article_stories(&mut self) -> Result<Vec<(String, i64)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, story_id FROM articles WHERE state = 'done' AND story_id IS NOT NULL ORDER BY seq")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    fn problems(&mut self) -> Result<Vec<(String, String)>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, problem FROM articles WHERE state = 'done' AND problem IS NOT NULL ORDER BY seq",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    fn pending_count(&mut self) -> Result<usize> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM articles WHERE state != 'done'",
            [],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    }

    fn claims(&mut self) -> Result<Vec<(String, usize, i64)>> {
        let mut stmt = self.conn.prepare(
            "SELECT coalesce(worker, ''), count(*), min(claimed_at) FROM articles
             WHERE state = 'claimed' GROUP BY worker ORDER BY worker",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)? as usize,
                r.get::<_, Option<i64>>(2)?.unwrap_or(0),
            ))
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    fn release(&mut self, worker: &str) -> Result<usize> {
        let n = self.conn.execute(
            "UPDATE articles SET state = 'pending', worker = NULL, claimed_at = NULL
             WHERE state = 'claimed' AND worker = ?1",
            [worker],
        )?;
        Ok(n)
    }
}

/// A vector as stored: NULL when there is none.
fn embedding_blob(v: &[f32]) -> Option<Vec<u8>> {
    (!v.is_empty()).then(|| encode_f32s(v))
}

/// The assign protocol's reads and writes in one SQLite transaction.
struct SqliteTx<'a> {
    tx: &'a Connection,
}

impl AssignTx for SqliteTx<'_> {
    fn change(&mut self) -> Result<i64> {
        Ok(self
            .tx
            .query_row("SELECT value FROM meta WHERE key = 'change'", [], |r| {
                r.get(0)
            })?)
    }

    fn stories_since(&mut self, since: i64) -> Result<Vec<StoredStory>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT id, centroid, names, size, first_day, last_day, merged_into, embedding FROM stories WHERE version > ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([since], |r| {
            Ok(StoredStory {
                profile: StoryProfile {
                    id: r.get(0)?,
                    centroid: decode_terms(&r.get::<_, Vec<u8>>(1)?),
                    persons: decode_u32s(&r.get::<_, Vec<u8>>(2)?),
                    size: r.get::<_, i64>(3)? as usize,
                    first_day: r.get(4)?,
                    last_day: r.get(5)?,
                    embedding: r
                        .get::<_, Option<Vec<u8>>>(7)?
                        .map_or_else(Vec::new, |b| decode_f32s(&b)),
                },
                merged_into: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    fn articles_since(
        &mut self,
        since: i64,
    ) -> Result<Vec<(String, i64, corroborate_align::minhash::Signature)>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT id, story_id, signature FROM articles WHERE done_seq > ?1 AND story_id IS NOT NULL ORDER BY done_seq, seq",
        )?;
        let rows = stmt.query_map([since], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                decode_signature(&r.get::<_, Vec<u8>>(2)?),
            ))
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    fn docs(&mut self) -> Result<u64> {
        let docs: i64 =
            self.tx
                .query_row("SELECT value FROM meta WHERE key = 'docs'", [], |r| {
                    r.get(0)
                })?;
        Ok(docs.max(0) as u64)
    }

    fn df_since(&mut self, since: i64) -> Result<Vec<(u32, u32)>> {
        let mut stmt = self
            .tx
            .prepare_cached("SELECT term, df FROM term_df WHERE version > ?1")?;
        let rows = stmt.query_map([since], |r| {
            Ok((r.get::<_, i64>(0)? as u32, r.get::<_, i64>(1)? as u32))
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    fn record(&mut self, worker: &str, a: &Assigned, change: i64) -> Result<bool> {
        let n = self
            .tx
            .prepare_cached(
                "UPDATE articles SET state = 'done', story_id = ?1, duplicate_of = ?2, signature = ?3, done_seq = ?4,
                   problem = ?7, embedding = ?8
                 WHERE id = ?5 AND state = 'claimed' AND worker = ?6",
            )?
            .execute(params![
                a.story,
                a.duplicate_of,
                encode_signature(&a.signature),
                change,
                a.id,
                worker,
                a.problem,
                embedding_blob(&a.embedding)
            ])?;
        if n == 0 {
            return Ok(false);
        }
        if a.duplicate_of.is_none() && a.story.is_some() {
            // The whole text is indexed (the column keeps its old name,
            // `lede`), so a search finds names said past the first lines.
            self.tx
                .prepare_cached(
                    "INSERT INTO story_text(title, lede, story_id)
                     SELECT coalesce(title, ''), body, story_id FROM articles WHERE id = ?1",
                )?
                .execute([&a.id])?;
        }
        Ok(true)
    }

    fn save_story(&mut self, p: &StoryProfile, change: i64) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO stories(id, headline, centroid, names, size, first_day, last_day, version, embedding)
                 VALUES (?1, (SELECT title FROM articles WHERE story_id = ?1 AND title IS NOT NULL ORDER BY seq LIMIT 1),
                         ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT(id) DO UPDATE SET centroid = excluded.centroid, names = excluded.names,
                   embedding = excluded.embedding,
                   size = excluded.size, first_day = excluded.first_day, last_day = excluded.last_day,
                   version = excluded.version, headline = coalesce(stories.headline, excluded.headline)",
            )?
            .execute(params![
                p.id,
                encode_terms(&p.centroid),
                encode_u32s(&p.persons),
                p.size as i64,
                p.first_day,
                p.last_day,
                change,
                embedding_blob(&p.embedding)
            ])?;
        Ok(())
    }

    fn save_merge(&mut self, from: i64, into: i64, change: i64) -> Result<()> {
        self.tx.execute(
            "UPDATE articles SET story_id = ?1 WHERE story_id = ?2",
            [into, from],
        )?;
        self.tx.execute(
            "UPDATE story_text SET story_id = ?1 WHERE story_id = ?2",
            [into, from],
        )?;
        self.tx.execute(
            "INSERT INTO stories(id, centroid, names, size, version, merged_into)
             VALUES (?1, x'', x'', 0, ?2, ?3)
             ON CONFLICT(id) DO UPDATE SET centroid = x'', names = x'', size = 0, embedding = NULL,
               version = excluded.version, merged_into = excluded.merged_into",
            [from, change, into],
        )?;
        Ok(())
    }

    fn save_df(&mut self, changes: &[(u32, u32)], change: i64) -> Result<()> {
        let mut df = self.tx.prepare_cached(
            "INSERT INTO term_df(term, df, version) VALUES (?1, ?2, ?3)
             ON CONFLICT(term) DO UPDATE SET df = excluded.df, version = excluded.version",
        )?;
        for (term, n) in changes {
            df.execute(params![*term as i64, *n as i64, change])?;
        }
        Ok(())
    }

    fn finish(&mut self, docs: u64, change: i64) -> Result<()> {
        self.tx.execute(
            "UPDATE meta SET value = ?1 WHERE key = 'docs'",
            [docs as i64],
        )?;
        self.tx
            .execute("UPDATE meta SET value = ?1 WHERE key = 'change'", [change])?;
        Ok(())
    }
}
