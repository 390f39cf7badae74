CREATE TABLE `decision_tags` (
	`decision_id` integer NOT NULL,
	`tag` text NOT NULL,
	PRIMARY KEY(`decision_id`, `tag`),
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `decision_tags_tag_idx` ON `decision_tags` (`tag`);--> statement-breakpoint
ALTER TABLE `decisions` ADD `chosen_because` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `decisions` ADD `drivers` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `decisions` ADD `good_consequences` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `decisions` ADD `bad_consequences` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `decisions` ADD `confirmation` text DEFAULT '' NOT NULL;