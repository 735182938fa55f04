// Paging unit tests (SDM Vol. 3 §4.3, §4.7, §4.10): 4 KiB and 4 MiB pages, U/S and R/W with
// CR0.WP, accessed/dirty bits, #PF error codes and CR2, INVLPG and global pages.
import { beforeEach, expect, test } from "bun:test";
import { Cr0, Cr4, Pte } from "../../../core/cpu/control_regs.ts";
import { flushTlb } from "../../../core/cpu/paging.ts";
import { d32, Snippet } from "./_run.ts";

const PD = 0x20000, PT0 = 0x21000, PT1 = 0x22000;
const P = Pte.P, RW = Pte.RW, US = Pte.US;
let s: Snippet;

/** Identity-maps the first 4 MiB (user, writable) and maps 4–8 MiB through PT1 (empty). */
beforeEach(() => {
  s = new Snippet();
  const mem = s.m.memory;
  for (let k = 0; k < 1024; k++) mem.write32(PT0 + k * 4, (k << 12) | P | RW | US);
  mem.write32(PD, PT0 | P | RW | US);
  mem.write32(PD + 4, PT1 | P | RW | US);
  s.cpu.cr3 = PD;
  s.cpu.cr0 |= Cr0.PG;
  flushTlb(s.cpu, true);
});

const pte = (lin: number) => s.m.memory.read32(PT1 + (((lin >>> 12) & 0x3ff) << 2));
const setPte = (lin: number, v: number) => s.m.memory.write32(PT1 + (((lin >>> 12) & 0x3ff) << 2), v);
const movToMem = (a: number) => [0xa3, ...d32(a), 0xf4]; // mov [a], eax; hlt
const movFromMem = (a: number) => [0xa1, ...d32(a), 0xf4]; // mov eax, [a]; hlt

test("paging: a 4 KiB page maps linear to physical and sets A and D", () => {
  setPte(0x400000, 0x300000 | P | RW);
  s.cpu.r32[0] = 0x12345678;
  expect(s.exec(movToMem(0x400010)).end).toBe("hlt");
  expect(s.m.memory.read32(0x300010)).toBe(0x12345678);
  expect(pte(0x400000) & (Pte.A | Pte.D)).toBe(Pte.A | Pte.D);
  expect(s.m.memory.read32(PD + 4) & Pte.A).toBe(Pte.A);
});

test("paging: a read sets A but not D", () => {
  setPte(0x401000, 0x301000 | P | RW);
  s.m.memory.write32(0x301000, 0xcafe);
  expect(s.exec(movFromMem(0x401000)).end).toBe("hlt");
  expect(s.cpu.r32[0]).toBe(0xcafe);
  expect(pte(0x401000) & (Pte.A | Pte.D)).toBe(Pte.A);
});

test("paging: not-present pages fault with error code 0 (read) / 2 (write) and set CR2", () => {
  let r = s.exec(movFromMem(0x402abc));
  expect(r).toEqual({ end: "#14", errorCode: 0 });
  expect(s.cpu.cr2 >>> 0).toBe(0x402abc);
  expect(s.cpu.eip).toBe(0x1000); // the faulting instruction restarts
  r = s.exec(movToMem(0x403004));
  expect(r).toEqual({ end: "#14", errorCode: 2 });
  expect(s.cpu.cr2 >>> 0).toBe(0x403004);
});

test("paging: supervisor writes to read-only pages succeed only while CR0.WP is clear", () => {
  setPte(0x404000, 0x304000 | P);
  expect(s.exec(movToMem(0x404000)).end).toBe("hlt");
  s.cpu.cr0 |= Cr0.WP;
  flushTlb(s.cpu, true);
  expect(s.exec(movToMem(0x404000))).toEqual({ end: "#14", errorCode: 3 });
});

test("paging: user accesses honour U/S and R/W (error codes 5 and 7)", () => {
  setPte(0x405000, 0x305000 | P | RW); // supervisor only
  setPte(0x406000, 0x306000 | P | US); // user read-only
  s.cpu.setFlatSegments(3);
  flushTlb(s.cpu, true);
  expect(s.exec([0xa1, ...d32(0x405000), 0xcc])).toEqual({ end: "#14", errorCode: 5 });
  expect(s.exec([0xa1, ...d32(0x406000), 0xcc]).end).toBe("int3");
  expect(s.exec([0xa3, ...d32(0x406000), 0xcc])).toEqual({ end: "#14", errorCode: 7 });
  expect(s.cpu.cr2 >>> 0).toBe(0x406000);
});

test("paging: a 4 MiB page (CR4.PSE) maps a whole directory entry and sets its D bit", () => {
  s.m.memory.write32(PD + 2 * 4, 0xc00000 | P | RW | Pte.PS); // 8–12 MiB → 12–16 MiB
  s.cpu.cr4 |= Cr4.PSE;
  s.cpu.r32[0] = 0x55aa;
  expect(s.exec(movToMem(0x9abcd0)).end).toBe("hlt");
  expect(s.m.memory.read32(0xc00000 + 0x1abcd0)).toBe(0x55aa);
  expect(s.m.memory.read32(PD + 8) & (Pte.A | Pte.D)).toBe(Pte.A | Pte.D);
});

test("paging: INVLPG drops a stale translation", () => {
  setPte(0x407000, 0x307000 | P | RW);
  s.m.memory.write32(0x307000, 1);
  s.m.memory.write32(0x308000, 2);
  expect(s.exec(movFromMem(0x407000)).end).toBe("hlt");
  expect(s.cpu.r32[0]).toBe(1);
  setPte(0x407000, 0x308000 | P | RW);
  // invlpg [0x407000]; mov eax, [0x407000]; hlt
  expect(s.exec([0x0f, 0x01, 0x3d, ...d32(0x407000), ...movFromMem(0x407000)]).end).toBe("hlt");
  expect(s.cpu.r32[0]).toBe(2);
});

test("paging: global pages survive a CR3 reload while CR4.PGE is set; INVLPG still drops them", () => {
  s.cpu.cr4 |= Cr4.PGE;
  setPte(0x409000, 0x309000 | P | RW | Pte.G);
  setPte(0x40a000, 0x30a000 | P | RW);
  s.m.memory.write32(0x309000, 1);
  s.m.memory.write32(0x30a000, 3);
  s.m.memory.write32(0x30b000, 2);
  expect(s.exec([0xa1, ...d32(0x409000), 0x8b, 0x1d, ...d32(0x40a000), 0xf4]).end).toBe("hlt");
  setPte(0x409000, 0x30b000 | P | RW | Pte.G);
  setPte(0x40a000, 0x30b000 | P | RW);
  // mov eax, cr3; mov cr3, eax; mov eax, [0x409000]; mov ebx, [0x40a000]; hlt
  expect(s.exec([0x0f, 0x20, 0xd8, 0x0f, 0x22, 0xd8, 0xa1, ...d32(0x409000), 0x8b, 0x1d, ...d32(0x40a000), 0xf4]).end).toBe("hlt");
  expect(s.cpu.r32[0]).toBe(1); // global: still the old frame
  expect(s.cpu.r32[3]).toBe(2); // non-global: reloaded
  expect(s.exec([0x0f, 0x01, 0x3d, ...d32(0x409000), ...movFromMem(0x409000)]).end).toBe("hlt");
  expect(s.cpu.r32[0]).toBe(2);
});
