/**
 * Benches of server modules run them in a child process with the react-server condition (their
 * `server-only` imports need it); the child prints its figures as the last line of JSON. No bench
 * function of its own.
 */
import { spawnSync } from "node:child_process";

type Figures = Record<string, number | string>;

/** Runs `file --child ...args` and returns the figures it printed, or rejects with what it said. */
export function figuresOfChild(file: string, args: readonly string[]): Promise<Figures> {
  const run = spawnSync(
    process.execPath,
    [...process.execArgv, "--conditions=react-server", file, "--child", ...args],
    { encoding: "utf8", env: { ...process.env, THAW_LOG_LEVEL: "silent" }, maxBuffer: 16 * 1024 * 1024 },
  );
  const line = run.stdout.trim().split("\n").pop() ?? "";
  if (run.status !== 0 || !line.startsWith("{"))
    return Promise.reject(new Error(`bench child failed: ${run.stderr || run.stdout}`));
  return Promise.resolve(JSON.parse(line) as Figures);
}

/**
 * A bench module run by itself (`npx tsx bench/<name>.ts [arg]`): with `--child` it is the child of
 * figuresOfChild and prints its figures as the last line; otherwise it runs its bench and prints them.
 */
export function runBenchFile(
  child: (arg: string | undefined) => Promise<Figures>,
  bench: (arg: string | undefined) => Promise<Figures>,
): void {
  const [flag, arg] = process.argv.slice(2);
  const [run, print] =
    flag === "--child"
      ? [() => child(arg), (figures: Figures) => process.stdout.write(`\n${JSON.stringify(figures)}\n`)]
      : [() => bench(flag), (figures: Figures) => console.log(figures)];
  run().then(
    (figures) => {
      print(figures);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
