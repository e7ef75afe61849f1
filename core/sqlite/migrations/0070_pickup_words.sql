-- Name parts of one or two letters ("Li", "Ng", "Ní") for pickup search.
-- The trigram index (pickup_search) needs three characters, and LIKE over
-- it neither folds accents nor uses an index. This word index folds case
-- and accents (unicode61, remove_diacritics 2) and keeps the one- and
-- two-letter prefixes of every word as index entries of their own, so a
-- short part matches the start of a name word at index speed. Positions
-- are not needed (no phrase queries): detail = none keeps it small.
-- Scripts written without spaces (Thai, Chinese, Japanese) are one "word"
-- per run here; their short parts keep using LIKE on pickup_search (they
-- have no case or accents to fold).
CREATE VIRTUAL TABLE pickup_words USING fts5(name, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2', detail = none);

CREATE TRIGGER pickup_words_insert AFTER INSERT ON orders WHEN NEW.fulfillment = 'store_pickup'
BEGIN
    INSERT INTO pickup_words(rowid, name) VALUES (NEW.id,
        trim(coalesce(json_extract(NEW.customer, '$.name'), '') || ' ' || coalesce(json_extract(NEW.customer, '$.alt_pickup'), '')));
END;

CREATE TRIGGER pickup_words_update AFTER UPDATE OF customer, fulfillment ON orders
BEGIN
    DELETE FROM pickup_words WHERE rowid = OLD.id;
    INSERT INTO pickup_words(rowid, name) SELECT NEW.id,
        trim(coalesce(json_extract(NEW.customer, '$.name'), '') || ' ' || coalesce(json_extract(NEW.customer, '$.alt_pickup'), ''))
    WHERE NEW.fulfillment = 'store_pickup';
END;

CREATE TRIGGER pickup_words_delete AFTER DELETE ON orders
BEGIN
    DELETE FROM pickup_words WHERE rowid = OLD.id;
END;

INSERT INTO pickup_words(rowid, name) SELECT id,
    trim(coalesce(json_extract(customer, '$.name'), '') || ' ' || coalesce(json_extract(customer, '$.alt_pickup'), ''))
FROM orders WHERE fulfillment = 'store_pickup';
