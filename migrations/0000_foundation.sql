CREATE TABLE `app_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `channel_members` (
	`channel_id` text NOT NULL,
	`member_id` text NOT NULL,
	PRIMARY KEY(`channel_id`, `member_id`),
	FOREIGN KEY (`channel_id`) REFERENCES `channels`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `channel_members_member_idx` ON `channel_members` (`member_id`);--> statement-breakpoint
CREATE TABLE `channels` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text,
	`is_private` integer DEFAULT false NOT NULL,
	`is_im` integer DEFAULT false NOT NULL,
	`archived` integer DEFAULT false NOT NULL,
	`deleted` integer DEFAULT false NOT NULL,
	`members_synced_at` integer,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `members` (
	`id` text PRIMARY KEY NOT NULL,
	`team_id` text,
	`name` text NOT NULL,
	`display_name` text NOT NULL,
	`real_name` text,
	`time_zone` text,
	`work_start_minute` integer DEFAULT 540 NOT NULL,
	`work_end_minute` integer DEFAULT 1020 NOT NULL,
	`working_days` text DEFAULT '[1,2,3,4,5]' NOT NULL,
	`is_bot` integer DEFAULT false NOT NULL,
	`is_admin` integer DEFAULT false NOT NULL,
	`deleted` integer DEFAULT false NOT NULL,
	`dm_channel_id` text,
	`slack_updated_at` integer,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `members_name_idx` ON `members` (`name`);--> statement-breakpoint
CREATE TABLE `processed_events` (
	`event_id` text PRIMARY KEY NOT NULL,
	`event_type` text NOT NULL,
	`status` text NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `queue_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`state` text DEFAULT 'queued' NOT NULL,
	`recipient_id` text NOT NULL,
	`requester_id` text,
	`team_id` text,
	`channel_id` text,
	`thread_ts` text,
	`payload` text NOT NULL,
	`deliver_after` integer NOT NULL,
	`due_by` integer,
	`escalation_level` integer DEFAULT 0 NOT NULL,
	`idempotency_key` text NOT NULL,
	`claim_token` text,
	`claimed_at` integer,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`delivered_channel` text,
	`delivered_ts` text,
	`delivered_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `queue_items_idempotency_key_unique` ON `queue_items` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `queue_items_due_idx` ON `queue_items` (`state`,`deliver_after`);--> statement-breakpoint
CREATE INDEX `queue_items_recipient_idx` ON `queue_items` (`recipient_id`,`state`);--> statement-breakpoint
CREATE INDEX `queue_items_due_by_idx` ON `queue_items` (`state`,`due_by`);