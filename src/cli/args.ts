import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '../util/errors.js';
import { nearest } from '../util/suggest.js';
import { quoted } from '../util/excerpt.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs, with errors that say what to type instead. */
export function parseFlags<O extends Options>(command: string, argv: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(msg);
    if (unknown) {
      const near = nearest(unknown[1].replace(/^-+/, ''), Object.keys(options));
      throw new UserError(
        `${command}: unknown option ${unknown[1]}${near ? ` (did you mean --${near}?)` : ''}`,
        `Run ml-test-gate ${command} --help.`,
      );
    }
    throw new UserError(`${command}: ${msg.replace(/\. To specify.*$/s, '').replace(/\s+/g, ' ')}`, `Run ml-test-gate ${command} --help.`);
  }
}

/** A number flag, or a clear error. */
export function numberFlag(command: string, name: string, raw: string | undefined, range?: [number, number]): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v)) throw new UserError(`${command}: --${name} expects a number, got ${quoted(raw)}`);
  if (range && (v < range[0] || v > range[1]))
    throw new UserError(`${command}: --${name} must be between ${range[0]} and ${range[1]}, got ${v}`);
  return v;
}

export function choiceFlag<T extends string>(command: string, name: string, raw: string | undefined, choices: readonly T[]): T | undefined {
  if (raw === undefined) return undefined;
  if (!(choices as readonly string[]).includes(raw)) {
    const near = nearest(raw, choices);
    throw new UserError(
      `${command}: --${name} must be one of ${choices.join(', ')}, got ${quoted(raw)}${near ? ` (did you mean ${near}?)` : ''}`,
    );
  }
  return raw as T;
}
