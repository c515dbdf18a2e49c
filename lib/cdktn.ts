/**
 * `cdktf-pg-ltr/cdktn`: the constructs for CDK Terrain (cdktn 0.24, `@cdktn/provider-azurerm`). Same API
 * and implementation as the package root, with the cdktn adapter: aspects are read with cdktn's `Aspects`
 * and tokens resolved by cdktn. Loads neither `cdktf` nor `@cdktf/provider-azurerm`. The checker
 * (`checkLtrBackups`, `renderPlan`) reads what either framework synthesized; take it from the root.
 *
 * @module cdktf-pg-ltr/cdktn
 */
import "./construct/frameworks/cdktn-adapter";
export * from "./declaring";
