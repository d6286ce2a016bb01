// Copies the non-TypeScript files scenarios ship (SQL) next to their compiled code.
import { cpSync, readdirSync, statSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.sql')) {
      const dest = join('dist', path);
      mkdirSync(dirname(dest), { recursive: true });
      cpSync(path, dest);
    }
  }
}
walk('scenarios');
