// Sizes and SHA-256 of output files, streamed so large files are never held in memory.
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function fileBytes(path: string): number {
  return statSync(path).size;
}
