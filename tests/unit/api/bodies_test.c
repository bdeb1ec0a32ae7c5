/*
 * api_bodies[] (src/api/routes.c) lists every JSON body table of the API, so
 * that the json_bodies fuzz driver checks each one. The tables are found in
 * the sources and in the tables made from the contract
 * (build/gen/request_bodies.inc): every `jv_field NAME[]` must be wrapped as
 * API_BODY("label", NAME) in its file, and every label must be listed
 * (handlers validate with an api_body: api_require_body takes nothing else).
 */
#include <dirent.h>
#include <stdlib.h>

#include "../harness.h"
#include "../../../src/api/api.h"

#define REQUEST_BODIES	"build/gen/request_bodies.inc"

static char *
slurp(const char *path)
{
	FILE	*f = fopen(path, "rb");
	char	*s;
	long	 n;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0) {
		if (f != NULL)
			fclose(f);
		return NULL;
	}
	rewind(f);
	if ((s = malloc((size_t)n + 1)) != NULL && fread(s, 1, (size_t)n, f) == (size_t)n)
		s[n] = '\0';
	else {
		free(s);
		s = NULL;
	}
	fclose(f);
	return s;
}

/* The identifier at p, into out. */
static void
ident(const char *p, char *out, size_t len)
{
	size_t	i = 0;

	while (i + 1 < len && (p[i] == '_' || (p[i] >= 'a' && p[i] <= 'z') ||
	    (p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= '0' && p[i] <= '9'))) {
		out[i] = p[i];
		i++;
	}
	out[i] = '\0';
}

/* The label of API_BODY("label", table) in text, or NULL. */
static const char *
label_of(const char *text, const char *table, char *out, size_t len)
{
	for (const char *p = strstr(text, "API_BODY(\""); p != NULL;
	    p = strstr(p + 1, "API_BODY(\"")) {
		const char	*label = p + 10, *end = strchr(label, '"');
		char		 name[64];

		if (end == NULL || strncmp(end, "\", ", 3) != 0)
			continue;
		ident(end + 3, name, sizeof(name));
		if (strcmp(name, table) == 0 && end[3 + strlen(name)] == ')') {
			snprintf(out, len, "%.*s", (int)(end - label), label);
			return out;
		}
	}
	return NULL;
}

static bool
listed(const char *label)
{
	for (size_t i = 0; i < api_nbodies; i++)
		if (strcmp(api_bodies[i]->name, label) == 0)
			return true;
	return false;
}

/* Every table of one file: wrapped and listed. */
static size_t
check_file(const char *path, const char *text)
{
	static const char	 def[] = "jv_field ";
	size_t			 tables = 0;
	char			 name[64], label[64];
	bool			 ok;

	for (const char *p = strstr(text, def); p != NULL; p = strstr(p + 1, def)) {
		ident(p + strlen(def), name, sizeof(name));
		if (name[0] == '\0' || strncmp(p + strlen(def) + strlen(name), "[] = {", 6) != 0)
			continue;	/* a parameter or a declaration, not a table */
		tables++;
		ok = label_of(text, name, label, sizeof(label)) != NULL && listed(label);
		CHECK(ok);
		if (!ok)
			fprintf(stderr, "  %s: table %s is not in api_bodies[]\n", path, name);
	}
	return tables;
}

/* check_file of the file at path; 0 tables when it cannot be read (a failed check). */
static size_t
check_path(const char *path)
{
	char	*text = slurp(path);
	size_t	 n;

	CHECK(text != NULL);
	if (text == NULL)
		return 0;
	n = check_file(path, text);
	free(text);
	return n;
}

void
test_bodies(void)
{
	DIR		*d = opendir("src/api");
	struct dirent	*e;
	size_t		 tables = 0, files = 0;

	CHECK(d != NULL);
	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		char	 path[300];
		size_t	 len = strlen(e->d_name);

		if (len < 3 || strcmp(e->d_name + len - 2, ".c") != 0)
			continue;
		snprintf(path, sizeof(path), "src/api/%s", e->d_name);
		tables += check_path(path);
		files++;
	}
	closedir(d);
	CHECK(files > 10);
	/* the request bodies' tables, made from the contract */
	tables += check_path(REQUEST_BODIES);
	/* one entry per table: nothing listed twice, nothing listed that is not a table */
	CHECK(tables == api_nbodies);
	for (size_t i = 0; i < api_nbodies; i++)
		for (size_t k = i + 1; k < api_nbodies; k++)
			CHECK(strcmp(api_bodies[i]->name, api_bodies[k]->name) != 0 &&
			    api_bodies[i]->fields != api_bodies[k]->fields);
}
