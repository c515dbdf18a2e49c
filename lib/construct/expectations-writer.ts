import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { frameworkOf, FrameworkStack, SynthesisSession } from "./framework";
import {
  EXPECTATIONS_DOCUMENT_MINOR_VERSION,
  EXPECTATIONS_DOCUMENT_VERSION,
  EXPECTATIONS_FILE_NAME,
  ExpectationsDocument,
  ServerExemption,
  SourceLocation,
} from "../expectations/document";
import { generatedBy } from "../expectations/generated-by";
import { appDeclarations, mergeDeclarations } from "./app-declarations";
import type { LtrDeclaration } from "./declaration";
import type { IConstruct } from "constructs";
import { stackExemptions } from "./exempt-servers";
import { creationSiteOf } from "./source-location";

/** The expectations document of one stack: every `PostgresLtrBackups` in it, merged per server. */
export function stackDocument(
  stackName: string,
  declarations: readonly LtrDeclaration[],
  exemptions: readonly ServerExemption[] = [],
): ExpectationsDocument {
  const { servers, deferred } = mergeDeclarations(declarations);
  return {
    version: EXPECTATIONS_DOCUMENT_VERSION,
    minorVersion: EXPECTATIONS_DOCUMENT_MINOR_VERSION,
    stack: stackName,
    generatedBy: generatedBy(),
    servers,
    // Written only when there are some, so a document that needs no Terraform state reads as before.
    ...(deferred.length > 0 ? { deferredServers: deferred } : {}),
    exemptions: [...exemptions],
  };
}

/** The stack a construct belongs to, or undefined for one outside every stack (on the App). */
export function stackOf(construct: IConstruct): FrameworkStack | undefined {
  return [...construct.node.scopes].reverse().find(frameworkOf(construct).isStack);
}

/** The declarations placed in `stack` (not in stacks nested in it): its PostgresLtrBackups and the policies' defaults for its servers. */
export function stackDeclarations(stack: FrameworkStack): LtrDeclaration[] {
  const declarations: LtrDeclaration[] = [];
  for (const { declaration, problems, placement, source } of appDeclarations(stack.node.root).results) {
    if (stackOf(placement) !== stack) continue;
    // Synth skips validation only when asked to (skipValidation); an invalid declaration is still no document.
    if (!declaration) throw new Error(problems.map((p) => `[${source.node.path}] ${p}`).join("\n"));
    const declaredAt = creationSiteOf(source);
    declarations.push(declaredAt ? locatedAt(declaration, declaredAt) : declaration);
  }
  return declarations;
}

function locatedAt(declaration: LtrDeclaration, declaredAt: SourceLocation): LtrDeclaration {
  return {
    ...declaration,
    backups: declaration.backups.map((backup) => ({ ...backup, declaredAt })),
    latest: declaration.latest && { ...declaration.latest, declaredAt },
    series: declaration.series.map((series) => ({ ...series, declaredAt })),
    scheduled: declaration.scheduled.map((scheduled) => ({ ...scheduled, declaredAt })),
  };
}

const writtenStacks = new WeakSet<FrameworkStack>();

/** True once synthesis has written (or removed) the stack's document. */
export function wasWritten(stack: FrameworkStack): boolean {
  return writtenStacks.has(stack);
}

/**
 * Writes `<stack working directory>/pg-ltr.expectations.json`, next to cdk.tf.json: not a `*.tf.json`
 * (Terraform would load it) and not in the stack's "//" metadata (the CLI sends that in telemetry).
 * A stack that declares nothing and exempts nothing gets no document, and one left by an earlier synth is removed, so the
 * checker never reads expectations that are no longer declared.
 */
export function writeStackExpectations(stack: FrameworkStack, session: SynthesisSession): void {
  writtenStacks.add(stack);
  const stackManifest = session.manifest.forStack(stack);
  const directory = join(session.outdir, stackManifest.workingDirectory);
  const file = join(directory, EXPECTATIONS_FILE_NAME);
  const declarations = stackDeclarations(stack);
  const exemptions = stackExemptions(stack);
  if (declarations.length === 0 && exemptions.length === 0) {
    rmSync(file, { force: true });
  } else {
    if (!existsSync(directory)) mkdirSync(directory, { recursive: true });
    const document = stackDocument(stackManifest.name, declarations, exemptions);
    writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  }
  removeStaleDocuments(stack, session.outdir);
}

/** Documents left by an earlier synth in the folders of the app's other stacks that now declare nothing. */
function removeStaleDocuments(synthesized: FrameworkStack, outdir: string): void {
  const root = synthesized.node.root;
  const framework = frameworkOf(root);
  const declaring = new Set(appDeclarations(root).results.map((result) => stackOf(result.placement)));
  for (const stack of root.node.findAll().filter(framework.isStack)) {
    if (stack === synthesized || declaring.has(stack) || stackExemptions(stack).length > 0) continue;
    // Same layout as Manifest.forStack, without registering the stack in this session's manifest.
    rmSync(join(outdir, framework.stacksFolder, stack.node.id, EXPECTATIONS_FILE_NAME), { force: true });
  }
}
