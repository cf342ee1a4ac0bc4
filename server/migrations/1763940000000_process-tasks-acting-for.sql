-- Up Migration
-- A step handed to a deputy while its assignee is away keeps whom the deputy acts for, shown in the inbox.
ALTER TABLE process_tasks ADD COLUMN acting_for text;
CREATE INDEX process_tasks_acting_for ON process_tasks (acting_for) WHERE acting_for IS NOT NULL;
