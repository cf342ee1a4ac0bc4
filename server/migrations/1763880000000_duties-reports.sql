-- Up Migration
-- One row per duty (a recurring process), kept up to date by the duty workflow through an activity: the API lists
-- duties from here without asking Temporal. The workflow is the source of truth; this is its projection.
CREATE TABLE duties (
  id text PRIMARY KEY,
  workflow_id text NOT NULL UNIQUE,
  template_id text NOT NULL,
  template_version integer NOT NULL,
  name text NOT NULL,
  recurrence jsonb NOT NULL,
  schedule jsonb NOT NULL,
  time_zone text NOT NULL,
  assignee text NOT NULL,
  owner text NOT NULL,
  overlap text NOT NULL DEFAULT 'startAnyway' CHECK (overlap IN ('startAnyway', 'skip', 'escalate')),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'ended')),
  next_occurrence_at timestamptz,
  last_occurrence_at timestamptz,
  last_outcome text,
  occurrences_started integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX duties_owner ON duties (owner);
CREATE INDEX duties_assignee ON duties (assignee);

-- Summaries for a manager or observer per period; one row per (recipient, period, start), so a retried activity
-- replaces rather than duplicates it.
CREATE TABLE reports (
  id bigserial PRIMARY KEY,
  recipient text NOT NULL,
  period text NOT NULL CHECK (period IN ('daily', 'weekly', 'monthly')),
  period_start timestamptz NOT NULL,
  period_end timestamptz NOT NULL,
  data jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (recipient, period, period_start)
);
CREATE INDEX reports_recipient ON reports (recipient, period_start DESC);
