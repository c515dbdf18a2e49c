import { setFlagsFromString } from "node:v8";
import { CHECK_HEAP_GROWING_PERCENT, limitHeapGrowth } from "../../lib/cli/heap-growth";

jest.mock("node:v8", () => ({ setFlagsFromString: jest.fn() }));
const setFlags = setFlagsFromString as jest.MockedFunction<typeof setFlagsFromString>;

describe("the heap growth pg-ltr check runs with", () => {
  beforeEach(() => setFlags.mockClear());

  it("lets V8's heap grow 30 % past what is live, so peak memory follows what the check holds", () => {
    limitHeapGrowth({}, []);
    expect(setFlags).toHaveBeenCalledWith(`--heap-growing-percent=${CHECK_HEAP_GROWING_PERCENT}`);
    expect(CHECK_HEAP_GROWING_PERCENT).toBe(30);
  });

  it.each([
    ["NODE_OPTIONS", { NODE_OPTIONS: "--max-old-space-size=512 --heap-growing-percent=100" }, []],
    ["NODE_OPTIONS, spelled with underscores", { NODE_OPTIONS: "--heap_growing_percent=50" }, []],
    ["node's own flags", {}, ["--heap-growing-percent=0"]],
  ])("keeps the growth chosen in %s", (_where, env: NodeJS.ProcessEnv, execArgv: string[]) => {
    limitHeapGrowth(env, execArgv);
    expect(setFlags).not.toHaveBeenCalled();
  });

  it("still sets it when NODE_OPTIONS tunes something else", () => {
    limitHeapGrowth({ NODE_OPTIONS: "--max-old-space-size=512 --heap-growing-percentage" }, [
      "--enable-source-maps",
    ]);
    expect(setFlags).toHaveBeenCalledTimes(1);
  });
});
