//! PostgreSQL backend: the same store on a server, shared by many workers.
//!
//! Claiming uses `FOR UPDATE SKIP LOCKED`, so concurrent workers never take
//! the same pending article; story assignment runs under one transaction-level
//! advisory lock, so every worker assigns against an up-to-date view of the
//! stories (it first loads the changes made by others since its last sync).

use crate::cluster::StoryProfile;
use crate::protocol::{AssignTx, StoredStory};
use crate::*;
use postgres::{Client, NoTls};

/// Key of the advisory lock that serialises story assignment.
const ASSIGN_LOCK: i64 = 0x636f_7272_6f62;
/// Key of the advisory lock that serialises schema set-up: workers opening
/// the store at once would otherwise deadlock on `ALTER TABLE`.
const SCHEMA_LOCK: i64 = 0x636f_7272_7363;

pub struct PostgresBackend {
    client: Client,
}

impl PostgresBackend {
    pub fn connect(url: &str) -> Result<Self> {
        let mut client = Client::connect(url, NoTls).map_err(|e| {
            StoreError::Invalid(format!(
                "cannot connect to PostgreSQL at {}: {e}",
                redact(url)
            ))
        })?;
        client.batch_execute(&format!(
            "BEGIN;
             SELECT pg_advisory_xact_lock({SCHEMA_LOCK});
             CREATE TABLE IF NOT EXISTS corroborate_meta(key TEXT PRIMARY KEY, value BIGINT NOT NULL);
             INSERT INTO corroborate_meta VALUES ('change', 0), ('schema', 1) ON CONFLICT DO NOTHING;
             CREATE TABLE IF NOT EXISTS articles(
               seq BIGSERIAL PRIMARY KEY,
               id TEXT NOT NULL UNIQUE, path TEXT NOT NULL, format TEXT NOT NULL,
               title TEXT, url TEXT, outlet TEXT, published TEXT, author TEXT, language TEXT,
               body TEXT NOT NULL,
               state TEXT NOT NULL DEFAULT 'pending', worker TEXT, claimed_at BIGINT,
               story_id BIGINT, duplicate_of TEXT, signature BYTEA, done_seq BIGINT,
               search tsvector);
             CREATE INDEX IF NOT EXISTS articles_state ON articles(state, seq);
             CREATE INDEX IF NOT EXISTS articles_story ON articles(story_id);
             CREATE INDEX IF NOT EXISTS articles_done ON articles(done_seq);
             CREATE INDEX IF NOT EXISTS articles_search ON articles USING gin(search);
             CREATE TABLE IF NOT EXISTS stories(
               id BIGINT PRIMARY KEY, headline TEXT, centroid BYTEA NOT NULL, names BYTEA NOT NULL,
               size BIGINT NOT NULL, first_day BIGINT, last_day BIGINT, version BIGINT NOT NULL);
             CREATE INDEX IF NOT EXISTS stories_version ON stories(version);
             ALTER TABLE articles ADD COLUMN IF NOT EXISTS problem TEXT;
             CREATE TABLE IF NOT EXISTS term_df(
               term BIGINT PRIMARY KEY, df BIGINT NOT NULL, version BIGINT NOT NULL);
             CREATE INDEX IF NOT EXISTS term_df_version ON term_df(version);
             INSERT INTO corroborate_meta VALUES ('docs', 0) ON CONFLICT DO NOTHING;
             ALTER TABLE stories ADD COLUMN IF NOT EXISTS merged_into BIGINT;
             -- Schema 4: sentence-encoder vectors (NULL without a model).
             ALTER TABLE articles ADD COLUMN IF NOT EXISTS embedding BYTEA;
             ALTER TABLE stories ADD COLUMN IF NOT EXISTS embedding BYTEA;
             UPDATE corroborate_meta SET value = 4 WHERE key = 'schema' AND value < 4;
             COMMIT;"
        ))?;
        Ok(PostgresBackend { client })
    }

