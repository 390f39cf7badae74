/**
 * What `text` holds as JSON, or undefined when it is not JSON: for text Mailroom does not fully
 * trust (a view's private metadata, which the sender chooses; a stored setting). The caller
 * then checks the shape with zod.
 */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
