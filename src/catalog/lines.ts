import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';

/**
 * Calls `onLine` for each line of a text file, gunzipping gzipped files on the way, without ever
 * holding more than a chunk of it: IMDb's datasets and a 700k-film catalog are more text than one
 * string may hold. `onLine` returning false stops the reading. `onBytes` reports the bytes read from
 * disk (compressed), for a progress bar.
 */
export async function forEachLine(file: string, onLine: (line: string) => boolean | void, onBytes?: (bytes: number) => void): Promise<void> {
  const gzipped = await isGzipped(file);
  const source = createReadStream(file, { highWaterMark: 1 << 20 });
  if (onBytes) source.on('data', (chunk) => onBytes(chunk.length));
  let text: Readable = source;
  if (gzipped) {
    const gunzip = createGunzip({ chunkSize: 1 << 20 });
    source.on('error', (error) => gunzip.destroy(error));
    text = source.pipe(gunzip);
  }
  text.setEncoding('utf8');
  let rest = '';
  for await (const chunk of text as AsyncIterable<string>) {
    const data = rest + chunk;
    let start = 0;
    for (let end = data.indexOf('\n'); end >= 0; end = data.indexOf('\n', start)) {
      if (onLine(data.charCodeAt(end - 1) === 13 ? data.slice(start, end - 1) : data.slice(start, end)) === false) {
        // Leaving the loop destroys `text`; the file under a gunzip goes with it.
        source.destroy();
        return;
      }
      start = end + 1;
    }
    rest = data.slice(start);
  }
  if (rest) onLine(rest);
}

/** Gzip's magic bytes, not the name: a `.json.gz.bak` is gzipped too. */
async function isGzipped(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}
