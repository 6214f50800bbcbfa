import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import t from 'tap';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Run one broken plugin through the contract kit (the checks matching `grep`, or all) in its own tap process; return its TAP output. */
async function kitOutput(caseFile: string, grep?: string): Promise<{ ok: boolean; output: string }> {
  const args = [join(ROOT, 'node_modules/tap/dist/esm/run.mjs'), '--disable-coverage', '-R', 'tap', ...(grep ? [`--grep=${grep}`] : []), join(ROOT, 'test/kit/cases', caseFile)];
  try {
    const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: ROOT, timeout: 120_000 });
    return { ok: true, output: stdout };
  } catch (error) {
    return { ok: false, output: String((error as { stdout?: string }).stdout ?? error) };
  }
}

const failedChecks = (output: string) => [...output.matchAll(/^ {4}not ok \d+ - (.+?)(?: # time=.*)?$/gm)].map((m) => m[1]);

t.test('a plugin that calls another host fails the kit, naming the hosts (fetch and undici alike)', async (t) => {
  const { ok, output } = await kitOutput('calls-another-host.ts');
  t.notOk(ok, 'the kit fails');
  t.same(failedChecks(output), ['only the configured base URL is called, and no secret appears in logs, errors or API answers']);
  t.match(output, /connections to hosts other than the base URL: .*192\.0\.2\.10:9/);
  t.match(output, /192\.0\.2\.11:9/);
});

t.test('a plugin that crashes on a damaged answer fails the kit, naming the damage and the error', async (t) => {
  const { ok, output } = await kitOutput('crashes-on-damaged-answers.ts');
  t.notOk(ok, 'the kit fails');
  t.same(failedChecks(output), ['damaged answers (fields missing, null, of another type; other shapes): results or a typed error, never a crash']);
  t.match(output, /untyped errors: null: TypeError/);
  t.match(output, /results\.0\.events removed: TypeError/);
});

t.test('a push courier that trusts unsigned webhooks, or writes history for positions, fails the kit by name', async (t) => {
  const { ok, output } = await kitOutput('trusts-any-webhook.ts', '^push:');
  t.notOk(ok, 'the kit fails');
  t.same(failedChecks(output), ['push: a missing or wrong signature is refused (401) and changes nothing', 'push: a driver position adds no history, and the shipment shows it']);
  t.match(output, /no signature or credential/);
});
