// Test support: builds the host x87 oracle (x87_oracle.c, gcc -m32), runs case lines through it, and
// evaluates the same lines with nk's x87 code so tests can diff the two outputs line by line.

import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { F80, FpuEnv, isNaN80 } from "../../../../core/cpu/x87/f80.ts";
import { fadd, fdiv, fmul, fsqrt, fsub } from "../../../../core/cpu/x87/arith.ts";
import {
  FpuConstant, fabs, fchs, fcom, fprem, frndint, fscale, fxam, fxtract, loadConstant,
} from "../../../../core/cpu/x87/misc_ops.ts";
import {
  Out64, fromBcd, fromFloat32, fromFloat64, fromInt32, fromInt64, toBcd, toFloat32, toFloat64, toInt,
} from "../../../../core/cpu/x87/convert.ts";
import { f2xm1, fcos, fpatan, fptan, fsin, fsincos, fyl2x, fyl2xp1 } from "../../../../core/cpu/x87/transcendental.ts";

let oraclePath: string | null | undefined;

/** Builds the oracle once per process; null when gcc -m32 is unavailable. */
export function oracle(): string | null {
  if (oraclePath !== undefined) return oraclePath;
  const dir = mkdtempSync(join(tmpdir(), "nk-x87-"));
  const out = join(dir, "x87_oracle");
  const r = spawnSync("gcc", ["-m32", "-O1", "-o", out, join(import.meta.dir, "x87_oracle.c")], { encoding: "utf8" });
  oraclePath = r.status === 0 ? out : null;
  if (oraclePath === null) console.warn("x87 oracle build failed:", r.stderr);
  return oraclePath;
}

/** Runs lines through the host oracle and returns its output lines. */
export function runOracle(lines: string[]): string[] {
  const path = oracle();
  if (!path) throw new Error("no oracle");
  const r = spawnSync(path, [], { input: lines.join("\n") + "\n", encoding: "utf8", maxBuffer: 1 << 28 });
  return r.stdout.trimEnd().split("\n");
}

export const hex20 = (v: F80): string =>
  v.se.toString(16).padStart(4, "0") + v.hi.toString(16).padStart(8, "0") + v.lo.toString(16).padStart(8, "0");

export function parse80(h: string): F80 {
  return new F80(parseInt(h.slice(0, 4), 16), parseInt(h.slice(4, 12), 16), parseInt(h.slice(12, 20), 16));
}

const INDEFINITE = "ffffc000000000000000";
const ONE = "3fff8000000000000000";
const constants: Record<string, FpuConstant> = {
  ld1: FpuConstant.One, ldl2t: FpuConstant.Log2Ten, ldl2e: FpuConstant.Log2E, ldpi: FpuConstant.Pi,
  ldlg2: FpuConstant.Log10Two, ldln2: FpuConstant.LnTwo, ldz: FpuConstant.Zero,
};

const env = new FpuEnv();
const r0 = new F80(), r1 = new F80();
const bcd = new Uint8Array(10);

/** Formats memory bytes (little-endian, up to 10) as the oracle prints them. */
function memHex(lo: number, hi = 0, top = 0): string {
  return top.toString(16).padStart(4, "0") + (hi >>> 0).toString(16).padStart(8, "0") + (lo >>> 0).toString(16).padStart(8, "0");
}

/**
 * Evaluates one oracle line ("op cw a b") with nk's implementation, producing the oracle's output
 * format "r0 r1 sw eflags" (sw masked to C3-C0 and the exception bits, like `normalize`).
 */
