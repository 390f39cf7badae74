CREATE TABLE `standup_blockers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`standup_id` integer NOT NULL,
	`entry_id` integer,
	`from_member_id` text NOT NULL,
	`text` text NOT NULL,
	`owner_id` text NOT NULL,
	`state` text DEFAULT 'open' NOT NULL,
	`date` text NOT NULL,
	`queue_item_id` integer,
	`resolved_by` text,
	`resolved_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`standup_id`) REFERENCES `standups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`entry_id`) REFERENCES `standup_entries`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `standup_blockers_open_idx` ON `standup_blockers` (`standup_id`,`state`);--> statement-breakpoint
CREATE INDEX `standup_blockers_entry_idx` ON `standup_blockers` (`entry_id`);--> statement-breakpoint
CREATE TABLE `standup_days` (
	`standup_id` integer NOT NULL,
	`date` text NOT NULL,
	`thread_ts` text,
	`report_ts` text,
	`reported_at` integer,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`standup_id`, `date`),
	FOREIGN KEY (`standup_id`) REFERENCES `standups`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `standup_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`standup_id` integer NOT NULL,
	`member_id` text NOT NULL,
	`date` text NOT NULL,
	`status` text NOT NULL,
	`prompt_at` integer NOT NULL,
	`closes_at` integer NOT NULL,
	`remind_at` integer,
	`prompt_item_id` integer,
	`answers` text,
	`blocker_text` text,
	`blocker_owner_id` text,
	`answered_at` integer,
	`answered_zone` text,
	`posted_ts` text,
	`post_due_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`standup_id`) REFERENCES `standups`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `standup_entries_member_date_idx` ON `standup_entries` (`standup_id`,`member_id`,`date`);--> statement-breakpoint
CREATE INDEX `standup_entries_day_idx` ON `standup_entries` (`standup_id`,`date`);--> statement-breakpoint
CREATE INDEX `standup_entries_remind_idx` ON `standup_entries` (`remind_at`);--> statement-breakpoint
CREATE INDEX `standup_entries_post_idx` ON `standup_entries` (`post_due_at`);--> statement-breakpoint
CREATE TABLE `standup_members` (
	`standup_id` integer NOT NULL,
	`member_id` text NOT NULL,
	`next_prompt_at` integer,
	`next_prompt_date` text,
	`last_prompt_date` text,
	`scheduled_zone` text,
	`joined_at` integer NOT NULL,
	PRIMARY KEY(`standup_id`, `member_id`),
	FOREIGN KEY (`standup_id`) REFERENCES `standups`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `standup_members_due_idx` ON `standup_members` (`next_prompt_at`);--> statement-breakpoint
CREATE INDEX `standup_members_member_idx` ON `standup_members` (`member_id`);--> statement-breakpoint
CREATE TABLE `standups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel_id` text NOT NULL,
	`owner_id` text NOT NULL,
	`name` text NOT NULL,
	`questions` text NOT NULL,
	`asks_blockers` integer DEFAULT true NOT NULL,
	`days` text NOT NULL,
	`prompt_mode` text NOT NULL,
	`prompt_minute` integer NOT NULL,
	`team_zone` text NOT NULL,
	`report_minute` integer NOT NULL,
	`member_mode` text NOT NULL,
	`destination` text NOT NULL,
	`reminder_after_minutes` integer,
	`state` text DEFAULT 'active' NOT NULL,
	`paused_reason` text,
	`next_report_at` integer,
	`next_report_date` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `standups_channel_idx` ON `standups` (`channel_id`);--> statement-breakpoint
CREATE INDEX `standups_next_report_idx` ON `standups` (`next_report_at`);