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
  /** OAuth scope of the bearer token: the endpoint's origin plus `/.default`. */
  readonly scope: string;
}

/**
 * The cloud named by `--cloud` (default AzurePublicCloud) with `--endpoint` applied. The endpoint must
 * be HTTPS because a bearer token is never sent over plain HTTP.
 */
export function resolveCloud(name: string = "AzurePublicCloud", endpoint?: string): ResolvedCloud {
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
    scope: `${url.origin}/.default`,
  };
}
