-- Up Migration
-- Files people attach: the bytes live in the file store (content-addressed by sha256, see api/files/file-store.ts),
-- a row names them. A row is written only after its bytes are durably in place, so no row points at a half file. A
-- file is its uploader's alone until it is attached to a process (a request, a comment, a step's file field); then
-- whoever may see the process may read it, a client only a public one.
CREATE TABLE files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size bigint NOT NULL CHECK (size >= 0),
  name text NOT NULL,
  content_type text NOT NULL,
  uploaded_by text NOT NULL,
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  workflow_id text REFERENCES processes (workflow_id) ON DELETE CASCADE,
  node_id text,
  visibility text NOT NULL DEFAULT 'internal' CHECK (visibility IN ('public', 'internal')),
  attached_at timestamptz
);
CREATE INDEX files_workflow ON files (workflow_id, uploaded_at);
CREATE INDEX files_sha256 ON files (sha256);
