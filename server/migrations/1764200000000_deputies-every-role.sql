-- Up Migration
-- A review handed to the reviewer's deputy keeps whom the deputy acts for; an absence can be ended early.
ALTER TABLE process_tasks ADD COLUMN reviewer_acting_for text;
ALTER TABLE absences ADD COLUMN ended_at timestamptz;
