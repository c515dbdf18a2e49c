import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ExpectationsDocument, ServerExpectations } from "../../../lib/expectations/document";

/** Writes a cdktf.out as `cdktf synth` would: manifest.json and one expectations document per stack. */
export function writeSynthOutput(
  outDir: string,
  stacks: { readonly [stack: string]: ServerExpectations[] },
): void {
  const manifest: { version: string; stacks: Record<string, unknown> } = { version: "0.21.0", stacks: {} };
  for (const [stack, servers] of Object.entries(stacks)) {
    const workingDirectory = `stacks/${stack}`;
    manifest.stacks[stack] = {
      name: stack,
      constructPath: stack,
      workingDirectory,
      synthesizedStackPath: `${workingDirectory}/cdk.tf.json`,
      annotations: [],
      dependencies: [],
    };
    const document: ExpectationsDocument = { version: 1, stack, generatedBy: "cdktf-pg-ltr test", servers };
    mkdirSync(join(outDir, workingDirectory), { recursive: true });
    writeFileSync(
      join(outDir, workingDirectory, "pg-ltr.expectations.json"),
      JSON.stringify(document, null, 2),
    );
  }
  writeFileSync(join(outDir, "manifest.json"), JSON.stringify(manifest, null, 2));
}
