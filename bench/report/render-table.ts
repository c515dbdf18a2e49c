import { Figure, ScenarioReport } from "./figures";

const HEADER = ["Scenario", "Figure", "Value", "Goal", "Result"] as const;

/** PASS, MISS with the gap, or empty for a figure without a goal. */
export function resultText(figure: Figure): string {
  if (!figure.goal) return "";
  return figure.goal.met ? "PASS" : `MISS by ${figure.goal.missedBy}`;
}

function rows(scenarios: readonly ScenarioReport[]): string[][] {
  return scenarios.flatMap((scenario) =>
    scenario.figures.map((figure, i) => [
      i === 0 ? scenario.title : "",
      figure.label,
      figure.value,
      figure.goal?.text ?? "",
      resultText(figure),
    ]),
  );
}

/** The figures as an aligned plain-text table for the console. */
export function renderConsoleTable(scenarios: readonly ScenarioReport[]): string {
  const all = [[...HEADER], ...rows(scenarios)];
  const widths = HEADER.map((_, c) => Math.max(...all.map((row) => [...row[c]].length)));
  const line = (row: readonly string[]): string =>
    row
      .map((cell, c) => cell + " ".repeat(widths[c] - [...cell].length))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [line(all[0]), rule, ...all.slice(1).map(line)].join("\n");
}

/** The figures as a Markdown table. */
export function renderMarkdownTable(scenarios: readonly ScenarioReport[]): string {
  const escape = (cell: string): string => cell.replace(/\|/g, "\\|");
  const line = (row: readonly string[]): string => `| ${row.map(escape).join(" | ")} |`;
  return [
    line(HEADER),
    line(HEADER.map(() => "---")),
    ...rows(scenarios).map((row) => line(row.map((cell, c) => (c === 4 && cell ? `**${cell}**` : cell)))),
  ].join("\n");
}
