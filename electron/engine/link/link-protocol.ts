import { z } from 'zod';
import type { AppError } from '../../../shared/errors';
import type { ServerFrame } from '../../../shared/ws-protocol';
import type { UserNotification } from '../notify/notifier';
import type { LoopStats } from '../platform/loop-probe';
import type { PowerEventName } from '../platform/power-events';
import type { SecretRequest } from './secret-protocol';

// The engine's local endpoint speaks browser mode's frames (shared/ws-protocol.ts), one JSON
// document per line, plus a handshake and the few frames a front end exchanges with the engine
// that a browser tab never sees: OS notifications out, power events in.

export const LINK_VERSION = 1;

/** Who is connecting; the engine logs it and routes notifications to the front ends that show them. */
export type FrontEnd = 'desktop' | 'ui' | 'cli';

export const POWER_EVENTS = [
  'suspend',
  'resume',
  'on-ac',
  'on-battery',
  'lock-screen',
  'unlock-screen',
  'shutdown',
] as const satisfies readonly PowerEventName[];

export const helloFrame = z
  .object({
    t: z.literal('hello'),
    v: z.literal(LINK_VERSION),
    /** The secret from the endpoint file: only a process that can read the user's run folder has it. */
    token: z.string().min(16).max(128),
    client: z.enum(['desktop', 'ui', 'cli']),
    /** The transport the front end's own callers use, for the router's CallContext. */
    origin: z.enum(['ipc', 'ws', 'cli']),
    /** Whether this front end shows OS notifications (the desktop app does). */
    notifications: z.boolean().default(false),
    /** The OS languages, for notifications in the language setting 'system'. */
    languages: z.array(z.string().max(35)).max(16).optional(),
    /** Whether this front end answers secret requests with the OS keychain (the desktop app). */
    secrets: z.boolean().default(false),
  })
  .strict();
export type HelloFrame = z.input<typeof helloFrame>;

export const powerFrame = z
  .object({ t: z.literal('power'), event: z.enum(POWER_EVENTS), onBattery: z.boolean() })
  .strict();
export type PowerFrame = z.infer<typeof powerFrame>;

/** What the engine says about itself once the handshake succeeded. */
export interface EngineInfo {
  pid: number;
  /** Which program hosts the engine. */
  host: 'desktop' | 'daemon' | 'ui';
  startedAt: string;
  version: number;
  /** The store and caches it works on, so a front end can say where it attached. */
  store: string;
}

/** The engine's event-loop probe (MODVAULT_LOOP_PROBE=1), for the responsiveness benchmark. */
export const probeFrame = z
  .object({ t: z.literal('probe'), op: z.enum(['reset', 'read']) })
  .strict();

export type LinkServerFrame =
  | ServerFrame
  | { t: 'probe'; stats: LoopStats | null }
  | { t: 'welcome'; engine: EngineInfo }
  | { t: 'refused'; error: AppError }
  | { t: 'notify'; notification: UserNotification }
  | SecretRequest;

/** The handshake must arrive quickly; a silent connection is closed. */
export const HELLO_TIMEOUT_MS = 5_000;
/** Largest line a front end may send (requests are small), as for the WebSocket. */
export const MAX_LINK_CLIENT_LINE = 256 * 1024;
/** Largest line the engine may send (a scan of a big cache is several MB). */
export const MAX_LINK_SERVER_LINE = 512 * 1024 * 1024;
