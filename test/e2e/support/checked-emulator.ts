import type { CheckOptions } from "cdktf-pg-ltr";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "cdktf-pg-ltr/emulator";
import type { SynthesizedApp } from "./synthesize";

/** A synthesized app and an emulator over HTTPS on 127.0.0.1 (a free port), as a check of the app meets them. */
export interface CheckedEmulator {
  readonly app: SynthesizedApp;
  readonly emulator: RunningEmulator;
  /**
   * Options of `checkLtrBackups` for the app against the emulator: its cdktf.out, the emulator's URL
   * and CA, the check's instant and the token in `env` as PG_LTR_ACCESS_TOKEN; `extra` goes over them.
   */
  checkOptions(extra?: Partial<CheckOptions>): CheckOptions;
  /**
   * The environment of a `pg-ltr` child process: the emulator's CA file in NODE_EXTRA_CA_CERTS (Node
   * reads it only when it starts) and the token.
   */
  readonly processEnv: { readonly NODE_EXTRA_CA_CERTS: string; readonly PG_LTR_ACCESS_TOKEN: string };
  /** Stops the emulator, then removes the app's folder. */
  close(): Promise<void>;
}

/** `startEmulator`'s options, and what the check is given: its instant (`now`) and bearer token. */
export interface CheckedEmulatorOptions extends EmulatorOptions {
  readonly now: string;
  readonly token: string;
}

/** Starts the emulator for the app; the app's folder is removed if the emulator does not start. */
export async function startCheckedEmulator(
  app: SynthesizedApp,
  options: CheckedEmulatorOptions,
): Promise<CheckedEmulator> {
  const { now, token, ...emulatorOptions } = options;
  const emulator = await startEmulator(emulatorOptions).catch((error: unknown) => {
    app.remove();
    throw error;
  });
  return {
    app,
    emulator,
    checkOptions: (extra = {}) => ({
      outDir: app.outDir,
      endpoint: emulator.url,
      caCertificates: emulator.caCertificate,
      now,
      env: { PG_LTR_ACCESS_TOKEN: token },
      ...extra,
    }),
    processEnv: { NODE_EXTRA_CA_CERTS: emulator.caCertificatePath, PG_LTR_ACCESS_TOKEN: token },
    close: async () => {
      await emulator.close();
      app.remove();
    },
  };
}
