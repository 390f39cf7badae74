/** Finds a button in Block Kit blocks (from a recorded message or response), as a person would click it. */
export function findButton(blocks: unknown, actionId: string): { value: string; blockId: string } {
  for (const block of (blocks ?? []) as Record<string, unknown>[]) {
    const elements = [
      ...((block.elements as Record<string, unknown>[] | undefined) ?? []),
      ...(block.accessory ? [block.accessory as Record<string, unknown>] : []),
    ];
    for (const element of elements) {
      if (element.type === 'button' && element.action_id === actionId) {
        return { value: String(element.value ?? ''), blockId: String(block.block_id ?? '') };
      }
    }
  }
  throw new Error(`no button ${actionId} in ${JSON.stringify(blocks).slice(0, 500)}`);
}

/** All the text a person would read in some blocks, for plain assertions. */
export function textOf(blocks: unknown): string {
  return (
    JSON.stringify(blocks ?? [])
      .match(/"text":"((?:[^"\\]|\\.)*)"/g)
      ?.map((m) => JSON.parse(m.slice(7)) as string)
      .join('\n') ?? ''
  );
}
