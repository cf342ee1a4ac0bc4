-- Up Migration
-- Mail taken in by Baton's SMTP listener: each message id once, with the process it started or commented on, so a
-- resent mail starts nothing new and a reply (In-Reply-To / References) finds its request.
CREATE TABLE mail_intake (
  message_id text PRIMARY KEY,
  workflow_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('request', 'reply')),
  sender text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mail_intake_workflow ON mail_intake (workflow_id);
