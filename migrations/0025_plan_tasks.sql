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
CREATE INDEX `plan_tasks_owner_idx` ON `plan_tasks` (`owner_id`,`state`);--> statement-breakpoint
INSERT INTO `plan_tasks` (`plan_id`, `position`, `title`, `scope_item`, `estimate`, `due`, `owner_id`, `state`, `updated_at`)
SELECT s.`plan_id`, t.`key`, json_extract(t.`value`, '$.title'), json_extract(t.`value`, '$.scopeItem'),
  json_extract(t.`value`, '$.estimate'), json_extract(t.`value`, '$.due'), NULL, 'unassigned', r.`created_at`
FROM `plan_stages` s
JOIN `plan_revisions` r ON r.`stage_id` = s.`id` AND r.`number` = s.`revision`,
  json_each(r.`content`, '$.content.tasks') t
WHERE s.`stage` = 'how' AND s.`state` IN ('accepted', 'recheck');
