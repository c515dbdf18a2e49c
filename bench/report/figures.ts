/**
 * What a scenario hands to the report: figures, some with a goal, and the analysis of any miss.
 * Goal evaluation is pure so the wording of PASS/MISS and "missed by" is tested apart from timing.
 */

export interface Goal {
  /** The goal as the issue states it, e.g. `≤ 0.5`. */
  readonly text: string;
  readonly met: boolean;
  /** By how much it was missed, e.g. `0.12 (24 %)`; empty when met. */
  readonly missedBy: string;
}

export interface Figure {
  readonly label: string;
  readonly value: string;
  readonly goal?: Goal;
}

export interface ScenarioReport {
  readonly title: string;
  /** What was run, in one or two sentences. */
  readonly setup: string;
  readonly figures: Figure[];
  /** Why a goal was missed, or notes on reading the figures; one paragraph per entry. */
  readonly analysis: string[];
}

/** Formats a number with a fixed count of decimals and thousands separators. */
export function formatNumber(value: number, decimals = 0): string {
  return value.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** A goal that `actual` must not exceed `limit`. */
export function atMost(actual: number, limit: number, unit = "", decimals = 2): Goal {
  const met = actual <= limit;
  return {
    text: `≤ ${formatNumber(limit, decimals)}${unit}`,
    met,
    missedBy: met
      ? ""
      : `${formatNumber(actual - limit, decimals)}${unit} (${relative(actual - limit, limit)})`,
  };
}

/** A goal that `actual` must reach at least `limit`. */
export function atLeast(actual: number, limit: number, unit = "", decimals = 2): Goal {
  const met = actual >= limit;
  return {
    text: `≥ ${formatNumber(limit, decimals)}${unit}`,
    met,
    missedBy: met
      ? ""
      : `${formatNumber(limit - actual, decimals)}${unit} (${relative(limit - actual, limit)})`,
  };
}

/** A goal that a count is exactly zero. */
export function none(actual: number, what: string): Goal {
  return {
    text: `0 ${what}`,
    met: actual === 0,
    missedBy: actual === 0 ? "" : `${formatNumber(actual)} ${what}`,
  };
}

function relative(gap: number, limit: number): string {
  return limit === 0 ? "the limit is 0" : `${formatNumber((gap / limit) * 100, 0)} % of the goal`;
}
