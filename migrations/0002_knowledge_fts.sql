-- Full-text search over the knowledge base: one FTS5 row per document (rowid = documents.id)
-- with its title, body and feedback aliases (all aliases of the document, one per line).
--
-- Tokenizer: `porter unicode61 remove_diacritics 2`.
--   unicode61            splits on anything that is not a letter or digit in any script and
--                        folds case, so Cyrillic, Greek, Arabic, accented Latin all work.
--   remove_diacritics 2  "cafe" finds "café" (2 also folds letters with several diacritics).
--   porter               English stemming: "deleting" finds "delete", "accounts" finds "account".
--                        Porter only rewrites ASCII English suffixes, other scripts pass through.
--
-- The table keeps its own copy of the text (not external content), so it never depends on
-- the exact old values when a row is deleted, and snippet()/highlight() work. It is kept in
-- sync only by the triggers below; application code never writes to it.
CREATE VIRTUAL TABLE `documents_fts` USING fts5(
	`title`,
	`body`,
	`aliases`,
	tokenize = 'porter unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `documents_fts_after_insert` AFTER INSERT ON `documents` BEGIN
	INSERT INTO `documents_fts` (`rowid`, `title`, `body`, `aliases`)
	VALUES (
		new.`id`,
		new.`title`,
		new.`body`,
		coalesce((SELECT group_concat(a.`text`, char(10)) FROM `document_aliases` a WHERE a.`document_id` = new.`id`), '')
	);
END;
--> statement-breakpoint
CREATE TRIGGER `documents_fts_after_update` AFTER UPDATE OF `id`, `title`, `body` ON `documents` BEGIN
	DELETE FROM `documents_fts` WHERE `rowid` = old.`id`;
	INSERT INTO `documents_fts` (`rowid`, `title`, `body`, `aliases`)
	VALUES (
		new.`id`,
		new.`title`,
		new.`body`,
		coalesce((SELECT group_concat(a.`text`, char(10)) FROM `document_aliases` a WHERE a.`document_id` = new.`id`), '')
	);
END;
--> statement-breakpoint
CREATE TRIGGER `documents_fts_after_delete` AFTER DELETE ON `documents` BEGIN
	DELETE FROM `documents_fts` WHERE `rowid` = old.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `document_aliases_fts_after_insert` AFTER INSERT ON `document_aliases` BEGIN
	UPDATE `documents_fts`
	SET `aliases` = coalesce((SELECT group_concat(a.`text`, char(10)) FROM `document_aliases` a WHERE a.`document_id` = new.`document_id`), '')
	WHERE `rowid` = new.`document_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `document_aliases_fts_after_update` AFTER UPDATE OF `document_id`, `text` ON `document_aliases` BEGIN
	UPDATE `documents_fts`
	SET `aliases` = coalesce((SELECT group_concat(a.`text`, char(10)) FROM `document_aliases` a WHERE a.`document_id` = old.`document_id`), '')
	WHERE `rowid` = old.`document_id`;
	UPDATE `documents_fts`
	SET `aliases` = coalesce((SELECT group_concat(a.`text`, char(10)) FROM `document_aliases` a WHERE a.`document_id` = new.`document_id`), '')
	WHERE `rowid` = new.`document_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `document_aliases_fts_after_delete` AFTER DELETE ON `document_aliases` BEGIN
	UPDATE `documents_fts`
	SET `aliases` = coalesce((SELECT group_concat(a.`text`, char(10)) FROM `document_aliases` a WHERE a.`document_id` = old.`document_id`), '')
	WHERE `rowid` = old.`document_id`;
END;
--> statement-breakpoint
-- Backfill what was stored before this migration.
INSERT INTO `documents_fts` (`rowid`, `title`, `body`, `aliases`)
SELECT
	d.`id`,
	d.`title`,
	d.`body`,
	coalesce((SELECT group_concat(a.`text`, char(10)) FROM `document_aliases` a WHERE a.`document_id` = d.`id`), '')
FROM `documents` d;
