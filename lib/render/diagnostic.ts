import type { Style } from "./ansi-style";
import { terminalText } from "./untrusted-text";

/** What a diagnostic says, as plain text (outside text not yet escaped): a summary and detail lines ("" for a blank one). */
export interface DiagnosticText {
  readonly summary: string;
  readonly detail: readonly string[];
}

/**
 * A diagnostic framed the way Terraform frames its own, so users of `terraform plan` recognise it:
 *
 *   ╷
 *   │ Error: <summary>
 *   │
 *   │ <detail>
 *   ╵
 *
 * Summary and detail are plain text, and often quote outside text (file paths, stack names, ARM's
 * messages): their control characters are shown escaped, so no diagnostic can forge a line or send
 * an escape sequence to the terminal.
 */
export function renderDiagnostic(
  severity: "Error" | "Warning",
  summary: string,
  detail: readonly string[],
  style: Style,
): string {
  const colour = severity === "Error" ? style.red : style.yellow;
  const rule = colour("│");
  const lines = [colour("╷"), `${rule} ${style.bold(`${colour(`${severity}:`)} ${terminalText(summary)}`)}`];
  if (detail.length > 0) {
    lines.push(rule);
    for (const line of detail) lines.push(line === "" ? rule : `${rule} ${terminalText(line)}`);
  }
  lines.push(colour("╵"));
  return `${lines.join("\n")}\n`;
}
