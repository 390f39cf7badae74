ALTER TABLE `reviews` ADD `closed_at` integer;--> statement-breakpoint
ALTER TABLE `reviews` ADD `closed_why` text;