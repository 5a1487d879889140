import fs from 'node:fs';
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { firstStart } from './bootstrap.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/index.js';
import { createDomain } from './domain.js';
import { missingTools } from './tools.js';

/** The process: configuration, database, app, listen, and a graceful close on signals. */
async function main(): Promise<void> {
  // A .env beside the project is read if present; the environment wins over it.
  if (fs.existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  const database = await openDatabase(config.DATA_DIR, config.DB_SYNCHRONOUS);
  const domain = await createDomain(database.db, config);
  const first = await firstStart(domain, config);
  const app = await buildApp(domain, config, { level: config.LOG_LEVEL });

  closeWithGrace({ delay: 10_000 }, async ({ err }) => {
    if (err) app.log.error({ err }, 'closing after an error');
    await app.close();
    await database.close();
  });

  const address = await app.listen({ port: config.PORT, host: config.HOST });
  const base = address.replace('0.0.0.0', '127.0.0.1');
  // Printed, not only logged: the first admin password is shown once and never stored in clear.
  const lines = [`fangtan is running: ${base}/studio/`];
  if (first.admin) {
    lines.push(
      first.admin.generated
        ? `First start: created account "${first.admin.username}" with password ${first.admin.password} (shown only now; the studio asks for a new one at first sign-in)`
        : `First start: created account "${first.admin.username}" with the password from ADMIN_PASSWORD`,
    );
  }
  if (first.demoSlug) lines.push(`Demo interview for netizens: ${base}/v/${first.demoSlug}`);
  for (const missing of missingTools(config)) {
    lines.push(`Warning: ${missing}`);
    app.log.warn(missing);
  }
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
