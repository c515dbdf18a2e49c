import type { Answer } from "../http/answer";
import { armError } from "./arm-error";

/**
 * api-versions of the LTR backup API the emulator answers, oldest first. Their operations and payloads
 * are the same; the 2026-10-01 reference differs only in the backup name rule, which the emulator
 * applies in every version (its state schema and startLtrBackup use Azure's current rule).
 */
export const SERVED_API_VERSIONS = ["2023-03-01-preview", "2024-08-01", "2025-08-01", "2026-10-01"] as const;

/** What ARM calls an api-version: a date, optionally with a suffix such as `-preview`. */
const API_VERSION_FORM = /^\d{4}-\d{2}-\d{2}(-[a-z]+)?$/i;

/** Where the request went, for ARM's wording of NoRegisteredProviderFound. */
export interface ApiVersionScope {
  /** The resource type under the namespace, e.g. `flexibleServers/ltrBackupOperations`. */
  readonly resourceType: string;
  readonly location: string;
}

/**
 * ARM's 400 for a missing, malformed or unregistered `api-version`, or undefined when the version is
 * served. ARM itself answers these before the resource provider sees the request.
 */
export function apiVersionProblem(apiVersion: string | null, scope: ApiVersionScope): Answer | undefined {
  if (apiVersion === null || apiVersion === "") {
    return armError(
      400,
      "MissingApiVersionParameter",
      "The api-version query parameter (?api-version=) is required for all requests.",
    );
  }
  if ((SERVED_API_VERSIONS as readonly string[]).includes(apiVersion.toLowerCase())) return undefined;
  if (!API_VERSION_FORM.test(apiVersion)) {
    return armError(
      400,
      "InvalidApiVersionParameter",
      `The api-version '${apiVersion}' is invalid. The supported versions are '${SERVED_API_VERSIONS.join(",")}'.`,
    );
  }
  return armError(
    400,
    "NoRegisteredProviderFound",
    `No registered resource provider found for location '${scope.location}' and API version '${apiVersion}' for type '${scope.resourceType}'. The supported api-versions are '${SERVED_API_VERSIONS.join(", ")}'. The supported locations are '${scope.location}'.`,
  );
}
