-- Search over meetings and events (src/db/search.c), the way 0008 does it
-- for organizations and partnerships: each view is the text a row puts in
-- search_fts and the columns the search joins to (its visibility, filters
-- and hit), and triggers keep the index in step with every write, in the
-- writer's transaction. SQLite only, like search_fts. rowid = 5 * 2^40 +
-- meeting id, 6 * 2^40 + event id (enum db_search_table).
--
-- A meeting: both titles, then its agenda, topics and minutes (Markdown as
-- written). Its countries are those of the host's city and of every
-- participant (its city, its organization's city, or the country of a group).
-- An event: both titles, both descriptions, the venue and both cities'
-- names; its countries are the host and guest cities'. The snippet marks
-- (control characters 2 and 3) are taken out of the indexed text.

CREATE VIEW search_meeting_docs AS
SELECT m.id, m.host_org_id, m.format AS kind, m.status,
	COALESCE(m.starts_at, m.date_from) AS date,
	CASE WHEN m.starts_at IS NULL AND m.date_to > m.date_from THEN m.date_to END AS date_to,
	(SELECT ' ' || group_concat(code, ' ') || ' ' FROM (
		SELECT c.country_code AS code FROM organizations o JOIN cities c ON c.id = o.city_id
		WHERE o.id = m.host_org_id
		UNION SELECT c.country_code FROM meeting_participants p JOIN cities c ON c.id = p.city_id
		WHERE p.meeting_id = m.id
		UNION SELECT c.country_code FROM meeting_participants p
		JOIN organizations o ON o.id = p.organization_id JOIN cities c ON c.id = o.city_id
		WHERE p.meeting_id = m.id
		UNION SELECT p.country_code FROM meeting_participants p
		WHERE p.meeting_id = m.id AND p.country_code IS NOT NULL)) AS countries,
	replace(replace(m.title_ru || ' · ' || m.title_en, char(2), ' '), char(3), ' ') AS title,
	replace(replace(
	    COALESCE((SELECT group_concat(t, ' · ') FROM (SELECT a.title_ru || ' · ' || a.title_en ||
		COALESCE(' (' || a.presenter || ')', '') AS t FROM meeting_agenda a
		WHERE a.meeting_id = m.id ORDER BY a.position, a.id)) || ' · ', '') ||
	    COALESCE((SELECT group_concat(t, ' · ') FROM (SELECT x.ru || ' · ' || x.en AS t
		FROM meeting_topics x WHERE x.meeting_id = m.id ORDER BY x.position, x.id)) || ' · ', '') ||
	    m.minutes_ru || ' ' || m.minutes_en, char(2), ' '), char(3), ' ') AS body
FROM meetings m;

CREATE VIEW search_event_docs AS
SELECT e.id, e.kind, e.status, e.published, e.host_city_id, e.guest_city_id,
	e.starts_on AS date,
	CASE WHEN e.ends_on > e.starts_on THEN e.ends_on END AS date_to,
	' ' || COALESCE(h.country_code || ' ', '') || COALESCE(g.country_code || ' ', '') AS countries,
	replace(replace(e.title_ru || ' · ' || e.title_en, char(2), ' '), char(3), ' ') AS title,
	replace(replace(COALESCE(e.description_ru || ' · ', '') || COALESCE(e.description_en || ' · ', '') ||
	    COALESCE(e.venue || ' · ', '') || COALESCE(h.name_ru || ' ', '') || COALESCE(h.name_en, '') ||
	    COALESCE(' · ' || g.name_ru, '') || COALESCE(' ' || g.name_en, ''), char(2), ' '), char(3), ' ')
	    AS body
FROM events e LEFT JOIN cities h ON h.id = e.host_city_id LEFT JOIN cities g ON g.id = e.guest_city_id;

INSERT INTO search_fts (rowid, title, body)
SELECT (5 << 40) + id, title, body FROM search_meeting_docs;
INSERT INTO search_fts (rowid, title, body)
SELECT (6 << 40) + id, title, body FROM search_event_docs;

-- A meeting is indexed again when its text or any of its agenda items and
-- topics change. How is written once, in the INSTEAD OF trigger of the
-- empty view search_meeting_reindex; the others insert its id there (a
-- deleted meeting's id only takes it out, the docs view has no row for it).
CREATE VIEW search_meeting_reindex AS SELECT id FROM meetings WHERE 0;
CREATE TRIGGER search_meeting_reindex INSTEAD OF INSERT ON search_meeting_reindex BEGIN
	DELETE FROM search_fts WHERE rowid = (5 << 40) + new.id;
	INSERT INTO search_fts (rowid, title, body)
	SELECT (5 << 40) + id, title, body FROM search_meeting_docs WHERE id = new.id;
END;

CREATE TRIGGER search_meeting_insert AFTER INSERT ON meetings BEGIN
	INSERT INTO search_meeting_reindex (id) VALUES (new.id);
END;
CREATE TRIGGER search_meeting_update AFTER UPDATE OF title_ru, title_en, minutes_ru, minutes_en
ON meetings BEGIN
	INSERT INTO search_meeting_reindex (id) VALUES (new.id);
END;
CREATE TRIGGER search_meeting_delete AFTER DELETE ON meetings BEGIN
	INSERT INTO search_meeting_reindex (id) VALUES (old.id);
END;
CREATE TRIGGER search_meeting_agenda_insert AFTER INSERT ON meeting_agenda BEGIN
	INSERT INTO search_meeting_reindex (id) VALUES (new.meeting_id);
END;
CREATE TRIGGER search_meeting_agenda_update AFTER UPDATE ON meeting_agenda BEGIN
	INSERT INTO search_meeting_reindex (id) VALUES (new.meeting_id);
END;
CREATE TRIGGER search_meeting_agenda_delete AFTER DELETE ON meeting_agenda BEGIN
	INSERT INTO search_meeting_reindex (id) VALUES (old.meeting_id);
END;
CREATE TRIGGER search_meeting_topic_insert AFTER INSERT ON meeting_topics BEGIN
	INSERT INTO search_meeting_reindex (id) VALUES (new.meeting_id);
END;
CREATE TRIGGER search_meeting_topic_update AFTER UPDATE ON meeting_topics BEGIN
	INSERT INTO search_meeting_reindex (id) VALUES (new.meeting_id);
END;
CREATE TRIGGER search_meeting_topic_delete AFTER DELETE ON meeting_topics BEGIN
	INSERT INTO search_meeting_reindex (id) VALUES (old.meeting_id);
END;

CREATE TRIGGER search_event_insert AFTER INSERT ON events BEGIN
	INSERT INTO search_fts (rowid, title, body)
	SELECT (6 << 40) + id, title, body FROM search_event_docs WHERE id = new.id;
END;
CREATE TRIGGER search_event_update AFTER UPDATE ON events BEGIN
	DELETE FROM search_fts WHERE rowid = (6 << 40) + old.id;
	INSERT INTO search_fts (rowid, title, body)
	SELECT (6 << 40) + id, title, body FROM search_event_docs WHERE id = new.id;
END;
CREATE TRIGGER search_event_delete AFTER DELETE ON events BEGIN
	DELETE FROM search_fts WHERE rowid = (6 << 40) + old.id;
END;
