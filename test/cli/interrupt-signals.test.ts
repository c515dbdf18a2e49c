import { EventEmitter } from "node:events";
import { PassThrough } from "node:stream";
import { INTERRUPTED_EXIT_CODE, watchInterrupts } from "../../lib/cli/interrupt-signals";

describe("interrupts while a check runs (Terraform's behaviour)", () => {
  function setUp() {
    const target = new EventEmitter();
    const stderr = new PassThrough();
    const exits: number[] = [];
    const watch = watchInterrupts(stderr, (code) => exits.push(code), target as unknown as NodeJS.Process);
    const said = (): string => String(stderr.read() ?? "");
    return { target, watch, exits, said };
  }

  it.each(["SIGINT", "SIGTERM"])("stops gracefully on the first %s and says so", (signal) => {
    const { target, watch, exits, said } = setUp();
    target.emit(signal);
    expect(watch.signal.aborted).toBe(true);
    expect(exits).toEqual([]);
    expect(said()).toBe(
      "Interrupt received. Stopping the check and writing the reports; interrupt again to stop at once.\n",
    );
  });

  it("exits at once with 130 on the second", () => {
    const { target, exits } = setUp();
    target.emit("SIGINT");
    target.emit("SIGTERM");
    expect(exits).toEqual([INTERRUPTED_EXIT_CODE]);
    expect(INTERRUPTED_EXIT_CODE).toBe(130);
  });

  it("lets go of the signals once the check is over", () => {
    const { target, watch } = setUp();
    watch.dispose();
    expect(target.listenerCount("SIGINT")).toBe(0);
    expect(target.listenerCount("SIGTERM")).toBe(0);
  });
});
