import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseCheckArguments } from "../../lib/cli/check-arguments";
import { parseMergeArguments } from "../../lib/cli/merge-arguments";

/**
 * The workflows of examples/github-actions are copied into other repositories as they are, so their
 * `pg-ltr` command lines must be ones this version accepts: each is taken from its `run:` step,
 * split as a shell would, and parsed by pg-ltr's own argument parsers. A renamed or removed flag
 * fails here, not in a user's CI. (No YAML parser is a dependency of this project; the steps are
 * read line by line, which these two files, written for it, allow.)
 */

const FOLDER = join(__dirname, "../../examples/github-actions");
const read = (name: string): string => readFileSync(join(FOLDER, name), "utf8");

/** What the workflows' `${{ }}` expressions and shell variables stand for on a runner. */
const EXPRESSIONS: Readonly<Record<string, string>> = {
  "matrix.shard": "2",
  "env.SHARDS": "4",
  "env.APP_DIR": "infra",
  "needs.synth.outputs.now": "2026-11-27T08:00:00Z",
};
const SHELL_VARIABLES: Readonly<Record<string, string>> = {
  GITHUB_STEP_SUMMARY: "/home/runner/work/_temp/_runner_file_commands/step_summary_1",
};

/** The commands of every `run:` step, folded (`>`) blocks joined into one line, literal (`|`) blocks line by line. */
function runCommands(workflow: string): string[] {
  const lines = workflow.split("\n");
  const commands: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const match = /^(\s*)(?:- )?run: ?(.*)$/.exec(lines[i] as string);
    if (!match) continue;
    const indent = (match[1] as string).length;
    const value = (match[2] as string).trim();
    if (value !== ">" && value !== "|" && value !== ">-" && value !== "|-") {
      commands.push(value);
      continue;
    }
    const block: string[] = [];
    while (i + 1 < lines.length) {
      const next = lines[i + 1] as string;
      if (next.trim() !== "" && next.length - next.trimStart().length <= indent) break;
      block.push(next.trim());
      i++;
    }
    const body = block.filter((line) => line !== "");
    if (value.startsWith(">")) commands.push(body.join(" "));
    else commands.push(...body);
  }
  return commands;
}

/** The words of a command line as a POSIX shell splits them: quotes removed, `$VAR` and `${{ }}` substituted. */
function shellWords(command: string): string[] {
  const substituted = command.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expression: string) => {
    const value = EXPRESSIONS[expression];
    if (value === undefined) throw new Error(`the test does not know the expression \${{ ${expression} }}`);
    return value;
  });
  const words: string[] = [];
  let word: string | null = null;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < substituted.length; i++) {
    const c = substituted[i] as string;
    if (quote === null && /\s/.test(c)) {
      if (word !== null) words.push(word);
      word = null;
      continue;
    }
    word ??= "";
    if (quote === null && (c === '"' || c === "'")) quote = c;
    else if (c === quote) quote = null;
    else if (c === "$" && quote !== "'") {
      const name = /^[A-Z_][A-Z0-9_]*/.exec(substituted.slice(i + 1))?.[0];
      if (name === undefined) throw new Error(`unexpected $ in: ${command}`);
      const value = SHELL_VARIABLES[name];
      if (value === undefined) throw new Error(`the test does not know the variable $${name}`);
      word += value;
      i += name.length;
    } else word += c;
  }
  if (quote !== null) throw new Error(`unclosed quote in: ${command}`);
  if (word !== null) words.push(word);
  return words;
}

/** The arguments after `npx pg-ltr <command>` of every step that runs it. */
function pgLtrRuns(workflow: string, command: "check" | "merge"): string[][] {
  return runCommands(workflow)
    .filter((line) => line.startsWith(`npx pg-ltr ${command} `))
    .map((line) => shellWords(line).slice(3));
}

/** The value of the first `key:` line at any depth. */
function valueOf(workflow: string, key: string): string | undefined {
  return new RegExp(`^\\s*(?:- )?${key}: *(.+?)\\s*(?:#.*)?$`, "m").exec(workflow)?.[1];
}

