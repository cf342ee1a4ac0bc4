-- Up Migration
-- Human steps of running processes, one row per (workflow, node, round): the key makes task creation idempotent
-- when an activity is retried. People and templates are referenced by text id, without foreign keys.
CREATE TABLE process_tasks (
  id bigserial PRIMARY KEY,
  workflow_id text NOT NULL,
  node_id text NOT NULL,
  round integer NOT NULL CHECK (round >= 1),
  title text NOT NULL,
  assignee text NOT NULL,
  reviewer text,
  status text NOT NULL DEFAULT 'open',
  due_at timestamptz,
  priority jsonb NOT NULL DEFAULT '{}'::jsonb,
  escalation_level integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workflow_id, node_id, round)
);
CREATE INDEX process_tasks_assignee_open ON process_tasks (assignee) WHERE status NOT IN ('done', 'cancelled', 'returned');

-- Everything that happened to a process; the idempotency key stops a retried activity writing an entry twice.
CREATE TABLE process_audit (
  id bigserial PRIMARY KEY,
  idempotency_key text NOT NULL UNIQUE,
  workflow_id text NOT NULL,
  node_id text,
  action text NOT NULL,
  actor text NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX process_audit_workflow ON process_audit (workflow_id, id);

-- Notifications waiting to be delivered by a sender that reads this table (the transactional outbox).
CREATE TABLE process_outbox (
  id bigserial PRIMARY KEY,
  idempotency_key text NOT NULL UNIQUE,
  workflow_id text NOT NULL,
  recipient text NOT NULL,
  subject text NOT NULL,
  message text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX process_outbox_unsent ON process_outbox (id) WHERE sent_at IS NULL;
