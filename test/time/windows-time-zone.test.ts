import { ianaTimeZoneFor } from "../../lib/time/windows-time-zone";

describe("Windows time zone names to IANA (CLDR windowsZones)", () => {
  it.each([
    ["W. Europe Standard Time", "Europe/Berlin"],
    ["Romance Standard Time", "Europe/Paris"],
    ["GMT Standard Time", "Europe/London"],
    ["Pacific Standard Time", "America/Los_Angeles"],
    ["India Standard Time", "Asia/Calcutta"],
    ["UTC", "Etc/UTC"],
    // The display name of the Windows zone UTC, which Azure writes and CLDR does not list.
    ["Coordinated Universal Time", "Etc/UTC"],
    // Windows compares zone ids without regard to case.
    ["w. europe standard time", "Europe/Berlin"],
  ])("maps %j to %s", (windows, iana) => {
    expect(ianaTimeZoneFor(windows)).toBe(iana);
  });

  it.each([
    "Europe/Berlin",
    "CET",
    "Central European Time",
    "W. Europe Standard Time ",
    "",
    "Nowhere Standard Time",
  ])("knows no Windows zone %j", (name) => {
    expect(ianaTimeZoneFor(name)).toBeNull();
  });
});
