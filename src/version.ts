// synthgen's version, read from its package.json (found upward from this file,
// so it works from src/ under vitest and from dist/src/ when built).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++, dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      const json = JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string; version?: string };
      if (json.name === 'synthgen') return json.version ?? '0.0.0';
    }
  }
  return '0.0.0';
}

export const VERSION = findVersion();
