-- Up Migration
-- The inbox reads a person's steps as assignee or reviewer in any status (active, done, all): plain indexes on both
-- let PostgreSQL combine them instead of scanning every task.
CREATE INDEX IF NOT EXISTS process_tasks_assignee_idx ON process_tasks (assignee, status);
CREATE INDEX IF NOT EXISTS process_tasks_reviewer_idx ON process_tasks (reviewer, status);
