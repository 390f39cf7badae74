-- Passages: long pages are also indexed section by section (domain/search/sections.ts says
-- which pages and where their sections are). Sections are extra rows, not extra documents:
-- search ranks a page by its best section and still returns each page once.
--   document_sections       one row per section of an indexed page: its order, heading path
--                           ("Time off > Parental leave"), the GitHub-style anchor of its
--                           heading, and where its text is in the body (in characters).
--   document_sections_fts   the heading path and the section's text, with the same tokenizer
--                           and index-only forms as documents_fts (migration 0009).
-- mailroom_sections is a deterministic function src/core/store/db.ts registers on every
-- connection before migrations run. Only a change of the body rebuilds a page's sections (a
-- new title or URL keeps them), so importing an unchanged page again writes nothing here.
CREATE TABLE `document_sections` (
	`id` integer PRIMARY KEY NOT NULL,
	`document_id` integer NOT NULL REFERENCES `documents`(`id`) ON DELETE cascade,
	`position` integer NOT NULL,
	`heading` text NOT NULL,
	`anchor` text,
	`start` integer NOT NULL,
	`length` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `document_sections_document_position` ON `document_sections` (`document_id`, `position`);
--> statement-breakpoint
CREATE VIRTUAL TABLE `document_sections_fts` USING fts5(
	`heading`,
	`body`,
	`heading_forms`,
	`body_forms`,
	tokenize = "porter unicode61 remove_diacritics 2 categories 'L* N* Co M*'"
);
--> statement-breakpoint
CREATE TRIGGER `document_sections_fts_after_insert` AFTER INSERT ON `document_sections` BEGIN
	INSERT INTO `document_sections_fts` (`rowid`, `heading`, `body`, `heading_forms`, `body_forms`)
	SELECT
		new.`id`,
		new.`heading`,
		substr(d.`body`, new.`start` + 1, new.`length`),
		mailroom_search_forms(new.`heading`),
		mailroom_search_forms(substr(d.`body`, new.`start` + 1, new.`length`))
	FROM `documents` d
	WHERE d.`id` = new.`document_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `document_sections_fts_after_delete` AFTER DELETE ON `document_sections` BEGIN
	DELETE FROM `document_sections_fts` WHERE `rowid` = old.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `documents_sections_after_insert` AFTER INSERT ON `documents` BEGIN
	INSERT INTO `document_sections` (`document_id`, `position`, `heading`, `anchor`, `start`, `length`)
	SELECT new.`id`, s.`value` ->> '$.position', s.`value` ->> '$.heading', s.`value` ->> '$.anchor', s.`value` ->> '$.start', s.`value` ->> '$.length'
	FROM json_each(mailroom_sections(new.`body`)) s;
END;
--> statement-breakpoint
CREATE TRIGGER `documents_sections_after_update` AFTER UPDATE OF `id`, `body` ON `documents`
WHEN old.`id` IS NOT new.`id` OR old.`body` IS NOT new.`body` BEGIN
	DELETE FROM `document_sections` WHERE `document_id` = old.`id`;
	INSERT INTO `document_sections` (`document_id`, `position`, `heading`, `anchor`, `start`, `length`)
	SELECT new.`id`, s.`value` ->> '$.position', s.`value` ->> '$.heading', s.`value` ->> '$.anchor', s.`value` ->> '$.start', s.`value` ->> '$.length'
	FROM json_each(mailroom_sections(new.`body`)) s;
END;
--> statement-breakpoint
CREATE TRIGGER `documents_sections_after_delete` AFTER DELETE ON `documents` BEGIN
	DELETE FROM `document_sections` WHERE `document_id` = old.`id`;
END;
--> statement-breakpoint
-- Sections of the pages stored before this migration.
INSERT INTO `document_sections` (`document_id`, `position`, `heading`, `anchor`, `start`, `length`)
SELECT d.`id`, s.`value` ->> '$.position', s.`value` ->> '$.heading', s.`value` ->> '$.anchor', s.`value` ->> '$.start', s.`value` ->> '$.length'
FROM `documents` d, json_each(mailroom_sections(d.`body`)) s;
