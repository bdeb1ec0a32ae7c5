-- People as contacts (issue 15): the posts a person held over time, the
-- meetings, delegations and action items that name a person, and people,
-- practices, aid shipments and delegations in the search index.
--
-- Posts: people.post_ru/post_en/organization_id stay the current post;
-- person_posts keeps every period that has a post or an organization. A change of the Russian post, of the
-- organization or of post_since opens a new period (from post_since when it
-- was changed, else from the day of the change) and closes the current one;
-- a change of the English wording alone corrects the current period.

ALTER TABLE people ADD COLUMN post_since TEXT;	-- YYYY-MM-DD: the current post is known from then

CREATE TABLE person_posts (
	id		INTEGER PRIMARY KEY,
	person_id	INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	post_ru		TEXT,
	post_en		TEXT,
	organization_id	INTEGER REFERENCES organizations (id) ON DELETE SET NULL,
	since		TEXT NOT NULL,			-- YYYY-MM-DD
	until		TEXT				-- NULL: held now
);
CREATE INDEX person_posts_by_person ON person_posts (person_id, since);

INSERT INTO person_posts (person_id, post_ru, post_en, organization_id, since)
SELECT id, post_ru, post_en, organization_id, substr(created_at, 1, 10) FROM people
WHERE COALESCE(post_ru, post_en, organization_id) IS NOT NULL;

CREATE TRIGGER person_post_insert AFTER INSERT ON people
WHEN COALESCE(new.post_ru, new.post_en, new.organization_id) IS NOT NULL BEGIN
	INSERT INTO person_posts (person_id, post_ru, post_en, organization_id, since)
	VALUES (new.id, new.post_ru, new.post_en, new.organization_id,
	    COALESCE(new.post_since, substr(new.created_at, 1, 10)));
END;
CREATE TRIGGER person_post_change AFTER UPDATE ON people
WHEN new.post_ru IS NOT old.post_ru OR new.organization_id IS NOT old.organization_id
    OR new.post_since IS NOT old.post_since OR (new.post_en IS NOT old.post_en
    AND NOT EXISTS (SELECT 1 FROM person_posts WHERE person_id = new.id AND until IS NULL)) BEGIN
	UPDATE person_posts SET until = CASE WHEN new.post_since IS NOT old.post_since
	    AND new.post_since IS NOT NULL THEN new.post_since ELSE substr(new.updated_at, 1, 10) END
	WHERE person_id = new.id AND until IS NULL;
	INSERT INTO person_posts (person_id, post_ru, post_en, organization_id, since)
	SELECT new.id, new.post_ru, new.post_en, new.organization_id,
	    CASE WHEN new.post_since IS NOT old.post_since AND new.post_since IS NOT NULL
	    THEN new.post_since ELSE substr(new.updated_at, 1, 10) END
	WHERE COALESCE(new.post_ru, new.post_en, new.organization_id) IS NOT NULL;
END;
CREATE TRIGGER person_post_correct AFTER UPDATE OF post_en ON people
WHEN new.post_en IS NOT old.post_en AND new.post_ru IS old.post_ru
    AND new.organization_id IS old.organization_id AND new.post_since IS old.post_since BEGIN
	UPDATE person_posts SET post_en = new.post_en WHERE person_id = new.id AND until IS NULL;
END;

-- Who a participant, a delegation member, an action item's owner is. A row
-- written with a name and no person is linked to the one person of that
-- name, when there is exactly one (the demo data, and participants written
-- by name before people existed).
ALTER TABLE meeting_participants ADD COLUMN person_id INTEGER REFERENCES people (id) ON DELETE SET NULL;
ALTER TABLE delegation_members ADD COLUMN person_id INTEGER REFERENCES people (id) ON DELETE SET NULL;
ALTER TABLE action_items ADD COLUMN owner_person_id INTEGER REFERENCES people (id) ON DELETE SET NULL;
CREATE INDEX meeting_participants_by_person ON meeting_participants (person_id);
CREATE INDEX delegation_members_by_person ON delegation_members (person_id);
CREATE INDEX action_items_by_owner_person ON action_items (owner_person_id);

