// The two-byte (0F xx) and three-byte (0F 38 xx, 0F 3A xx) opcode maps (Intel SDM vol. 2,
// Appendix A, Tables) with MMX/SSE/SSE2/SSSE3/SSE4 rows split by mandatory prefix.

import { bySimdPrefix as simd, byMod, byRm, group, type Entry } from "./entry.ts";
import { CONDITIONS } from "./one_byte_table.ts";

const rows: [number, Entry][] = [];
const row = (opcode: number, entry: Entry): void => { rows.push([opcode, entry]); };

/** An MMX instruction whose 66-prefixed form is the SSE2 xmm version (mm/m64 vs xmm/m128). */
const mmx = (name: string): Entry => simd(`${name} Pq,Qq`, `${name} Vx,Wx`);
/** A packed/scalar single/double arithmetic row (ps, pd, ss, sd). */
const arith = (name: string): Entry => simd(`${name}ps Vx,Wx`, `${name}pd Vx,Wx`, `${name}ss Vx,Wd`, `${name}sd Vx,Wq`);
/** A ps/pd pair only. */
const packed = (name: string): Entry => simd(`${name}ps Vx,Wx`, `${name}pd Vx,Wx`);

row(0x00, group("sldt Emw", "str Emw", "lldt Ew", "ltr Ew", "verr Ew", "verw Ew", "", ""));
row(0x01, group(
  byMod("sgdtd Ms", byRm("", "vmcall", "vmlaunch", "vmresume", "vmxoff", "", "", "")),
  byMod("sidtd Ms", byRm("monitor", "mwait", "clac", "stac", "", "", "", "encls")),
  byMod("lgdtd Ms", byRm("xgetbv", "xsetbv", "", "", "vmfunc", "xend", "xtest", "enclu")),
  byMod("lidtd Ms", ""),
  "smsw Emw", byMod("", byRm("", "", "", "", "", "", "rdpkru", "wrpkru")), "lmsw Ew",
  byMod("invlpg Mb", byRm("swapgs", "rdtscp", "", "", "", "", "", "")),
));
row(0x02, "lar Gv,Emw"); row(0x03, "lsl Gv,Emw"); row(0x05, "syscall"); row(0x06, "clts"); row(0x07, "sysret");
row(0x08, "invd"); row(0x09, "wbinvd"); row(0x0b, "ud2"); row(0x0d, group("prefetch Mb", "prefetchw Mb", "", "", "", "", "", ""));
row(0x10, simd("movups Vx,Wx", "movupd Vx,Wx", "movss Vx,Wd", "movsd Vx,Wq"));
row(0x11, simd("movups Wx,Vx", "movupd Wx,Vx", "movss Wd,Vx", "movsd Wq,Vx"));
row(0x12, simd(byMod("movlps Vx,Mq", "movhlps Vx,Ux"), "movlpd Vx,Mq", "movsldup Vx,Wx", "movddup Vx,Wq"));
row(0x13, simd("movlps Mq,Vx", "movlpd Mq,Vx"));
row(0x14, packed("unpckl")); row(0x15, packed("unpckh"));
row(0x16, simd(byMod("movhps Vx,Mq", "movlhps Vx,Ux"), "movhpd Vx,Mq", "movshdup Vx,Wx"));
row(0x17, simd("movhps Mq,Vx", "movhpd Mq,Vx"));
row(0x18, group("prefetchnta Mb", "prefetcht0 Mb", "prefetcht1 Mb", "prefetcht2 Mb", "nop Ev", "nop Ev", "nop Ev", "nop Ev"));
for (const opcode of [0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1f]) row(opcode, "nop Ev");
// F3 0F 1E: CET endbr32 (FB) and rdsspd (/1, register form); SDM vol. 2 "ENDBR32", "RDSSPD".
row(0x1e, simd("nop Ev", "nop Ev",
  byMod("nop Ev", group("nop Ev", "rdsspd Rd", "nop Ev", "nop Ev", "nop Ev", "nop Ev", "nop Ev",
    byRm("nop Ev", "nop Ev", "nop Ev", "endbr32", "nop Ev", "nop Ev", "nop Ev", "nop Ev"))),
  "nop Ev"));
