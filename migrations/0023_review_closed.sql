ALTER TABLE `review_reviewers` ADD `planned_from` integer;--> statement-breakpoint
ALTER TABLE `review_reviewers` ADD `spent_ms` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `review_reviewers` ADD `planned_hours` text;--> statement-breakpoint
ALTER TABLE `review_reviewers` ADD `planned_away` text;--> statement-breakpoint
ALTER TABLE `reviews` ADD `closed_at` integer;--> statement-breakpoint
ALTER TABLE `reviews` ADD `closed_why` text;