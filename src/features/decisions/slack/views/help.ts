/** What `/mailroom help` says about `/decision`. */
export const DECISION_HELP_LINES = [
  '• `/decision Use Postgres for billing`: log a decision (why, the options, what was chosen at what cost, owners, follow-ups, a revisit date), also with *Log a decision* on any message. `/decision list` and `/decision search <words>` find them (narrowed with `status:accepted` or `tag:frontend`), and so does `/ask`.',
];
