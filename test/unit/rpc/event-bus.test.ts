import { describe, expect, it } from 'vitest';
import type { JobOutputLine } from '../../../shared/dto/jobs';
import { EventBus } from '../../../electron/engine/rpc/event-bus';

const line: JobOutputLine = { jobId: 'j', stream: 'info', line: 'x', time: 0 };

describe('EventBus', () => {
  it('delivers to listeners of the event and to onAny, until they unsubscribe', () => {
    const bus = new EventBus();
    const got: string[] = [];
    const off = bus.on('job.output', (l) => got.push(`on:${l.line}`));
    const offAny = bus.onAny((event) => got.push(`any:${event}`));
    bus.emit('job.output', line);
    off();
    offAny();
    bus.emit('job.output', line);
    expect(got).toEqual(['on:x', 'any:job.output']);
  });

  it('keeps delivering when a listener throws (a closed socket must not silence the rest)', () => {
    const bus = new EventBus();
    const got: string[] = [];
    bus.on('job.output', () => {
      throw new Error('socket closed');
    });
    bus.on('job.output', () => got.push('second'));
    bus.onAny(() => {
      throw new Error('also broken');
    });
    bus.onAny(() => got.push('any'));
    expect(() => bus.emit('job.output', line)).not.toThrow();
    expect(got).toEqual(['second', 'any']);
  });
});
