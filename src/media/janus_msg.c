/*
 * janus_msg: what Janus sends, checked before anything reads it. Janus is
 * our child and talks over a private socket, but a message is still input:
 * bounded in size (the reader's buffer) and depth, ids integers, texts
 * strings, an SDP an offer or answer. Whatever fails is dropped, logged.
 */
#include "janus.h"

#include <string.h>

#define MAX_TRANSACTION	32
#define MAX_SDP		(192 * 1024)

static const struct {
	const char	*name;
	enum janus_kind	 kind;
} kinds[] = {
	{ "success", JANUS_SUCCESS }, { "error", JANUS_ERROR }, { "ack", JANUS_ACK },
	{ "event", JANUS_EVENT }, { "server_info", JANUS_SERVER_INFO },
	{ "webrtcup", JANUS_WEBRTCUP }, { "media", JANUS_MEDIA }, { "hangup", JANUS_HANGUP },
	{ "slowlink", JANUS_SLOWLINK }, { "trickle", JANUS_TRICKLE },
	{ "detached", JANUS_DETACHED }, { "timeout", JANUS_TIMEOUT },
};

/* Deeper than max anywhere: jansson itself allows 2048 levels. */
static bool
too_deep(json_t *v, int max)
{
	const char	*k;
	json_t		*e;
	size_t		 i;

	if (!json_is_object(v) && !json_is_array(v))
		return false;
	if (max == 0)
		return true;
	if (json_is_object(v)) {
		json_object_foreach(v, k, e)
			if (too_deep(e, max - 1))
				return true;
	} else
		json_array_foreach(v, i, e)
			if (too_deep(e, max - 1))
				return true;
	return false;
}

/* An id member: absent (0), or an integer 1..2^63-1. */
static int
id_of(json_t *o, const char *key, uint64_t *out)
{
	json_t	*v = json_object_get(o, key);

	*out = 0;
	if (v == NULL)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) <= 0)
		return -1;
	*out = (uint64_t)json_integer_value(v);
	return 0;
}

static int
jsep_ok(json_t *jsep)
{
	const char	*type = json_string_value(json_object_get(jsep, "type"));
	json_t		*sdp = json_object_get(jsep, "sdp");

	return json_is_object(jsep) && type != NULL && (strcmp(type, "offer") == 0 ||
	    strcmp(type, "answer") == 0) && json_is_string(sdp) &&
	    json_string_length(sdp) > 0 && json_string_length(sdp) <= MAX_SDP ? 0 : -1;
}

/* The error text of Janus ({"error":{"reason"}}) or of the plugin ({"error_code","error"}). */
static const char *
error_of(struct janus_msg *m)
{
	json_t	*e = json_object_get(m->root, "error");

	if (m->kind == JANUS_ERROR)
		return json_is_string(json_object_get(e, "reason")) ?
		    json_string_value(json_object_get(e, "reason")) : "error";
	if (m->data != NULL && json_object_get(m->data, "error_code") != NULL)
		return json_is_string(json_object_get(m->data, "error")) ?
		    json_string_value(json_object_get(m->data, "error")) : "error";
	return NULL;
}

int
janus_msg_parse(const char *buf, size_t len, struct janus_msg *m)
{
	json_t		*root, *pd, *tx;
	const char	*name;
	size_t		 i;

	memset(m, 0, sizeof(*m));
	if (len == 0 || len > JANUS_MAX_MESSAGE ||
	    (root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, NULL)) == NULL)
		return -1;
	m->root = root;
	if (!json_is_object(root) || too_deep(root, JANUS_MAX_DEPTH) ||
	    (name = json_string_value(json_object_get(root, "janus"))) == NULL)
		goto bad;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i].name, name) == 0)
			break;
	if (i == sizeof(kinds) / sizeof(kinds[0]))
		goto bad;
	m->kind = kinds[i].kind;
	if ((tx = json_object_get(root, "transaction")) != NULL) {
		if (!json_is_string(tx) || json_string_length(tx) == 0 ||
		    json_string_length(tx) > MAX_TRANSACTION)
			goto bad;
		m->transaction = json_string_value(tx);
	}
	if (id_of(root, "session_id", &m->session) == -1 || id_of(root, "sender", &m->sender) == -1)
		goto bad;
	if ((pd = json_object_get(root, "plugindata")) != NULL) {
		if (!json_is_object(pd) || !json_is_object(json_object_get(pd, "data")))
			goto bad;
		m->data = json_object_get(pd, "data");
	}
	if ((m->jsep = json_object_get(root, "jsep")) != NULL && jsep_ok(m->jsep) == -1)
		goto bad;
	m->error = error_of(m);
	return 0;
bad:
	json_decref(root);
	memset(m, 0, sizeof(*m));
	return -1;
}
