-- Secrets an intake makes for itself on its first start when its configuration gives
-- none: the activity log's secret (its head-signing and tenant-blinding keys derive from
-- it), so that `npx vuln-report-server` signs with a key of its own, never a documented one,
-- and every process of the intake finds the same.
CREATE TABLE intake_secrets (
  name text PRIMARY KEY,
  value text NOT NULL
);
