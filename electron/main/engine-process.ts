import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { utilityProcess } from 'electron';
import type { UtilityProcess } from 'electron';
import type { ErrorCode } from '../../shared/errors';
import { EngineError } from '../engine/errors';
import type { StartedEngine } from '../engine/link/engine-connection';
import type { Logger } from '../engine/platform/logger';

export interface EngineProcessOptions {
  /** dist/node/engine.mjs, outside app.asar when packaged. */
  script: string;
  /**
   * In development, the Node that ran npm (scripts/start.mjs passes it): the native SQLite
   * module was built for its ABI, not Electron's. Null when packaged: the engine then runs in
   * Electron's utilityProcess, with the module electron-builder rebuilt for Electron.
   */
  node: string | null;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** How long a stopping engine may take to settle its jobs before it is killed. */
  stopTimeoutMs?: number;
}

/** A child's stdout or stderr (Node's Readable, or Electron's stream of the same shape). */
interface OutputStream {
  on(event: 'data', fn: (chunk: Buffer) => void): unknown;
}

interface Child {
  pid: number | undefined;
  send(message: unknown): void;
  kill(): void;
  exited: Promise<Error | null>;
}

/** The desktop app's engine process: started when no engine runs for the user, stopped on quit. */
export class EngineProcess {
  private child: Child | null = null;

  constructor(private readonly opts: EngineProcessOptions) {}

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  start(): Promise<StartedEngine> {
    const child = this.opts.node ? this.spawnNode(this.opts.node) : this.forkUtility();
    this.child = child;
    void child.exited.then((why) => {
      if (this.child === child) this.child = null;
      this.opts.logger.info('engine process ended', {
        pid: child.pid,
        ...(why && { error: why.message }),
      });
    });
    this.opts.logger.info('engine process started', {
      pid: child.pid,
      runtime: this.opts.node ? `node (${this.opts.node})` : 'utilityProcess',
    });
    return Promise.resolve({ pid: child.pid ?? null, exited: child.exited });
  }

  /** Asks the engine to finish (jobs settle, the store closes), killing it if it does not. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.send({ type: 'stop' });
    const timer = setTimeout(() => child.kill(), this.opts.stopTimeoutMs ?? 20_000);
    await child.exited;
    clearTimeout(timer);
  }

  private forkUtility(): Child {
    const proc: UtilityProcess = utilityProcess.fork(this.opts.script, [], {
      serviceName: 'ModVault engine',
      stdio: 'pipe',
      env: this.opts.env,
    });
    this.pipeOutput(proc.stdout, proc.stderr);
    let fatal: Error | null = null;
    proc.on('message', (m: unknown) => (fatal = fatalOf(m) ?? fatal));
    const exited = new Promise<Error | null>((resolve) =>
      proc.once('exit', (code) => resolve(fatal ?? exitError(code))),
    );
    return {
      pid: proc.pid,
      send: (m) => proc.postMessage(m),
      kill: () => proc.kill(),
      exited,
    };
  }

  private spawnNode(node: string): Child {
    const proc: ChildProcess = spawn(node, [this.opts.script], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: this.opts.env,
      windowsHide: true,
    });
    this.pipeOutput(proc.stdout, proc.stderr);
    let fatal: Error | null = null;
    proc.on('message', (m: unknown) => (fatal = fatalOf(m) ?? fatal));
    const exited = new Promise<Error | null>((resolve) => {
      proc.once('error', (e) => resolve(e));
      proc.once('exit', (code) => resolve(fatal ?? exitError(code)));
    });
    return {
      pid: proc.pid,
      send: (m) => {
        if (proc.connected) proc.send(m as object);
      },
      kill: () => proc.kill('SIGKILL'),
      exited,
    };
  }

  private pipeOutput(...streams: (OutputStream | null | undefined)[]): void {
    for (const s of streams)
      s?.on('data', (d: Buffer) =>
        this.opts.logger.info('engine output', { text: d.toString().trimEnd().slice(0, 4000) }),
      );
  }
}

function fatalOf(m: unknown): EngineError | null {
  const msg = m as { type?: unknown; error?: { code: ErrorCode; message: string; fix?: string } };
  if (msg?.type !== 'fatal' || !msg.error) return null;
  return new EngineError(msg.error.code, msg.error.message, { fix: msg.error.fix });
}

function exitError(code: number | null): Error | null {
  return code === 0 ? null : new Error(`The engine process exited with status ${code}.`);
}
