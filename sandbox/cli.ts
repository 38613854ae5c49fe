/**
 * npm run sandbox -- [--scenario <file>|demo|large] [--port <n>] [--db <file>] [--ids <file>] [--ids-out <file>]
 *                    [--record-meta <file>] [--phase after] [--control] [--generate <n> [--generate-module Contacts]]
 * Without arguments serves the built-in demo company on port 8765 (a random port if that is taken).
 * Prints one line per user and, once listening, the machine-readable line `SANDBOX_READY <url>`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { startSandbox, demoScenario, largeScenario, type SandboxHandle, type SandboxOptions } from './index';

const DEFAULT_PORT = 8765;

interface CliArgs {
  scenario?: string; port?: number; db?: string; ids?: string; idsOut?: string; recordMeta?: string; phase?: 'after'; control: boolean;
  generate?: number; generateModule?: 'Contacts' | 'Accounts' | 'Leads';
}

function parseArgs(argv: string[]): CliArgs {
  const out: CliArgs = { control: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--scenario') out.scenario = next();
    else if (a === '--port') out.port = Number(next());
    else if (a === '--db') out.db = next();
    else if (a === '--ids') out.ids = next();
    else if (a === '--ids-out') out.idsOut = next();
    else if (a === '--record-meta') out.recordMeta = next();
    else if (a === '--phase') {
      const v = next();
      if (v !== 'after' && v !== 'before') throw new Error('--phase must be before or after');
      if (v === 'after') out.phase = 'after';
    } else if (a === '--control') out.control = true;
    else if (a === '--generate') out.generate = Number(next());
    else if (a === '--generate-module') {
      const v = next();
      if (v !== 'Contacts' && v !== 'Accounts' && v !== 'Leads') throw new Error('--generate-module must be Contacts, Accounts or Leads');
      out.generateModule = v;
    }
    else if (a === '--help' || a === '-h') {
      console.log('usage: npm run sandbox -- [--scenario <file>|demo|large] [--port <n>] [--db <file>] [--ids <file>] [--ids-out <file>] [--record-meta <file>] [--phase after] [--control] [--generate <n>] [--generate-module Contacts|Accounts|Leads]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const readJson = <T>(f: string): T => JSON.parse(readFileSync(f, 'utf8')) as T;
  const opts: SandboxOptions = {
    // 'demo' and 'large' name the built-in scenarios; anything else is a file.
    scenario: args.scenario === 'demo' ? demoScenario() : args.scenario === 'large' ? largeScenario() : args.scenario,
    generate: args.generate ? { records: args.generate, module: args.generateModule ?? 'Contacts' } : undefined,
    db: args.db,
    ids: args.ids ? readJson<Record<string, string>>(args.ids) : undefined,
    recordMeta: args.recordMeta ? readJson<Record<string, Record<string, string>>>(args.recordMeta) : undefined,
    phase: args.phase,
    control: args.control,
  };
  let sb: SandboxHandle;
  try {
    sb = await startSandbox({ ...opts, port: args.port ?? DEFAULT_PORT });
  } catch (e) {
    // Only the implicit default port may fall back to a random one.
    if (args.port !== undefined || (e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    sb = await startSandbox({ ...opts, port: 0 });
  }
  if (args.idsOut) writeFileSync(args.idsOut, JSON.stringify(sb.ids, null, 1) + '\n');
  console.log(`vtenext sandbox serving ${args.scenario ?? 'the built-in demo company'} at ${sb.webserviceUrl}`);
  if (sb.controlUrl) console.log(`control API: ${sb.controlUrl}`);
  for (const u of sb.users) console.log(`user ${u.userName} accesskey ${u.accessKey} password ${u.password}${u.isAdmin ? ' (admin)' : ''}`);
  console.log(`SANDBOX_READY ${sb.url}`);
  const stop = (): void => {
    void sb.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(`sandbox: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
