import type { Answer } from "../http/answer";
import { armError } from "./arm-error";

/** api-versions of the LTR backup API the emulator answers; the payloads are the same in all three. */
export const SUPPORTED_API_VERSIONS = ["2025-08-01", "2024-08-01", "2023-03-01-preview"] as const;

/** ARM's 400 for a missing or unsupported `api-version`, or undefined when the version is served. */
export function apiVersionProblem(apiVersion: string | null): Answer | undefined {
  if (apiVersion === null || apiVersion === "") {
    return armError(
      400,
      "MissingApiVersionParameter",
      "The api-version query parameter (?api-version=) is required for all requests.",
    );
  }
  if ((SUPPORTED_API_VERSIONS as readonly string[]).includes(apiVersion.toLowerCase())) return undefined;
  return armError(
    400,
    "InvalidApiVersionParameter",
    `The api-version '${apiVersion}' is invalid. The supported versions are '${SUPPORTED_API_VERSIONS.join(",")}'.`,
  );
}
