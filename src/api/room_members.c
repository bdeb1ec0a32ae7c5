/*
 * room_members: who is in a room and their participant cards, as the hub
 * keeps them: the presence texts of the channels "room:<meeting id>" and
 * "lobby:<meeting id>". Below the rooms (rooms.c), which decide who enters,
 * and their media (sfu.c), which reads who a member is for a recording.
 */
#include "room_media.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
room_channel(char *buf, size_t len, const char *kind, int64_t room)
{
	snprintf(buf, len, "%s:%lld", kind, (long long)room);
}

struct collect {
	uint64_t	 conn;		/* 0: all */
	json_t		*list;
};

static void
collect_member(uint64_t conn, const char *presence, void *arg)
{
	struct collect	*c = arg;
	json_t		*m;

	if (c->conn != 0 && c->conn != conn)
		return;
	if ((m = json_loads(presence, 0, NULL)) != NULL)
		json_array_append_new(c->list, m);
}

json_t *
room_members(const char *kind, int64_t room, uint64_t conn)
{
	char		channel[48];
	struct collect	c = { conn, json_array() };

	room_channel(channel, sizeof(channel), kind, room);
	rt_members(ws_hub, channel, collect_member, &c);
	return c.list;
}

/* One member's card (a new reference), NULL when conn is not in the room. */
json_t *
room_member_get(int64_t room, uint64_t conn)
{
	json_t	*list = room_members("room", room, conn), *m = NULL;

	if (json_array_size(list) > 0)
		m = json_incref(json_array_get(list, 0));
	json_decref(list);
	return m;
}

/* Writes a member's card back (after a change to hand or devices). */
void
room_member_put(int64_t room, uint64_t conn, json_t *m)
{
	char		 channel[48], *text = json_dumps(m, JSON_COMPACT);
	uint64_t	 seq;

	room_channel(channel, sizeof(channel), "room", room);
	if (text != NULL)
		rt_join(ws_hub, channel, conn, text, &seq);
	free(text);
}

bool
room_member_who(struct arena *a, int64_t room, uint64_t conn, struct db_recording_who *out)
{
	json_t	*m = room_member_get(room, conn);

	if (m == NULL)
		return false;
	memset(out, 0, sizeof(*out));
	out->user_id = json_integer_value(json_object_get(m, "user"));
	out->name = arena_strdup(a, jv_str(m, "name"));
	out->city_ru = json_is_string(json_object_get(m, "city_ru")) ?
	    arena_strdup(a, jv_str(m, "city_ru")) : NULL;
	out->city_en = json_is_string(json_object_get(m, "city_en")) ?
	    arena_strdup(a, jv_str(m, "city_en")) : NULL;
	out->country = json_is_string(json_object_get(m, "country")) ?
	    arena_strdup(a, jv_str(m, "country")) : NULL;
	json_decref(m);
	return true;
}
