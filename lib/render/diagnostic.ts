import type { Style } from "./ansi-style";

/**
 * A diagnostic framed the way Terraform frames its own, so users of `terraform plan` recognise it:
 *
 *   ╷
 *   │ Error: <summary>
 *   │
 *   │ <detail>
 *   ╵
 */
export function renderDiagnostic(
  severity: "Error" | "Warning",
  summary: string,
  detail: readonly string[],
  style: Style,
): string {
  const colour = severity === "Error" ? style.red : style.yellow;
  const rule = colour("│");
  const lines = [colour("╷"), `${rule} ${style.bold(`${colour(`${severity}:`)} ${summary}`)}`];
  if (detail.length > 0) {
    lines.push(rule);
    for (const line of detail) lines.push(line === "" ? rule : `${rule} ${line}`);
  }
  lines.push(colour("╵"));
  return `${lines.join("\n")}\n`;
}
