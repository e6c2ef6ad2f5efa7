// Registers the namespace (if missing) and the project's custom search attributes
// (common/search-attributes.ts) on the Temporal server at TEMPORAL_ADDRESS. Idempotent.
// docker-compose.yml's temporal-setup service runs the compiled copy:
//   node dist/scripts/register-search-attributes.js
import { Connection } from '@temporalio/client';
import { loadConfig } from '../common/config';
import { ensureNamespace, ensureSearchAttributes } from '../common/search-attribute-registration';
import { SEARCH_ATTRIBUTES } from '../common/search-attributes';

async function main(): Promise<void> {
  const config = loadConfig();
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  try {
    await ensureNamespace(connection, config.TEMPORAL_NAMESPACE);
    await ensureSearchAttributes(connection, config.TEMPORAL_NAMESPACE);
    console.log(
      `${config.TEMPORAL_ADDRESS} ${config.TEMPORAL_NAMESPACE}: ${Object.entries(SEARCH_ATTRIBUTES)
        .map(([n, t]) => `${n}=${t}`)
        .join(' ')}`,
    );
  } finally {
    await connection.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
