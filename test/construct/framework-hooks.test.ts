import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as cdktf from "cdktf";
import * as cdktn from "cdktn";
import { Construct } from "constructs";
import { frameworkOf, type Framework } from "../../lib/construct/framework";
import { cdktfFramework } from "../../lib/construct/frameworks/cdktf-adapter";
import { cdktnFramework } from "../../lib/construct/frameworks/cdktn-adapter";
import { buildFramework, type AddCustomSynthesis } from "../../lib/construct/frameworks/adapter-builder";

/**
 * What the adapters rely on in each framework, pinned so that a release that moves or changes it fails
 * here by name rather than as a missing expectations file: above all the private custom-synthesis hook
 * (`<framework>/lib/synthesize/synthesizer`), and where cdktn differs from cdktf (its aspects).
 */

let outdir: string;
beforeEach(() => {
  outdir = mkdtempSync(join(tmpdir(), "pg-ltr-hooks-"));
});
afterEach(() => rmSync(outdir, { recursive: true, force: true }));

// cdktn's classes are nominally other classes than cdktf's; only the API both have is used here.
const CASES: readonly [string, typeof cdktf, Framework][] = [
  ["cdktf", cdktf, cdktfFramework],
  ["cdktn", cdktn as unknown as typeof cdktf, cdktnFramework],
];

describe.each(CASES)("the %s adapter", (name, cdk, adapter) => {
  it(`refuses to load, naming ${name} and the module, when a release no longer has the hook`, () => {
    // What the adapter's named import gives when a release renames or drops the export.
    const missing = undefined as unknown as AddCustomSynthesis;
    expect(() => buildFramework(name, cdk, missing)).toThrow(
      `cdktf-pg-ltr: ${name}/lib/synthesize/synthesizer no longer exports addCustomSynthesis, which this ` +
        `library writes pg-ltr.expectations.json with; this release of ${name} is not supported`,
    );
  });

  it(`runs the custom-synthesis hook of ${name} once per synth, after validation, with the stack's manifest entry`, () => {
    const app = new cdk.App({ outdir });
    const stack = new cdk.TerraformStack(app, "data-platform");
    const probe = new Construct(stack, "probe");
    const seen: string[] = [];
    probe.node.addValidation({ validate: () => (seen.push("validate"), []) });
    adapter.onSynthesize(probe, (session) => {
      const entry = session.manifest.forStack(stack);
      seen.push(`write ${entry.name} in ${join(session.outdir, entry.workingDirectory)}`);
    });
    app.synth();
    expect(seen).toEqual(["validate", `write data-platform in ${join(outdir, "stacks", "data-platform")}`]);
    expect(adapter.stacksFolder).toBe("stacks");
  });

  it(`reads the aspects added with ${name}'s Aspects, and owns ${name}'s App`, () => {
    const app = new cdk.App({ outdir });
    const aspect = { visit: () => undefined };
    cdk.Aspects.of(app).add(aspect);
    expect(adapter.aspectsOf(app)).toEqual([aspect]);
    expect(frameworkOf(new Construct(app, "scope"))).toBe(adapter);
  });

  it(`resolves ${name}'s tokens to the references they hold`, () => {
    const app = new cdk.App({ outdir });
    const stack = new cdk.TerraformStack(app, "data-platform");
    const variable = new cdk.TerraformVariable(stack, "suffix", { type: "string" });
    expect(adapter.isUnresolved(variable.stringValue)).toBe(true);
    expect(adapter.isVariable(variable)).toBe(true);
    const { text, references } = adapter.resolveReferences(stack, `pg-${variable.stringValue}`);
    expect(text).toBe("pg-${var.suffix}");
    expect(references.map((r) => [r.identifier, r.originStack === stack])).toEqual([["var.suffix", true]]);
  });
});

describe("why there is one adapter per framework", () => {
  it("cdktn 0.24 keeps aspects under its own symbol: cdktf's Aspects.of() does not see them", () => {
    const app = new cdktn.App({ outdir });
    const aspect = { visit: () => undefined };
    cdktn.Aspects.of(app).add(aspect);
    expect(cdktf.Aspects.of(app as unknown as cdktf.App).all).toEqual([]);
    expect(cdktnFramework.aspectsOf(app)).toEqual([aspect]);
    expect(cdktfFramework.aspectsOf(app)).toEqual([]);
  });
});
