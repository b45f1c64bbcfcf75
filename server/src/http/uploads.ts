import express, { type RequestHandler } from 'express';
import { UPLOAD_URL_PREFIX, uploadDir } from '../commands/enrich.commands.js';

/**
 * Serves uploaded artwork by its content address. Names are sha256 digests, so a file never
 * changes under its URL (cached for a year) and cannot be guessed; nothing else is served.
 */
export function uploadRoutes(dataDir: string): RequestHandler {
  const router = express.Router();
  router.use(UPLOAD_URL_PREFIX, (req, res, next) => (/^\/[0-9a-f]{64}\.(jpg|png|webp)$/.test(req.path) ? next() : res.status(404).end()));
  router.use(UPLOAD_URL_PREFIX, express.static(uploadDir(dataDir), { immutable: true, maxAge: '365d', index: false, dotfiles: 'deny', fallthrough: false }));
  return router;
}
