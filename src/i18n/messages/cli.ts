/** Messages of the `cli` command. English is the reference; `vi` has the same keys and placeholders. */
import type { Translation } from './translation.js';

export const en = {} as const;

export const vi: Translation<typeof en> = {};
