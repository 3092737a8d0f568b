-- schema.sql - the update service's tables (docs/cloud-api.md), one portable
-- schema for SQLite and PostgreSQL: TEXT and BIGINT columns only, no
-- dialect's auto-increment (ids are random hex or the devices' own), no
-- foreign keys (the handlers check references, so both engines behave
-- alike). Applied at every start; every statement is idempotent.

CREATE TABLE IF NOT EXISTS products (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	description TEXT NOT NULL
);

-- meta_*: the group's signed targets and snapshot documents (hex), their
-- version (from the fleet-wide counter 'targets') and expiry.
CREATE TABLE IF NOT EXISTS device_groups (
	id TEXT PRIMARY KEY,
	product_id TEXT NOT NULL,
	name TEXT NOT NULL,
	os_feed TEXT NOT NULL,
	window_start BIGINT,
	window_end BIGINT,
	check_period_s BIGINT NOT NULL,
	deployment_id TEXT,
	meta_version BIGINT NOT NULL DEFAULT 0,
	meta_expires BIGINT NOT NULL DEFAULT 0,
	meta_targets TEXT,
	meta_snapshot TEXT,
	UNIQUE (product_id, name)
);

CREATE TABLE IF NOT EXISTS devices (
	id TEXT PRIMARY KEY,
	public_key TEXT NOT NULL,
	group_id TEXT NOT NULL,
	claimed_at BIGINT NOT NULL,
	check_now BIGINT NOT NULL DEFAULT 0,
	timestamp_version BIGINT NOT NULL DEFAULT 0,
	last_nonce TEXT
);

CREATE TABLE IF NOT EXISTS images (
	id TEXT PRIMARY KEY,
	kind TEXT NOT NULL,
	component_id TEXT NOT NULL,
	image_id TEXT NOT NULL,
	version BIGINT NOT NULL,
	security_version BIGINT NOT NULL,
	size BIGINT NOT NULL,
	name TEXT NOT NULL,
	uploaded_at BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS deployments (
	id TEXT PRIMARY KEY,
	group_id TEXT NOT NULL,
	created_ms BIGINT NOT NULL,
	images TEXT NOT NULL
);

-- A deployment's images, in the order given (deployments.images lists their
-- ids too, comma-separated, for the listing: no portable ordered string
-- aggregate exists in SQLite 3.40).
CREATE TABLE IF NOT EXISTS deployment_images (
	deployment_id TEXT NOT NULL,
	position BIGINT NOT NULL,
	image_id TEXT NOT NULL,
	PRIMARY KEY (deployment_id, position)
);

-- Single-use check-in nonces: taken by DELETE ... RETURNING, so two service
-- instances on one database never both accept the same one.
CREATE TABLE IF NOT EXISTS nonces (
	nonce TEXT PRIMARY KEY,
	device_id TEXT NOT NULL,
	expires_at BIGINT NOT NULL
);

-- Every check-in (its nonce is unique): the rollout's history; a device's
-- last one is the row of its last_nonce.
CREATE TABLE IF NOT EXISTS checkins (
	device_id TEXT NOT NULL,
	nonce TEXT NOT NULL,
	at_ms BIGINT NOT NULL,
	os_version BIGINT NOT NULL,
	os_security_version BIGINT NOT NULL,
	os_slot TEXT NOT NULL,
	apps TEXT NOT NULL,
	state TEXT NOT NULL,
	detail TEXT NOT NULL,
	PRIMARY KEY (device_id, nonce)
);
CREATE INDEX IF NOT EXISTS checkins_by_device ON checkins (device_id, at_ms);

CREATE TABLE IF NOT EXISTS counters (
	name TEXT PRIMARY KEY,
	value BIGINT NOT NULL
);
INSERT INTO counters (name, value) VALUES ('targets', 0) ON CONFLICT (name) DO NOTHING;

-- The devices' failure reports (cloud/error_reports.c): one row per (device,
-- seq), the device's own numbering, so a check-in sent again adds nothing;
-- at most 512 a device (the lowest seqs go first). report is the normalised
-- JSON (at most about 1 KiB); the other columns are what the admin API
-- filters and counts by. event_time is the device's (NULL when unknown).
CREATE TABLE IF NOT EXISTS error_reports (
	device_id TEXT NOT NULL,
	seq BIGINT NOT NULL,
	received_ms BIGINT NOT NULL,
	event_time BIGINT,
	kind TEXT NOT NULL,
	component_id TEXT NOT NULL,
	name TEXT NOT NULL,
	version BIGINT,
	events BIGINT NOT NULL,
	report TEXT NOT NULL,
	PRIMARY KEY (device_id, seq)
);
CREATE INDEX IF NOT EXISTS error_reports_by_received ON error_reports (received_ms);
