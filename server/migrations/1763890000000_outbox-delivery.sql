-- Up Migration
-- Delivery of process_outbox messages through channels (in-app, email, webhook), at least once.

-- The in-app feed per user, read by the API. One row per delivered outbox message and user, so a retried
-- in-app delivery never shows a notification twice.
CREATE TABLE IF NOT EXISTS notifications (
  id bigserial PRIMARY KEY,
  user_id text NOT NULL,
  title text NOT NULL,
  body text NOT NULL,
  workflow_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz
);
ALTER TABLE notifications ADD COLUMN IF NOT EXISTS outbox_id bigint REFERENCES process_outbox (id) ON DELETE SET NULL;
CREATE UNIQUE INDEX IF NOT EXISTS notifications_outbox_user ON notifications (outbox_id, user_id);
CREATE INDEX IF NOT EXISTS notifications_user ON notifications (user_id, id DESC);

-- Webhook receivers; each request is signed with the endpoint's secret (HMAC-SHA256).
CREATE TABLE webhook_endpoints (
  id text PRIMARY KEY,
  url text NOT NULL,
  secret text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- A message is fanned out once into one delivery per channel and target; each delivery is retried on its own.
ALTER TABLE process_outbox ADD COLUMN fanned_out_at timestamptz;
CREATE INDEX process_outbox_not_fanned_out ON process_outbox (id) WHERE fanned_out_at IS NULL;

CREATE TABLE outbox_deliveries (
  id bigserial PRIMARY KEY,
  outbox_id bigint NOT NULL REFERENCES process_outbox (id) ON DELETE CASCADE,
  channel text NOT NULL CHECK (channel IN ('inapp', 'email', 'webhook')),
  -- A user id (inapp), an email address (email) or a webhook endpoint id (webhook).
  target text NOT NULL,
  -- pending: to be attempted at next_attempt_at; held: kept until the channel is configured (email without SMTP);
  -- sent: delivered; failed: gave up after the last attempt (kept with its error, visible in the app).
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'held', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  -- Also the claim: a dispatcher moves it forward by a lease before sending, so a crashed dispatcher's claim expires.
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  delivered_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (outbox_id, channel, target)
);
CREATE INDEX outbox_deliveries_due ON outbox_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_deliveries_held ON outbox_deliveries (channel) WHERE status = 'held';
