/**
 * CLI for the demo LMS: `npx tsx demo/server/main.ts [--port 8610] [--data .demo-data] [--auto-login]`.
 * Prints the URLs to open (the demo LMS on 127.0.0.1, the HRD-connected site on 127.0.0.2, and the
 * HRD-integrated sites on 127.0.0.3–9, all at the same port)
 * and shuts down cleanly on SIGINT/SIGTERM so the state file is flushed. Test controls are never on.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { hrdSiteEntryPoints } from '../hrd-sites';
import { startDemoLms } from './app';
import { DEMO_PATHS, HRD_PATHS } from './routes';

/** Default port; fixed so bookmarks and institute profiles for the demo keep working. */
export const DEFAULT_DEMO_PORT = 8610;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: String(DEFAULT_DEMO_PORT) },
      data: { type: 'string', default: '.demo-data' },
      'auto-login': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log('usage: tsx demo/server/main.ts [--port 8610] [--data .demo-data] [--auto-login]');
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`invalid --port: ${values.port}`);
    process.exitCode = 2;
    return;
  }
  const dataDir = resolve(values.data);
  const lms = await startDemoLms({ port, dataDir, autoLogin: values['auto-login'] });
  console.log(`데모 원격훈련원 (demo LMS) is running: ${lms.url}${DEMO_PATHS.login}`);
  console.log(
    `한빛 직업훈련원 (HRD mOTP site): ${lms.hrdUrl}${DEMO_PATHS.login} · phone app: ${lms.hrdUrl}${HRD_PATHS.app}`,
  );
  console.log('HRD mOTP 연계 사이트 (127.0.0.3–9, same port):');
  for (const site of hrdSiteEntryPoints(lms.hrdSites))
    console.log(`  ${site.name}: ${site.url}  (${site.note})`);
  console.log(`state: ${dataDir}`);
  if (values['auto-login']) console.log(`auto-login enabled: append ?demo-autologin=1 to any page`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    lms.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('shutdown failed:', error instanceof Error ? error.message : error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error('demo LMS failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
