// The photo stores behind /api/uploads: a folder, and an S3-compatible bucket (here s3rver, an
// S3 API server in this process, spoken to by the real AWS SDK client).
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { localUploadStore, s3UploadStore, type UploadStore } from '../../api/uploads';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver');

let dir: string;
let server: { run(): Promise<AddressInfo>; close(): Promise<void> };
let endpoint: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'campus-safety-s3-'));
  server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: path.join(dir, 's3'), configureBuckets: [{ name: 'evidence' }] });
  const { port } = await server.run();
  endpoint = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

async function roundTrip(store: UploadStore) {
  const photo = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5]);
  await store.put('0b0e4d56-1111-4c1e-9a0b-2f6a3b1c9d10', photo, 'image/jpeg');
  await store.put('0b0e4d56-1111-4c1e-9a0b-2f6a3b1c9d10.thumb', Buffer.from('thumb'), 'image/jpeg');
  expect(await store.get('0b0e4d56-1111-4c1e-9a0b-2f6a3b1c9d10')).toEqual(photo);
  expect((await store.get('0b0e4d56-1111-4c1e-9a0b-2f6a3b1c9d10.thumb'))?.toString()).toBe('thumb');
  expect(await store.get('ffffffff-1111-4c1e-9a0b-2f6a3b1c9d10')).toBeUndefined();
}

test('photos in a folder (the default: DATA_DIR/uploads)', async () => {
  await roundTrip(localUploadStore(path.join(dir, 'uploads')));
});

test('photos in an S3-compatible bucket (S3_BUCKET, S3_ENDPOINT, path-style)', async () => {
  await roundTrip(s3UploadStore({ bucket: 'evidence', endpoint, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true }));
});
