-- Up Migration
-- A process can also end rejected (an end node with the `rejected` result); the projection records that as is.
ALTER TABLE processes DROP CONSTRAINT IF EXISTS processes_status_check;
ALTER TABLE processes ADD CONSTRAINT processes_status_check
  CHECK (status IN ('running', 'completed', 'rejected', 'cancelled', 'failed'));
