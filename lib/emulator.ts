/**
 * `cdktf-pg-ltr/emulator`: the local emulator of Azure Resource Manager's LTR backup API (and a Microsoft
 * Entra token endpoint), for tests and demos. A subpath of its own, so that an app or a check that
 * imports the package root never loads it.
 *
 * @module cdktf-pg-ltr/emulator
 */
export { parseFaultSpec, startEmulator } from "./emulator/start-emulator";
export type * from "./emulator/start-emulator";
