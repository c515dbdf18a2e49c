import { PACKAGE_NAME, packageVersion } from "../package-version";

/** The `generatedBy` of documents this release writes: `cdktf-pg-ltr 0.1.0`. */
export function generatedBy(): string {
  return `${PACKAGE_NAME} ${packageVersion()}`;
}
