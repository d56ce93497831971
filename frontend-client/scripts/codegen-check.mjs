// Fails when src/gql is stale: regenerates into a temporary folder and compares file by file.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const committed = "src/gql";
const fresh = mkdtempSync(join(tmpdir(), "aiproxy-codegen-"));
try {
  execFileSync("npx", ["graphql-codegen", "--config", "codegen.ts", "--silent"], {
    stdio: "inherit",
    env: { ...process.env, CODEGEN_OUT: fresh + "/" },
  });
  const list = (dir) => readdirSync(dir).sort();
  const a = list(committed);
  const b = list(fresh);
  const stale = [...new Set([...a, ...b])].filter((name) => {
    if (!a.includes(name) || !b.includes(name)) return true;
    return readFileSync(join(committed, name), "utf8") !== readFileSync(join(fresh, name), "utf8");
  });
  if (stale.length) {
    console.error(`src/gql is stale (${stale.join(", ")}): run \`npm run codegen\` and commit src/gql.`);
    process.exit(1);
  }
  console.log("src/gql is up to date with ../api/schema/schema.graphql and the operations in src/.");
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
