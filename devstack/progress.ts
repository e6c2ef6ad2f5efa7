// What `npm start` (and the cluster) print while they boot: each step says what it does when it
// begins, then a progress line at least every 10 s while it runs, and its time when it was long.
import { spawn } from 'node:child_process';

export interface StepOptions {
  /** Where the lines go (default: stderr, so stdout stays the banner). */
  write?: (line: string) => void;
  /** How often a progress line is printed (default 10 s). */
  everyMs?: number;
  /** What it usually takes, said on the first line ("about 2 min the first time"). */
  usually?: string;
}

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

/** Runs `run`, saying `what` first, `  … what: 20 s` every 10 s, and `what: done in 34 s` if it took that long. */
export async function step<T>(what: string, run: () => Promise<T>, opts: StepOptions = {}): Promise<T> {
  const write = opts.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const every = opts.everyMs ?? 10_000;
  const started = Date.now();
  write(`${what}${opts.usually ? ` (${opts.usually})` : ''}…`);
  const timer = setInterval(() => write(`  … ${what}: ${seconds(Date.now() - started)}`), every);
  try {
    const result = await run();
    if (Date.now() - started >= every) write(`${what}: done in ${seconds(Date.now() - started)}`);
    return result;
  } finally {
    clearInterval(timer);
  }
}

/**
 * Runs a command without blocking the event loop (so progress lines and Ctrl-C keep working):
 * stderr passes through, stdout is returned; a failure throws with the command's exit status.
 */
export function runCommand(command: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; quiet?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', opts.quiet ? 'pipe' : 'inherit'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve(out);
      else reject(new Error(`${[command, ...args].join(' ')} failed (${signal ?? `exit ${code}`})${err || out ? `:\n${err}${out}` : ''}`));
    });
  });
}
