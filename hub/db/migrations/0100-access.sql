-- hub-console: district accounts, console sessions, login limits and the audit trail (issue 16, item 8).
-- Times are timestamptz like the core tables, written from the hub's injected clock (never now()), so tests can move it.

CREATE TABLE hub_accounts (
  id            bigserial PRIMARY KEY,
  login         text NOT NULL UNIQUE CHECK (login ~ '^[a-z0-9._-]{2,64}$'),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  role          text NOT NULL CHECK (role IN ('dept-staff', 'supervisor', 'admin')),
  -- The department a dept-staff account works for; district roles have none.
  department_id text,
  password_hash text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
  disabled      boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL,
  CHECK ((role = 'dept-staff') = (department_id IS NOT NULL))
);

-- The session id is never stored: only its SHA-256 (hub/domain/sessions.ts).
CREATE TABLE hub_sessions (
  key          text PRIMARY KEY CHECK (key ~ '^[0-9a-f]{64}$'),
  account_id   bigint NOT NULL REFERENCES hub_accounts (id) ON DELETE CASCADE,
  created_at   timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL
);
CREATE INDEX hub_sessions_account ON hub_sessions (account_id);

CREATE TABLE hub_login_limits (
  key          text PRIMARY KEY,
  failures     integer NOT NULL,
  lockouts     integer NOT NULL,
  locked_until timestamptz NOT NULL
);

-- Every console action: who, what, when, on which case. Append-only (the trigger below).
CREATE TABLE hub_audit (
  id        bigserial PRIMARY KEY,
  at        timestamptz NOT NULL,
  actor     text NOT NULL,
  action    text NOT NULL,
  outcome   text NOT NULL CHECK (outcome IN ('ok', 'denied', 'failed')),
  cabinet   text,
  reference text,
  detail    jsonb
);
CREATE INDEX hub_audit_case ON hub_audit (reference, at) WHERE reference IS NOT NULL;
CREATE INDEX hub_audit_at ON hub_audit (at);

CREATE FUNCTION hub_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'hub_audit is append-only';
END
$$;
CREATE TRIGGER hub_audit_no_update BEFORE UPDATE OR DELETE ON hub_audit FOR EACH ROW EXECUTE FUNCTION hub_audit_append_only();
CREATE TRIGGER hub_audit_no_truncate BEFORE TRUNCATE ON hub_audit FOR EACH STATEMENT EXECUTE FUNCTION hub_audit_append_only();
