/**
 * What the image and the production install are made of: the package's scripts and
 * dependencies, the Dockerfile and the compose file. The production smoke test
 * (test/core/e2e/production-install.test.ts) runs the install script the Dockerfile runs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..', '..', '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');
const pkg = JSON.parse(read('package.json')) as {
  engines: { node: string };
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** The Dockerfile's instructions, continuation lines joined, comments dropped. */
function dockerInstructions(): string[] {
  return read('Dockerfile')
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

describe('the package', () => {
  it('runs the app and every command-line tool from dist/, through the script that builds when needed', () => {
    const entries = {
      start: 'main.js',
      import: 'cli/import-docs.js',
      backup: 'cli/backup.js',
      'export-decisions': 'cli/export-decisions.js',
      'export-plans': 'cli/export-plans.js',
    };
    for (const [script, entry] of Object.entries(entries)) {
      expect(pkg.scripts[script]).toBe(`node scripts/start.mjs ${entry}`);
      expect(readdirSync(join(root, 'src', entry, '..'))).toContain(
        entry.split('/').at(-1)?.replace(/\.js$/, '.ts'),
      );
    }
    expect(pkg.scripts.build).toBe('node scripts/build.mjs');
    expect(read('tsconfig.build.json')).toMatch(/"rootDir": "src"[\s\S]*"outDir": "dist"/);
  });

  it('needs tsx only to develop, and Node 20.12 or newer (process.loadEnvFile)', () => {
    expect(pkg.dependencies).not.toHaveProperty('tsx');
    expect(pkg.devDependencies).toHaveProperty('tsx');
    expect(pkg.engines.node).toBe('>=20.12');
    const lock = JSON.parse(read('package-lock.json')) as {
      packages: Record<string, { dev?: boolean }>;
    };
    expect(lock.packages['node_modules/tsx']?.dev).toBe(true);
  });

  it('imports tsx nowhere under src/ (worker threads register it only when running from .ts)', () => {
    const files = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' }).filter(
      (file) => file.endsWith('.ts'),
    );
    for (const file of files) {
      const text = read(join('src', file));
      expect(text, file).not.toMatch(/(?:from|import\(|import)\s*['"]tsx(?:\/[^'"]*)?['"]/);
      if (text.includes("'tsx/")) expect(file).toBe(join('core', 'worker-thread.ts'));
    }
    expect(read('src/core/worker-thread.ts')).toMatch(
      /if \(!script\.pathname\.endsWith\('\.ts'\)\) return new Worker\(script/,
    );
  });
});

describe('the Dockerfile', () => {
  const lines = dockerInstructions();
  const stages = lines.filter((line) => line.startsWith('FROM '));

  it('builds with the install script the smoke test runs, in a stage of its own, and runs a slim stage of the Node line the README names', () => {
    expect(stages).toHaveLength(2);
    expect(stages[0]).toMatch(/^FROM node:22-slim AS build$/);
    expect(stages[1]).toBe('FROM node:22-slim');
    expect(read('README.md')).toContain('Node.js 22 and 24');
    const buildStage = lines.slice(0, lines.indexOf(stages[1] as string));
    expect(buildStage).toContain('RUN sh scripts/image-install.sh /app');
    const runtime = lines.slice(lines.indexOf(stages[1] as string));
    expect(runtime).toContain('COPY --from=build --chown=root:root /app ./');
    expect(runtime.some((line) => /apt-get|npm /.test(line))).toBe(false);
  });

  it('runs as a non-root user with the database on a volume', () => {
    expect(lines).toContain('USER node');
    expect(lines).toContain('VOLUME ["/data"]');
    expect(lines.join('\n')).toContain('DATABASE_PATH=/data/mailroom.db');
  });

  it('checks /livez, and runs node itself as PID 1 so SIGTERM reaches Mailroom', () => {
    const healthcheck = lines.find((line) => line.startsWith('HEALTHCHECK '));
    expect(healthcheck).toContain('/livez');
    // Health is on the admin port, which the image opens to its network.
    expect(healthcheck).toContain('process.env.ADMIN_PORT');
    const env = lines.find((line) => line.startsWith('ENV ')) ?? '';
    expect(env).toContain('ADMIN_PORT=9100');
    expect(env).toContain('ADMIN_HOST=0.0.0.0');
    expect(lines.at(-1)).toBe('CMD ["node", "dist/main.js"]');
    expect(lines.some((line) => line.startsWith('ENTRYPOINT'))).toBe(false);
  });

  it('leaves what a clean copy has not out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['node_modules', 'dist', '.env', '.git']) expect(ignored).toContain(entry);
  });
});

describe('compose.yaml', () => {
  const compose = parse(read('compose.yaml')) as {
    services: Record<string, Record<string, unknown>>;
    volumes: Record<string, unknown>;
  };
  const { mailroom, backup } = compose.services as Record<string, Record<string, unknown>>;

  it('runs the app with its data on a volume, healthy when /readyz says so', () => {
    expect(mailroom?.build).toBe('.');
    expect(mailroom?.volumes).toContain('data:/data');
    expect(JSON.stringify(mailroom?.healthcheck)).toContain('127.0.0.1:9100/readyz');
    expect(mailroom?.environment).toMatchObject({ ADMIN_PORT: '9100', ADMIN_HOST: '0.0.0.0' });
    expect(mailroom?.ports).toEqual(['3000:3000']);
  });

  it('backs the database up on a schedule into a volume of its own, once the app is ready', () => {
    expect(backup?.image).toBe(mailroom?.image);
    expect(backup?.depends_on).toEqual({ mailroom: { condition: 'service_healthy' } });
    expect(backup?.volumes).toEqual(['data:/data', 'backups:/backups']);
    const command = JSON.stringify(backup?.command);
    expect(command).toContain('node dist/cli/backup.js \\"/backups/mailroom-');
    expect(command).toContain('sleep');
    expect(Object.keys(compose.volumes)).toEqual(['data', 'backups']);
  });
});
