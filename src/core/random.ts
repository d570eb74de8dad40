/**
 * Seedable PRNG (xoshiro128**, seeded through splitmix32) used by every random op, so a seed gives the same
 * numbers on every backend and in every JS engine (Node, browser, Electron).
 */
export class Rng {
  private s0 = 0; private s1 = 0; private s2 = 0; private s3 = 0;
  private spare: number | null = null;

  constructor(seed: number) {
    let x = seed >>> 0 ^ Math.floor(seed / 2 ** 32) >>> 0;
    const next = () => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next(); this.s1 = next(); this.s2 = next(); this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Next uint32. */
  nextU32(): number {
    const s1 = this.s1;
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0; this.s3 ^= this.s1; this.s1 ^= this.s2; this.s0 ^= this.s3;
    this.s2 ^= t; this.s3 = rotl(this.s3, 11);
    return r;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextU32() >>> 5;
    const lo = this.nextU32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Standard normal (Marsaglia polar method). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    let u: number, v: number, s: number;
    do {
      u = this.uniform() * 2 - 1;
      v = this.uniform() * 2 - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * m;
    return u * m;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * The generator of the pair (graph seed, op seed), as TF 1.x derives an op's sequence from both: each seed is
 * mixed on its own (splitmix-style) before they are combined, so (a, b) and (b, a) give unrelated streams.
 */
export function rngFromSeeds(graphSeed: number, opSeed: number): Rng {
  const mix = (v: number, salt: number) => {
    let z = (Math.floor(v) ^ Math.floor(v / 2 ** 32) ^ salt) | 0;
    z = Math.imul(z ^ (z >>> 16), 0x7feb352d);
    z = Math.imul(z ^ (z >>> 15), 0x846ca68b);
    return (z ^ (z >>> 16)) >>> 0;
  };
  const hi = mix(graphSeed, 0x2545f491);
  const lo = mix(opSeed ^ hi, 0x9e3779b9);
  return new Rng((hi ^ Math.imul(lo, 0x9e3779b1)) >>> 0);
}

/**
 * A stream that replaces every random op's own choice of generator while set (a graph session's per-node
 * stream, or a throwaway one while a graph infers shapes). Ops ask `pickRng`.
 */
let streamOverride: Rng | null = null;

export function withRandomStream<T>(rng: Rng, fn: () => T): T {
  const prev = streamOverride;
  streamOverride = rng;
  try {
    return fn();
  } finally {
    streamOverride = prev;
  }
}

/** The generator a random op draws from: the override if any, else a fresh one for an op seed, else `global`. */
export function pickRng(seed: number | undefined, global: Rng): Rng {
  if (streamOverride) return streamOverride;
  return seed === undefined ? global : new Rng(seed);
}
