CREATE TABLE `search_words` (
	`word` text PRIMARY KEY NOT NULL,
	`documents` integer NOT NULL
);
--> statement-breakpoint
-- Search, second pass. The vocabulary above is counted by KnowledgeRepository; the full-text
-- table is rebuilt with two index-only columns and a tokenizer that keeps combining marks:
--   categories 'L* N* Co M*'  letters, digits and combining marks are word characters, so
--                             Thai, Devanagari and other scripts with vowel signs are no
--                             longer cut at every mark (remove_diacritics still folds café).
--   title_forms, body_forms   what the text is also searched by, never shown: the character
--                             bigrams of Chinese, Japanese, Korean and Thai runs (a word in the
--                             middle of a sentence is found as the phrase of its bigrams) and
--                             the joined form of hyphenated words (on-site is also onsite).
--   aliases                   the aliases, one per line, followed by their forms.
-- mailroom_search_forms and mailroom_with_search_forms are deterministic functions that
-- src/store/db.ts registers on every connection before migrations run (domain/search/text.ts).
DROP TRIGGER `documents_fts_after_insert`;
--> statement-breakpoint
DROP TRIGGER `documents_fts_after_update`;
--> statement-breakpoint
DROP TRIGGER `documents_fts_after_delete`;
--> statement-breakpoint
DROP TRIGGER `document_aliases_fts_after_insert`;
--> statement-breakpoint
DROP TRIGGER `document_aliases_fts_after_update`;
--> statement-breakpoint
DROP TRIGGER `document_aliases_fts_after_delete`;
--> statement-breakpoint
DROP TABLE `documents_fts`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `documents_fts` USING fts5(
	`title`,
	`body`,
	`aliases`,
	`title_forms`,
	`body_forms`,
	tokenize = "porter unicode61 remove_diacritics 2 categories 'L* N* Co M*'"
);
--> statement-breakpoint
CREATE TRIGGER `documents_fts_after_insert` AFTER INSERT ON `documents` BEGIN
	INSERT INTO `documents_fts` (`rowid`, `title`, `body`, `aliases`, `title_forms`, `body_forms`)
	VALUES (
		new.`id`,
		new.`title`,
		new.`body`,
		mailroom_with_search_forms(coalesce((SELECT group_concat(a.`text`, char(10)) FROM `document_aliases` a WHERE a.`document_id` = new.`id`), '')),
		mailroom_search_forms(new.`title`),
		mailroom_search_forms(new.`body`)
	);
END;
--> statement-breakpoint
CREATE TRIGGER `documents_fts_after_update` AFTER UPDATE OF `id`, `title`, `body` ON `documents` BEGIN
	DELETE FROM `documents_fts` WHERE `rowid` = old.`id`;
	INSERT INTO `documents_fts` (`rowid`, `title`, `body`, `aliases`, `title_forms`, `body_forms`)
	VALUES (
		new.`id`,
		new.`title`,
		new.`body`,
		mailroom_with_search_forms(coalesce((SELECT group_concat(a.`text`, char(10)) FROM `document_aliases` a WHERE a.`document_id` = new.`id`), '')),
		mailroom_search_forms(new.`title`),
		mailroom_search_forms(new.`body`)
	);
END;
--> statement-breakpoint
CREATE TRIGGER `documents_fts_after_delete` AFTER DELETE ON `documents` BEGIN
	DELETE FROM `documents_fts` WHERE `rowid` = old.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `document_aliases_fts_after_insert` AFTER INSERT ON `document_aliases` BEGIN
	UPDATE `documents_fts`
	SET `aliases` = mailroom_with_search_forms(coalesce((SELECT group_concat(a.`text`, char(10)) FROM `document_aliases` a WHERE a.`document_id` = new.`document_id`), ''))
	WHERE `rowid` = new.`document_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `document_aliases_fts_after_update` AFTER UPDATE OF `document_id`, `text` ON `document_aliases` BEGIN
	UPDATE `documents_fts`
	SET `aliases` = mailroom_with_search_forms(coalesce((SELECT group_concat(a.`text`, char(10)) FROM `document_aliases` a WHERE a.`document_id` = old.`document_id`), ''))
	WHERE `rowid` = old.`document_id`;
	UPDATE `documents_fts`
	SET `aliases` = mailroom_with_search_forms(coalesce((SELECT group_concat(a.`text`, char(10)) FROM `document_aliases` a WHERE a.`document_id` = new.`document_id`), ''))
	WHERE `rowid` = new.`document_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `document_aliases_fts_after_delete` AFTER DELETE ON `document_aliases` BEGIN
	UPDATE `documents_fts`
	SET `aliases` = mailroom_with_search_forms(coalesce((SELECT group_concat(a.`text`, char(10)) FROM `document_aliases` a WHERE a.`document_id` = old.`document_id`), ''))
	WHERE `rowid` = old.`document_id`;
END;
--> statement-breakpoint
-- Backfill what was stored before this migration: the full-text rows and the vocabulary.
INSERT INTO `documents_fts` (`rowid`, `title`, `body`, `aliases`, `title_forms`, `body_forms`)
SELECT
	d.`id`,
	d.`title`,
	d.`body`,
	mailroom_with_search_forms(coalesce((SELECT group_concat(a.`text`, char(10)) FROM `document_aliases` a WHERE a.`document_id` = d.`id`), '')),
	mailroom_search_forms(d.`title`),
	mailroom_search_forms(d.`body`)
FROM `documents` d;
--> statement-breakpoint
INSERT INTO `search_words` (`word`, `documents`)
SELECT w.`value`, count(*)
FROM `documents` d,
	json_each(mailroom_search_words(
		d.`title` || char(10) || d.`body` || char(10) || coalesce((SELECT group_concat(a.`text`, char(10)) FROM `document_aliases` a WHERE a.`document_id` = d.`id`), '')
	)) w
GROUP BY w.`value`;
