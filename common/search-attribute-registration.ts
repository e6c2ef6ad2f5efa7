// Registers the namespace and the project's custom search attributes (common/search-attributes.ts,
// the one list) on a Temporal server through its gRPC API: used by the dev stack, the cluster,
// the tests and, in docker-compose.yml, by the temporal-setup service
// (node dist/scripts/register-search-attributes.js). Imports nothing from the test tooling.
import type { Connection } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { msToTs } from '@temporalio/common/lib/time';
import { SEARCH_ATTRIBUTE_KEYS, SEARCH_ATTRIBUTES, type SearchAttributeName } from './search-attributes';

// SEARCH_ATTRIBUTES (name → type name) and SEARCH_ATTRIBUTE_KEYS (typed keys) must agree.
for (const key of SEARCH_ATTRIBUTE_KEYS) {
  if (SEARCH_ATTRIBUTES[key.name as SearchAttributeName] !== TypedSearchAttributes.toMetadataType(key.type)) {
    throw new Error(`common/search-attributes.ts: SEARCH_ATTRIBUTES disagrees with the key ${key.name}`);
  }
}
if (SEARCH_ATTRIBUTE_KEYS.length !== Object.keys(SEARCH_ATTRIBUTES).length) {
  throw new Error('common/search-attributes.ts: SEARCH_ATTRIBUTES and SEARCH_ATTRIBUTE_KEYS list different attributes');
}

const GRPC_ALREADY_EXISTS = 6;
const GRPC_UNIMPLEMENTED = 12;
const grpcCode = (err: unknown) => (err as { code?: number } | undefined)?.code;

/**
 * Registers the project's custom search attributes on a namespace through the OperatorService,
 * adding only the missing ones (idempotent). Throws if one exists with another type.
 *
 * The Java test server has no ListSearchAttributes (UNIMPLEMENTED) and refuses to add an existing
 * attribute (ALREADY_EXISTS, and then adds none of the batch): there each attribute is added on
 * its own and ALREADY_EXISTS is taken as done (its type is not checked).
 */
export async function ensureSearchAttributes(connection: Connection, namespace = 'default'): Promise<void> {
  const wanted: Record<string, number> = {};
  for (const key of SEARCH_ATTRIBUTE_KEYS) {
    const type = encodeSearchAttributeIndexedValueType(key.type) as number | undefined;
    if (type === undefined) throw new Error(`unknown search attribute type ${key.type}`);
    wanted[key.name] = type;
  }
  let existing: Record<string, number> | undefined;
  try {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    existing = Object.fromEntries(Object.entries(customAttributes ?? {}).map(([k, v]) => [k, Number(v)]));
  } catch (err) {
    if (grpcCode(err) !== GRPC_UNIMPLEMENTED) throw err;
  }
  const add = async (searchAttributes: Record<string, number>) => {
    try {
      await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
    } catch (err) {
      if (grpcCode(err) !== GRPC_ALREADY_EXISTS) throw err; // else: registered meanwhile
    }
  };
  if (!existing) {
    for (const [name, type] of Object.entries(wanted)) await add({ [name]: type });
    return;
  }
  const missing: Record<string, number> = {};
  for (const [name, type] of Object.entries(wanted)) {
    const have = existing[name];
    if (have === undefined) missing[name] = type;
    else if (have !== type) {
      throw new Error(`search attribute ${name} is registered on ${namespace} with IndexedValueType ${have}, not ${type}`);
    }
  }
  if (Object.keys(missing).length > 0) await add(missing);
}

/** Registers `namespace` if the server does not have it (idempotent). Retention when created: 7 days by default. */
export async function ensureNamespace(connection: Connection, namespace = 'default', retentionMs = 7 * 24 * 3600_000): Promise<void> {
  try {
    await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(retentionMs) });
  } catch (err) {
    if (grpcCode(err) !== GRPC_ALREADY_EXISTS) throw err;
  }
}
