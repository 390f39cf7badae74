CREATE TABLE `plan_revisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`stage_id` integer NOT NULL,
	`number` integer NOT NULL,
	`content` text NOT NULL,
	`author_id` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`stage_id`) REFERENCES `plan_stages`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `plan_revisions_stage_number_idx` ON `plan_revisions` (`stage_id`,`number`);--> statement-breakpoint
CREATE TABLE `plan_stages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` integer NOT NULL,
	`stage` text NOT NULL,
	`state` text NOT NULL,
	`reviewer_ids` text NOT NULL,
	`draft` text,
	`revision` integer DEFAULT 0 NOT NULL,
	`message_ts` text,
	`permalink` text,
	`confirmed_ids` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `plan_stages_plan_stage_idx` ON `plan_stages` (`plan_id`,`stage`);--> statement-breakpoint
CREATE TABLE `plans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`owner_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`target_date` text NOT NULL,
	`message_ts` text,
	`permalink` text,
	`post_problem` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `plans_owner_idx` ON `plans` (`owner_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `plans_channel_idx` ON `plans` (`channel_id`);