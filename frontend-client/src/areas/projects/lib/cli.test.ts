import { describe, expect, it } from "vitest";
import { cliCommands, shellQuote } from "./cli";

describe("the CLI commands of a folder", () => {
  it("quotes what a shell would split or expand", () => {
    expect(shellQuote("NightDrive")).toBe("NightDrive");
    expect(shellQuote("05 Stems")).toBe("'05 Stems'");
    expect(shellQuote("Mia's $HOME")).toBe(`'Mia'"'"'s $HOME'`);
    expect(shellQuote("")).toBe("''");
  });

  it("names the server, the project and the folder", () => {
    const commands = cliCommands("http://studio.local:8000", "Night Drive", "05 Stems");
    expect(commands.login).toBe("aiproxy login --api-url http://studio.local:8000");
    expect(commands.upload).toBe("aiproxy upload 'Night Drive' '05 Stems' .");
    expect(commands.mirror).toBe("aiproxy mirror 'Night Drive' '05 Stems' . --dry-run");
    expect(commands.download).toBe("aiproxy download 'Night Drive' '05 Stems' .");
  });
});
