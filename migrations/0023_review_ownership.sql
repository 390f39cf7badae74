CREATE TABLE `ownership_offers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`object_kind` text NOT NULL,
	`object_id` integer NOT NULL,
	`leaver_id` text NOT NULL,
	`candidate_ids` text NOT NULL,
	`taken_by` text,
	`taken_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ownership_offers_object_leaver_idx` ON `ownership_offers` (`object_kind`,`object_id`,`leaver_id`);--> statement-breakpoint
CREATE INDEX `ownership_offers_leaver_idx` ON `ownership_offers` (`leaver_id`);--> statement-breakpoint
ALTER TABLE `review_reviewers` ADD `planned_from` integer;--> statement-breakpoint
ALTER TABLE `review_reviewers` ADD `spent_ms` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `review_reviewers` ADD `planned_hours` text;--> statement-breakpoint
ALTER TABLE `review_reviewers` ADD `planned_away` text;--> statement-breakpoint
ALTER TABLE `reviews` ADD `closed_at` integer;--> statement-breakpoint
ALTER TABLE `reviews` ADD `closed_why` text;