import { readFileSync } from 'node:fs';

/**
 * This build's version, from package.json (two levels up from src/core and from dist/core
 * alike): shown in the start line, in /healthz, and in the message of a build that refuses a
 * database a newer one migrated.
 */
export const MAILROOM_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;
