/**
 * Bundles browser scripts (real TypeScript the repository's type-check and linter see) with
 * esbuild into plain IIFE scripts, in memory. Used by every demo site when its server starts.
 */
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * Bundles each entry (`name` → the `.ts` file's URL) into one script; throws unless every entry
 * produced one. `inline` also refuses a bundle that could not sit inside `<script>…</script>`.
 */
export async function bundleBrowserScripts<Name extends string>(options: {
  readonly label: string;
  readonly entries: Readonly<Record<Name, URL>>;
  readonly inline?: boolean;
}): Promise<ReadonlyMap<Name, string>> {
  const names = Object.keys(options.entries) as Name[];
  const result = await build({
    entryPoints: Object.fromEntries(names.map((name) => [name, fileURLToPath(options.entries[name])])),
    outdir: 'bundles',
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    charset: 'utf8',
    logLevel: 'silent',
    // The bundles' file comments name paths from the repository's root, wherever the server runs.
    absWorkingDir: fileURLToPath(new URL('../../', import.meta.url)),
  });
  const byName = new Map<Name, string>();
  for (const file of result.outputFiles) {
    const name = names.find((entry) => basename(file.path) === `${entry}.js`);
    if (name) byName.set(name, file.text);
  }
  for (const name of names) {
    const text = byName.get(name);
    if (text === undefined) throw new Error(`${options.label}: bundle ${name}.js is missing`);
    if (options.inline && /<\/script|<!--/i.test(text)) {
      throw new Error(`${options.label}: bundle ${name}.js cannot be inlined in a <script> element`);
    }
  }
  return byName;
}

/** Runs `make` once per process and shares its promise; a failure is forgotten so a later call retries. */
export function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | null = null;
  return () => {
    made ??= make().catch((error: unknown) => {
      made = null;
      throw error;
    });
    return made;
  };
}
