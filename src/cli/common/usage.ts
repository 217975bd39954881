/** A command line a command cannot run: exit 2 with this message and the usage. */
export class UsageError extends Error {}

/** util.parseArgs' errors, in the words of a usage line. */
export function describeParseError(err: Error & { code?: string }): string {
  const option = /'(-[^' ,]+)/.exec(err.message)?.[1];
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option '${option ?? err.message}'`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return `option '${option}' needs a value`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument '${/'([^']*)'/.exec(err.message)?.[1] ?? ''}'`;
    default:
      return err.message;
  }
}
