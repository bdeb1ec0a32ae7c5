-- Search over organizations and partnerships (src/db/search.c). SQLite
-- only, like search_fts itself: a PostgreSQL backend gives these tables a
-- tsvector column instead. Each view is the text one row puts in the index
-- (names in Russian and English, the city and its country), and the rows
-- the search joins to; triggers keep search_fts in step with every write,
-- in the writer's own transaction. rowid = 3 * 2^40 + organization id,
-- 4 * 2^40 + partnership id (enum db_search_table).

CREATE VIEW search_org_docs AS
SELECT o.id, o.kind, o.created_at, ci.country_code,
	o.name_ru || ' · ' || o.name_en AS title,
	COALESCE(o.short_ru || ' ', '') || COALESCE(o.short_en || ' ', '') ||
	    COALESCE(ci.name_ru || ' ', '') || ci.name_en || ' ' || k.name_ru || ' ' || k.name_en
	    AS body
FROM organizations o JOIN cities ci ON ci.id = o.city_id JOIN countries k ON k.code = ci.country_code;

CREATE VIEW search_partnership_docs AS
SELECT p.id, p.kind, p.status, p.published, p.city_lo, p.city_hi,
	p.since AS date,
	' ' || lo.country_code || ' ' || hi.country_code || ' ' AS countries,
	COALESCE(lo.name_ru, lo.name_en) || ' — ' || COALESCE(hi.name_ru, hi.name_en) || ' · ' ||
	    lo.name_en || ' — ' || hi.name_en AS title,
	klo.name_ru || ' ' || klo.name_en || ' ' || khi.name_ru || ' ' || khi.name_en ||
	    COALESCE(' ' || p.note_ru, '') || COALESCE(' ' || p.note_en, '') AS body
FROM partnerships p
JOIN cities lo ON lo.id = p.city_lo JOIN countries klo ON klo.code = lo.country_code
JOIN cities hi ON hi.id = p.city_hi JOIN countries khi ON khi.code = hi.country_code;

INSERT INTO search_fts (rowid, title, body)
SELECT (3 << 40) + id, title, body FROM search_org_docs;
INSERT INTO search_fts (rowid, title, body)
SELECT (4 << 40) + id, title, body FROM search_partnership_docs;

CREATE TRIGGER search_org_insert AFTER INSERT ON organizations BEGIN
	INSERT INTO search_fts (rowid, title, body)
	SELECT (3 << 40) + id, title, body FROM search_org_docs WHERE id = new.id;
END;
CREATE TRIGGER search_org_update AFTER UPDATE ON organizations BEGIN
	DELETE FROM search_fts WHERE rowid = (3 << 40) + old.id;
	INSERT INTO search_fts (rowid, title, body)
	SELECT (3 << 40) + id, title, body FROM search_org_docs WHERE id = new.id;
END;
CREATE TRIGGER search_org_delete AFTER DELETE ON organizations BEGIN
	DELETE FROM search_fts WHERE rowid = (3 << 40) + old.id;
END;

CREATE TRIGGER search_partnership_insert AFTER INSERT ON partnerships BEGIN
	INSERT INTO search_fts (rowid, title, body)
	SELECT (4 << 40) + id, title, body FROM search_partnership_docs WHERE id = new.id;
END;
CREATE TRIGGER search_partnership_update AFTER UPDATE ON partnerships BEGIN
	DELETE FROM search_fts WHERE rowid = (4 << 40) + old.id;
	INSERT INTO search_fts (rowid, title, body)
	SELECT (4 << 40) + id, title, body FROM search_partnership_docs WHERE id = new.id;
END;
CREATE TRIGGER search_partnership_delete AFTER DELETE ON partnerships BEGIN
	DELETE FROM search_fts WHERE rowid = (4 << 40) + old.id;
END;