row(0x20, "mov Rd,Cd"); row(0x21, "mov Rd,Dd"); row(0x22, "mov Cd,Rd"); row(0x23, "mov Dd,Rd");
row(0x28, packed("mova")); row(0x29, simd("movaps Wx,Vx", "movapd Wx,Vx"));
row(0x2a, simd("cvtpi2ps Vx,Qq", "cvtpi2pd Vx,Qq", "cvtsi2ss Vx,Ed", "cvtsi2sd Vx,Ed"));
row(0x2b, simd("movntps Mx,Vx", "movntpd Mx,Vx"));
row(0x2c, simd("cvttps2pi Pq,Wq", "cvttpd2pi Pq,Wx", "cvttss2si Gd,Wd", "cvttsd2si Gd,Wq"));
row(0x2d, simd("cvtps2pi Pq,Wq", "cvtpd2pi Pq,Wx", "cvtss2si Gd,Wd", "cvtsd2si Gd,Wq"));
row(0x2e, simd("ucomiss Vx,Wd", "ucomisd Vx,Wq")); row(0x2f, simd("comiss Vx,Wd", "comisd Vx,Wq"));
row(0x30, "wrmsr"); row(0x31, "rdtsc"); row(0x32, "rdmsr"); row(0x33, "rdpmc"); row(0x34, "sysenter"); row(0x35, "sysexit");
CONDITIONS.forEach((cc, i) => {
  row(0x40 + i, `cmov${cc} Gv,Ev`);
  row(0x80 + i, `j${cc} Jz`);
  row(0x90 + i, `set${cc} Eb`);
});
row(0x50, simd("movmskps Gd,Ux", "movmskpd Gd,Ux"));
row(0x51, arith("sqrt")); row(0x52, simd("rsqrtps Vx,Wx", undefined, "rsqrtss Vx,Wd")); row(0x53, simd("rcpps Vx,Wx", undefined, "rcpss Vx,Wd"));
row(0x54, packed("and")); row(0x55, packed("andn")); row(0x56, packed("or")); row(0x57, packed("xor"));
row(0x58, arith("add")); row(0x59, arith("mul"));
row(0x5a, simd("cvtps2pd Vx,Wq", "cvtpd2ps Vx,Wx", "cvtss2sd Vx,Wd", "cvtsd2ss Vx,Wq"));
row(0x5b, simd("cvtdq2ps Vx,Wx", "cvtps2dq Vx,Wx", "cvttps2dq Vx,Wx"));
row(0x5c, arith("sub")); row(0x5d, arith("min")); row(0x5e, arith("div")); row(0x5f, arith("max"));
// MMX punpckl* read only 32 bits of memory (SDM "PUNPCKLBW"): m32 source for the mm form.
["punpcklbw", "punpcklwd", "punpckldq"].forEach((name, i) => row(0x60 + i, simd(`${name} Pq,Qd`, `${name} Vx,Wx`)));
["packsswb", "pcmpgtb", "pcmpgtw", "pcmpgtd", "packuswb",
  "punpckhbw", "punpckhwd", "punpckhdq", "packssdw"].forEach((name, i) => row(0x63 + i, mmx(name)));
row(0x6c, simd(undefined, "punpcklqdq Vx,Wx")); row(0x6d, simd(undefined, "punpckhqdq Vx,Wx"));
row(0x6e, simd("movd Pq,Ed", "movd Vx,Ed"));
row(0x6f, simd("movq Pq,Qq", "movdqa Vx,Wx", "movdqu Vx,Wx"));
row(0x70, simd("pshufw Pq,Qq,Ib", "pshufd Vx,Wx,Ib", "pshufhw Vx,Wx,Ib", "pshuflw Vx,Wx,Ib"));
/** Groups 12–14: immediate shifts of mm (no prefix) or xmm (66) registers. */
const shiftGroup = (names: readonly string[]): Entry => group(...names.map((name) =>
  name === "" ? "" : name.endsWith("dq") ? simd(undefined, `${name} Ux,Ib`) : simd(`${name} Nq,Ib`, `${name} Ux,Ib`)));
