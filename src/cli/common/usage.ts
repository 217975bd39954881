import { type ParseArgsConfig, parseArgs } from 'node:util';

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

type Options = NonNullable<ParseArgsConfig['options']>;

/** An option as the user typed it (`-c` or `--count`) and its value, in command-line order. */
export interface GivenOption {
  name: string;
  rawName: string;
  value: string | undefined;
}

/**
 * Parse a command line and say exactly what is wrong with it.
 *
 * util.parseArgs in strict mode refuses `-s -1` as "ambiguous" and `--json=1`
 * with a message naming `-j, --json`; guessing from those texts gave "option
 * '-s' needs a value" for both. So parse leniently (a value that starts with
 * a dash is taken as the value, which is what the user meant) and check the
 * tokens here: unknown options, values given to flags, missing values,
 * stray arguments, each named as typed.
 * @param needs for each option that takes a value, what it needs ("a number of seconds").
 * @throws UsageError
 */
export function parseCommandLine(argv: string[], options: Options, needs: Record<string, string>): GivenOption[] {
  const { tokens } = parseArgs({ args: argv, options, strict: false, allowPositionals: true, tokens: true });
  const given: GivenOption[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') throw new UsageError(`unexpected argument '${token.value}'`);
    if (token.kind !== 'option') continue;
    const option = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    if (option === undefined) throw new UsageError(`unknown option '${token.rawName}'`);
    if (option.type === 'boolean' && token.value !== undefined) {
      throw new UsageError(`option '${token.rawName}' takes no value (got '${token.rawName}=${token.value}')`);
    }
    if (option.type === 'string' && token.value === undefined) {
      throw new UsageError(`option '${token.rawName}' needs a value: ${needs[token.name] ?? 'a value'}`);
    }
    given.push({ name: token.name, rawName: token.rawName, value: token.value });
  }
  return given;
}
