import type { z } from 'zod';
import type { CsvRow } from './csv.js';
import type { RowProblem } from './facts.js';
import { fieldProblem } from './fields.js';

/**
 * Validates one CSV row against a zod object keyed by normalized header names. On failure, the
 * problem names the column as the file writes it and the value found, so the member can fix it.
 */
export function parseRow<S extends z.ZodType>(
  schema: S,
  row: CsvRow,
  file: string,
  headerNames: Record<string, string>,
  title?: string,
): { ok: true; value: z.output<S> } | { ok: false; problem: RowProblem } {
  const result = schema.safeParse(row.values);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0]!;
  const key = String(issue.path[0] ?? '');
  const column = headerNames[key] ?? key;
  const problem: RowProblem = { file, line: row.line, message: `${fieldProblem(column, row.values[key], issue)}; row skipped` };
  const named = title ?? row.values['name'] ?? row.values['title'];
  if (named?.trim()) problem.title = named.trim().slice(0, 300);
  return { ok: false, problem };
}

export function headerNames(header: readonly string[], keys: readonly string[]): Record<string, string> {
  return Object.fromEntries(keys.map((key, index) => [key, header[index] ?? key]));
}
