// The one module of the calendar that touches files: official notices loaded by an administrator,
// kept as validated JSON in ${MOTCUA_DATA_DIR:-./.data}/calendar-notices/<year>.json.
// A stored year replaces the built-in or drafted year for new computations (new calendar version);
// deadlines already recorded keep their version until a dossier is explicitly recomputed.

import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseYearNotice, type YearNotice } from './notice-schema';

export function noticeDirectory(env: Record<string, string | undefined> = process.env): string {
  return resolve(env.MOTCUA_DATA_DIR || './.data', 'calendar-notices');
}

/** All stored notices, validated; a broken file is an error naming the file. */
export function loadStoredNotices(directory: string): YearNotice[] {
  let files: string[];
  try {
    files = readdirSync(directory).filter((f) => /^\d{4}\.json$/.test(f));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return files.sort().map((file) => {
    try {
      return parseYearNotice(JSON.parse(readFileSync(join(directory, file), 'utf8')));
    } catch (error) {
      throw new TypeError(`${join(directory, file)}: ${(error as Error).message}`);
    }
  });
}

/** Reads a notice file, validates it, and stores it as <year>.json (atomically replacing an older one). */
export function storeNoticeFile(file: string, directory: string): { notice: YearNotice; path: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new TypeError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const notice = parseYearNotice(raw);
  mkdirSync(directory, { recursive: true });
  const path = join(directory, `${notice.year}.json`);
  writeFileSync(`${path}.tmp`, `${JSON.stringify(notice, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
  return { notice, path };
}
