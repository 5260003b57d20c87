-- What the running server needs beside the store: claims on emails being sent, and a
-- notice of every change to a report. One script for PostgreSQL 15+ and PGlite.

-- The delivery worker's claim on an email while it is being sent.
--
-- Claiming an email counts its attempt and sets its next one (the domain's rule, in the
-- document); the first pause is 1 s, shorter than an SMTP exchange may take. So that a
-- worker in another process does not take the same email for a second attempt while
-- the first is still being sent, the claim also holds it until `claimed_until` (now plus
-- a lease longer than any SMTP exchange). Recording the attempt's outcome clears it. A
-- worker that died mid-send leaves its claim to expire; the email is then retried.
ALTER TABLE outbox ADD COLUMN claimed_until timestamptz;

-- Live status across processes: every write of a report sends its id to the schema's
-- channel (`vuln_report_` and 16 hex digits of SHA-256 of the schema's name), delivered
-- to every listening process when the transaction commits, never if it rolls back.
-- PostgreSQL sends one notice per report and transaction, however often it was written.
CREATE FUNCTION report_changed_notice() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('vuln_report_' || left(encode(sha256(convert_to(TG_TABLE_SCHEMA, 'UTF8')), 'hex'), 16), NEW.id);
  RETURN NULL;
END
$$;
CREATE TRIGGER report_changed_notice AFTER INSERT OR UPDATE ON reports
  FOR EACH ROW EXECUTE FUNCTION report_changed_notice();