    fn summaries(
        &mut self,
        filter: &str,
        args: &[&(dyn postgres::types::ToSql + Sync)],
    ) -> Result<Vec<StorySummary>> {
        let sql = format!(
            // The headline as `analyze` picks it (the shortest title in
            // bytes, the first by path on a tie) and sources with
            // near-duplicates counted once, so `stories` and `story ID` agree.
            "SELECT s.id,
                    coalesce((SELECT t.title FROM articles t
                              WHERE t.story_id = s.id AND trim(coalesce(t.title, '')) <> ''
                              ORDER BY octet_length(t.title), t.path LIMIT 1), s.headline),
                    COUNT(a.seq),
                    COUNT(DISTINCT CASE WHEN a.duplicate_of IS NULL THEN COALESCE(a.outlet, a.path) END),
                    COUNT(a.duplicate_of), MIN(a.published), MAX(a.published)
             FROM stories s JOIN articles a ON a.story_id = s.id {filter}
             GROUP BY s.id ORDER BY COUNT(a.seq) DESC, s.id"
        );
        let rows = self.client.query(sql.as_str(), args)?;
        Ok(rows
            .iter()
            .map(|r| StorySummary {
                id: r.get(0),
                headline: r.get(1),
                size: r.get::<_, i64>(2) as usize,
                sources: r.get::<_, i64>(3) as usize,
                duplicates: r.get::<_, i64>(4) as usize,
                first_seen: r.get(5),
                last_seen: r.get(6),
            })
            .collect())
    }
}

/// Hides a password in a connection URL before it goes into a message.
fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &creds[..c], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

impl Backend for PostgresBackend {
    fn enqueue(&mut self, docs: &[(String, RawDoc)]) -> Result<IngestStats> {
        let mut tx = self.client.transaction()?;
        let insert = tx.prepare(
            "INSERT INTO articles(id, path, format, title, url, outlet, published, author, language, body)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING",
        )?;
        let mut stats = IngestStats::default();
        for (id, d) in docs {
            let n = tx.execute(
                &insert,
                &[
                    id,
                    &d.path,
                    &format_name(d.format),
                    &d.title,
                    &d.url,
                    &d.outlet,
                    &d.published,
                    &d.author,
                    &d.language,
                    &d.body,
                ],
            )?;
            if n == 1 {
                stats.added += 1;
            } else {
                stats.already_stored += 1;
            }
        }
        tx.commit()?;
        Ok(stats)
    }

    fn claim(
        &mut self,
        worker: &str,
        limit: usize,
        lease_secs: i64,
    ) -> Result<Vec<PendingArticle>> {
        let now = now_secs();
        let rows = self.client.query(
            "UPDATE articles SET state = 'claimed', worker = $1, claimed_at = $2
             WHERE seq IN (SELECT seq FROM articles
                           WHERE state = 'pending' OR (state = 'claimed' AND claimed_at < $3)
                           ORDER BY seq LIMIT $4 FOR UPDATE SKIP LOCKED)
             RETURNING id, title, body, published, seq",
            &[&worker, &now, &(now - lease_secs), &(limit as i64)],
        )?;
        let mut claimed: Vec<(i64, PendingArticle)> = rows
            .iter()
            .map(|r| {
                (
                    r.get(4),
                    PendingArticle {
                        id: r.get(0),
                        title: r.get(1),
                        body: r.get(2),
                        published: r.get(3),
                    },
                )
            })
            .collect();
        // RETURNING has no order; arrival order keeps clustering deterministic per batch.
        claimed.sort_by_key(|(seq, _)| *seq);
        Ok(claimed.into_iter().map(|(_, a)| a).collect())
    }

