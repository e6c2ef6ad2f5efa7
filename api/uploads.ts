// Photos uploaded as evidence (整改前后照片), from a phone: multipart, size and type checked
// (the image is decoded, not trusted by its name), its dimensions read from its header and
// capped before anything is decoded (MAX_IMAGE_PIXELS), only for a hazard whose loop is still
// open (not 销号, not withdrawn), turned upright, re-encoded without its
// metadata (no GPS in the store), with a thumbnail. Stored in a folder (UPLOAD_DIR, default
// DATA_DIR/uploads) or an S3-compatible bucket (S3_BUCKET, S3_ENDPOINT, ...). Served back through
// the app to those who may see the hazard.
import { hazardOfSubject } from '../common/link-subjects';
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Request, Router } from 'express';
import multer from 'multer';
import sharp from 'sharp';
import { z } from 'zod';
import { id } from '../common/schema-primitives';
import { actorOf } from './auth';
import { badRequest, forbidden, HttpError, notFound } from './errors';
import { canSee, loadHazardView, type HazardRouteDeps } from './hazard-reporting';
import { parse } from './parse';
import { documentedRouter } from './route-registry';

export interface UploadStore {
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  get(key: string): Promise<Buffer | undefined>;
}

export function localUploadStore(dir: string): UploadStore {
  return {
    async put(key, body) {
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, key), body);
    },
    async get(key) {
      try {
        return await readFile(path.join(dir, key));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
    },
  };
}

export function s3UploadStore(c: { bucket: string; endpoint?: string; region: string; accessKeyId?: string; secretAccessKey?: string; forcePathStyle: boolean }): UploadStore {
  const client = new S3Client({
    region: c.region,
    ...(c.endpoint ? { endpoint: c.endpoint } : {}),
    forcePathStyle: c.forcePathStyle,
    ...(c.accessKeyId && c.secretAccessKey ? { credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey } } : {}),
  });
  return {
    async put(key, body, contentType) {
      await client.send(new PutObjectCommand({ Bucket: c.bucket, Key: `uploads/${key}`, Body: body, ContentType: contentType }));
    },
    async get(key) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: c.bucket, Key: `uploads/${key}` }));
        return out.Body ? Buffer.from(await out.Body.transformToByteArray()) : undefined;
      } catch (err) {
        if ((err as { name?: string }).name === 'NoSuchKey') return undefined;
        throw err;
      }
    },
  };
}

const ACCEPTED = new Set(['jpeg', 'png', 'webp']);
/**
 * The most pixels a photo may have: 40 megapixels (a phone's camera takes 12 to 50; 48 and 50 MP
 * phones save 12 MP by default). Checked on the header's width and height before decoding, and
 * again by sharp (limitInputPixels) while decoding: a small file can declare a huge image (a
 * 16000×16000 PNG of 249 KB decodes to a gigabyte).
 */
export const MAX_IMAGE_PIXELS = 40_000_000;
/** A hazard in these states takes no more photos: its loop has ended. */
const ENDED: Record<string, string> = { closed: '已销号', withdrawn: '已撤销' };
export const uploadQuerySchema = z.object({ hazardId: id }).strict();

export interface UploadDeps extends HazardRouteDeps {
  uploads: UploadStore;
  maxUploadBytes: number;
  publicUrl?: string;
}

/** The uploads path of an evidence URL of this app ("…/api/uploads/<id>"), if it is one. */
export const uploadIdOf = (url: string): string | undefined => /\/api\/uploads\/([0-9a-f-]{36})$/.exec(url)?.[1];

