-- Up Migration
-- How often a person receives their report by email and in the bell: daily, weekly, monthly or none. Null until
-- chosen: their role's default (a manager weekly, an observer monthly). Reports are still stored for the reports page.
ALTER TABLE users ADD COLUMN report_period text CHECK (report_period IN ('daily', 'weekly', 'monthly', 'none'));
