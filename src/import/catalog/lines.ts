import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

/**
 * Calls `onLine` for each line of a text file, gunzipping `.gz` files on the way, without ever
 * holding more than a chunk of it: IMDb's datasets are gigabytes once unpacked. `onBytes` reports
 * the bytes read from disk (compressed), for a progress bar.
 */
export async function forEachLine(file: string, onLine: (line: string) => void, onBytes?: (bytes: number) => void): Promise<void> {
  const source = createReadStream(file, { highWaterMark: 1 << 20 });
  if (onBytes) source.on('data', (chunk) => onBytes(chunk.length));
  let text: NodeJS.ReadableStream = source;
  if (file.endsWith('.gz')) {
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
      onLine(data.charCodeAt(end - 1) === 13 ? data.slice(start, end - 1) : data.slice(start, end));
      start = end + 1;
    }
    rest = data.slice(start);
  }
  if (rest) onLine(rest);
}
