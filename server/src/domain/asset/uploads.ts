import path from 'node:path';

export const UPLOAD_URL_PREFIX = '/uploads/artwork/';
/** Where uploaded artwork lives: `<data dir>/uploads/artwork/<sha256>.<ext>`, served at UPLOAD_URL_PREFIX. */
export const uploadDir = (dataDir: string) => path.join(dataDir, 'uploads', 'artwork');

const UPLOADED = new RegExp(`^${UPLOAD_URL_PREFIX}([0-9a-f]{64}\\.(?:jpg|png|webp))$`);

/** The file behind an uploaded artwork's URL, or null when the URL is not an upload. */
export function uploadedFile(dataDir: string, url: string): string | null {
  const m = UPLOADED.exec(url);
  return m ? path.join(uploadDir(dataDir), m[1]!) : null;
}
