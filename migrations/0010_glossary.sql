CREATE TABLE `glossary_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`term` text NOT NULL,
	`term_key` text NOT NULL,
	`expansion` text NOT NULL,
	`added_by` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `glossary_entries_term_key_idx` ON `glossary_entries` (`term_key`);--> statement-breakpoint
ALTER TABLE `question_followers` ADD `draft_question_id` integer REFERENCES questions(id);