UPDATE meeting_participants SET person_id = (SELECT p.id FROM people p
    WHERE p.name_ru = meeting_participants.name_ru)
WHERE person_id IS NULL AND name_ru IS NOT NULL
    AND (SELECT count(*) FROM people p WHERE p.name_ru = meeting_participants.name_ru) = 1;
UPDATE delegation_members SET person_id = (SELECT p.id FROM people p
    WHERE delegation_members.name IN (p.name_ru, p.name_en))
WHERE person_id IS NULL
    AND (SELECT count(*) FROM people p WHERE delegation_members.name IN (p.name_ru, p.name_en)) = 1;

CREATE TRIGGER meeting_participant_person AFTER INSERT ON meeting_participants
WHEN new.person_id IS NULL AND new.name_ru IS NOT NULL
    AND (SELECT count(*) FROM people WHERE name_ru = new.name_ru) = 1 BEGIN
	UPDATE meeting_participants SET person_id = (SELECT id FROM people WHERE name_ru = new.name_ru)
	WHERE id = new.id;
END;
CREATE TRIGGER delegation_member_person AFTER INSERT ON delegation_members
WHEN new.person_id IS NULL
    AND (SELECT count(*) FROM people WHERE new.name IN (name_ru, name_en)) = 1 BEGIN
	UPDATE delegation_members SET person_id = (SELECT id FROM people
	    WHERE new.name IN (name_ru, name_en)) WHERE id = new.id;
END;

-- Search (src/db/search.c), as 0008 and 0012 do it: rowid = 7 * 2^40 +
-- person id, 8 * 2^40 + practice id, 9 * 2^40 + shipment id, 10 * 2^40 +
-- delegation id (enum db_search_table). A person: both names; every post
-- held, its organization and the city. No contact details: partners search
-- people too. A practice: both titles, both descriptions, the city and the
-- organization. A shipment: donor and recipient city, its items and notes.
-- A delegation: specialty and cities, purposes, members and notes.

CREATE VIEW search_person_docs AS
SELECT p.id, p.city_id, p.created_at, p.updated_at,
	' ' || COALESCE(c.country_code || ' ', '') AS countries,
	replace(replace(p.name_ru || ' · ' || p.name_en, char(2), ' '), char(3), ' ') AS title,
	replace(replace(
	    COALESCE((SELECT group_concat(t, ' · ') FROM (SELECT COALESCE(x.post_ru || ' ', '') ||
		COALESCE(x.post_en || ' ', '') || COALESCE(o.name_ru || ' ', '') || COALESCE(o.name_en, '')
		AS t FROM person_posts x LEFT JOIN organizations o ON o.id = x.organization_id
		WHERE x.person_id = p.id ORDER BY x.since DESC, x.id DESC)) || ' · ', '') ||
	    COALESCE(c.name_ru || ' ', '') || COALESCE(c.name_en, ''), char(2), ' '), char(3), ' ')
	    AS body
FROM people p LEFT JOIN cities c ON c.id = p.city_id;

CREATE VIEW search_practice_docs AS
SELECT r.id, r.sector AS kind, r.city_id, r.created_at,
	' ' || COALESCE(c.country_code || ' ', '') AS countries,
	replace(replace(r.title_ru || ' · ' || r.title_en, char(2), ' '), char(3), ' ') AS title,
	replace(replace(COALESCE(r.description_ru || ' · ', '') || COALESCE(r.description_en || ' · ', '') ||
	    COALESCE(o.name_ru || ' · ', '') || COALESCE(o.name_en || ' · ', '') ||
	    COALESCE(c.name_ru || ' ', '') || COALESCE(c.name_en, ''), char(2), ' '), char(3), ' ') AS body
FROM practices r LEFT JOIN cities c ON c.id = r.city_id
LEFT JOIN organizations o ON o.id = r.organization_id;

