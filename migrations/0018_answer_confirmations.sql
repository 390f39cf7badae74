CREATE TABLE `answer_confirmations` (
	`wording` text NOT NULL,
	`document_id` integer NOT NULL,
	`member_id` text NOT NULL,
	`confirmed_at` integer NOT NULL,
	PRIMARY KEY(`wording`, `document_id`, `member_id`),
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `answer_confirmations_member_idx` ON `answer_confirmations` (`member_id`);