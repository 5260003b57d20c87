-- Contract v2, test and live mode: every report, incident, evidence request and email
-- has a mode; lists show one mode at a time (live by default). A tenant's customers
-- list the incidents that affect it.

ALTER TABLE reports ADD COLUMN mode text NOT NULL DEFAULT 'live';
UPDATE reports SET mode = coalesce(data->>'mode', 'live');
CREATE INDEX reports_by_mode ON reports (mode, seq);
CREATE INDEX reports_by_tenant_mode ON reports (tenant, mode, seq);

ALTER TABLE incidents ADD COLUMN mode text NOT NULL DEFAULT 'live';
ALTER TABLE incidents ADD COLUMN affected_tenants text[] NOT NULL DEFAULT '{}';
UPDATE incidents SET mode = coalesce(data->>'mode', 'live'), affected_tenants = ARRAY(SELECT jsonb_array_elements_text(data->'affectedTenants'));
CREATE INDEX incidents_by_mode ON incidents (mode, seq);
CREATE INDEX incidents_by_affected_tenant ON incidents USING gin (affected_tenants);

ALTER TABLE evidence_requests ADD COLUMN mode text NOT NULL DEFAULT 'live';
UPDATE evidence_requests SET mode = coalesce(data->>'mode', 'live');
CREATE INDEX evidence_requests_by_tenant_mode ON evidence_requests (tenant, mode, seq);

ALTER TABLE outbox ADD COLUMN mode text NOT NULL DEFAULT 'live';
UPDATE outbox SET mode = coalesce(data->>'mode', 'live');
CREATE INDEX outbox_by_mode ON outbox (mode, seq);
