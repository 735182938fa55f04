// write_expected.ts — regenerates tests/guest/expected/ from native runs of the built guest
// programs (run by `scripts/build_guests.sh --expect`). A program whose glibc and musl builds
// print the same gets NAME.out; otherwise NAME.glibc.out and NAME.musl.out. Also writes
// tests/guest/busybox/NAME.expected for every busybox script when the busybox fixture exists.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { busyboxPath, busyboxScriptDir, busyboxScripts, ensureBusybox, runBusyboxScriptNative } from "./busybox.ts";
import { guestBinary, guestPrograms, guestRoot, libcs } from "./guest_programs.ts";
import { hostRunsI386, runNative } from "./native.ts";

if (!hostRunsI386()) {
  console.error("write_expected: this host cannot run i386 binaries");
  process.exit(1);
}
const dir = join(guestRoot, "expected");
mkdirSync(dir, { recursive: true });
const decoder = new TextDecoder();
let problems = 0;
for (const program of guestPrograms) {
  const outputs = libcs.map((libc) => {
    const result = runNative(guestBinary(program.name, libc), program.args, {
      stdin: program.stdin,
      env: program.env,
    });
    if (result.status !== program.status || result.stderr.length !== 0) {
      console.error(`${libc}/${program.name}: status ${result.status} (want ${program.status}), ` +
        `stderr ${JSON.stringify(decoder.decode(result.stderr))}`);
      problems++;
    }
    return decoder.decode(result.stdout);
  });
  for (const file of [`${program.name}.out`, ...libcs.map((libc) => `${program.name}.${libc}.out`)])
    rmSync(join(dir, file), { force: true });
  if (outputs[0] === outputs[1]) {
    writeFileSync(join(dir, `${program.name}.out`), outputs[0]!);
    console.log(`expected/${program.name}.out`);
  } else {
    libcs.forEach((libc, i) => writeFileSync(join(dir, `${program.name}.${libc}.out`), outputs[i]!));
    console.log(`expected/${program.name}.{glibc,musl}.out (the libcs differ)`);
  }
}
const busybox = ensureBusybox();
if ("skip" in busybox) console.error(`write_expected: busybox expected outputs not regenerated: ${busybox.skip}`);
else {
  for (const script of busyboxScripts()) {
    const result = runBusyboxScriptNative(busyboxPath, script.path);
    if (result.status !== 0) {
      console.error(`busybox ${script.name}.sh: status ${result.status}`);
      problems++;
    }
    writeFileSync(join(busyboxScriptDir, `${script.name}.expected`), result.stdout);
    console.log(`busybox/${script.name}.expected`);
  }
}
if (problems > 0) {
  console.error(`write_expected: ${problems} run(s) ended unexpectedly; expected files written anyway`);
  process.exit(1);
}
