// Runs a dynamic provider the way Pulumi's provider host does: the `__provider` string captured at
// registration is loaded with require-from-string in a fresh Node process, then driven by a script.
import * as pulumi from "@pulumi/pulumi";
import { execFile } from "child_process";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join, resolve } from "path";

const root = resolve(__dirname, "../..");

/** Registers resources under mocks and returns each dynamic resource's serialized provider by type token. */
export async function captureProviders(register: () => void): Promise<Map<string, string>> {
  const captured = new Map<string, string>();
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        if (typeof args.inputs.__provider === "string") captured.set(args.type, args.inputs.__provider);
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    "pocket-id-appwrite",
    "serialization",
  );
  register();
  // Serialization is asynchronous; wait until the registrations have flushed.
  for (let i = 0; i < 50 && captured.size === 0; i++) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 500));
  return captured;
}

/**
 * Executes `script` in a new Node process with `provider` bound to the deserialized provider and
 * `input` to the given JSON value; the script's return value comes back as JSON.
 */
export async function runInFreshNode<T>(providerString: string, script: string, input: unknown): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "pia-provider-"));
  const providerFile = join(dir, "provider.js");
  writeFileSync(providerFile, providerString);
  const driver = `
    const fs = require("fs");
    const requireFromString = require("require-from-string");
    const provider = requireFromString(fs.readFileSync(${JSON.stringify(providerFile)}, "utf8")).handler();
    const input = JSON.parse(process.env.PROVIDER_INPUT);
    (async () => { ${script} })().then(
      (result) => { process.stdout.write(JSON.stringify({ ok: true, result })); },
      (err) => { process.stdout.write(JSON.stringify({ ok: false, error: String(err && err.message || err) })); },
    );`;
  const stdout = await new Promise<string>((res, rej) =>
    execFile(
      process.execPath,
      ["-e", driver],
      {
        cwd: root,
        env: { ...process.env, PROVIDER_INPUT: JSON.stringify(input), NODE_PATH: join(root, "node_modules") },
        timeout: 60_000,
      },
      (err, out, errOut) => (err ? rej(new Error(`${err.message}\n${errOut}`)) : res(out)),
    ),
  );
  const parsed = JSON.parse(stdout) as { ok: boolean; result?: T; error?: string };
  if (!parsed.ok) throw new Error(`provider script failed: ${parsed.error}`);
  return parsed.result as T;
}
