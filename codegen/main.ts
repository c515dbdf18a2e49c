/**
 * `npm run generate [-- --check] [--input FILE] [--out-dir DIR]`: reads the Azure REST API reference
 * page spec/backups-long-term-retention-get.txt and writes the JSON Schemas, the URI parameter rules and
 * the TypeScript payload types in lib/schema. With --check it writes nothing and exits 1 with a diff
 * when a committed file is not what it would write.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { parseArgs } from "node:util";
import { GeneratorError } from "./generator-error";
import { buildApiModel } from "./model/build-api-model";
import { staleFiles } from "./outputs/compare-files";
import { COMMITTED_DIRECTORY, generatedFiles, type GeneratedFile } from "./outputs/generated-files";
import { verifySchemas } from "./outputs/verify-schemas";

const REPOSITORY_ROOT = join(__dirname, "..");
const DEFAULT_INPUT = join(REPOSITORY_ROOT, "spec", "backups-long-term-retention-get.txt");

const USAGE = `Usage: npm run generate -- [--check] [--input FILE] [--out-dir DIR]

Generates lib/schema/{ltr-backup-operation.schema.json, error-response.schema.json, uri-parameters.json,
names.schema.json (the page's name rules corrected by codegen/model/arm-conventions.ts),
ltr-api.generated.ts} from the API reference page spec/backups-long-term-retention-get.txt.

Options:
  --check          Write nothing; exit 1 with a diff when a file differs from what would be written.
  --input FILE     The reference page to read (default: spec/backups-long-term-retention-get.txt).
  --out-dir DIR    Where the files are (default: lib/schema).
  -h, --help       Show this help.
`;

/** Paths as the user typed them: relative to the working directory when inside it. */
function display(path: string): string {
  const fromCwd = relative(process.cwd(), path);
  return fromCwd === "" || fromCwd.startsWith("..") || isAbsolute(fromCwd) ? path : fromCwd;
}

/** How the outputs name the page: relative to the repository, so they do not depend on the checkout's location. */
function sourceName(input: string): string {
  const fromRoot = relative(REPOSITORY_ROOT, input);
  return fromRoot.startsWith("..") || isAbsolute(fromRoot) ? input : fromRoot.split(sep).join("/");
}

async function main(argv: string[]): Promise<number> {
  let options: { check: boolean; input: string; outDir: string };
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        check: { type: "boolean", default: false },
        input: { type: "string" },
        "out-dir": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    options = {
      check: values.check ?? false,
      input: resolve(values.input ?? DEFAULT_INPUT),
      outDir: resolve(values["out-dir"] ?? COMMITTED_DIRECTORY),
    };
  } catch (error) {
    process.stderr.write(
      `Error: ${(error as Error).message}. Run "npm run generate -- --help" for the options.\n`,
    );
    return 1;
  }

  const pageText = await readFile(options.input, "utf8").catch(() => undefined);
  if (pageText === undefined) {
    process.stderr.write(
      `Error: cannot read the reference page ${display(options.input)}; pass an existing file to --input.\n`,
    );
    return 1;
  }
  let files: GeneratedFile[];
  try {
    files = await generatedFiles(buildApiModel(pageText, sourceName(options.input)));
    verifySchemas(files);
  } catch (error) {
    if (!(error instanceof GeneratorError)) throw error;
    process.stderr.write(`Error: ${display(options.input)}: ${error.message}.\n`);
    return 1;
  }

  if (options.check) {
    const stale = await staleFiles(files, options.outDir, display);
    if (stale.length === 0) {
      process.stdout.write(
        `All ${files.length} generated files in ${display(options.outDir)} are up to date.\n`,
      );
      return 0;
    }
    for (const file of stale) process.stderr.write(`${file.report}\n\n`);
    process.stderr.write(
      `Error: ${stale.map((file) => file.path).join(", ")} ${stale.length === 1 ? "is" : "are"} not what ` +
        `${display(options.input)} generates; run "npm run generate" and commit the result.\n`,
    );
    return 1;
  }

  await mkdir(options.outDir, { recursive: true });
  for (const file of files) {
    const path = join(options.outDir, file.name);
    const previous = await readFile(path, "utf8").catch(() => undefined);
    if (previous !== file.content) await writeFile(path, file.content);
    process.stdout.write(`${previous === file.content ? "unchanged" : "wrote    "} ${display(path)}\n`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Not a problem of the page but of the generator itself: the stack is what its developer needs.
    process.stderr.write(`Internal error of the generator: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
