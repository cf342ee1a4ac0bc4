-- Up Migration
-- Why a step's due date is what it is, as message keys with parameters ([{"key": "offset", "params": {…}}, …]),
-- said in each reader's language by the web app; null when the date was set by hand or the row is older.
ALTER TABLE process_tasks ADD COLUMN due_messages jsonb;
