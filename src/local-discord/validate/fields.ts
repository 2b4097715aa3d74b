import type { ErrorPath, FormErrors } from '../errors.js';

/** Discord measures lengths in Unicode code points (its API is not UTF-16 based). */
export function charLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null;
}

export interface StringRule {
  min?: number;
  max: number;
  required?: boolean;
}

/** Checks a string field and records Discord's error codes; returns the string when usable. */
export function checkString(
  errors: FormErrors,
  path: ErrorPath,
  value: unknown,
  rule: StringRule,
): string | undefined {
  if (!isPresent(value)) {
    if (rule.required) errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return undefined;
  }
  if (typeof value !== 'string') {
    errors.add(path, 'STRING_TYPE_CONVERT', `Could not interpret "${String(JSON.stringify(value))}" as string.`);
    return undefined;
  }
  const length = charLength(value);
  const min = rule.min ?? 0;
  if (length < min || length > rule.max) {
    if (min > 0) errors.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${rule.max} in length.`);
    else errors.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${rule.max} or fewer in length.`);
    return undefined;
  }
  return value;
}

export function checkArray(
  errors: FormErrors,
  path: ErrorPath,
  value: unknown,
  rule: { min?: number; max: number; required?: boolean },
): unknown[] | undefined {
  if (!isPresent(value)) {
    if (rule.required) errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return undefined;
  }
  if (!Array.isArray(value)) {
    errors.add(path, 'LIST_TYPE_CONVERT', 'Only iterables may be used in a ListType');
    return undefined;
  }
  const min = rule.min ?? 0;
  if (value.length < min || value.length > rule.max) {
    if (min > 0) errors.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${rule.max} in length.`);
    else errors.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${rule.max} or fewer in length.`);
    // Still return the items so nested problems are reported too, as Discord does.
  }
  return value;
}

export function checkObject(
  errors: FormErrors,
  path: ErrorPath,
  value: unknown,
  required = false,
): Record<string, unknown> | undefined {
  if (!isPresent(value)) {
    if (required) errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return undefined;
  }
  if (!isRecord(value)) {
    errors.add(path, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
    return undefined;
  }
  return value;
}

export function checkInteger(
  errors: FormErrors,
  path: ErrorPath,
  value: unknown,
  rule: { min?: number; max?: number; required?: boolean } = {},
): number | undefined {
  if (!isPresent(value)) {
    if (rule.required) errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    errors.add(path, 'NUMBER_TYPE_COERCE', `Value "${String(value)}" is not int.`);
    return undefined;
  }
  if (rule.min !== undefined && value < rule.min) {
    errors.add(path, 'NUMBER_TYPE_MIN', `int value should be greater than or equal to ${rule.min}.`);
    return undefined;
  }
  if (rule.max !== undefined && value > rule.max) {
    errors.add(path, 'NUMBER_TYPE_MAX', `int value should be less than or equal to ${rule.max}.`);
    return undefined;
  }
  return value;
}

export function checkBoolean(errors: FormErrors, path: ErrorPath, value: unknown): boolean | undefined {
  if (!isPresent(value)) return undefined;
  if (typeof value !== 'boolean') {
    errors.add(path, 'BOOLEAN_TYPE_CONVERT', `Value "${String(value)}" is not a valid boolean.`);
    return undefined;
  }
  return value;
}

export function checkUrl(
  errors: FormErrors,
  path: ErrorPath,
  value: unknown,
  schemes: readonly string[] = ['http', 'https', 'attachment'],
  required = false,
): string | undefined {
  const url = checkString(errors, path, value, { max: 2048, required });
  if (url === undefined) return undefined;
  const match = /^([a-z][a-z0-9+.-]*):\/\/\S+$/i.exec(url);
  if (!match) {
    errors.add(path, 'URL_TYPE_INVALID_URL', 'Not a well formed URL.');
    return undefined;
  }
  const scheme = (match[1] ?? '').toLowerCase();
  if (!schemes.includes(scheme)) {
    errors.add(
      path,
      'URL_TYPE_INVALID_SCHEME',
      `Scheme "${scheme}" is not supported. Scheme must be one of (${schemes.map((s) => `'${s}'`).join(', ')}).`,
    );
    return undefined;
  }
  return url;
}

export function checkSnowflake(errors: FormErrors, path: ErrorPath, value: unknown, required = false): string | undefined {
  if (!isPresent(value)) {
    if (required) errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return undefined;
  }
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^\d{1,20}$/.test(text)) {
    errors.add(path, 'NUMBER_TYPE_COERCE', `Value "${String(value)}" is not snowflake.`);
    return undefined;
  }
  return text;
}
