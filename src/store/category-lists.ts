import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { z } from 'zod';
import { CategoryCatalog, categorySeedSchema, type CategorySeed } from '../core/categories.ts';

/**
 * The category lists in force: `categories.json` in DATA_DIR when the operator put one there
 * (IRCC changes the lists every year; an admin should not have to wait for a release), else the
 * lists shipped in seeds/. A file that is there but wrong stops the start: answering from other
 * lists than the admin meant would be worse than not answering.
 */

export const CATEGORY_LISTS_FILE = 'categories.json';

export interface CategoryLists {
  catalog: CategoryCatalog;
  /** Absolute path of the file the lists were read from. */
  file: string;
  origin: 'data-dir' | 'shipped';
}

export class CategoryListError extends Error {
  override name = 'CategoryListError';
}

/** Reads and validates one lists file; every failure is one line naming the file and the first problem. */
export function readCategoryLists(path: string): CategoryCatalog {
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CategoryListError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CategoryListError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = categorySeedSchema.safeParse(json);
  if (!parsed.success) throw new CategoryListError(`${file}: ${firstIssue(parsed.error)}`);
  try {
    return new CategoryCatalog(parsed.data);
  } catch (error) {
    throw new CategoryListError(`${file}: ${(error as Error).message}`);
  }
}

function firstIssue(error: z.ZodError<CategorySeed>): string {
  const issue = error.issues[0];
  if (!issue) return 'does not match the category list schema';
  const where = issue.path.length ? `at ${issue.path.join('.')}: ` : '';
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? 's' : ''})` : '';
  return `${where}${issue.message}${more}`;
}

/** The operator's lists in dataDir if there are some, else the shipped ones (also with no dataDir: tests, scripts). */
export function loadCategoryLists(dataDir: string | undefined, shippedDir: string): CategoryLists {
  const operatorFile = dataDir === undefined ? null : resolve(dataDir, CATEGORY_LISTS_FILE);
  if (operatorFile && existsSync(operatorFile)) return { catalog: readCategoryLists(operatorFile), file: operatorFile, origin: 'data-dir' };
  const shipped = resolve(join(shippedDir, CATEGORY_LISTS_FILE));
  return { catalog: readCategoryLists(shipped), file: shipped, origin: 'shipped' };
}
