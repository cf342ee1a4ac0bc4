-- Up Migration
-- Which built-in templates (workflows/template/library) were seeded, so each is seeded once: a template an admin
-- archives or deletes does not come back, and templates added to the library later are seeded at the next start.
CREATE TABLE template_library_seeds (
  library_id text PRIMARY KEY,
  template_id uuid REFERENCES templates (id) ON DELETE SET NULL,
  seeded_at timestamptz NOT NULL DEFAULT now()
);
