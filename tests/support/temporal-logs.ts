// Temporal's own logs at WARN and above, so test output shows the tests. Call before the first
// native connection of a test file (the runtime is per process and installed once).
import { DefaultLogger, makeTelemetryFilterString, Runtime } from '@temporalio/worker';

export function quietTemporalLogs(): void {
  try {
    Runtime.install({
      logger: new DefaultLogger('WARN'),
      telemetryOptions: { logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'ERROR', other: 'ERROR' }) } },
    });
  } catch {
    // already installed
  }
}
