import { PgLtrInputError } from "../errors/input-error";
import { didYouMean } from "../text/closest-name";

/** Azure clouds with their resource manager and login endpoints. */
export type AzureCloudName = "AzurePublicCloud" | "AzureUSGovernment" | "AzureChinaCloud";

/** The same clouds by the Azure CLI's names (`AzureCloud`) and the azurerm provider's (`public`, `usgovernment`, `china`). */
export type AzureCloudAlias = "AzureCloud" | "public" | "usgovernment" | "china";

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

/**
 * Other names of the clouds, as users copy them from elsewhere: the Azure CLI's (`az cloud list`:
 * AzureCloud, AzureUSGovernment, AzureChinaCloud) and the azurerm provider's `environment` (public,
 * usgovernment, china). Matched ignoring case.
 */
export const AZURE_CLOUD_ALIASES: { readonly [A in AzureCloudAlias]: AzureCloudName } = {
  AzureCloud: "AzurePublicCloud",
  public: "AzurePublicCloud",
  usgovernment: "AzureUSGovernment",
  china: "AzureChinaCloud",
};

/** Every name `--cloud` accepts, canonical names first. */
export const AZURE_CLOUD_NAMES: readonly string[] = [
  ...Object.keys(AZURE_CLOUDS),
  ...Object.keys(AZURE_CLOUD_ALIASES),
];

/** The cloud a canonical name or an alias stands for (case-insensitive); undefined for anything else. */
export function cloudNamed(name: string): AzureCloudName | undefined {
  const wanted = name.trim().toLowerCase();
  for (const canonical of Object.keys(AZURE_CLOUDS) as AzureCloudName[]) {
    if (canonical.toLowerCase() === wanted) return canonical;
  }
  for (const [alias, canonical] of Object.entries(AZURE_CLOUD_ALIASES)) {
    if (alias.toLowerCase() === wanted) return canonical;
  }
  return undefined;
}

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
  const canonical = cloudNamed(name);
  if (canonical === undefined) {
    throw new PgLtrInputError(
      `unknown cloud "${name}"${didYouMean(name, AZURE_CLOUD_NAMES)}: use one of ${AZURE_CLOUD_NAMES.join(", ")}, ` +
        "or --endpoint for another resource manager",
    );
  }
  const cloud = AZURE_CLOUDS[canonical];
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
