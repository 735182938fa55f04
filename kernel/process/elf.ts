// Static ELF32 parser and validator for the loader (thesis §3.4.1: "validates the header (machine,
// class, fits in memory)"). Accepts i386 ET_EXEC and static-pie ET_DYN; everything it returns has
// been bounds-checked against the file. Source: System V gABI ch. 4–5, i386 psABI. Platform-neutral.

/** ELF constants used here (gABI "ELF Header", "Program Header"; glibc elf.h). */
export const Elf = {
  EI_CLASS: 4,
  EI_DATA: 5,
  EI_VERSION: 6,
  ELFCLASS32: 1,
  ELFCLASS64: 2,
  ELFDATA2LSB: 1,
  EV_CURRENT: 1,
  ET_REL: 1,
  ET_EXEC: 2,
  ET_DYN: 3,
  ET_CORE: 4,
  EM_386: 3,
  PT_NULL: 0,
  PT_LOAD: 1,
  PT_DYNAMIC: 2,
  PT_INTERP: 3,
  PT_NOTE: 4,
  PT_PHDR: 6,
  PT_TLS: 7,
  PT_GNU_STACK: 0x6474e551,
  PF_X: 1,
  PF_W: 2,
  PF_R: 4,
  /** sizeof(Elf32_Ehdr), sizeof(Elf32_Phdr). */
  EHDR_SIZE: 52,
  PHDR_SIZE: 32,
  /** i386 Linux user space ends here; the kernel half starts (TASK_SIZE with the 3G/1G split). */
  USER_END: 0xc000_0000,
} as const;

/** e_machine values named in error messages (glibc elf.h EM_*). */
const MACHINE_NAMES: Readonly<Record<number, string>> = {
  2: "SPARC",
  8: "MIPS",
  20: "PowerPC",
  21: "PowerPC64",
  40: "ARM",
  62: "x86-64",
  183: "AArch64",
  243: "RISC-V",
};

/** A malformed or unsupported ELF file; `message` is one line for the user. */
export class ElfError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ElfError";
  }
}

/** One program header (Elf32_Phdr), fields as unsigned numbers. */
export interface ProgramHeader {
  readonly type: number;
  readonly offset: number;
  readonly vaddr: number;
  readonly paddr: number;
  readonly filesz: number;
  readonly memsz: number;
  /** PF_R | PF_W | PF_X. */
  readonly flags: number;
  readonly align: number;
}

/** A validated static i386 executable. Addresses of a static-pie (`pie`) are relative to its load base. */
export interface ElfImage {
  /** ET_DYN without an interpreter: the loader chooses a base and adds it to every address. */
  readonly pie: boolean;
  readonly entry: number;
  /** Virtual address of the program headers once loaded (AT_PHDR), or 0 if no segment maps them. */
  readonly phdrAddr: number;
  /** AT_PHNUM, AT_PHENT. */
  readonly phnum: number;
  readonly phentsize: number;
  /** Every program header, in file order. */
  readonly programHeaders: readonly ProgramHeader[];
  /** PT_LOAD headers, ascending by address. */
  readonly segments: readonly ProgramHeader[];
  /** The PT_TLS template, if any. */
  readonly tls: ProgramHeader | null;
  /** Whether the stack must be executable: PT_GNU_STACK has PF_X, or (i386 default) it is absent. */
  readonly execStack: boolean;
  readonly hasGnuStack: boolean;
  /** Lowest and one-past-highest address of the PT_LOAD segments (the initial brk starts at `end`). */
  readonly start: number;
  readonly end: number;
}

const hex = (n: number) => `0x${n.toString(16)}`;

function machineName(machine: number): string {
  return MACHINE_NAMES[machine] ?? `machine ${machine}`;
}

/**
 * How many bytes from the start of a file `parseElf` needs, given at least its first 52: the ELF
 * header and the program header table (exec reads only these; segments are mapped from the file).
 */
export function elfHeadersLength(head: Uint8Array): number {
  if (head.length < Elf.EHDR_SIZE) return head.length;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  return Math.max(Elf.EHDR_SIZE, view.getUint32(28, true) + view.getUint16(42, true) * view.getUint16(44, true));
}

/**
 * Parses and validates `file` as a static i386 ELF executable; throws `ElfError` otherwise. `file`
 * may hold only the file's first `elfHeadersLength` bytes when `size` gives the whole file's size.
 */
