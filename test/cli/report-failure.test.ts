import { PassThrough } from "node:stream";
import { PgLtrInputError } from "../../lib/errors/input-error";
import { reportFailure } from "../../lib/cli/report-failure";

function report(error: unknown, env: NodeJS.ProcessEnv = {}, color = false): string {
  const stream = new PassThrough();
  reportFailure(error, stream, { color, env });
  return (stream.read() as Buffer).toString("utf8");
}

describe("failure report", () => {
  it("prints a user's mistake as a Terraform-style error without a stack trace", () => {
    expect(report(new PgLtrInputError('--stack "prod" is not in cdktf.out: pass one of data-platform'))).toBe(
      '╷\n│ Error: --stack "prod" is not in cdktf.out: pass one of data-platform\n╵\n',
    );
  });

  it("prints an unexpected error as one line with a hint to report it, and its stack only with PG_LTR_DEBUG=1", () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'status')");
    const plain = report(bug);
    expect(plain).toContain(
      "│ Error: unexpected failure: Cannot read properties of undefined (reading 'status')\n",
    );
    expect(plain).toContain("This is a bug in pg-ltr; please report it with the command you ran");
    expect(plain).toContain("PG_LTR_DEBUG=1");
    expect(plain).not.toMatch(/\n│\s+at /);

    const debug = report(bug, { PG_LTR_DEBUG: "1" });
    expect(debug).toMatch(/\n│ TypeError: Cannot read properties of undefined/);
    expect(debug).toMatch(/\n│ +at /);
  });

  it("reports what was thrown even when it is not an Error", () => {
    expect(report("socket hang up")).toContain("│ Error: unexpected failure: socket hang up\n");
  });

  it("colours the frame red on a terminal", () => {
    expect(report(new PgLtrInputError("bad"), {}, true)).toContain("\u001b[31m╷\u001b[39m");
  });
});
