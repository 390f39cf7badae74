/** What `/mailroom help` says about asking, the team's docs and the insights on them. */
export const ASK_HELP_LINES = [
  '• `/ask How do I get access to the staging database?`: search the docs, then ask an expert. Or mention `@Mailroom` with the question in a channel or thread, or use *Ask Mailroom* on someone’s message: answered in that thread.',
  '• *Save to Mailroom* (on any message’s ⋮ menu) and *Write a doc* (shortcuts): add to the team’s docs.',
  '• `/mailroom insights` (admins): questions answered from the docs vs by people, time to an answer, what the docs lack.',
];