export function parseElf(file: Uint8Array, size = file.length): ElfImage {
  if (file.length < 4 || file[0] !== 0x7f || file[1] !== 0x45 || file[2] !== 0x4c || file[3] !== 0x46) {
    throw new ElfError("not an ELF file");
  }
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const elfClass = file[Elf.EI_CLASS];
  if (elfClass === Elf.ELFCLASS64) {
    const machine = file.length >= 20 ? view.getUint16(18, file[Elf.EI_DATA] === Elf.ELFDATA2LSB) : -1;
    throw new ElfError(`ELF for ${machine === -1 ? "a 64-bit machine" : machineName(machine)}, nk runs i386 programs`);
  }
  if (elfClass !== Elf.ELFCLASS32) throw new ElfError(`invalid ELF class ${elfClass}`);
  if (file[Elf.EI_DATA] !== Elf.ELFDATA2LSB) throw new ElfError("big-endian ELF, nk runs little-endian i386 programs");
  if (file.length < Elf.EHDR_SIZE) throw new ElfError("truncated ELF header");
  const type = view.getUint16(16, true);
  const machine = view.getUint16(18, true);
  if (file[Elf.EI_VERSION] !== Elf.EV_CURRENT || view.getUint32(20, true) !== Elf.EV_CURRENT) {
    throw new ElfError("unknown ELF version");
  }
  if (machine !== Elf.EM_386) throw new ElfError(`ELF for ${machineName(machine)}, nk runs i386 programs`);
  if (type === Elf.ET_REL) throw new ElfError("relocatable object file (.o), not an executable");
  if (type === Elf.ET_CORE) throw new ElfError("core dump, not an executable");
  if (type !== Elf.ET_EXEC && type !== Elf.ET_DYN) throw new ElfError(`unknown ELF type ${type}`);
  const entry = view.getUint32(24, true);
  const phoff = view.getUint32(28, true);
  const phentsize = view.getUint16(42, true);
  const phnum = view.getUint16(44, true);

  if (phnum === 0) throw new ElfError("no program headers");
  if (phentsize !== Elf.PHDR_SIZE) throw new ElfError(`program header size ${phentsize}, expected ${Elf.PHDR_SIZE}`);
  if (phoff >= size || phoff < Elf.EHDR_SIZE) throw new ElfError(`program header table offset ${hex(phoff)} outside the file`);
  if (phoff + phnum * phentsize > Math.min(size, file.length)) throw new ElfError("truncated program header table");

  const headers: ProgramHeader[] = [];
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    headers.push({
      type: view.getUint32(at, true),
      offset: view.getUint32(at + 4, true),
      vaddr: view.getUint32(at + 8, true),
      paddr: view.getUint32(at + 12, true),
      filesz: view.getUint32(at + 16, true),
      memsz: view.getUint32(at + 20, true),
      flags: view.getUint32(at + 24, true),
      align: view.getUint32(at + 28, true),
    });
  }

  const interp = headers.find((h) => h.type === Elf.PT_INTERP);
  if (interp) {
    const end = Math.min(interp.offset + interp.filesz, file.length);
    let path = "";
    for (let i = interp.offset; i < end && file[i] !== 0; i++) path += String.fromCharCode(file[i]);
    throw new ElfError(`dynamically linked programs are not supported (interpreter ${path || "?"})`);
  }
  if (type === Elf.ET_DYN && entry === 0) throw new ElfError("shared library, not an executable");

  const segments: ProgramHeader[] = [];
  let tls: ProgramHeader | null = null;
  let gnuStack: ProgramHeader | null = null;
  let phdrAddr = 0;
  for (const [i, h] of headers.entries()) {
    if (h.type === Elf.PT_LOAD || h.type === Elf.PT_TLS) checkSegment(h, i, size);
    if (h.type === Elf.PT_LOAD) {
      const last = segments[segments.length - 1];
      if (last && h.vaddr < last.vaddr + last.memsz) {
        throw new ElfError(`segment ${i} at ${hex(h.vaddr)} overlaps or precedes the previous loadable segment`);
      }
      segments.push(h);
    } else if (h.type === Elf.PT_TLS) {
      tls = h;
    } else if (h.type === Elf.PT_GNU_STACK) {
      gnuStack = h;
    } else if (h.type === Elf.PT_PHDR) {
      phdrAddr = h.vaddr;
    }
  }
  if (segments.length === 0) throw new ElfError("no loadable segments");
  if (!segments.some((s) => entry >= s.vaddr && entry < s.vaddr + s.memsz)) {
    throw new ElfError(`entry point ${hex(entry)} is outside every loadable segment`);
  }
  if (phdrAddr === 0) {
    // No PT_PHDR (common in static binaries): the headers are mapped if a segment covers them.
    const table = phnum * phentsize;
    const covering = segments.find((s) => phoff >= s.offset && phoff + table <= s.offset + s.filesz);
    if (covering) phdrAddr = covering.vaddr + (phoff - covering.offset);
  }
  const last = segments[segments.length - 1];
  return {
    pie: type === Elf.ET_DYN,
    entry,
    phdrAddr,
    phnum,
    phentsize,
    programHeaders: headers,
    segments,
    tls,
    execStack: gnuStack ? (gnuStack.flags & Elf.PF_X) !== 0 : true,
    hasGnuStack: gnuStack !== null,
    start: segments[0].vaddr,
    end: last.vaddr + last.memsz,
  };
}

/** Bounds checks shared by PT_LOAD and PT_TLS: inside the file, memsz ≥ filesz, user space, aligned. */
function checkSegment(h: ProgramHeader, index: number, fileSize: number): void {
  const what = `segment ${index} at ${hex(h.vaddr)}`;
  if (h.offset + h.filesz > fileSize) throw new ElfError(`${what} extends past the end of the file (truncated?)`);
  if (h.filesz > h.memsz) throw new ElfError(`${what} has filesz ${hex(h.filesz)} larger than memsz ${hex(h.memsz)}`);
  if (h.vaddr + h.memsz > Elf.USER_END) {
    throw new ElfError(`${what} with size ${hex(h.memsz)} reaches kernel space (${hex(Elf.USER_END)})`);
  }
  if (h.align > 1) {
    if ((h.align & (h.align - 1)) !== 0) throw new ElfError(`${what} has alignment ${hex(h.align)}, not a power of two`);
    // gABI: p_vaddr ≡ p_offset (mod p_align) for loadable segments, so pages map straight from the file.
    if (h.type === Elf.PT_LOAD && (h.vaddr - h.offset) % h.align !== 0) {
      throw new ElfError(`${what} is misaligned with its file offset ${hex(h.offset)}`);
    }
  }
}
