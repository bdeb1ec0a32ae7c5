-- pobratim: rebuild
-- A delegation may come from a country without a city named: "highly
-- qualified virologists, epidemiologists and medical experts from China"
-- (seed 000). from_city_id becomes optional and from_country (ISO 3166-1
-- alpha-2) says where it came from when no city is given; one of the two is
-- required.
--
-- SQLite cannot drop a NOT NULL with ALTER TABLE, so the table is built anew
-- (https://sqlite.org/lang_altertable.html#otheralter). This migration runs
-- with foreign keys off (db_migrate's rebuild flag): dropping the old table
-- would otherwise delete its members by their ON DELETE CASCADE. The views and
-- triggers that name the table are dropped first and made again after, and
-- the foreign keys are checked before the commit.

DROP TRIGGER search_delegation_member_insert;
DROP TRIGGER search_delegation_member_update;
DROP TRIGGER search_delegation_member_delete;
DROP VIEW search_delegation_reindex;
DROP VIEW search_delegation_docs;

CREATE TABLE delegations_new (
	id		INTEGER PRIMARY KEY,
	from_city_id	INTEGER REFERENCES cities (id),			-- NULL: from_country
	from_country	TEXT REFERENCES countries (code),		-- only without from_city_id
	to_city_id	INTEGER NOT NULL REFERENCES cities (id),
	specialty_ru	TEXT NOT NULL,
	specialty_en	TEXT NOT NULL,
	purpose_ru	TEXT NOT NULL,
	purpose_en	TEXT NOT NULL,
	people_count	INTEGER CHECK (people_count > 0),
	starts_on	TEXT,
	ends_on		TEXT,
	year		INTEGER NOT NULL,
	date_note_ru	TEXT,
	date_note_en	TEXT,
	status		TEXT NOT NULL CHECK (status IN ('proposed', 'planned', 'held', 'cancelled')),
	event_id	INTEGER REFERENCES events (id) ON DELETE SET NULL,
	created_by	INTEGER REFERENCES users (id) ON DELETE SET NULL,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL,
	CHECK ((from_city_id IS NULL) <> (from_country IS NULL))
);
INSERT INTO delegations_new (id, from_city_id, to_city_id, specialty_ru, specialty_en,
	purpose_ru, purpose_en, people_count, starts_on, ends_on, year, date_note_ru,
	date_note_en, status, event_id, created_by, created_at, updated_at)
SELECT id, from_city_id, to_city_id, specialty_ru, specialty_en, purpose_ru, purpose_en,
	people_count, starts_on, ends_on, year, date_note_ru, date_note_en, status, event_id,
	created_by, created_at, updated_at FROM delegations;
DROP TABLE delegations;
ALTER TABLE delegations_new RENAME TO delegations;
CREATE INDEX delegations_by_year ON delegations (year, id);

-- As 0025's, with the country's names where no city is given.
CREATE VIEW search_delegation_docs AS
SELECT g.id, g.status, g.from_city_id, g.to_city_id,
	COALESCE(g.starts_on, CAST(g.year AS TEXT)) AS date,
	CASE WHEN g.ends_on > g.starts_on THEN g.ends_on END AS date_to,
	' ' || COALESCE(f.country_code, g.from_country) || ' ' || t.country_code || ' ' AS countries,
	replace(replace(g.specialty_ru || ': ' || COALESCE(f.name_ru, f.name_en, c.name_ru) || ' → ' ||
	    COALESCE(t.name_ru, t.name_en) || ' · ' || g.specialty_en || ': ' ||
	    COALESCE(f.name_en, c.name_en) || ' → ' || t.name_en, char(2), ' '), char(3), ' ') AS title,
	replace(replace(g.purpose_ru || ' · ' || g.purpose_en || ' · ' ||
	    COALESCE((SELECT group_concat(t, ' · ') FROM (SELECT m.name || COALESCE(' ' || m.role_ru, '') ||
		COALESCE(' ' || m.role_en, '') AS t FROM delegation_members m
		WHERE m.delegation_id = g.id ORDER BY m.position, m.id)) || ' · ', '') ||
	    COALESCE(g.date_note_ru || ' · ', '') || COALESCE(g.date_note_en, ''), char(2), ' '), char(3), ' ')
	    AS body
FROM delegations g LEFT JOIN cities f ON f.id = g.from_city_id
LEFT JOIN countries c ON c.code = g.from_country JOIN cities t ON t.id = g.to_city_id;

CREATE VIEW search_delegation_reindex AS SELECT id FROM delegations WHERE 0;
CREATE TRIGGER search_delegation_reindex INSTEAD OF INSERT ON search_delegation_reindex BEGIN
	DELETE FROM search_fts WHERE rowid = (10 << 40) + new.id;
	INSERT INTO search_fts (rowid, title, body)
	SELECT (10 << 40) + id, title, body FROM search_delegation_docs WHERE id = new.id;
END;

CREATE TRIGGER search_delegation_insert AFTER INSERT ON delegations BEGIN
	INSERT INTO search_delegation_reindex (id) VALUES (new.id);
END;
CREATE TRIGGER search_delegation_update AFTER UPDATE ON delegations BEGIN
	INSERT INTO search_delegation_reindex (id) VALUES (new.id);
END;
CREATE TRIGGER search_delegation_delete AFTER DELETE ON delegations BEGIN
	INSERT INTO search_delegation_reindex (id) VALUES (old.id);
END;
CREATE TRIGGER search_delegation_member_insert AFTER INSERT ON delegation_members BEGIN
	INSERT INTO search_delegation_reindex (id) VALUES (new.delegation_id);
END;
CREATE TRIGGER search_delegation_member_update AFTER UPDATE ON delegation_members BEGIN
	INSERT INTO search_delegation_reindex (id) VALUES (new.delegation_id);
END;
CREATE TRIGGER search_delegation_member_delete AFTER DELETE ON delegation_members BEGIN
	INSERT INTO search_delegation_reindex (id) VALUES (old.delegation_id);
END;
