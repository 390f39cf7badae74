CREATE TABLE `review_concerns` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`review_id` integer NOT NULL,
	`reviewer_id` text NOT NULL,
	`reason` text NOT NULL,
	`state` text DEFAULT 'open' NOT NULL,
	`answer` text,
	`answered_at` integer,
	`override_reason` text,
	`resolved_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`review_id`) REFERENCES `reviews`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `review_concerns_review_idx` ON `review_concerns` (`review_id`);--> statement-breakpoint
CREATE TABLE `review_informed` (
	`review_id` integer NOT NULL,
	`member_id` text NOT NULL,
	PRIMARY KEY(`review_id`, `member_id`),
	FOREIGN KEY (`review_id`) REFERENCES `reviews`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `review_reviewers` (
	`review_id` integer NOT NULL,
	`member_id` text NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`window_starts_at` integer,
	`window_ends_at` integer,
	`remind_at` integer,
	`away_why` text,
	`answered_at` integer,
	PRIMARY KEY(`review_id`, `member_id`),
	FOREIGN KEY (`review_id`) REFERENCES `reviews`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `review_reviewers_member_idx` ON `review_reviewers` (`member_id`);--> statement-breakpoint
CREATE TABLE `reviews` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`object_kind` text NOT NULL,
	`object_id` integer NOT NULL,
	`owner_id` text NOT NULL,
	`window_hours` integer NOT NULL,
	`state` text DEFAULT 'open' NOT NULL,
	`started_at` integer NOT NULL,
	`window_ends_at` integer NOT NULL,
	`accepted_at` integer,
	`silent_at_acceptance` text DEFAULT '[]' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `reviews_object_idx` ON `reviews` (`object_kind`,`object_id`);