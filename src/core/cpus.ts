import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** Where cgroup v2 says how much CPU time this container may use. */
const CPU_MAX = '/sys/fs/cgroup/cpu.max';

/**
 * The CPUs a cgroup v2 `cpu.max` allows ("quota period" in microseconds, e.g. "150000 100000"
 * for 1.5, rounded up to whole CPUs); undefined when it sets no limit ("max …") or does not read.
 */
export function cgroupCpus(cpuMax: string): number | undefined {
  const [quota, period] = cpuMax.trim().split(/\s+/);
  if (quota === undefined || quota === 'max') return undefined;
  const allowed = Number(quota) / Number(period ?? 100_000);
  return Number.isFinite(allowed) && allowed > 0 ? Math.ceil(allowed) : undefined;
}

/**
 * The CPUs Mailroom may use: the host's, or fewer when its container's quota says so (the
 * host's count is all of the machine's, whatever a container may use of it).
 */
export function availableCpus(
  readCpuMax: () => string = () => readFileSync(CPU_MAX, 'utf8'),
  hostCpus = availableParallelism(),
): number {
  let quota: number | undefined;
  try {
    quota = cgroupCpus(readCpuMax());
  } catch {
    quota = undefined;
  }
  return Math.max(1, Math.min(hostCpus, quota ?? hostCpus));
}
