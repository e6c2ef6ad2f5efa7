// Child processes the dev stack and the cluster start: each runs under a watchdog that stops it
// once the process that started it is gone (even when that one is SIGKILLed), so nothing is
// left behind holding ports and data. They run in their own process groups: a terminal's Ctrl-C
// goes to the starting process only, which stops them in its own order.
import { spawn, type ChildProcess } from 'node:child_process';

// sh -c WATCHDOG_EXEC sh cmd args...: runs cmd in place of the shell (same pid), with a watchdog
// that stops it once the process that spawned it is gone (SIGTERM, SIGKILL 10 s later).
const WATCHDOG_EXEC = [
  'parent=$PPID self=$$',
  '( while kill -0 "$parent" 2>/dev/null && kill -0 "$self" 2>/dev/null; do sleep 1; done',
  '  kill -TERM "$self" 2>/dev/null || exit 0',
  '  for i in 1 2 3 4 5 6 7 8 9 10; do sleep 1; kill -0 "$self" 2>/dev/null || exit 0; done',
  '  kill -KILL "$self" 2>/dev/null ) </dev/null >/dev/null 2>&1 &',
  'exec "$@"',
].join('\n');

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  pid: number | undefined;
  /** The last few kilobytes of its output (stdout and stderr). */
  output(): string;
  running(): boolean;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Set when the process could not be started at all (ENOENT...). */
  spawnError(): Error | undefined;
  /** `signal` (default SIGTERM), then waits for the exit (SIGKILL after `graceMs`, default 15 s). */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

export interface StartProcessOptions {
  name: string;
  command: string;
  args?: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Receives each line of output. */
  log?: (line: string) => void;
}

/** Starts `command` under a watchdog (see above); its output is kept and passed to `log` by line. */
export function startProcess(opts: StartProcessOptions): ManagedProcess {
  const child = spawn('/bin/sh', ['-c', WATCHDOG_EXEC, opts.name, opts.command, ...(opts.args ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: opts.env ?? process.env,
    cwd: opts.cwd,
    // Its own process group: a Ctrl-C in the terminal reaches the process that started it, which
    // stops its children in order (the API and workers before the servers they use).
    detached: true,
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let output = '';
  let pending = '';
  const onOutput = (d: Buffer) => {
    output = (output + d.toString()).slice(-8000);
    if (!opts.log) return;
    const lines = (pending + d.toString()).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) opts.log(line);
  };
  child.stdout.on('data', onOutput);
  child.stderr.on('data', onOutput);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      process.removeListener('exit', killOnExit);
      resolve({ code, signal });
    }),
  );
  let failed: Error | undefined;
  child.once('error', (e) => (failed = e));
  const running = () => child.exitCode === null && child.signalCode === null && child.pid !== undefined && !failed;
  let stopping: Promise<void> | undefined;
  return {
    name: opts.name,
    child,
    pid: child.pid,
    output: () => output,
    running,
    exited,
    spawnError: () => failed,
    stop: (signal = 'SIGTERM', graceMs = 15_000) =>
      (stopping ??= (async () => {
        if (running()) {
          child.kill(signal);
          const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
          await exited;
          clearTimeout(timer);
        }
        process.removeListener('exit', killOnExit);
      })()),
  };
}
