// .env.example is the validated configuration as it is: regenerate it with `npm run env:example`.
import { readFileSync } from 'node:fs';
import { configSchema } from '../../common/config';
import { ENV_EXAMPLE, envExample } from '../../scripts/env-example';

test('.env.example lists every configuration variable with its description and default, as common/config.ts has them', () => {
  expect(readFileSync(ENV_EXAMPLE, 'utf8')).toBe(envExample());
});

test('.env.example writes a default as the environment reads it back', () => {
  const text = envExample();
  const keys = Object.keys(configSchema.shape);
  expect(text.match(/^# [A-Z0-9_]+=/gm)).toHaveLength(keys.length);
  expect(text).toContain('\n# HAZARD_REMINDER_OFFSETS=P3D,P1D\n');
  expect(text).toContain('\n# SMTP_SECURE=false\n');
  expect(text).toContain('\n# MAIL_FROM="护校安园专项行动 <noreply@campus-safety.local>"\n');
  expect(text).toContain('\n# DATABASE_URL=\n');
  // The defaults written there are the ones the configuration applies when the variable is unset.
  const env = Object.fromEntries([...text.matchAll(/^# ([A-Z0-9_]+)=(.+)$/gm)].map(([, k, v]) => [k, v.startsWith('"') ? (JSON.parse(v) as string) : v]));
  expect(configSchema.parse(env)).toEqual(configSchema.parse({}));
});