export function uploadRoutes(deps: UploadDeps): Router {
  const { db } = deps;
  const router = documentedRouter('/api/uploads');
  const receive = multer({ storage: multer.memoryStorage(), limits: { fileSize: deps.maxUploadBytes, files: 1, fields: 0 } }).single('photo');

  /** The hazard must be within the actor's remit (and a mail link's own item). */
  async function requireHazard(req: Request, hazardId: string) {
    const actor = actorOf(req);
    const subject = req.webSession?.subject;
    if (subject && hazardOfSubject(subject) !== hazardId) throw forbidden(`this link opens ${subject} only`);
    const view = await loadHazardView(deps, hazardId);
    if (!(await canSee(deps.db, actor, view))) throw forbidden(`hazard ${hazardId} is not within your remit`);
    return view;
  }

  router.post('/', async (req, res) => {
    const q = parse(uploadQuerySchema, req.query, 'query');
    const view = await requireHazard(req, q.hazardId);
    // Before the body is read: a hazard whose loop has ended takes no evidence.
    if (ENDED[view.status]) {
      throw new HttpError(409, 'hazard_ended', `该隐患${ENDED[view.status]}，不能再上传照片`, [{ field: 'query.hazardId', reason: `hazard ${q.hazardId} is ${view.status}` }]);
    }
    await new Promise<void>((resolve, reject) =>
      receive(req, res, (err: unknown) => {
        if (err instanceof multer.MulterError && err.code === 'LIMIT_FILE_SIZE') {
          return reject(new HttpError(413, 'payload_too_large', `照片不能超过${Math.round(deps.maxUploadBytes / 1024 / 1024)}MB`));
        }
        if (err) return reject(badRequest(`invalid upload: ${(err as Error).message}`, [{ field: 'body.photo', reason: 'one file in the field "photo"' }]));
        resolve();
      }),
    );
    const file = req.file;
    if (!file) throw badRequest('no photo uploaded', [{ field: 'body.photo', reason: 'required' }]);
    // The header only (format, width, height): nothing is decoded yet.
    const meta = await sharp(file.buffer, { limitInputPixels: false })
      .metadata()
      .catch(() => undefined);
    if (!meta?.format || !ACCEPTED.has(meta.format)) {
      throw new HttpError(415, 'unsupported_media_type', '只能上传 JPEG、PNG 或 WebP 格式的照片', [{ field: 'body.photo', reason: 'must be a JPEG, PNG or WebP image' }]);
    }
    if (!meta.width || !meta.height || meta.width * meta.height > MAX_IMAGE_PIXELS) {
      throw new HttpError(413, 'image_too_large', `照片尺寸过大（${meta.width ?? '?'}×${meta.height ?? '?'}像素），不能超过${MAX_IMAGE_PIXELS / 10_000}万像素，请缩小后重新上传`, [
        { field: 'body.photo', reason: `at most ${MAX_IMAGE_PIXELS} pixels (width × height)` },
      ]);
    }
    const uploadId = randomUUID();
    const image = sharp(file.buffer, { limitInputPixels: MAX_IMAGE_PIXELS }).rotate();
    const [full, thumb] = await Promise.all([
      image.clone().resize({ width: 2560, height: 2560, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 85 }).toBuffer({ resolveWithObject: true }),
      image.clone().resize({ width: 320, height: 320, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 75 }).toBuffer(),
    ]).catch((err: unknown) => {
      // A header that promises an image the data does not hold (truncated, corrupt).
      throw new HttpError(400, 'invalid_image', '照片文件已损坏，无法读取，请重新拍摄或选择照片', [
        { field: 'body.photo', reason: `cannot be decoded: ${err instanceof Error ? err.message : String(err)}` },
      ]);
    });
    await deps.uploads.put(uploadId, full.data, 'image/jpeg');
    await deps.uploads.put(`${uploadId}.thumb`, thumb, 'image/jpeg');
    const actor = actorOf(req);
    await db.upload.create({
      data: {
        id: uploadId,
        hazardId: q.hazardId,
        contentType: 'image/jpeg',
        size: full.info.size,
        width: full.info.width,
        height: full.info.height,
        uploadedBy: actor.unitId ? `${actor.role}:${actor.unitId}` : actor.role,
      },
    });
    const base = (deps.publicUrl ?? `${req.protocol}://${req.get('host')}`).replace(/\/$/, '');
    res
      .status(201)
      .json({ id: uploadId, url: `${base}/api/uploads/${uploadId}`, thumbnailUrl: `${base}/api/uploads/${uploadId}/thumbnail`, width: full.info.width, height: full.info.height });
  });

  async function serve(req: Request, res: import('express').Response, thumbnail: boolean) {
    const uploadId = parse(z.uuid(), req.params.id, 'params');
    const row = await db.upload.findUnique({ where: { id: uploadId } });
    if (!row) throw notFound(`upload ${uploadId} not found`);
    if (row.hazardId) await requireHazard(req, row.hazardId);
    const body = await deps.uploads.get(thumbnail ? `${uploadId}.thumb` : uploadId);
    if (!body) throw notFound(`upload ${uploadId} is missing from the store`);
    res.set('Cache-Control', 'private, max-age=86400').type(row.contentType).send(body);
  }
  router.get('/:id', (req, res) => serve(req, res, false));
  router.get('/:id/thumbnail', (req, res) => serve(req, res, true));
  return router;
}
