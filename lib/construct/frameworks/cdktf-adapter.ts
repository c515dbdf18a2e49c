/**
 * The cdktf adapter: the only module of `lib/construct/` that imports `cdktf`. The package root loads it;
 * `cdktn-adapter.ts` is the same for cdktn, both built by `adapter-builder.ts` from their framework's modules.
 */
import * as cdktf from "cdktf";
// Private: not re-exported by the package root. It is the hook cdktf's own TerraformAsset writes files
// with, and no public API writes a file beside cdk.tf.json during synth. cdktf 0.21 is the last release, so
// the path cannot move under us; test/construct/framework-hooks.test.ts fails loudly if it does.
import { addCustomSynthesis } from "cdktf/lib/synthesize/synthesizer";
import { registerFramework } from "../framework";
import { buildFramework } from "./adapter-builder";

/** cdktf 0.21. */
export const cdktfFramework = buildFramework("cdktf", cdktf, addCustomSynthesis);

registerFramework(cdktfFramework);