    fn locked(&mut self, body: &mut dyn FnMut(&mut dyn AssignTx) -> Result<bool>) -> Result<bool> {
        let mut tx = self.client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&ASSIGN_LOCK])?;
        let mut t = PostgresTx { tx, record: None };
        let commit = body(&mut t)?;
        if commit {
            t.tx.commit()?;
        } else {
            t.tx.rollback()?;
        }
        Ok(commit)
    }

    fn stories(&mut self, limit: usize) -> Result<Vec<StorySummary>> {
        let mut all = self.summaries("", &[])?;
        all.truncate(limit);
        Ok(all)
    }

    fn search(&mut self, query: &str, limit: usize) -> Result<Vec<StorySummary>> {
        // Any of the words, best-ranked first; only letters and digits reach
        // to_tsquery, so user text is never read as query syntax.
        let terms: Vec<String> = corroborate_core::text::words(query)
            .iter()
            .map(|w| {
                w.text
                    .chars()
                    .filter(|c| c.is_alphanumeric())
                    .collect::<String>()
            })
            .filter(|w| !w.is_empty())
            .collect();
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let query = terms.join(" | ");
        let ids: Vec<i64> = self
            .client
            .query(
                "SELECT story_id FROM articles, to_tsquery('english', $1) q
                 WHERE search @@ q GROUP BY story_id ORDER BY max(ts_rank(search, q)) DESC LIMIT $2",
                &[&query, &(limit as i64)],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let mut out = Vec::new();
        for id in ids {
            out.extend(self.summaries("WHERE s.id = $1", &[&id])?);
        }
        Ok(out)
    }

    fn story_docs(&mut self, story: i64) -> Result<Vec<RawDoc>> {
        Ok(self
            .client
            .query(
                "SELECT path, format, title, body, url, outlet, published, author, language
                 FROM articles WHERE story_id = $1 ORDER BY seq",
                &[&story],
            )?
            .iter()
            .map(|r| RawDoc {
                path: r.get(0),
                format: parse_format(r.get(1)),
                title: r.get(2),
                body: r.get(3),
                url: r.get(4),
                outlet: r.get(5),
                published: r.get(6),
                author: r.get(7),
                language: r.get(8),
            })
            .collect())
    }

    fn article_stories(&mut self) -> Result<Vec<(String, i64)>> {
        Ok(self
            .client
            .query(
                "SELECT id, story_id FROM articles WHERE state = 'done' AND story_id IS NOT NULL ORDER BY seq",
                &[],
            )?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect())
    }

    fn problems(&mut self) -> Result<Vec<(String, String)>> {
        Ok(self
            .client
            .query(
                "SELECT id, problem FROM articles WHERE state = 'done' AND problem IS NOT NULL ORDER BY seq",
                &[],
            )?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect())
    }

    fn pending_count(&mut self) -> Result<usize> {
        let n: i64 = self
            .client
            .query_one("SELECT count(*) FROM articles WHERE state <> 'done'", &[])?
            .get(0);
        Ok(n as usize)
    }

    fn claims(&mut self) -> Result<Vec<(String, usize, i64)>> {
        let rows = self.client.query(
            "SELECT coalesce(worker, ''), count(*), coalesce(min(claimed_at), 0) FROM articles
             WHERE state = 'claimed' GROUP BY worker ORDER BY 1",
            &[],
        )?;
        Ok(rows
            .iter()
            .map(|r| (r.get(0), r.get::<_, i64>(1) as usize, r.get(2)))
            .collect())
    }

    fn release(&mut self, worker: &str) -> Result<usize> {
        let n = self.client.execute(
            "UPDATE articles SET state = 'pending', worker = NULL, claimed_at = NULL
             WHERE state = 'claimed' AND worker = $1",
            &[&worker],
        )?;
        Ok(n as usize)
    }
}

/// A vector as stored: NULL when there is none.
fn embedding_blob(v: &[f32]) -> Option<Vec<u8>> {
    (!v.is_empty()).then(|| encode_f32s(v))
}

/// The assign protocol's reads and writes in one PostgreSQL transaction
/// (holding the assignment lock).
struct PostgresTx<'a> {
    tx: postgres::Transaction<'a>,
    /// The per-article update, prepared once per batch.
    record: Option<postgres::Statement>,
}

