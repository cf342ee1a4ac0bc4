-- Up Migration
-- One row that identifies this Baton installation; the launcher reports it so a restart visibly keeps its data.
CREATE TABLE baton_instance (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  instance_id uuid NOT NULL DEFAULT gen_random_uuid(),
  created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO baton_instance DEFAULT VALUES;
