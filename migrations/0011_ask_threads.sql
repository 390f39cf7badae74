ALTER TABLE `questions` ADD `asked_via` text DEFAULT 'command' NOT NULL;--> statement-breakpoint
ALTER TABLE `questions` ADD `message_ts` text;--> statement-breakpoint
ALTER TABLE `questions` ADD `requested_by` text;--> statement-breakpoint
CREATE INDEX `questions_message_idx` ON `questions` (`channel_id`,`message_ts`);