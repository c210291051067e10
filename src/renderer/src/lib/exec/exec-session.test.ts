import { describe, expect, it } from 'vitest';
import { execUrl } from './exec-session';
import { frame, resizeFrame, splitFrame } from './channel-frames';

const loc = { protocol: 'http:', host: '127.0.0.1:4000' };

describe('execUrl', () => {
  it('asks for a TTY exec of the command, one command= per word', () => {
    expect(execUrl(loc, { namespace: 'ns', pod: 'p', container: 'app', command: ['sh', '-c', 'echo a&b'] })).toBe(
      'ws://127.0.0.1:4000/api/v1/namespaces/ns/pods/p/exec?container=app&stdin=true&stdout=true&stderr=false&tty=true&command=sh&command=-c&command=echo%20a%26b',
    );
  });
  it('attaches without a command, with stderr when the container has no TTY', () => {
    expect(execUrl({ protocol: 'https:', host: 'h' }, { namespace: 'ns', pod: 'p', container: 'app', command: [], attach: true, tty: false })).toBe(
      'wss://h/api/v1/namespaces/ns/pods/p/attach?container=app&stdin=true&stdout=true&stderr=true&tty=false',
    );
  });
});

describe('channel frames', () => {
  it('prefixes the channel and reads it back', () => {
    expect(Array.from(frame(0, 'hi'))).toEqual([0, 104, 105]);
    expect(new TextDecoder().decode(resizeFrame(80, 24).subarray(1))).toBe('{"Width":80,"Height":24}');
    const { channel, payload } = splitFrame(new Uint8Array([3, 123, 125]).buffer);
    expect(channel).toBe(3);
    expect(new TextDecoder().decode(payload)).toBe('{}');
  });
});
