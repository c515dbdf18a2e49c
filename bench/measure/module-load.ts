import { median } from "./median";
import { runNodeChild } from "./run-child";

/**
 * Milliseconds a fresh Node process takes to `require` a module once `preload` is loaded (median of
 * `runs` processes): the price an app pays for importing it on top of what it loads anyway.
 */
export async function requireCost(modulePath: string, preload: readonly string[], runs = 3): Promise<number> {
  const script =
    `for (const m of ${JSON.stringify(preload)}) require(m);` +
    "const t = performance.now();" +
    `require(${JSON.stringify(modulePath)});` +
    "console.log(JSON.stringify(performance.now() - t));";
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push((await runNodeChild<number>("-e", [script])).report);
  return median(samples);
}
