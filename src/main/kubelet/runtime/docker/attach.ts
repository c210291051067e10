/**
 * Attaching to a running container's main process (`kubectl attach`): Docker's
 * hijacked attach stream, demultiplexed unless the container has a TTY.
 * Detaching never closes the process's stdin: like the CRI, a container that
 * is not stdinOnce keeps its stdin open for the next attach.
 */
import { PassThrough, type Duplex, type Writable } from 'node:stream';
import type Docker from 'dockerode';
import type { ExecSession } from '../types';
import { FrameSplitter } from './stream-demux';

/** AttachSession is an ExecSession whose exit code resolves (0) when the attach ends; detach drops the connection. */
export interface AttachSession extends ExecSession {
  detach(): void;
}

/** attachContainer attaches to container id's stdio; stdin is attached only when asked. */
export async function attachContainer(docker: Docker, id: string, opts: { stdin: boolean }): Promise<AttachSession> {
  const c = docker.getContainer(id);
  const info = await c.inspect();
  // The stream's framing depends on how the container was created, not on the request.
  const tty = info.Config.Tty;
  const sock = (await c.attach({ stream: true, stdin: opts.stdin, stdout: true, stderr: true, hijack: true })) as Duplex;
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const finish = () => {
    stdout.end();
    stderr.end();
  };
  if (tty) {
    sock.on('data', (d: Buffer) => stdout.write(d));
  } else {
    const splitter = new FrameSplitter((s, p) => (s === 2 ? stderr : stdout).write(p));
    sock.on('data', (d: Buffer) => splitter.push(d));
  }
  const ended = new Promise<number>((resolve) => {
    const done = () => {
      finish();
      resolve(0);
    };
    sock.on('end', done);
    sock.on('close', done);
    sock.on('error', done);
  });
  let stdin: Writable | null = null;
  if (opts.stdin) {
    const w = new PassThrough();
    w.on('data', (d: Buffer) => sock.write(d));
    // The client's end of input is not the container's: half-closing Docker's attach would end the session.
    stdin = w;
  }
  return {
    stdin,
    stdout,
    stderr,
    resize: async (w, h) => {
      await c.resize({ w, h });
    },
    exitCode: ended,
    detach: () => sock.destroy(),
  };
}
