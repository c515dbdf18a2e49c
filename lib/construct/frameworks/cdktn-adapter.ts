/**
 * The cdktn adapter: the only module of `lib/construct/` that imports `cdktn`. `cdktf-pg-ltr/cdktn` loads
 * it; `cdktf-adapter.ts` is the same for cdktf, both built by `adapter-builder.ts` from their framework's
 * modules.
 */
import * as cdktn from "cdktn";
// Private, and cdktn's sources say so: "intended for use by the CDKTN only; 3rd party library authors
// ... should not use". No public API writes a file beside cdk.tf.json during synth, so the adapter is its
// only user; test/construct/framework-hooks.test.ts fails loudly when a cdktn release moves or changes it.
import { addCustomSynthesis } from "cdktn/lib/synthesize/synthesizer";
import { registerFramework } from "../framework";
import { buildFramework } from "./adapter-builder";

/** cdktn 0.24. */
export const cdktnFramework = buildFramework("cdktn", cdktn, addCustomSynthesis);

registerFramework(cdktnFramework);
