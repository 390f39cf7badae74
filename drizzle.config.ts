import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: ['./src/core/store/schema.ts', './src/features/*/store/schema.ts'],
  out: './migrations',
  dbCredentials: { url: process.env.DATABASE_PATH ?? './data/mailroom.db' },
});
