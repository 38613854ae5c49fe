/**
 * Runs a test harness's child process: exits with `main`'s code, or with 1 and the stack on
 * stderr (which the harness reports) when it throws.
 */
export function runChild(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}
