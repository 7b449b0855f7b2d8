// A test host of our own: a network namespace joined to this machine by a veth pair (host side
// 10.77.N.1, namespace side 10.77.N.2, N from the process id), so a participant can be cut off the
// network and restored without touching any other interface. Needs root and iproute2 (CI has both).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type TestHost = {
  hostIp: string;
  nsIp: string;
  /** An executable that runs Debian's Chromium inside the namespace (for puppeteer's executablePath). */
  chromium: string;
  /** Cuts the namespace off the network (true) or restores it (false). */
  blackout(on: boolean): void;
  remove(): void;
};

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });

export function createTestHost(): TestHost {
  const n = 10 + (process.pid % 200);
  const name = `hearing-t${n}`;
  const hostIf = `hvh${n}`;
  const nsIf = `hvn${n}`;
  const hostIp = `10.77.${n}.1`;
  const nsIp = `10.77.${n}.2`;
  const remove = () => {
    for (const args of [
      ['link', 'del', hostIf],
      ['netns', 'del', name],
    ]) {
      try {
        ip(...args);
      } catch {
        /* not there */
      }
    }
  };
  remove();
  try {
    ip('netns', 'add', name);
    ip('link', 'add', hostIf, 'type', 'veth', 'peer', 'name', nsIf);
    ip('link', 'set', nsIf, 'netns', name);
    ip('addr', 'add', `${hostIp}/24`, 'dev', hostIf);
    ip('link', 'set', hostIf, 'up');
    ip('netns', 'exec', name, 'ip', 'addr', 'add', `${nsIp}/24`, 'dev', nsIf);
    ip('netns', 'exec', name, 'ip', 'link', 'set', nsIf, 'up');
    ip('netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up');
  } catch (err) {
    remove();
    throw new Error(`could not make a network namespace (root and iproute2 are needed): ${String((err as Error).message)}`);
  }
  const chromium = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'netns-chromium-')), 'chromium');
  fs.writeFileSync(chromium, `#!/bin/sh\nexec ip netns exec ${name} /usr/bin/chromium "$@"\n`, { mode: 0o755 });
  return {
    hostIp,
    nsIp,
    chromium,
    // NOTE: the namespace's side goes down, so this machine keeps its own address (and the other participants their media).
    blackout: (on) => ip('netns', 'exec', name, 'ip', 'link', 'set', nsIf, on ? 'down' : 'up'),
    remove,
  };
}
