-- Recordings of a meeting's room (src/media/recording.c). A host starts one;
-- the media server (Janus) writes each publisher's tracks as .mjr files into
-- <files>/recordings/<id>/; when it stops, the recording is `processing`
-- until every track is converted (janus-pp-rec) into a file of the content
-- store, then `ready`, or `failed` with the reason. Who was speaking is
-- kept as they were (name, city), not as a reference that may change.
CREATE TABLE recordings (
	id		INTEGER PRIMARY KEY,
	meeting_id	INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	started_by	INTEGER REFERENCES users (id) ON DELETE SET NULL,
	started_by_name	TEXT NOT NULL,
	started_at	TEXT NOT NULL,
	ended_at	TEXT,				-- NULL while recording
	status		TEXT NOT NULL CHECK (status IN ('recording', 'processing', 'ready',
			    'failed')),
	error		TEXT				-- why it failed, or which tracks did
);
CREATE INDEX recordings_by_meeting ON recordings (meeting_id, started_at);
CREATE INDEX recordings_by_status ON recordings (status);

-- One publisher's stream being recorded: Janus names its files after the
-- base the room passes (p<id>-audio-0.mjr, p<id>-video-1.mjr).
CREATE TABLE recording_publishers (
	id		INTEGER PRIMARY KEY,
	recording_id	INTEGER NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
	user_id		INTEGER REFERENCES users (id) ON DELETE SET NULL,	-- NULL: a guest
	name		TEXT NOT NULL,
	city_ru		TEXT,
	city_en		TEXT,
	country		TEXT,				-- ISO 3166-1 alpha-2
	created_at	TEXT NOT NULL
);
CREATE INDEX recording_publishers_by_recording ON recording_publishers (recording_id);

-- A converted track: a file of the content store (<sha256>.<ext> in --files).
CREATE TABLE recording_files (
	id		INTEGER PRIMARY KEY,
	recording_id	INTEGER NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
	publisher_id	INTEGER REFERENCES recording_publishers (id) ON DELETE SET NULL,
	source		TEXT NOT NULL,			-- the .mjr it was made from
	kind		TEXT NOT NULL CHECK (kind IN ('audio', 'video')),
	codec		TEXT NOT NULL,			-- opus, vp8, ...
	file		TEXT NOT NULL,			-- the store name
	mime		TEXT NOT NULL,
	bytes		INTEGER NOT NULL CHECK (bytes >= 0),
	duration_ms	INTEGER NOT NULL CHECK (duration_ms >= 0),
	first_frame_at	TEXT,				-- UTC, from the recorder's header
	created_at	TEXT NOT NULL,
	UNIQUE (recording_id, source)
);
CREATE INDEX recording_files_by_file ON recording_files (file);
