ALTER TABLE `decisions` ADD `public_number` integer;--> statement-breakpoint
ALTER TABLE `decisions` ADD `private_number` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `decisions_public_number_idx` ON `decisions` (`public_number`);--> statement-breakpoint
CREATE UNIQUE INDEX `decisions_private_number_idx` ON `decisions` (`private_number`);