/** What `/mailroom help` says about `/meet`. */
export const MEET_HELP_LINES = [
  '• `/meet Falcon pricing decision with @ada @kenji for 30m next week`: propose a meeting. Mailroom reads it as transactional (an agenda and an outcome first, and maybe a thread instead) or social (fair to every time zone over time), offers the best three times in everyone’s own time, and collects the votes in each person’s working hours. `/meet` alone opens a form; `/meet ledger #team` shows who social meetings put outside their hours.',
];
