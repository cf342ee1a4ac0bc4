-- Up Migration
-- The `processes` projection: one row per process instance, written idempotently by the process workflow (and
-- first by the API when it starts one). IF NOT EXISTS because the API's fallback migration may run on a database
-- where an earlier copy of the table was made by hand or by its test harness.
CREATE TABLE IF NOT EXISTS processes (
  workflow_id text PRIMARY KEY,
  template_id text NOT NULL,
  template_version integer NOT NULL,
  template_name text NOT NULL,
  starter text NOT NULL,
  owner text,
  params jsonb NOT NULL DEFAULT '{}'::jsonb,
  status text NOT NULL CHECK (status IN ('running', 'completed', 'cancelled', 'failed')),
  started_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- Lists filter by status, by template and by the people involved.
CREATE INDEX IF NOT EXISTS processes_status_idx ON processes (status, started_at DESC);
CREATE INDEX IF NOT EXISTS processes_template_idx ON processes (template_id, template_version);
CREATE INDEX IF NOT EXISTS processes_starter_idx ON processes (starter);
CREATE INDEX IF NOT EXISTS processes_owner_idx ON processes (owner) WHERE owner IS NOT NULL;