row(0x71, shiftGroup(["", "", "psrlw", "", "psraw", "", "psllw", ""]));
row(0x72, shiftGroup(["", "", "psrld", "", "psrad", "", "pslld", ""]));
row(0x73, shiftGroup(["", "", "psrlq", "psrldq", "", "", "psllq", "pslldq"]));
row(0x74, mmx("pcmpeqb")); row(0x75, mmx("pcmpeqw")); row(0x76, mmx("pcmpeqd")); row(0x77, "emms");
row(0x7e, simd("movd Ed,Pq", "movd Ed,Vx", "movq Vx,Wq"));
row(0x7f, simd("movq Qq,Pq", "movdqa Wx,Vx", "movdqu Wx,Vx"));
row(0xa0, "push/pushw fs"); row(0xa1, "pop/popw fs"); row(0xa2, "cpuid"); row(0xa3, "bt Ev,Gv");
row(0xa4, "shld Ev,Gv,Ib"); row(0xa5, "shld Ev,Gv,cl"); row(0xa8, "push/pushw gs"); row(0xa9, "pop/popw gs"); row(0xaa, "rsm");
row(0xab, "bts Ev,Gv"); row(0xac, "shrd Ev,Gv,Ib"); row(0xad, "shrd Ev,Gv,cl");
// Group 15; F3 0F AE /5 register form is CET incsspd (SDM vol. 2 "INCSSPD").
row(0xae, simd(
  group("fxsave M", "fxrstor M", "ldmxcsr Md", "stmxcsr Md", "xsave M", byMod("xrstor M", "lfence"),
    byMod("xsaveopt M", "mfence"), byMod("clflush Mb", "sfence")),
  undefined,
  group("", "", "", "", "", byMod("", "incsspd Rd"), "", "")));
row(0xaf, "imul Gv,Ev");
row(0xb0, "cmpxchg Eb,Gb"); row(0xb1, "cmpxchg Ev,Gv"); row(0xb2, "lss Gv,Mp"); row(0xb3, "btr Ev,Gv");
row(0xb4, "lfs Gv,Mp"); row(0xb5, "lgs Gv,Mp"); row(0xb6, "movzx Gv,Eb"); row(0xb7, "movzx Gv,Ew");
row(0xb8, simd(undefined, undefined, "popcnt Gv,Ev")); row(0xb9, "ud1 Gv,Ev");
row(0xba, group("", "", "", "", "bt Ev,Ib", "bts Ev,Ib", "btr Ev,Ib", "btc Ev,Ib"));
row(0xbb, "btc Ev,Gv");
row(0xbc, simd("bsf Gv,Ev", "bsf Gv,Ev", "tzcnt Gv,Ev")); row(0xbd, simd("bsr Gv,Ev", "bsr Gv,Ev", "lzcnt Gv,Ev"));
row(0xbe, "movsx Gv,Eb"); row(0xbf, "movsx Gv,Ew");
row(0xc0, "xadd Eb,Gb"); row(0xc1, "xadd Ev,Gv");
row(0xc2, simd("cmpps Vx,Wx,Cc", "cmppd Vx,Wx,Cc", "cmpss Vx,Wd,Cc", "cmpsd Vx,Wq,Cc"));
row(0xc3, "movnti Md,Gd");
row(0xc4, simd("pinsrw Pq,Ed,Ib", "pinsrw Vx,Ed,Ib")); row(0xc5, simd("pextrw Gd,Nq,Ib", "pextrw Gd,Ux,Ib"));
row(0xc6, simd("shufps Vx,Wx,Ib", "shufpd Vx,Wx,Ib"));
row(0xc7, group("", "cmpxchg8b Mq", "", "", "", "", byMod("xrstors M", "rdrand Rv"), byMod("", "rdseed Rv")));
for (let r = 0; r < 8; r++) row(0xc8 + r, "bswap Zd");
row(0xd0, simd(undefined, "addsubpd Vx,Wx", undefined, "addsubps Vx,Wx"));
["", "psrlw", "psrld", "psrlq", "paddq", "pmullw", "", "", "psubusb", "psubusw", "pminub", "pand", "paddusb", "paddusw", "pmaxub", "pandn",
  "pavgb", "psraw", "psrad", "pavgw", "pmulhuw", "pmulhw", "", "", "psubsb", "psubsw", "pminsw", "por", "paddsb", "paddsw", "pmaxsw", "pxor",
  "", "psllw", "pslld", "psllq", "pmuludq", "pmaddwd", "psadbw", "", "psubb", "psubw", "psubd", "psubq", "paddb", "paddw", "paddd", ""]
  .forEach((name, i) => { if (name !== "") row(0xd0 + i, mmx(name)); });
row(0xd6, simd(undefined, "movq Wq,Vx", "movq2dq Vx,Nq", "movdq2q Pq,Ux"));
row(0xd7, simd("pmovmskb Gd,Nq", "pmovmskb Gd,Ux"));
row(0xe6, simd(undefined, "cvttpd2dq Vx,Wx", "cvtdq2pd Vx,Wq", "cvtpd2dq Vx,Wx"));
row(0xe7, simd("movntq Mq,Pq", "movntdq Mx,Vx"));
row(0xf0, simd(undefined, undefined, undefined, "lddqu Vx,Mx"));
row(0xf7, simd("maskmovq Pq,Nq", "maskmovdqu Vx,Ux"));
row(0xff, "ud0 Gv,Ev");

