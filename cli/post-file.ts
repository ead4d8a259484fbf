import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseDocument } from 'yaml';
import { InvalidInputError } from '../functions/domain/errors.js';

/**
 * Reads a post from a JSON or YAML file (by extension; other names are tried as JSON, then
 * YAML). A file that cannot be read or parsed is reported as a problem of the field `file`.
 *
 * @example
 * ```ts
 * const detail = await readPostFile('posts/spring-launch.yaml');
 * ```
 */
export async function readPostFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InvalidInputError(
      [{ field: 'file', rule: 'readable', message: `cannot read ${path}${code ? ` (${code})` : ''}` }],
      { cause: error },
    );
  }
  const extension = extname(path).toLowerCase();
  if (extension === '.json') return parseJson(text, path);
  if (extension === '.yaml' || extension === '.yml') return parseYaml(text, path);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return parseYaml(text, path);
  }
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InvalidInputError(
      [
        {
          field: 'file',
          rule: 'json-syntax',
          message: `${path} is not valid JSON: ${(error as Error).message}`,
        },
      ],
      { cause: error },
    );
  }
}

function parseYaml(text: string, path: string): unknown {
  const document = parseDocument(text, { prettyErrors: false });
  const [first] = document.errors;
  if (first) {
    const line = first.linePos?.[0];
    throw new InvalidInputError([
      {
        field: 'file',
        rule: 'yaml-syntax',
        message: `${path}${line ? ` line ${line.line} column ${line.col}` : ''}: ${first.code}`,
      },
    ]);
  }
  return document.toJS() as unknown;
}
