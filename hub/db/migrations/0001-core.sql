-- The hub's core tables (hub-core). Times are timestamptz; a due date is a calendar day (date).
-- Case states: accepted 受理, in-progress 办理中, completed 办结, correction 补正, rejected 退回.

CREATE TABLE departments (
  id text PRIMARY KEY,
  name_zh text NOT NULL,
  name_en text NOT NULL,
  -- who is told first when a case of this department is overdue (a hub account login, or null)
  supervisor text
);

-- The matter catalogue as the hub routes it: which department owns it, how many working days it promises.
CREATE TABLE matters (
  id text PRIMARY KEY,
  name_zh text NOT NULL,
  name_en text NOT NULL,
  department_id text REFERENCES departments (id),
  committed_days integer NOT NULL CHECK (committed_days BETWEEN 1 AND 365)
);

CREATE TABLE cabinets (
  id text PRIMARY KEY,
  district text NOT NULL,
  presence text NOT NULL DEFAULT 'unknown' CHECK (presence IN ('online', 'offline', 'unknown')),
  presence_reason text,
  version text,
  presence_at timestamptz,
  last_heartbeat_at timestamptz,
  heartbeat_seconds integer NOT NULL DEFAULT 60,
  -- the last heartbeat's body (buses, printer, backlog, door faults, free disk)
  health jsonb,
  last_event_at timestamptz,
  first_seen_at timestamptz NOT NULL DEFAULT now()
);

-- "cabinet silent" and later kinds; one open alert per cabinet and kind.
CREATE TABLE cabinet_alerts (
  id bigserial PRIMARY KEY,
  cabinet text NOT NULL REFERENCES cabinets (id),
  kind text NOT NULL,
  raised_at timestamptz NOT NULL,
  cleared_at timestamptz
);
CREATE UNIQUE INDEX cabinet_alerts_open ON cabinet_alerts (cabinet, kind) WHERE cleared_at IS NULL;

-- Every fleet event once: the id is the cabinet's message id (duplicates are dropped on it).
CREATE TABLE events (
  id text PRIMARY KEY,
  district text NOT NULL,
  cabinet text NOT NULL,
  seq bigint NOT NULL,
  type text NOT NULL,
  at timestamptz NOT NULL,
  data jsonb NOT NULL,
  received_at timestamptz NOT NULL,
  stored_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX events_cabinet_seq ON events (cabinet, seq);
CREATE INDEX events_reference ON events (cabinet, (data ->> 'reference')) WHERE data ? 'reference';

CREATE TABLE cases (
  id bigserial PRIMARY KEY,
  cabinet text NOT NULL,
  reference text NOT NULL,
  matter_id text NOT NULL,
  -- null: no route for the matter yet (the supervisor's "unrouted" queue)
  department_id text REFERENCES departments (id),
  state text NOT NULL CHECK (state IN ('accepted', 'in-progress', 'completed', 'correction', 'rejected')),
  compartment text,
  deposited_at timestamptz NOT NULL,
  due_date date,
  completed_at timestamptz,
  picked_up_at timestamptz,
  -- how the case left the cabinet: picked-up, expired, recalled
  ended text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (cabinet, reference)
);
-- The supervision queries: a department's open cases by due date (overdue first), cases by state, a cabinet's cases.
CREATE INDEX cases_open_by_department_due ON cases (department_id, due_date) WHERE state IN ('accepted', 'in-progress', 'correction');
CREATE INDEX cases_state_deposited ON cases (state, deposited_at DESC);
CREATE INDEX cases_cabinet_deposited ON cases (cabinet, deposited_at DESC);
CREATE INDEX cases_open_due ON cases (due_date) WHERE state IN ('accepted', 'in-progress', 'correction');

-- Events from the cabinet and actions in the hub, in one list per case.
CREATE TABLE case_timeline (
  id bigserial PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES cases (id),
  at timestamptz NOT NULL,
  -- 'cabinet:<id>' for a cabinet event, 'hub:<login>' for a person, 'hub:sweep' for the deadline sweep
  actor text NOT NULL,
  kind text NOT NULL,
  from_state text,
  to_state text,
  note text,
  event_id text
);
CREATE INDEX case_timeline_case ON case_timeline (case_id, at);

-- Deadline flags, each written once per case (the sweep is idempotent on the primary key).
CREATE TABLE case_flags (
  case_id bigint NOT NULL REFERENCES cases (id),
  kind text NOT NULL CHECK (kind IN ('due-soon', 'overdue', 'escalated-supervisor', 'escalated-lead')),
  raised_at timestamptz NOT NULL,
  -- who is told: the department, its supervisor, the district lead
  notify text NOT NULL,
  PRIMARY KEY (case_id, kind)
);

-- The official calendar: holidays, and weekend days that are working days (调休).
CREATE TABLE calendar_days (
  day date PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name text NOT NULL DEFAULT ''
);

CREATE TABLE ratings (
  event_id text PRIMARY KEY,
  cabinet text NOT NULL,
  reference text,
  case_id bigint REFERENCES cases (id),
  matter_id text,
  department_id text,
  flow text NOT NULL,
  level integer NOT NULL CHECK (level BETWEEN 1 AND 5),
  comments jsonb NOT NULL DEFAULT '[]',
  at timestamptz NOT NULL
);
CREATE INDEX ratings_at ON ratings (at);

-- A rating of 2 or less opens one follow-up, closed only with a note.
CREATE TABLE followups (
  id bigserial PRIMARY KEY,
  rating_event_id text NOT NULL UNIQUE REFERENCES ratings (event_id),
  case_id bigint REFERENCES cases (id),
  department_id text,
  opened_at timestamptz NOT NULL,
  closed_at timestamptz,
  closed_by text,
  note text,
  CHECK (closed_at IS NULL OR (note IS NOT NULL AND length(btrim(note)) > 0))
);
CREATE INDEX followups_open ON followups (department_id, opened_at) WHERE closed_at IS NULL;

-- Signed commands sent to cabinets and their answers, correlated by id.
CREATE TABLE commands (
  id text PRIMARY KEY,
  cabinet text NOT NULL,
  type text NOT NULL,
  body jsonb NOT NULL,
  issued_at timestamptz NOT NULL,
  issued_by text NOT NULL,
  -- sent, then the answer: ok, refused (with error), scheduled (applied later)
  state text NOT NULL DEFAULT 'sent' CHECK (state IN ('sent', 'scheduled', 'ok', 'refused')),
  response jsonb,
  responded_at timestamptz
);
CREATE INDEX commands_cabinet ON commands (cabinet, issued_at DESC);

-- Payloads the ingest refused (bad JSON, unknown version, wrong shape): counted and kept for a while.
CREATE TABLE ingest_rejects (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  topic text NOT NULL,
  reason text NOT NULL
);