impl AssignTx for PostgresTx<'_> {
    fn change(&mut self) -> Result<i64> {
        Ok(self
            .tx
            .query_one(
                "SELECT value FROM corroborate_meta WHERE key = 'change'",
                &[],
            )?
            .get(0))
    }

    fn stories_since(&mut self, since: i64) -> Result<Vec<StoredStory>> {
        Ok(self
            .tx
            .query(
                "SELECT id, centroid, names, size, first_day, last_day, merged_into, embedding FROM stories WHERE version > $1 ORDER BY id",
                &[&since],
            )?
            .iter()
            .map(|r| StoredStory {
                profile: StoryProfile {
                    id: r.get(0),
                    centroid: decode_terms(r.get(1)),
                    persons: decode_u32s(r.get(2)),
                    size: r.get::<_, i64>(3) as usize,
                    first_day: r.get(4),
                    last_day: r.get(5),
                    embedding: r
                        .get::<_, Option<&[u8]>>(7)
                        .map_or_else(Vec::new, decode_f32s),
                },
                merged_into: r.get(6),
            })
            .collect())
    }

    fn articles_since(
        &mut self,
        since: i64,
    ) -> Result<Vec<(String, i64, corroborate_align::minhash::Signature)>> {
        Ok(self
            .tx
            .query(
                "SELECT id, story_id, signature FROM articles
                 WHERE done_seq > $1 AND story_id IS NOT NULL ORDER BY done_seq, seq",
                &[&since],
            )?
            .iter()
            .map(|r| (r.get(0), r.get(1), decode_signature(r.get(2))))
            .collect())
    }

    fn docs(&mut self) -> Result<u64> {
        let docs: i64 = self
            .tx
            .query_one("SELECT value FROM corroborate_meta WHERE key = 'docs'", &[])?
            .get(0);
        Ok(docs.max(0) as u64)
    }

    fn df_since(&mut self, since: i64) -> Result<Vec<(u32, u32)>> {
        Ok(self
            .tx
            .query("SELECT term, df FROM term_df WHERE version > $1", &[&since])?
            .iter()
            .map(|r| (r.get::<_, i64>(0) as u32, r.get::<_, i64>(1) as u32))
            .collect())
    }

    fn record(&mut self, worker: &str, a: &Assigned, change: i64) -> Result<bool> {
        let update = match &self.record {
            Some(s) => s.clone(),
            None => {
                // `search` covers the whole text (search finds names past the
                // lede), cut at 200,000 characters: a tsvector is limited to 1 MB.
                let s = self.tx.prepare(
                    "UPDATE articles SET state = 'done', story_id = $1, duplicate_of = $2, signature = $3, done_seq = $4,
                       problem = $7, embedding = $8,
                       search = CASE WHEN $2::text IS NULL AND $1::bigint IS NOT NULL
                                THEN to_tsvector('english', coalesce(title, '') || ' ' || left(body, 200000)) END
                     WHERE id = $5 AND state = 'claimed' AND worker = $6",
                )?;
                self.record = Some(s.clone());
                s
            }
        };
        let n = self.tx.execute(
            &update,
            &[
                &a.story,
                &a.duplicate_of,
                &encode_signature(&a.signature),
                &change,
                &a.id,
                &worker,
                &a.problem,
                &embedding_blob(&a.embedding),
            ],
        )?;
        Ok(n > 0)
    }

    fn save_story(&mut self, p: &StoryProfile, change: i64) -> Result<()> {
        self.tx.execute(
            "INSERT INTO stories(id, headline, centroid, names, size, first_day, last_day, version, embedding)
             VALUES ($1, (SELECT title FROM articles WHERE story_id = $1 AND title IS NOT NULL ORDER BY seq LIMIT 1),
                     $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (id) DO UPDATE SET centroid = excluded.centroid, names = excluded.names,
               embedding = excluded.embedding,
               size = excluded.size, first_day = excluded.first_day, last_day = excluded.last_day,
               version = excluded.version, headline = coalesce(stories.headline, excluded.headline)",
            &[
                &p.id,
                &encode_terms(&p.centroid),
                &encode_u32s(&p.persons),
                &(p.size as i64),
                &p.first_day,
                &p.last_day,
                &change,
                &embedding_blob(&p.embedding),
            ],
        )?;
        Ok(())
    }

    fn save_merge(&mut self, from: i64, into: i64, change: i64) -> Result<()> {
        self.tx.execute(
            "UPDATE articles SET story_id = $1 WHERE story_id = $2",
            &[&into, &from],
        )?;
        self.tx.execute(
            "INSERT INTO stories(id, centroid, names, size, version, merged_into)
             VALUES ($1, '', '', 0, $2, $3)
             ON CONFLICT (id) DO UPDATE SET centroid = '', names = '', size = 0, embedding = NULL,
               version = excluded.version, merged_into = excluded.merged_into",
            &[&from, &change, &into],
        )?;
        Ok(())
    }

    fn save_df(&mut self, changes: &[(u32, u32)], change: i64) -> Result<()> {
        // One statement per batch: the changed terms travel as two arrays.
        let (terms, dfs): (Vec<i64>, Vec<i64>) = changes
            .iter()
            .map(|(t, n)| (i64::from(*t), i64::from(*n)))
            .unzip();
        self.tx.execute(
            "INSERT INTO term_df(term, df, version)
             SELECT t, d, $3 FROM unnest($1::bigint[], $2::bigint[]) AS u(t, d)
             ON CONFLICT (term) DO UPDATE SET df = excluded.df, version = excluded.version",
            &[&terms, &dfs, &change],
        )?;
        Ok(())
    }

    fn finish(&mut self, docs: u64, change: i64) -> Result<()> {
        self.tx.execute(
            "UPDATE corroborate_meta SET value = $1 WHERE key = 'docs'",
            &[&(docs as i64)],
        )?;
        self.tx.execute(
            "UPDATE corroborate_meta SET value = $1 WHERE key = 'change'",
            &[&change],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn redacts_passwords() {
        assert_eq!(
            super::redact("postgres://u:secret@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(super::redact("postgres://h/db"), "postgres://h/db");
    }
}
