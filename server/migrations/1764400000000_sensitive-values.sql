-- Up Migration
-- Values of form fields marked sensitive (bank account / IBAN, card number, password / credential): kept apart from
-- the audit and the workflow (which carry a mask), read by the step's assignee and reviewer only, and erased (value
-- NULL, who and when kept) once the process is closed.
CREATE TABLE step_sensitive_values (
  workflow_id text NOT NULL,
  node_id text NOT NULL,
  round integer NOT NULL,
  field text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('iban', 'card', 'credential')),
  value text,
  submitted_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  erased_at timestamptz,
  erased_by text,
  PRIMARY KEY (workflow_id, node_id, round, field)
);
