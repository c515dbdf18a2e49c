import { PgLtrInputError } from "../errors/input-error";

/** Azure clouds with their resource manager and login endpoints. */
export type AzureCloudName = "AzurePublicCloud" | "AzureUSGovernment" | "AzureChinaCloud";

/** Where a cloud's resource manager and login live. */
export interface AzureCloud {
  readonly name: AzureCloudName;
  /** Origin of the resource manager, e.g. `https://management.azure.com` (no trailing slash). */
  readonly resourceManager: string;
  /** Microsoft Entra authority host that issues tokens for this cloud. */
  readonly authorityHost: string;
}

/** The clouds `--cloud` accepts, as Azure documents their endpoints. */
export const AZURE_CLOUDS: { readonly [N in AzureCloudName]: AzureCloud } = {
  AzurePublicCloud: {
    name: "AzurePublicCloud",
    resourceManager: "https://management.azure.com",
    authorityHost: "https://login.microsoftonline.com",
  },
  AzureUSGovernment: {
    name: "AzureUSGovernment",
    resourceManager: "https://management.usgovcloudapi.net",
    authorityHost: "https://login.microsoftonline.us",
  },
  AzureChinaCloud: {
    name: "AzureChinaCloud",
    resourceManager: "https://management.chinacloudapi.cn",
    authorityHost: "https://login.chinacloudapi.cn",
  },
};

/** The cloud and endpoint one check talks to. */
export interface ResolvedCloud {
  readonly cloud: AzureCloud;
  /** Resource manager base URL requests are built on: the cloud's, or `endpoint` (without trailing slash). */
  readonly endpoint: string;
  /** Origin of `endpoint`; `nextLink`s elsewhere are not followed, so the token never leaves it. */
  readonly origin: string;
  /**
   * OAuth scope of the bearer token: `scope` when given, else the cloud's resource manager plus
   * `/.default`, whatever the endpoint. A proxy, a private link or an emulator forwards to (or stands
   * in for) that resource manager, which accepts only tokens issued for its own audience.
   */
  readonly scope: string;
}

/**
 * The cloud named by `--cloud` (default AzurePublicCloud) with `--endpoint` and `--scope` applied. The
 * endpoint must be HTTPS because a bearer token is never sent over plain HTTP.
 */
export function resolveCloud(
  name: string = "AzurePublicCloud",
  endpoint?: string,
  scope?: string,
): ResolvedCloud {
  if (!Object.prototype.hasOwnProperty.call(AZURE_CLOUDS, name)) {
    throw new PgLtrInputError(
      `unknown cloud "${name}": use one of ${Object.keys(AZURE_CLOUDS).join(", ")}, or --endpoint for another resource manager`,
    );
  }
  const cloud = AZURE_CLOUDS[name as AzureCloudName];
  const base = endpoint ?? cloud.resourceManager;
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new PgLtrInputError(`the endpoint "${base}" is not a URL: pass one such as https://127.0.0.1:8443`);
  }
  if (url.protocol !== "https:") {
    throw new PgLtrInputError(
      `the endpoint "${base}" must use https://: Azure credentials are never sent over plain HTTP`,
    );
  }
  if (url.search || url.hash) {
    throw new PgLtrInputError(
      `the endpoint "${base}" must not have a query or fragment: pass the resource manager's base URL`,
    );
  }
  return {
    cloud,
    endpoint: `${url.origin}${url.pathname.replace(/\/+$/, "")}`,
    origin: url.origin,
    scope: scope === undefined ? armScope(cloud) : checkedScope(scope),
  };
}

/** The scope of tokens for a cloud's resource manager, e.g. `https://management.azure.com/.default`. */
export function armScope(cloud: AzureCloud): string {
  return `${cloud.resourceManager}/.default`;
}

/**
 * A scope as Entra takes it for the client-credentials flow: an absolute URI (the resource's
 * application ID URI) ending in `/.default`, one value without spaces.
 */
function checkedScope(scope: string): string {
  const value = scope.trim();
  let parsed: URL | undefined;
  try {
    parsed = new URL(value);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || /\s/.test(value) || !value.endsWith("/.default")) {
    throw new PgLtrInputError(
      `--scope "${scope}" is not a token scope: pass the resource's URI followed by /.default, such as https://management.azure.com/.default`,
    );
  }
  return value;
}
