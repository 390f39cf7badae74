CREATE TABLE `plan_questions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`stage_id` integer NOT NULL,
	`text` text NOT NULL,
	`expert_id` text NOT NULL,
	`reason` text NOT NULL,
	`state` text NOT NULL,
	`answer_text` text,
	`answered_at` integer,
	`answer_link` text,
	`document_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`stage_id`) REFERENCES `plan_stages`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `plan_questions_stage_text_idx` ON `plan_questions` (`stage_id`,`text`);