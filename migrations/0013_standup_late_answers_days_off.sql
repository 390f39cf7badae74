ALTER TABLE `standup_members` ADD `prompt_at_work_start` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `standups` ADD `days_off` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `standups` ADD `every_other_week_from` text;--> statement-breakpoint
CREATE INDEX `standup_entries_open_idx` ON `standup_entries` (`status`,`closes_at`);