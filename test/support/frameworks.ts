/**
 * The two frameworks the constructs are tested against. Each gives the framework's classes (cdktf 0.21 or
 * cdktn 0.24), the provider classes (deep imports, never the provider's root) and this library's entry for
 * that framework, so one test body runs against both: `describe.each(FRAMEWORKS)("%s", (framework) => ...)`.
 */
import * as cdktf from "cdktf";
import * as cdktn from "cdktn";
import { AzurermProvider as CdktfAzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { PostgresqlFlexibleServer as CdktfFlexibleServer } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server";
import { AzurermProvider as CdktnAzurermProvider } from "@cdktn/provider-azurerm/lib/provider";
import { PostgresqlFlexibleServer as CdktnFlexibleServer } from "@cdktn/provider-azurerm/lib/postgresql-flexible-server";
import { ResourceGroup as CdktfResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { ResourceGroup as CdktnResourceGroup } from "@cdktn/provider-azurerm/lib/resource-group";
import { DataAzurermPostgresqlFlexibleServer as CdktfDataFlexibleServer } from "@cdktf/provider-azurerm/lib/data-azurerm-postgresql-flexible-server";
import { DataAzurermPostgresqlFlexibleServer as CdktnDataFlexibleServer } from "@cdktn/provider-azurerm/lib/data-azurerm-postgresql-flexible-server";
import { DataAzurermResourceGroup as CdktfDataResourceGroup } from "@cdktf/provider-azurerm/lib/data-azurerm-resource-group";
import { DataAzurermResourceGroup as CdktnDataResourceGroup } from "@cdktn/provider-azurerm/lib/data-azurerm-resource-group";
import * as forCdktf from "cdktf-pg-ltr";
import * as forCdktn from "cdktf-pg-ltr/cdktn";

/** What a test needs of one framework. */
export interface FrameworkFixture {
  readonly name: "cdktf" | "cdktn";
  /** The framework's classes. */
  readonly cdk: Pick<
    typeof cdktf,
    "App" | "Aspects" | "Fn" | "TerraformResource" | "TerraformStack" | "TerraformVariable" | "Testing"
  >;
  readonly AzurermProvider: typeof CdktfAzurermProvider;
  readonly PostgresqlFlexibleServer: typeof CdktfFlexibleServer;
  readonly ResourceGroup: typeof CdktfResourceGroup;
  readonly DataAzurermPostgresqlFlexibleServer: typeof CdktfDataFlexibleServer;
  readonly DataAzurermResourceGroup: typeof CdktfDataResourceGroup;
  /** This library's entry for the framework: `cdktf-pg-ltr` or `cdktf-pg-ltr/cdktn`. */
  readonly lib: typeof forCdktn;
}

export const CDKTF: FrameworkFixture = {
  name: "cdktf",
  cdk: cdktf,
  AzurermProvider: CdktfAzurermProvider,
  PostgresqlFlexibleServer: CdktfFlexibleServer,
  ResourceGroup: CdktfResourceGroup,
  DataAzurermPostgresqlFlexibleServer: CdktfDataFlexibleServer,
  DataAzurermResourceGroup: CdktfDataResourceGroup,
  lib: forCdktf,
};

export const CDKTN: FrameworkFixture = {
  name: "cdktn",
  // cdktn's classes are cdktf's renamed, but TypeScript sees them as other (nominal) classes; the tests
  // only use the API both have, and at run time every object here is cdktn's.
  cdk: cdktn as unknown as FrameworkFixture["cdk"],
  AzurermProvider: CdktnAzurermProvider as unknown as typeof CdktfAzurermProvider,
  PostgresqlFlexibleServer: CdktnFlexibleServer as unknown as typeof CdktfFlexibleServer,
  ResourceGroup: CdktnResourceGroup as unknown as typeof CdktfResourceGroup,
  DataAzurermPostgresqlFlexibleServer: CdktnDataFlexibleServer as unknown as typeof CdktfDataFlexibleServer,
  DataAzurermResourceGroup: CdktnDataResourceGroup as unknown as typeof CdktfDataResourceGroup,
  lib: forCdktn,
};

/** For `describe.each(FRAMEWORKS)("%s", ...)`: the name is the label. */
export const FRAMEWORKS: readonly (readonly [string, FrameworkFixture])[] = [
  ["cdktf", CDKTF],
  ["cdktn", CDKTN],
];
