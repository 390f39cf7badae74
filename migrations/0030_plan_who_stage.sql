-- Every plan gains its fourth stage, the who: open once the how is accepted, without reviewers.
INSERT INTO `plan_stages` (`plan_id`, `stage`, `state`, `reviewer_ids`, `revision`, `confirmed_ids`, `updated_at`)
SELECT `how`.`plan_id`, 'who',
  CASE WHEN `how`.`state` IN ('accepted', 'recheck') THEN 'draft' ELSE 'not_started' END,
  '[]', 0, '[]', `how`.`updated_at`
FROM `plan_stages` AS `how`
WHERE `how`.`stage` = 'how'
  AND NOT EXISTS (
    SELECT 1 FROM `plan_stages` AS `who` WHERE `who`.`plan_id` = `how`.`plan_id` AND `who`.`stage` = 'who'
  );
--> statement-breakpoint
-- A task may be blocked: what blocks it, and who can unblock it.
ALTER TABLE `plan_tasks` ADD `block_reason` text;--> statement-breakpoint
ALTER TABLE `plan_tasks` ADD `unblocker_id` text;