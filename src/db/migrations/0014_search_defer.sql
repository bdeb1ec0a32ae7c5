-- Bulk writes (CSV imports) defer the search index of partnerships to the end
-- of their transaction (db_search_defer, db_search_flush in src/db/search.c).
--
-- Why: a statement that fires a trigger opens a statement savepoint, and FTS5
-- writes its pending terms to disk at every savepoint once it has been written
-- in the transaction. Indexing each row from its trigger so made one index
-- segment per imported line, and merging them was most of an import's time:
-- 50,000 lines took seconds of CPU while holding the write lock. Deferred, the
-- triggers only note the row, and one statement indexes them all.
--
-- search_defer.deferred is set and cleared inside the writer's transaction, so
-- no other connection ever sees it set; a rollback clears it with the rest.

CREATE TABLE search_defer (
	id		INTEGER PRIMARY KEY CHECK (id = 1),
	deferred	INTEGER NOT NULL DEFAULT 0
);
INSERT INTO search_defer (id, deferred) VALUES (1, 0);

-- rowid as in search_fts: (table << 40) + id
CREATE TABLE search_pending (
	rowid_fts	INTEGER PRIMARY KEY
);

DROP TRIGGER search_partnership_insert;
DROP TRIGGER search_partnership_update;

CREATE TRIGGER search_partnership_insert AFTER INSERT ON partnerships
WHEN (SELECT deferred FROM search_defer) = 0 BEGIN
	INSERT INTO search_fts (rowid, title, body)
	SELECT (4 << 40) + id, title, body FROM search_partnership_docs WHERE id = new.id;
END;
CREATE TRIGGER search_partnership_update AFTER UPDATE ON partnerships
WHEN (SELECT deferred FROM search_defer) = 0 BEGIN
	DELETE FROM search_fts WHERE rowid = (4 << 40) + old.id;
	INSERT INTO search_fts (rowid, title, body)
	SELECT (4 << 40) + id, title, body FROM search_partnership_docs WHERE id = new.id;
END;
CREATE TRIGGER search_partnership_insert_deferred AFTER INSERT ON partnerships
WHEN (SELECT deferred FROM search_defer) <> 0 BEGIN
	INSERT OR IGNORE INTO search_pending (rowid_fts) VALUES ((4 << 40) + new.id);
END;
CREATE TRIGGER search_partnership_update_deferred AFTER UPDATE ON partnerships
WHEN (SELECT deferred FROM search_defer) <> 0 BEGIN
	INSERT OR IGNORE INTO search_pending (rowid_fts) VALUES ((4 << 40) + old.id);
END;
