CREATE TABLE `document_aliases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`text` text NOT NULL,
	`user_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `document_aliases_doc_text_idx` ON `document_aliases` (`document_id`,`text`);--> statement-breakpoint
CREATE TABLE `documents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`source` text NOT NULL,
	`source_key` text,
	`content_hash` text NOT NULL,
	`author_id` text,
	`url` text,
	`channel_id` text,
	`visibility` text DEFAULT 'public' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `documents_source_key_unique` ON `documents` (`source_key`);--> statement-breakpoint
CREATE INDEX `documents_channel_idx` ON `documents` (`channel_id`);--> statement-breakpoint
CREATE TABLE `question_followers` (
	`question_id` integer NOT NULL,
	`user_id` text NOT NULL,
	`channel_id` text,
	`thread_ts` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`question_id`, `user_id`),
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `questions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`asker_id` text NOT NULL,
	`text` text NOT NULL,
	`channel_id` text,
	`thread_ts` text,
	`state` text DEFAULT 'open' NOT NULL,
	`route` text NOT NULL,
	`route_index` integer DEFAULT 0 NOT NULL,
	`answer_text` text,
	`answered_by` text,
	`answered_at` integer,
	`document_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `questions_state_idx` ON `questions` (`state`);--> statement-breakpoint
CREATE TABLE `topic_experts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`topic` text NOT NULL,
	`member_id` text NOT NULL,
	`added_by` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `topic_experts_unique_idx` ON `topic_experts` (`kind`,`topic`,`member_id`);