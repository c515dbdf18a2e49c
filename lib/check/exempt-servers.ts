import { endOfIsoDate } from "../time/iso-date";
import type { StackExpectations } from "./read-cdktf-out";
import { EXEMPTION_WARNING_DAYS, type ExemptionStanding, type ExemptServer } from "./result";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The exempt servers the checked stacks recorded at synth, judged as of `now`; pure. */
export function exemptServers(stacks: readonly StackExpectations[], now: Date): ExemptServer[] {
  return stacks.flatMap(({ stack, document }) =>
    (document.exemptions ?? []).map((exemption): ExemptServer => {
      const end = exemption.expires === null ? undefined : endOfIsoDate(exemption.expires);
      const left = end === undefined ? null : end - now.getTime();
      const standing: ExemptionStanding =
        left === null
          ? "active"
          : left <= 0
            ? "expired"
            : left <= EXEMPTION_WARNING_DAYS * DAY_MS
              ? "expiring"
              : "active";
      return {
        stack,
        subject: exemption.serverName ?? exemption.address,
        constructPath: exemption.constructPath,
        address: exemption.address,
        resourceGroupName: exemption.resourceGroupName,
        serverName: exemption.serverName,
        reason: exemption.reason,
        expires: exemption.expires,
        exemptedScope: exemption.exemptedScope,
        declaredAt: exemption.declaredAt ?? null,
        standing,
        daysLeft: left === null ? null : Math.floor(left / DAY_MS),
      };
    }),
  );
}
