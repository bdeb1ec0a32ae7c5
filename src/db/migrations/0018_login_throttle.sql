-- Sign-in throttling by counters instead of a row per failed attempt
-- (src/api/session.c): one row per (account, address), per address (email
-- '') and per account (address ''), each with its failures and the time of
-- the last one; a row whose last failure is older than --login-window is
-- forgotten. An IPv6 address is counted by its /64.
--
-- login_known holds the pairs that signed in successfully: the account-wide
-- and address-wide back-off does not apply to them, so neither an attacker
-- guessing one account from many addresses nor one spraying many accounts
-- from one shared address (a proxy, an office) keeps the owner out.
--
-- The failures of the old table carry over as counts, so the upgrade
-- forgets nothing an attacker has spent.

CREATE TABLE login_throttle (
	email		TEXT NOT NULL,		-- lower case; '' for an address's row
	address		TEXT NOT NULL,		-- '' for an account's row
	failures	INTEGER NOT NULL,
	last_at		TEXT NOT NULL,
	PRIMARY KEY (email, address)
);
CREATE INDEX login_throttle_by_last ON login_throttle (last_at);

CREATE TABLE login_known (
	email		TEXT NOT NULL,
	address		TEXT NOT NULL,
	at		TEXT NOT NULL,		-- the last successful sign-in of the pair
	PRIMARY KEY (email, address)
);
CREATE INDEX login_known_by_at ON login_known (at);

INSERT INTO login_throttle (email, address, failures, last_at)
	SELECT email, address, COUNT(*), MAX(at) FROM login_failures GROUP BY email, address;
INSERT INTO login_throttle (email, address, failures, last_at)
	SELECT '', address, COUNT(*), MAX(at) FROM login_failures GROUP BY address;
INSERT INTO login_throttle (email, address, failures, last_at)
	SELECT email, '', COUNT(*), MAX(at) FROM login_failures GROUP BY email;

DROP TABLE login_failures;