CREATE VIEW search_shipment_docs AS
SELECT s.id, s.status, s.recipient_city_id, s.donor_city_id,
	COALESCE(s.arrived_on, s.sent_on, CAST(s.year AS TEXT)) AS date,
	' ' || COALESCE(r.country_code || ' ', '') || COALESCE(d.country_code || ' ', '') ||
	    COALESCE(s.donor_country || ' ', '') AS countries,
	replace(replace(COALESCE(o.name_ru, s.donor_name_ru, s.donor_name_en) || ' → ' ||
	    COALESCE(r.name_ru, r.name_en) || ' · ' || COALESCE(o.name_en, s.donor_name_en, s.donor_name_ru) ||
	    ' → ' || r.name_en, char(2), ' '), char(3), ' ') AS title,
	replace(replace(
	    COALESCE((SELECT group_concat(t, ' · ') FROM (SELECT i.name_ru || ' · ' || i.name_en AS t
		FROM shipment_items i WHERE i.shipment_id = s.id ORDER BY i.position, i.id)) || ' · ', '') ||
	    COALESCE(s.notes_ru || ' · ', '') || COALESCE(s.notes_en || ' · ', '') ||
	    COALESCE(s.date_note_ru || ' · ', '') || COALESCE(s.date_note_en || ' · ', '') ||
	    COALESCE(d.name_ru || ' ', '') || COALESCE(d.name_en, ''), char(2), ' '), char(3), ' ') AS body
FROM shipments s JOIN cities r ON r.id = s.recipient_city_id
LEFT JOIN cities d ON d.id = s.donor_city_id LEFT JOIN organizations o ON o.id = s.donor_org_id;

CREATE VIEW search_delegation_docs AS
SELECT g.id, g.status, g.from_city_id, g.to_city_id,
	COALESCE(g.starts_on, CAST(g.year AS TEXT)) AS date,
	CASE WHEN g.ends_on > g.starts_on THEN g.ends_on END AS date_to,
	' ' || f.country_code || ' ' || t.country_code || ' ' AS countries,
	replace(replace(g.specialty_ru || ': ' || COALESCE(f.name_ru, f.name_en) || ' → ' ||
	    COALESCE(t.name_ru, t.name_en) || ' · ' || g.specialty_en || ': ' || f.name_en || ' → ' ||
	    t.name_en, char(2), ' '), char(3), ' ') AS title,
	replace(replace(g.purpose_ru || ' · ' || g.purpose_en || ' · ' ||
	    COALESCE((SELECT group_concat(t, ' · ') FROM (SELECT m.name || COALESCE(' ' || m.role_ru, '') ||
		COALESCE(' ' || m.role_en, '') AS t FROM delegation_members m
		WHERE m.delegation_id = g.id ORDER BY m.position, m.id)) || ' · ', '') ||
	    COALESCE(g.date_note_ru || ' · ', '') || COALESCE(g.date_note_en, ''), char(2), ' '), char(3), ' ')
	    AS body
FROM delegations g JOIN cities f ON f.id = g.from_city_id JOIN cities t ON t.id = g.to_city_id;

INSERT INTO search_fts (rowid, title, body) SELECT (7 << 40) + id, title, body FROM search_person_docs;
INSERT INTO search_fts (rowid, title, body) SELECT (8 << 40) + id, title, body FROM search_practice_docs;
INSERT INTO search_fts (rowid, title, body) SELECT (9 << 40) + id, title, body FROM search_shipment_docs;
INSERT INTO search_fts (rowid, title, body) SELECT (10 << 40) + id, title, body FROM search_delegation_docs;

-- Each kind is indexed again by inserting its id into an empty view whose
-- INSTEAD OF trigger does it (as search_meeting_reindex of 0012); a deleted
-- row's id only takes it out.
CREATE VIEW search_person_reindex AS SELECT id FROM people WHERE 0;
CREATE TRIGGER search_person_reindex INSTEAD OF INSERT ON search_person_reindex BEGIN
	DELETE FROM search_fts WHERE rowid = (7 << 40) + new.id;
	INSERT INTO search_fts (rowid, title, body)
	SELECT (7 << 40) + id, title, body FROM search_person_docs WHERE id = new.id;
