CREATE TABLE `seen_requests` (
	`signature` text PRIMARY KEY NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `seen_requests_received_idx` ON `seen_requests` (`received_at`);--> statement-breakpoint
ALTER TABLE `members` ADD `is_guest` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `questions` ADD `asked_in_channel_at` integer;--> statement-breakpoint
ALTER TABLE `queue_items` ADD `first_claimed_at` integer;