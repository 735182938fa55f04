import { expect, test } from "bun:test";
import { disassembleAll, disassembleOne } from "../../../cli/disasm/mod.ts";

const dis = (hex: string, address = 0x8049000): string =>
  disassembleOne(Uint8Array.from(hex.match(/../g)!.map((b) => parseInt(b, 16))), 0, address).text.replace(/\s+/g, " ");

test("disassembleOne() decodes ModRM/SIB forms in GDB Intel style", () => {
  expect(dis("8b4304")).toBe("mov eax,DWORD PTR [ebx+0x4]");
  expect(dis("8b45f8")).toBe("mov eax,DWORD PTR [ebp-0x8]");
  expect(dis("8b0485a0b00408")).toBe("mov eax,DWORD PTR [eax*4+0x804b0a0]");
  expect(dis("8b442404")).toBe("mov eax,DWORD PTR [esp+0x4]");
  expect(dis("8d742600")).toBe("lea esi,[esi+eiz*1+0x0]");
  expect(dis("a1a0b00408")).toBe("mov eax,ds:0x804b0a0");
  expect(dis("658b1514000000")).toBe("mov edx,DWORD PTR gs:0x14");
  expect(dis("66893c24")).toBe("mov WORD PTR [esp],di");
});

test("disassembleOne() computes relative targets and sign-extended immediates", () => {
  expect(dis("e8fb0f0000")).toBe("call 0x804a000");
  expect(dis("ebfe")).toBe("jmp 0x8049000");
  expect(dis("0f84f6ffffff")).toBe("je 0x8048ffc");
  expect(dis("83c4f0")).toBe("add esp,0xfffffff0");
  expect(dis("6aff")).toBe("push 0xffffffff");
  expect(dis("c20400")).toBe("ret 0x4");
});

test("disassembleOne() prints prefixes like binutils", () => {
  expect(dis("f3ab")).toBe("rep stos DWORD PTR es:[edi],eax");
  expect(dis("f3a6")).toBe("repz cmps BYTE PTR ds:[esi],BYTE PTR es:[edi]");
  expect(dis("f2ae")).toBe("repnz scas al,BYTE PTR es:[edi]");
  expect(dis("f00fb111")).toBe("lock cmpxchg DWORD PTR [ecx],edx");
  expect(dis("f3c3")).toBe("repz ret");
  expect(dis("3effe0")).toBe("notrack jmp eax");
  expect(dis("f30f1efb")).toBe("endbr32");
  expect(dis("6690")).toBe("xchg ax,ax");
  expect(dis("f390")).toBe("pause");
});

test("disassembleOne() covers x87 and SSE rows", () => {
  expect(dis("dd442404")).toBe("fld QWORD PTR [esp+0x4]");
  expect(dis("d9c9")).toBe("fxch st(1)");
  expect(dis("dee9")).toBe("fsubp st(1),st");
  expect(dis("dee1")).toBe("fsubrp st(1),st");
  expect(dis("9bd97c2404")).toBe("fstcw WORD PTR [esp+0x4]");
  expect(dis("dfe0")).toBe("fnstsw ax");
  expect(dis("660fefc0")).toBe("pxor xmm0,xmm0");
  expect(dis("0fefc0")).toBe("pxor mm0,mm0");
  expect(dis("f20f1044240c")).toBe("movsd xmm0,QWORD PTR [esp+0xc]");
  expect(dis("f20fc2c101")).toBe("cmpltsd xmm0,xmm1");
  expect(dis("660f3a0fc108")).toBe("palignr xmm0,xmm1,0x8");
  expect(dis("660f73d804")).toBe("psrldq xmm0,0x4");
});

test("disassembleOne() reports (bad) for invalid or truncated encodings", () => {
  expect(disassembleOne(Uint8Array.of(0x0f, 0x0a), 0, 0)).toMatchObject({ text: "(bad)", length: 1 });
  expect(disassembleOne(Uint8Array.of(0x8b), 0, 0)).toMatchObject({ text: "(bad)", length: 1 });
  expect(disassembleOne(Uint8Array.of(0x8d, 0xc0), 0, 0).text).toBe("(bad)"); // lea with a register source
});

test("disassembleAll() walks a buffer with correct lengths", () => {
  const insns = disassembleAll(Uint8Array.of(0x55, 0x89, 0xe5, 0x83, 0xec, 0x10, 0xc9, 0xc3), 0x1000);
  expect(insns.map((i) => [i.address, i.length])).toEqual([[0x1000, 1], [0x1001, 2], [0x1003, 3], [0x1006, 1], [0x1007, 1]]);
  expect(insns[1]!.text).toBe("mov    ebp,esp");
});

test("16-bit addressing with the 67 prefix", () => {
  expect(dis("678b4704")).toBe("mov eax,DWORD PTR [bx+0x4]");
  expect(dis("678b00")).toBe("mov eax,DWORD PTR [bx+si]");
});
