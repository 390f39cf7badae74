ALTER TABLE `standup_entries` ADD `closed_at` integer;--> statement-breakpoint
CREATE INDEX `standup_entries_open_idx` ON `standup_entries` (`closed_at`,`closes_at`);--> statement-breakpoint
ALTER TABLE `standup_members` ADD `prompt_at_work_start` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `standups` ADD `days_off` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `standups` ADD `every_other_week_from` text;--> statement-breakpoint
UPDATE `standup_entries` SET `closed_at` = `closes_at` WHERE `status` <> 'prompted';