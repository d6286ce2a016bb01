#!/usr/bin/env node
// Entry point: argv -> a headless command, or the interactive wizard in a terminal.
// Bad input is one line on stderr and exit 2; stack traces only with --verbose.
import { parseArgs } from 'node:util';
import { CancelledError, UserError } from './errors.js';
import { VERSION } from './version.js';
import { USAGE } from './usage.js';
import { describeText, scenariosText } from './commands/describe.js';
import { runCommand } from './commands/run.js';
import { transformCommand } from './commands/transform.js';
import { dbtCommand } from './commands/dbt.js';
import { inspectCommand } from './commands/inspect.js';
import { paramDefaults } from './engine/params.js';
import { SCENARIOS } from '../scenarios/index.js';

const HEADLESS_HINT = 'synthgen: the wizard needs an interactive terminal; run headless with `synthgen run --profile NAME` or `synthgen run --scenario NAME --target sqlite --out FILE` (see synthgen --help)';

async function main(argv: string[]): Promise<number> {
  const verbose = argv.includes('--verbose');
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        verbose: { type: 'boolean' },
        scenario: { type: 'string' },
        seed: { type: 'string' },
        set: { type: 'string', multiple: true },
        target: { type: 'string' },
        out: { type: 'string' },
        force: { type: 'boolean' },
        json: { type: 'boolean' },
        profile: { type: 'string' },
        config: { type: 'string' },
        'batch-size': { type: 'string' },
        pipeline: { type: 'boolean' },
        'parquet-parts': { type: 'boolean' },
        url: { type: 'string' },
        schema: { type: 'string' },
        'lock-timeout': { type: 'string' },
        in: { type: 'string' },
        manifest: { type: 'string' },
        table: { type: 'string' },
        shard: { type: 'string' },
        workers: { type: 'string' },
      },
    });
    if (values.version) {
      process.stdout.write(`${VERSION}\n`);
      return 0;
    }
    const [command, ...rest] = positionals;
    if (values.help || command === 'help') {
      process.stdout.write(USAGE);
      return 0;
    }
    switch (command) {
      case undefined: {
        if (!process.stdin.isTTY || !process.stdout.isTTY || process.env.CI) {
          process.stderr.write(HEADLESS_HINT + '\n');
          return 2;
        }
        // A bad DATAGEN_ENV (or the like) is refused before the first screen, as run refuses it.
        for (const s of SCENARIOS) paramDefaults(s);
        const { startWizard } = await import('./wizard.js');
        return await startWizard();
      }
      case 'run':
        if (rest.length) throw new UserError(`run takes no positional arguments, got "${rest[0]}"; use --scenario NAME`);
        return await runCommand({ ...values, batchSize: values['batch-size'], lockTimeout: values['lock-timeout'], parquetParts: values['parquet-parts'] });
      case 'merge-manifests': {
        const { mergeManifestsCommand } = await import('./commands/merge.js');
        return await mergeManifestsCommand({ dirs: rest, out: values.out, json: values.json, force: values.force, url: values.url, schema: values.schema, lockTimeout: values['lock-timeout'] });
      }
      case 'transform':
        return await transformCommand({ in: values.in, out: values.out, scenario: values.scenario, force: values.force });
      case 'dbt':
        if (rest.length) throw new UserError(`dbt takes no positional arguments, got "${rest[0]}"; use --out DIR`);
        return await dbtCommand({ url: values.url, schema: values.schema, out: values.out, force: values.force, manifest: values.manifest });
      case 'inspect':
        if (rest.length > 1) throw new UserError(`inspect takes one PATH, got "${rest[1]}"`);
        return await inspectCommand({ path: rest[0], url: values.url, schema: values.schema, table: values.table, manifest: values.manifest, json: values.json });
      case 'scenarios':
        process.stdout.write(scenariosText());
        return 0;
      case 'describe':
        if (!rest[0]) throw new UserError('describe needs a scenario name: synthgen describe NAME (see synthgen scenarios)');
        process.stdout.write(describeText(rest[0]));
        return 0;
      default:
        throw new UserError(`unknown command "${command}"; run synthgen --help`);
    }
  } catch (e) {
    if (e instanceof CancelledError) {
      process.stderr.write('synthgen: interrupted; nothing was written under the output name\n');
      return 130;
    }
    const err = e as Error & { code?: string };
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const flag = /'([^']+)'/.exec(err.message)?.[1] ?? 'flag';
      process.stderr.write(`synthgen: unknown option ${flag}; see synthgen --help\n`);
      return 2;
    }
    if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const flag = /'(--?[\w-]+)/.exec(err.message)?.[1] ?? 'an option';
      // `--seed -1`: parseArgs takes "-1" for a flag. Read it as the value, so the flag's own check names it.
      const at = argv.indexOf(flag);
      if (/ambiguous/.test(err.message) && at >= 0 && /^-\d/.test(argv[at + 1] ?? '')) {
        return main([...argv.slice(0, at), `${flag}=${argv[at + 1]}`, ...argv.slice(at + 2)]);
      }
      process.stderr.write(`synthgen: ${flag} needs a value; see synthgen --help\n`);
      return 2;
    }
    if (err.code === 'ENOSPC' || err.code === 'EDQUOT') {
      // The run has already removed what it wrote (the sinks' abort).
      process.stderr.write(`synthgen: the disk filled up while writing (${err.code}); nothing was left under the output name; free some space or choose another --out\n`);
      if (verbose && err.stack) process.stderr.write(err.stack + '\n');
      return 2;
    }
    if (e instanceof UserError || err.code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`synthgen: ${err.message}\n`);
      if (verbose && err.stack) process.stderr.write(err.stack + '\n');
      return 2;
    }
    process.stderr.write(`synthgen: ${err?.message ?? String(e)}${verbose ? '' : ' (run with --verbose for details)'}\n`);
    if (verbose && err?.stack) process.stderr.write(err.stack + '\n');
    return 2;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
