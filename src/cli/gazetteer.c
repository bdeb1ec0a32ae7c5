/*
 * gazetteer: countries and cities from Debian's iso-codes and libgeonames,
 * turned into TSV at build time (tools/gazetteer.c) and linked into the
 * binary, imported into an empty database in one transaction.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/embed.h"
#include "../base/log.h"
#include "../base/text.h"

EMBED(countries_tsv, "build/gen/countries.tsv");
EMBED(cities_tsv, "build/gen/cities.tsv");

#define MAX_FIELDS	10

/* Splits one line in place at tabs; returns the number of fields. */
static int
split(char *line, char **f)
{
	int	n = 0;

	f[n++] = line;
	for (char *p = line; *p != '\0' && n < MAX_FIELDS; p++)
		if (*p == '\t') {
			*p = '\0';
			f[n++] = p + 1;
		}
	return n;
}

static int
put_country(struct db *db, char **f, int n)
{
	struct db_country	c = { f[0], f[1], f[2], f[3], f[4], f[5] };

	return n == 6 ? db_country_put(db, &c) : DB_ERR;
}

static int
put_city(struct db *db, char **f, int n)
{
	struct db_city	c = { 0 };
	int64_t		pop;

	if (n != 9 || text_int(f[0], 1, INT64_MAX, &c.geonames_id) == -1 ||
	    text_int(f[8], 0, INT64_MAX, &pop) == -1)
		return DB_ERR;
	c.name_en = f[1];
	c.name_ru = f[2];
	c.country_code = f[3];
	c.admin1 = f[4];
	c.latitude = strtod(f[5], NULL);
	c.longitude = strtod(f[6], NULL);
	c.timezone = f[7];
	c.population = pop;
	return db_city_put(db, &c);
}

static int
import(struct db *db, const char *what, const char *data, const char *end,
    int (*put)(struct db *, char **, int))
{
	char	*copy = xstrndup(data, (size_t)(end - data)), *line, *save = NULL;
	char	*f[MAX_FIELDS];
	int	 rows = 0, rc = 0;

	for (line = strtok_r(copy, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		if (put(db, f, split(line, f)) != DB_OK) {
			log_err("gazetteer: bad %s row %d", what, rows + 1);
			rc = -1;
			break;
		}
		rows++;
	}
	free(copy);
	if (rc == 0)
		log_info("gazetteer: %d %s", rows, what);
	return rc;
}

int
gazetteer_import(struct db *db)
{
	if (db_begin(db) == -1)
		return -1;
	if (import(db, "countries", countries_tsv, countries_tsv_end, put_country) == -1 ||
	    import(db, "cities", cities_tsv, cities_tsv_end, put_city) == -1) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db);
}
