/**
 * Counts as members read them: thousands grouped ("5,000 films", "Page 1 of 1,000"), the same in every view, so a
 * big server's figures read at a glance and match the import preview and /export, which group them too.
 */
export const count = (n: number): string => n.toLocaleString('en-US');

/** "1 film", "5,000 films". */
export const plural = (n: number, one: string, many = `${one}s`): string => `${count(n)} ${n === 1 ? one : many}`;
