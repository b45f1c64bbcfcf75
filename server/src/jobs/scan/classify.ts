import path from 'node:path';

export type FileClass = 'video' | 'audio' | 'subtitle' | 'artwork' | 'nfo' | 'other';

const BY_EXTENSION: Record<string, FileClass> = Object.fromEntries(
  (
    [
      ['video', ['mkv', 'mp4', 'm4v', 'avi', 'mov', 'wmv', 'ts', 'm2ts', 'webm', 'mpg', 'mpeg', 'flv', 'ogv', 'iso']],
      ['audio', ['flac', 'mp3', 'm4a', 'aac', 'ogg', 'opus', 'wav', 'wv', 'ape', 'alac', 'dsf']],
      ['subtitle', ['srt', 'ass', 'ssa', 'sub', 'idx', 'vtt', 'sup']],
      ['artwork', ['jpg', 'jpeg', 'png', 'webp', 'tbn', 'gif']],
      ['nfo', ['nfo']],
    ] as const
  ).flatMap(([cls, exts]) => exts.map((e) => [e, cls])),
);

/** Classifies a file by its extension (case-insensitive). */
export function classifyFile(file: string): FileClass {
  const ext = path.extname(file).slice(1).toLowerCase();
  return BY_EXTENSION[ext] ?? 'other';
}
