-- Deleting or replacing an item cascades to its comments: without an index led by item_id, each cascade scans every
-- comment (query-plans.test.ts caught it on the publisher's upsert and on a withdraw).
CREATE INDEX comments_item ON comments(item_id);
