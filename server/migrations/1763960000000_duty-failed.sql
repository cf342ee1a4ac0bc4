-- Up Migration
-- A duty whose workflow failed (an invalid schedule, a data error) is shown as failed with the reason, not as active.
ALTER TABLE duties DROP CONSTRAINT duties_status_check;
ALTER TABLE duties ADD CONSTRAINT duties_status_check CHECK (status IN ('active', 'paused', 'ended', 'failed'));
ALTER TABLE duties ADD COLUMN failure text;
