-- Each account's time zone (issue 14): the clock that reminders, digests and
-- invitations tell the time by. An IANA name checked against the system's tz
-- database by the API; NULL: the installation's zone (--timezone). The
-- accounts that exist keep the clock their mail had until now: their
-- organization's city's.
ALTER TABLE users ADD COLUMN timezone TEXT;
UPDATE users SET timezone = (SELECT c.timezone FROM organizations o
	JOIN cities c ON c.id = o.city_id WHERE o.id = users.organization_id);
