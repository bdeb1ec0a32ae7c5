-- Mail (issue 14): the outbox, single-use links sent by mail, and confirmed
-- addresses.
--
-- mail_outbox holds every message until it is delivered. A message is
-- inserted in the transaction of the change that causes it; the sender
-- (src/mail/sender.c) claims one at a time with a lease (lease_owner,
-- lease_until) so that two processes never send the same message, marks it
-- sent after the server's 250, and otherwise puts off the next attempt
-- (next_at) with back-off. A message is "sending" while its lease lasts.
-- sensitive: it holds a single-use link; its bodies are cleared once it
-- leaves the queue (sent, failed or discarded). expires_at: the link in it
-- dies then, so it is not sent after. queued_at: when it was queued, or
-- queued again by an admin; the sender gives up counting from there.
CREATE TABLE mail_outbox (
	id		INTEGER PRIMARY KEY,
	kind		TEXT NOT NULL,		-- what made it: password_reset, email_verification
	user_id		INTEGER REFERENCES users (id) ON DELETE SET NULL,
	recipient	TEXT NOT NULL,
	recipient_name	TEXT NOT NULL,
	locale		TEXT NOT NULL,
	subject		TEXT NOT NULL,
	body_text	TEXT NOT NULL,
	body_html	TEXT,
	sensitive	INTEGER NOT NULL DEFAULT 0,
	message_id	TEXT NOT NULL UNIQUE,
	status		TEXT NOT NULL DEFAULT 'queued'
			    CHECK (status IN ('queued', 'sent', 'failed', 'discarded')),
	attempts	INTEGER NOT NULL DEFAULT 0,
	last_error	TEXT,
	next_at		TEXT NOT NULL,
	lease_owner	TEXT,
	lease_until	TEXT,
	queued_at	TEXT NOT NULL,
	expires_at	TEXT,
	created_at	TEXT NOT NULL,
	sent_at		TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_at);
CREATE INDEX mail_outbox_by_user ON mail_outbox (user_id);

-- Attachments of a message, text only (an iCalendar invitation), base64 in the mail.
CREATE TABLE mail_attachments (
	id		INTEGER PRIMARY KEY,
	mail_id		INTEGER NOT NULL REFERENCES mail_outbox (id) ON DELETE CASCADE,
	filename	TEXT,
	content_type	TEXT NOT NULL,
	content		TEXT NOT NULL
);
CREATE INDEX mail_attachments_by_mail ON mail_attachments (mail_id);

-- Single-use links sent by mail: a password reset, an address confirmation.
-- Only the hash of the token is kept (hex BLAKE2b, as session tokens); email
-- is the address it was sent to, which must still be the account's when the
-- link is used.
CREATE TABLE email_tokens (
	id		INTEGER PRIMARY KEY,
	purpose		TEXT NOT NULL CHECK (purpose IN ('password_reset', 'email_verification')),
	token_hash	TEXT NOT NULL UNIQUE,
	user_id		INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	email		TEXT NOT NULL,
	created_at	TEXT NOT NULL,
	expires_at	TEXT NOT NULL,
	used_at		TEXT
);
CREATE INDEX email_tokens_by_user ON email_tokens (user_id);
CREATE INDEX email_tokens_by_expiry ON email_tokens (expires_at);

-- When the account's address was confirmed; NULL: not (yet). The accounts
-- that exist already count as confirmed: nobody is held back by the upgrade.
ALTER TABLE users ADD COLUMN email_verified_at TEXT;
UPDATE users SET email_verified_at = updated_at;
