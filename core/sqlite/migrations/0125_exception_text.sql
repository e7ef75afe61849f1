-- What an exception says, as a translation key and its values (issue 11):
-- the screens word it in the language of the person reading it. message
-- stays the English text, for the hub and the log, and for exceptions
-- recorded before this column (text_key '').
ALTER TABLE exceptions ADD COLUMN text_key TEXT NOT NULL DEFAULT '';
ALTER TABLE exceptions ADD COLUMN text_args TEXT NOT NULL DEFAULT '{}';
