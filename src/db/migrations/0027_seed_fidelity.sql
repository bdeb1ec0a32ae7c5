-- What the seed articles state and the registry had no place for (issue 15):
-- direct speech on the page of the meeting or event it was said at; a
-- figure a city states about itself (Moscow: relations with 135 of the
-- world's largest cities), shown as stated beside what the registry holds;
-- and the interest in a city's practice of a whole country or region
-- ("partners in China, the Philippines … study Moscow's practices"), which
-- names no city and so is not an interest request.

CREATE TABLE quotes (
	id		INTEGER PRIMARY KEY,
	meeting_id	INTEGER REFERENCES meetings (id) ON DELETE CASCADE,
	event_id	INTEGER REFERENCES events (id) ON DELETE CASCADE,
	position	INTEGER NOT NULL,
	speaker_ru	TEXT NOT NULL,
	speaker_en	TEXT NOT NULL,
	post_ru		TEXT,				-- the post as of the words
	post_en		TEXT,
	text_ru		TEXT NOT NULL,
	text_en		TEXT NOT NULL,
	said_on		TEXT,				-- YYYY-MM-DD; NULL: not dated
	source_url	TEXT,
	CHECK ((meeting_id IS NULL) <> (event_id IS NULL))
);
CREATE INDEX quotes_by_meeting ON quotes (meeting_id, position);
CREATE INDEX quotes_by_event ON quotes (event_id, position);

CREATE TABLE city_figures (
	id		INTEGER PRIMARY KEY,
	city_id		INTEGER NOT NULL REFERENCES cities (id),
	indicator	TEXT NOT NULL CHECK (indicator IN ('cities_with_relations')),
	value		INTEGER NOT NULL CHECK (value >= 0),
	as_of		TEXT NOT NULL,			-- YYYY-MM-DD: when it was stated
	label_ru	TEXT NOT NULL,
	label_en	TEXT NOT NULL,
	stated_by_ru	TEXT NOT NULL,			-- who stated it, with the post
	stated_by_en	TEXT NOT NULL,
	quote_ru	TEXT,
	quote_en	TEXT,
	source_url	TEXT
);
CREATE INDEX city_figures_by_city ON city_figures (city_id, indicator, as_of);

CREATE TABLE practice_regions (
	id		INTEGER PRIMARY KEY,
	practice_id	INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
	country_code	TEXT REFERENCES countries (code),	-- or a region named in words
	region_ru	TEXT,
	region_en	TEXT,
	note_ru		TEXT,				-- what the source says of it
	note_en		TEXT,
	stated_on	TEXT,				-- YYYY-MM-DD of the source
	source_url	TEXT,
	CHECK ((country_code IS NULL) <> (region_en IS NULL))
);
CREATE INDEX practice_regions_by_practice ON practice_regions (practice_id, id);

-- The region a source names for a city where it would name the country
-- ("Сухум (Абхазия)"): the gazetteer keeps its own country; the registry
-- shows the city under the region the source names, the country beside it.
CREATE TABLE city_regions_as_written (
	city_id		INTEGER PRIMARY KEY REFERENCES cities (id),
	region_ru	TEXT NOT NULL,
	region_en	TEXT NOT NULL,
	source_url	TEXT
);
