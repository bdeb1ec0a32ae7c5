-- A bulletin's revision keeps every field an edit may change, not only the
-- title, body and status: the kind, language, countries, topics, city, source
-- and a fact check's claim, where and when it appeared, verdict and sources,
-- as the bulletins row had them after the edit. What an edit changed is worked
-- out when read, against the revision before (src/api/exchange.c).
--
-- Revisions written before this migration did not keep them: their new
-- columns stay NULL (kind IS NULL: not recorded), except each bulletin's
-- latest revision, which is what the bulletin holds now.

ALTER TABLE bulletin_revisions ADD COLUMN kind TEXT;
ALTER TABLE bulletin_revisions ADD COLUMN lang TEXT;
ALTER TABLE bulletin_revisions ADD COLUMN countries TEXT;
ALTER TABLE bulletin_revisions ADD COLUMN topics TEXT;
ALTER TABLE bulletin_revisions ADD COLUMN city_id INTEGER REFERENCES cities (id);
ALTER TABLE bulletin_revisions ADD COLUMN source_url TEXT;
ALTER TABLE bulletin_revisions ADD COLUMN claim TEXT;
ALTER TABLE bulletin_revisions ADD COLUMN claim_source TEXT;
ALTER TABLE bulletin_revisions ADD COLUMN claim_date TEXT;
ALTER TABLE bulletin_revisions ADD COLUMN verdict TEXT;
ALTER TABLE bulletin_revisions ADD COLUMN sources TEXT;

UPDATE bulletin_revisions SET kind = b.kind, lang = b.lang, countries = b.countries,
	topics = b.topics, city_id = b.city_id, source_url = b.source_url, claim = b.claim,
	claim_source = b.claim_source, claim_date = b.claim_date, verdict = b.verdict,
	sources = b.sources
FROM bulletins b WHERE b.id = bulletin_revisions.bulletin_id AND b.revision = bulletin_revisions.revision;
