import type { z } from 'zod';

/**
 * A command answers at once (a query) or starts a job whose result arrives with its terminal
 * event. The output type exists only at compile time; inputs are zod schemas checked at runtime
 * by every transport before a handler sees them.
 */
export interface QueryDef<I extends z.ZodType, O> {
  readonly kind: 'query';
  readonly input: I;
  readonly __output?: (o: O) => O;
}

export interface JobDef<I extends z.ZodType, O> {
  readonly kind: 'job';
  readonly input: I;
  readonly __result?: (o: O) => O;
}

export type CommandDef = QueryDef<z.ZodType, unknown> | JobDef<z.ZodType, unknown>;

export const query =
  <O>() =>
  <I extends z.ZodType>(input: I): QueryDef<I, O> => ({ kind: 'query', input });

export const job =
  <O>() =>
  <I extends z.ZodType>(input: I): JobDef<I, O> => ({ kind: 'job', input });
