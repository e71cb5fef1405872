/** ANSI styling that is a no-op unless enabled: colour only on a TTY, and never with NO_COLOR set. */
export interface Style {
  readonly red: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly green: (text: string) => string;
  readonly cyan: (text: string) => string;
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

export const plainStyle: Style = { red: String, yellow: String, green: String, cyan: String, bold: String, dim: String };

export const ansiStyle: Style = {
  red: wrap(31, 39),
  yellow: wrap(33, 39),
  green: wrap(32, 39),
  cyan: wrap(36, 39),
  bold: wrap(1, 22),
  dim: wrap(2, 22),
};

/** https://no-color.org: any non-empty NO_COLOR turns colour off. */
export function useColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && !(env["NO_COLOR"] !== undefined && env["NO_COLOR"] !== "");
}
