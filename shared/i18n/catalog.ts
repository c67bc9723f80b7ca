import type { en } from './en';
import type { Fmt } from './fmt';

type En = typeof en;
export type MessageKey = keyof En;

/** Every catalog has every key of the English one, with the same parameters. */
export type Catalog = { [K in MessageKey]: En[K] extends string ? string : En[K] };

/** The parameters a message needs: none for a plain string, one object for a function. */
export type MessageArgs<K extends MessageKey> = En[K] extends (p: infer P, f: Fmt) => string
  ? [params: P]
  : [];

export type Translate = <K extends MessageKey>(key: K, ...args: MessageArgs<K>) => string;
