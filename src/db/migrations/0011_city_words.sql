-- City search by word prefix, indexed: one row per word of a city's
-- search_key, holding the key from that word to its end (" new york нью йорк "
-- gives "new york нью йорк ", "york нью йорк " and "нью йорк ", "йорк ").
-- A folded query q matches a city when one of its rows starts with q, which
-- is what search_key LIKE '% q%' meant, found with a range on the primary key
-- instead of a scan of every city (the range compares bytes, that is code
-- points: a PostgreSQL backend gives word COLLATE "C"). db_city_put and
-- db_city_set_name_ru keep it in step with search_key.

CREATE TABLE city_words (
	word		TEXT NOT NULL,
	city_id		INTEGER NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
	PRIMARY KEY (word, city_id)
);
CREATE INDEX city_words_by_city ON city_words (city_id);

-- the cities already loaded: every rest of search_key after a space
INSERT INTO city_words (word, city_id)
WITH RECURSIVE rest (city_id, text) AS (
	SELECT id, search_key FROM cities
	UNION ALL
	SELECT city_id, substr(text, instr(text, ' ') + 1) FROM rest WHERE instr(text, ' ') > 0
)
SELECT DISTINCT substr(text, instr(text, ' ') + 1), city_id FROM rest
WHERE instr(text, ' ') > 0 AND substr(text, instr(text, ' ') + 1, 1) NOT IN ('', ' ');
