-- The intake's records, first version. One script for PostgreSQL 15+ and PGlite.
--
-- Each record the domain treats as a document (a report with its timeline, an incident,
-- an email) is kept whole in `data` (JSONB), exactly as the domain wrote it: that is the
-- truth. Beside it, real columns hold what lists filter and order on; the store derives
-- them from the document in the same statement that writes it, so they cannot drift.
--   seq      the order records arrived in (newest first, oldest first, cursors);
--   version  raised by every write, so a write based on a read that took no lock can
--            refuse to overwrite a newer one (see the store).
-- Times the domain compares are timestamptz; the document keeps the exact strings.

CREATE TABLE reports (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  version integer NOT NULL DEFAULT 1,
  tenant text NOT NULL,
  state text NOT NULL,
  severity text,
  received_at timestamptz NOT NULL,
  acknowledged_at timestamptz,
  resolved_at timestamptz,
  data jsonb NOT NULL
);
-- The staff list, newest first, by any one filter.
CREATE INDEX reports_by_state ON reports (state, seq);
CREATE INDEX reports_by_severity ON reports (severity, seq);
CREATE INDEX reports_by_tenant ON reports (tenant, seq);
CREATE INDEX reports_by_received_at ON reports (received_at);
-- The release notes: resolved reports, oldest resolution first.
CREATE INDEX reports_resolved ON reports (resolved_at, seq) WHERE state = 'resolved';
-- The deadlines the clock watches: received and not acknowledged, triaged, waiting for the reporter.
CREATE INDEX reports_with_deadlines ON reports (seq)
  WHERE (state = 'received' AND acknowledged_at IS NULL) OR state IN ('triaged', 'needs-info');

-- Attachment bytes, apart from the report's document. Written in the unit that writes
-- the report (the check waits for the commit).
CREATE TABLE attachments (
  report_id text NOT NULL REFERENCES reports (id) DEFERRABLE INITIALLY DEFERRED,
  attachment_id text NOT NULL,
  data bytea NOT NULL,
  PRIMARY KEY (report_id, attachment_id)
);

-- What each Idempotency-Key (`projectKey key`) was first used for.
CREATE TABLE idempotency_keys (
  key text PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  data jsonb NOT NULL
);

CREATE TABLE incidents (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  version integer NOT NULL DEFAULT 1,
  state text NOT NULL,
  notified_at timestamptz,
  data jsonb NOT NULL
);
CREATE INDEX incidents_awaiting_notice ON incidents (seq) WHERE notified_at IS NULL AND state <> 'closed';

CREATE TABLE evidence_requests (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  version integer NOT NULL DEFAULT 1,
  tenant text NOT NULL,
  state text NOT NULL,
  data jsonb NOT NULL
);
CREATE INDEX evidence_requests_by_tenant ON evidence_requests (tenant, seq);

-- The outbox: every email, oldest first, with its delivery state in the document.
-- due_at: the next attempt, or the email's creation before any attempt.
CREATE TABLE outbox (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  version integer NOT NULL DEFAULT 1,
  status text NOT NULL,
  due_at timestamptz NOT NULL,
  kind text NOT NULL,
  related_id text NOT NULL,
  data jsonb NOT NULL
);
CREATE INDEX outbox_due ON outbox (due_at, seq) WHERE status = 'queued';
CREATE INDEX outbox_by_related_id ON outbox (related_id);

-- The activity log: append-only and hash-chained. The domain computes seq and hashes;
-- the store appends an entry only onto the current head (seq - 1 with hash = prev_hash),
-- holding the chain's advisory lock, and these constraints refuse any fork.
CREATE TABLE activity_log (
  seq bigint PRIMARY KEY CHECK (seq >= 1),
  at timestamptz NOT NULL,
  prev_hash text NOT NULL UNIQUE CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  hash text NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$'),
  tenants text[] NOT NULL,
  entry jsonb NOT NULL
);
-- Evidence requests: every entry that names a tenant.
CREATE INDEX activity_log_by_tenant ON activity_log USING gin (tenants);

CREATE FUNCTION activity_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'The activity log is append-only: % refused.', TG_OP;
END
$$;
CREATE TRIGGER activity_log_append_only BEFORE UPDATE OR DELETE ON activity_log
  FOR EACH ROW EXECUTE FUNCTION activity_log_refuse_change();
CREATE TRIGGER activity_log_no_truncate BEFORE TRUNCATE ON activity_log
  FOR EACH STATEMENT EXECUTE FUNCTION activity_log_refuse_change();

-- Deadlines that passed before they were met (`targetType:targetId:kind`), and when
-- they were met late.
CREATE TABLE missed_deadlines (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  version integer NOT NULL DEFAULT 1,
  target_type text NOT NULL,
  target_id text NOT NULL,
  due_at timestamptz NOT NULL,
  met_at timestamptz,
  data jsonb NOT NULL
);
CREATE INDEX missed_deadlines_met_late ON missed_deadlines (due_at, seq) WHERE met_at IS NOT NULL;
