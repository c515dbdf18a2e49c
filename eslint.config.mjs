import js from "@eslint/js";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";

const PROVIDER_ROOT = {
  name: "@cdktf/provider-azurerm",
  message:
    "Import the resource by deep path (@cdktf/provider-azurerm/lib/<resource>): the root costs ~4 s and 400 MB.",
};

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "**/cdktf.out/**", "coverage/**", "**/*.js", "**/*.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-imports": [
        "error",
        {
          paths: [PROVIDER_ROOT],
        },
      ],
    },
  },
  {
    // Import walls of the developers' guide: the emulator, the Azure adapters and the constructs stand
    // beside the checker, not on it; what they share lives in a leaf module (lib/errors, ...).
    files: ["lib/emulator/**/*.ts", "lib/azure/**/*.ts", "lib/construct/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [PROVIDER_ROOT],
          patterns: [
            {
              group: ["**/check", "**/check/*", "**/check/**"],
              message:
                "lib/emulator, lib/azure and lib/construct never import lib/check: move the shared piece into a leaf module.",
            },
          ],
        },
      ],
    },
  },
);
