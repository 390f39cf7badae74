CREATE TABLE `meeting_votes` (
	`meeting_id` integer NOT NULL,
	`voter_id` text NOT NULL,
	`slot_index` integer NOT NULL,
	`choice` text NOT NULL,
	`voted_at` integer NOT NULL,
	PRIMARY KEY(`meeting_id`, `voter_id`, `slot_index`),
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `meetings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`requester_id` text NOT NULL,
	`team_id` text,
	`topic` text NOT NULL,
	`agenda` text,
	`outcome` text,
	`kind` text NOT NULL,
	`suggested_kind` text NOT NULL,
	`kind_reasons` text NOT NULL,
	`state` text DEFAULT 'draft' NOT NULL,
	`duration_minutes` integer NOT NULL,
	`duration_chosen` integer DEFAULT false NOT NULL,
	`window_start` integer NOT NULL,
	`window_end` integer NOT NULL,
	`participant_ids` text NOT NULL,
	`channel_id` text,
	`origin_channel_id` text,
	`group_key` text NOT NULL,
	`poll_channel_id` text,
	`poll_ts` text,
	`slots` text DEFAULT '[]' NOT NULL,
	`shared_minutes` integer,
	`closes_at` integer,
	`expires_at` integer NOT NULL,
	`confirmed_slot` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `meetings_closes_idx` ON `meetings` (`state`,`closes_at`);--> statement-breakpoint
CREATE INDEX `meetings_expires_idx` ON `meetings` (`state`,`expires_at`);--> statement-breakpoint
CREATE INDEX `meetings_requester_idx` ON `meetings` (`requester_id`,`state`);--> statement-breakpoint
CREATE INDEX `meetings_group_idx` ON `meetings` (`group_key`,`state`);