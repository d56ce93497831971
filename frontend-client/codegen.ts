import type { CodegenConfig } from "@graphql-codegen/cli";

// Types for every operation in src/, from the API's committed schema. `npm run codegen:check` writes
// the same output to a temporary folder (CODEGEN_OUT) and fails when src/gql differs.
const out = process.env.CODEGEN_OUT ?? "src/gql/";

const config: CodegenConfig = {
  schema: "../api/schema/schema.graphql",
  documents: ["src/**/*.{ts,tsx,graphql}", "!src/gql/**/*"],
  ignoreNoDocuments: true,
  generates: {
    [out]: {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        enumsAsTypes: true,
        onlyOperationTypes: true,
        useTypeImports: true,
        skipTypename: false,
        // BigInt (64-bit sizes) arrives as a string of digits and is sent as one (a number is accepted too).
        scalars: {
          DateTime: "string",
          Decimal: "string",
          BigInt: { input: "string | number", output: "string" },
        },
      },
    },
  },
};

export default config;
