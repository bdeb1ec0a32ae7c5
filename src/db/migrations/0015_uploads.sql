-- Uploads: who stored which file of the content store (src/base/store.c), for
-- the per-user quota (--upload-quota). A file that two users uploaded has a
-- row for each; a row lives as long as its file, which the orphan sweep
-- removes once no row of the tables below refers to it (src/db/uploads.c).
CREATE TABLE uploads (
	user_id		INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	name		TEXT NOT NULL,			-- the store name: <sha256>[.<ext>]
	size		INTEGER NOT NULL,
	created_at	TEXT NOT NULL,
	PRIMARY KEY (user_id, name)
);
CREATE INDEX uploads_by_name ON uploads (name);

-- The sweep asks, for every stored file, whether a row refers to it.
CREATE INDEX event_photos_by_file ON event_photos (file);
CREATE INDEX event_photos_by_thumb ON event_photos (thumb);
CREATE INDEX fair_products_by_picture ON fair_products (picture);
CREATE INDEX fair_products_by_thumb ON fair_products (thumb);
CREATE INDEX agreements_by_file ON agreements (file_sha256);
