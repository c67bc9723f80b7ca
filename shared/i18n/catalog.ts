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

/**
 * A feature's strings live in their own pair of files (shared/i18n/areas/<area>.en.ts and
 * <area>.zh-CN.ts) and are spread into en.ts and zh-CN.ts with one line each; the Chinese half
 * is typed against the English one so a key or parameter mismatch does not compile.
 */
export type AreaCatalog<A> = { [K in keyof A]: A[K] extends string ? string : A[K] };
