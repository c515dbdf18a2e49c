/**
 * Whether the text plan gets ANSI colours, by the conventions users know from Terraform and
 * no-color.org: `--no-color` wins; FORCE_COLOR (as Node and chalk read it) comes next, so CI logs that
 * render colours can ask for them; then a non-empty NO_COLOR; otherwise colour only on a terminal.
 */
export function useColor(noColorFlag: boolean, env: NodeJS.ProcessEnv, isTTY: boolean | undefined): boolean {
  if (noColorFlag) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "") return force !== "0" && force !== "false";
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return isTTY === true;
}
