-- Up Migration
-- Every email Baton sent about a process, by its Message-ID: a client's reply to any of them (In-Reply-To or
-- References naming it) is taken by the mail intake as a comment on that process, with no token in the subject.
CREATE TABLE mail_sent (
  message_id text PRIMARY KEY,
  workflow_id text NOT NULL,
  recipient text NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mail_sent_workflow ON mail_sent (workflow_id);
