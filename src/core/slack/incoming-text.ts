/**
 * Text as Slack sends it in a slash command or a message: `&`, `<` and `>` typed by a person
 * arrive as `&amp;`, `&lt;` and `&gt;`, and the only raw `<…>` are Slack's own sequences
 * (`<@U…|name>`, `<#C…|name>`, `<!here>`, `<https://…|label>`). Modal input values arrive as
 * typed and are never decoded. Mailroom decodes once, on entry, and escapes once on output.
 */

const SEQUENCE = /(<[^<>]*>)/;

function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * A slash command's text: what the person typed, decoded, with Slack's sequences kept as Slack
 * wrote them, since they name people and channels (`/mailroom experts add <@U1|sam> refunds`).
 */
export function decodeCommandText(text: string): string {
  return text
    .split(SEQUENCE)
    .map((part, at) => (at % 2 === 1 ? part : decodeEntities(part)))
    .join('');
}
