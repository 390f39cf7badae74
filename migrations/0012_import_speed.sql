CREATE TABLE `imported_files` (
	`source_key` text PRIMARY KEY NOT NULL,
	`file_hash` text NOT NULL,
	`content_hash` text NOT NULL
);
