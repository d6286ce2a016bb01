// After tsc: copies the non-TypeScript files scenarios ship (SQL) next to their
// compiled code, and makes the CLI executable (tsc writes files 0644, and the
// package's bin must run as `synthgen` / `npx synthgen`).
// Usage: node scripts/copy-assets.mjs [OUTDIR]   (default dist, as in tsconfig.json)
import { chmodSync, cpSync, readdirSync, statSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';

const outDir = process.argv[2] ?? 'dist';

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.sql')) {
      const dest = join(outDir, path);
      mkdirSync(dirname(dest), { recursive: true });
      cpSync(path, dest);
    }
  }
}
walk('scenarios');
chmodSync(join(outDir, 'src', 'cli.js'), 0o755);
