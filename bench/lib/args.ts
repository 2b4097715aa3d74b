import { z } from 'zod';

const Count = z.coerce.number().int().positive();

/**
 * Whole positive numbers from the command line ("100000,1_000_000", or one per argument): a typo stops the bench
 * with what was expected instead of printing a table of NaN.
 */
export function countsFrom(values: readonly string[], what: string): number[] {
  return values.map((value) => {
    const parsed = Count.safeParse(value.replaceAll('_', ''));
    if (!parsed.success) {
      console.error(`${what} takes whole positive numbers, got "${value}"`);
      process.exit(2);
    }
    return parsed.data;
  });
}
