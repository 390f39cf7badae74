CREATE TABLE `plan_tasks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` integer NOT NULL,
	`position` integer NOT NULL,
	`title` text NOT NULL,
	`scope_item` integer NOT NULL,
	`estimate` text NOT NULL,
	`due` text NOT NULL,
	`owner_id` text,
	`state` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `plan_tasks_plan_position_idx` ON `plan_tasks` (`plan_id`,`position`);--> statement-breakpoint
CREATE INDEX `plan_tasks_owner_idx` ON `plan_tasks` (`owner_id`,`state`);