CREATE TABLE `plan_canvases` (
	`plan_id` integer PRIMARY KEY NOT NULL,
	`state` text NOT NULL,
	`kind` text,
	`canvas_id` text,
	`shared` integer DEFAULT false NOT NULL,
	`markdown` text,
	`edited_at` integer,
	`edits` integer DEFAULT 0 NOT NULL,
	`problem` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade
);
