import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Metadata, OutputInfo } from 'sharp';
import { DomainError } from '../http/errors.js';

/**
 * 图文直播 photos: an upload is trusted for nothing. Its type is read from its bytes (JPEG, PNG, WebP; a
 * Content-Type that says otherwise is a lie and refused), its dimensions from its header before a pixel is
 * decoded (a decompression bomb is a few kilobytes claiming gigapixels), and what is kept is a re-encoding:
 * orientation applied, at two display widths, without any of the original's metadata (EXIF, GPS, the
 * camera's serial number, an embedded thumbnail that may still show what was cropped).
 */

/** Types accepted, by the MIME type their bytes say. */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
/** Display widths: the feed's column (and phones) and a large view to open. Never enlarged. */
export const PHOTO_WIDTHS = { small: 480, large: 1280 } as const;
export type PhotoSize = keyof typeof PHOTO_WIDTHS;
/** A side longer than this is absurd for a photo whatever the pixel count (a 1 × 10⁶ strip). */
const MAX_SIDE = 20_000;
/**
 * JPEG (mozjpeg) at this quality shows no visible loss at these widths. JPEG rather than WebP: every browser
 * and portal CMS takes it, and an EXIF reader can prove there is nothing left in it.
 */
const JPEG_QUALITY = 82;
/** A stored file's name: random (unguessable before it is published), the width, the format. */
const FILE_NAME = /^[A-Za-z0-9_-]{22}-(480|1280)\.jpg$/;

/**
 * The image libraries, loaded on the first upload: libvips and file-type cost every process start a few
 * hundred milliseconds, and most processes (and every test server) never see a photo.
 */
let imaging: Promise<{ sharp: typeof import('sharp').default; fileTypeFromBuffer: typeof import('file-type').fileTypeFromBuffer }> | undefined;
function loadImaging() {
  imaging ??= Promise.all([import('sharp'), import('file-type')]).then(([s, f]) => ({ sharp: s.default, fileTypeFromBuffer: f.fileTypeFromBuffer }));
  return imaging;
}

export interface PhotoLimits {
  maxBytes: number;
  maxPixels: number;
}

export interface EncodedPhoto {
  /** The large rendering's size, orientation applied. */
  width: number;
  height: number;
  sizes: Record<PhotoSize, { width: number; height: number; bytes: number }>;
  files: Record<PhotoSize, Buffer>;
}

/**
 * Checks an upload and re-encodes it: 415 for what is not a JPEG, PNG or WebP by its bytes (or not the
 * type the request declared), 413 for too many bytes or pixels, both before any decoding.
 */
export async function encodePhoto(body: Buffer, declaredType: string | undefined, limits: PhotoLimits): Promise<EncodedPhoto> {
  if (body.length > limits.maxBytes) throw new DomainError('payload_too_large', 'photo', 'photo_too_large', { mb: megabytes(limits.maxBytes) });
  const { sharp, fileTypeFromBuffer } = await loadImaging();
  const detected = await fileTypeFromBuffer(body);
  if (!detected || !(PHOTO_TYPES as readonly string[]).includes(detected.mime)) throw new DomainError('unsupported_media_type', 'photo', 'photo_type');
  const declared = declaredType?.split(';')[0]?.trim().toLowerCase();
  // image/jpg is what some clients send for JPEG; any other mismatch is a file pretending to be what it is not.
  if (declared && declared !== detected.mime && !(declared === 'image/jpg' && detected.mime === 'image/jpeg')) {
    throw new DomainError('unsupported_media_type', 'photo', 'photo_type_mismatch');
  }

  // metadata() reads the header only: the dimensions are known before a pixel is decoded.
  let meta: Metadata;
  try {
    meta = await sharp(body, { limitInputPixels: false }).metadata();
  } catch {
    throw new DomainError('unsupported_media_type', 'photo', 'photo_unreadable');
  }
  if (!meta.width || !meta.height) throw new DomainError('unsupported_media_type', 'photo', 'photo_unreadable');
  if (meta.width * meta.height > limits.maxPixels || meta.width > MAX_SIDE || meta.height > MAX_SIDE) {
    throw new DomainError('payload_too_large', 'photo', 'photo_pixels', { mp: Math.floor(limits.maxPixels / 1_000_000) });
  }

  try {
    // limitInputPixels again, so the decoder itself refuses a header that lied to metadata(). rotate() first:
    // the orientation is applied to the pixels, since the Orientation tag goes with the rest of the metadata
    // (sharp keeps none unless asked).
    const source = sharp(body, { limitInputPixels: limits.maxPixels, failOn: 'error' }).rotate();
    const [small, large] = await Promise.all(
      (['small', 'large'] as const).map((size) =>
        source
          .clone()
          .resize({ width: PHOTO_WIDTHS[size], withoutEnlargement: true })
          // A transparent PNG's background becomes white, as on the page, not black.
          .flatten({ background: '#ffffff' })
          .jpeg({ quality: JPEG_QUALITY, mozjpeg: true })
          .toBuffer({ resolveWithObject: true }),
      ),
    );
    const dims = (r: { data: Buffer; info: OutputInfo }) => ({ width: r.info.width, height: r.info.height, bytes: r.data.length });
    return {
      width: large!.info.width,
      height: large!.info.height,
      sizes: { small: dims(small!), large: dims(large!) },
      files: { small: small!.data, large: large!.data },
    };
  } catch {
    // A truncated or corrupt file: refused as not a readable image, the server carries on.
    throw new DomainError('unsupported_media_type', 'photo', 'photo_unreadable');
  }
}

/** A byte limit as people say it: 15 (MB), 0.4. */
export function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1).replace(/\.0$/, '');
}

/** The photo files on disk, in one folder outside the repository (LIVETEXT_PHOTO_DIR). */
export class PhotoFiles {
  constructor(private readonly dir: string) {}

  /** Writes both renderings under new random names; returns the names. */
  async save(photo: EncodedPhoto): Promise<Record<PhotoSize, string>> {
    await fs.mkdir(this.dir, { recursive: true });
    const stem = randomBytes(16).toString('base64url');
    const names = { small: `${stem}-${PHOTO_WIDTHS.small}.jpg`, large: `${stem}-${PHOTO_WIDTHS.large}.jpg` };
    // 'wx': a name is never reused, so a cached copy anywhere is always of this photo.
    await Promise.all((['small', 'large'] as const).map((s) => fs.writeFile(path.join(this.dir, names[s]), photo.files[s], { flag: 'wx' })));
    return names;
  }

  /** Removes files whose row was never written (the insert failed). */
  async remove(names: string[]): Promise<void> {
    await Promise.all(names.map((n) => (FILE_NAME.test(n) ? fs.rm(path.join(this.dir, n), { force: true }) : undefined)));
  }

  /** A stored file's bytes, or undefined for a name that is not one of ours. */
  async read(name: string): Promise<Buffer | undefined> {
    if (!FILE_NAME.test(name)) return undefined;
    try {
      return await fs.readFile(path.join(this.dir, name));
    } catch {
      return undefined;
    }
  }
}

/** Whether a string can be a stored file's name (checked before any lookup). */
export function isPhotoFileName(name: string): boolean {
  return FILE_NAME.test(name);
}
