-- Up Migration
-- What changed in a published version, in the words of the manager who published it.
ALTER TABLE template_versions ADD COLUMN release_notes text;