describe("examples/github-actions/pull-request.yml", () => {
  const workflow = read("pull-request.yml");

  it("runs on pull requests and nightly on a schedule", () => {
    const on = workflow.slice(workflow.indexOf("\non:\n"), workflow.indexOf("\npermissions:\n"));
    const keys = on.split("\n").filter((line) => /^\s*[\w-]+:/.test(line) || /^\s*- cron:/.test(line));
    expect(keys.map((line) => line.trimEnd())).toEqual([
      "on:",
      "  pull_request:",
      "  schedule:",
      expect.stringMatching(/^ {4}- cron: "(\S+ ){4}\S+"$/),
    ]);
  });

  it("asks for the permissions OIDC sign-in and the SARIF upload need, and no more", () => {
    expect(workflow).toMatch(
      /^permissions:\n {2}contents: read\n {2}id-token: write(?: #.*)?\n {2}security-events: write(?: #.*)?\n\n/m,
    );
  });

  it("synthesizes the app, then signs in to Azure with OIDC before the check", () => {
    const commands = runCommands(workflow);
    expect(commands.slice(0, 2)).toEqual(["npm ci", "npx cdktf synth"]);
    const steps = [...workflow.matchAll(/^\s*- (?:uses: (\S+)|run: )/gm)].map((m) => m[1] ?? "run");
    expect(steps).toEqual([
      "actions/checkout@v4",
      "actions/setup-node@v4",
      "run",
      "run",
      "azure/login@v2",
      "run",
      "github/codeql-action/upload-sarif@v3",
    ]);
    expect(workflow).toContain("client-id: ${{ vars.AZURE_CLIENT_ID }}");
  });

  it("runs a pg-ltr check this version accepts: annotations, SARIF and the step summary", () => {
    const runs = pgLtrRuns(workflow, "check");
    expect(runs).toHaveLength(1);
    const args = parseCheckArguments(runs[0] as string[]);
    expect(args.format).toBe("github");
    expect(args.outputs).toEqual([
      { format: "sarif", path: "pg-ltr.sarif" },
      { format: "markdown", path: SHELL_VARIABLES.GITHUB_STEP_SUMMARY },
    ]);
    expect(args.softFail).toBe(false);
  });

  it("uploads the SARIF file the check writes, even when the check failed the job", () => {
    const sarif = parseCheckArguments(pgLtrRuns(workflow, "check")[0] as string[]).outputs.find(
      (output) => output.format === "sarif",
    );
    expect(valueOf(workflow, "sarif_file")).toBe(sarif?.path);
    const upload = workflow.slice(workflow.indexOf("github/codeql-action/upload-sarif"));
    expect(valueOf(upload, "if")).toMatch(/^always\(\)/);
  });
});

describe("examples/github-actions/sharded-check.yml", () => {
  const workflow = read("sharded-check.yml");

  it("runs one pg-ltr check per shard of the matrix, each accepted by this version", () => {
    const runs = pgLtrRuns(workflow, "check");
    expect(runs).toHaveLength(1);
    const args = parseCheckArguments(runs[0] as string[]);
    expect(args.shard).toEqual({ index: 2, count: 4 });
    expect(args.now).toBe(EXPRESSIONS["needs.synth.outputs.now"]);
    expect(args.outputs).toEqual([{ format: "json", path: "ltr-shard-2.json" }]);
    // A shard with drift must not fail its job: the merge job reports the drift.
    expect(args.softFail).toBe(true);
  });

  it("has a matrix of exactly the shards it names, 1 … SHARDS", () => {
    const shards = Number(valueOf(workflow, "SHARDS"));
    expect(valueOf(workflow, "shard")).toBe(
      `[${Array.from({ length: shards }, (_, i) => i + 1).join(", ")}]`,
    );
  });

  it("merges the shards' reports with a pg-ltr merge this version accepts", () => {
    const runs = pgLtrRuns(workflow, "merge");
    expect(runs).toHaveLength(1);
    const args = parseMergeArguments(runs[0] as string[]);
    expect(args.reports).toEqual(["reports/ltr-shard-*.json"]);
    expect(args.outputs.map((output) => output.format)).toEqual(["markdown", "junit", "sarif"]);
    expect(args.softFail).toBe(false);
  });

  it("tells the merge where the app is (it reads no cdktf.out), so its SARIF names files from the repository's root", () => {
    const args = parseMergeArguments(pgLtrRuns(workflow, "merge")[0] as string[]);
    // The merge runs in the app's folder, and the SARIF upload reads the file from there.
    expect(args.sourceRoot).toBe(EXPRESSIONS["env.APP_DIR"]);
    expect(valueOf(workflow, "APP_DIR")).toBe(".");
    const sarif = args.outputs.find((output) => output.format === "sarif");
    expect(valueOf(workflow, "sarif_file")).toBe(`\${{ env.APP_DIR }}/${sarif?.path}`);
    const merge = workflow.slice(workflow.indexOf("\n  merge:\n"));
    expect(valueOf(merge, "working-directory")).toBe("${{ env.APP_DIR }}");
    expect(valueOf(merge, "path")).toBe("${{ env.APP_DIR }}/reports");
  });
});

describe("the README's CI section", () => {
  it("points at both workflows", () => {
    const readme = readFileSync(join(__dirname, "../../README.md"), "utf8");
    const ci = readme.slice(readme.indexOf("### Check them in CI"), readme.indexOf("### Use it from code"));
    for (const name of ["pull-request.yml", "sharded-check.yml"]) {
      expect(ci).toContain(`](examples/github-actions/${name})`);
    }
  });
});
