-- Intake commits that wait for nobody.
--
-- 1. The activity log without one lock for every writer. A unit of work adds its entries
--    here, unplaced, and commits without waiting for anyone; the sealer (whoever reads the
--    log next, one at a time under an advisory lock) places committed entries in order of
--    arrival: each its seq, prevHash and hash, after the log's head.
CREATE TABLE activity_pending (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  record jsonb NOT NULL
);

-- 2. Live status only for changed reports. A report just stored has no follower yet (its
--    reporter learns its id from the answer, after COMMIT), and PostgreSQL serializes the
--    commits of transactions that NOTIFY on its notification queue's lock: notifying each
--    insert made every intake commit wait for the one before it.
DROP TRIGGER report_changed_notice ON reports;
CREATE TRIGGER report_changed_notice AFTER UPDATE ON reports
  FOR EACH ROW EXECUTE FUNCTION report_changed_notice();
