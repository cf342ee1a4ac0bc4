-- Up Migration
-- The `processes` projection belongs to the process workflow (its owner's migration comes earlier and creates it,
-- making this a no-op). Should that migration be missing, the API still needs the table to list what it starts:
-- this creates it with the agreed columns.
CREATE TABLE IF NOT EXISTS processes (
  workflow_id text PRIMARY KEY,
  template_id text NOT NULL,
  template_version integer NOT NULL,
  template_name text NOT NULL,
  starter text NOT NULL,
  owner text,
  params jsonb NOT NULL DEFAULT '{}'::jsonb,
  status text NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS processes_started_idx ON processes (started_at DESC, workflow_id DESC);
