ALTER TABLE `members` ADD `working_windows` text DEFAULT '[{"day":1,"startMinute":540,"endMinute":1020},{"day":2,"startMinute":540,"endMinute":1020},{"day":3,"startMinute":540,"endMinute":1020},{"day":4,"startMinute":540,"endMinute":1020},{"day":5,"startMinute":540,"endMinute":1020}]' NOT NULL;--> statement-breakpoint
ALTER TABLE `members` ADD `time_zone_override` text;--> statement-breakpoint
ALTER TABLE `members` ADD `away_until` integer;--> statement-breakpoint
ALTER TABLE `members` ADD `delivery_preference` text DEFAULT 'immediate' NOT NULL;--> statement-breakpoint
ALTER TABLE `members` ADD `slack_status_text` text;--> statement-breakpoint
ALTER TABLE `members` ADD `slack_status_emoji` text;--> statement-breakpoint
ALTER TABLE `members` ADD `slack_status_expires_at` integer;--> statement-breakpoint
ALTER TABLE `members` ADD `home_opened_at` integer;--> statement-breakpoint
-- Everyone keeps the hours they set: one window per working day.
UPDATE `members` SET `working_windows` = (
	SELECT json_group_array(json_object('day', d.value, 'startMinute', `members`.`work_start_minute`, 'endMinute', `members`.`work_end_minute`))
	FROM json_each(`members`.`working_days`) AS d
) WHERE json_array_length(`members`.`working_days`) > 0;--> statement-breakpoint
ALTER TABLE `members` DROP COLUMN `work_start_minute`;--> statement-breakpoint
ALTER TABLE `members` DROP COLUMN `work_end_minute`;--> statement-breakpoint
ALTER TABLE `members` DROP COLUMN `working_days`;