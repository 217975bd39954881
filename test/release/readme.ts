/**
 * The code block of README.md that follows `<!-- release:check NAME -->`:
 * the commands the README shows are the ones the checks run.
 * @throws Error when the marker or its block is missing.
 */
export function readmeBlock(readme: string, name: string): string {
  const marker = `<!-- release:check ${name} -->`;
  const at = readme.indexOf(marker);
  if (at < 0) throw new Error(`README.md has no ${marker}`);
  const match = /```[a-z]*\n([\s\S]*?)```/.exec(readme.slice(at + marker.length));
  if (!match) throw new Error(`README.md has no code block after ${marker}`);
  return match[1]!;
}
