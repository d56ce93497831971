// The `aiproxy` command-line client's commands for a folder, to copy into a terminal: projects and folders are
// named as the CLI takes them (by name), quoted for a POSIX shell.

/** `value` as one word of a POSIX shell: as it is when safe, else in single quotes. */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'"'"'`)}'`;
}

export interface CliCommands {
  login: string;
  upload: string;
  mirror: string;
  download: string;
}

/** The commands that log in to this server, upload the current directory into a folder, mirror it, download it. */
export function cliCommands(apiUrl: string, project: string, folder: string): CliCommands {
  const p = shellQuote(project);
  const f = shellQuote(folder);
  return {
    login: `aiproxy login --api-url ${shellQuote(apiUrl)}`,
    upload: `aiproxy upload ${p} ${f} .`,
    mirror: `aiproxy mirror ${p} ${f} . --dry-run`,
    download: `aiproxy download ${p} ${f} .`,
  };
}
