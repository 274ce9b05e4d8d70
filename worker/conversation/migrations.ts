// The conversation object's tables, as each version of Frontdesk changed them. An object stored by an older
// version runs the entries it has not run yet, in order; a new one gets what they all build in one go (see
// schema.ts). Append new entries, never edit old ones. Each runs on conversations in use, and one that fails
// leaves them unusable until it is fixed: a NOT NULL column needs a DEFAULT, as the tables have rows
// (tests/worker/migrations.test.ts runs each on tables with rows; the build runs them on empty ones only).
export const MIGRATIONS = [
	`CREATE TABLE conversation (
		singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
		id TEXT NOT NULL,
		token_hash TEXT NOT NULL,
		created_at TEXT NOT NULL,
		locale TEXT,
		page_url TEXT,
		page_title TEXT,
		human_requested_seq INTEGER
	);
	CREATE TABLE messages (
		seq INTEGER PRIMARY KEY,
		role TEXT NOT NULL,
		kind TEXT NOT NULL,
		text TEXT NOT NULL,
		created_at TEXT NOT NULL,
		client_message_id TEXT UNIQUE,
		reply_to INTEGER,
		explanation TEXT
	);
	CREATE INDEX messages_reply_to ON messages (reply_to);`,
	`ALTER TABLE messages ADD COLUMN entities TEXT;
	ALTER TABLE messages ADD COLUMN quick_replies TEXT;
	ALTER TABLE messages ADD COLUMN link TEXT;`,
	`ALTER TABLE messages ADD COLUMN author TEXT;
	ALTER TABLE conversation ADD COLUMN public_origin TEXT;
	ALTER TABLE conversation ADD COLUMN owner TEXT NOT NULL DEFAULT 'ai';
	ALTER TABLE conversation ADD COLUMN status TEXT NOT NULL DEFAULT 'open';
	ALTER TABLE conversation ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE conversation ADD COLUMN customer_email TEXT;
	ALTER TABLE conversation ADD COLUMN ticket_id TEXT;
	ALTER TABLE conversation ADD COLUMN webhook_seq INTEGER NOT NULL DEFAULT 0;
	CREATE TABLE tickets (
		id TEXT PRIMARY KEY,
		reason TEXT NOT NULL,
		priority TEXT NOT NULL,
		created_at TEXT NOT NULL
	);
	CREATE TABLE webhooks (
		position INTEGER PRIMARY KEY,
		id TEXT NOT NULL UNIQUE,
		type TEXT NOT NULL,
		body TEXT NOT NULL,
		status TEXT NOT NULL,
		attempts INTEGER NOT NULL DEFAULT 0,
		next_attempt_at INTEGER,
		created_at TEXT NOT NULL
	);
	CREATE TABLE webhook_attempts (
		webhook_id TEXT NOT NULL,
		number INTEGER NOT NULL,
		at TEXT NOT NULL,
		status INTEGER,
		latency_ms INTEGER NOT NULL,
		error TEXT,
		PRIMARY KEY (webhook_id, number)
	);`,
	`ALTER TABLE conversation ADD COLUMN customer_id TEXT;
	ALTER TABLE conversation ADD COLUMN customer_name TEXT;
	ALTER TABLE conversation ADD COLUMN rating INTEGER;
	ALTER TABLE conversation ADD COLUMN rating_comment TEXT;`,
	`ALTER TABLE conversation ADD COLUMN last_activity_at TEXT;
	UPDATE conversation SET last_activity_at = COALESCE((SELECT MAX(created_at) FROM messages), created_at);
	CREATE TABLE erasure (
		singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
		conversation_id TEXT NOT NULL,
		started_at TEXT NOT NULL,
		reason TEXT NOT NULL,
		erased_at TEXT NOT NULL,
		analytics_forgotten INTEGER NOT NULL DEFAULT 0
	);`,
	`CREATE TABLE owed_answers (seq INTEGER PRIMARY KEY, due_at INTEGER NOT NULL);`,
	`ALTER TABLE webhook_attempts ADD COLUMN retry_after_ms INTEGER;`,
	`CREATE TABLE directory_listings (email_key TEXT PRIMARY KEY, source TEXT NOT NULL, sent INTEGER NOT NULL DEFAULT 0);`,
	`ALTER TABLE conversation ADD COLUMN customer_email_source TEXT;`,
	// A ticket made while no webhook endpoint was set never reached a helpdesk: nothing later may be sent about it.
	// Earlier tickets were sent exactly when the outbox holds their handoff.created.
	`ALTER TABLE tickets ADD COLUMN sent_to_helpdesk INTEGER NOT NULL DEFAULT 0;
	UPDATE tickets SET sent_to_helpdesk = 1 WHERE id IN (SELECT json_extract(body, '$.data.ticketId') FROM webhooks WHERE type = 'handoff.created');`,
	`ALTER TABLE conversation ADD COLUMN customer_updates INTEGER NOT NULL DEFAULT 0;`,
	// Which ticket's resolution the rating was for: a later hand-off, resolved, may be rated again.
	`ALTER TABLE conversation ADD COLUMN rating_ticket_id TEXT;`,
	// The conversation's line in the open-tickets list (ticket-listing.ts); one handed off earlier sends its line when it next wakes.
	`CREATE TABLE ticket_listing (
		singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
		conversation_id TEXT NOT NULL,
		version INTEGER NOT NULL,
		ticket TEXT,
		sent INTEGER NOT NULL DEFAULT 0
	);`,
];