/** SSSE3/SSE4.1 0F 38 rows that take mm (no prefix) or xmm (66) operands. */
const THREE_BYTE_38: Record<number, Entry> = {};
["pshufb", "phaddw", "phaddd", "phaddsw", "pmaddubsw", "phsubw", "phsubd", "phsubsw", "psignb", "psignw", "psignd", "pmulhrsw"]
  .forEach((name, i) => { THREE_BYTE_38[i] = mmx(name); });
THREE_BYTE_38[0x1c] = mmx("pabsb"); THREE_BYTE_38[0x1d] = mmx("pabsw"); THREE_BYTE_38[0x1e] = mmx("pabsd");
const sse41 = (name: string, source = "Wx"): Entry => simd(undefined, `${name} Vx,${source}`);
THREE_BYTE_38[0x17] = sse41("ptest");
["pmovsxbw Wq", "pmovsxbd Wd", "pmovsxbq Ww", "pmovsxwd Wq", "pmovsxwq Wd", "pmovsxdq Wq"].forEach((spec, i) => {
  const [name, source] = spec.split(" ");
  THREE_BYTE_38[0x20 + i] = sse41(name!, source);
  THREE_BYTE_38[0x30 + i] = sse41(name!.replace("sx", "zx"), source);
});
THREE_BYTE_38[0x28] = sse41("pmuldq"); THREE_BYTE_38[0x29] = sse41("pcmpeqq"); THREE_BYTE_38[0x2b] = sse41("packusdw");
THREE_BYTE_38[0x37] = sse41("pcmpgtq");
["pminsb", "pminsd", "pminuw", "pminud", "pmaxsb", "pmaxsd", "pmaxuw", "pmaxud", "pmulld"]
  .forEach((name, i) => { THREE_BYTE_38[0x38 + i] = sse41(name); });
THREE_BYTE_38[0xf0] = simd("movbe Gv,Mv", undefined, undefined, "crc32 Gd,Eb");
THREE_BYTE_38[0xf1] = simd("movbe Mv,Gv", undefined, undefined, "crc32 Gd,Ev");

/** SSSE3/SSE4 0F 3A rows (all take an imm8). */
const THREE_BYTE_3A: Record<number, Entry> = {
  0x08: sse41("roundps", "Wx,Ib"), 0x09: sse41("roundpd", "Wx,Ib"), 0x0a: sse41("roundss", "Wd,Ib"), 0x0b: sse41("roundsd", "Wq,Ib"),
  0x0c: sse41("blendps", "Wx,Ib"), 0x0d: sse41("blendpd", "Wx,Ib"), 0x0e: sse41("pblendw", "Wx,Ib"),
  0x0f: simd("palignr Pq,Qq,Ib", "palignr Vx,Wx,Ib"),
  0x14: simd(undefined, "pextrb Ed,Vx,Ib"), 0x16: simd(undefined, "pextrd Ed,Vx,Ib"), 0x17: simd(undefined, "extractps Ed,Vx,Ib"),
  0x20: simd(undefined, "pinsrb Vx,Ed,Ib"), 0x21: sse41("insertps", "Wd,Ib"), 0x22: simd(undefined, "pinsrd Vx,Ed,Ib"),
  0x60: sse41("pcmpestrm", "Wx,Ib"), 0x61: sse41("pcmpestri", "Wx,Ib"), 0x62: sse41("pcmpistrm", "Wx,Ib"), 0x63: sse41("pcmpistri", "Wx,Ib"),
};

function buildMap(entries: Iterable<[number, Entry]>, what: string): (Entry | undefined)[] {
  const map: (Entry | undefined)[] = new Array(256).fill(undefined);
  for (const [opcode, entry] of entries) {
    if (map[opcode] !== undefined) throw new Error(`${what}: duplicate row 0x${opcode.toString(16)}`);
    map[opcode] = entry;
  }
  return map;
}

/** The 0F map, indexed by the second opcode byte (38 and 3A escape to the maps below). */
export const TWO_BYTE_MAP: readonly (Entry | undefined)[] = buildMap(rows, "0F map");
/** The 0F 38 map, indexed by the third opcode byte. */
export const MAP_0F38: readonly (Entry | undefined)[] = buildMap(Object.entries(THREE_BYTE_38).map(([k, v]) => [Number(k), v]), "0F38 map");
/** The 0F 3A map, indexed by the third opcode byte. */
export const MAP_0F3A: readonly (Entry | undefined)[] = buildMap(Object.entries(THREE_BYTE_3A).map(([k, v]) => [Number(k), v]), "0F3A map");
