import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * cdktf 0.21 (and cdktn 0.24) never runs aspects added to the App, and in an app with nothing else of this library no
 * stack support runs them either: `Aspects.of(app).add(new RequireLtrBackups())` would enforce nothing.
 * No hook of the framework runs in such an app, so the last moment this library can see it is the exit
 * of the process that synthesized: if an app synthesized to the default output folder (what `cdktf
 * synth` and `node main.js` do) while a RequireLtrBackups was never run, the process fails with what to
 * do instead. Apps that synthesize to a folder of their own choosing (tests) are left alone.
 */
const pending = new Set<object>();
const startedAt = Date.now() - process.uptime() * 1000;
let installed = false;

export const UNAPPLIED_POLICY_MESSAGE =
  "RequireLtrBackups was created but never ran: neither cdktf nor cdktn runs aspects added to the App, and nothing " +
  "else of cdktf-pg-ltr is in this app to run it. Add it to each stack (Aspects.of(stack).add(new " +
  "RequireLtrBackups(...))), or declare defaults for the fleet with new LtrBackupPolicy(app, id, { ... }), " +
  "which makes App-level aspects run in every stack";

/** Remembers a policy until it runs. */
export function trackPolicy(policy: object): void {
  pending.add(policy);
  if (installed) return;
  installed = true;
  process.once("exit", () => {
    if (pending.size === 0 || !synthesizedDefaultOutput()) return;
    process.stderr.write(`Error: ${UNAPPLIED_POLICY_MESSAGE}\n`);
    process.exitCode = 1;
  });
}

/** The policy ran (visited by cdktf, or by a stack support on behalf of the App). */
export function policyRan(policy: object): void {
  pending.delete(policy);
}

function synthesizedDefaultOutput(): boolean {
  const manifest = join(resolve(process.env.CDKTF_OUTDIR ?? "cdktf.out"), "manifest.json");
  return existsSync(manifest) && statSync(manifest).mtimeMs >= startedAt;
}
