/** `briefdeck diff`: not written yet. */
import type { Command } from 'commander';
import type { CommandContext } from '../cli/context.js';

export function diff(_program: Command, _cx: CommandContext): void {}
