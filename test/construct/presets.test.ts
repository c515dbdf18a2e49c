import { LtrLatest, LtrSeries, type PostgresLtrBackupsProps } from "cdktf-pg-ltr";
import { CDKTN, FRAMEWORKS } from "../support/frameworks";
import { fixturesFor, synthDocument } from "./fixtures";

// The presets are plain functions, not constructs: both entries export the same ones, so the cases that
// only expand a preset run once, and the synthesis below runs under each framework.
describe("presets produce exactly the hand-written form", () => {
  it("are the same functions in cdktf-pg-ltr and cdktf-pg-ltr/cdktn", () => {
    expect(CDKTN.lib.LtrSeries).toBe(LtrSeries);
    expect(CDKTN.lib.LtrLatest).toBe(LtrLatest);
  });

  const cases: Array<[string, () => unknown, unknown]> = [
    [
      "LtrSeries.daily()",
      () => LtrSeries.daily(),
      {
        name: "daily-{yyyy}-{MM}-{dd}",
        every: "P1D",
        anchor: "2001-01-01T02:00:00Z",
        keep: 1,
        grace: "PT6H",
      },
    ],
    [
      "LtrSeries.daily({ at, keep })",
      () => LtrSeries.daily({ at: "23:30", keep: 7 }),
      {
        name: "daily-{yyyy}-{MM}-{dd}",
        every: "P1D",
        anchor: "2001-01-01T23:30:00Z",
        keep: 7,
        grace: "PT6H",
      },
    ],
    [
      "LtrSeries.weekly({ day: sunday, at, keep })",
      () => LtrSeries.weekly({ day: "sunday", at: "02:00", keep: 4 }),
      {
        name: "weekly-{yyyy}-{MM}-{dd}",
        every: "P7D",
        anchor: "2001-01-07T02:00:00Z",
        keep: 4,
        grace: "PT6H",
      },
    ],
    [
      "LtrSeries.weekly({ name, day: wednesday, grace })",
      () => LtrSeries.weekly({ name: "wk-{yyyy}{MM}{dd}", day: "wednesday", grace: "PT12H" }),
      { name: "wk-{yyyy}{MM}{dd}", every: "P7D", anchor: "2001-01-03T02:00:00Z", keep: 1, grace: "PT12H" },
    ],
    [
      "LtrSeries.monthly({ dayOfMonth, keep })",
      () => LtrSeries.monthly({ dayOfMonth: 15, keep: 12 }),
      { name: "monthly-{yyyy}-{MM}", every: "P1M", anchor: "2001-01-15T02:00:00Z", keep: 12, grace: "PT6H" },
    ],
    ["LtrLatest.daily()", () => LtrLatest.daily(), { maxAge: "P1DT6H" }],
    ["LtrLatest.weekly()", () => LtrLatest.weekly(), { maxAge: "P7DT6H" }],
    ["LtrLatest.monthly({ grace })", () => LtrLatest.monthly({ grace: "PT12H" }), { maxAge: "P1MT12H" }],
  ];

  it.each(cases)("%s", (_name, preset, handWritten) => {
    expect(preset()).toEqual(handWritten);
  });

  it("anchors every weekday in the first week of 2001, on that weekday", () => {
    const days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
    for (const [i, day] of days.entries()) {
      const anchor = new Date(LtrSeries.weekly({ day }).anchor);
      expect(anchor.getUTCDay()).toBe((i + 1) % 7);
    }
  });

  it("refuses values a preset cannot expand, naming the preset, the option and the value", () => {
    expect(() => LtrSeries.weekly({ day: "sun" as never })).toThrow(
      'LtrSeries.weekly: day "sun" must be one of monday, tuesday, wednesday, thursday, friday, saturday, sunday',
    );
    expect(() => LtrSeries.daily({ at: "2am" })).toThrow(
      'LtrSeries.daily: at "2am" must be a 24-hour UTC time such as "02:00"',
    );
    expect(() => LtrSeries.monthly({ dayOfMonth: 31 })).toThrow(
      "LtrSeries.monthly: dayOfMonth 31 must be a whole number from 1 to 28, so that every month has it",
    );
    expect(() => LtrLatest.daily({ grace: "P1D" })).toThrow(
      'LtrLatest: grace "P1D" must be an ISO 8601 duration of hours, minutes or seconds such as PT6H',
    );
  });

  it.each(FRAMEWORKS)(
    "synthesize under %s the same document as the hand-written declaration",
    (_name, framework) => {
      const { newStack, flexibleServer } = fixturesFor(framework);
      /** The document a declaration synthesizes to, so a preset is compared with what the checker reads. */
      const documentOf = (props: Omit<PostgresLtrBackupsProps, "server">): unknown => {
        const { app, stack } = newStack();
        new framework.lib.PostgresLtrBackups(stack, "orders-ltr", {
          server: flexibleServer(stack, "orders"),
          ...props,
        });
        return synthDocument(app).servers;
      };
      const preset = documentOf({
        latest: framework.lib.LtrLatest.weekly(),
        series: [
          framework.lib.LtrSeries.weekly({ day: "sunday", keep: 4 }),
          framework.lib.LtrSeries.monthly({ keep: 12 }),
        ],
      });
      const handWritten = documentOf({
        latest: { maxAge: "P7DT6H" },
        series: [
          {
            name: "weekly-{yyyy}-{MM}-{dd}",
            every: "P7D",
            anchor: "2001-01-07T02:00:00Z",
            keep: 4,
            grace: "PT6H",
          },
          {
            name: "monthly-{yyyy}-{MM}",
            every: "P1M",
            anchor: "2001-01-01T02:00:00Z",
            keep: 12,
            grace: "PT6H",
          },
        ],
      });
      expect(preset).toEqual(handWritten);
    },
  );
});
