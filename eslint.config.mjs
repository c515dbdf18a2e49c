import js from "@eslint/js";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";

const PROVIDER_ROOT = {
  name: "@cdktf/provider-azurerm",
  message:
    "Import the resource by deep path (@cdktf/provider-azurerm/lib/<resource>): the root costs ~4 s and 400 MB.",
};

const CDKTN_PROVIDER_ROOT = {
  name: "@cdktn/provider-azurerm",
  message:
    "Import the resource by deep path (@cdktn/provider-azurerm/lib/<resource>): the root costs ~4 s and 400 MB.",
};

// A framework's private modules (cdktf/lib/..., cdktn/lib/...) only in its adapter, lib/construct/frameworks/.
const FRAMEWORK_PRIVATE = {
  group: ["cdktf/lib/**", "cdktn/lib/**"],
  message: "A framework's private modules are imported only by its adapter in lib/construct/frameworks/.",
};

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "node_modules/**",
      "**/cdktf.out/**",
      "coverage/**",
      "**/*.js",
      "**/*.mjs",
      // ajv's standalone code, written by `npm run generate`.
      "lib/schema/check-validators.generated.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-imports": [
        "error",
        {
          paths: [PROVIDER_ROOT, CDKTN_PROVIDER_ROOT],
          patterns: [FRAMEWORK_PRIVATE],
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
          paths: [PROVIDER_ROOT, CDKTN_PROVIDER_ROOT],
          patterns: [
            FRAMEWORK_PRIVATE,
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
  {
    // One source for both frameworks: the constructs see the framework only through lib/construct/framework.ts.
    files: ["lib/construct/**/*.ts"],
    ignores: ["lib/construct/frameworks/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [PROVIDER_ROOT, CDKTN_PROVIDER_ROOT],
          patterns: [
            {
              group: ["cdktf", "cdktf/**", "cdktn", "cdktn/**", "@cdktf/**", "@cdktn/**"],
              message:
                "lib/construct reaches the framework only through ./framework (adapters in lib/construct/frameworks/).",
            },
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
  {
    files: ["lib/construct/frameworks/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [PROVIDER_ROOT, CDKTN_PROVIDER_ROOT],
          patterns: [
            {
              group: ["**/check", "**/check/*", "**/check/**"],
              message: "lib/construct never imports lib/check: move the shared piece into a leaf module.",
            },
          ],
        },
      ],
    },
  },
);
