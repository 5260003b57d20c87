-- People and keys in tables (contract v2): tenants with their contacts and keys (a secret
-- key's secret sealed with the intake's encryption key, never in clear), staff with the
-- scrypt hash of their password, and their api tokens and console sessions by the SHA-256
-- of the token alone. Every process reads the same; a change is announced (NOTIFY) so each
-- refreshes what it holds.
CREATE TABLE tenants (
  id text PRIMARY KEY,
  data jsonb NOT NULL
);

CREATE TABLE staff_members (
  id text PRIMARY KEY,
  -- lower-cased, so an address signs in whatever its case
  email text UNIQUE,
  data jsonb NOT NULL
);

CREATE TABLE staff_credentials (
  hash text PRIMARY KEY,
  id text NOT NULL UNIQUE,
  member_id text NOT NULL REFERENCES staff_members (id),
  kind text NOT NULL,
  expires_at timestamptz,
  data jsonb NOT NULL
);
CREATE INDEX staff_credentials_member ON staff_credentials (member_id);

-- Rate limits shared by every process: one bucket per key (a client; a key and a client),
-- kept as its theoretical arrival time (GCRA), so one statement takes a token or refuses.
CREATE TABLE rate_buckets (
  key text PRIMARY KEY,
  tat_ms bigint NOT NULL
);
