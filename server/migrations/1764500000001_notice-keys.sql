-- Up Migration
-- A notice as a message key with parameters ({"key": "remind", "params": {"step": "…"}}), rendered in each
-- recipient's language when it is shown or sent; subject and message keep the English text (older rows have only it).
ALTER TABLE process_outbox ADD COLUMN notice jsonb;
ALTER TABLE notifications ADD COLUMN notice jsonb;
