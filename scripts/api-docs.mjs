// docs/API.md and the module pages beside it, generated from the TSDoc of the package's three entries by
// typedoc + typedoc-plugin-markdown (typedoc.json). `npm run docs` writes them; `npm run docs:check` (part
// of `npm test`) generates into a temporary folder and fails when the committed pages differ, so the
// reference never drifts from the code. The output has no dates, source links or absolute paths.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const docs = join(root, "docs");
// Pages other than API.md live in these: the root module's page and the folder of the subpaths' pages.
const GENERATED = ["API.md", "cdktf-pg-ltr.md", "cdktf-pg-ltr"];

function generate(out) {
  execFileSync(
    process.execPath,
    [
      join(root, "node_modules/typedoc/bin/typedoc"),
      "--options",
      "typedoc.json",
      "--out",
      out,
      "--logLevel",
      "Warn",
    ],
    { cwd: root, stdio: ["ignore", "inherit", "inherit"] },
  );
}

function filesUnder(folder) {
  const files = [];
  for (const top of GENERATED) {
    const path = join(folder, top);
    if (!existsSync(path)) continue;
    const walk = (p) => {
      if (!p.endsWith(".md")) {
        for (const entry of readdirSync(p).sort()) walk(join(p, entry));
      } else files.push(relative(folder, p));
    };
    walk(path);
  }
  return files.sort();
}

if (!process.argv.includes("--check")) {
  for (const top of GENERATED) rmSync(join(docs, top), { recursive: true, force: true });
  generate(docs);
} else {
  const out = mkdtempSync(join(tmpdir(), "pg-ltr-api-docs-"));
  try {
    generate(out);
    const fresh = filesUnder(out);
    const committed = filesUnder(docs);
    const stale = [...new Set([...fresh, ...committed])].filter(
      (file) =>
        !fresh.includes(file) ||
        !committed.includes(file) ||
        readFileSync(join(out, file), "utf8") !== readFileSync(join(docs, file), "utf8"),
    );
    if (stale.length > 0) {
      process.stderr.write(
        `The API reference is out of date with the TSDoc (${stale.map((f) => `docs/${f}`).join(", ")}): ` +
          "run `npm run docs` and commit docs/.\n",
      );
      process.exitCode = 1;
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
