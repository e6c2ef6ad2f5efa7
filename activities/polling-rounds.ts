// A background job that runs in rounds, in every worker process beside the workflows: the held-notice
// dispatcher (activities/held-notices.ts) and the channel dispatcher (activities/channel-dispatcher.ts)
// each claim their due rows in a round. A round's failure (the database down) is logged and the
// next round tries again; stop() waits for the round under way, so a worker's shutdown never cuts a
// send short.

export interface RoundLog {
  warn(message: string, fields: Record<string, unknown>): void;
}

/** Polls `round` every `pollMs` (from the end of one round to the start of the next) until stop(). */
export function pollInRounds(round: () => Promise<unknown>, pollMs: number, log: RoundLog, failedMessage: string) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = false;
  return {
    start(): void {
      stopped = false;
      const tick = () => {
        running = round()
          .catch((err) => log.warn(failedMessage, { error: err instanceof Error ? err.message : String(err) }))
          .finally(() => {
            if (!stopped) timer = setTimeout(tick, pollMs);
          });
      };
      timer = setTimeout(tick, pollMs);
    },
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
