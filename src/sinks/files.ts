// Sizes and SHA-256 of output files, streamed so large files are never held in memory.
import { createHash } from 'node:crypto';
import { renameSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';

/** A 1 MiB read buffer kept between calls: a stream's fresh buffer per read left up to 40 MB of garbage after hashing 200 MB of parts. */
let spare: Buffer | null = null;

/**
 * The file's SHA-256, and each chunk handed to `onChunk` on the way (one read of the file
 * serves a check that needs its bytes too). `signal` stops a long read (a multi-GB output) between two reads.
 */
export async function sha256File(path: string, signal?: AbortSignal, onChunk?: (chunk: Buffer) => void): Promise<string> {
  const hash = createHash('sha256');
  const buffer = spare ?? Buffer.allocUnsafe(1 << 20);
  spare = null; // a concurrent call takes its own
  const file = await open(path, 'r');
  try {
    for (;;) {
      signal?.throwIfAborted();
      const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      hash.update(chunk);
      onChunk?.(chunk);
    }
  } finally {
    await file.close();
    spare = buffer;
  }
  return hash.digest('hex');
}

/** Writes `text` under a temporary name and renames it over `path`: never half a file under `path`. */
export function writeFileAtomic(path: string, text: string): void {
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}

export function fileBytes(path: string): number {
  return statSync(path).size;
}
