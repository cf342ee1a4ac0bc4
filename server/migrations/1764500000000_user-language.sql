-- Up Migration
-- Each person reads Baton in their own language (web app, notices, emails, reports). Null until chosen: the first
-- sign-in records the language the login page showed (the browser's, or the one picked there).
ALTER TABLE users ADD COLUMN language text CHECK (language IN ('en', 'pl', 'cs', 'ru'));