export function evaluate(line: string): string {
  const [op, cwHex, ah, bh] = line.split(" ");
  env.cw = parseInt(cwHex, 16);
  env.clear();
  const a = parse80(ah), b = parse80(bh);
  let cc = 0;
  let s0 = "", s1 = INDEFINITE, fl = 0;
  const c1 = () => (env.c1 ? 0x200 : 0);
  switch (op) {
    case "add": fadd(env, r0, a, b); s1 = bh; cc = c1(); break;
    case "sub": fsub(env, r0, a, b); s1 = bh; cc = c1(); break;
    case "mul": fmul(env, r0, a, b); s1 = bh; cc = c1(); break;
    case "div": fdiv(env, r0, a, b); s1 = bh; cc = c1(); break;
    case "sqrt": fsqrt(env, r0, a); cc = c1(); break;
    case "prem": case "prem1": cc = fprem(env, r0, a, b, op === "prem1"); s1 = bh; break;
    case "rndint": frndint(env, r0, a); cc = c1(); break;
    case "scale": fscale(env, r0, a, b); s1 = bh; cc = c1(); break;
    case "xtract": fxtract(env, r1, r0, a); s1 = hex20(r1); break;
    case "com": case "ucom": case "comi": case "ucomi": {
      cc = fcom(env, a, b, op[0] === "u");
      s0 = ah; s1 = bh;
      if (op.endsWith("i")) {
        fl = (cc & 0x4000 ? 0x40 : 0) | (cc & 0x400 ? 0x04 : 0) | (cc & 0x100 ? 0x01 : 0);
        cc = 0;
      }
      break;
    }
    case "xam": cc = fxam(a, false); s0 = ah; s1 = ""; break;
    case "abs": fabs(r0, a); s1 = ""; break;
    case "chs": fchs(r0, a); s1 = ""; break;
    case "ist16": case "ist32": case "ist64": case "istt16": case "istt32": case "istt64": {
      const bits = Number(op.slice(op.length - 2)) as 16 | 32 | 64;
      toInt(env, a, bits, op.startsWith("istt"));
      s0 = memHex(Out64.lo, Out64.hi); s1 = ""; cc = op.startsWith("istt") ? 0 : c1();
      break;
    }
    case "st32": s0 = memHex(toFloat32(env, a)); s1 = ""; cc = c1(); break;
    case "st64": toFloat64(env, a); s0 = memHex(Out64.lo, Out64.hi); s1 = ""; cc = c1(); break;
    case "bst": {
      toBcd(env, a, bcd, 0);
      s0 = Array.from(bcd).reverse().map((x) => x.toString(16).padStart(2, "0")).join(""); s1 = ""; cc = c1();
      break;
    }
    case "ld32": fromFloat32(env, r0, a.lo); s1 = ""; break;
    case "ld64": fromFloat64(env, r0, a.hi, a.lo); s1 = ""; break;
    case "ild16": fromInt32(r0, (a.lo << 16) >> 16); s1 = ""; break;
    case "ild32": fromInt32(r0, a.lo | 0); s1 = ""; break;
    case "ild64": fromInt64(r0, a.hi, a.lo); s1 = ""; break;
    case "bld": {
      for (let i = 0; i < 10; i++) bcd[i] = parseInt(ah.slice(18 - 2 * i, 20 - 2 * i), 16);
      fromBcd(r0, bcd, 0); s1 = "";
      break;
    }
    case "f2xm1": f2xm1(env, r0, a); cc = c1(); break;
    case "yl2x": fyl2x(env, r0, a, b); cc = c1(); break;
    case "yl2xp1": fyl2xp1(env, r0, a, b); cc = c1(); break;
    case "patan": fpatan(env, r0, b, a); cc = c1(); break;
    case "ptan": cc = fptan(env, r1, a); s1 = hex20(r1); s0 = isNaN80(r1) ? s1 : ONE; if (cc & 0x400) { s0 = ah; s1 = INDEFINITE; } cc |= c1(); break;
    case "sin": cc = fsin(env, r0, a) | c1(); if (cc & 0x400) s0 = ah; break;
    case "cos": cc = fcos(env, r0, a) | c1(); if (cc & 0x400) s0 = ah; break;
    case "sincos": cc = fsincos(env, r1, r0, a); s1 = hex20(r1); if (cc & 0x400) { s0 = ah; s1 = INDEFINITE; } cc |= c1(); break;
    default:
      if (op in constants) { loadConstant(env, r0, constants[op]); s1 = ""; break; }
      throw new Error("unknown op " + op);
  }
  if (s0 === "") s0 = hex20(r0);
  return `${s0} ${s1} ${((env.flags | cc) & 0x477f).toString(16).padStart(4, "0")} ${fl.toString(16).padStart(8, "0")}`;
}

/** Masks an oracle output line like `evaluate`: sw & 0x477F, eflags & ZF|PF|CF; drops r1 for ops with one result. */
export function normalize(line: string, oracleOut: string): string {
  const op = line.split(" ")[0];
  const [s0, s1, sw, fl] = oracleOut.split(" ");
  const oneResult = ["xam", "abs", "chs", "ist16", "ist32", "ist64", "istt16", "istt32", "istt64", "st32", "st64", "bst",
    "ld32", "ld64", "ild16", "ild32", "ild64", "bld", ...Object.keys(constants)].includes(op);
  return `${s0} ${oneResult ? "" : s1} ${(parseInt(sw, 16) & 0x477f).toString(16).padStart(4, "0")} ${(parseInt(fl, 16) & 0x45).toString(16).padStart(8, "0")}`;
}
