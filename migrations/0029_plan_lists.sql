CREATE TABLE `plan_list_items` (
	`plan_id` integer NOT NULL,
	`task_id` integer NOT NULL,
	`item_id` text,
	`synced` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `plan_list_items_task_idx` ON `plan_list_items` (`task_id`);--> statement-breakpoint
CREATE INDEX `plan_list_items_plan_idx` ON `plan_list_items` (`plan_id`);--> statement-breakpoint
CREATE TABLE `plan_lists` (
	`plan_id` integer PRIMARY KEY NOT NULL,
	`state` text NOT NULL,
	`list_id` text,
	`columns` text,
	`shared` integer DEFAULT false NOT NULL,
	`edited_at` integer,
	`round_open` integer DEFAULT false NOT NULL,
	`rounds` integer DEFAULT 0 NOT NULL,
	`problem` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade
);
