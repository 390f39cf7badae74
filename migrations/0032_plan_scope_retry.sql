ALTER TABLE `plan_canvases` ADD `scope_retried_at` integer;--> statement-breakpoint
ALTER TABLE `plan_lists` ADD `scope_retried_at` integer;