import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Folders of the system's temporary one for files the app writes only while it works on them
// (uploads, sample exports, an import's set-aside rows). Each is removed by whoever made it once
// done, but a process killed outright (SIGKILL, out of memory, a power cut) cannot: so each is
// named after its process, and making one first removes those of processes that no longer run.

const OWNED = /^mutubaku-[a-z]+-(\d+)-/;

/** A new folder `mutubaku-PURPOSE-PID-xxxxxx`; the caller removes it when done. */
export async function processTempFolder(purpose: string): Promise<string> {
  const parent = tmpdir();
  for (const name of await readdir(parent).catch(() => [] as string[])) {
    const pid = Number(OWNED.exec(name)?.[1]);
    if (pid > 0 && !running(pid)) await rm(join(parent, name), { recursive: true, force: true });
  }
  return mkdtemp(join(parent, `mutubaku-${purpose}-${process.pid}-`));
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, as another user.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
