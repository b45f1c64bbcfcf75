// Idle RSS of the all-in-one process: start `marquee start` (all roles) on a scratch space, wait
// for /ready, render one page, let it settle, sample RSS from /proc a few times, stop it. The
// baseline, in the same run, is a bare Node process doing nothing.
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuMs, freePort, scratch, sleep, waitReady } from './scratch.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const IDLE_CPU_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 30);
const rssMiB = async (pid) => Number(/VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

const space = await scratch();
const port = await freePort();
const nodeArgs = (process.env.MARQUEE_NODE_ARGS ?? '').split(' ').filter(Boolean);
const child = spawn(process.execPath, [...nodeArgs, path.join(root, 'server/dist/main/cli.js'), 'start'], { env: space.env(port), stdio: 'inherit' });
try {
  await waitReady(`http://127.0.0.1:${port}`);
  // One page render so the web handler's lazy modules are loaded, as after a first visit.
  await fetch(`http://127.0.0.1:${port}/`);
  await sleep(10_000);
  const samples = [];
  for (let i = 0; i < 5; i++) {
    samples.push(await rssMiB(child.pid));
    await sleep(1000);
  }
  samples.sort((a, b) => a - b);
  // CPU while idle: timers, polls and keep-alives only.
  const cpuBefore = await cpuMs(child.pid);
  await sleep(IDLE_CPU_SECONDS * 1000);
  const idleCpuPercent = Number((((await cpuMs(child.pid)) - cpuBefore) / (IDLE_CPU_SECONDS * 10)).toFixed(2));
  const bare = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  await sleep(2000);
  const bareMiB = await rssMiB(bare.pid);
  bare.kill();
  const result = {
    name: 'idle-rss',
    date: new Date().toISOString(),
    node: process.version,
    rssMiB: { median: samples[2], min: samples[0], max: samples[4] },
    baselineBareNodeMiB: bareMiB,
    ratioToBareNode: Number((samples[2] / bareMiB).toFixed(2)),
    idleCpuPercent,
    idleCpuSeconds: IDLE_CPU_SECONDS,
  };
  await mkdir(path.join(root, 'bench/results'), { recursive: true });
  await writeFile(path.join(root, 'bench/results/idle-rss.json'), JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify(result));
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  await space.cleanup();
}
