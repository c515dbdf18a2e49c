/**
 * Windows time zone names, as Azure Backup policies write `timeZone` (`W. Europe Standard Time`,
 * `Pacific Standard Time`, `UTC`), mapped to IANA zones with CLDR's windowsZones data (`windows-iana`).
 */
import { findIana, WINDOWS_TO_IANA_MAP } from "windows-iana";

/**
 * Display names Azure writes where a policy's zone is given as Windows shows it rather than by its id:
 * the portal and Microsoft's own examples write `Coordinated Universal Time`, the display name of the
 * Windows zone `UTC`, which CLDR does not list. Keyed by lower case, as Windows compares zone ids.
 */
const DISPLAY_NAMES: Readonly<Record<string, string>> = {
  "coordinated universal time": "UTC",
};

// Windows compares zone ids without regard to case (TimeZoneInfo.FindSystemTimeZoneById); CLDR spells them one way.
const byLowerCase = new Map(
  Object.values(WINDOWS_TO_IANA_MAP).map((entry) => [entry.windowsName.toLowerCase(), entry.windowsName]),
);

/**
 * The IANA zone of a Windows time zone name: CLDR's zone for the world ("001" territory), e.g.
 * `W. Europe Standard Time` → `Europe/Berlin`, `Coordinated Universal Time` → `Etc/UTC`; null for a name
 * Windows does not have.
 */
export function ianaTimeZoneFor(windowsName: string): string | null {
  if (typeof windowsName !== "string") return null;
  const lower = windowsName.toLowerCase();
  const id = byLowerCase.get(DISPLAY_NAMES[lower]?.toLowerCase() ?? lower);
  if (id === undefined) return null;
  return findIana(id)[0] ?? null;
}

/** Every Windows time zone name `ianaTimeZoneFor` knows, for "did you mean" in messages. */
export function windowsTimeZoneNames(): readonly string[] {
  return [
    ...new Set(Object.values(WINDOWS_TO_IANA_MAP).map((entry) => entry.windowsName)),
    "Coordinated Universal Time",
  ];
}
