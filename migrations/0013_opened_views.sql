CREATE TABLE `opened_views` (
	`view_id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`opened_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `opened_views_opened_idx` ON `opened_views` (`opened_at`);