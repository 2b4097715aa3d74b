import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const SECRET_FILE = 'web-session-secret';

/**
 * The key that signs session cookies: WEB_SESSION_SECRET when set, else one generated on first start and kept in
 * DATA_DIR (mode 0600), so sessions survive restarts without any setup. Written to a temporary file and renamed,
 * so a crash never leaves half a secret behind.
 */
export async function loadSessionSecret(configured: string | undefined, dataDir: string): Promise<string> {
  if (configured) return configured;
  const file = join(dataDir, SECRET_FILE);
  try {
    const stored = (await readFile(file, 'utf8')).trim();
    if (stored.length >= 32) return stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = randomBytes(48).toString('base64url');
  await mkdir(dataDir, { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, secret + '\n', { mode: 0o600 });
  await rename(temporary, file);
  return secret;
}
