CREATE TABLE `decision_follow_ups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`decision_id` integer NOT NULL,
	`position` integer NOT NULL,
	`text` text NOT NULL,
	`owner_id` text NOT NULL,
	`due_on` text,
	`state` text DEFAULT 'open' NOT NULL,
	`done_by` text,
	`done_at` integer,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `decision_follow_ups_decision_idx` ON `decision_follow_ups` (`decision_id`);--> statement-breakpoint
CREATE TABLE `decision_inputs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`decision_id` integer NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`text` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `decision_inputs_decision_idx` ON `decision_inputs` (`decision_id`);--> statement-breakpoint
CREATE TABLE `decision_people` (
	`decision_id` integer NOT NULL,
	`role` text NOT NULL,
	`member_id` text NOT NULL,
	PRIMARY KEY(`decision_id`, `role`, `member_id`),
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `decision_people_member_idx` ON `decision_people` (`member_id`);--> statement-breakpoint
CREATE TABLE `decision_revisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`decision_id` integer NOT NULL,
	`user_id` text NOT NULL,
	`change` text NOT NULL,
	`fields` text NOT NULL,
	`note` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `decision_revisions_decision_idx` ON `decision_revisions` (`decision_id`);--> statement-breakpoint
CREATE TABLE `decisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`why` text NOT NULL,
	`options` text NOT NULL,
	`chosen` text NOT NULL,
	`trade_off` text DEFAULT '' NOT NULL,
	`status` text NOT NULL,
	`logged_by` text NOT NULL,
	`channel_id` text,
	`message_ts` text,
	`permalink` text,
	`post_problem` text,
	`context_channel_id` text,
	`context_ts` text,
	`context_permalink` text,
	`context_text` text,
	`revisit_on` text,
	`revisit_queued_on` text,
	`supersedes_id` integer,
	`superseded_by_id` integer,
	`document_id` integer,
	`decided_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `decisions_channel_idx` ON `decisions` (`channel_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `decisions_revisit_idx` ON `decisions` (`revisit_on`);--> statement-breakpoint
CREATE TABLE `document_readers` (
	`document_id` integer NOT NULL,
	`member_id` text NOT NULL,
	PRIMARY KEY(`document_id`, `member_id`),
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `document_readers_member_idx` ON `document_readers` (`member_id`);--> statement-breakpoint
ALTER TABLE `documents` ADD `status` text;--> statement-breakpoint
ALTER TABLE `documents` ADD `superseded_by_id` integer;