END;
CREATE VIEW search_practice_reindex AS SELECT id FROM practices WHERE 0;
CREATE TRIGGER search_practice_reindex INSTEAD OF INSERT ON search_practice_reindex BEGIN
	DELETE FROM search_fts WHERE rowid = (8 << 40) + new.id;
	INSERT INTO search_fts (rowid, title, body)
	SELECT (8 << 40) + id, title, body FROM search_practice_docs WHERE id = new.id;
END;
CREATE VIEW search_shipment_reindex AS SELECT id FROM shipments WHERE 0;
CREATE TRIGGER search_shipment_reindex INSTEAD OF INSERT ON search_shipment_reindex BEGIN
	DELETE FROM search_fts WHERE rowid = (9 << 40) + new.id;
	INSERT INTO search_fts (rowid, title, body)
	SELECT (9 << 40) + id, title, body FROM search_shipment_docs WHERE id = new.id;
END;
CREATE VIEW search_delegation_reindex AS SELECT id FROM delegations WHERE 0;
CREATE TRIGGER search_delegation_reindex INSTEAD OF INSERT ON search_delegation_reindex BEGIN
	DELETE FROM search_fts WHERE rowid = (10 << 40) + new.id;
	INSERT INTO search_fts (rowid, title, body)
	SELECT (10 << 40) + id, title, body FROM search_delegation_docs WHERE id = new.id;
END;

CREATE TRIGGER search_person_insert AFTER INSERT ON people BEGIN
	INSERT INTO search_person_reindex (id) VALUES (new.id);
END;
CREATE TRIGGER search_person_update AFTER UPDATE ON people BEGIN
	INSERT INTO search_person_reindex (id) VALUES (new.id);
END;
CREATE TRIGGER search_person_delete AFTER DELETE ON people BEGIN
	INSERT INTO search_person_reindex (id) VALUES (old.id);
END;
CREATE TRIGGER search_person_post_insert AFTER INSERT ON person_posts BEGIN
	INSERT INTO search_person_reindex (id) VALUES (new.person_id);
END;
CREATE TRIGGER search_person_post_update AFTER UPDATE ON person_posts BEGIN
	INSERT INTO search_person_reindex (id) VALUES (old.person_id);
	INSERT INTO search_person_reindex (id) VALUES (new.person_id);
END;

CREATE TRIGGER search_practice_insert AFTER INSERT ON practices BEGIN
	INSERT INTO search_practice_reindex (id) VALUES (new.id);
END;
CREATE TRIGGER search_practice_update AFTER UPDATE ON practices BEGIN
	INSERT INTO search_practice_reindex (id) VALUES (new.id);
END;
CREATE TRIGGER search_practice_delete AFTER DELETE ON practices BEGIN
	INSERT INTO search_practice_reindex (id) VALUES (old.id);
END;

CREATE TRIGGER search_shipment_insert AFTER INSERT ON shipments BEGIN
	INSERT INTO search_shipment_reindex (id) VALUES (new.id);
END;
CREATE TRIGGER search_shipment_update AFTER UPDATE ON shipments BEGIN
	INSERT INTO search_shipment_reindex (id) VALUES (new.id);
END;
CREATE TRIGGER search_shipment_delete AFTER DELETE ON shipments BEGIN
	INSERT INTO search_shipment_reindex (id) VALUES (old.id);
END;
CREATE TRIGGER search_shipment_item_insert AFTER INSERT ON shipment_items BEGIN
	INSERT INTO search_shipment_reindex (id) VALUES (new.shipment_id);
END;
CREATE TRIGGER search_shipment_item_update AFTER UPDATE ON shipment_items BEGIN
	INSERT INTO search_shipment_reindex (id) VALUES (new.shipment_id);
END;
CREATE TRIGGER search_shipment_item_delete AFTER DELETE ON shipment_items BEGIN
	INSERT INTO search_shipment_reindex (id) VALUES (old.shipment_id);
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

-- The filter by post: the current post folded as text_fold does (db_person_*
-- write it; pobratim_fold, registered with the search tokenizer, fills the
-- rows written before).
ALTER TABLE people ADD COLUMN post_key TEXT NOT NULL DEFAULT '';
UPDATE people SET post_key = pobratim_fold(' ' || COALESCE(post_en, '') || ' ' || COALESCE(post_ru, '') || ' ');
