-- What a returned unit's flag is about, as a key and its values by name
-- (returns.FlagText, issue 11): the screens word it in the language of the
-- person reading it. flag_detail stays the English text, for the hub's
-- events and the log, and for units flagged before this column
-- (flag_key '').
ALTER TABLE return_items ADD COLUMN flag_key TEXT NOT NULL DEFAULT '';
ALTER TABLE return_items ADD COLUMN flag_args TEXT NOT NULL DEFAULT '{}';
